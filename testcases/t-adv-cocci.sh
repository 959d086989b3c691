#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta cocci on hostile input: Python modules and file names from the
# analysed tree never execute, files spatch cannot finish (timeout, stack
# overflow, memory, size, unparsable, not regular) are named and make the
# exit status 2, an interrupted run leaves no spatch and no temporary
# behind, odd file names come back byte for byte; --help.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lapic=$TOP/testcases/lapic/stable-6.1.158.c
sink_line=$(grep -n '^[[:space:]]*nsec_to_cycles(apic->vcpu, delta);' "$lapic" | cut -d: -f1)

# --- Python modules of the analysed directory (issue 8 item 4) ---
evil=$tmp/evil
mkdir "$evil"
cp "$lapic" "$evil/lapic.c"
printf 'open(%s, "w").close()\nfrom sre_compile import *\n' "'$tmp/MARK-re'" >"$evil/re.py"
printf 'open(%s, "w").close()\n' "'$tmp/MARK-site'" >"$evil/sitecustomize.py"
printf 'open(%s, "w").close()\n' "'$tmp/MARK-startup'" >"$evil/startup.py"
# spatch run from that directory imports them: what kdelta must prevent.
(cd "$evil" && spatch --very-quiet -D report --cocci-file "$TOP/rules/ktime_delta_unsigned.cocci" \
	lapic.c >/dev/null 2>&1)
[ -e "$tmp/MARK-re" ] && pass "python: spatch run in the directory imports its re.py" ||
	fail "python: spatch run in the directory imports its re.py" "no marker"
rm -f "$tmp"/MARK-*
(cd "$evil" && PYTHONPATH=$evil PYTHONSTARTUP=$evil/startup.py "$KDELTA" cocci lapic.c) >"$tmp/out" 2>"$tmp/err"
rc=$?
(cd "$tmp" && "$KDELTA" cocci "$evil") >"$tmp/out2" 2>>"$tmp/err"
rc2=$?
if ls "$tmp"/MARK-* >/dev/null 2>&1; then
	fail "python: no module of the analysed tree runs" "$(ls "$tmp"/MARK-*)"
else
	pass "python: no module of the analysed tree runs"
fi
[ $rc -eq 1 ] && grep -q "^lapic.c:$sink_line:" "$tmp/out" && [ $rc2 -eq 1 ] &&
	grep -q "^$evil/lapic.c:$sink_line:" "$tmp/out2" &&
	pass "python: the finding is still reported (from inside and outside)" ||
	fail "python: the finding is still reported" "rc=$rc/$rc2 $(cat "$tmp/out" "$tmp/err" | head -c 400)"

# --- file names spatch would hand to a shell (issue 8 item 5) ---
names=$tmp/names
home=$tmp/home
mkdir "$names" "$home"
bad_names=('a;cd;touch X;b.c' '$(cd;touch Y).c' 'b`cd;touch Z`.c' 'with space.c'
	   "quo\"te'.c" 'a&&cd&&touch W||.c' 'd;cd;touch V/in-dir.c')
for n in "${bad_names[@]}"; do mkdir -p "$names/$(dirname "$n")"; cp "$lapic" "$names/$n"; done
# Through a shell, as spatch runs diff, the names do run touch in $HOME.
(cd "$names" && HOME=$home sh -c "true ${bad_names[0]}" >/dev/null 2>&1)
[ -e "$home/X" ] && pass "names: the payload works through a shell" ||
	fail "names: the payload works through a shell" "no marker"
