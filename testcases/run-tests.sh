#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs every testcases/t-*.sh (or those named) and ends with the count.
# KDELTA_FAST=1 (make check-fast) leaves out the scripts marked
# "# needs: kernel-tree" in their header and the ASan pass: no real kernel
# tree, no package installation, a few minutes.
set -u
cd "$(dirname "$0")"
passed=0
failed=0
scripts=("$@")
if [ ${#scripts[@]} -eq 0 ]; then
	for t in t-*.sh; do
		if [ -n "${KDELTA_FAST:-}" ] && { [ "$t" = t-asan.sh ] ||
		   head -5 "$t" | grep -q '^# needs: kernel-tree'; }; then
			continue
		fi
		scripts+=("$t")
	done
fi
# Scripts that need no real kernel tree get a result cache of their own
# (KDELTA_CACHE), removed after: their small trees' entries and failed
# build directories stay out of the user's cache, where the real tree's
# unpacked copy and prepared build are kept for the others.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kdelta-tests-cache.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
run_one() {
	# t-asan.sh runs both kinds and sets the cache per script itself.
	if [ "$1" = t-asan.sh ] || head -5 "$1" | grep -q '^# needs: kernel-tree'; then
		bash "./$(basename "$1")"
	else
		KDELTA_CACHE=$scratch/${1%.sh} bash "./$(basename "$1")"
	fi
}
for t in "${scripts[@]}"; do
	echo "== $t"
	while IFS= read -r line; do
		echo "$line"
		case $line in
		PASS:*) passed=$((passed + 1)) ;;
		FAIL:*) failed=$((failed + 1)) ;;
		esac
	done < <(run_one "$t" 2>&1; echo "__rc=$?")
done | tee /tmp/kdelta-tests.$$ | grep -v '^__rc='
passed=$(grep -c '^PASS:' /tmp/kdelta-tests.$$)
failed=$(grep -c '^FAIL:' /tmp/kdelta-tests.$$)
crashed=$(grep '^__rc=' /tmp/kdelta-tests.$$ | grep -vc '^__rc=0$')
rm -f /tmp/kdelta-tests.$$
if [ "$crashed" -gt 0 ]; then
	echo "FAIL: $crashed test script(s) exited non-zero"
	failed=$((failed + crashed))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
