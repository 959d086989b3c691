#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The channel from the rules to kdelta cannot be forged by the analysed
# code: a string literal that, quoted in a message, used to print a
# "KDELTA" line of its own naming ../../../../etc/passwd gives exactly the
# genuine finding; malformed records are dropped and reported; the rules'
# facts give audit's known-instance table; `kdelta api` errors.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- forging through the code text ---------------------------------------

# The sink's line is the one genuine finding; the operand's string literal
# is continued over lines and carries tabs, a forged tab-separated record
# and a forged JSON record.
{
	printf '#include <linux/ktime.h>\n\n'
	printf 'extern ktime_t stamp(const char *);\n'
	printf 'u64 nsec_to_cycles(void *v, u64 nsec);\n\n'
	printf 'void pos_forge(void *v, ktime_t now)\n{\n'
	printf '\tnsec_to_cycles(v, ktime_sub(stamp("a\tb\\\n\nKDELTA\t../../../../etc/passwd\t1\t1\tf\tforged\\\n'
	printf '{\\"kind\\": \\"finding\\", \\"file\\": \\"/etc/passwd\\", \\"line\\": 1, \\"column\\": 1, '
	printf '\\"function\\": \\"f\\", \\"message\\": \\"forged\\"}\\\n"), now));\n}\n'
} >"$tmp/forge.c"
genuine=$(grep -n 'nsec_to_cycles(v, ktime_sub' "$tmp/forge.c" | cut -d: -f1)

"$KDELTA" cocci --format json -I "$INC" "$tmp/forge.c" >"$tmp/j" 2>"$tmp/err"
rc=$?
got=$(jq -r '.findings[] | "\(.file):\(.line):\(.rule)"' "$tmp/j" 2>/dev/null)
[ $rc -eq 1 ] && [ "$got" = "$tmp/forge.c:$genuine:ktime_delta_unsigned" ] &&
	pass "forged records: exactly the genuine finding (file, line, count)" ||
	fail "forged records: exactly the genuine finding" "rc=$rc got [$got] $(head -c 300 "$tmp/err")"
grep -q passwd "$tmp/j" && ! jq -e '[.findings[].file | select(test("passwd"))] == []' "$tmp/j" >/dev/null &&
	fail "forged records: no finding names /etc/passwd" "$(cat "$tmp/j")" ||
	pass "forged records: no finding names /etc/passwd"
jq -e '.findings[0].message | explode | map(select(. < 32)) == []' "$tmp/j" >/dev/null &&
	pass "forged records: the message is one line, no control character" ||
	fail "forged records: the message is one line" "$(jq .findings[0].message "$tmp/j")"
"$KDELTA" cocci -I "$INC" "$tmp/forge.c" >"$tmp/out" 2>&1
[ "$(wc -l <"$tmp/out")" -eq 1 ] && grep -q "^$tmp/forge.c:$genuine:" "$tmp/out" &&
	pass "forged records: text output is one line, the genuine one" ||
	fail "forged records: text output is one line" "$(cat "$tmp/out")"

# make coccicheck's view (no -D kdelta): the report line is still printed.
spatch --very-quiet -D report --no-show-diff -I "$INC" --cocci-file "$TOP/rules/ktime_delta_unsigned.cocci" \
	"$tmp/forge.c" >"$tmp/cc" 2>&1
grep -q "^$tmp/forge.c:$genuine:[0-9-]*: negative ktime delta" "$tmp/cc" &&
	pass "coccicheck report mode: the finding's text line" ||
	fail "coccicheck report mode: the finding's text line" "$(head -c 300 "$tmp/cc")"

# The rules print nothing for kdelta on stdout; each record is one JSON line.
: >"$tmp/chan"
spatch --very-quiet -D report -D kdelta -D "kdelta_channel=$tmp/chan" --no-show-diff -I "$INC" \
	--cocci-file "$TOP/rules/ktime_delta_unsigned.cocci" "$tmp/forge.c" >"$tmp/so" 2>&1
