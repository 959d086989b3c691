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

# Every fixture both engines run on: the tree reductions, the generic
# rule cases and the cases only the libclang engine is meant to see (their
# markers are that engine's, so the rule pack's run checks no markers there).
fixtures() {
	local f
	for f in "$TOP"/testcases/lapic/*.c "$TOP"/testcases/generic/*.c \
		 "$TOP"/testcases/clang/*.c; do
		[ -e "$f" ] && echo "$f"
	done
}

# The accuracy fixtures (issue 9) the libclang engine runs on: all of
# testcases/accuracy.
accuracy_fixtures_clang() {
	local f
	for f in "$TOP"/testcases/accuracy/*.c; do
		echo "$f"
	done
}

# The fixtures whose low-confidence findings (clang-low) are expected too.
low_fixtures() {
	echo "$TOP/testcases/clang/confidence.c"
	echo "$TOP/testcases/generic/stores.c"
	echo "$TOP/testcases/clang/swap.c"
	echo "$TOP/testcases/accuracy/fp-print-only.c"
	echo "$TOP/testcases/accuracy/fp-trace-only.c"
	echo "$TOP/testcases/accuracy/fp-chained-stamps.c"
	echo "$TOP/testcases/accuracy/fp-standin-zero.c"
	echo "$TOP/testcases/accuracy/fp-param-read.c"
	echo "$TOP/testcases/accuracy/fp-standin-stamp.c"
	echo "$TOP/testcases/accuracy/tp-lock-after-read.c"
}

# engine_run KIND FILE: the JSON findings of one fixture. KIND is cocci
# (the rule pack), clang (the libclang engine at its default confidence)
# or clang-low (the same with --confidence low).
engine_run() {
	local kind=$1 f=$2 inc=(-I "$INC")
	# The accuracy fixtures' own declarations (testcases/accuracy/README.md).
	case $f in */testcases/accuracy/*) inc+=(-I "$TOP/testcases/accuracy/include") ;; esac
	case $kind in
	cocci) "$KDELTA" cocci --format json "${inc[@]}" "$f" ;;
	clang) "$KDELTA" check --format json "$f" -- "${inc[@]}" ;;
	clang-low) "$KDELTA" check --confidence low --format json "$f" -- "${inc[@]}" ;;
	*) echo "engine_run: unknown kind '$kind'" >&2; return 2 ;;
	esac
}

# The expectation file of FILE for KIND: "foo.c.cocci.expect" beside it.
expect_file() { echo "$2.$1.expect"; }

# finding_lines KIND FILE < JSON: the whole output, one line a finding,
#   LINE:COL: FUNCTION: RULE: CONFIDENCE: MESSAGE
# in the engine's order. The file field must name FILE (absolute, or
# relative to the checkout) and the engine field must be KIND's engine;
# a finding where either differs gets a prefix naming what it says
# instead, and so does any field or top-level member the format does not
# know, so that nothing in the output escapes the comparison. The
# checkout's own path is cut wherever it appears: the only thing allowed
# to vary.
finding_lines() {
	local kind=$1 f=$2 eng=clang
	[ "$kind" = cocci ] && eng=coccinelle
	jq -r --arg f "$f" --arg top "$TOP/" --arg eng "$eng" '
		(.findings[] |
			(if .file == $f or ($top + .file) == $f then ""
			 else "file \(.file): " end) +
			(if .engine == $eng then "" else "engine \(.engine): " end) +
			([del(.rule, .engine, .file, .line, .column, .function,
			      .confidence, .message) | to_entries[] |
			  "field \(.key)=\(.value | tojson): "] | join("")) +
			"\(.line):\(.column): \(.function): \(.rule): " +
			"\(.confidence): \(.message)"),
		(.incomplete[] | "incomplete: \(.file): \(.reason)"),
		(del(.findings, .incomplete) | to_entries[] |
		 "member \(.key): \(.value | tojson)") |
		split($top) | join("")'
}

# expect_compare NAME KIND FILE OUT: OUT (KIND's JSON output for FILE),
# in finding_lines form, equals FILE's expectation file byte for byte; on a
# difference a unified diff (expected -> got) follows the FAIL line.
expect_compare() {
	local name=$1 kind=$2 f=$3 out=$4 want got
	want=$(expect_file "$kind" "$f")
	if [ ! -f "$want" ]; then
		fail "$name" "no expectation file ${want#"$TOP"/} (testcases/update-expect.sh writes it)"
		return
	fi
	if ! got=$(printf '%s\n' "$out" | finding_lines "$kind" "$f" 2>&1); then
		fail "$name" "output is not kdelta's JSON: $(printf '%s' "$got" | tr '\n' ' ' | head -c 300)"
		return
	fi
	if [ "$got" = "$(cat "$want")" ]; then
		pass "$name"
		return
	fi
	fail "$name" "output differs from ${want#"$TOP"/}:"
	diff -u --label "expected ${want#"$TOP"/}" --label "got" \
		"$want" <([ -z "$got" ] || printf '%s\n' "$got") | sed 's/^/    /'
}

# marker_compare NAME ENGINE FILE OUT: the lines OUT reports are exactly
# those marked for ENGINE in FILE, each once: the markers a reader sees
# must agree with the expectation file.
marker_compare() {
	local name=$1 engine=$2 f=$3 out=$4 got want
	got=$(printf '%s' "$out" | jq -r '.findings[].line' 2>/dev/null | sort -n)
	want=$(expected_lines "$f" "$engine")
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "expected lines [$(echo $want)], got [$(echo $got)]"
	fi
}

# fixture_check KIND FILE [nomarkers]: run KIND on FILE once; its whole
# output equals the expectation file and, unless the fixture's markers are
# another engine's (nomarkers), the reported lines are the marked ones.
fixture_check() {
	local kind=$1 f=$2 name out rc err
	name=$kind:${f#"$TOP"/testcases/}
	err=$(mktemp)
	out=$(engine_run "$kind" "$f" 2>"$err")
	rc=$?
	if [ $rc -gt 1 ]; then
		fail "$name" "kdelta exited $rc: $(head -c 300 "$err" | tr '\n' ' ')"
		rm -f "$err"
		return
	fi
	rm -f "$err"
	expect_compare "$name: whole findings" "$kind" "$f" "$out"
	[ "${3:-}" = nomarkers ] || marker_compare "$name: markers" "$kind" "$f" "$out"
}
