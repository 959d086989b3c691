#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark of the libclang engine, on the built 6.1 tree of
# scripts/kernel-build-tree.sh (arch/x86/kvm, the files of its
# compile_commands.json):
#   1. kdelta check --all (every file parsed) against clang -fsyntax-only
#      with the same arguments (what kdelta gives libclang, from
#      `kdelta check --print-args`), file by file, summed: the cost of the
#      analysis on top of the parse;
#   2. make C=2 CHECK="kdelta check --kbuild" arch/x86/kvm/ (as users run
#      it: files that name no time API are not parsed) against the same
#      run with CHECK=sparse;
# and the peak memory of each.  The machines are shared and noisy: each
# pair runs interleaved ROUNDS times (default 3) and the minimum counts.
# It prints ratios measured in this run; it asserts nothing.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
KDELTA=$TOP/build/kdelta
ROUNDS=${ROUNDS:-3}
CLANG=${CLANG:-clang-14}
TREE=$("$TOP/scripts/kernel-build-tree.sh")
cd "$TREE"

now() { date +%s.%N; }
min() { printf '%s\n' "$@" | sort -g | head -1; }

# "args..." of each arch/x86/kvm compile command, minus compiler, -c, -o X.
mapfile -t FILES < <(jq -r '.[] | select(.file | test("/arch/x86/kvm/")) | .file' compile_commands.json)
argv_of() {
	jq -r --arg f "$1" '.[] | select(.file == $f) |
		(.arguments // (.command | split(" ") | map(select(. != "")))) | .[1:] |
		reduce .[] as $a ({out: [], skip: false};
			if .skip then .skip = false
			elif $a == "-o" then .skip = true
			elif $a == "-c" then .
			else .out += [$a] end) | .out[]' compile_commands.json
}
declare -A KARGS CARGS
for f in "${FILES[@]}"; do
	# The source file is named apart (the database may name it relatively).
	KARGS[$f]=$(argv_of "$f" | grep -v -E '^[^-].*\.c$' | tr '\n' ' ')
	# shellcheck disable=SC2086
	CARGS[$f]=$("$KDELTA" check --print-args --kbuild ${KARGS[$f]} "$f" | tr '\n' ' ')
done

peak_kdelta=0
peak_clang=0
# Each run sets ELAPSED (and raises the peaks); no subshell, so that the
# peaks survive.
run_kdelta() {
	local t0 m
	t0=$(now)
	for f in "${FILES[@]}"; do
		# shellcheck disable=SC2086
		m=$( { /usr/bin/time -f 'peak %M' "$KDELTA" check --all --kbuild ${KARGS[$f]} "$f" 2>&1 >/dev/null; } | sed -n 's/^peak //p')
		[ "${m:-0}" -gt "$peak_kdelta" ] && peak_kdelta=$m
	done
	ELAPSED=$(echo "$(now) - $t0" | bc)
}
run_clang() {
	local t0 m
	t0=$(now)
	for f in "${FILES[@]}"; do
		# shellcheck disable=SC2086
		m=$( { /usr/bin/time -f 'peak %M' "$CLANG" -fsyntax-only ${CARGS[$f]} "$f" 2>&1 >/dev/null; } | sed -n 's/^peak //p')
		[ "${m:-0}" -gt "$peak_clang" ] && peak_clang=$m
	done
	ELAPSED=$(echo "$(now) - $t0" | bc)
}
kbuild() {
	local t0
	t0=$(now)
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s C=2 CHECK="$1" arch/x86/kvm/ >/dev/null 2>&1
	ELAPSED=$(echo "$(now) - $t0" | bc)
}

tk=() tc=() bk=() bs=()
for r in $(seq "$ROUNDS"); do
	run_kdelta
	tk+=("$ELAPSED")
	run_clang
	tc+=("$ELAPSED")
	kbuild "$KDELTA check --kbuild"
	bk+=("$ELAPSED")
	kbuild sparse
	bs+=("$ELAPSED")
	echo "round $r: kdelta ${tk[-1]} s, clang -fsyntax-only ${tc[-1]} s, kbuild+kdelta ${bk[-1]} s, kbuild+sparse ${bs[-1]} s" >&2
done
k=$(min "${tk[@]}") c=$(min "${tc[@]}") b1=$(min "${bk[@]}") b2=$(min "${bs[@]}")
echo "files: ${#FILES[@]} (arch/x86/kvm of $(basename "$TREE")), rounds: $ROUNDS, minimum of each"
printf 'kdelta check --all vs clang -fsyntax-only: %.2f s / %.2f s = ratio %.2f (target <= 1.10)\n' "$k" "$c" "$(echo "$k / $c" | bc -l)"
printf 'make C=2 arch/x86/kvm/, kdelta vs sparse as CHECK: %.2f s / %.2f s = ratio %.2f (target <= 1.5)\n' "$b1" "$b2" "$(echo "$b1 / $b2" | bc -l)"
echo "peak memory of one file: kdelta $((peak_kdelta / 1024)) MiB, clang -fsyntax-only $((peak_clang / 1024)) MiB"