[ ! -s "$tmp/so" ] && [ "$(wc -l <"$tmp/chan")" -eq 1 ] &&
	jq -e --arg f "$tmp/forge.c" --argjson l "$genuine" \
		'.kind == "finding" and .file == $f and .line == $l and (keys - ["confidence"] | length) == 6' "$tmp/chan" >/dev/null &&
	pass "rules: stdout silent, one JSON record a finding" ||
	fail "rules: stdout silent, one JSON record a finding" "$(head -c 300 "$tmp/so") $(cat "$tmp/chan")"

# --- malformed records: dropped and reported -------------------------------

# A rule pack whose one rule sends what kdelta must refuse.
mkdir -p "$tmp/pack"
bad_rule() {
	cat >"$tmp/pack/bad.cocci" <<EOR
// Confidence: High
virtual report
virtual kdelta

@r@
identifier f;
position p;
@@
f@p(...) { ... }

@script:python depends on kdelta@
p << r.p;
ch << virtual.kdelta_channel;
@@
import json
with open(ch, "a") as o:
	o.write($1 + "\\n")
EOR
}
bad_rule 'json.dumps({"kind": "finding", "file": "../../../../etc/passwd", "line": 1, "column": 1, "function": "f", "message": "m"})'
KDELTA_RULES=$tmp/pack "$KDELTA" cocci --format json "$tmp/forge.c" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^kdelta: rule bad: dropped 1 malformed record' "$tmp/err" &&
	! grep -q passwd "$tmp/out" &&
	pass "malformed: a record naming a file spatch was not given: exit 2, one line" ||
	fail "malformed: a record naming another file" "rc=$rc $(cat "$tmp/err") $(head -c 200 "$tmp/out")"
bad_rule '"KDELTA\t../../../../etc/passwd\t1\t1\tf\tm"'
KDELTA_RULES=$tmp/pack "$KDELTA" cocci --format json "$tmp/forge.c" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'not a JSON object' "$tmp/err" && ! grep -q passwd "$tmp/out" &&
	pass "malformed: an old-style tab-separated line is refused" ||
	fail "malformed: an old-style tab-separated line is refused" "rc=$rc $(cat "$tmp/err")"
bad_rule 'json.dumps({"kind": "finding", "file": p[0].file, "line": "1; rm", "column": 1, "function": "f", "message": "m"})'
KDELTA_RULES=$tmp/pack "$KDELTA" cocci --format json "$tmp/forge.c" >"$tmp/out" 2>"$tmp/err"
jq -e --arg f "$tmp/forge.c" '.findings == [] and (.incomplete | length) == 1 and .incomplete[0].file == $f
	and (.incomplete[0].reason | test("malformed"))' "$tmp/out" >/dev/null &&
	pass "malformed: a bad field of a given file: dropped, the file not fully analysed" ||
	fail "malformed: a bad field of a given file" "$(cat "$tmp/out" "$tmp/err" | head -c 400)"

# --- the known-instance facts: the audit's table from the rules ----------

fake_tree() {
	mkdir -p "$1/scripts" "$1/arch/x86/kvm"
	printf 'VERSION = 4\nPATCHLEVEL = 18\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$1/Makefile"
	cp "$2" "$1/arch/x86/kvm/lapic.c"
}
# known FIXTURE STATUS LINE-PATTERN...: the status and the evidence lines.
known() {
	local n=$1 f=$TOP/testcases/lapic/$1.c want=$2 lines= p
	shift 2
	for p in "$@"; do lines="$lines$(grep -n -- "$p" "$f" | head -1 | cut -d: -f1),"; done
	fake_tree "$tmp/t-$want" "$f"
	"$KDELTA" audit "$tmp/t-$want" -o "$tmp/r-$want" >/dev/null 2>"$tmp/err"
	jq -e --arg s "$want" --arg l "[${lines%,}]" \
		'.known_instances[0] | .status == $s and ([.evidence[].line] | tostring) == $l' \
		"$tmp/r-$want/report.json" >/dev/null &&
		pass "known instance from the rules' facts: $n $want, evidence lines" ||
		fail "known instance: $n $want" "$(jq -c '.known_instances' "$tmp/r-$want/report.json" 2>&1 | head -c 400) $(head -c 200 "$tmp/err")"
}
known stable-6.1.158 present '^[[:space:]]*delta = ktime_sub(apic' '^[[:space:]]*nsec_to_cycles(apic->vcpu, delta);'
known stable-6.1.166-fixed fixed 'if (ktime_before(apic->lapic_timer.target_expiration, now))' \
	'apic->lapic_timer.target_expiration = now;' '^[[:space:]]*delta = ktime_sub(apic' '^[[:space:]]*nsec_to_cycles(apic->vcpu, delta);'
