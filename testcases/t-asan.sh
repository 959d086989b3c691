#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The fixture, command-line and real-tree tests of kdelta itself again,
# through the kdelta built with AddressSanitizer and UBSan (make
# build/asan/kdelta): any report fails.  (t-tree-coccicheck.sh runs
# make coccicheck, which does not run kdelta but for its last check.)
. "$(dirname "$0")/lib.sh"
cd "$TOP/testcases" || exit 1

asan=$TOP/build/asan/kdelta
if [ ! -x "$asan" ]; then
	fail "asan build" "$asan missing (make build/asan/kdelta)"
	exit 0
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kdelta-asan-cache.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
# Every test of kdelta's own code but this one and the make coccicheck
# run (which does not run kdelta but for its last check); with
# KDELTA_FAST, those that need no kernel tree.
for t in t-*.sh; do
	case $t in
	# make coccicheck and Chromium do not run kdelta; make install and the
	# real packages of the fleet test and the whole-6.1 audit repeat what
	# the other passes cover, at minutes each: the plain pass runs them.
	t-asan.sh | t-tree-coccicheck.sh | t-audit-html.sh | t-install.sh | t-fleet-real.sh | t-accuracy-61.sh) continue ;;
	esac
	if [ -n "${KDELTA_FAST:-}" ] && head -5 "$TOP/testcases/$t" | grep -q '^# needs: kernel-tree'; then
		continue
	fi
	# A cache of its own for a script that needs no real kernel tree
	# (run-tests.sh does the same for the plain pass).
	if head -5 "$TOP/testcases/$t" | grep -q '^# needs: kernel-tree'; then
		KDELTA=$asan bash "$TOP/testcases/$t"
	else
		KDELTA=$asan KDELTA_CACHE=$scratch/${t%.sh} bash "$TOP/testcases/$t"
	fi | sed "s/^\(PASS\|FAIL\): /\1: asan: /"
done
