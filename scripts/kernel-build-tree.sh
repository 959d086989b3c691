#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The configured and prepared kernel trees of kbuild's checker hook.
#
#   scripts/kernel-build-tree.sh [DEST]
#	Unpacks, once, the whole of Debian's linux-source-6.1 into DEST
#	(default build/trees/linux-6.1-build), configures it (x86_64
#	defconfig with KVM, KVM_INTEL and KVM_AMD built in), runs
#	`make prepare`, builds arch/x86/kvm/ with gcc and writes
#	DEST/compile_commands.json (the kvm files).  Afterwards
#	`make C=2 CHECK=... arch/x86/kvm/` in DEST runs only the checker.
#	That tree carries the fix of CVE-2025-71104.
#   scripts/kernel-build-tree.sh --reverted [DEST]
#	The same with testcases/trees/revert-cve-2025-71104.patch applied
#	(default build/trees/linux-6.1-build-reverted): a copy of the
#	first tree (built first if needed), patched and rebuilt.
#
# Both are idempotent: a stamp file, written last, records what DEST was
# made from and how; a second run with the same inputs does nothing, and an
# interrupted run starts again from scratch.  Prints DEST on stdout and the
# time of each step on stderr; the output of make is in DEST/.kdelta-build.log.
# Exit 2 on error.  KDELTA_JOBS sets make's -j (default: nproc).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
TARBALL=${KDELTA_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
PATCH=$TOP/testcases/trees/revert-cve-2025-71104.patch
BUILD_DEFAULT=$TOP/build/trees/linux-6.1-build
REVERTED_DEFAULT=$TOP/build/trees/linux-6.1-build-reverted
STAMP=.kdelta-build-stamp
LOG=.kdelta-build.log
JOBS=${KDELTA_JOBS:-$(nproc)}

# What the tree is made with; part of the stamp, so that a change here
# re-creates the trees.
CONFIG_ENABLE=(VIRTUALIZATION KVM KVM_INTEL KVM_AMD)
RECIPE="defconfig +${CONFIG_ENABLE[*]} olddefconfig; prepare; arch/x86/kvm/; compile_commands.json (arch/x86/kvm virt/kvm)"

die() {
	echo "kernel-build-tree: $*" >&2
	exit 2
}

# step NAME CMD...: runs CMD in the tree ($dest), output to the log, and
# prints its time.  On failure, the end of the log.
step() {
	local name=$1 t0 t1
	shift
	t0=$(date +%s.%N)
	echo "== $name: $*" >> "$dest/$LOG"
	if ! (cd "$dest" && "$@") >> "$dest/$LOG" 2>&1; then
		tail -n 20 "$dest/$LOG" >&2
		die "$name failed in $dest (log: $dest/$LOG)"
	fi
	t1=$(date +%s.%N)
	printf 'kernel-build-tree: %-22s %6.1fs\n' "$name" "$(echo "$t1 - $t0" | bc)" >&2
}

# Replaces DEST only if it is one of ours (a stamp, or the log of an
# interrupted run) or absent or empty: never an unrelated directory.
check_dest() {
	if [ -e "$dest" ] && [ ! -f "$dest/$STAMP" ] && [ ! -f "$dest/$LOG" ] &&
	   [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
		die "$dest exists and is not a tree of kernel-build-tree.sh: not replacing it"
	fi
}

replace_dest() {
	local tmp=$1
	check_dest
	rm -rf "$dest"
	mv "$tmp" "$dest"
	: > "$dest/$LOG"
}

tarball_id() {
	stat -c '%n %s %Y' "$TARBALL"
	echo "$RECIPE"
}

configure() {
	local opts=() o
	for o in "${CONFIG_ENABLE[@]}"; do
		opts+=(--enable "$o")
	done
	make -s defconfig &&
	scripts/config "${opts[@]}" &&
	make -s olddefconfig || return
	for o in "${CONFIG_ENABLE[@]}"; do
		grep -qx "CONFIG_$o=y" .config || { echo "CONFIG_$o=y did not stick" >&2; return 1; }
	done
}

# The objects give the .o.cmd files gen_compile_commands.py reads (and
# leave `make C=2` nothing to compile); the virt/kvm objects are built from
# arch/x86/kvm/Makefile into virt/kvm/.
build_kvm() {
	step "make arch/x86/kvm/" make -j"$JOBS" arch/x86/kvm/
	step "compile_commands.json" python3 scripts/clang-tools/gen_compile_commands.py \
		-d . -o compile_commands.json arch/x86/kvm virt/kvm
	python3 - "$dest/compile_commands.json" <<-'EOF' || die "$dest/compile_commands.json: no entry for arch/x86/kvm/lapic.c"
	import json, sys
	sys.exit(not any(e["file"].endswith("/arch/x86/kvm/lapic.c") for e in json.load(open(sys.argv[1]))))
	EOF
}

build() {
	local tmp
	dest=$1
	[ -f "$TARBALL" ] || die "$TARBALL not found: install linux-source-6.1: scripts/setup-deps.sh"
	if [ -f "$dest/$STAMP" ] && [ "$(cat "$dest/$STAMP")" = "$(tarball_id)" ]; then
		echo "$dest"
		return
	fi
	check_dest
	echo "kernel-build-tree: unpacking $TARBALL into $dest and building it (-j$JOBS)" >&2
	mkdir -p "$(dirname "$dest")"
	tmp=$(mktemp -d "$dest.tmp.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	local t0 t1
	t0=$(date +%s.%N)
	tar -xJf "$TARBALL" -C "$tmp" --strip-components=1 || die "cannot unpack $TARBALL"
	t1=$(date +%s.%N)
	printf 'kernel-build-tree: %-22s %6.1fs\n' "unpack" "$(echo "$t1 - $t0" | bc)" >&2
	# The build records absolute paths (objtool's .cmd files): build in
	# place, after the move.
	replace_dest "$tmp"
	trap - EXIT
	step "configure" configure
	step "make prepare" make -j"$JOBS" prepare
	build_kvm
	tarball_id > "$dest/$STAMP"
	echo "$dest"
}

reverted() {
	local src id tmp t0 t1
	dest=$1
	[ -f "$PATCH" ] || die "$PATCH not found"
	src=$(build "$BUILD_DEFAULT")
	id="$(cat "$src/$STAMP")
reverted with $(sha256sum < "$PATCH")"
	if [ -f "$dest/$STAMP" ] && [ "$(cat "$dest/$STAMP")" = "$id" ]; then
		echo "$dest"
		return
	fi
	check_dest
	echo "kernel-build-tree: copying $src to $dest, reverting the CVE-2025-71104 fix and rebuilding" >&2
	mkdir -p "$(dirname "$dest")"
	tmp=$(mktemp -d "$dest.tmp.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	t0=$(date +%s.%N)
	cp -a --reflink=auto "$src/." "$tmp/" || die "cannot copy $src"
	t1=$(date +%s.%N)
	printf 'kernel-build-tree: %-22s %6.1fs\n' "copy" "$(echo "$t1 - $t0" | bc)" >&2
	rm -f "$tmp/$STAMP" "$tmp/compile_commands.json"
	patch -d "$tmp" -p1 --quiet --no-backup-if-mismatch < "$PATCH" ||
		die "$PATCH does not apply to $src"
	replace_dest "$tmp"
	trap - EXIT
	# objtool is rebuilt (its .cmd files name the first tree), and with it
	# every kvm object.
	build_kvm
	printf '%s\n' "$id" > "$dest/$STAMP"
	echo "$dest"
}

case ${1:-} in
--reverted)
	[ $# -le 2 ] || die "usage: $0 --reverted [DEST]"
	reverted "$(realpath -m "${2:-$REVERTED_DEFAULT}")"
	;;
-h | --help)
	sed -n '3,22s/^# \{0,1\}//p' "$0"
	;;
-*)
	die "usage: $0 [DEST] | --reverted [DEST]"
	;;
*)
	[ $# -le 1 ] || die "usage: $0 [DEST]"
	build "$(realpath -m "${1:-$BUILD_DEFAULT}")"
	;;
esac
