#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every fixture, through the libclang engine: exactly the marked lines
# (KDELTA-EXPECT and KDELTA-EXPECT(clang)), each once, nothing else.
. "$(dirname "$0")/lib.sh"

for f in "$TOP"/testcases/lapic/*.c "$TOP"/testcases/generic/*.c "$TOP"/testcases/clang/*.c; do
	[ -e "$f" ] || continue
	name=clang:${f#"$TOP"/testcases/}
	out=$("$KDELTA" check --format json "$f" -- -I "$INC" 2>&1)
	rc=$?
	if [ $rc -gt 1 ]; then
		fail "$name" "kdelta exited $rc: $out"
		continue
	fi
	got=$(printf '%s' "$out" | jq -r '.findings[].line' | sort -n)
	want=$(expected_lines "$f" clang)
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "expected lines [$(echo $want)], got [$(echo $got)]"
	fi
done
