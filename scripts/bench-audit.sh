#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark of the whole-tree audit: `kdelta audit` with no KDIR (Debian's
# linux-source-6.1, unpacked once into the cache; no compile database, so
# the rule pack alone) against `grep -rl` of the rule pack's tokens (the
# delta sources, the current-time reads, ktime_t: what the audit's file
# selection looks for) over the same tree.  Wall time on this machine and
# the ratio, measured in one run; the unpack is done before timing.
# It asserts nothing.  Target: the audit under 60 s on 2 cores.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
KDELTA=$TOP/build/kdelta
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The first audit unpacks the tree into the cache; time the next ones.
"$KDELTA" audit -o "$out/warm" >/dev/null 2>&1 || [ $? -eq 1 ]
tree=$(jq -r '.tree.path' "$out/warm/report.json")
tokens=$("$KDELTA" api | sed -n 's/^sources: *//p; s/^current-time reads: *//p' |
	tr -d ' ' | tr ',' '\n' | { cat; echo ktime_t; } | paste -sd'|')

now() { date +%s.%N; }
t0=$(now)
"$KDELTA" audit -o "$out/r" >/dev/null 2>&1 || [ $? -eq 1 ]
t1=$(now)
n=$(grep -rlE --include='*.c' "$tokens" "$tree" | wc -l)
t2=$(now)
a=$(echo "$t1 - $t0" | bc)
g=$(echo "$t2 - $t1" | bc)
echo "tree: $tree ($(jq -r '.scan.files_in_tree' "$out/r/report.json") C files, $(jq -r '.scan.files_scanned' "$out/r/report.json") scanned, grep -rl finds $n)"
jq -r '.scan.phases // {} | to_entries[] | "  phase \(.key): \(.value) s"' "$out/r/report.json"
printf 'kdelta audit (rule pack): %.1f s (target < 60 s on %s cores)\n' "$a" "$(nproc)"
printf 'grep -rlE "%s": %.2f s\n' "$tokens" "$g"
printf 'ratio audit / grep: %.0f\n' "$(echo "$a / $g" | bc -l)"
echo "findings: $(jq '.findings | length' "$out/r/report.json"), CVE-2025-71104: $(jq -r '.known_instances[0].status' "$out/r/report.json")"
