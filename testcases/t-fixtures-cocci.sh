#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every fixture under testcases/lapic and testcases/generic: the rule pack
# reports exactly the marked lines, each once, and nothing else.
. "$(dirname "$0")/lib.sh"

for f in "$TOP"/testcases/lapic/*.c "$TOP"/testcases/generic/*.c; do
	[ -e "$f" ] || continue
	fixture_check cocci "$f" "$KDELTA" cocci --format json -I "$INC" "$f"
done
