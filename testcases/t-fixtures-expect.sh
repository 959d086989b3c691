#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The expectation files themselves: each belongs to a fixture, and each
# finding in them passes the review lint check-expect.py (its message read
# back against the fixture's code) or is a defect listed in
# KNOWN-MESSAGE-DEFECTS.md. The lint must catch a wrong message.
. "$(dirname "$0")/lib.sh"

stale=
for e in "$TOP"/testcases/*/*.expect; do
	[ -e "${e%.*.expect}" ] || stale="$stale ${e#"$TOP"/}"
done
[ -z "$stale" ] && pass "every expectation file has its fixture" ||
	fail "every expectation file has its fixture" "stale:$stale"

out=$(python3 "$TOP/testcases/check-expect.py" --known 2>&1)
[ $? -eq 0 ] && pass "expectations pass check-expect.py or are known defects" ||
	fail "expectations pass check-expect.py or are known defects" "$(echo "$out" | head -5 | tr '\n' ' ')"

# A wrong wrap value, a wrong parameter and a wrong confidence in a copy
# of one expectation: the lint names each.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$TOP/testcases/generic/sinks.c" "$tmp/"
sed -e '1s/becomes 18446744073709551615/becomes 4294967295/' \
	-e "2s/parameter 'dividend'/parameter 'divisor'/" \
	-e '3s/: high: /: medium: /' \
	"$TOP/testcases/generic/sinks.c.clang.expect" >"$tmp/sinks.c.clang.expect"
out=$(cd "$TOP/testcases" && python3 check-expect.py "$tmp/sinks.c.clang.expect" 2>&1)
rc=$?
for want in "sinks.c:23: clang: DEFECT wrap" "sinks.c:32: clang: parameter 'divisor' of div_u64() is declared 'u32'" \
	"sinks.c:41: clang: confidence medium"; do
	if [ $rc -eq 1 ] && printf '%s\n' "$out" | grep -qF "$want"; then
		pass "check-expect.py catches: $want"
	else
		fail "check-expect.py catches: $want" "rc $rc: $(echo "$out" | head -5 | tr '\n' ' ')"
	fi
done
