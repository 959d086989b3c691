#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta audit and merge against hostile trees, names and output
# directories, on a tiny fake kernel tree: markup in the Makefile and in
# file names stays text in every report (also in headless Chromium's DOM),
# odd bytes in names survive into JSON and SARIF, a planted symlink is
# never followed, the four reports are written all or none (a failing
# rename, an interrupt, concurrent merges), untrusted files (FIFO,
# /dev/zero, a directory, not JSON) give one line and exit 2.
. "$(dirname "$0")/lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
LAPIC=$TOP/testcases/lapic/stable-6.1.158.c

# fake_tree DIR PATCHLEVEL: a top Makefile, scripts/, arch/x86/kvm/lapic.c.
fake_tree() {
	mkdir -p "$1/scripts" "$1/arch/x86/kvm"
	printf 'VERSION = 6\nPATCHLEVEL = %s\nSUBLEVEL = 0\nEXTRAVERSION = -`x`\n' "$2" >"$1/Makefile"
	cp "$LAPIC" "$1/arch/x86/kvm/lapic.c"
}
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }
# one_line NAME RC-WANTED: the last command's $rc and $S/err.
one_line() {
	if [ "$rc" -eq "$2" ] && [ "$(wc -l <"$S/err")" -eq 1 ] && grep -q '^kdelta: ' "$S/err"; then
		pass "$1"
	else
		fail "$1" "rc=$rc $(head -c 300 "$S/err")"
	fi
}

# --- markup from the tree ---------------------------------------------------

K=$S/tree
fake_tree "$K" '1<script>document.title="pwned"</script><img src=x onerror=alert(1)>'
weird='drivers/a`b``<i>c</i>&lt;'
mkdir -p "$K/$weird"
cp "$LAPIC" "$K/$weird/x\`<b>.c"
"$KDELTA" audit "$K" -o "$S/out" >"$S/out.txt" 2>"$S/err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$S/out.txt")" -eq 4 ] && pass "markup tree: audit exit 1, four files" ||
	fail "markup tree: audit exit 1, four files" "rc=$rc $(head -c 300 "$S/err")"
jq -e --arg f "$weird/x\`<b>.c" '[.findings[].file] | index($f) != null' "$S/out/report.json" >/dev/null &&
	pass "markup tree: the finding in the odd file name is in report.json" ||
	fail "markup tree: the odd file's finding" "$(jq -c '[.findings[].file]' "$S/out/report.json")"
if grep -Eq '<script|<img|<i>|<b>' "$S/out/report.html"; then
	fail "markup tree: no raw markup in report.html" "$(grep -Eo '.{20}<(script|img|i|b)>.{10}' "$S/out/report.html" | head -3)"
else
	pass "markup tree: no raw markup in report.html"
fi
# Markdown: outside code blocks and code spans (where CommonMark shows
# text as it is), every '<', '&' and backquote is backslash-escaped.
raw=$(python3 - "$S/out/report.md" <<'PY'
import re, sys
fence = None
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"^(`{3,})", line)
    if m and (fence is None or len(m.group(1)) >= len(fence)):
        fence = None if fence else m.group(1)
        continue
    if fence:
        continue
    text = re.sub(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", "", line)
    if re.search(r"(?<!\\)[<&`]", text):
        print(line.rstrip())
PY
)
[ -z "$raw" ] && grep -q 'PATCHLEVEL | 1\\<script' "$S/out/report.md" && pass "markup tree: no raw markup in report.md" ||
	fail "markup tree: no raw markup in report.md" "$raw"
# The Markdown code span of the file name holds the backquotes.
grep -qF '#### ```drivers/a`b``<i>c</i>&lt;/x`<b>.c```' "$S/out/report.md" &&
	pass "markdown: a code span longer than the name's backquote runs" ||
	fail "markdown: code span" "$(grep '^#### ' "$S/out/report.md")"
