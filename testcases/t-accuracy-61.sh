#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# Precision on a real kernel (issue 9): `kdelta audit` of the whole Debian
# linux-source-6.1 tree, both engines, default confidence.  Every finding
# must have a verdict in testcases/accuracy/verdicts-6.1.tsv (file,
# function, line, text, engines, verdict, class, reason) and every verdict
# a finding: the test fails when the set changes, so a change of the rules
# or the engine comes with verdicts read by a person.  The precision the
# file gives must be the one the README states.
. "$(dirname "$0")/lib.sh"

V=$TOP/testcases/accuracy/verdicts-6.1.tsv
S=$(mktemp -d "${TMPDIR:-/tmp}/kdelta-acc61.XXXXXX")
trap 'rm -rf "$S"' EXIT

t0=$SECONDS
"$KDELTA" audit -o "$S/r" >"$S/out" 2>"$S/err"
rc=$?
echo "# kdelta audit of the whole 6.1 tree (both engines) took $((SECONDS - t0)) s"
R=$S/r/report.json
if [ $rc -gt 1 ] && ! [ -s "$R" ]; then
	fail "acc61: audit ran" "rc=$rc $(tail -2 "$S/err")"
	exit 0
fi
pass "acc61: audit ran (rc=$rc)"

# One line a finding: file, function, line, text (whitespace squeezed),
# engines; the verdict file's first five columns, same order.
jq -r '.findings[] | .line as $l | [.file, .function, ($l | tostring),
	([.context[] | select(.line == $l) | .text][0] // "" | gsub("\\s+"; " ") | sub("^ "; "") | sub(" $"; "")),
	(.engines | join(","))] | @tsv' "$R" | sort >"$S/found"
tail -n +2 "$V" | cut -f1-5 | sort >"$S/judged"

missing=$(comm -23 "$S/found" "$S/judged")
stale=$(comm -13 "$S/found" "$S/judged")
[ -z "$missing" ] && pass "acc61: every default finding has a verdict" ||
	fail "acc61: every default finding has a verdict" "no verdict for: $(printf '%s' "$missing" | head -5 | tr '\t' ' ')"
[ -z "$stale" ] && pass "acc61: every verdict is a finding of today's audit" ||
	fail "acc61: every verdict is a finding of today's audit" "not reported any more: $(printf '%s' "$stale" | head -5 | tr '\t' ' ')"

bad=$(tail -n +2 "$V" | awk -F'\t' 'NF != 8 || ($6 != "real" && $6 != "false") || $8 == ""' | head -3)
[ -z "$bad" ] && pass "acc61: each verdict is real or false, with a class and a reason" ||
	fail "acc61: each verdict is real or false, with a class and a reason" "$bad"

total=$(tail -n +2 "$V" | wc -l)
real=$(tail -n +2 "$V" | awk -F'\t' '$6 == "real"' | wc -l)
pct=$(( total ? (100 * real + total / 2) / total : 0 ))
echo "# precision at default confidence on 6.1: $real real / $total = $pct %"
grep -q "$real real of $total default findings ($pct %)" "$TOP/README.md" &&
	pass "acc61: the README states the precision ($real/$total, $pct %)" ||
	fail "acc61: the README states the precision ($real/$total, $pct %)" \
		"README.md has no \"$real real of $total default findings ($pct %)\""
