#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The libclang engine's results in the per-file cache (cache_clang.c), on
# a small tree with a compile_commands.json: cached and uncached audits
# write the same reports; a copy of the tree elsewhere uses the entries;
# a changed file is analysed again, and so is one whose header changed,
# the others not; an entry that is damaged or does not fit is a miss.
# Which files the engine parsed is read from KDELTA_TIMING's lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fleet-lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export KDELTA_CACHE=$S/cache

# kd_tree DIR: a Makefile, a header of the tree, a file that includes it
# (its store is unsigned through the header's typedef: a finding of the
# libclang engine only), one that does not, one that does not parse.
kd_tree() {
	local k=$1
	kd_skeleton "$k"
	printf '#include "kdelta-fixture.h"\ntypedef u64 kd_ns_t;\n' >"$k/include/kd/slack.h"
	cat >"$k/drivers/kd/user.c" <<'C'
#include "kdelta-fixture.h"
#include <kd/slack.h>

s64 kd_user(ktime_t expires)
{
	ktime_t now = ktime_get();
	kd_ns_t left = ktime_to_ns(ktime_sub(expires, now));

	return left;
}
C
	cp "$TOP/testcases/generic/sinks.c" "$k/drivers/kd/other.c"
	printf '#include "kdelta-fixture.h"\nktime_t kd_broken(void) { return ktime_get() +; }\n' \
		>"$k/drivers/kd/broken.c"
	kd_compdb "$k"
}
# audit NAME TREE [ENV...]: RC, NAME/ reports, NAME.err, PARSED (the
# files the engine parsed, sorted, one a line).
audit() {
	local name=$1 k=$2
	shift 2
	env KDELTA_TIMING=1 "$@" "$KDELTA" audit "$k" -j 2 -o "$S/$name" >/dev/null 2>"$S/$name.err"
	RC=$?
	PARSED=$(sed -n 's|^kdelta: .*/\(drivers/kd/[a-z]*\.c\): parse .*|\1|p' "$S/$name.err" | sort | tr '\n' ' ')
}
# same NAME UNCACHED-NAME: reports equal but for times, and exit statuses.
same() {
	local rc=$RC
	if [ "$rc" = "$2" ] && same_reports "$S/$1" "$S/$3" 2>"$S/cmp.err"; then pass "$4"; else
		fail "$4" "rc=$rc/$2 $(cat "$S/cmp.err") $(head -c 300 "$S/$1.err")"; fi
}
entries() { grep -l '"variants"' -r "$KDELTA_CACHE/results" 2>/dev/null; }

K=$S/a/linux
kd_tree "$K"
audit u0 "$K" KDELTA_NO_CACHE=1
U0=$RC
jq -e '[.findings[] | select(.file == "drivers/kd/user.c" and .engine == "clang")] | length == 1' \
	"$S/u0/report.json" >/dev/null && grep -q 'broken.c: not fully analysed' "$S/u0.err" &&
	pass "cache-clang: the tree's header typedef makes a finding; broken.c does not parse" ||
	fail "cache-clang: the fixture tree" "$(head -c 300 "$S/u0.err")"

audit c1 "$K"
same c1 "$U0" u0 "cache-clang: a cold run writes the reports of an uncached one"
n=$(entries | wc -l)
[ "$PARSED" = "drivers/kd/other.c drivers/kd/user.c " ] && [ "$n" -eq 3 ] &&
	pass "cache-clang: cold: every file parsed, three entries (one a parse failure)" ||
	fail "cache-clang: cold" "parsed: $PARSED; $n entries"

audit w1 "$K"
same w1 "$U0" u0 "cache-clang: a warm run writes the same reports, byte for byte but the times"
[ -z "$PARSED" ] && grep -q 'broken.c: not fully analysed: cannot parse' "$S/w1.err" &&
	pass "cache-clang: warm: nothing parsed; the cached parse failure still said on stderr" ||
	fail "cache-clang: warm: nothing parsed" "parsed: $PARSED"

# The same tree elsewhere, its database with its own paths: the entries fit.
K2=$S/b/elsewhere/linux
mkdir -p "$(dirname "$K2")" && cp -a "$K" "$K2" && kd_compdb "$K2"
audit u2 "$K2" KDELTA_NO_CACHE=1
U2=$RC
audit c2 "$K2"
same c2 "$U2" u2 "cache-clang: a copy of the tree in another place: the same reports as uncached"
[ -z "$PARSED" ] && pass "cache-clang: a copy of the tree in another place shares the entries (nothing parsed)" ||
	fail "cache-clang: a copy in another place shares the entries" "parsed: $PARSED"

