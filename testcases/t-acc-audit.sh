#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta audit on small trees made here: both engines' findings on one
# line are one row (engines listed, the other's in "also"); the sources
# the libclang engine analysed below the threshold are listed as silent
# in report.json, report.md and a collapsed section of report.html,
# escaped; the files and the engines that ran on each; shards merge to
# one run; without a compile database the engine's preparation runs the
# tree's kbuild contained (the tree and the rest of the file system
# read-only: a Makefile's writes fail, the tree is unchanged byte for
# byte) and, when it cannot run, the report says why; --no-clang;
# --config; a tree configured in place.
. "$(dirname "$0")/lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export KDELTA_CACHE=$S/cache

# sum TREE: every path and every file's content, one checksum.
sum() {
	(cd "$1" && {
		find . -printf '%y %p %l\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
	} | sha256sum | cut -d' ' -f1)
}

# audit NAME ARGS...: sets RC; stdout and stderr in $S/NAME.{out,err}.
audit() {
	local name=$1
	shift
	"$KDELTA" audit "$@" >"$S/$name.out" 2>"$S/$name.err"
	RC=$?
}

jcheck() {
	local name=$1 file=$2 expr=$3
	shift 3
	if jq -e "$@" "$expr" "$file" >/dev/null 2>&1; then
		pass "$name"
	else
		fail "$name" "$expr is not true of $file"
	fi
}

# A tree of fixtures with a compile_commands.json: both engines run.
fake_tree() {
	local dir=$1
	mkdir -p "$dir/scripts" "$dir/arch/x86/kvm" "$dir/drivers/generic" "$dir/kernel"
	printf 'VERSION = 4\nPATCHLEVEL = 18\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$dir/Makefile"
	cp "$TOP/testcases/lapic/stable-6.1.158.c" "$dir/arch/x86/kvm/lapic.c"
	cp "$TOP/testcases/clang/confidence.c" "$TOP/testcases/generic/stores.c" "$dir/drivers/generic/"
	# lib/dim/dim.c's shape: the stamps are set in a header (dim.h's
	# dim_update_sample()), which the rule pack (--no-includes) does not
	# read: medium there, low in the libclang engine, which proves the
	# order: the audit keeps it silent, with both engines' words.
	cat >"$dir/drivers/generic/dimlike.h" <<'EOF'
#include "kdelta-fixture.h"
struct dim_sample { ktime_t time; u32 pkt_ctr; };
static inline void dim_update_sample(u32 packets, struct dim_sample *s)
{
	s->time = ktime_get();
	s->pkt_ctr = packets;
}
EOF
	cat >"$dir/drivers/generic/dimlike.c" <<'EOF'
#include "dimlike.h"
u32 dim_calc_stats(struct dim_sample *start, struct dim_sample *end)
{
	u32 delta_us = ktime_us_delta(end->time, start->time);

	return delta_us ? (end->pkt_ctr - start->pkt_ctr) / delta_us : 0;
}
EOF
	# fs/ocfs2/cluster/heartbeat.c's o2hb_thread(): one statement on two
	# lines, the libclang engine marks the cast (line 10), the rule pack
	# the call (line 11): one row.
	cat >"$dir/drivers/generic/twolines.c" <<'EOF'
#include "kdelta-fixture.h"
unsigned int o2hb_thread(int (*beat)(void))
{
	ktime_t before_hb, after_hb;
	unsigned int elapsed_msec;

	before_hb = ktime_get_real();
	beat();
	after_hb = ktime_get_real();
	elapsed_msec = (unsigned int)
			ktime_ms_delta(after_hb, before_hb);
	return elapsed_msec;
}
EOF
	# The rule pack's silences name a guard of the delta, not any
	# comparison of the function: printed() has none (its delta only
	# reaches an int), waits() returns when left <= 0 (line 15).
	cat >"$dir/drivers/generic/silence.c" <<'EOF'
#include "kdelta-fixture.h"
struct run { ktime_t start, stop, deadline; int n, x; };
void printed(struct run *p)
{
	s64 us = ktime_us_delta(p->stop, p->start);

	if (p->n > 0)
		p->x = 1;
	p->x += (int)us;
}
void waits(struct run *p, ktime_t now)
{
	s64 left = ktime_us_delta(p->deadline, now);

	if (left <= 0)
		return;
	udelay(left);
}
EOF
	# A low-confidence source whose text holds markup: escaped everywhere.
	cat >"$dir/kernel/markup.c" <<'EOF'
#include "kdelta-fixture.h"
struct s { ktime_t t[2]; };
u64 markup_low(struct s *p)
{
	ktime_t now = ktime_get();
	ktime_t took = ktime_sub(now, p->t[1 < 2]);

	return div_u64(took, 1000);
}

u64 markup_far(struct s *p, ktime_t deadline)
{
	ktime_t left = ktime_sub(deadline, p->t[0]);
	int a = 0;

	a++;
	a++;
	a++;
	return div_u64(left, 1000) + a;
}
EOF
}

