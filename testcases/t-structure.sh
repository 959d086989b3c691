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
