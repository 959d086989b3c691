#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# kdelta lint, the pre-merge check, in a scratch git repository made of
# arch/x86/kvm of Debian's linux-source-6.1 (which carries the fix of
# CVE-2025-71104): the change that reverts the fix is reported, changes
# elsewhere are not, a baseline survives line shifts and lets only new
# findings through, errors are one line and exit 2, and lint never changes
# the repository it reads.
. "$(dirname "$0")/tree-lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! SHIPPED=$("$TOP/scripts/kernel-tree.sh" 2>"$tmp/tree.err"); then
	fail "lint: tree" "kernel-tree.sh failed: $(tail -1 "$tmp/tree.err")"
	exit 0
fi
repo=$tmp/repo
REVERT=$TOP/testcases/trees/revert-cve-2025-71104.patch
G=(git -C "$repo")

# The scratch repository: arch/x86/kvm and the kernel's .cocciconfig
# (spatch reads it from the directory lint runs in, as in a real tree).
mkdir -p "$repo/arch/x86" &&
	cp -a "$SHIPPED/arch/x86/kvm" "$repo/arch/x86/" &&
	cp "$SHIPPED/.cocciconfig" "$repo/" &&
	git init -q -b main "$repo" &&
	"${G[@]}" config user.name kdelta-test &&
	"${G[@]}" config user.email kdelta-test@invalid &&
	"${G[@]}" config commit.gpgsign false &&
	"${G[@]}" add -A && "${G[@]}" commit -q -m "linux-source-6.1 arch/x86/kvm" ||
	{ fail "lint: scratch repository" "cannot make $repo"; exit 0; }
ROOT=$("${G[@]}" rev-parse HEAD)

commit() {
	"${G[@]}" commit -q -a -m "$1"
}

# What lint must never change: the status (without refreshing the index,
# as the test's own `git status` would) and the index file itself.
repo_state() {
	{
		"${G[@]}" --no-optional-locks status --porcelain
		"${G[@]}" rev-parse HEAD
		sha256sum <"$repo/.git/index"
	} | sha256sum
}
changed_by_lint=

# lint ARGS...: kdelta lint run inside the repository; sets RC, and the
# output in $tmp/out and $tmp/err.
lint() {
	local before
	before=$(repo_state)
	(cd "$repo" && "$KDELTA" lint "$@") >"$tmp/out" 2>"$tmp/err"
	RC=$?
	[ "$(repo_state)" = "$before" ] || changed_by_lint+=" [lint $*]"
}

# Findings of $tmp/out (JSON) as "file:line function rule", ";"-separated.
listing() {
	jq -r '.findings[] | "\(.file):\(.line) \(.function) \(.rule)"' "$tmp/out" 2>/dev/null |
		paste -sd';'
}

# expect NAME RC [LISTING]: the last run's exit status and findings.
expect() {
	local name=$1 rc=$2 want=${3-}
	local got
	got=$(listing)
	if [ "$RC" -eq "$rc" ] && [ "$got" = "$want" ]; then
		pass "lint: $name"
	else
		fail "lint: $name" "exit $RC (want $rc), findings [$got] (want [$want]): $(head -c 300 "$tmp/err")"
	fi
}

# (a) A commit that reintroduces the bug: exactly that finding.
patch -d "$repo" -p1 -s --no-backup-if-mismatch <"$REVERT" && commit "Revert the fix" ||
	{ fail "lint: revert commit" "patch does not apply"; exit 0; }
