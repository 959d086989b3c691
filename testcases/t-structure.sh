#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The checker's shape (scripts/check-structure.py): no checker/*.c over
# 800 lines, no function over 80, each header the interface of one .c,
# no include or call circle between files.
. "$(dirname "$0")/lib.sh"

if out=$(python3 "$TOP/scripts/check-structure.py" "$TOP/checker" 2>&1); then
	pass "structure: file and function sizes, headers, no circles"
else
	while IFS= read -r l; do
		fail "structure" "$l"
	done <<<"$out"
fi

# spatch lexes the Python of a rule's script blocks for quotes but not for
# comments: an apostrophe in a "#" comment opens a quote that a later one
# closes, and an odd count left the whole rule unparsable ("charpos" at
# its last brace).  The rules' Python keeps its comments free of them.
bad=$(awk '/^@(script|initialize|finalize)/ { py = 1; next } /^@/ { py = 0 }
	py && /#.*'"'"'/ { print FILENAME ":" FNR }' \
	"$TOP"/rules/*.cocci.in "$TOP"/rules/kdelta_report.py)
bad+=$(awk '/#.*'"'"'/ && !/"[^"]*#/ { print FILENAME ":" FNR }' "$TOP"/rules/kdelta_report.py)
[ -z "$bad" ] && pass "rules: no apostrophe in a Python comment" ||
	fail "rules: no apostrophe in a Python comment" "$(echo $bad)"