rm -f "$home"/*
for mode in report context patch; do
	(cd "$names" && HOME=$home "$KDELTA" cocci --mode $mode --format json "${bad_names[@]}") \
		>"$tmp/$mode.out" 2>"$tmp/$mode.err"
	rc=$?
	if [ -n "$(ls -A "$home")" ]; then
		fail "names: $mode mode runs nothing" "$(ls -A "$home")"
	else
		pass "names: $mode mode runs nothing"
	fi
	if [ $mode = report ]; then
		got=$(jq -r '.findings[] | select(.rule == "lapic_periodic_tscdeadline") | .file' "$tmp/$mode.out" | sort)
	else
		# Quoted as C strings where patch needs it ("b/with space.c").
		got=$(sed -n 's/^+++ "\{0,1\}b\///p' "$tmp/$mode.out" | sed 's/"$//; s/\\"/"/g' | sort -u)
	fi
	want=$(printf '%s\n' "${bad_names[@]}" | sort)
	[ $rc -eq 1 ] && [ "$got" = "$want" ] && pass "names: $mode mode names the original files" ||
		fail "names: $mode mode names the original files" "rc=$rc got [$got] $(head -c 300 "$tmp/$mode.err")"
done
# The patch applies to the files under their own names.
cp -r "$names" "$tmp/names2"
if (cd "$tmp/names2" && patch -p1 -s <"$tmp/patch.out") &&
   [ "$(grep -rl 'if (ktime_before(apic->lapic_timer.target_expiration, now))' "$tmp/names2" | wc -l)" -eq ${#bad_names[@]} ]; then
	pass "names: the patch applies to every file"
else
	fail "names: the patch applies to every file" "$(head -c 300 "$tmp/patch.out")"
fi

# --- names with a tab, a newline, a byte that is not UTF-8; code that
# is not UTF-8 (issue 8 item 14) ---
odd=$tmp/odd
mkdir "$odd"
odd_names=($'tab\there.c' $'new\nline.c' $'bad\xffbyte.c')
for n in "${odd_names[@]}"; do cp "$lapic" "$odd/$n"; done
(cd "$odd" && "$KDELTA" cocci "${odd_names[@]}") >"$tmp/odd.out" 2>"$tmp/odd.err"
rc=$?
out=$(cat "$tmp/odd.out")
# Text output shows control bytes and invalid UTF-8 as \xNN (output.c),
# so that a finding stays one line and the name shows what it is.
shown() {
	python3 -c 'import sys
b = sys.argv[1].encode("utf-8", "surrogateescape")
out = ""
for ch in b.decode("utf-8", "surrogateescape"):
    o = ord(ch)
    if 0xdc80 <= o <= 0xdcff:
        out += "\\x%02x" % (o - 0xdc00)
    elif o < 0x20 or o == 0x7f or ch == "\\":
        out += "\\x%02x" % o
    else:
        out += ch
sys.stdout.write(out)' "$1"
}
for n in "${odd_names[@]}"; do
	label=$(printf '%q' "$n")
	[ $rc -eq 1 ] && [[ $out == *"$(shown "$n"):$sink_line:3: warning: CVE-2025-71104"* ]] &&
		pass "odd name $label: reported under its own name" ||
		fail "odd name $label: reported under its own name" "rc=$rc $(head -c 300 "$tmp/odd.err")"
done
sed "s|ktime_t now = ktime_get();|ktime_t now = ktime_get(); /* caf$(printf '\xe9') \xff\xfe */|" "$lapic" >"$odd/code.c"
"$KDELTA" cocci --format json "$odd/code.c" >"$tmp/code.json" 2>"$tmp/code.err"
rc=$?
[ $rc -eq 1 ] && [ "$(jq '[.findings[] | select(.line == '"$sink_line"')] | length' "$tmp/code.json")" -ge 1 ] &&
	pass "code that is not UTF-8: the finding is reported" ||
	fail "code that is not UTF-8: the finding is reported" "rc=$rc $(head -c 300 "$tmp/code.err")"

# --- files spatch does not finish (issue 8 items 10, 12) ---
inc=$tmp/inc
mkdir "$inc"
cp "$lapic" "$inc/lapic.c"
python3 - "$inc" <<'EOF'
import sys
d = sys.argv[1]
n = 2000
with open(d + "/nested.c", "w") as f:
    f.write("typedef long long ktime_t;\nvoid f(int a, ktime_t t, ktime_t now)\n{\n"
            "\tktime_t d = ktime_sub(t, now);\n" + "".join("if (a > %d) {\n" % i for i in range(n)) +
            "nsec_to_cycles(a, d);\n" + "}\n" * n + "}\n")
with open(d + "/chain.c", "w") as f:
    f.write("int f(int a)\n{\n\treturn a" + " + a" * 200000 + ";\n}\n")
