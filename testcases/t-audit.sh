#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# kdelta audit and kdelta merge: the known-instance table on the real 6.1
# trees (shipped: fixed; reverted: present) and on a tree per lapic
# fixture, report.json against `kdelta cocci` and `kdelta check` over the
# same files, SARIF through Microsoft's validator, shards merged against
# one run, the audited trees unchanged, and bad input.
. "$(dirname "$0")/tree-lib.sh"

trees_prepare audit:trees
scratch_init
S=$SCRATCH

# audit NAME ARGS...: runs kdelta audit; sets RC, OUT (stdout), ERR (stderr).
audit() {
	local name=$1
	shift
	"$KDELTA" audit "$@" >"$S/$name.out" 2>"$S/$name.err"
	RC=$?
}

# jcheck NAME FILE JQ-EXPR [JQ-ARGS...]: PASS when the expression is true.
jcheck() {
	local name=$1 file=$2 expr=$3
	shift 3
	if jq -e "$@" "$expr" "$file" >/dev/null 2>&1; then
		pass "$name"
	else
		fail "$name" "$expr is not true of $file"
	fi
}

# A fake kernel tree: top Makefile, scripts/, arch/, the given lapic.c.
fake_tree() {
	local dir=$1 lapic=$2
	mkdir -p "$dir/scripts" "$dir/arch/x86/kvm"
	printf 'VERSION = 4\nPATCHLEVEL = 18\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$dir/Makefile"
	[ -z "$lapic" ] || cp "$lapic" "$dir/arch/x86/kvm/lapic.c"
}

SUM_SHIPPED=$(tree_sum "$SHIPPED")
SUM_REVERTED=$(tree_sum "$REVERTED")
NSEC=$(nsec_line "$REVERTED")
SUB=$(grep -n 'delta = ktime_sub(apic->lapic_timer.target_expiration, now);' "$REVERTED/$LAPIC" | cut -d: -f1)
CLAMP=$(grep -n 'if (ktime_before(apic->lapic_timer.target_expiration, now))' "$SHIPPED/$LAPIC" | cut -d: -f1)

# --- the real trees -------------------------------------------------------

t0=$SECONDS
audit shipped "$SHIPPED" -o "$S/shipped"
echo "# kdelta audit of the shipped tree took $((SECONDS - t0)) s"
R=$S/shipped/report.json
[ $RC -eq 0 ] && pass "audit shipped: exit 0" || fail "audit shipped: exit 0" "rc=$RC $(head -c 300 "$S/shipped.err")"
want=$(printf '%s\n' "$S/shipped/report."{json,md,html,sarif})
[ "$(cat "$S/shipped.out")" = "$want" ] && pass "audit: prints the four files it wrote" ||
	fail "audit: prints the four files it wrote" "$(cat "$S/shipped.out")"
jcheck "audit shipped: CVE-2025-71104 fixed" "$R" \
	'.known_instances[] | select(.id == "CVE-2025-71104") | .status == "fixed"'
jcheck "audit shipped: evidence is the clamp, the subtraction and the sink" "$R" \
	'[.known_instances[0].evidence[].line] as $l | ($l | index($c)) != null and ($l | length) == 4
	 and (.known_instances[0].evidence[0].text | test("ktime_before"))' --argjson c "${CLAMP:-0}"
jcheck "audit shipped: tree identity 6.1.192, no vendor marker" "$R" \
	'.tree.version == "6.1.192" and .tree.makefile == {"VERSION": "6", "PATCHLEVEL": "1",
	 "SUBLEVEL": "192", "EXTRAVERSION": ""} and .tree.vendor == null and .kdelta.version == "0.1.0"'
jcheck "audit shipped: no finding" "$R" '.findings == []'

t0=$SECONDS
audit reverted "$REVERTED" -o "$S/reverted"
echo "# kdelta audit of the reverted tree took $((SECONDS - t0)) s"
R=$S/reverted/report.json
[ $RC -eq 1 ] && pass "audit reverted: exit 1" || fail "audit reverted: exit 1" "rc=$RC $(head -c 300 "$S/reverted.err")"
jcheck "audit reverted: CVE-2025-71104 present" "$R" \
	'.known_instances[] | select(.id == "CVE-2025-71104") | .status == "present"'
jcheck "audit reverted: evidence is the subtraction and the sink" "$R" \
	'[.known_instances[0].evidence[].line] == [$s, $n]' --argjson s "${SUB:-0}" --argjson n "${NSEC:-0}"
