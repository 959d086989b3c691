#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Two properties of how the rule pack's rules depend on each other, which
# no fixture of a real tree shows on its own (on 6.1 neither changes a
# finding or a silence; t-accuracy-61 checks that):
#  - a finding of one function does not depend on what the rules did in
#    another: a script that left every match of "held" (the local is
#    unsigned, the store is the finding) used to make spatch restart from
#    an empty environment, losing typedsub's positions, and the typed
#    subtraction of the next function was not reported (report and
#    context mode);
#  - the gate: in a file with no delta source of its own the rules that
#    find and rate sources are not run at all (spatch --debug says their
#    dependencies are not satisfied), and in a file with one they are.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/order.c" <<'C'
#include "kdelta-fixture.h"

struct s { ktime_t deadline; u64 x; };

void left_to_the_store(struct s *p)
{
	u64 d;

	d = ktime_sub(p->deadline, ktime_get());
	p->x = div_u64(d, 1000);
}

void typed_after(struct s *p, ktime_t now)
{
	ktime_t d2;

	d2 = p->deadline - now;
	p->x = div_u64(d2, 1000);
}
C
got=$("$KDELTA" cocci --format json -I "$INC" "$tmp/order.c" | jq -c '[.findings[].line]')
[ "$got" = "[9,18]" ] && pass "a function's finding does not depend on an earlier function's" ||
	fail "a function's finding does not depend on an earlier function's" "lines $got, want [9,18]"
got=$("$KDELTA" cocci --mode context -I "$INC" "$tmp/order.c" | grep -c '^-.*div_u64(d2, 1000)')
[ "$got" = 1 ] && pass "context mode marks the typed subtraction's sink too" ||
	fail "context mode marks the typed subtraction's sink" "$("$KDELTA" cocci --mode context -I "$INC" "$tmp/order.c")"

# The gate.  ktime_t is named (the audit selects the file) but nothing
# subtracts, converts or casts a delta.
cat >"$tmp/nosrc.c" <<'C'
typedef long long ktime_t;
typedef unsigned long long u64;
ktime_t ktime_get(void);
u64 div_u64(u64 a, unsigned int b);
struct s { ktime_t stamp; u64 x; };

void stamp_only(struct s *p)
{
	p->stamp = ktime_get();
	p->x = div_u64(p->x, 1000);
}
C
sed 's/p->stamp = ktime_get();/p->x = div_u64(ktime_sub(ktime_get(), p->stamp), 1000);/' \
	"$tmp/nosrc.c" >"$tmp/src.c"
deps() {
	spatch --cocci-file "$TOP/rules/ktime_delta_unsigned.cocci" -D report \
		--no-includes --debug "$1" 2>&1 | grep -E "^dependencies for rule (held|direct|nowvar) "
}
got=$(deps "$tmp/nosrc.c" | grep -c 'not satisfied')
[ "$got" = 3 ] && pass "gate closed: no source, held/direct/nowvar not run" ||
	fail "gate closed: no source" "$(deps "$tmp/nosrc.c")"
got=$(deps "$tmp/src.c" | grep -c ' satisfied:')
[ "$got" = 3 ] && pass "gate open: a source, held/direct/nowvar run" ||
	fail "gate open: a source" "$(deps "$tmp/src.c")"
