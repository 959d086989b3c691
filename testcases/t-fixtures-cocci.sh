#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every fixture under testcases/lapic and testcases/generic: the rule pack
# reports exactly the marked lines, each once, and nothing else.
. "$(dirname "$0")/lib.sh"

for f in "$TOP"/testcases/lapic/*.c "$TOP"/testcases/generic/*.c; do
	[ -e "$f" ] || continue
	name=cocci:${f#"$TOP"/testcases/}
	out=$("$KDELTA" cocci --format json -I "$INC" "$f" 2>&1)
	rc=$?
	if [ $rc -gt 1 ]; then
		fail "$name" "kdelta exited $rc: $out"
		continue
	fi
	got=$(printf '%s' "$out" | jq -r '.findings[].line' | sort -n)
	want=$(expected_lines "$f" cocci)
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "expected lines [$(echo $want)], got [$(echo $got)]"
	fi
done
