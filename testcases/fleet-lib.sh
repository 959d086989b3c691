# SPDX-License-Identifier: GPL-2.0
# Shared by the t-fleet*.sh scripts: small kernel trees in the forms
# vendors ship, and a report comparison that ignores the times.

# small_tree DIR LAPIC [SHIFT]: a kernel tree of the 6.1 Makefile's
# variables, arch/x86/kvm/lapic.c (LAPIC) and a driver with findings,
# moved down by SHIFT blank lines; no scripts/ (a source-reading fork).
small_tree() {
	local dir=$1 lapic=$2 shift=${3:-0}
	mkdir -p "$dir/arch/x86/kvm" "$dir/drivers/generic"
	printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 158\nEXTRAVERSION =\n' >"$dir/Makefile"
	cp "$lapic" "$dir/arch/x86/kvm/lapic.c"
	{ for ((i = 0; i < shift; i++)); do echo; done; cat "$TOP/testcases/generic/sinks.c"; } \
		>"$dir/drivers/generic/sinks.c"
}

# kd_skeleton DIR: the top Makefile of a 6.1 tree and the directories of
# a small one (arch/x86, include/kd, drivers/kd): enough for kdelta to
# take DIR for a kernel tree.
kd_skeleton() {
	mkdir -p "$1/arch/x86" "$1/include/kd" "$1/drivers/kd"
	printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$1/Makefile"
}

# kd_compdb DIR: DIR/compile_commands.json for each drivers/kd/*.c, with
# DIR's own absolute paths, the fixtures' headers and DIR/include.
kd_compdb() {
	(cd "$1" && for f in drivers/kd/*.c; do
		jq -n --arg d "$1" --arg f "$1/$f" --arg i "-I$INC" --arg t "-I$1/include" \
			'{directory: $d, file: $f, arguments: ["cc", $i, $t, "-c", $f]}'
	done | jq -s . >compile_commands.json)
}

# make_deb DEB TARBALL VERSION: a linux-source package carrying TARBALL
# as usr/src/linux-source-6.1.tar.xz.
make_deb() {
	local deb=$1 tarball=$2 version=$3 d
	d=$(mktemp -d)
	mkdir -p "$d/DEBIAN" "$d/usr/src"
	cp "$tarball" "$d/usr/src/linux-source-6.1.tar.xz"
	printf 'Package: linux-source-6.1\nVersion: %s\nArchitecture: all\nMaintainer: t <t@invalid>\nDescription: t\n' \
		"$version" >"$d/DEBIAN/control"
	dpkg-deb -Zxz --root-owner-group -b "$d" "$deb" >/dev/null
	rm -rf "$d"
}

# make_srpm OUTDIR TARBALL VERSION RELEASE: rpmbuild -bs of a kernel
# spec whose Source0 is TARBALL (an uncompressed payload: fast); prints
# the .src.rpm's path.
make_srpm() {
	local out=$1 tarball=$2 version=$3 release=$4 top
	top=$(mktemp -d)
	mkdir -p "$top/SOURCES" "$top/SPECS"
	cp "$tarball" "$top/SOURCES/linux-$version.tar.xz"
	cat >"$top/SPECS/kernel.spec" <<SPEC
Name: kernel
Version: $version
Release: $release
Summary: The Linux kernel
License: GPLv2
Source0: linux-$version.tar.xz
%description
The kernel.
%prep
%build
%install
%files
SPEC
	rpmbuild --define "_topdir $top" --define '_source_payload w0.ufdio' \
		-bs "$top/SPECS/kernel.spec" >/dev/null 2>&1 || { rm -rf "$top"; return 1; }
	mkdir -p "$out"
	mv "$top"/SRPMS/*.src.rpm "$out/"
	rm -rf "$top"
	ls "$out"/*.src.rpm | head -1
}

# normalise FILE: the report without what depends on the clock.
normalise() {
	case $1 in
	*.json|*.sarif) jq -S 'del(.. | .seconds?, .phases?)' "$1" ;;
	*.md) grep -v '^| Time |' "$1" ;;
	*.html) sed 's|<td class="seconds">[^<]*</td>||' "$1" ;;
	*) cat "$1" ;;
	esac
}

# same_reports DIR1 DIR2: the same files, equal but for the times.
same_reports() {
	local a=$1 b=$2 f
	[ "$(cd "$a" && find . -type f | sort)" = "$(cd "$b" && find . -type f | sort)" ] || return 1
	while read -r f; do
		cmp -s <(normalise "$a/$f") <(normalise "$b/$f") || { echo "differs: $f" >&2; return 1; }
	done < <(cd "$a" && find . -type f | sort)
}

# fleet_setup: $S (removed on exit), KDELTA_CACHE in it, the SOURCEs of
# every form in SOURCES (a directory, .tar.gz, .deb, .src.rpm, two git
# revisions), run and jcheck.
fleet_setup() {
	S=$(mktemp -d)
	trap 'rm -rf "$S"' EXIT
	export KDELTA_CACHE=$S/cache
	FIXED=$TOP/testcases/lapic/debian-6.1.192.c
	PRESENT=$TOP/testcases/lapic/stable-6.1.158.c

	small_tree "$S/src/dir" "$FIXED"
	mkdir -p "$S/pkg/t"
	small_tree "$S/pkg/t/linux-6.1.158" "$FIXED"
	tar -C "$S/pkg/t" -czf "$S/pkg/linux-6.1.158.tar.gz" linux-6.1.158
	tar -C "$S/pkg/t" -cJf "$S/pkg/t.tar.xz" linux-6.1.158
	make_deb "$S/pkg/linux-source-6.1_6.1.158-1_all.deb" "$S/pkg/t.tar.xz" 6.1.158-1
	SRPM=$(make_srpm "$S/pkg" "$S/pkg/t.tar.xz" 6.1.158 1.el9) || fail "fleet: rpmbuild" "cannot build the .src.rpm"
	rm -rf "$S/pkg/t" "$S/pkg/t.tar.xz"
	# A repository: the shipped tree, then the fix undone (and sinks.c moved).
	small_tree "$S/repo" "$FIXED"
	G=(git -C "$S/repo" -c user.name=t -c user.email=t@invalid)
	"${G[@]}" init -q && "${G[@]}" add -A && "${G[@]}" commit -qm shipped
	small_tree "$S/repo" "$PRESENT" 3
	"${G[@]}" commit -qam reverted
	sum_of() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }
	SUM_REPO=$(sum_of "$S/repo")
	SUM_PKG=$(sum_of "$S/pkg")

	run() { # run NAME ARGS...: RC, NAME.out, NAME.err
		local name=$1
		shift
		"$KDELTA" audit "$@" -j 2 --no-clang >"$S/$name.out" 2>"$S/$name.err"
		RC=$?
	}
	jcheck() { # jcheck NAME FILE JQ-EXPR
		local name=$1 file=$2 expr=$3
		if jq -e "$expr" "$file" >/dev/null 2>&1; then pass "$name"; else
			fail "$name" "$(jq -c '.trees | map([.id, .status, .reason])' "$file" 2>&1 | head -c 400)"; fi
	}

	SOURCES=("$S/src/dir" "$S/pkg/linux-6.1.158.tar.gz" "$S/pkg/linux-source-6.1_6.1.158-1_all.deb"
		 "$SRPM" "$S/repo@HEAD~1" "$S/repo@HEAD")
}