jcheck "audit reverted: the lapic finding, with its context" "$R" \
	'.findings | length == 1 and (.[0] | .file == $f and .line == $n and .subsystem == "arch"
	 and .rule == "lapic_periodic_tscdeadline" and .function == "advance_periodic_target_expiration"
	 and ([.context[].line] == [range($n - 3; $n + 4)])
	 and (.context[3].text | test("nsec_to_cycles")))' --arg f "$LAPIC" --argjson n "${NSEC:-0}"

# The schema the tests and kdelta merge read.
jcheck "report.json: top-level keys" "$R" \
	'keys_unsorted == ["kdelta", "tree", "known_instances", "findings", "incomplete", "silent",
	 "files", "scan"] and .incomplete == []'
jcheck "report.json: known-instance keys" "$R" \
	'.known_instances[0] | keys_unsorted == ["id", "file", "function", "introduced",
	 "fixed_by", "status", "reason", "evidence"] and .introduced == "d8f2f498d9ed"
	 and .fixed_by == "18ab3fc8e880" and .file == $f' --arg f "$LAPIC"
jcheck "report.json: finding keys" "$R" \
	'.findings[0] | keys_unsorted == ["rule", "engine", "file", "line", "column", "function",
	 "confidence", "message", "subsystem", "context", "source_line", "engines", "also"]'
jcheck "report.json: scan" "$R" \
	'.scan | .files_in_tree > .files_scanned and .files_scanned > 0 and (.seconds | type) == "number"
	 and .shard == null and .engines[0].name == "coccinelle" and (.engines[0].version | test("spatch"))'

for t in shipped reverted; do
	h=$S/$t/report.html
	if grep -q '<table id="known-instances"' "$h" &&
	   grep -Eq '<tr class="instance" data-id="CVE-2025-71104" data-status="(fixed|present)"' "$h" &&
	   [ "$(grep -c '<section class="finding" data-rule="[^"]*" data-file="[^"]*" data-line="[0-9]*"' "$h")" -eq \
	     "$(jq '.findings | length' "$S/$t/report.json")" ] &&
	   ! grep -Eqi '<script|(src|href)="(https?:)?//|<link ' "$h"; then
		pass "html $t: ids and classes, self-contained"
	else
		fail "html $t: ids and classes, self-contained" "$(grep -o '<tr class="instance[^>]*>' "$h")"
	fi
done
grep -q "data-status=\"present\"" "$S/reverted/report.html" && grep -q '>present</span>' "$S/reverted/report.html" &&
	pass "html reverted: present badge" || fail "html reverted: present badge" "no present badge"

# --- engines: the same findings as kdelta cocci and kdelta check --------