# A changed file is analysed again, alone.
echo '/* changed */' >>"$K/drivers/kd/other.c"
audit u3 "$K" KDELTA_NO_CACHE=1
U3=$RC
audit c3 "$K"
same c3 "$U3" u3 "cache-clang: after a file changed, the reports of an uncached run"
[ "$PARSED" = "drivers/kd/other.c " ] && pass "cache-clang: a changed file is parsed again, alone" ||
	fail "cache-clang: a changed file is parsed again, alone" "parsed: $PARSED"

# A changed header: the file that includes it is analysed again, and its
# finding goes; the other is not.
sed -i 's/typedef u64/typedef s64/' "$K/include/kd/slack.h"
audit u4 "$K" KDELTA_NO_CACHE=1
U4=$RC
audit c4 "$K"
same c4 "$U4" u4 "cache-clang: after a header changed, the reports of an uncached run"
[ "$PARSED" = "drivers/kd/user.c " ] &&
	jq -e '[.findings[] | select(.file == "drivers/kd/user.c" and .engine == "clang")] == []' \
		"$S/c4/report.json" >/dev/null &&
	pass "cache-clang: a changed header: only the file including it is parsed again, its finding gone" ||
	fail "cache-clang: a changed header invalidates its includers only" "parsed: $PARSED"
sed -i 's/typedef s64/typedef u64/' "$K/include/kd/slack.h"
audit c5 "$K"
[ -z "$PARSED" ] && same_reports "$S/c5" "$S/c3" 2>/dev/null &&
	pass "cache-clang: the header back as it was: the earlier variant of the entry serves (nothing parsed)" ||
	fail "cache-clang: the header back as it was" "parsed: $PARSED"

# On a terminal, the progress line names the tree, and each tree's line
# what came from the cache, engine by engine.
script -qfec "KDELTA_CACHE=$KDELTA_CACHE $KDELTA audit $K $K2 -j 2 -o $S/tty" /dev/null 2>&1 |
	tr '\r' '\n' >"$S/tty.txt"
grep -aq 'kdelta: tree 1/2: clang: the libclang engine over 0 files (3 from the cache' "$S/tty.txt" &&
	grep -aEq 'kdelta: tree 2/2 2-linux-6.1.0: done \(rule pack: [0-9]+ files from the cache, [0-9]+ analysed; libclang engine: 3 from the cache, 0 analysed\)' "$S/tty.txt" &&
	pass "cache-clang: progress on a terminal: tree i/N, files from the cache and analysed, both engines" ||
	fail "cache-clang: progress on a terminal" "$(grep -a 'kdelta: tree' "$S/tty.txt" | tail -3)"

# Damaged entries are misses: not trusted, no crash, the same reports.
# damage NAME JQ-FILTER: every clang entry through the filter.
damage() {
	local f
	for f in $(entries); do
		jq -c "$2" "$f" >"$f.new" 2>/dev/null && mv "$f.new" "$f"
	done
	audit "d-$1" "$K"
	same "d-$1" "$U3" u3 "cache-clang: damaged entries ($1): the reports of an uncached run"
	[ "$PARSED" = "drivers/kd/other.c drivers/kd/user.c " ] &&
		pass "cache-clang: damaged entries ($1): a miss, parsed again" ||
		fail "cache-clang: damaged entries ($1): a miss" "parsed: $PARSED"
}
damage confidence '.variants[].findings[]?.confidence = "certain"'
damage escape '.variants[].findings[]?.message |= "%Q" + . | .variants[].silences[]?.detail |= "%Q" + . |
	.variants[].incomplete[]?.reason |= "%Q" + .'
damage headers '.variants[].headers_sha = ("0" * 64)'
damage foreign-file '.variants[].findings += [.variants[0].findings[0] // {} | .file = "/etc/passwd"] |
	.variants[].incomplete += [{file: "drivers/kd/none.c", reason: "cannot parse: x"}]'
damage not-a-variant '.variants = [1, "x", null, {}]'
for f in $(entries); do head -c 40 "$f" >"$f.new" && mv "$f.new" "$f"; done
audit d-truncated "$K"
same d-truncated "$U3" u3 "cache-clang: truncated entries: the reports of an uncached run"
for f in $(entries); do printf '\xff\xfe{' >"$f"; done
audit d-bytes "$K"
same d-bytes "$U3" u3 "cache-clang: entries of bytes that are not JSON: the reports of an uncached run"
