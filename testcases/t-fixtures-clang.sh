#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every fixture, through the libclang engine: exactly the marked lines
# (KDELTA-EXPECT and KDELTA-EXPECT(clang)), each once, nothing else.
. "$(dirname "$0")/lib.sh"

for f in "$TOP"/testcases/lapic/*.c "$TOP"/testcases/generic/*.c "$TOP"/testcases/clang/*.c; do
	[ -e "$f" ] || continue
	fixture_check clang "$f" "$KDELTA" check --format json "$f" -- -I "$INC"
done