BUGGY=$("${G[@]}" rev-parse HEAD)
NSEC=$(nsec_line "$repo")
LAPIC_FINDING="$LAPIC:$NSEC $FUNC lapic_periodic_tscdeadline"
lint --format json
expect "(a) revert of the fix: exit 1, that finding" 1 "$LAPIC_FINDING"
cp "$tmp/out" "$tmp/a.json"
lint
if [ "$RC" -eq 1 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
   grep -q "^$LAPIC:$NSEC:[0-9]*: warning: CVE-2025-71104: .*\[lapic_periodic_tscdeadline\]\$" "$tmp/out"; then
	pass "lint: (a) text: one line, path relative to the tree"
else
	fail "lint: (a) text: one line, path relative to the tree" "exit $RC: $(head -c 300 "$tmp/out")"
fi

# (e) JSON as kdelta cocci's (the same document for the same file), SARIF
# valid for Microsoft's multitool.
(cd "$repo" && "$KDELTA" cocci --format json "$LAPIC") >"$tmp/cocci.json" 2>/dev/null
if [ "$(jq -S . "$tmp/a.json")" = "$(jq -S . "$tmp/cocci.json")" ]; then
	pass "lint: (e) json: the document kdelta cocci prints for the file"
else
	fail "lint: (e) json: the document kdelta cocci prints for the file" "$(jq -c . "$tmp/a.json") vs $(jq -c . "$tmp/cocci.json")"
fi
keys=$(jq -c '[.findings[0] | keys_unsorted[]] | sort' "$tmp/a.json")
[ "$keys" = '["column","confidence","engine","file","function","line","message","rule"]' ] &&
	pass "lint: (e) json: keys" || fail "lint: (e) json: keys" "$keys"
lint --format sarif
cp "$tmp/out" "$tmp/a.sarif"
validator=$("$TOP/scripts/setup-sarif-validator.sh" 2>"$tmp/verr")
if [ ! -x "$validator" ]; then
	fail "lint: (e) sarif validates" "no validator: $(head -c 300 "$tmp/verr")"
else
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$validator" validate "$tmp/a.sarif" \
		-o "$tmp/a.val" >/dev/null 2>&1
	errs=$(jq '[.runs[].results[] | select(.level == "error")] | length' "$tmp/a.val" 2>/dev/null)
	[ "$RC" -eq 1 ] && [ "$errs" = 0 ] && pass "lint: (e) sarif validates" ||
		fail "lint: (e) sarif validates" "exit $RC, errors: $(jq -c '[.runs[].results[] | select(.level=="error") | .message]' "$tmp/a.val" 2>&1 | head -c 600)"
fi
got=$(jq -r '.runs[0].results[] | "\(.locations[0].physicalLocation.artifactLocation.uri):\(.locations[0].physicalLocation.region.startLine)"' "$tmp/a.sarif" 2>/dev/null)
[ "$got" = "$LAPIC:$NSEC" ] && pass "lint: (e) sarif: the finding, a repository-relative uri" ||
	fail "lint: (e) sarif: the finding, a repository-relative uri" "$got"

# On top of the buggy commit, a change to other lines of lapic.c and to
# another file: the old finding is not the change's.
sed -i 's|^ \* Local APIC virtualization$| * Local APIC virtualization (edited)|' "$repo/$LAPIC"
echo "/* kdelta lint test */" >>"$repo/arch/x86/kvm/x86.c"
commit "Elsewhere in lapic.c, and x86.c"
lint --format json
expect "changes elsewhere on top of the bug: exit 0" 0 ""
# A change inside the function (a comment) touches its finding.
sed -i 's|^\t \* Note, ensuring the expiration isn.t in the past|& (edited)|' "$repo/$LAPIC"
commit "A comment inside $FUNC"
lint --format json
expect "a comment inside the function: its finding is reported" 1 "$LAPIC_FINDING"

# (b) From the clean state, changes to other lines of lapic.c and to
# another file: exit 0.
"${G[@]}" checkout -q -b clean "$ROOT"
sed -i 's|^ \* Local APIC virtualization$| * Local APIC virtualization (edited)|' "$repo/$LAPIC"
sed -i 's|^\tktime_t delta;$|\tktime_t delta; /* edited */|' "$repo/$LAPIC"
echo "/* kdelta lint test */" >>"$repo/arch/x86/kvm/i8254.c"
commit "Harmless changes"
lint --format json
expect "(b) harmless changes to lapic.c and i8254.c: exit 0" 0 ""
[ -s "$tmp/err" ] && fail "lint: (b) silent on stderr" "$(head -c 300 "$tmp/err")" ||
	pass "lint: (b) silent on stderr"

# The working tree counts: the revert, uncommitted, is reported.
patch -d "$repo" -p1 -s --no-backup-if-mismatch <"$REVERT"
lint --format json --base HEAD
expect "uncommitted revert: reported against HEAD" 1 "$LAPIC_FINDING"
"${G[@]}" checkout -q -- "$LAPIC"

# The default base is the merge base with the upstream branch: the bug two
# commits down a topic branch is still the branch's.
"${G[@]}" branch -q upstream "$ROOT"
"${G[@]}" checkout -q -b topic "$ROOT"
"${G[@]}" branch -q -u upstream
patch -d "$repo" -p1 -s --no-backup-if-mismatch <"$REVERT" && commit "Revert the fix"
echo "/* kdelta lint test */" >>"$repo/arch/x86/kvm/x86.c"
commit "Then something else"
lint --format json
expect "default base: the merge base with the upstream" 1 "$LAPIC_FINDING"
lint --format json --base HEAD~1
expect "--base HEAD~1: the last commit only" 0 ""

# (c) Baseline round trip, on the buggy commit.
"${G[@]}" checkout -q -b baseline "$BUGGY"
lint --write-baseline "$tmp/b.json"
if [ "$RC" -eq 0 ] && [ ! -s "$tmp/out" ] &&
   jq -e --arg f "$FUNC" --arg l "$LAPIC" \
	'.kdelta_baseline == 1 and (.findings | length) == 1 and
	 (.findings[0] | keys_unsorted) == ["rule", "file", "function", "text"] and
	 .findings[0] == {"rule": "lapic_periodic_tscdeadline", "file": $l, "function": $f,
			  "text": "nsec_to_cycles(apic->vcpu, delta);"}' "$tmp/b.json" >/dev/null 2>&1; then
	pass "lint: (c) --write-baseline: exit 0, the finding recorded"
else
	fail "lint: (c) --write-baseline: exit 0, the finding recorded" "exit $RC: $(head -c 400 "$tmp/b.json")"
fi
# Lines inserted above the function shift the finding.
line=$(func_range "$repo/$LAPIC" "$FUNC")
sed -i "$((${line% *} - 1))r /dev/stdin" "$repo/$LAPIC" <<'EOF'
/*
 * Five lines that shift the function down.
 */
static int kdelta_lint_shift;

EOF
commit "Shift $FUNC"
lint --format json --base "$ROOT"
expect "(c) without the baseline the shifted finding is the change's" 1 "$LAPIC:$((NSEC + 5)) $FUNC lapic_periodic_tscdeadline"
lint --format json --baseline "$tmp/b.json" --base "$ROOT"
expect "(c) --baseline: the shifted finding is known" 0 ""
# A second, new finding in another file: exactly that one.
cat >>"$repo/arch/x86/kvm/x86.c" <<'EOF'

static u64 kdelta_lint_probe(struct kvm_vcpu *vcpu, ktime_t target)
{
	ktime_t delta = ktime_sub(target, ktime_get());
	u64 cycles = 0;

	cycles += nsec_to_cycles(vcpu, delta);
	return cycles;
}
EOF
PROBE=$(grep -n 'cycles += nsec_to_cycles(vcpu, delta);' "$repo/arch/x86/kvm/x86.c" | cut -d: -f1)
commit "A new finding in x86.c"
lint --format json --baseline "$tmp/b.json" --base "$ROOT"
expect "(c) --baseline: exactly the new finding" 1 "arch/x86/kvm/x86.c:$PROBE kdelta_lint_probe ktime_delta_unsigned"
# Updating the baseline from a run over x86.c alone keeps lapic.c's entry.
lint --baseline "$tmp/b.json" --write-baseline "$tmp/b2.json" --base HEAD~1
n=$(jq -r '[.findings[] | "\(.file) \(.function)"] | join(";")' "$tmp/b2.json" 2>/dev/null)
[ "$RC" -eq 0 ] && [ "$n" = "$LAPIC $FUNC;arch/x86/kvm/x86.c kdelta_lint_probe" ] &&
	pass "lint: (c) baseline update carries the files not analysed over" ||
	fail "lint: (c) baseline update carries the files not analysed over" "exit $RC: [$n]"
lint --format json --baseline "$tmp/b2.json" --base "$ROOT"
expect "(c) the updated baseline knows both" 0 ""
# A second copy of a known line in the same function is a new finding.
sed -i "$((PROBE - 1))a\\
\\	cycles += nsec_to_cycles(vcpu, delta);" "$repo/arch/x86/kvm/x86.c"
lint --format json --baseline "$tmp/b2.json" --base "$ROOT"
expect "(c) an entry matches one finding only" 1 "arch/x86/kvm/x86.c:$((PROBE + 1)) kdelta_lint_probe ktime_delta_unsigned"
"${G[@]}" checkout -q -- arch/x86/kvm/x86.c

# Stale stat data (a touched file) would make git refresh the index; lint
# must not.
touch "$repo/$LAPIC" "$repo/arch/x86/kvm/x86.c"
lint --format json --base "$ROOT"
expect "stale index: still reported" 1 "$LAPIC:$((NSEC + 5)) $FUNC lapic_periodic_tscdeadline;arch/x86/kvm/x86.c:$PROBE kdelta_lint_probe ktime_delta_unsigned"

# (d) Errors: one line "kdelta: ...", exit 2, nothing on stdout, nothing
# written.
bad() {
	local name=$1
	shift
	lint "$@"
	if [ "$RC" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^kdelta: ' "$tmp/err" &&
	   [ ! -s "$tmp/out" ]; then
		pass "lint: (d) $name"
	else
		fail "lint: (d) $name" "exit $RC, stdout $(wc -c <"$tmp/out") bytes, stderr: $(head -c 300 "$tmp/err")"
	fi
}
bad "--base that does not exist" --base nonexistent --write-baseline "$tmp/nb.json"
[ ! -e "$tmp/nb.json" ] && pass "lint: (d) bad --base: no baseline written" ||
	fail "lint: (d) bad --base: no baseline written" "$tmp/nb.json exists"
bad "--base that looks like an option" --base=--output=written.txt
mkdir "$tmp/plain"
bad "KDIR not a git work tree" "$tmp/plain"
bad "KDIR that does not exist" "$tmp/nonexistent"
bad "KDIR inside .git" "$repo/.git"
echo '{"kdelta_baseline": 1, "findings": [' >"$tmp/broken.json"
bad "broken baseline" --baseline "$tmp/broken.json" --base "$ROOT"
echo '{"findings": []}' >"$tmp/other.json"
bad "not a baseline" --baseline "$tmp/other.json" --base "$ROOT"
echo '{"kdelta_baseline": 1, "findings": [{"rule": "r", "file": "f"}]}' >"$tmp/partial.json"
bad "baseline entry without function and text" --baseline "$tmp/partial.json" --base "$ROOT"
bad "baseline that does not exist" --baseline "$tmp/nonexistent.json" --base "$ROOT"
bad "unknown format" --format xml
bad "two KDIRs" . .
bad "--all with --base" --all --base "$ROOT"
git init -q -b main "$tmp/one" &&
	cp "$TOP/testcases/lapic/stable-6.1.158.c" "$tmp/one/lapic.c" &&
	git -C "$tmp/one" add -A &&
	git -C "$tmp/one" -c user.name=t -c user.email=t@invalid -c commit.gpgsign=false \
		commit -q -m one
(cd "$tmp/one" && "$KDELTA" lint) >"$tmp/out" 2>"$tmp/err"
RC=$?
[ "$RC" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'HEAD~1' "$tmp/err" &&
	pass "lint: (d) one commit, no upstream, no --base: exit 2" ||
	fail "lint: (d) one commit, no upstream, no --base: exit 2" "exit $RC: $(cat "$tmp/err")"

# --all: every tracked C file, every finding; -I relative to where lint is
# started, KDIR given.
(cd "$TOP" && "$KDELTA" lint --all --format json -I testcases/include "$tmp/one") >"$tmp/out" 2>"$tmp/err"
RC=$?
sink=$(grep -n '^[[:space:]]*nsec_to_cycles(apic->vcpu, delta);' "$tmp/one/lapic.c" | cut -d: -f1)
expect "--all -I DIR KDIR: the whole tree's findings" 1 "lapic.c:$sink $FUNC lapic_periodic_tscdeadline"
"$KDELTA" lint --all -I "$INC" --write-baseline "$tmp/one.json" "$tmp/one" >"$tmp/out" 2>"$tmp/err" &&
	"$KDELTA" lint --all -I "$INC" --format json --baseline "$tmp/one.json" "$tmp/one" >"$tmp/out" 2>"$tmp/err"
RC=$?
expect "--all with its own baseline: exit 0" 0 ""

lint --help
[ "$RC" -eq 0 ] && grep -q -- '--baseline FILE' "$tmp/out" && pass "lint: --help" ||
	fail "lint: --help" "exit $RC"

if [ -z "$changed_by_lint" ] && [ ! -e "$repo/written.txt" ]; then
	pass "lint: the repository's status and index are unchanged by every run"
else
	fail "lint: the repository's status and index are unchanged by every run" "$changed_by_lint"
fi
exit 0
