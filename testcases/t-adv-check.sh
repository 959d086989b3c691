#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta check on hostile input: a compile_commands.json or a kbuild
# command line whose options would make libclang write files (-MD -MF,
# -o, -save-temps, --serialize-diagnostics, -ftime-trace, plugins,
# -Xclang, -Wp,-MMD, a response file), FIFOs among the sources, headers and
# databases, directories, broken database entries, a relative "directory",
# --chain misuse, a parse that never ends.  Nothing may be written, nothing
# may hang, every error is one line, and the good file is still analysed.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T=$tmp/tree
mkdir -p "$T" "$tmp/out" "$tmp/db"
cat >"$T/a.c" <<'EOF'
#include "kdelta-fixture.h"

u64 pos_sink_nsec_to_cycles(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	return nsec_to_cycles(apic->vcpu, delta);
}
EOF
LINE=8
printf 'victim: must stay byte for byte\n' >"$tmp/victim"
cp "$tmp/victim" "$tmp/victim.orig"
# A response file naming a dependency output (never expanded by kdelta).
printf -- '-MD -MF %s\n' "$tmp/victim" >"$tmp/rsp"
# Every file below $tmp but kdelta's own outputs: nothing may appear.
listing() { (cd "$tmp" && find . -path ./out -prune -o -print | sort); }
touch "$tmp/db/compile_commands.json"
listing >"$tmp/out/before"

unchanged() {
	listing >"$tmp/out/after"
	cmp -s "$tmp/victim" "$tmp/victim.orig" && cmp -s "$tmp/out/before" "$tmp/out/after"
}
what_changed() {
	cmp -s "$tmp/victim" "$tmp/victim.orig" || echo "victim overwritten"
	diff "$tmp/out/before" "$tmp/out/after" | grep '^>' | head -3
}

# Each line: a name, then the hostile options (words).
hostile=(
	"-MD -MF victim|-MD -MF $tmp/victim"
	"-MMD -MF victim|-MMD -MF $tmp/victim"
	"-MD alone|-MD"
	"-M -MF victim|-M -MF $tmp/victim"
	"-o|-o $tmp/x.o"
	"-save-temps|-save-temps"
	"-save-temps=obj|-save-temps=obj"
	"--serialize-diagnostics|--serialize-diagnostics $tmp/y.dia"
	"-ftime-trace|-ftime-trace"
	"-fplugin=|-fplugin=$tmp/plugin.so"
	"-Xclang -load|-Xclang -load -Xclang $tmp/lib.so"
	"-Xclang -dependency-file|-Xclang -dependency-file -Xclang $tmp/z.d -Xclang -MT -Xclang a.o"
	"-Wp,-MMD|-Wp,-MMD,$tmp/w.d"
	"-Wp,-MD,victim|-Wp,-MD,$tmp/victim"
	"response file|@$tmp/rsp"
)

# Through compile_commands.json ("arguments" and "command" forms).
for h in "${hostile[@]}"; do
	name=${h%%|*}
	read -r -a opts <<<"${h#*|}"
	for form in arguments command; do
		jq -n --arg dir "$T" --arg inc "$INC" --arg form "$form" '$ARGS.positional as $o |
			[{directory: $dir, file: "a.c"} +
			 (["cc", "-c", "-I", $inc] + $o + ["a.c"] |
			  if $form == "arguments" then {arguments: .} else {command: join(" ")} end)]' \
			--args -- "${opts[@]}" >"$tmp/db/compile_commands.json"
		(cd / && "$KDELTA" check -p "$tmp/db" --format json) >"$tmp/out/j" 2>"$tmp/out/e"
		rc=$?
		n=$(jq '.findings | length' "$tmp/out/j" 2>/dev/null)
		if [ $rc -eq 1 ] && [ "$n" = 1 ] && [ ! -s "$tmp/out/e" ] && unchanged; then
			pass "compile database ($form) $name: nothing written, finding reported"
		else
			fail "compile database ($form) $name" "rc=$rc findings=$n $(what_changed) $(head -c 200 "$tmp/out/e")"
		fi
	done
	# kbuild: $(CHECK) $(CHECKFLAGS) $(c_flags) file.c, from the tree.
	(cd "$T" && "$KDELTA" check --kbuild -D__linux__ -Wbitwise --arch=x86 -I "$INC" "${opts[@]}" a.c) \
		>"$tmp/out/o" 2>"$tmp/out/e"
	rc=$?
	if [ $rc -eq 0 ] && grep -q "^a.c:$LINE:[0-9]*: warning: .*\[kdelta:" "$tmp/out/e" &&
	   [ "$(wc -l <"$tmp/out/e")" -eq 1 ] && unchanged; then
		pass "kbuild $name: nothing written, finding reported"
	else
		fail "kbuild $name" "rc=$rc $(what_changed) $(head -c 200 "$tmp/out/e")"
	fi
