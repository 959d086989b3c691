#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# (Re)write the expectation files (FIXTURE.c.cocci.expect, .clang.expect,
# .clang-low.expect) from what the engines print today, for when the
# messages change on purpose. Arguments: fixtures to rewrite (default all).
#
# The tool's own output is not an expectation until a person has checked
# it: review every changed line with `git diff testcases/` against its
# fixture, and run testcases/check-expect.py (see testcases/README.md).
. "$(dirname "$0")/lib.sh"

write() {
	local kind=$1 f=$2 out rc want
	want=$(expect_file "$kind" "$f")
	out=$(engine_run "$kind" "$f")
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "update-expect: $kind on ${f#"$TOP"/}: kdelta exited $rc" >&2
		return 1
	fi
	printf '%s\n' "$out" | finding_lines "$kind" "$f" | sed '/^$/d' >"$want.tmp" &&
		mv "$want.tmp" "$want"
}

if [ $# -gt 0 ]; then
	files=()
	for a in "$@"; do
		files+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")")
	done
else
	mapfile -t files < <(fixtures)
fi
mapfile -t low < <(low_fixtures)
st=0
for f in "${files[@]}"; do
	write cocci "$f" || st=1
	write clang "$f" || st=1
	for l in "${low[@]}"; do
		[ "$l" = "$f" ] && { write clang-low "$f" || st=1; }
	done
done
git -C "$TOP" status --short -- testcases/ | grep '\.expect$'
exit $st
