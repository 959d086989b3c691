#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta audit SOURCE...: one run over a directory without scripts/, a
# .tar.gz, a .deb, a .src.rpm (built here with dpkg-deb and rpmbuild)
# and two revisions of a git repository (the fix present in one, not in
# the other): the fleet report's matrix, rows matched across line shifts,
# identities as vendors write them, the sources left untouched and no
# temporary left; fleet.html in Chromium; bad SOURCEs (missing, not a
# kernel, a bad revision, corrupt or hostile archives, a full disk): one
# line each, marked failed, the others audited, exit 2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fleet-lib.sh"

fleet_setup
run one "${SOURCES[@]}" -o "$S/one"
F=$S/one/fleet.json
[ $RC -eq 1 ] && pass "fleet: six SOURCEs, exit 1 (findings)" ||
	fail "fleet: six SOURCEs, exit 1 (findings)" "rc=$RC $(head -c 400 "$S/one.err")"
jcheck "fleet: every form audited" "$F" '[.trees[].status] == ["audited","audited","audited","audited","audited","audited"]'
jcheck "fleet: a tree without scripts/ is a tree" "$F" '.trees[0].tree.version == "6.1.158"'
jcheck "fleet: the .deb named as Debian ships it" "$F" \
	'.trees[2].tree.vendor.release == "6.1.158-1" and .trees[2].tree.source.package == "linux-source-6.1"'
jcheck "fleet: the .src.rpm named by its spec's Version-Release" "$F" \
	'.trees[3].tree.vendor.release == "6.1.158-1.el9" and .trees[3].tree.source.form == "src.rpm"'
C1=$(git -C "$S/repo" rev-parse HEAD~1)
jq -e --arg c "$C1" '.trees[4].tree.source.commit == $c and (.trees[4].id | endswith($c[0:12]))' "$F" >/dev/null &&
	pass "fleet: a git revision named by its commit" ||
	fail "fleet: a git revision named by its commit" "$(jq -c '.trees[4].tree.source' "$F")"
jcheck "fleet: CVE-2025-71104 fixed at HEAD~1, present at HEAD" "$F" \
	'.known_instances[0].id == "CVE-2025-71104" and
	 ([.trees[].id] as $ids | .known_instances[0].trees[$ids[4]].status == "fixed" and
	  .known_instances[0].trees[$ids[5]].status == "present" and
	  .known_instances[0].trees[$ids[0]].status == "fixed")'
jcheck "fleet: a finding moved by 3 lines is one row carrying all six trees" "$F" \
	'[.findings[] | select(.file == "drivers/generic/sinks.c")] | length > 0 and
	 all(.[]; (.trees | length) == 6)'
jcheck "fleet: per tree, counts by confidence" "$F" '.trees | all(.[]; .counts.medium + .counts.high + .counts.low == .findings)'
n=0
for d in $(jq -r '.trees[].id' "$F"); do
	[ -s "$S/one/$d/report.json" ] && [ -s "$S/one/$d/report.html" ] && n=$((n + 1))
done
[ $n -eq 6 ] && pass "fleet: a report directory per tree" || fail "fleet: a report directory per tree" "$n of 6"
[ "$(sum_of "$S/repo")" = "$SUM_REPO" ] && [ -z "$(git -C "$S/repo" status --porcelain)" ] &&
	[ "$(sum_of "$S/pkg")" = "$SUM_PKG" ] &&
	pass "fleet: the repository and the packages are left byte for byte" ||
	fail "fleet: the repository and the packages are left byte for byte" "changed"
[ -z "$(ls -A "$KDELTA_CACHE/tmp" 2>/dev/null)" ] && pass "fleet: no temporary left in the cache" ||
	fail "fleet: no temporary left in the cache" "$(ls "$KDELTA_CACHE/tmp")"

# --- localversion files: in the release, as kbuild appends them -----------
small_tree "$S/lv/linux" "$FIXED"
printf -- '-rt14\n' >"$S/lv/linux/localversion-rt"
printf -- '-kd1\n\n' >"$S/lv/linux/localversion-a"
printf -- '-backup' >"$S/lv/linux/localversion-rt~"
tar -C "$S/lv" -czf "$S/lv.tar.gz" linux
run lv "$S/lv/linux" "$S/lv.tar.gz" -o "$S/lvout"
jcheck "fleet: localversion files in the identity, in name order, backups left out" "$S/lvout/fleet.json" \
	'all(.trees[]; .tree.version == "6.1.158-kd1-rt14" and .tree.localversion == "-kd1-rt14"
	 and (.id | endswith("linux-6.1.158-kd1-rt14")))'
jcheck "fleet: no localversion file, an empty one" "$F" 'all(.trees[]; .tree.localversion == "")'

