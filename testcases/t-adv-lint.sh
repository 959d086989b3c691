#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta lint on a hostile repository and hostile file names, and file
# selection that never hangs: the repository's configuration names a
# program for every hook git has (fsmonitor, filter drivers, textconv,
# external diff, pager, hooks, credential helper, transports), and none
# of them runs while the finding is still reported; files named with a
# newline, a tab, an invalid UTF-8 byte, a space or a leading dash are
# all reported; FIFOs, devices and directories are one line and exit 2.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
M=$tmp/marker
mkdir "$M"
# Touches a marker named after its first argument, then acts as cat (a
# filter or textconv that works, so that git goes on).
cat >"$tmp/evil" <<EOS
#!/bin/sh
touch "$M/\$1"
cat
EOS
chmod +x "$tmp/evil"
EVIL=$tmp/evil

finding_fn() {
	cat <<'EOS'

u64 lint_sink_$1(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	return nsec_to_cycles(apic->vcpu, delta);
}
EOS
}

mkrepo() {
	local r=$1
	git init -q -b main "$r" &&
		git -C "$r" config user.name kdelta-test &&
		git -C "$r" config user.email kdelta-test@invalid &&
		git -C "$r" config commit.gpgsign false &&
		cp "$INC/kdelta-fixture.h" "$r/" &&
		printf '#include "kdelta-fixture.h"\n\nint quiet;\n' >"$r/clock.c" &&
		printf '#include "kdelta-fixture.h"\n\nint idle;\n' >"$r/wt.c" &&
		git -C "$r" add -A && git -C "$r" commit -q -m base
}

# The hostile repository: a commit adding a finding to clock.c, an
# uncommitted one in wt.c, and a configuration that runs $EVIL anywhere
# git would let it.
repo=$tmp/repo
mkrepo "$repo" || { fail "adv-lint: repository" "cannot make $repo"; exit 0; }
finding_fn clock | sed 's/\$1/clock/' >>"$repo/clock.c"
echo '*.c filter=evil diff=evil' >"$repo/.gitattributes"
git -C "$repo" add -A && git -C "$repo" commit -q -m "add a finding"
finding_fn wt | sed 's/\$1/wt/' >>"$repo/wt.c"
mkdir "$tmp/hooks"
for h in pre-commit post-checkout post-index-change reference-transaction \
	 post-rewrite pre-auto-gc fsmonitor-watchman; do
	printf '#!/bin/sh\ntouch "%s/hook-%s"\n' "$M" "$h" >"$tmp/hooks/$h"
	chmod +x "$tmp/hooks/$h"
done
hostile_config() {
	local r=$1
	git -C "$r" config core.fsmonitor "$EVIL fsmonitor"
	git -C "$r" config filter.evil.clean "$EVIL clean"
	git -C "$r" config filter.evil.smudge "$EVIL smudge"
	git -C "$r" config filter.evil.process "$EVIL process"
	git -C "$r" config filter.evil.required true
	git -C "$r" config diff.evil.textconv "$EVIL textconv"
	git -C "$r" config diff.evil.command "$EVIL diffcmd"
	git -C "$r" config diff.external "$EVIL external"
	git -C "$r" config core.pager "$EVIL pager"
	git -C "$r" config pager.diff "$EVIL pagerdiff"
	git -C "$r" config core.hooksPath "$tmp/hooks"
	git -C "$r" config core.askPass "$EVIL askpass"
	git -C "$r" config credential.helper "!$EVIL credential"
	git -C "$r" config core.sshCommand "$EVIL ssh"
	git -C "$r" config gpg.program "$EVIL gpg"
	git -C "$r" config log.showSignature true
	git -C "$r" config core.editor "$EVIL editor"
}
hostile_config "$repo"

# The attack is live: plain git runs the repository's programs.
git -C "$repo" diff --name-only HEAD~1 >/dev/null 2>&1
if [ -e "$M/fsmonitor" ] && ls "$M" | grep -qE '^(clean|process)$'; then
	pass "adv-lint: control: plain git diff --name-only runs fsmonitor and the clean filter"
else
	fail "adv-lint: control" "the hostile configuration does not fire: $(ls "$M")"
