#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fleet.html at 200 trees, in headless Chromium: a fleet of 200 trees
# made from the shard of a two-tree run (the CVE fixed in one, present in
# the other; every tenth tree failed), rendered by `kdelta merge`; the
# page's own script, run in the browser, filters the matrix to one tree
# and sorts the trees by a count, both ways.  Nothing is fetched.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fleet-lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export KDELTA_CACHE=$S/cache
small_tree "$S/fixed" "$TOP/testcases/lapic/debian-6.1.192.c"
small_tree "$S/present" "$TOP/testcases/lapic/stable-6.1.158.c" 2
"$KDELTA" audit "$S/fixed" "$S/present" --no-clang -j 2 --shard 1/1 -o "$S/two" >/dev/null 2>"$S/two.err"
[ -s "$S/two/fleet.json" ] || { fail "html200: the two-tree shard" "$(head -c 300 "$S/two.err")"; exit 0; }

# 200 trees: tree k is a copy of the fixed (k odd) or present (k even)
# tree's report, with its first k % 7 findings dropped (counts differ);
# every tenth failed.
python3 - "$S/two" "$S/big" <<'PY'
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
fleet = json.load(open(f"{src}/fleet.json"))
reports = [json.load(open(f"{src}/{t['id']}/report.json")) for t in fleet["trees"]]
os.makedirs(dst)
sources, trees = [], []
for k in range(1, 201):
    spec = f"/srv/trees/t{k:03d}"
    sources.append(spec)
    tid = f"{k:03d}-linux-6.1.{k}"
    if k % 10 == 0:
        trees.append({"index": k, "id": tid, "source": spec, "status": "failed",
                      "reason": "cannot be read"})
        continue
    rep = json.loads(json.dumps(reports[k % 2]))
    rep["findings"] = rep["findings"][k % 7:]
    os.makedirs(f"{dst}/{tid}")
    json.dump(rep, open(f"{dst}/{tid}/report.json", "w"))
    trees.append({"index": k, "id": tid, "source": spec, "status": "audited"})
fleet.update(sources=sources, trees=trees, shard="1/1")
json.dump(fleet, open(f"{dst}/fleet.json", "w"))
PY
"$KDELTA" merge -o "$S/out" "$S/big" >/dev/null 2>"$S/merge.err"
F=$S/out/fleet.json
jq -e '(.trees | length) == 200 and ([.trees[] | select(.status == "failed")] | length) == 20' "$F" >/dev/null 2>&1 &&
	pass "html200: kdelta merge renders a fleet of 200 trees (20 failed)" ||
	fail "html200: a fleet of 200 trees" "$(head -c 300 "$S/merge.err")"
grep -Eq '(src|href)="(https?:)?//|<link |<iframe|@import|url\(' "$S/out/fleet.html" &&
	fail "html200: self-contained" "a network resource" || pass "html200: self-contained, no network resource"

# The page's own script, driven in the browser: the results in <pre id="kd-test">.
cat "$S/out/fleet.html" - >"$S/test.html" <<'JS'
<script>
(function () {
	var out = {}, known = document.getElementById('fleet-known'), trees = document.getElementById('fleet-trees');
	function visible(t) { return Array.from(t.tBodies[0].rows).filter(function (r) { return r.style.display !== 'none'; }); }
	function col(t, i) { return Array.from(t.tBodies[0].rows).filter(function (r) { return r.cells.length > i; })
		.map(function (r) { return parseFloat(r.cells[i].innerText); }); }
	out.rows = known.tBodies[0].rows.length;
	out.present = known.querySelectorAll('td.cell.present').length;
	out.fixed = known.querySelectorAll('td.cell.fixed').length;
	out.failed = known.querySelectorAll('td.cell.failed').length;
	var f = document.querySelector('input.filter[data-table="fleet-known"]');
	f.value = '137-linux';
	f.dispatchEvent(new Event('input', { bubbles: true }));
	out.filtered = visible(known).map(function (r) { return r.dataset.tree; });
	f.value = '';
	f.dispatchEvent(new Event('input', { bubbles: true }));
	out.unfiltered = visible(known).length;
	var th = trees.tHead.rows[0].cells[4];
	th.click();
	out.up = col(trees, 4);
	th.click();
	out.down = col(trees, 4);
	out.rowsAfterSort = trees.tBodies[0].rows.length;
	var pre = document.createElement('pre');
	pre.id = 'kd-test';
	pre.textContent = JSON.stringify(out);
	document.body.appendChild(pre);
})();
</script>
JS
if command -v chromium >/dev/null; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$S/profile" --dump-dom "file://$S/test.html" >"$S/dom" 2>/dev/null
	sed -n 's|.*<pre id="kd-test">\(.*\)</pre>.*|\1|p' "$S/dom" | sed 's/&quot;/"/g' >"$S/result.json"
	jq -e '.rows == 200 and .present == 100 and .fixed == 80 and .failed == 20' "$S/result.json" >/dev/null 2>&1 &&
		pass "html200: Chromium renders the 200-row matrix (100 present, 80 fixed, 20 failed)" ||
		fail "html200: the matrix" "$(head -c 300 "$S/result.json")"
	jq -e '.filtered == ["137-linux-6.1.137"] and .unfiltered == 200' "$S/result.json" >/dev/null 2>&1 &&
		pass "html200: the filter shows one tree's row, and all 200 again when cleared" ||
		fail "html200: the filter" "$(jq -c '{filtered, unfiltered}' "$S/result.json" 2>&1)"
	jq -e '.rowsAfterSort == 200 and (.up | length) == 180 and .up == (.up | sort) and
	       .down == (.up | reverse) and (.up[0] < .up[-1])' "$S/result.json" >/dev/null 2>&1 &&
		pass "html200: sorting the trees by a count, ascending then descending (failed trees kept)" ||
		fail "html200: sorting" "$(jq -c '{rowsAfterSort, up: .up[0:5], down: .down[0:5]}' "$S/result.json" 2>&1)"
else
	fail "html200: chromium" "not installed"
fi
