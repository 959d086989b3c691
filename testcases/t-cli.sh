#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta cocci as a command: output formats, exit codes, bad input, and
# the generated rules being up to date with their templates and the API.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
affected=$TOP/testcases/lapic/stable-6.1.158.c
fixed=$TOP/testcases/lapic/stable-6.1.166-fixed.c
sink_line=$(grep -n '^[[:space:]]*nsec_to_cycles(apic->vcpu, delta);' "$affected" | cut -d: -f1)

# Text: GCC style, one line, rule in brackets, exit 1.
"$KDELTA" cocci -I "$INC" "$affected" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && pass "text: exit 1 with a finding" || fail "text: exit 1 with a finding" "rc=$rc"
if [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
   grep -Eq "^$affected:$sink_line:[0-9]+: warning: CVE-2025-71104: .*\[lapic_periodic_tscdeadline\]\$" "$tmp/out"; then
	pass "text: file:line:col: warning: message [rule]"
else
	fail "text: file:line:col: warning: message [rule]" "$(cat "$tmp/out")"
fi
# The message explains itself: source, sink and its type, the wrap, the fix.
for word in 'ktime_sub(apic->lapic_timer.target_expiration, now)' "nsec_to_cycles()" \
	    "u64 'nsec'" 18446744073709551615 d8f2f498d9ed 18ab3fc8e880 \
	    'if (ktime_before(apic->lapic_timer.target_expiration, now))'; do
	grep -qF -- "$word" "$tmp/out" && pass "message names: $word" ||
		fail "message names: $word" "$(cat "$tmp/out")"
done

# Clean file: exit 0, no output.
"$KDELTA" cocci -I "$INC" "$fixed" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && pass "clean file: exit 0, silent" ||
	fail "clean file: exit 0, silent" "rc=$rc $(cat "$tmp/out")"

# JSON: exactly the documented keys, and the values of the finding.
"$KDELTA" cocci --format json -I "$INC" "$affected" >"$tmp/j"
keys=$(jq -c '[.findings[0] | keys_unsorted[]] | sort' "$tmp/j")
[ "$keys" = '["column","confidence","engine","file","function","line","message","rule"]' ] &&
	pass "json: keys" || fail "json: keys" "$keys"
got=$(jq -r '.findings[] | [.rule, .engine, .line, .function, .confidence] | @tsv' "$tmp/j")
want=$(printf 'lapic_periodic_tscdeadline\tcoccinelle\t%s\tadvance_periodic_target_expiration\thigh' "$sink_line")
[ "$got" = "$want" ] && pass "json: finding" || fail "json: finding" "$got"
"$KDELTA" cocci --format json -I "$INC" "$fixed" >"$tmp/j0"
[ "$(jq -c . "$tmp/j0")" = '{"findings":[],"incomplete":[]}' ] && pass "json: empty result" ||
	fail "json: empty result" "$(cat "$tmp/j0")"

# SARIF 2.1.0, checked by Microsoft's validator, on a run with findings
# from both rules and on an empty run.
validator=$("$TOP/scripts/setup-sarif-validator.sh" 2>"$tmp/verr")
"$KDELTA" cocci --format sarif -I "$INC" "$TOP/testcases/generic" "$affected" >"$tmp/s.sarif"
"$KDELTA" cocci --format sarif -I "$INC" "$fixed" >"$tmp/e.sarif"
for s in s e; do
	if [ ! -x "$validator" ]; then
		fail "sarif validator ($s)" "cannot install: $(cat "$tmp/verr")"
		continue
	fi
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$validator" validate "$tmp/$s.sarif" \
		-o "$tmp/$s.val" >/dev/null 2>&1
	errs=$(jq '[.runs[].results[] | select(.level == "error")] | length' "$tmp/$s.val" 2>/dev/null)
	[ "$errs" = 0 ] && pass "sarif validates ($s)" ||
		fail "sarif validates ($s)" "$(jq -c '[.runs[].results[] | select(.level=="error") | .message]' "$tmp/$s.val" 2>&1 | head -c 600)"
done
n_json=$("$KDELTA" cocci --format json -I "$INC" "$TOP/testcases/generic" "$affected" | jq '.findings | length')
n_sarif=$(jq '.runs[0].results | length' "$tmp/s.sarif")
[ "$n_json" = "$n_sarif" ] && [ "$n_json" -gt 40 ] && pass "sarif: same findings as json ($n_json)" ||
	fail "sarif: same findings as json" "json=$n_json sarif=$n_sarif"
# The validator itself rejects a broken log, so the checks above can fail.
echo '{"version":"2.1.0","runs":[{"tool":{}}]}' >"$tmp/bad.sarif"
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$validator" validate "$tmp/bad.sarif" -o "$tmp/bad.val" >/dev/null 2>&1
errs=$(jq '[.runs[].results[] | select(.level == "error")] | length' "$tmp/bad.val" 2>/dev/null)
[ "${errs:-0}" -gt 0 ] && pass "sarif validator rejects a broken log" ||
	fail "sarif validator rejects a broken log" "errors=$errs"

# Bad input: one line on stderr, exit 2, never a traceback.
bad() {
	local name=$1
	shift
	"$KDELTA" "$@" >"$tmp/bo" 2>"$tmp/be"
	local rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/be")" -eq 1 ] && grep -q '^kdelta: ' "$tmp/be" &&
	   ! grep -qi traceback "$tmp/be"; then
		pass "bad input: $name"
	else
		fail "bad input: $name" "rc=$rc stderr=$(head -c 300 "$tmp/be")"
	fi
}
bad "missing path" cocci /nonexistent/file.c
bad "no path" cocci
bad "unknown mode" cocci --mode nonsense "$affected"
bad "unknown format" cocci --format xml "$affected"
bad "unknown command" frobnicate
echo 'this is not C at all {{{' >"$tmp/notc.txt"
bad "file that is not C" cocci "$tmp/notc.txt"
PATH=/nonexistent "$KDELTA" cocci "$affected" >"$tmp/bo" 2>"$tmp/be"
rc=$?
[ $rc -eq 2 ] && grep -q 'spatch' "$tmp/be" && pass "bad input: spatch missing" ||
	fail "bad input: spatch missing" "rc=$rc $(cat "$tmp/be")"
