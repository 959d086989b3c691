#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta check as a command: formats, exit codes, messages, compile
# databases, and bad input (a parse failure, an unreadable file, a broken
# compile database) that still lets the other files be analysed.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
affected=$TOP/testcases/lapic/stable-6.1.158.c
fixed=$TOP/testcases/lapic/stable-6.1.166-fixed.c
sink_line=$(grep -n '^[[:space:]]*nsec_to_cycles(apic->vcpu, delta);' "$affected" | cut -d: -f1)

"$KDELTA" check --format json "$affected" -- -I "$INC" >"$tmp/j"
rc=$?
got=$(jq -r '.findings[] | [.rule, .engine, .line, .function, .confidence] | @tsv' "$tmp/j")
want=$(printf 'lapic_periodic_tscdeadline\tclang\t%s\tadvance_periodic_target_expiration\thigh' "$sink_line")
[ $rc -eq 1 ] && [ "$got" = "$want" ] && pass "check json: the lapic finding" ||
	fail "check json: the lapic finding" "rc=$rc $got"
keys=$(jq -c '[.findings[0] | keys_unsorted[]] | sort' "$tmp/j")
[ "$keys" = '["column","confidence","engine","file","function","line","message","rule"]' ] &&
	pass "check json: keys" || fail "check json: keys" "$keys"
msg=$(jq -r '.findings[0].message' "$tmp/j")
for word in 'ktime_sub(apic->lapic_timer.target_expiration, now)' "parameter 'nsec' of nsec_to_cycles() (u64)" \
	    "held in 'delta'" 18446744073709551615 'no sign check' \
	    'if (ktime_before(apic->lapic_timer.target_expiration, now)) apic->lapic_timer.target_expiration = now;'; do
	case $msg in
	*"$word"*) pass "check message names: $word" ;;
	*) fail "check message names: $word" "$msg" ;;
	esac
done
"$KDELTA" check "$fixed" -- -I "$INC" >"$tmp/o" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/o" ] && pass "check: clean file exit 0" || fail "check: clean file exit 0" "rc=$rc"

# SARIF from the clang engine validates too.
validator=$("$TOP/scripts/setup-sarif-validator.sh" 2>/dev/null)
"$KDELTA" check --format sarif "$TOP"/testcases/clang/*.c "$affected" -- -I "$INC" >"$tmp/c.sarif"
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$validator" validate "$tmp/c.sarif" -o "$tmp/c.val" >/dev/null 2>&1
errs=$(jq '[.runs[].results[] | select(.level == "error")] | length' "$tmp/c.val" 2>/dev/null)
n=$(jq '.runs[0].results | length' "$tmp/c.sarif")
[ "$errs" = 0 ] && [ "$n" -gt 5 ] && pass "check sarif validates ($n results)" ||
	fail "check sarif validates" "errors=$errs results=$n"

# A compile_commands.json (-p) gives the same findings as -- args.
mkdir -p "$tmp/db"
jq -n --arg dir "$TOP" --arg inc "$INC" --arg f1 "$affected" --arg f2 "$fixed" \
	'[{directory: $dir, file: $f1, arguments: ["cc", "-c", "-I", $inc, "-o", "/dev/null", $f1]},
	  {directory: $dir, file: $f2, arguments: ["cc", "-c", "-I", $inc, "-o", "/dev/null", $f2]}]' \
	>"$tmp/db/compile_commands.json"
got=$("$KDELTA" check -p "$tmp/db" --format json | jq -r '.findings[] | "\(.file):\(.line)"')
[ "$got" = "$affected:$sink_line" ] && pass "check -p: whole database" || fail "check -p: whole database" "$got"
got=$("$KDELTA" check -p "$tmp/db" --format json "$fixed" | jq -c '.findings')
[ "$got" = "[]" ] && pass "check -p: one file of the database" || fail "check -p: one file" "$got"

# Bad input: one line each, exit 2, the good file still analysed.
one_line_exit2() {
	local name=$1 want_findings=$2
	shift 2
	"$KDELTA" check --format json "$@" >"$tmp/bo" 2>"$tmp/be"
	local rc=$? n
	n=$(jq '.findings | length' "$tmp/bo" 2>/dev/null)
	if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/be")" -eq 1 ] && grep -q '^kdelta: ' "$tmp/be" &&
	   [ "${n:-x}" = "$want_findings" ]; then
		pass "check bad input: $name"
	else
		fail "check bad input: $name" "rc=$rc findings=$n stderr=$(head -c 300 "$tmp/be")"
	fi
}
printf 'int broken(void) { return ; ]\n' >"$tmp/broken.c"
one_line_exit2 "parse failure, other file analysed" 1 --all "$tmp/broken.c" "$affected" -- -I "$INC"
printf '#include "kdelta-fixture.h"\nktime_t broken(void) { return ; ]\n' >"$tmp/broken2.c"
one_line_exit2 "parse failure of a file naming ktime_t" 1 "$tmp/broken2.c" "$affected" -- -I "$INC"
# A file that names no time API is not parsed at all (like spatch's file
# selection): no finding and no error for it without --all.
"$KDELTA" check --format json "$tmp/broken.c" "$affected" -- -I "$INC" >"$tmp/bo" 2>"$tmp/be"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/be" ] && pass "check: a file naming no time API is skipped" ||
	fail "check: a file naming no time API is skipped" "rc=$rc $(cat "$tmp/be")"
one_line_exit2 "missing file, other file analysed" 1 "$tmp/nonexistent.c" "$affected" -- -I "$INC"
# Unreadable: mode 000 does not stop root (CI runs as root), a dangling
# symbolic link does.
touch "$tmp/unreadable.c"
chmod 000 "$tmp/unreadable.c"
if [ "$(id -u)" -ne 0 ]; then
	one_line_exit2 "unreadable file, other file analysed" 1 "$tmp/unreadable.c" "$affected" -- -I "$INC"
fi
ln -s "$tmp/gone.c" "$tmp/dangling.c"
one_line_exit2 "unreadable (dangling link), other file analysed" 1 "$tmp/dangling.c" "$affected" -- -I "$INC"
mkdir "$tmp/baddb"
echo '[{"directory": ' >"$tmp/baddb/compile_commands.json"
"$KDELTA" check -p "$tmp/baddb" >"$tmp/bo" 2>"$tmp/be"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/be")" -eq 1 ] && pass "check bad input: broken compile database" ||
	fail "check bad input: broken compile database" "rc=$rc $(cat "$tmp/be")"
"$KDELTA" check -p "$tmp/db" --format json "$tmp/broken2.c" "$affected" >"$tmp/bo" 2>"$tmp/be"
rc=$?
[ $rc -eq 2 ] && [ "$(jq '.findings | length' "$tmp/bo")" = 1 ] &&
	pass "check bad input: file not in the database, other file analysed" ||
	fail "check bad input: file not in the database" "rc=$rc $(cat "$tmp/be")"
"$KDELTA" check --confidence sometimes "$affected" >"$tmp/bo" 2>"$tmp/be"
[ $? -eq 2 ] && pass "check bad input: unknown confidence" || fail "check bad input: unknown confidence" "$(cat "$tmp/be")"
"$KDELTA" check >"$tmp/bo" 2>"$tmp/be"
[ $? -eq 2 ] && pass "check bad input: no file" || fail "check bad input: no file" "$(cat "$tmp/be")"
exit 0