# A tree of fixtures with a compile_commands.json: both engines run.
FX=$S/fixtures-tree
fake_tree "$FX" "$TOP/testcases/lapic/stable-6.1.158.c"
mkdir -p "$FX/drivers/generic" "$FX/kernel"
cp "$TOP"/testcases/generic/*.c "$FX/drivers/generic/"
echo 'int kdelta_nothing(void) { return 0; }' >"$FX/kernel/none.c"
(cd "$FX" && for f in arch/x86/kvm/lapic.c drivers/generic/*.c kernel/none.c; do
	jq -n --arg d "$FX" --arg f "$FX/$f" --arg i "-I$INC" \
		'{directory: $d, file: $f, arguments: ["cc", $i, "-c", $f]}'
done | jq -s . >compile_commands.json)
SUM_FX=$(tree_sum "$FX")
audit fx "$FX" -o "$S/fx"
R=$S/fx/report.json
[ $RC -eq 1 ] && pass "audit fixtures tree: exit 1" || fail "audit fixtures tree: exit 1" "rc=$RC $(head -c 300 "$S/fx.err")"
jcheck "audit fixtures tree: both engines, their versions" "$R" \
	'[.scan.engines[].name] == ["coccinelle", "clang"] and (.scan.engines[1].version | test("clang"))
	 and .scan.files_in_tree == 8 and .scan.files_scanned == 7'
jcheck "audit fixtures tree: both engines report the lapic line, one row" "$R" \
	'[.findings[] | select(.rule == "lapic_periodic_tscdeadline")] | length == 1 and
	 .[0].engines == ["clang", "coccinelle"] and ([.[0].engine, .[0].also[].engine] | sort) == ["clang", "coccinelle"]'
# Each engine's findings: the rows' own and those folded into them ("also").
EACH='.findings[] | ., (. as $r | .also[] | . + {file: $r.file, line: $r.line, function: $r.function})'
mapfile -t cocci_files < <(cd "$FX" && ls arch/x86/kvm/lapic.c drivers/generic/*.c)
got=$(jq -r "$EACH"' | select(.engine == "coccinelle") | [.file, .line, .rule, .function, .confidence, .message] | @tsv' "$R" | sort)
want=$(cd "$FX" && "$KDELTA" cocci --format json "${cocci_files[@]}" 2>/dev/null |
	jq -r '.findings[] | [.file, .line, .rule, .function, .confidence, .message] | @tsv' | sort)
[ -n "$got" ] && [ "$got" = "$want" ] && pass "json: coccinelle findings are kdelta cocci's ($(wc -l <<<"$got"))" ||
	fail "json: coccinelle findings are kdelta cocci's" "$(diff <(echo "$want") <(echo "$got") | head -5)"
got=$(jq -r "$EACH"' | select(.engine == "clang") | [.file, .line, .rule, .confidence] | @tsv' "$R" | sort)
want=$(cd "$FX" && "$KDELTA" check -p . --format json "${cocci_files[@]}" 2>/dev/null |
	jq -r --arg t "$FX/" '.findings[] | [(.file | ltrimstr($t)), .line, .rule, .confidence] | @tsv' | sort)
[ -n "$got" ] && [ "$got" = "$want" ] && pass "json: clang findings are kdelta check's ($(wc -l <<<"$got"))" ||
	fail "json: clang findings are kdelta check's" "$(diff <(echo "$want") <(echo "$got") | head -5)"
got=$(jq -r '.runs[0].results[] | [.locations[0].physicalLocation.artifactLocation.uri,
	.locations[0].physicalLocation.region.startLine, .ruleId, .properties.engine] | @tsv' "$S/fx/report.sarif")
want=$(jq -r '.findings[] | [.file, .line, .rule, .engine] | @tsv' "$R")
[ "$got" = "$want" ] && pass "sarif: the findings of report.json, in order" ||
	fail "sarif: the findings of report.json" "$(diff <(echo "$want") <(echo "$got") | head -5)"
jcheck "sarif: tree identity and known instances in the run's properties" "$S/fx/report.sarif" \
	'.runs[0] | .properties.tree.version == "4.18.0" and .properties.knownInstances[0].status == "present"
	 and (.originalUriBaseIds.SRCROOT.uri | startswith("file:///") and endswith("/"))
	 and ([.results[].locations[0].physicalLocation.artifactLocation.uriBaseId] | unique == ["SRCROOT"])'
[ "$(jq '[.findings[] | select(.file == "kernel/none.c")] | length' "$R")" = 0 ] &&
	pass "filter: a file naming no time API is not scanned" || fail "filter" "kernel/none.c has findings"

validator=$("$TOP/scripts/setup-sarif-validator.sh" 2>"$S/verr")
for t in shipped reverted fx; do
	if [ ! -x "$validator" ]; then
		fail "sarif validates ($t)" "cannot install the validator: $(cat "$S/verr")"
		continue
	fi
	rm -f "$S/$t.val"
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$validator" validate "$S/$t/report.sarif" \
		-o "$S/$t.val" >/dev/null 2>&1
	errs=$(jq '[.runs[].results[] | select(.level == "error")] | length' "$S/$t.val" 2>/dev/null)
	[ "$errs" = 0 ] && pass "sarif validates ($t)" ||
		fail "sarif validates ($t)" "$(jq -c '[.runs[].results[] | select(.level == "error") | .message.text]' "$S/$t.val" 2>&1 | head -c 600)"
done

# --- shards -----------------------------------------------------------------

# shards NAME TREE UNSHARDED-JSON: 1/3, 2/3, 3/3 merged equal one run.
shards() {
	local name=$1 tree=$2 one=$3 i ok=1
	for i in 1 2 3; do
		"$KDELTA" audit "$tree" --shard "$i/3" -o "$S/$name-s$i" >"$S/$name-s$i.out" 2>&1
		[ $? -le 1 ] && [ "$(cat "$S/$name-s$i.out")" = "$S/$name-s$i/report.json" ] &&
			[ ! -e "$S/$name-s$i/report.html" ] &&
			jq -e --arg s "$i/3" '.scan.shard == $s' "$S/$name-s$i/report.json" >/dev/null || ok=0
	done
	[ $ok = 1 ] && pass "shards $name: each writes report.json alone, shard i/3" ||
		fail "shards $name: each writes report.json alone" "$(cat "$S/$name"-s?.out | head -c 300)"
	"$KDELTA" merge -o "$S/$name-m" "$S/$name-s3/report.json" "$S/$name-s1/report.json" \
		"$S/$name-s2/report.json" >"$S/$name-m.out" 2>&1
	local rc=$? want_rc
	want_rc=$(jq 'if (.findings | length) > 0 then 1 else 0 end' "$one")
	[ $rc -eq "$want_rc" ] && [ "$(wc -l <"$S/$name-m.out")" -eq 4 ] &&
		pass "merge $name: exit $want_rc, four files" || fail "merge $name: exit $want_rc, four files" "rc=$rc $(head -c 300 "$S/$name-m.out")"
	for k in findings known_instances tree; do
		if [ "$(jq -S ".$k" "$S/$name-m/report.json")" = "$(jq -S ".$k" "$one")" ]; then
			pass "merge $name: $k equal to one run"
		else
			fail "merge $name: $k equal to one run" "$(diff <(jq -S ".$k" "$one") <(jq -S ".$k" "$S/$name-m/report.json") | head -5)"
		fi
	done
	jcheck "merge $name: scan adds up" "$S/$name-m/report.json" \
		'.scan | .shard == null and ([.shards[].shard] == ["1/3", "2/3", "3/3"])
		 and .files_scanned == ([.shards[].files_scanned] | add) and .files_scanned == $n' \
		--argjson n "$(jq .scan.files_scanned "$one")"
}
shards reverted "$REVERTED" "$S/reverted/report.json"
shards fx "$FX" "$S/fx/report.json"

"$KDELTA" merge -o "$S/m-bad" "$S/fx-s1/report.json" "$S/fx-s2/report.json" >/dev/null 2>"$S/m-bad.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$S/m-bad.err")" -eq 1 ] && grep -q '3/3 is missing' "$S/m-bad.err" && [ ! -e "$S/m-bad" ] &&
	pass "merge: a missing shard is an error" || fail "merge: a missing shard is an error" "rc=$rc $(cat "$S/m-bad.err")"
"$KDELTA" merge -o "$S/m-bad" "$S/fx-s1/report.json" "$S/reverted-s2/report.json" "$S/fx-s3/report.json" \
	>/dev/null 2>"$S/m-bad.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$S/m-bad.err")" -eq 1 ] && grep -q 'another tree' "$S/m-bad.err" && [ ! -e "$S/m-bad" ] &&
	pass "merge: shards of two trees are an error" || fail "merge: shards of two trees are an error" "rc=$rc $(cat "$S/m-bad.err")"
"$KDELTA" merge -o "$S/m-bad" "$S/fx/report.json" >/dev/null 2>"$S/m-bad.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$S/m-bad.err")" -eq 1 ] && [ ! -e "$S/m-bad" ] &&
	pass "merge: an unsharded report is an error" || fail "merge: an unsharded report is an error" "rc=$rc $(cat "$S/m-bad.err")"

# --- the known-instance table on every lapic fixture ------------------------

# Each fixture says what it is: affected, fixed or pre-bug.
for f in "$TOP"/testcases/lapic/*.c; do
	n=$(basename "$f" .c)
	case $(sed -n 's/^ \* status: *\([a-z-]*\).*/\1/p' "$f") in
	affected) want=present ;;
	fixed) want=fixed ;;
	pre-bug) want="not applicable" ;;
	*) fail "known $n" "no status in the fixture"; continue ;;
	esac
	fake_tree "$S/lapic-$n" "$f"
	"$KDELTA" audit "$S/lapic-$n" -o "$S/lapic-$n.report" >/dev/null 2>"$S/lapic-$n.err"
	got=$(jq -r '.known_instances[0].status' "$S/lapic-$n.report/report.json" 2>/dev/null)
	[ "$got" = "$want" ] && pass "known $n: $want" || fail "known $n: $want" "got '$got' $(head -c 200 "$S/lapic-$n.err")"