fi
rm -f "$M"/*

# lint ARGS...: in the repository, with a hostile environment as well;
# sets RC, output in $tmp/out and $tmp/err.
lint() {
	(cd "$repo" && GIT_EXTERNAL_DIFF="$EVIL envdiff" GIT_PAGER="$EVIL envpager" \
		PAGER="$EVIL envpager2" GIT_DIR="$tmp/nowhere" GIT_WORK_TREE="$tmp" \
		GIT_CONFIG_PARAMETERS="'core.fsmonitor'='$EVIL envfsmonitor'" \
		timeout 120 "$KDELTA" lint -I "$INC" --format json "$@") >"$tmp/out" 2>"$tmp/err"
	RC=$?
}
listing() {
	jq -r '.findings[] | "\(.file):\(.function)"' "$tmp/out" 2>/dev/null | paste -sd' '
}
# expect NAME RC LISTING: exit status, findings, and no program run.
expect() {
	local name=$1 rc=$2 want=$3 got ran
	got=$(listing)
	ran=$(ls "$M")
	if [ "$RC" -eq "$rc" ] && [ "$got" = "$want" ] && [ -z "$ran" ]; then
		pass "adv-lint: $name"
	else
		fail "adv-lint: $name" "exit $RC (want $rc), findings [$got] (want [$want]), ran [$(echo $ran)]: $(head -c 300 "$tmp/err")"
	fi
	rm -f "$M"/*
}

lint --base HEAD~1
expect "--base HEAD~1: findings of the commit and the work tree, nothing run" 1 \
	"clock.c:lint_sink_clock wt.c:lint_sink_wt"
lint --all
expect "--all: every finding, nothing run" 1 "clock.c:lint_sink_clock wt.c:lint_sink_wt"
(cd "$repo" && "$KDELTA" lint -I "$INC" --all --write-baseline "$tmp/bl.json") 2>"$tmp/err"
RC=$?
[ $RC -eq 0 ] && [ -z "$(ls "$M")" ] && jq -e '.findings | length == 2' "$tmp/bl.json" >/dev/null &&
	pass "adv-lint: --write-baseline: two entries, nothing run" ||
	fail "adv-lint: --write-baseline" "exit $RC, ran [$(ls "$M")]: $(head -c 300 "$tmp/err")"
rm -f "$M"/*
jq '.findings |= map(select(.file == "clock.c"))' "$tmp/bl.json" >"$tmp/bl1.json"
lint --baseline "$tmp/bl1.json"
expect "--baseline: the finding it does not list, nothing run" 1 "wt.c:lint_sink_wt"
lint --base HEAD~1 --baseline "$tmp/bl.json"
expect "--baseline listing both: clean, nothing run" 0 ""

# A partial clone fetches a missing blob from its promisor remote: an
# ext:: URL is a command.  lint needs the base's blob of wt.c for its
# hunks; it must fail on the missing object, not fetch it.
src=$tmp/src
part=$tmp/partial
mkrepo "$src" && printf '\nint more;\n' >>"$src/wt.c" &&
	git -C "$src" commit -q -a -m "change wt.c" &&
	git -C "$src" config uploadpack.allowFilter true &&
	git -c protocol.file.allow=always clone -q --no-local --filter=blob:none \
		"file://$src" "$part" 2>/dev/null &&
	finding_fn wt | sed 's/\$1/wt/' >>"$part/wt.c" &&
	git -C "$part" config remote.origin.url "ext::sh -c touch% $M/ext-fetch" &&
	git -C "$part" config protocol.ext.allow always &&
	git -C "$part" config protocol.allow always &&
	git -C "$part" config remote.origin.promisor true ||
	fail "adv-lint: partial clone" "cannot make $part"
base_blob=$(git -C "$part" rev-parse HEAD~1:wt.c 2>/dev/null)
(cd "$part" && timeout 120 "$KDELTA" lint -I "$INC" --base HEAD~1) >"$tmp/out" 2>"$tmp/err"
RC=$?
if [ $RC -eq 2 ] && [ ! -e "$M/ext-fetch" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
	pass "adv-lint: partial clone: the missing blob is not fetched (exit 2, one line)"
else
	fail "adv-lint: partial clone" "exit $RC, ran [$(ls "$M")]: $(cat "$tmp/err")"
fi
rm -f "$M"/*
# Control: plain git would have fetched it through the ext:: command.
git -C "$part" cat-file blob "$base_blob" >/dev/null 2>&1
[ -e "$M/ext-fetch" ] && pass "adv-lint: control: plain git cat-file runs the ext:: remote" ||
	fail "adv-lint: control: partial clone" "the ext:: remote does not fire"
rm -f "$M"/*

# Names with spaces or a leading dash: selected, and the findings name
# them (t-adv-lint-names.sh has the names that need cocci.c and output.c).
odd=$tmp/odd
mkrepo "$odd" || { fail "adv-lint: odd repository" "cannot make $odd"; exit 0; }
names=('sp ace.c' '-dash.c' '--output=x.c' 'plain.c')
for n in "${names[@]}"; do
	{ printf '#include "kdelta-fixture.h"\n'; finding_fn odd | sed 's/\$1/odd/'; } >"$odd/$n"
done
git -C "$odd" add -A && git -C "$odd" commit -q -m "odd names"
(cd "$odd" && timeout 120 "$KDELTA" lint -I "$INC" --format json --base HEAD~1) >"$tmp/out" 2>"$tmp/err"
RC=$?
got=$(jq -r '[.findings[].file] | sort | join("|")' "$tmp/out" 2>/dev/null)
want=$(printf '%s\n' "${names[@]}" | LC_ALL=C sort | paste -sd'|')
[ $RC -eq 1 ] && [ "$got" = "$want" ] && [ ! -e "$odd/x.c" ] &&
	pass "adv-lint: names with a space or a leading dash: each finding (exit 1)" ||
	fail "adv-lint: names with a space or a leading dash" "exit $RC, [$got] (want [$want]): $(head -c 300 "$tmp/err")"

# FIFOs, devices, directories where a file is read: one line, exit 2,
# no hang.
mkfifo "$tmp/fifo.c" "$tmp/fifo.json"
mkdir -p "$tmp/dir/sub" && cp "$TOP/testcases/generic/sinks.c" "$tmp/dir/" &&
	mkfifo "$tmp/dir/sub/pipe.c"
one_line_exit2() {
	local name=$1 want=$2
	shift 2
	timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
	RC=$?
	if [ $RC -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$want" "$tmp/err"; then
		pass "adv-lint: $name"
	else
		fail "adv-lint: $name" "exit $RC (want 2, one line with '$want'): $(head -c 300 "$tmp/err")"
	fi
}
(cd "$repo" && one_line_exit2 "--baseline FIFO" "fifo.json: not a regular file" \
	"$KDELTA" lint --baseline "$tmp/fifo.json")
(cd "$repo" && one_line_exit2 "--baseline DIR" "dir: a directory" \
	"$KDELTA" lint --baseline "$tmp/dir")
(cd "$repo" && one_line_exit2 "--baseline /dev/zero" "not a regular file" \
	"$KDELTA" lint --baseline /dev/zero)
(cd "$repo" && one_line_exit2 "--write-baseline FIFO" "fifo.json" \
	"$KDELTA" lint --all -I "$INC" --write-baseline "$tmp/fifo.json")
one_line_exit2 "cocci FIFO named" "fifo.c: not a file or directory" \
	"$KDELTA" cocci -I "$INC" "$tmp/fifo.c"
one_line_exit2 "cocci /dev/null named" "not a file or directory" \
	"$KDELTA" cocci -I "$INC" /dev/null
one_line_exit2 "cocci FIFO below a directory" "sub/pipe.c: not a regular file" \
	"$KDELTA" cocci -I "$INC" "$tmp/dir"

# --help: usage on stdout, exit 0.
"$KDELTA" lint --help >"$tmp/out" 2>"$tmp/err"
RC=$?
[ $RC -eq 0 ] && grep -q '^usage: kdelta lint' "$tmp/out" && [ ! -s "$tmp/err" ] &&
	pass "adv-lint: --help on stdout, exit 0" || fail "adv-lint: --help" "exit $RC"
exit 0