with open(d + "/huge.c", "w") as f:
    f.write("int xy;\n" * (3 << 17))
with open(d + "/garbage.c", "w") as f:
    f.write("".join("%d ]] {{ ;; ktime_sub ) ( ==> @@ %d\n" % (i, i) for i in range(200)))
EOF
t0=$SECONDS
"$KDELTA" cocci --timeout 5 --format json "$inc/lapic.c" "$inc/nested.c" "$inc/huge.c" "$inc/garbage.c" \
	>"$tmp/inc.json" 2>"$tmp/inc.err"
rc=$?
took=$((SECONDS - t0))
[ $rc -eq 2 ] && pass "incomplete: exit 2" || fail "incomplete: exit 2" "rc=$rc $(head -c 300 "$tmp/inc.err")"
[ $took -le 40 ] && pass "incomplete: --timeout 5 is kept (${took} s)" ||
	fail "incomplete: --timeout 5 is kept" "took $took s"
reason() { jq -r --arg f "$1" '.incomplete[] | select(.file == $f) | .reason' "$2"; }
for c in "nested.c:timed out after 5 s" "huge.c:too large: 3145728 bytes" "garbage.c:spatch could not parse"; do
	f=${c%%:*} want=${c#*:}
	r=$(reason "$inc/$f" "$tmp/inc.json")
	[[ $r == "$want"* ]] && pass "incomplete: $f listed in JSON ($r)" ||
		fail "incomplete: $f listed in JSON" "reason '$r', want '$want'"
done
[ "$(jq '[.findings[] | select(.file == "'"$inc/lapic.c"'" and .line == '"$sink_line"')] | length' "$tmp/inc.json")" -ge 1 ] &&
	pass "incomplete: the ordinary file still gets its finding" ||
	fail "incomplete: the ordinary file still gets its finding" "$(jq -c .findings "$tmp/inc.json" | head -c 300)"
"$KDELTA" cocci --format sarif --max-size 1 "$inc/huge.c" >"$tmp/inc.sarif" 2>/dev/null
rc=$?
[ $rc -eq 2 ] && jq -e '.runs[0].invocations[0].executionSuccessful == false and
	(.runs[0].invocations[0].toolExecutionNotifications[0].message.text | startswith("too large"))' \
	"$tmp/inc.sarif" >/dev/null && pass "incomplete: SARIF toolExecutionNotifications" ||
	fail "incomplete: SARIF toolExecutionNotifications" "rc=$rc $(head -c 300 "$tmp/inc.sarif")"
"$KDELTA" cocci "$inc/chain.c" "$inc/lapic.c" >"$tmp/chain.out" 2>"$tmp/chain.err"
rc=$?
[ $rc -eq 2 ] && grep -qx "kdelta: $inc/chain.c: not fully analysed: stack overflow in spatch (nesting too deep)" "$tmp/chain.err" &&
	grep -q "^$inc/lapic.c:$sink_line:" "$tmp/chain.out" &&
	pass "incomplete: spatch's stack overflow (it exits 0) is named on stderr" ||
	fail "incomplete: spatch's stack overflow is named on stderr" "rc=$rc $(head -c 300 "$tmp/chain.err")"
# 1.7 MB that spatch cannot analyse in 300 MB (without the instance rule's
# function, so that that rule skips it).
python3 -c "
s = open('$lapic').read().replace('advance_periodic_target_expiration', 'apte')
open('$tmp/big.c', 'w').write(s + ''.join(s.replace('apte', 'f%d' % i) for i in range(300)))"
"$KDELTA" cocci --max-memory 300 "$tmp/big.c" "$inc/lapic.c" >"$tmp/mem.out" 2>"$tmp/mem.err"
rc=$?
[ $rc -eq 2 ] && grep -qx "kdelta: $tmp/big.c: not fully analysed: out of memory (limit 300 MB)" "$tmp/mem.err" &&
	grep -q "^$inc/lapic.c:$sink_line:" "$tmp/mem.out" &&
	pass "incomplete: --max-memory bounds spatch; the file is named" ||
	fail "incomplete: --max-memory bounds spatch" "rc=$rc $(head -c 300 "$tmp/mem.err")"
# A FIFO in a directory is never opened (nothing would ever write to it).
fifo=$tmp/fifo
mkdir "$fifo"
cp "$lapic" "$fifo/lapic.c"
mkfifo "$fifo/pipe.c"
timeout 60 "$KDELTA" cocci "$fifo" >"$tmp/fifo.out" 2>"$tmp/fifo.err"
rc=$?
[ $rc -eq 2 ] && grep -q "pipe.c" "$tmp/fifo.err" && pass "a FIFO: named, exit 2, no hang" ||
	fail "a FIFO: named, exit 2, no hang" "rc=$rc $(head -c 300 "$tmp/fifo.err")"

# --- interrupted runs (issue 8 item 13) ---
# signal NAME: kdelta on the slow file under a private TMPDIR, the signal
# after spatch has started: kdelta dies of it, no spatch of the run is
# left and no temporary.
interrupt() {
	local sig=$1 want=$2 td=$tmp/t-$1 pid rc pids i
	mkdir "$td"
	# A background job of a script ignores SIGINT: python restores it.
	TMPDIR=$td python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$KDELTA" cocci --timeout 100 "$inc/nested.c" >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 50); do
		pids=$(pgrep -f "$td/kdelta-") && break
		sleep 0.1
	done
	sleep 1
	kill -"$sig" $pid
	for i in $(seq 50); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	wait $pid
	rc=$?
	sleep 0.2
	[ -n "$pids" ] && pass "$sig: spatch was running" || fail "$sig: spatch was running" "no spatch seen"
	[ $rc -eq "$want" ] && pass "$sig: kdelta dies of the signal ($rc)" || fail "$sig: kdelta dies of the signal" "rc=$rc"
	if pgrep -f "$td/kdelta-" >/dev/null; then
		fail "$sig: no spatch left" "$(pgrep -af "$td/kdelta-")"
		pkill -KILL -f "$td/kdelta-"
	else
		pass "$sig: no spatch left"
	fi
	[ -z "$(ls -A "$td")" ] && pass "$sig: no temporary left in TMPDIR" ||
		fail "$sig: no temporary left in TMPDIR" "$(ls -A "$td")"
	for p in $pids; do
		if ls /tmp/cocci-output-"$p"-* /tmp/cocci_small_output-"$p"-* >/dev/null 2>&1; then
			fail "$sig: spatch's /tmp files removed" "$(ls /tmp/cocci*-"$p"-*)"
			return
		fi
	done
	pass "$sig: spatch's /tmp files removed"
}
interrupt TERM 143
interrupt INT 130

# --- help and bad options ---
"$KDELTA" cocci --help >"$tmp/h.out" 2>"$tmp/h.err"
rc=$?
[ $rc -eq 0 ] && grep -q '^usage: kdelta cocci' "$tmp/h.out" && grep -q -- '--timeout' "$tmp/h.out" &&
	[ ! -s "$tmp/h.err" ] && pass "cocci --help: usage on stdout, exit 0" ||
	fail "cocci --help: usage on stdout, exit 0" "rc=$rc $(head -c 200 "$tmp/h.err")"
for args in "--frobnicate $lapic" "--timeout 0 $lapic" "--max-memory x $lapic" "--timeout"; do
	# shellcheck disable=SC2086
	"$KDELTA" cocci $args >"$tmp/b.out" 2>"$tmp/b.err"
	rc=$?
	[ $rc -eq 2 ] && [ ! -s "$tmp/b.out" ] && [ "$(wc -l <"$tmp/b.err")" -eq 1 ] && grep -q '^kdelta: ' "$tmp/b.err" &&
		pass "bad option '$args': one line, exit 2" ||
		fail "bad option '$args': one line, exit 2" "rc=$rc $(cat "$tmp/b.err")"
done
"$KDELTA" cocci --frobnicate "$lapic" 2>&1 | grep -q 'usage: kdelta cocci' &&
	pass "bad option: the usage is shown" || fail "bad option: the usage is shown" "no usage"
exit 0
