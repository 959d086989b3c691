#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# make install PREFIX=<temporary directory>: the installed kdelta, run from
# another directory with no KDELTA_RULES, finds its installed rule pack
# and reports the lapic finding on the reverted 6.1 lapic.c (and none on
# the shipped one); --help of every subcommand on stdout, exit 0.
. "$(dirname "$0")/tree-lib.sh"

trees_prepare install:trees
scratch_init
S=$SCRATCH
unset KDELTA_RULES

if ! make -s -C "$TOP" install PREFIX="$S/prefix" >"$S/install.log" 2>&1; then
	fail "make install PREFIX" "$(tail -3 "$S/install.log")"
	exit 0
fi
bin=$S/prefix/bin/kdelta
check "make install: binary installed" test -x "$bin"
check "make install: rules installed" test -f "$S/prefix/share/kdelta/rules/lapic_periodic_tscdeadline.cocci"

# From an unrelated directory, so that nothing is found by accident.
mkdir "$S/elsewhere"
(cd "$S/elsewhere" && "$bin" cocci --format json "$REVERTED/$LAPIC") >"$S/rev.json" 2>"$S/rev.err"
rc=$?
got=$(jq -r '.findings[] | "\(.rule) \(.function)"' "$S/rev.json" 2>/dev/null | sort -u)
if [ $rc -eq 1 ] && printf '%s\n' "$got" | grep -qx "lapic_periodic_tscdeadline $FUNC"; then
	pass "installed kdelta: lapic finding on the reverted tree"
else
	fail "installed kdelta: lapic finding on the reverted tree" "rc=$rc [$got] $(head -2 "$S/rev.err")"
fi
(cd "$S/elsewhere" && "$bin" cocci --format json "$SHIPPED/$LAPIC") >"$S/ship.json" 2>"$S/ship.err"
rc=$?
n=$(jq '[.findings[] | select(.function == "'"$FUNC"'")] | length' "$S/ship.json" 2>/dev/null)
[ $rc -le 1 ] && [ "$n" = 0 ] && pass "installed kdelta: shipped lapic.c silent" ||
	fail "installed kdelta: shipped lapic.c silent" "rc=$rc n=$n $(head -2 "$S/ship.err")"

# The installed copy is relocatable: moved elsewhere it still finds its rules.
mv "$S/prefix" "$S/moved"
(cd "$S/elsewhere" && "$S/moved/bin/kdelta" cocci --format json "$REVERTED/$LAPIC") >"$S/mv.json" 2>&1
[ $? -eq 1 ] && pass "installed kdelta: relocated prefix still finds its rules" ||
	fail "installed kdelta: relocated prefix still finds its rules" "$(head -2 "$S/mv.json")"
