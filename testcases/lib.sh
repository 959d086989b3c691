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

# fixture_check ENGINE FILE CMD...: CMD prints the JSON findings of FILE;
# PASS when they are exactly the lines marked for ENGINE, each once.
fixture_check() {
	local engine=$1 f=$2 name out rc got want
	shift 2
	name=$engine:${f#"$TOP"/testcases/}
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -gt 1 ]; then
		fail "$name" "kdelta exited $rc: $out"
		return
	fi
	got=$(printf '%s' "$out" | jq -r '.findings[].line' | sort -n)
	want=$(expected_lines "$f" "$engine")
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "expected lines [$(echo $want)], got [$(echo $got)]"
	fi
}