mkdir "$tmp/empty"
"$KDELTA" cocci --format json "$tmp/empty" >"$tmp/bo" 2>"$tmp/be"
rc=$?
[ $rc -eq 0 ] && [ "$(jq -c . "$tmp/bo")" = '{"findings":[],"incomplete":[]}' ] && [ "$(wc -l <"$tmp/be")" -eq 1 ] &&
	pass "directory with no C files: clean empty result" ||
	fail "directory with no C files: clean empty result" "rc=$rc $(cat "$tmp/be")"

# Patch mode writes a patch and leaves the file alone; the patch applies
# and silences both rules.
cp "$affected" "$tmp/lapic.c"
sum=$(sha256sum <"$tmp/lapic.c")
(cd "$tmp" && "$KDELTA" cocci --mode patch -I "$INC" lapic.c >fix.patch)
[ "$(sha256sum <"$tmp/lapic.c")" = "$sum" ] && pass "patch mode leaves the file alone" ||
	fail "patch mode leaves the file alone" "file changed"
if (cd "$tmp" && patch -p1 -s <fix.patch) &&
   grep -q 'if (ktime_before(apic->lapic_timer.target_expiration, now))' "$tmp/lapic.c"; then
	"$KDELTA" cocci -I "$INC" "$tmp/lapic.c" >"$tmp/out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && pass "patch mode: patched file is silent" ||
		fail "patch mode: patched file is silent" "$(cat "$tmp/out")"
else
	fail "patch mode: patch applies" "$(cat "$tmp/fix.patch")"
fi
for mode in context org; do
	"$KDELTA" cocci --mode $mode -I "$INC" "$affected" >"$tmp/out" 2>&1
	rc=$?
	[ $rc -eq 1 ] && grep -q 'nsec_to_cycles' "$tmp/out" && pass "$mode mode" ||
		fail "$mode mode" "rc=$rc $(head -c 300 "$tmp/out")"
done

# The committed rules are what `make rules` makes of the templates and
# checker/api.def.
for in in "$TOP"/rules/*.cocci.in; do
	out=${in%.in}
	(cd "$TOP" && "$KDELTA" api --expand "rules/$(basename "$in")") >"$tmp/gen"
	cmp -s "$tmp/gen" "$out" && pass "generated: $(basename "$out")" ||
		fail "generated: $(basename "$out")" "out of date: run make rules"
done
exit 0
