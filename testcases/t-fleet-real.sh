#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# The fleet audit on real inputs, in one run: Debian's linux-source-6.1
# .deb as downloaded, the .tar.xz inside it, a .src.rpm built here with
# rpmbuild from that tarball, and the git repository of
# scripts/kernel-tree.sh --reverted at both revisions (shipped, then the
# CVE-2025-71104 fix reverted): the CVE fixed in every column but the
# reverted one, where it is present; the vendors' identities; fleet.html's
# matrix as Chromium renders it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fleet-lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export KDELTA_CACHE=$S/cache
TARBALL=/usr/src/linux-source-6.1.tar.xz
DEBDIR=$TOP/build/fleet-deb
mkdir -p "$DEBDIR"
if ! ls "$DEBDIR"/linux-source-6.1_*_all.deb >/dev/null 2>&1; then
	(cd "$DEBDIR" && apt-get download linux-source-6.1 >/dev/null 2>&1) ||
		{ fail "real: the .deb" "apt-get download linux-source-6.1 failed"; exit 0; }
fi
DEB=$(ls "$DEBDIR"/linux-source-6.1_*_all.deb | head -1)
DEBVER=$(dpkg-deb -f "$DEB" Version)
SRPM=$(make_srpm "$S/rpm" "$TARBALL" 6.1 "${DEBVER#*-}.kdelta") ||
	{ fail "real: rpmbuild" "cannot build the .src.rpm"; exit 0; }
REPO=$("$TOP/scripts/kernel-tree.sh" --reverted 2>/dev/null) ||
	{ fail "real: tree" "kernel-tree.sh --reverted failed"; exit 0; }

# The rule pack alone: what is tested is the SOURCE forms and the fleet
# report; the libclang engine would prepare a kbuild tree and parse some
# 580 files for each of the five trees (an hour on 2 cores).
t0=$SECONDS
"$KDELTA" audit --no-clang "$DEB" "$TARBALL" "$SRPM" "$REPO@HEAD~1" "$REPO@HEAD" -j 2 -o "$S/out" \
	>"$S/out.log" 2>"$S/err"
rc=$?
echo "# the fleet of five took $((SECONDS - t0)) s"
F=$S/out/fleet.json
[ $rc -le 1 ] && jq -e '[.trees[].status] | all(. == "audited")' "$F" >/dev/null 2>&1 &&
	pass "real: the .deb, its .tar.xz, a .src.rpm and two git revisions audited in one run" ||
	fail "real: five SOURCEs audited" "rc=$rc $(head -c 400 "$S/err")"
jq -e '[.trees[].id] as $id | .known_instances[] | select(.id == "CVE-2025-71104") |
	[.trees[$id[0]].status, .trees[$id[1]].status, .trees[$id[2]].status,
	 .trees[$id[3]].status, .trees[$id[4]].status] == ["fixed","fixed","fixed","fixed","present"]' \
	"$F" >/dev/null 2>&1 && pass "real: CVE-2025-71104 fixed in four columns, present in the reverted one" ||
	fail "real: the CVE matrix" "$(jq -c '.known_instances[0].trees | map_values(.status)' "$F" 2>&1)"
jq -e --arg v "$DEBVER" '.trees[0].tree.vendor.release == $v and .trees[2].tree.vendor.release == ("6.1-" + ($v | split("-")[1]) + ".kdelta")' \
	"$F" >/dev/null 2>&1 && pass "real: the .deb and the .src.rpm named by their packages ($DEBVER)" ||
	fail "real: identities" "$(jq -c '[.trees[].tree.vendor]' "$F" 2>&1 | head -c 300)"
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$S/profile" --dump-dom "file://$S/out/fleet.html" >"$S/dom" 2>/dev/null
[ "$(grep -Eo '<td class="cell (fixed|present)" data-id="CVE-2025-71104"[^>]*data-status="(fixed|present)"' "$S/dom" |
	grep -o 'data-status="[a-z]*"' | tr '\n' ' ')" = 'data-status="fixed" data-status="fixed" data-status="fixed" data-status="fixed" data-status="present" ' ] &&
	pass "real: Chromium renders the matrix" || fail "real: Chromium renders the matrix" "$(grep -o '<td class="cell[^>]*data-status="[a-z]*"' "$S/dom" | head -5)"
[ -z "$(ls -A "$KDELTA_CACHE/tmp" 2>/dev/null)" ] && pass "real: no temporary left" ||
	fail "real: no temporary left" "$(ls "$KDELTA_CACHE/tmp")"
