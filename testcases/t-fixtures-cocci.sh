#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every fixture through the rule pack: the whole output (line, column,
# function, rule, confidence, message; file and engine checked) equals the
# fixture's .cocci.expect file, and the reported lines are exactly the
# marked ones (KDELTA-EXPECT and KDELTA-EXPECT(cocci)), each once. The
# testcases/clang fixtures are the libclang engine's cases: their markers
# are not the rule pack's, but its output there is still expected exactly.
# The accuracy fixtures of issue 9 too (testcases/accuracy, with its
# include directory): reduced from real 6.1 code, shared with the libclang
# engine.
. "$(dirname "$0")/lib.sh"

while IFS= read -r f; do
	case $f in
	"$TOP"/testcases/clang/*) fixture_check cocci "$f" nomarkers ;;
	*) fixture_check cocci "$f" ;;
	esac
done < <(fixtures; ls "$TOP"/testcases/accuracy/*.c)
