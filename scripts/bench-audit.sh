#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark of the whole-tree audit: `kdelta audit --no-clang` with no KDIR
# (Debian's linux-source-6.1, unpacked once into the cache: the rule pack
# alone) against `grep -rl` of the rule pack's tokens (the delta sources,
# the current-time reads, ktime_t: what the audit's file selection looks
# for) over the same tree.  Wall time on this machine and the ratio,
# measured in one run; the unpack is done before timing.
# With --both: the audit with both engines instead, cold (the prepared
# build directories of the cache removed first: make allmodconfig, make
# prepare, then the libclang engine on every scanned file).
# It asserts nothing.  Targets on 2 cores: the rule pack under 60 s; both
# engines under 10 minutes.  The load average is printed: other work on
# the machine slows both.
set -eu
# Every run analyses every file: the result cache would time itself.
export KDELTA_NO_CACHE=1
both=0
[ "${1:-}" = --both ] && both=1

TOP=$(cd "$(dirname "$0")/.." && pwd)
KDELTA=$TOP/build/kdelta
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The first audit unpacks the tree into the cache; time the next ones.
"$KDELTA" audit --no-clang -o "$out/warm" >/dev/null 2>&1 || [ $? -eq 1 ]
tree=$(jq -r '.tree.path' "$out/warm/report.json")
if [ $both = 1 ]; then
	rm -rf "$(dirname "$tree")/build"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	t0=$(date +%s.%N)
	"$KDELTA" audit -o "$out/b" >/dev/null 2>"$out/b.err" || [ $? -le 2 ]
	t1=$(date +%s.%N)
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	jq -r '.scan.phases // {} | to_entries[] | "  phase \(.key): \(.value) s"' "$out/b/report.json"
	printf 'kdelta audit (both engines, cold): %.1f s (target < 600 s on %s cores)\n' \
		"$(echo "$t1 - $t0" | bc)" "$(nproc)"
	jq -r '"files scanned: \(.scan.files_scanned); clang: \(.scan.engines[1].files) files, " +
		"\(.incomplete | length) not fully analysed; findings: \(.findings | length) " +
		"(both engines on \([.findings[] | select(.engines | length == 2)] | length)); " +
		"silent: \(.silent | length)"' "$out/b/report.json"
	exit 0
fi
tokens=$("$KDELTA" api | sed -n 's/^sources: *//p; s/^current-time reads: *//p' |
	tr -d ' ' | tr ',' '\n' | { cat; echo ktime_t; } | paste -sd'|')

now() { date +%s.%N; }
t0=$(now)
"$KDELTA" audit --no-clang -o "$out/r" >/dev/null 2>&1 || [ $? -eq 1 ]
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
