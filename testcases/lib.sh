# SPDX-License-Identifier: GPL-2.0
# Shared by the test scripts: each check prints one "PASS: name" or
# "FAIL: name: why" line; run-tests.sh counts them.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KDELTA=${KDELTA:-$TOP/build/kdelta}
INC=$TOP/testcases/include
export KDELTA_RULES=$TOP/rules

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

# check NAME CONDITION-COMMAND...: PASS when the command succeeds.
check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name" "'$*' failed"; fi
}

# Lines carrying the expectation marker for ENGINE (cocci or clang):
# /* KDELTA-EXPECT */ holds for both, /* KDELTA-EXPECT(cocci) */ for one.
expected_lines() {
	local file=$1 engine=$2
	grep -n -E "/\* KDELTA-EXPECT(\(${engine}\))?( |\*)" "$file" | cut -d: -f1 | sort -n
}