done
jcheck "known upstream-4.15.0: evidence is the function's first line" "$S/lapic-upstream-4.15.0.report/report.json" \
	'.known_instances[0].evidence | length == 1 and (.[0].text | test("^static void advance_periodic_target_expiration\\("))'

# Variants: no lapic.c, no such function, a guard other than the clamp.
fake_tree "$S/no-file" ""
audit no-file "$S/no-file" -o "$S/no-file.report"
jcheck "known: no lapic.c, not applicable" "$S/no-file.report/report.json" \
	'.known_instances[0] | .status == "not applicable" and (.reason | test("not in the tree"))'
sed 's/advance_periodic_target_expiration/advance_periodic_target/' "$TOP/testcases/lapic/stable-6.1.158.c" >"$S/renamed.c"
fake_tree "$S/no-func" "$S/renamed.c"
audit no-func "$S/no-func" -o "$S/no-func.report"
jcheck "known: no such function, not applicable" "$S/no-func.report/report.json" \
	'.known_instances[0] | .status == "not applicable" and (.reason | test("defines no"))'
# An early return instead of the clamp: the instance rule sees the operand
# comparison, the text no clamp.
sed 's|^\(\tdelta = ktime_sub(apic->lapic_timer.target_expiration, now);\)$|\tif (ktime_after(now, apic->lapic_timer.target_expiration))\n\t\treturn;\n\1|' \
	"$TOP/testcases/lapic/stable-6.1.158.c" | sed 's| /\* KDELTA-EXPECT \*/||' >"$S/guarded.c"
