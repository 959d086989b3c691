#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The clang engine's confidence levels: with --confidence low every
# KDELTA-CONF(level) line is reported at that level; the default leaves the
# low ones out; --confidence high keeps only the high ones. With
# --confidence low the whole output of the fixtures that have low findings
# equals their .clang-low.expect file (the default run's is checked by
# t-fixtures-clang.sh).
. "$(dirname "$0")/lib.sh"

while IFS= read -r f; do
	fixture_check clang-low "$f" nomarkers
done < <(low_fixtures)

f=$TOP/testcases/clang/confidence.c
want=$(grep -n -o -E 'KDELTA-CONF\((high|medium|low)\)' "$f" | sed 's/:KDELTA-CONF(\(.*\))/ \1/' | sort -n)
got=$("$KDELTA" check --confidence low --format json "$f" -- -I "$INC" |
	jq -r '.findings[] | "\(.line) \(.confidence)"' | sort -n)
[ "$got" = "$want" ] && pass "confidence low: every level" ||
	fail "confidence low: every level" "want [$(echo $want)] got [$(echo $got)]"
got=$("$KDELTA" check --format json "$f" -- -I "$INC" | jq -r '.findings[].confidence' | sort | uniq -c | tr -s ' ')
[ "$got" = " 1 high
 3 medium" ] && pass "confidence default: high and medium" ||
	fail "confidence default: high and medium" "$got"
got=$("$KDELTA" check --confidence high --format json "$f" -- -I "$INC" | jq -r '.findings[].confidence' | sort -u)
[ "$got" = high ] && pass "confidence high: only high" || fail "confidence high: only high" "$got"
# The same store the rule pack reports in generic/stores.c is low here.
s=$TOP/testcases/generic/stores.c
line=$(grep -n 'KDELTA-LOW' "$s" | cut -d: -f1)
got=$("$KDELTA" check --confidence low --format json "$s" -- -I "$INC" |
	jq -r --argjson l "$line" '.findings[] | select(.line == $l) | .confidence')
[ "$got" = low ] && pass "elapsed store in stores.c is low" || fail "elapsed store in stores.c is low" "got '$got'"