# --- fleet.html in a browser -----------------------------------------------
if command -v chromium >/dev/null; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$S/profile" --dump-dom "file://$S/one/fleet.html" >"$S/dom" 2>/dev/null
	ids=($(jq -r '.trees[].id' "$F"))
	grep -Eq "<td class=\"cell fixed\" data-id=\"CVE-2025-71104\" data-tree=\"${ids[4]}\" data-status=\"fixed\"" "$S/dom" &&
	grep -Eq "<td class=\"cell present\" data-id=\"CVE-2025-71104\" data-tree=\"${ids[5]}\" data-status=\"present\"" "$S/dom" &&
	[ "$(grep -o '<tr class="finding"' "$S/dom" | wc -l)" -eq "$(jq '.findings | length' "$F")" ] &&
		pass "html: Chromium renders the matrix (fixed, present) and every finding row" ||
		fail "html: Chromium renders the matrix" "$(grep -o '<td class="cell[^>]*>' "$S/dom" | head -3)"
	grep -Eq '(src|href)="(https?:)?//' "$S/one/fleet.html" && fail "html: self-contained" "external resource" ||
		pass "html: self-contained"
else
	fail "html: chromium" "not installed"
fi

# --- bad SOURCEs -------------------------------------------------------------
B=$S/bad
mkdir -p "$B/notkernel/src" "$B/evil"
echo 'int x;' >"$B/notkernel/src/x.c"
head -c 3000 "$S/pkg/linux-6.1.158.tar.gz" >"$B/corrupt.tar.gz"
head -c 2000 "$S/pkg/linux-source-6.1_6.1.158-1_all.deb" >"$B/corrupt.deb"
head -c 2000 "$SRPM" >"$B/corrupt.src.rpm"
# Hostile archives: a member through .., an absolute one, a symlink out
# and a file written through it, a device file.
python3 - "$B" <<'PY'
import io, sys, tarfile
b = sys.argv[1]
def make(name, members):
    with tarfile.open(f"{b}/{name}", "w") as t:
        for info, data in members:
            t.addfile(info, io.BytesIO(data) if data is not None else None)
def f(name, data=b"pwned\n"):
    i = tarfile.TarInfo(name); i.size = len(data); return (i, data)
def link(name, target):
    i = tarfile.TarInfo(name); i.type = tarfile.SYMTYPE; i.linkname = target; return (i, None)
def dev(name):
    i = tarfile.TarInfo(name); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; return (i, None)
mk = f("linux/Makefile", b"VERSION = 6\nPATCHLEVEL = 1\n")
make("dotdot.tar", [mk, f(f"linux/../../../../../../../{b[1:]}/evil/dotdot-marker")])
make("absolute.tar", [mk, f(f"{b}/evil/absolute-marker")])
make("symlink.tar", [mk, link("linux/out", f"{b}/evil"), f("linux/out/symlink-marker")])
make("device.tar", [mk, dev("linux/null")])
PY
run bad "$S/src/dir" "$B/missing" "$B/notkernel" "$S/repo@nosuchrev" "$B/corrupt.tar.gz" \
	"$B/corrupt.deb" "$B/corrupt.src.rpm" "$B/dotdot.tar" "$B/absolute.tar" "$B/symlink.tar" \
	"$B/device.tar" "$S/repo@HEAD" -o "$S/badout"
F=$S/badout/fleet.json
[ $RC -eq 2 ] && pass "bad: exit 2" || fail "bad: exit 2" "rc=$RC"
jcheck "bad: each bad SOURCE failed, the two good ones audited" "$F" \
	'[.trees[].status] == ["audited","failed","failed","failed","failed","failed","failed","failed","failed","failed","failed","audited"]'
n=0
for src in "$B/missing" "$B/notkernel" "$S/repo@nosuchrev" "$B/corrupt.tar.gz" "$B/corrupt.deb" \
	   "$B/corrupt.src.rpm" "$B/dotdot.tar" "$B/absolute.tar" "$B/symlink.tar" "$B/device.tar"; do
	[ "$(grep -cF "kdelta: $src: " "$S/bad.err")" -eq 1 ] && n=$((n + 1))
done
[ $n -eq 10 ] && [ "$(wc -l <"$S/bad.err")" -eq 10 ] && pass "bad: one line naming each bad SOURCE" ||
	fail "bad: one line naming each bad SOURCE" "$n of 10: $(head -c 600 "$S/bad.err")"
[ -z "$(ls -A "$B/evil")" ] && [ ! -e /evil ] && pass "bad: nothing written outside by hostile archives" ||
	fail "bad: nothing written outside by hostile archives" "$(ls -A "$B/evil")"
# A full disk: no file of the cache may grow (SIGXFSZ ignored: EFBIG).
small_tree "$B/big/linux" "$FIXED"
head -c 300000 /dev/zero | tr '\0' '\n' >"$B/big/linux/drivers/big.c"
tar -C "$B/big" -czf "$B/big.tar.gz" linux
(trap '' XFSZ; ulimit -f 128; run full "$B/big.tar.gz" "$S/src/dir" -o "$S/full"; exit $RC)
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$S/full.err")" -eq 1 ] && grep -qF "kdelta: $B/big.tar.gz: " "$S/full.err" &&
	jq -e '[.trees[].status] == ["failed", "audited"]' "$S/full/fleet.json" >/dev/null 2>&1 &&
	pass "bad: a full disk fails the SOURCE being unpacked, not the others" ||
	fail "bad: a full disk" "rc=$rc $(head -c 300 "$S/full.err")"
