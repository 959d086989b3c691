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
for t in "${scripts[@]}"; do
	echo "== $t"
	while IFS= read -r line; do
		echo "$line"
		case $line in
		PASS:*) passed=$((passed + 1)) ;;
		FAIL:*) failed=$((failed + 1)) ;;
		esac
	done < <(bash "./$(basename "$t")" 2>&1; echo "__rc=$?")
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
