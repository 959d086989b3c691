#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The rule pack rates each finding (issue 9): with --confidence low every
# KDELTA-CONF(level) line of clang/confidence.c is reported at the level
# the libclang engine gives it; the default leaves the low ones out;
# --confidence high keeps only the high ones; a bad level is refused.  The
# channel takes the level from the record and refuses one it does not
# know, and takes "silent" records (a source analysed and not reported,
# with the reason) into the JSON output only through their own fields.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

f=$TOP/testcases/clang/confidence.c
want=$(grep -n -o -E 'KDELTA-CONF\((high|medium|low)\)' "$f" | sed 's/:KDELTA-CONF(\(.*\))/ \1/' | sort -n)
got=$("$KDELTA" cocci --confidence low --format json -I "$INC" "$f" |
	jq -r '.findings[] | "\(.line) \(.confidence)"' | sort -n)
[ "$got" = "$want" ] && pass "cocci confidence low: every level, as the clang engine" ||
	fail "cocci confidence low: every level" "want [$(echo $want)] got [$(echo $got)]"
got=$("$KDELTA" cocci --format json -I "$INC" "$f" | jq -r '.findings[].confidence' | sort | uniq -c | tr -s ' ')
[ "$got" = " 1 high
 3 medium" ] && pass "cocci confidence default: high and medium" ||
	fail "cocci confidence default: high and medium" "$got"
got=$("$KDELTA" cocci --confidence high --format json -I "$INC" "$f" | jq -r '.findings[].confidence' | sort -u)
[ "$got" = high ] && pass "cocci confidence high: only high" || fail "cocci confidence high: only high" "$got"
"$KDELTA" cocci --confidence critical "$f" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "unknown confidence 'critical'" "$tmp/err" &&
	[ ! -s "$tmp/out" ] && pass "cocci --confidence critical: exit 2, one line" ||
	fail "cocci --confidence critical" "rc=$rc $(cat "$tmp/err")"

# Elapsed time on one clock, proven by the data flow, is low: silent by
# default, reported with --confidence low (fp-ordered-stamps.c, 6.1 code).
a=$TOP/testcases/accuracy/fp-ordered-stamps.c
acc=(-I "$INC" -I "$TOP/testcases/accuracy/include")
"$KDELTA" cocci --format json "${acc[@]}" "$a" >"$tmp/d"
rc=$?
n=$("$KDELTA" cocci --confidence low --format json "${acc[@]}" "$a" | jq '[.findings[] | select(.confidence == "low")] | length')
[ $rc -eq 0 ] && jq -e '.findings == []' "$tmp/d" >/dev/null && [ "$n" = 4 ] &&
	pass "ordered stamps: silent by default (exit 0), 4 low findings with --confidence low" ||
	fail "ordered stamps: low" "rc=$rc n=$n $(head -c 300 "$tmp/d")"

# Both engines rate every line alike: a stamp taken in place of a current
# read is low, its variants medium (fp-standin-stamp.c, bfq); a current
# read made before the stamp's lock is taken is medium, the same read under
# the lock or with another object's lock low (tp-lock-after-read.c,
# wakelock).
levels() {
	local a=$TOP/testcases/accuracy/$1 want=$2 got got2
	got=$("$KDELTA" cocci --confidence low --format json "${acc[@]}" "$a" |
		jq -r '.findings[] | "\(.line) \(.confidence)"' | sort -n | tr '\n' ' ')
	got2=$("$KDELTA" check --confidence low --format json "$a" -- "${acc[@]}" |
		jq -r '.findings[] | "\(.line) \(.confidence)"' | sort -n | tr '\n' ' ')
	[ "$got" = "$want" ] && [ "$got2" = "$want" ] &&
		pass "$1: the same levels in both engines" ||
		fail "$1: levels" "want [$want] cocci [$got] clang [$got2]"
}
levels fp-standin-stamp.c "59 low 78 medium 95 medium "
levels tp-lock-after-read.c "70 medium 91 low 109 low "

# --- the channel's confidence and silent records ---------------------------

printf 'void f(void)\n{\n}\n' >"$tmp/one.c"
mkdir -p "$tmp/pack"
rule() {
	cat >"$tmp/pack/r.cocci" <<EOR
// Confidence: Medium
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
	o.write(json.dumps($1) + "\\n")
EOR
}
rec='{"kind": "finding", "file": p[0].file, "line": 1, "column": 1, "function": "f", "message": "m"'
rule "$rec, \"confidence\": \"low\"}"
KDELTA_RULES=$tmp/pack "$KDELTA" cocci --format json "$tmp/one.c" >"$tmp/out" 2>"$tmp/err"
rc=$?
n=$(KDELTA_RULES=$tmp/pack "$KDELTA" cocci --confidence low --format json "$tmp/one.c" | jq -r '.findings[].confidence')
[ $rc -eq 0 ] && jq -e '.findings == []' "$tmp/out" >/dev/null && [ "$n" = low ] &&
	pass "channel: the record's confidence overrides the header (low: left out by default)" ||
	fail "channel: the record's confidence" "rc=$rc [$n] $(cat "$tmp/err")"
rule "$rec, \"confidence\": \"critical\"}"
KDELTA_RULES=$tmp/pack "$KDELTA" cocci --format json "$tmp/one.c" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && jq -e --arg f "$tmp/one.c" '.findings == [] and .incomplete[0].file == $f
	and (.incomplete[0].reason | test("unknown confidence"))' "$tmp/out" >/dev/null &&
	pass "channel: an unknown confidence is a malformed record (file not fully analysed)" ||
	fail "channel: an unknown confidence" "rc=$rc $(cat "$tmp/out" "$tmp/err" | head -c 300)"
rule '{"kind": "silent", "file": p[0].file, "line": 1, "function": "f", "source": "ktime_sub(a, b)", "reason": "guard at line 1: if (d < 0)"}'
KDELTA_RULES=$tmp/pack "$KDELTA" cocci --format json "$tmp/one.c" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && jq -e '.findings == [] and (.incomplete // []) == []' "$tmp/out" >/dev/null &&
	pass "channel: a silent record is accepted, and is no finding" ||
	fail "channel: a silent record" "rc=$rc $(cat "$tmp/out" "$tmp/err" | head -c 300)"
rule '{"kind": "silent", "file": p[0].file, "line": 1, "function": "f", "source": "s", "reason": "r", "message": "forged"}'
KDELTA_RULES=$tmp/pack "$KDELTA" cocci --format json "$tmp/one.c" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && jq -e '.findings == [] and (.incomplete[0].reason | test("malformed"))' "$tmp/out" >/dev/null &&
	pass "channel: a silent record with a foreign key is refused" ||
	fail "channel: a silent record with a foreign key" "rc=$rc $(cat "$tmp/out" "$tmp/err" | head -c 300)"
