#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The real kernel tree of the integration tests and the demo.
#
#   scripts/kernel-tree.sh [DEST]
#	Unpacks, once, the part of Debian's linux-source-6.1 that
#	`make coccicheck M=arch/x86/kvm` and M=virt/kvm need into DEST
#	(default build/trees/linux-6.1-shipped).  That tree carries the fix
#	of CVE-2025-71104.
#   scripts/kernel-tree.sh --reverted [DEST]
#	A copy of the shipped tree with testcases/trees/revert-cve-2025-71104.patch
#	applied (default build/trees/linux-6.1-reverted).
#
# Both are idempotent: a stamp file in DEST records what was unpacked (or
# patched) and from what; a second run with the same inputs does nothing.
# Prints DEST on stdout.  Exit 2 on error.
#
# Each tree is made a git repository of its own, with one commit (the
# reverted tree: two), like the kernel checkouts coccicheck is meant for:
# the kernel's .cocciconfig passes --use-gitgrep, and spatch then selects
# the files to analyse with `git grep`.  A tree without its own .git inside
# another repository (build/ of a kdelta checkout) would be searched through
# that repository's index, where build/ is ignored: "0 files match", and
# every rule with inferred keywords would silently analyse nothing.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
TARBALL=${KDELTA_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
PREFIX=linux-source-6.1
PATCH=$TOP/testcases/trees/revert-cve-2025-71104.patch
SHIPPED_DEFAULT=$TOP/build/trees/linux-6.1-shipped
REVERTED_DEFAULT=$TOP/build/trees/linux-6.1-reverted
STAMP=.kdelta-tree-stamp

# What `make coccicheck` needs without a .config: the top Makefile (which
# includes scripts/Kbuild.include, scripts/Makefile.* and arch/x86/Makefile),
# scripts/coccicheck and the kernel's own rules under scripts/coccinelle,
# the headers LINUXINCLUDE names with --include (include/linux/kconfig.h,
# compiler-version.h) and the analysed directories.  .cocciconfig is the
# kernel's spatch configuration, kept so that the runs are the real ones.
MEMBERS=(Makefile .cocciconfig scripts include arch/x86 virt/kvm)

GIT=(git -c user.name=kdelta -c user.email=kdelta@invalid -c init.defaultBranch=main
     -c core.autocrlf=false -c gc.auto=0)

die() {
	echo "kernel-tree: $*" >&2
	exit 2
}

# The identity of the inputs: a change in any re-creates the tree.
tarball_id() {
	stat -c '%n %s %Y' "$TARBALL"
	echo "${MEMBERS[*]} (git repository)"
}

shipped() {
	local dest=$1 tmp
	[ -f "$TARBALL" ] || die "$TARBALL not found: install linux-source-6.1: scripts/setup-deps.sh"
	if [ -f "$dest/$STAMP" ] && [ "$(cat "$dest/$STAMP")" = "$(tarball_id)" ]; then
		echo "$dest"
		return
	fi
	echo "kernel-tree: unpacking ${MEMBERS[*]} of $TARBALL into $dest" >&2
	mkdir -p "$(dirname "$dest")"
	tmp=$(mktemp -d "$dest.tmp.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	tar -xJf "$TARBALL" -C "$tmp" --strip-components=1 \
		"${MEMBERS[@]/#/$PREFIX/}" || die "cannot unpack $TARBALL"
	tarball_id > "$tmp/$STAMP"
	{ "${GIT[@]}" -C "$tmp" init -q &&
	  "${GIT[@]}" -C "$tmp" add -A -f &&
	  "${GIT[@]}" -C "$tmp" commit -q -m "Debian linux-source-6.1: $(stat -c %n "$TARBALL")"
	} || die "cannot make $dest a git repository"
	rm -rf "$dest"
	mv "$tmp" "$dest"
	trap - EXIT
	echo "$dest"
}

reverted() {
	local dest=$1 src id tmp
	[ -f "$PATCH" ] || die "$PATCH not found"
	src=$(shipped "$SHIPPED_DEFAULT")
	id="$(cat "$src/$STAMP")
reverted with $(sha256sum < "$PATCH")"
	if [ -f "$dest/$STAMP" ] && [ "$(cat "$dest/$STAMP")" = "$id" ]; then
		echo "$dest"
		return
	fi
	echo "kernel-tree: copying $src to $dest and reverting the CVE-2025-71104 fix" >&2
	mkdir -p "$(dirname "$dest")"
	tmp=$(mktemp -d "$dest.tmp.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	cp -a "$src/." "$tmp/"
	patch -d "$tmp" -p1 --quiet --no-backup-if-mismatch < "$PATCH" ||
		die "$PATCH does not apply to $src"
	printf '%s\n' "$id" > "$tmp/$STAMP"
	{ "${GIT[@]}" -C "$tmp" add -A -f &&
	  "${GIT[@]}" -C "$tmp" commit -q -m "Revert the fix of CVE-2025-71104 (test data)"
	} || die "cannot commit the revert in $dest"
	rm -rf "$dest"
	mv "$tmp" "$dest"
	trap - EXIT
	echo "$dest"
}

case ${1:-} in
--reverted)
	[ $# -le 2 ] || die "usage: $0 --reverted [DEST]"
	reverted "$(realpath -m "${2:-$REVERTED_DEFAULT}")"
	;;
-h | --help)
	sed -n '3,15s/^# \{0,1\}//p' "$0"
	;;
-*)
	die "usage: $0 [DEST] | --reverted [DEST]"
	;;
*)
	[ $# -le 1 ] || die "usage: $0 [DEST]"
	shipped "$(realpath -m "${1:-$SHIPPED_DEFAULT}")"
	;;
esac
