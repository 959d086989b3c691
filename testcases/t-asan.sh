#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The fixture, command-line and real-tree tests of kdelta itself again,
# through the kdelta built with AddressSanitizer and UBSan (make
# build/asan/kdelta): any report fails.  (t-tree-coccicheck.sh runs
# make coccicheck, which does not run kdelta but for its last check.)
. "$(dirname "$0")/lib.sh"

asan=$TOP/build/asan/kdelta
if [ ! -x "$asan" ]; then
	fail "asan build" "$asan missing (make build/asan/kdelta)"
	exit 0
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
for t in t-fixtures-cocci.sh t-cli.sh t-fixtures-clang.sh t-check-cli.sh t-confidence.sh \
	 t-tree-kdelta.sh t-kbuild.sh t-lint.sh t-audit.sh; do
	KDELTA=$asan bash "$TOP/testcases/$t" | sed "s/^\(PASS\|FAIL\): /\1: asan: /"
done