fake_tree "$S/guarded" "$S/guarded.c"
audit guarded "$S/guarded" -o "$S/guarded.report"
jcheck "known: another guard, fixed otherwise than upstream" "$S/guarded.report/report.json" \
	'.known_instances[0] | .status == "fixed" and (.reason | test("otherwise"))'

# --- vendor markers -----------------------------------------------------------

fake_tree "$S/rhel" "$TOP/testcases/lapic/rhel8.6-4.18.0-372.19.1.c"
printf 'RHEL_MAJOR = 8\nRHEL_MINOR = 6\nRHEL_RELEASE = 372\n' >"$S/rhel/Makefile.rhelver"
audit rhel "$S/rhel" -o "$S/rhel.report"
jcheck "vendor: RHEL from Makefile.rhelver" "$S/rhel.report/report.json" \
	'.tree.vendor == {"name": "Red Hat Enterprise Linux", "release": "4.18.0-372.el8",
	 "evidence": "Makefile.rhelver (RHEL 8.6)"} and .known_instances[0].status == "present"'
fake_tree "$S/ubuntu" "$TOP/testcases/lapic/ubuntu-bionic-4.15.0-213.c"
mkdir -p "$S/ubuntu/debian.master"
printf 'linux (4.15.0-213.224) bionic; urgency=medium\n\n  * x\n' >"$S/ubuntu/debian.master/changelog"
audit ubuntu "$S/ubuntu" -o "$S/ubuntu.report"
jcheck "vendor: Ubuntu from debian.master/changelog" "$S/ubuntu.report/report.json" \
	'.tree.vendor == {"name": "Ubuntu", "release": "4.15.0-213.224 (bionic)",
	 "evidence": "debian.master/changelog"}'

# --- no KDIR: the tarball, unpacked once into the cache ---------------------

# A small stand-in for /usr/src/linux-source-6.1.tar.xz, same layout.
fake_tree "$S/tarball/linux-source-6.1" "$TOP/testcases/lapic/debian-6.1.192.c"
tar -cJf "$S/linux-source-6.1.tar.xz" -C "$S/tarball" linux-source-6.1
export KDELTA_LINUX_TARBALL=$S/linux-source-6.1.tar.xz KDELTA_CACHE=$S/cache
audit default1 -o "$S/default1"
cached=$S/cache/linux-source-6.1
[ $RC -eq 0 ] && [ -f "$cached/arch/x86/kvm/lapic.c" ] && [ -f "$cached/.kdelta-stamp" ] &&
	pass "no KDIR: the tarball is unpacked into \$KDELTA_CACHE" ||
	fail "no KDIR: the tarball is unpacked into \$KDELTA_CACHE" "rc=$RC $(head -c 300 "$S/default1.err")"
jcheck "no KDIR: the cached tree is audited" "$S/default1/report.json" \
	'.tree.path == $p and .known_instances[0].status == "fixed"' --arg p "$cached"