if command -v chromium >/dev/null; then
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$S/profile" --dump-dom "file://$S/out/report.html" >"$S/dom" 2>/dev/null
	if grep -q '<h1>' "$S/dom" && ! grep -Eq '<script|<img|<i>|<b>|<title>pwned' "$S/dom" &&
	   grep -q 'document.title=' "$S/dom"; then
		pass "chromium: the injected markup is text in the DOM"
	else
		fail "chromium: the injected markup is text in the DOM" "$(grep -Eo '.{30}<(script|img|i|b)[ >].{20}' "$S/dom" | head -3)"
	fi
else
	fail "chromium" "not installed"
fi

# --- odd bytes in names: kept, valid JSON and SARIF --------------------------

O=$S/odd
mkdir -p "$O"
cp "$LAPIC" "$O/"$'t\tab\xff.c'
cp "$LAPIC" "$O/"$'n\nl.c'
(cd "$O" && "$KDELTA" check --format json ./* -- -I"$INC" >"$S/odd.json" 2>"$S/err")
(cd "$O" && "$KDELTA" check --format sarif ./* -- -I"$INC" >"$S/odd.sarif" 2>>"$S/err")
(cd "$O" && "$KDELTA" check ./* -- -I"$INC" >"$S/odd.txt" 2>>"$S/err")
jq -e '[.findings[].file] | sort == ["./n\nl.c", "./t\tab\\xff.c"]' "$S/odd.json" >/dev/null &&
	pass "json: a tab, a newline and \\xff in names survive" ||
	fail "json: odd names" "$(head -c 400 "$S/odd.json") $(head -c 200 "$S/err")"
jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | sort == ["./n%0Al.c", "./t%09ab%FF.c"]' \
	"$S/odd.sarif" >/dev/null && pass "sarif: odd names as percent-encoded URIs, both findings" ||
	fail "sarif: odd names" "$(jq -c '[.runs[0].results[].locations]' "$S/odd.sarif" 2>&1 | head -c 300)"
[ "$(wc -l <"$S/odd.txt")" -eq 2 ] && grep -qF './n\x0al.c:159:' "$S/odd.txt" && grep -qF './t\x09ab\xff.c:159:' "$S/odd.txt" &&
	pass "text: one line a finding, control bytes shown" || fail "text: odd names" "$(cat "$S/odd.txt" | head -c 300)"
validator=$("$TOP/scripts/setup-sarif-validator.sh" 2>/dev/null)
if [ -x "$validator" ]; then
	for f in "$S/odd.sarif" "$S/out/report.sarif"; do
		DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$validator" validate "$f" -o "$S/val" >/dev/null 2>&1
		errs=$(jq '[.runs[].results[] | select(.level == "error")] | length' "$S/val" 2>/dev/null)
		[ "$errs" = 0 ] && pass "sarif validates ($(basename "$f"))" ||
			fail "sarif validates ($(basename "$f"))" "errors=$errs"
	done
else
	fail "sarif validator" "cannot install it"
fi

# --- the output directory ----------------------------------------------------

SUM=$(tree_sum "$K")
cp "$K/Makefile" "$S/makefile.orig"
# The old scheme's temporary names, planted as symlinks to the tree's Makefile.
mkdir -p "$S/planted"
for n in json md html sarif; do ln -s "$K/Makefile" "$S/planted/.report.$n.tmp"; done
"$KDELTA" audit "$K" -o "$S/planted" >/dev/null 2>"$S/err"
rc=$?
one_line "planted symlinks in OUTDIR: exit 2, one line" 2
cmp -s "$K/Makefile" "$S/makefile.orig" && [ -L "$S/planted/.report.json.tmp" ] &&
	pass "planted symlinks: the victim is byte-for-byte unchanged" || fail "planted symlinks" "Makefile changed"
ln -s "$K/Makefile" "$S/victim-link"
"$KDELTA" audit "$K" -o "$S/victim-link" >/dev/null 2>"$S/err"
rc=$?
one_line "OUTDIR a symlink to a file: exit 2, one line" 2
"$KDELTA" audit "$K" -o "$K/sub/new" >/dev/null 2>"$S/err"
rc=$?
one_line "-o inside the tree: exit 2, one line" 2
[ ! -e "$K/sub" ] && [ "$(tree_sum "$K")" = "$SUM" ] && pass "-o inside the tree: nothing created" ||
	fail "-o inside the tree: nothing created" "$(ls "$K")"
"$KDELTA" audit "$K" -o '' >/dev/null 2>"$S/err"
rc=$?
one_line "audit -o '': exit 2, one line" 2
printf 'x\n' >"$S/not-ours"
mkdir -p "$S/busy" && cp "$S/not-ours" "$S/busy/notes.txt"
"$KDELTA" audit "$K" -o "$S/busy" >/dev/null 2>"$S/err"
rc=$?
one_line "OUTDIR holding other files is refused" 2
cmp -s "$S/busy/notes.txt" "$S/not-ours" && pass "OUTDIR holding other files: left alone" ||
	fail "OUTDIR holding other files" "changed"

# A rename that fails: OUTDIR is a mount point (EBUSY), in a mount namespace.
mkdir -p "$S/old"
"$KDELTA" audit "$K" -o "$S/old" >/dev/null 2>&1
(cd "$S/old" && sha256sum report.*) >"$S/old.sum"
if unshare -m true 2>/dev/null; then
	mkdir -p "$S/mp"
	unshare -m sh -c 'mount -t tmpfs none "$1" && cp "$2"/report.* "$1"/ &&
		"$3" audit "$4" -o "$1" >/dev/null 2>"$5"; echo $? >"$6"
		cd "$1" && sha256sum report.* >"$7"; ls -a "$(dirname "$1")" >"$8"' \
		sh "$S/mp" "$S/old" "$KDELTA" "$K" "$S/err" "$S/rc" "$S/mp.sum" "$S/ls"
	rc=$(cat "$S/rc")
	one_line "a failing rename: exit 2, one line" 2
	cmp -s "$S/old.sum" "$S/mp.sum" && ! grep -q kdelta- "$S/ls" &&
		pass "a failing rename: the old reports unchanged, no temporary left" ||
		fail "a failing rename" "$(cat "$S/mp.sum" "$S/ls")"
else
	echo "# no mount namespace: the failing-rename check is skipped"
fi

# An interrupt during the audit: OUTDIR as it was, no temporary.
cp -r "$S/old" "$S/intr"
for delay in 0.2 0.6 1.0; do
	"$KDELTA" audit "$K" -o "$S/intr" >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -TERM $pid 2>/dev/null
	wait $pid
done
(cd "$S/intr" && sha256sum report.*) >"$S/intr.sum"
ls -a "$S" | grep -q 'kdelta-' && fail "SIGTERM: no temporary left" "$(ls -a "$S")" ||
	pass "SIGTERM: no temporary left"
ok=1
cmp -s "$S/old.sum" "$S/intr.sum" || [ "$(wc -l <"$S/intr.sum")" -eq 4 ] || ok=0
[ $ok = 1 ] && pass "SIGTERM: OUTDIR holds the old set or a complete new one" ||
	fail "SIGTERM: OUTDIR" "$(cat "$S/intr.sum")"

# --- untrusted files ------------------------------------------------------------

for kind in fifo zero; do
	F=$S/tree-$kind
	fake_tree "$F" 1
	rm "$F/Makefile"
	if [ $kind = fifo ]; then mkfifo "$F/Makefile"; else ln -s /dev/zero "$F/Makefile"; fi
	timeout 20 "$KDELTA" audit "$F" -o "$S/o-$kind" >/dev/null 2>"$S/err"
	rc=$?
	one_line "a Makefile that is a $kind: exit 2, one line" 2
	[ ! -e "$S/o-$kind" ] && pass "a Makefile that is a $kind: nothing written" ||
		fail "a Makefile that is a $kind: nothing written" "$(ls "$S/o-$kind")"
done
B=$S/tree-big
fake_tree "$B" 1
truncate -s 65M "$B/arch/x86/kvm/huge.c"
"$KDELTA" audit "$B" -o "$S/o-big" >/dev/null 2>"$S/err"
rc=$?
[ $rc -eq 2 ] && jq -e '.incomplete == [{"file": "arch/x86/kvm/huge.c", "reason": "larger than 64 MiB, not scanned"}]
	and .scan.complete == false and (.findings | length) == 1' "$S/o-big/report.json" >/dev/null &&
	grep -q 'Incomplete' "$S/o-big/report.md" && grep -q 'id="incomplete"' "$S/o-big/report.html" &&
	jq -e '.runs[0].invocations[0].executionSuccessful == false and
	 (.runs[0].invocations[0].toolExecutionNotifications | length) == 1' "$S/o-big/report.sarif" >/dev/null &&
	pass "a file not analysed: in all four reports, exit 2" ||
	fail "a file not analysed" "rc=$rc $(jq -c .incomplete "$S/o-big/report.json" 2>&1)"
D=$S/tree-db
fake_tree "$D" 1
echo '[{"directory": "/tmp"}]' >"$D/compile_commands.json"
"$KDELTA" audit "$D" -o "$S/o-db" >/dev/null 2>"$S/err"
rc=$?
one_line "a compile DB entry without \"file\": exit 2, one line" 2
grep -q 'compile_commands.json: 1 entries without a "file"' "$S/err" &&
	pass "a compile DB entry without \"file\": the message names it" || fail "compile DB message" "$(cat "$S/err")"

# --- merge ----------------------------------------------------------------------

for i in 1 2; do "$KDELTA" audit "$K" --shard $i/2 -o "$S/s$i" >/dev/null 2>&1; done
mkdir -p "$S/adir"
printf 'not json' >"$S/notjson"
jq 'del(.kdelta)' "$S/s1/report.json" >"$S/nokdelta.json"
for bad in adir notjson nokdelta.json; do
	"$KDELTA" merge -o "$S/m-bad" "$S/$bad" "$S/s2/report.json" >/dev/null 2>"$S/err"
	rc=$?
	one_line "merge of $bad: exit 2, one line" 2
	grep -q "$bad" "$S/err" && [ ! -e "$S/m-bad" ] && pass "merge of $bad: names it, writes nothing" ||
		fail "merge of $bad: names it" "$(cat "$S/err")"
done
"$KDELTA" merge -o '' "$S/s1/report.json" "$S/s2/report.json" >/dev/null 2>"$S/err"
rc=$?
one_line "merge -o '': exit 2, one line" 2
ok=1
for round in 1 2 3; do
	"$KDELTA" merge -o "$S/m" "$S/s1/report.json" "$S/s2/report.json" >/dev/null 2>"$S/e1" &
	p1=$!
	"$KDELTA" merge -o "$S/m" "$S/s2/report.json" "$S/s1/report.json" >/dev/null 2>"$S/e2" &
	p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	[ $r1 -eq 1 ] && [ $r2 -eq 1 ] && [ "$(ls "$S/m" | wc -l)" -eq 4 ] &&
		jq -e '(.findings | length) == 2' "$S/m/report.json" >/dev/null &&
		[ "$(grep -c '<section class="finding"' "$S/m/report.html")" -eq 2 ] || ok=0
done
ls -a "$S" | grep -q 'kdelta-' && ok=0
[ $ok = 1 ] && pass "two concurrent merges into one OUTDIR: both exit 1, one complete set" ||
	fail "concurrent merges" "r1=$r1 r2=$r2 $(cat "$S/e1" "$S/e2") $(ls -a "$S/m" "$S")"

for cmd in audit merge; do
	"$KDELTA" $cmd --help >"$S/help" 2>"$S/err"
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$S/err" ] && grep -q "^usage: kdelta $cmd" "$S/help" &&
		pass "$cmd --help: usage on stdout, exit 0" || fail "$cmd --help" "rc=$rc"
done
exit 0
