#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The libclang engine (walk.c) and its check: a finding names the local
# that held the delta whatever the store's left side is; inputs nested far
# deeper than real code (a 20,000-term expression, a 5,000-call chain for
# the summaries) and a condition comparing 0 with 0 do not crash it.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# p->x = d and *out = d say "(held in 'd')" as y = d does: the messages are
# the same but for the line of the subtraction and the lvalue.
f=$TOP/testcases/clang/held.c
"$KDELTA" check --format json "$f" -- -I "$INC" >"$tmp/held.json" 2>"$tmp/held.err"
rc=$?
n=$(jq '.findings | length' "$tmp/held.json" 2>/dev/null)
[ $rc -eq 1 ] && [ "$n" = 3 ] && pass "held.c: three findings" ||
	fail "held.c: three findings" "rc=$rc n=$n $(head -c 300 "$tmp/held.err")"
for line in $(expected_lines "$f" clang); do
	msg=$(jq -r --argjson l "$line" '.findings[] | select(.line == $l) | .message' "$tmp/held.json")
	case $msg in
	*"can be negative (held in 'd') and reaches the store to"*) pass "held.c:$line names the holding local" ;;
	*) fail "held.c:$line names the holding local" "$msg" ;;
	esac
done
variants=$(jq -r '.findings[].message | sub("\\(line [0-9]+\\)"; "") |
	sub("the store to '"'"'[^'"'"']*'"'"'"; "the store")' "$tmp/held.json" | sort -u | wc -l)
[ "$variants" = 1 ] && pass "held.c: one message shape for every store" ||
	fail "held.c: one message shape for every store" "$variants shapes"

# Exit status of a run that must neither crash nor report a sanitizer
# error: 0 or 1 (findings), or 2 once the file is reported as not fully
# analysed; a signal (>128) or ASan's 99 fails.
no_crash() {
	local name=$1 rc
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -le 2 ] && ! grep -q -E 'AddressSanitizer|runtime error|LeakSanitizer' "$tmp/err"; then
		pass "$name (exit $rc)"
	else
		fail "$name" "exit $rc: $(head -c 300 "$tmp/err")"
	fi
}

# int x = b + b + ... + b: a left-deep tree 20,000 levels deep, which
# clang parses (quickly for int operands) and a recursive walk would
# follow into a stack overflow.
{
	echo 'typedef long long ktime_t;'
	echo 'int deep(ktime_t a, int b)'
	echo '{'
	printf '\tint x = b'
	for ((i = 0; i < 20000; i++)); do printf ' + b'; done
	echo ';'
	echo '	return x;'
	echo '}'
} >"$tmp/deep.c"
no_crash "20,000-term expression" "$KDELTA" check "$tmp/deep.c"

# f0() passes its parameter to f1(), ..., f5000() scales it: the summaries
# follow a bounded number of calls, then count the call as a sink.
{
	echo '#include "kdelta-fixture.h"'
	echo 'static u64 f5000(u64 x) { return x * 3; }'
	for ((i = 4999; i >= 0; i--)); do
		echo "static u64 f$i(u64 x) { return f$((i + 1))(x); }"
	done
	echo 'u64 top(ktime_t t) { ktime_t d = ktime_sub(t, ktime_get()); return f0(d); }'
} >"$tmp/chain.c"
no_crash "5,000-call summary chain" "$KDELTA" check --format json "$tmp/chain.c" -- -I "$INC"
got=$(jq -r '.findings[].function' "$tmp/out" 2>/dev/null)
[ "$got" = top ] && pass "5,000-call chain: the call is a sink" || fail "5,000-call chain: the call is a sink" "got '$got'"

# if (0 < 0): a comparison with 0 on both sides (a macro's expansion) once
# recursed for ever; the delta after it is still a finding.
cat >"$tmp/zero.c" <<'EOT'
#include "kdelta-fixture.h"
u64 zero_cmp(ktime_t t)
{
	ktime_t d = ktime_sub(t, ktime_get());

	if (0 < 0)
		return 0;
	return d;
}
EOT
no_crash "0 < 0 condition" "$KDELTA" check --format json "$tmp/zero.c" -- -I "$INC"
got=$(jq -r '.findings[].line' "$tmp/out" 2>/dev/null)
[ "$got" = 8 ] && pass "0 < 0 condition: the return is a finding" || fail "0 < 0 condition: the return is a finding" "got '$got'"
