#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every fixture through the libclang engine at its default confidence: the
# whole output equals the fixture's .clang.expect file, and the reported
# lines are exactly the marked ones (KDELTA-EXPECT and
# KDELTA-EXPECT(clang)), each once.  The accuracy fixtures too (with
# testcases/accuracy/include).
. "$(dirname "$0")/lib.sh"

while IFS= read -r f; do
	fixture_check clang "$f"
done < <(fixtures; accuracy_fixtures_clang)
