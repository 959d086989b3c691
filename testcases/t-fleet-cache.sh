#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The per-file result cache of kdelta audit: cached and uncached runs
# write the same reports, a changed rule misses, two audits sharing the
# cache at once are both right, the size is bounded; shards of a fleet run
# by GNU parallel and merged by kdelta merge write the OUTDIR one run does.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fleet-lib.sh"

fleet_setup
# Four of the forms: a directory, a tarball, two git revisions.
SET=("${SOURCES[0]}" "${SOURCES[1]}" "${SOURCES[4]}" "${SOURCES[5]}")
run one "${SET[@]}" -o "$S/one"

# --- the cache -------------------------------------------------------------
run again "${SET[@]}" -o "$S/again"
same_reports "$S/one" "$S/again" 2>"$S/cmp.err" && pass "cache: a warm run (every file cached) writes the same reports as a cold one" ||
	fail "cache: a warm run writes the same reports" "$(cat "$S/cmp.err")"
run warm "$S/src/dir" "$S/repo@HEAD" -o "$S/warm"
before=$(find "$KDELTA_CACHE/results" -name '*.json' | wc -l)
cp -r "$TOP/rules" "$S/rules"
echo '// changed' >>"$(ls "$S"/rules/*.cocci | head -1)"
KDELTA_RULES=$S/rules run changed "$S/src/dir" "$S/repo@HEAD" -o "$S/changed"
after=$(find "$KDELTA_CACHE/results" -name '*.json' | wc -l)
[ "$after" -gt "$before" ] && pass "cache: a changed rule misses ($before -> $after entries)" ||
	fail "cache: a changed rule misses" "$before -> $after entries"
# Two audits sharing the cache at once both finish, with the same reports.
rm -rf "$KDELTA_CACHE/results"
run par1 "$S/src/dir" "$S/repo@HEAD" -o "$S/par1" & run par2 "$S/src/dir" "$S/repo@HEAD" -o "$S/par2"
wait
same_reports "$S/par1" "$S/warm" 2>/dev/null && same_reports "$S/par2" "$S/warm" 2>/dev/null &&
	pass "cache: two concurrent audits both correct" || fail "cache: two concurrent audits both correct" "reports differ"
KDELTA_CACHE_MAX_MB=0 run trim "$S/src/dir" "$S/repo@HEAD" -o "$S/trim"
[ "$(find "$KDELTA_CACHE/results" -name '*.json' | wc -l)" -eq 0 ] && pass "cache: bounded (KDELTA_CACHE_MAX_MB)" ||
	fail "cache: bounded (KDELTA_CACHE_MAX_MB)" "entries left"

# --- shards through GNU parallel, then kdelta merge -------------------------
if command -v parallel >/dev/null; then
	parallel --will-cite -j 2 "$KDELTA" audit "${SET[@]}" --no-clang -j 1 --shard {}/3 -o "$S/shard{}" \
		::: 1 2 3 >/dev/null 2>"$S/par.err"
	"$KDELTA" merge -o "$S/merged" "$S/shard1" "$S/shard2" "$S/shard3" >/dev/null 2>"$S/merge.err"
	rc=$?
	[ $rc -eq 1 ] && same_reports "$S/one" "$S/merged" 2>"$S/cmp.err" &&
		pass "shards: parallel -j 2 over 3 shards, merged: the same OUTDIR as one run" ||
		fail "shards: parallel + merge" "rc=$rc $(head -c 300 "$S/merge.err") $(cat "$S/cmp.err")"
else
	fail "shards: GNU parallel" "not installed (scripts/setup-deps.sh installs it)"
fi

