#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: kdelta on a real kernel.  Debian's linux-source-6.1 carries
# the fix of CVE-2025-71104; kdelta finds nothing in its lapic.c.  With the
# two fix lines reverted it reports the bug, and patch mode writes the fix.
# Exit 0 when the demo shows exactly that, 1 when it does not, 2 when the
# trees cannot be made.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
KDELTA=${KDELTA:-$TOP/build/kdelta}
export KDELTA_RULES=${KDELTA_RULES:-$TOP/rules}
LAPIC=arch/x86/kvm/lapic.c
ok=1

step() { printf '\n=== %s\n\n' "$*"; }
bad() { echo "demo: $*" >&2; ok=0; }

[ -x "$KDELTA" ] || { echo "demo: $KDELTA not built (make all)" >&2; exit 2; }

step "Preparing the kernel trees (scripts/kernel-tree.sh)"
shipped=$("$TOP/scripts/kernel-tree.sh") || exit 2
reverted=$("$TOP/scripts/kernel-tree.sh" --reverted) || exit 2
version=$(awk -F' *= *' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
	$1 == "SUBLEVEL" { s = $2; print v "." p "." s; exit }' "$shipped/Makefile")
echo "shipped:  $shipped (linux $version, fix of CVE-2025-71104 included)"
echo "reverted: $reverted (the two lines of the fix removed)"

step "kdelta cocci $LAPIC, shipped $version"
out=$(cd "$shipped" && "$KDELTA" cocci "$LAPIC")
rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then
	echo "shipped $version: no finding"
else
	printf '%s\n' "$out"
	bad "expected no finding on the shipped tree, kdelta exited $rc"
fi

step "kdelta cocci $LAPIC, $version with the fix reverted"
# The function as it now is, comments left out.
awk '/^static void advance_periodic_target_expiration\(/ { f = 1 }
	f && /^[ \t]*\/\*/ { c = 1 }
	f && !c && !(/^[ \t]*$/ && blank) { printf "%5d  %s\n", NR, $0; blank = /^[ \t]*$/ }
	c && /\*\// { c = 0 }
	f && /^}/ { exit }' "$reverted/$LAPIC"
echo
out=$(cd "$reverted" && "$KDELTA" cocci "$LAPIC")
rc=$?
printf '%s\n' "$out"
if [ $rc -ne 1 ] || [ "$(printf '%s\n' "$out" | grep -c "^$LAPIC:[0-9]*:[0-9]*: warning: ")" -ne 1 ] ||
   ! printf '%s\n' "$out" | grep -q 'CVE-2025-71104'; then
	bad "expected one CVE-2025-71104 finding on the reverted tree, kdelta exited $rc"
fi

step "kdelta cocci --mode patch $LAPIC, $version with the fix reverted"
patch=$(cd "$reverted" && "$KDELTA" cocci --mode patch "$LAPIC")
rc=$?
printf '%s\n' "$patch"
if [ $rc -ne 1 ] || [ -z "$patch" ]; then
	bad "expected a patch, kdelta exited $rc"
elif ! printf '%s\n' "$patch" | (cd "$reverted" && patch -p1 --dry-run --silent >/dev/null); then
	bad "the patch does not apply to $reverted"
else
	echo
	echo "(applies with patch -p1 in $reverted)"
fi

step "Result"
if [ $ok = 1 ]; then
	echo "demo: as expected (no finding on $version, one on the reverted tree, a fix that applies)"
	exit 0
fi
echo "demo: NOT as expected, see above"
exit 1