touch -d '2001-01-01' "$cached/Makefile"
audit default2 -o "$S/default2"
[ $RC -eq 0 ] && [ "$(stat -c %Y "$cached/Makefile")" = "$(date -d 2001-01-01 +%s)" ] &&
	pass "no KDIR: a second run does not unpack again" ||
	fail "no KDIR: a second run does not unpack again" "rc=$RC $(head -c 300 "$S/default2.err")"
unset KDELTA_LINUX_TARBALL KDELTA_CACHE

# --- the audited trees are left alone ---------------------------------------

[ "$(tree_sum "$SHIPPED")" = "$SUM_SHIPPED" ] && [ "$(tree_sum "$REVERTED")" = "$SUM_REVERTED" ] &&
	[ "$(tree_sum "$FX")" = "$SUM_FX" ] &&
	pass "audit: the audited trees are byte-for-byte unchanged" ||
	fail "audit: the audited trees are byte-for-byte unchanged" "a checksum changed"

# --- bad input: one line, exit 2, nothing written --------------------------

# bad NAME OUTDIR ARGS...: exit 2, one "kdelta: " line, OUTDIR not created.
bad() {
	local name=$1 out=$2
	shift 2
	"$KDELTA" audit "$@" >"$S/bad.out" 2>"$S/bad.err"
	local rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$S/bad.err")" -eq 1 ] && grep -q '^kdelta: ' "$S/bad.err" &&
	   [ ! -s "$S/bad.out" ] && [ ! -e "$out" ]; then
		pass "bad input: $name"
	else
		fail "bad input: $name" "rc=$rc $(head -c 300 "$S/bad.err") $(ls "$out" 2>&1 | head -3)"
	fi
}
mkdir -p "$S/not-a-tree/src"
echo 'int x;' >"$S/not-a-tree/src/x.c"
bad "not a kernel tree (no Makefile)" "$S/o1" "$S/not-a-tree" -o "$S/o1"
printf 'all:\n' >"$S/not-a-tree/Makefile"
bad "not a kernel tree (no VERSION =)" "$S/o1" "$S/not-a-tree" -o "$S/o1"
fake_tree "$S/no-arch" ""
rm -rf "$S/no-arch/arch"
bad "not a kernel tree (no arch/)" "$S/o1" "$S/no-arch" -o "$S/o1"
bad "missing KDIR" "$S/o1" "$S/nonexistent" -o "$S/o1"
bad "OUTDIR under /dev/null" /dev/null/x "$REVERTED" -o /dev/null/x
: >"$S/regular-file"
bad "OUTDIR under a regular file" "$S/regular-file/out" "$REVERTED" -o "$S/regular-file/out/deeper"
bad "OUTDIR inside the tree" "$FX/report" "$FX" -o "$FX/report"
KDELTA_LINUX_TARBALL=$S/nonexistent.tar.xz "$KDELTA" audit -o "$S/o3" >/dev/null 2>"$S/bad.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$S/bad.err")" -eq 1 ] && grep -q 'setup-deps.sh' "$S/bad.err" && [ ! -e "$S/o3" ] &&
	pass "bad input: the tarball missing says how to install it" ||
	fail "bad input: the tarball missing says how to install it" "rc=$rc $(cat "$S/bad.err")"
bad "bad --shard" "$S/o4" "$REVERTED" --shard 4/3 -o "$S/o4"
# Two trees are a fleet (kdelta audit SOURCE...): a report of each and the
# fleet report, the CVE present in one and fixed in the other.
"$KDELTA" audit --no-clang "$REVERTED" "$SHIPPED" -o "$S/o5" >/dev/null 2>"$S/o5.err"
rc=$?
[ $rc -eq 1 ] && jq -e '[.trees[]?] | length == 2' "$S/o5/fleet.json" >/dev/null 2>&1 &&
	pass "two trees: a fleet of two" ||
	fail "two trees: a fleet of two" "rc=$rc $(head -c 300 "$S/o5.err")"
[ "$(tree_sum "$FX")" = "$SUM_FX" ] && pass "bad input: the tree is unchanged" ||
	fail "bad input: the tree is unchanged" "checksum changed"

"$KDELTA" audit --help >"$S/help" 2>&1
grep -q 'exit status: 0 no findings, 1 findings, 2 error' "$S/help" &&
	pass "audit --help: exit statuses" || fail "audit --help: exit statuses" "$(head -3 "$S/help")"
exit 0