done
rm -f "$tmp/db/compile_commands.json"
listing >"$tmp/out/before"

# one_line RC NAME CMD...: exit status RC, exactly one "kdelta: " line on
# stderr naming what is wrong (grep pattern $WANT), no hang.
one_line() {
	local want_rc=$1 name=$2 rc
	shift 2
	timeout 20 "$@" >"$tmp/out/o" 2>"$tmp/out/e"
	rc=$?
	if [ $rc -eq "$want_rc" ] && [ "$(wc -l <"$tmp/out/e")" -eq 1 ] &&
	   grep -q "^kdelta: .*$WANT" "$tmp/out/e"; then
		pass "$name"
	else
		fail "$name" "rc=$rc stderr=$(head -c 300 "$tmp/out/e")"
	fi
}
findings_are() { [ "$(jq '.findings | length' "$tmp/out/o" 2>/dev/null)" = "$1" ]; }

# FIFOs: a source, a header, the database itself; none may hang.
mkfifo "$T/fifo.c" "$T/fifo.h" "$tmp/db/compile_commands.json"
printf '#include "fifo.h"\nktime_t f(void);\n' >"$T/incfifo.c"
WANT="fifo.c: not a regular file"
one_line 2 "FIFO source: one line, exit 2" "$KDELTA" check --format json "$T/fifo.c" "$T/a.c" -- -I "$INC"
findings_are 1 && pass "FIFO source: the other file analysed" || fail "FIFO source: the other file analysed" "$(cat "$tmp/out/o")"
one_line 2 "FIFO source, --all: one line, exit 2" "$KDELTA" check --all "$T/fifo.c" -- -I "$INC"
one_line 0 "FIFO source, kbuild: a warning, exit 0" \
	env -C "$T" "$KDELTA" check --kbuild -I "$INC" fifo.c
WANT="incfifo.c: not fully analysed: timed out after 2 s"
one_line 2 "FIFO header: the parse times out, one line, exit 2" \
	"$KDELTA" check --timeout 2 --format json "$T/incfifo.c" "$T/a.c" -- -I "$INC"
findings_are 1 && [ "$(jq -r '.incomplete[0].reason' "$tmp/out/o")" = "timed out after 2 s" ] &&
	pass "FIFO header: listed as incomplete, the other file analysed" ||
	fail "FIFO header: listed as incomplete" "$(head -c 300 "$tmp/out/o")"
one_line 0 "FIFO header, kbuild: a warning, exit 0" \
	env -C "$T" "$KDELTA" check --timeout 2 --kbuild -I "$INC" incfifo.c
WANT="compile_commands.json: not a regular file"
one_line 2 "FIFO compile database: one line, exit 2" "$KDELTA" check -p "$tmp/db"
rm -f "$T/fifo.c" "$T/fifo.h" "$T/incfifo.c" "$tmp/db/compile_commands.json"

