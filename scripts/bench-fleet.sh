#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark of the fleet audit and its per-file cache, on Debian's
# linux-source-6.1 (the whole tree; the rule pack alone, or with --both
# the libclang engine too), measured in one run on this machine.  Prints
# three ratios, each against a cold audit of
# the tree (an empty cache):
#   1. the second of two trees that differ in one file (target <= 10 %);
#   2. the same tree re-audited from a warm cache (target <= 10 %);
#   3. five trees sharing 95 % of their analysed files, in one run
#      (target <= 1.5 times one cold audit).
# The trees are hard-linked copies of the cached tree (a changed file is
# written anew, never through a link).  It asserts nothing.
#
# --both: both engines.  The trees have no compile_commands.json, so the
# libclang engine needs a prepared build directory (kbuild.c), named by
# the content configuring and preparing read (kbuild_key.c): the first
# tree of an empty cache pays for `make allmodconfig prepare` (minutes, in
# its cold figure), the copies share it.  A cold run of both engines on
# the tree is itself 10 minutes or more on 2 cores.  Not for CI.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
KDELTA=${KDELTA:-$TOP/build/kdelta}
W=$(mktemp -d "${TMPDIR:-/tmp}/kdelta-bench-fleet.XXXXXX")
trap 'rm -rf "$W"' EXIT
J=${JOBS:-2}
NC=--no-clang
[ "${1:-}" = --both ] && NC=

# The tree: the one `kdelta audit` unpacks into the user's cache.
"$KDELTA" audit --no-clang -o "$W/first" >/dev/null 2>&1 || [ $? -eq 1 ]
A=$(jq -r '.tree.path' "$W/first/report.json")
export KDELTA_CACHE=$W/cache

# audit ARGS...: exit 1 (findings) and 2 (a file an engine could not
# analyse fully, as the libclang engine reports some of 6.1's) are
# results; anything else, or no report, stops the benchmark.
audit() {
	local rc=0
	"$KDELTA" audit "$@" >/dev/null 2>"$W/audit.err" || rc=$?
	if [ $rc -gt 2 ] || ! ls "${@: -1}"/*.json >/dev/null 2>&1; then
		echo "kdelta audit $* failed (exit $rc):" >&2
		tail -5 "$W/audit.err" >&2
		exit 1
	fi
}
now() { date +%s.%N; }
secs() { jq -r '.scan.seconds' "$1/report.json"; }
# change TREE FILE: FILE written anew (not through the hard link).
change() {
	cp "$1/$2" "$1/$2.new"
	echo "/* kdelta bench: changed */" >>"$1/$2.new"
	mv "$1/$2.new" "$1/$2"
}
copy() { cp -al "$A" "$1"; }

copy "$W/b"
change "$W/b" kernel/time/timekeeping.c
# 1. Two trees in one run, an empty cache: the per-tree scan times.
t0=$(now)
audit $NC "$A" "$W/b" -j "$J" -o "$W/two"
t1=$(now)
ids=($(jq -r '.trees[].id' "$W/two/fleet.json"))
cold=$(secs "$W/two/${ids[0]}")
second=$(secs "$W/two/${ids[1]}")
echo "cold audit of $A: $cold s (two trees, one run: $(echo "$t1 - $t0" | bc) s wall)"
printf '1. second tree, one file differs: %s s = %.1f %% of cold (target <= 10 %%)\n' \
	"$second" "$(echo "100 * $second / $cold" | bc -l)"

# 2. The unchanged tree again, the cache warm.
audit $NC "$A" -j "$J" -o "$W/warm"
warm=$(secs "$W/warm")
printf '2. unchanged tree, warm cache: %s s = %.1f %% of cold (target <= 10 %%)\n' \
	"$warm" "$(echo "100 * $warm / $cold" | bc -l)"

# 3. Five trees, each with its own 5 % of the analysed files changed, an
# empty cache.
mapfile -t files < <(cd "$A" && grep -rlw --include='*.c' -E 'ktime_t|ktime_get|ktime_sub' . | sort)
for k in 1 2 3 4 5; do
	copy "$W/t$k"
	for ((i = k; i < ${#files[@]}; i += 20)); do change "$W/t$k" "${files[$i]}"; done
done
rm -rf "$KDELTA_CACHE"
t0=$(now)
audit $NC "$W"/t{1,2,3,4,5} -j "$J" -o "$W/five"
t1=$(now)
five=$(echo "$t1 - $t0" | bc)
printf '3. five trees sharing 95 %% of %d analysed files: %.1f s = %.2f x cold (target <= 1.5)\n' \
	"${#files[@]}" "$five" "$(echo "$five / $cold" | bc -l)"