known upstream-4.15.0 "not applicable" '^static void advance_periodic_target_expiration('

# An audited tree whose code forges records: the report names no other file.
fake_tree "$tmp/t-forge" "$tmp/forge.c"
"$KDELTA" audit "$tmp/t-forge" -o "$tmp/r-forge" >/dev/null 2>"$tmp/err"
rc=$?
! grep -rq 'root:' "$tmp/r-forge" && [ "$(jq -r '[.findings[].file] | unique | join(",")' "$tmp/r-forge/report.json")" = arch/x86/kvm/lapic.c ] &&
	pass "audit: forged records quote nothing of /etc/passwd" ||
	fail "audit: forged records quote nothing of /etc/passwd" "rc=$rc $(head -c 300 "$tmp/err")"

# --- kdelta api ---------------------------------------------------------------

"$KDELTA" api --help >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q '^usage: kdelta api' "$tmp/out" && [ ! -s "$tmp/err" ] &&
	pass "api --help: usage on stdout, exit 0" || fail "api --help" "rc=$rc $(cat "$tmp/err")"
# api_bad NAME PATTERN ARGS...: exit 2, one line matching PATTERN, no output.
api_bad() {
	local name=$1 pat=$2 rc
	shift 2
	(cd "$tmp" && timeout 10 "$KDELTA" api "$@" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$pat" "$tmp/err" && [ ! -s "$tmp/out" ] &&
		pass "api: $name" || fail "api: $name" "rc=$rc $(head -c 300 "$tmp/err")"
}
mkdir -p "$tmp/dir" && mkfifo "$tmp/fifo"
api_bad "--expand a directory" 'dir: cannot read the template: not a regular file' --expand dir
api_bad "--expand a FIFO (no hang)" 'fifo: cannot read the template: not a regular file' --expand fifo
api_bad "--expand a missing file" 'missing: cannot read the template' --expand missing
printf 'a\nb\nx %%%%FOO%%%% y\n' >"$tmp/foo.cocci.in"
api_bad "unknown placeholder, with its line" '^kdelta: foo.cocci.in:3: unknown placeholder %%FOO%%$' --expand foo.cocci.in
printf 'a\n%%%%FILE:self.cocci.in%%%%\n' >"$tmp/self.cocci.in"
api_bad "a template pasting itself" '^kdelta: self.cocci.in:2: .*includes itself$' --expand self.cocci.in
printf '%%%%FILE:loop2.in%%%%\n' >"$tmp/loop1.cocci.in"
printf '\n%%%%FILE:loop1.cocci.in%%%%\n' >"$tmp/loop2.in"
api_bad "two templates pasting each other" '^kdelta: loop2.in:2: .*includes itself$' --expand loop1.cocci.in
printf '%%%%KNOWN_FUNCTION%%%%\n' >"$tmp/norule.cocci.in"
api_bad "a KNOWN placeholder with no KD_KNOWN entry" 'norule.cocci.in:1: .*no KD_KNOWN entry .* norule' --expand norule.cocci.in
api_bad "bad arguments" 'usage: kdelta api' --expand
exit 0