# The memory bound: a macro expansion of 2^25 tokens needs gigabytes; the
# address space limit stops the parse, reported.  (Not under
# AddressSanitizer, which reserves terabytes and so runs with no limit.)
{
	echo '#define A0 x+x'
	for i in $(seq 1 24); do echo "#define A$i A$((i - 1))+A$((i - 1))"; done
	echo 'typedef long ktime_t; int x; int bomb(void) { return A24; }'
} >"$T/bomb.c"
case $KDELTA in
*/asan/*) ;;
*)
	WANT="bomb.c: not fully analysed: \\(libclang crashed\\|the analysis stopped\\)"
	one_line 2 "memory bound: the parse stops, one line, exit 2" \
		"$KDELTA" check --all --memory 400 --timeout 30 "$T/bomb.c" ;;
esac
rm -f "$T/bomb.c"

# Directories are not C files.
WANT="\\.: a directory, not a C file"
one_line 2 "check . : one line, exit 2" env -C "$T" "$KDELTA" check .
one_line 2 "check --all . : one line, exit 2" env -C "$T" "$KDELTA" check --all .

# A file that does not parse in kbuild mode: a warning, the build goes on.
printf '#include "kdelta-fixture.h"\nktime_t broken(void) { return ; ]\n' >"$T/broken.c"
WANT="broken.c: not fully analysed: cannot parse"
one_line 0 "kbuild: a parse failure is a warning, exit 0" \
	env -C "$T" "$KDELTA" check --kbuild -I "$INC" broken.c
one_line 2 "outside kbuild: a parse failure is an error, exit 2" \
	env -C "$T" "$KDELTA" check broken.c -- -I "$INC"

# --chain: a value, and only sparse.
WANT="--chain takes 'sparse'"
one_line 2 "kbuild --chain with no value: one line, exit 2" "$KDELTA" check --kbuild --chain
one_line 2 "kbuild --chain=foo: one line, exit 2" "$KDELTA" check --kbuild --chain=foo -I "$INC" "$T/a.c"
one_line 2 "kbuild --chain foo: one line, exit 2" "$KDELTA" check --kbuild --chain foo -I "$INC" "$T/a.c"
one_line 2 "--chain=foo: one line, exit 2" "$KDELTA" check --chain=foo "$T/a.c"
WANT="--chain sparse goes with --kbuild"
one_line 2 "--chain sparse without --kbuild: one line, exit 2" "$KDELTA" check --chain sparse "$T/a.c"

# A relative "directory" is taken from the database's own directory, as
# clang's tools do, whatever the current directory.
mkdir "$tmp/db2"
jq -n --arg inc "$INC" '[{directory: "../tree", file: "a.c", arguments: ["cc", "-I", $inc, "-c", "a.c"]}]' \
	>"$tmp/db2/compile_commands.json"
got=$(cd / && "$KDELTA" check -p "$tmp/db2" --format json | jq -r '.findings[] | "\(.file):\(.line)"')
[ "$got" = "a.c:$LINE" ] && pass "relative directory: the whole database" ||
	fail "relative directory: the whole database" "$got"
got=$(cd / && "$KDELTA" check -p "$tmp/db2" --format json "$T/a.c" | jq -r '.findings[] | "\(.file):\(.line)"')
[ "$got" = "a.c:$LINE" ] && pass "relative directory: a named file found" ||
	fail "relative directory: a named file found" "$got"

# Broken entries: each one line naming the entry and the field; the good
# entry is still analysed, exit 2.
jq -n --arg dir "$T" --arg inc "$INC" '[
	{file: "b.c", arguments: ["cc", "b.c"]},
	{directory: $dir, file: "c.c"},
	{directory: $dir, arguments: ["cc", "d.c"]},
	{directory: $dir, file: "e.c", arguments: "cc e.c"},
	{directory: $dir, file: "f.c", command: "cc \"-DX f.c"},
	7,
	{directory: $dir, file: "a.c", arguments: ["cc", "-I", $inc, "a.c"]}]' >"$tmp/db2/compile_commands.json"
"$KDELTA" check -p "$tmp/db2" --format json >"$tmp/out/o" 2>"$tmp/out/e"
rc=$?
db=$tmp/db2/compile_commands.json
ok=1
for want in "entry 0 (b.c): \"directory\" is missing" "entry 1 (c.c): neither \"arguments\" nor \"command\"" \
	    "entry 2: \"file\" is missing" "entry 3 (e.c): \"arguments\" is not" \
	    "entry 4 (f.c): \"command\" has an unterminated quote" "entry 5: not an object"; do
	grep -qF "kdelta: $db: $want" "$tmp/out/e" || { ok=0; fail "broken entry named: $want" "$(cat "$tmp/out/e")"; }
done
[ $ok = 1 ] && pass "broken database entries: each named with its field"
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/out/e")" -eq 6 ] && findings_are 1 &&
	pass "broken database entries: one line each, exit 2, the good entry analysed" ||
	fail "broken database entries: exit 2, good entry analysed" "rc=$rc lines=$(wc -l <"$tmp/out/e")"

# A file name that is not UTF-8 (the finding comes back from the child
# process intact, whatever its bytes; text output shows the invalid bytes
# as \xNN, JSON keeps them escaped the same way).
bad=$T/$'\xff\xfe'.c
cp "$T/a.c" "$bad"
got=$("$KDELTA" check "$bad" -- -I "$INC" 2>&1)
rc=$?
shown="$T/\\xff\\xfe.c"
[ $rc -eq 1 ] && [ "$got" != "${got#"$shown:$LINE:"}" ] && pass "a file name not in UTF-8: finding reported" ||
	fail "a file name not in UTF-8: finding reported" "rc=$rc $(printf '%s' "$got" | head -c 200)"
rm -f "$bad"

"$KDELTA" check --help >"$tmp/out/o" 2>"$tmp/out/e"
[ $? -eq 0 ] && grep -q '^usage: kdelta check' "$tmp/out/o" && [ ! -s "$tmp/out/e" ] &&
	pass "check --help: usage on stdout, exit 0" || fail "check --help" "$(cat "$tmp/out/e")"
rm -f "$T/broken.c"
exit 0