compdb() {
	local dir=$1 f
	(cd "$dir" && for f in arch/x86/kvm/lapic.c drivers/generic/*.c kernel/markup.c; do
		jq -n --arg d "$dir" --arg f "$dir/$f" --arg i "-I$INC" \
			'{directory: $d, file: $f, arguments: ["cc", $i, "-c", $f]}'
	done | jq -s . >compile_commands.json)
}

FX=$S/fx
fake_tree "$FX"
compdb "$FX"
SUM=$(sum "$FX")
audit fx "$FX" -o "$S/r"
R=$S/r/report.json
[ $RC -eq 1 ] && pass "fixtures tree: exit 1" || fail "fixtures tree: exit 1" "rc=$RC $(head -c 300 "$S/fx.err")"
jcheck "report.json: top-level keys" "$R" \
	'keys_unsorted == ["kdelta", "tree", "known_instances", "findings", "incomplete", "silent", "files", "scan"]'
jcheck "one row for the lapic line, both engines listed, clang's finding in also" "$R" \
	'[.findings[] | select(.file == "arch/x86/kvm/lapic.c" and .rule == "lapic_periodic_tscdeadline")]
	 | length == 1 and .[0].engines == ["clang", "coccinelle"] and
	 ([.[0].engine] + [.[0].also[].engine] | sort) == ["clang", "coccinelle"]'
jcheck "engines disagree: the libclang engine's proof of the order silences the rule pack's medium (dim.h's stamps)" "$R" \
	'([.findings[] | select(.file == "drivers/generic/dimlike.c")] | length == 0) and
	 ([.silent[] | select(.file == "drivers/generic/dimlike.c" and .line == 4 and .engine == "coccinelle"
	   and .reason == "low-confidence" and (.detail | test("^rated low by the clang engine, which proved the order")))] | length == 1)'
jcheck "the rule pack's silences: a guard of the delta, or no unsigned consumer (not an unrelated if)" "$R" \
	'[.silent[] | select(.file == "drivers/generic/silence.c" and .engine == "coccinelle") | "\(.line) \(.detail)"]
	 == ["5 no unsigned consumer reached from it", "13 guard at line 15: if (left <= 0)"]'
jcheck "one statement on two lines, one source: the two engines' findings are one row" "$R" \
	'[.findings[] | select(.file == "drivers/generic/twolines.c")] | length == 1 and
	 .[0].line == 10 and .[0].source_line == 11 and .[0].engines == ["clang", "coccinelle"]'
jcheck "the context shows the path: every line from the source down to the sink (when 20 lines apart or fewer)" "$R" \
	'[.findings[] | select(.source_line < .line and .line - .source_line > 3 and .line - .source_line <= 23)] as $f |
	 ($f | length) > 0 and all($f[]; . as $x | [range($x.source_line; $x.line + 1)] - [$x.context[].line] == [])'
jcheck "no two rows share a file and line" "$R" \
	'[.findings[] | "\(.file):\(.line)"] | length == (unique | length)'
jcheck "each row names the source line its message gives" "$R" \
	'[.findings[] | select(.message | test("^negative ktime delta: "))] | length > 3 and
	 all(.[]; .source_line == (.message | capture("\\(line (?<n>[0-9]+)\\)").n | tonumber))'
jcheck "a source outside the sink's lines is in the context too" "$R" \
	'any(.findings[]; .source_line > 0 and .source_line < .line - 3) and all(.findings[] | select(.source_line > 0); .source_line as $s | [.context[].line] | index($s) != null)'
# The silent list: the libclang engine's findings below medium, with the
# source; kdelta check --confidence low gives exactly those.
got=$(jq -r '.silent[] | select(.reason == "low-confidence" and .engine == "clang") | "\(.file) \(.line)"' "$R" | sort)
want=$(cd "$FX" && "$KDELTA" check -p . --confidence low --format json \
	drivers/generic/*.c kernel/markup.c arch/x86/kvm/lapic.c 2>/dev/null |
	jq -r '.findings[] | select(.confidence == "low") |
	  "\(.file | ltrimstr("'"$FX/"'")) \(.message | capture("\\(line (?<n>[0-9]+)\\)").n)"' | sort)
[ -n "$got" ] && [ "$got" = "$want" ] && pass "silent: kdelta check's low findings, at their source lines ($(wc -l <<<"$got"))" ||
	fail "silent: kdelta check's low findings" "$(diff <(echo "$want") <(echo "$got") | head -5)"
jcheck "silent: record keys; the libclang engine's, the source's text" "$R" \
	'.silent | length > 0 and all(.[]; keys_unsorted == ["file", "line", "function", "source", "reason",
	 "detail", "engine"]) and (map(select(.engine == "clang")) | length > 0 and
	 all(.[]; .detail | startswith("below the confidence threshold (low: ")))
	 and any(.[]; .source == "ktime_sub(now, p->t[1 < 2])")'
jcheck "no finding below medium is reported" "$R" 'all(.findings[]; .confidence != "low")'
jcheck "files: each scanned file with its engines" "$R" \
	'.files | length == 7 and all(.[]; .engines == ["coccinelle", "clang"])'
jcheck "scan: the clang engine's arguments are the tree's database" "$R" \
	'.scan.engines[1] | .name == "clang" and .arguments == "compile_commands.json" and .files == 7'
grep -q '^## Silent: [1-9][0-9]* delta sources analysed and not reported' "$S/r/report.md" &&
	grep -q '| low-confidence: below the confidence threshold' "$S/r/report.md" &&
	grep -q '(clang, coccinelle, high)' "$S/r/report.md" &&
	pass "report.md: the silent count and table, a row of both engines" ||
	fail "report.md: silent section" "$(grep -n 'Silent' "$S/r/report.md" | head -3)"
H=$S/r/report.html
n=$(jq '.silent | length' "$R")
if grep -q '<section id="silent">' "$H" && grep -q '<details>' "$H" &&
   [ "$(grep -c '<tr class="silent" data-file=' "$H")" -eq "$n" ] &&
   grep -q 'p-&gt;t\[1 &lt; 2\]' "$H" && ! grep -q 't\[1 < 2\]' "$H" &&
   grep -q 'data-engines="clang, coccinelle"' "$H" && grep -q '<details id="files">' "$H"; then
	pass "report.html: silent rows in a collapsed section, escaped; engines of a row; files"
else
	fail "report.html: silent section" "$(grep -o '<tr class="silent"[^>]*>' "$H" | head -3)"
fi
[ "$(sum "$FX")" = "$SUM" ] && pass "fixtures tree unchanged" || fail "fixtures tree unchanged" "checksum differs"

# Shards merged: silent, files, rows as one run.
for i in 1 2; do
	audit "s$i" "$FX" --shard "$i/2" -o "$S/s$i"
done
"$KDELTA" merge -o "$S/m" "$S/s1/report.json" "$S/s2/report.json" >/dev/null 2>&1
for k in findings silent files; do
	[ "$(jq -S ".$k" "$S/m/report.json")" = "$(jq -S ".$k" "$R")" ] &&
		pass "merge: $k equal to one run" ||
		fail "merge: $k equal to one run" "$(diff <(jq -S ".$k" "$R") <(jq -S ".$k" "$S/m/report.json") | head -5)"
done

# --no-clang: the rule pack alone, and the report says so.
audit nc "$FX" --no-clang -o "$S/nc"
jcheck "--no-clang: the engine not run, stated; no clang row" "$S/nc/report.json" \
	'.scan.engines[1] == {"name": "clang", "files": 0, "not_run": "not run (--no-clang)"}
	 and all(.findings[]; .engines == ["coccinelle"]) and all(.files[]; .engines == ["coccinelle"])'
[ $RC -eq 1 ] && grep -qF '| Engine clang | **not run**: not run \(--no-clang\) |' "$S/nc/report.md" &&
	pass "--no-clang: exit 1, report.md says so" || fail "--no-clang: report.md" "rc=$RC"

# --- no compile database: kdelta prepares a build, contained ---------------

# A tree whose kbuild writes where it must not: into the tree, /tmp, $HOME.
EV=$S/evil
mkdir -p "$EV/kernel" "$EV/scripts" "$EV/arch"
cp "$FX/kernel/markup.c" "$EV/kernel/"
marker=/tmp/kdelta-acc-audit-marker.$$
cat >"$EV/Makefile" <<EOF
VERSION = 6
PATCHLEVEL = 1
SUBLEVEL = 0
EXTRAVERSION =
allmodconfig olddefconfig prepare:
	-touch \$(CURDIR)/PWNED-IN-TREE $marker
	echo done > \$(O)/made-in-O
EOF
SUM_EV=$(sum "$EV")
audit ev "$EV" -o "$S/ev"
if [ ! -e "$marker" ] && [ "$(sum "$EV")" = "$SUM_EV" ]; then
	pass "prepare: the tree's Makefile cannot write to the tree or /tmp (tree byte-identical)"
else
	fail "prepare: contained" "marker $(ls "$marker" 2>&1); $(ls "$EV")"
fi
rm -f "$marker"
# prepare's recipe writes into O= (it fails otherwise): the step after it
# is the one that failed, and nothing half-made stays in the cache.
jcheck "prepare: kbuild writes into its build directory; the failed step is said" "$S/ev/report.json" \
	'.scan.engines[1].not_run | test("^make -n kernel/time/time.o failed in .*/build/[0-9a-f]{32}: ")'
[ -z "$(ls "$KDELTA_CACHE/build" | grep -v '\.lock$' | grep -v '\.failed$')" ] &&
	pass "prepare failed: no build directory left in the cache" ||
	fail "prepare failed: cache" "$(ls "$KDELTA_CACHE/build")"
audit ev2 "$EV" -o "$S/ev2"
jcheck "prepare failed: the next audit reuses the reason, kbuild not run again" "$S/ev2/report.json" \
	'.scan.engines[1].not_run | test("^make -n kernel/time/time.o failed in .*an earlier audit.s; remove .*[.]failed to try again[)]$")'
[ $RC -le 1 ] && pass "prepare failed: the rule pack's findings stand (exit $RC)" ||
	fail "prepare failed: exit 0 or 1" "rc=$RC $(head -c 300 "$S/ev.err")"

# A tree configured in place: kbuild refuses O=; said, nothing run.
echo 'CONFIG_X=y' >"$EV/.config"
SUM_EV=$(sum "$EV")
audit cf "$EV" -o "$S/cf"
jcheck "configured in place: the engine not run, .config named" "$S/cf/report.json" \
	'.scan.engines[1].not_run | test("configured in place \\(it has .config\\)")'
[ "$(sum "$EV")" = "$SUM_EV" ] && pass "configured in place: tree unchanged" ||
	fail "configured in place: tree unchanged" "checksum differs"
rm -f "$EV/.config"

# --config: a file that cannot be read is a usage error, nothing written.
audit badcfg "$EV" --config "$S/none.config" -o "$S/badcfg"
[ $RC -eq 2 ] && [ ! -e "$S/badcfg" ] && [ "$(wc -l <"$S/badcfg.err")" -eq 1 ] &&
	pass "--config missing: exit 2, one line, nothing written" ||
	fail "--config missing" "rc=$RC $(cat "$S/badcfg.err")"

# --- the rule pack's side: "silent" records through the channel -----------

# A rule pack of one probe rule: each ktime_sub() sent as a silent source,
# once with each reason: guard (taken), low-confidence (the audit's own:
# refused) and an unknown one (refused); the detail carries markup.
mkdir -p "$S/probe/rules" "$S/pt/kernel" "$S/pt/scripts" "$S/pt/arch"
cat >"$S/probe/rules/silent_probe.cocci" <<'EOF'
/// Test rule: every ktime_sub() sent as a silent source.
// Confidence: High
// Options: --no-includes

virtual report
virtual kdelta

@initialize:python@
@@
import json
chan = [None]

@script:python depends on kdelta@
ch << virtual.kdelta_channel;
@@
chan[0] = ch

@r depends on report@
position p;
expression A, B;
identifier fn;
@@
fn(...) { <+... ktime_sub@p(A, B) ...+> }

@script:python depends on report@
p << r.p;
A << r.A;
B << r.B;
fn << r.fn;
@@
for reason in ["guard", "low-confidence", "bogus"]:
	rec = {"kind": "silent", "file": p[0].file, "line": int(p[0].line),
	       "function": str(fn), "source": "ktime_sub(%s, %s)" % (A, B),
	       "reason": reason, "detail": "guard at line 3: <b>if</b> (%s < %s)" % (A, B)}
	with open(chan[0], "a") as f:
		f.write(json.dumps(rec) + "\n")
EOF
printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$S/pt/Makefile"
printf '#include "kdelta-fixture.h"\nu64 f(ktime_t a, ktime_t b)\n{\n\tktime_t d = ktime_sub(a, b);\n\treturn d < 0 ? 0 : d;\n}\n' \
	>"$S/pt/kernel/a.c"
KDELTA_RULES=$S/probe/rules "$KDELTA" audit --no-clang "$S/pt" -o "$S/pr" >/dev/null 2>"$S/pr.err"
RC=$?
jcheck "channel: a silent record of the rules reaches report.json, engine coccinelle" "$S/pr/report.json" \
	'.silent == [{"file": "kernel/a.c", "line": 4, "function": "f", "source": "ktime_sub(a, b)",
	 "reason": "guard", "detail": "guard at line 3: <b>if</b> (a < b)", "engine": "coccinelle"}]'
jcheck "channel: a silent record with the audit's own or an unknown reason is refused, the file incomplete" \
	"$S/pr/report.json" '[.incomplete[] | select(.file == "kernel/a.c" and
	 (.reason | test("malformed record: line out of range, or an unknown reason")))] | length == 2'
[ $RC -eq 2 ] && grep -q 'guard at line 3: &lt;b&gt;if&lt;/b&gt; (a &lt; b)' "$S/pr/report.html" &&
	! grep -q '<b>if' "$S/pr/report.html" &&
	pass "channel: exit 2 (incomplete), the rule's detail escaped in report.html" ||
	fail "channel: silent in html" "rc=$RC $(grep -o 'guard at line 3[^<]*' "$S/pr/report.html" | head -2)"
