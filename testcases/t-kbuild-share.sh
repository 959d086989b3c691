#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The prepared build directory (kbuild.c) is shared by copies of one tree
# in different places: keyed by what configuring and preparing read
# (kbuild_key.c), not by the tree's path.  On small trees whose Makefile
# plays kbuild (it counts its configure and prepare runs in O=, and
# gives kernel/time/time.o a command naming the tree's include/): a
# second copy elsewhere, with the first removed, reuses the directory (no
# make run, scan.engines[].cached) with its own path in the arguments,
# and reports the same; kbuild's own arguments for a file that does not
# parse with the template (make -n FILE.o) are asked once for all copies,
# in one make for all such files;
# a changed Kconfig is a directory of its own, a changed .c file is not;
# two audits of two new copies at once prepare once and both finish; each
# audit's own files do not stay.
. "$(dirname "$0")/lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export KDELTA_CACHE=$S/cache

# tree DIR: a fake kernel tree; its one C file includes the tree's
# include/kdelta-fixture.h, found only through the template's -I.
tree() {
	local dir=$1
	mkdir -p "$dir/kernel/time" "$dir/kernel/own/inc" "$dir/scripts" "$dir/arch/x86" "$dir/include"
	cp "$INC/kdelta-fixture.h" "$dir/include/"
	# Parses only with its directory's own -I, which kbuild's command has.
	printf '#include "kdelta-fixture.h"\n#include "own.h"\nu64 own_f(ktime_t a, ktime_t b)\n{\n\tktime_t d = ktime_sub(a, b);\n\n\treturn d + OWN;\n}\n' \
		>"$dir/kernel/own/own.c"
	sed 's/own_f/own_g/' "$dir/kernel/own/own.c" >"$dir/kernel/own/two.c"
	echo '#define OWN 1' >"$dir/kernel/own/inc/own.h"
	cp "$TOP/testcases/generic/stores.c" "$dir/kernel/stores.c"
	echo 'config X86' >"$dir/arch/x86/Kconfig"
	cat >"$dir/Makefile" <<'EOF'
VERSION = 6
PATCHLEVEL = 1
SUBLEVEL = 0
EXTRAVERSION =
allmodconfig olddefconfig:
	echo configure >>$(O)/kdelta-test-runs
	test -z "$$KCONFIG_ALLCONFIG" || cp "$$KCONFIG_ALLCONFIG" $(O)/kdelta-test-pins
prepare:
	echo prepare >>$(O)/kdelta-test-runs
kernel/time/time.o:
	cc -I$(CURDIR)/include -I./include -D__KERNEL__ -O2 -DKBUILD_MODFILE='"kernel/time/time"' -c -o kernel/time/time.o $(CURDIR)/kernel/time/time.c
ifeq ($(origin CC),command line)
_ := $(shell echo "$(CC)" >>$(O)/kdelta-test-assigned)
endif
ifneq ($(filter kernel/own/%.o,$(MAKECMDGOALS)),)
_ := $(shell echo $(MAKECMDGOALS) >>$(O)/kdelta-test-exact)
endif
kernel/own/own.o kernel/own/two.o:
	cc -I$(CURDIR)/include -I$(CURDIR)/kernel/own/inc -D__KERNEL__ -c -o $@ $(CURDIR)/$(@:.o=.c)
EOF
}

# audit NAME TREE: sets RC; the report in $S/NAME.
audit() {
	"$KDELTA" audit "$2" -o "$S/$1" >"$S/$1.out" 2>"$S/$1.err"
	RC=$?
}

jq_is() {
	local name=$1 file=$2 expr=$3
	if jq -e "$expr" "$file" >/dev/null 2>&1; then
		pass "$name"
	else
		fail "$name" "$expr is not true of $file: $(jq -c '.scan.engines[1]' "$file" 2>&1)"
	fi
}

runs() { cat "$1/kdelta-test-runs" 2>/dev/null | wc -l; }
exact_runs() { cat "$1/kdelta-test-exact" 2>/dev/null | wc -l; }

# The parts of a report that do not name the tree's place or the cache.
same() { jq -S '{findings, silent, incomplete, files}' "$1/report.json"; }

tree "$S/one/linux"
mkdir -p "$S/two"
cp -a "$S/one/linux" "$S/two/elsewhere"
audit a "$S/one/linux"
A=$S/a/report.json
jq_is "first copy: a build directory prepared, named by content" "$A" \
	'.scan.engines[1] | .arguments == "prepared build" and .cached == false and
	 (.build_dir | test("/build/[0-9a-f]{32}$"))'
jq_is "first copy: the libclang engine parsed the file with the tree's include/" "$A" \
	'.incomplete == [] and any(.findings[]; .engines | index("clang"))'
B_DIR=$(jq -r '.scan.engines[1].build_dir' "$A")
[ "$(runs "$B_DIR")" -eq 2 ] && pass "first copy: configured and prepared once" ||
	fail "first copy: make runs" "$(cat "$B_DIR/kdelta-test-runs" 2>&1)"
# allmodconfig, less what needs more tools than preparing: kconfig reads
# the pinned values from KCONFIG_ALLCONFIG in its environment.
grep -qx 'CONFIG_WERROR=n' "$B_DIR/kdelta-test-pins" 2>/dev/null &&
	grep -qx 'CONFIG_GCC_PLUGINS=n' "$B_DIR/kdelta-test-pins" &&
	pass "first copy: allmodconfig with kdelta's pinned values (KCONFIG_ALLCONFIG)" ||
	fail "first copy: allmodconfig with pins" "$(cat "$B_DIR/kdelta-test-pins" 2>&1)"
jq_is "first copy: kbuild's own arguments for the files the template does not parse" "$A" \
	'.scan.engines[1].exact_arguments == 2 and (.files | map(.file) | index("kernel/own/own.c") and
	 index("kernel/own/two.c"))'
[ "$(exact_runs "$B_DIR")" -eq 1 ] && grep -q 'kernel/own/own.o kernel/own/two.o' "$B_DIR/kdelta-test-exact" &&
	pass "first copy: one make -n asked for both" ||
	fail "first copy: make -n runs" "$(cat "$B_DIR/kdelta-test-exact")"
same "$S/a" >"$S/a.same"

# The second copy at another path, the first gone: a template that still
# named the first copy would not find kdelta-fixture.h.
rm -rf "$S/one"
audit b "$S/two/elsewhere"
jq_is "second copy elsewhere: the same build directory, prepared by an earlier audit" \
	"$S/b/report.json" ".scan.engines[1] | .cached == true and .build_dir == \"$B_DIR\""
[ "$(runs "$B_DIR")" -eq 2 ] && [ "$(exact_runs "$B_DIR")" -eq 1 ] &&
	jq -e '.scan.engines[1].exact_arguments == 2' "$S/b/report.json" >/dev/null &&
	pass "second copy: no make run, kbuild's own arguments remembered" ||
	fail "second copy: make runs" "$(cat "$B_DIR/kdelta-test-runs") exact $(exact_runs "$B_DIR")"
# (Exit 2, not 1: a file the template did not parse makes the audit's
# status 2 even when kbuild's own arguments then parse it.)
[ $RC -le 2 ] && same "$S/b" | cmp -s - "$S/a.same" && jq -e '.incomplete == []' "$S/b/report.json" >/dev/null &&
	pass "second copy: the same findings, silences, files, nothing incomplete" ||
	fail "second copy: same report" "rc=$RC $(same "$S/b" | diff "$S/a.same" - | head -5)"
[ -z "$(ls "$KDELTA_CACHE/tmp" 2>/dev/null)" ] && [ ! -e "$B_DIR/compile_commands.json" ] &&
	pass "each audit's compile_commands.json is its own, removed after" ||
	fail "private files" "$(ls "$KDELTA_CACHE/tmp" "$B_DIR" 2>&1 | head -5)"

# A file named like a make assignment ("CC=true.c" would set CC for
# every makefile, and kbuild's probes run it): never given to make, not
# fully analysed.
cp -a "$S/two/elsewhere" "$S/ta"
sed 's/own_f/own_h/' "$S/ta/kernel/own/own.c" >"$S/ta/CC=true.c"
audit as "$S/ta"
A_DIR=$(jq -r '.scan.engines[1].build_dir' "$S/as/report.json")
[ -d "$A_DIR" ] && [ ! -e "$A_DIR/kdelta-test-assigned" ] &&
	jq -e '.incomplete | any(.file == "CC=true.c" and (.reason | test("kbuild gives no command")))' \
		"$S/as/report.json" >/dev/null &&
	pass "a file named like a make assignment is never given to make (not fully analysed)" ||
	fail "an assignment-like name" "$(cat "$A_DIR/kdelta-test-assigned" 2>&1) $(jq -c '.incomplete' "$S/as/report.json")"

# What the key covers: a Kconfig file, not a C file.
cp -a "$S/two/elsewhere" "$S/tc"
echo '/* changed */' >>"$S/tc/kernel/stores.c"
audit c "$S/tc"
jq_is "a copy with a changed C file: the same build directory" "$S/c/report.json" \
	".scan.engines[1] | .cached == true and .build_dir == \"$B_DIR\""
cp -a "$S/two/elsewhere" "$S/tk"
echo '	bool "x"' >>"$S/tk/arch/x86/Kconfig"
audit k "$S/tk"
K_DIR=$(jq -r '.scan.engines[1].build_dir' "$S/k/report.json")
[ "$K_DIR" != "$B_DIR" ] && [ "$(runs "$K_DIR")" -eq 2 ] &&
	pass "a copy with a changed Kconfig: a build directory of its own, prepared" ||
	fail "changed Kconfig" "$K_DIR $(runs "$K_DIR")"

# Two new copies audited at once: one prepares, the other waits and
# reuses; both finish with the same report.
tree "$S/p1"
echo '# another tree' >>"$S/p1/Makefile"
cp -a "$S/p1" "$S/p2"
"$KDELTA" audit "$S/p1" -o "$S/r1" >/dev/null 2>"$S/r1.err" &
pid=$!
"$KDELTA" audit "$S/p2" -o "$S/r2" >/dev/null 2>"$S/r2.err"
rc2=$?
wait $pid
rc1=$?
P_DIR=$(jq -r '.scan.engines[1].build_dir' "$S/r1/report.json")
cached=$(jq -s -c '[.[].scan.engines[1].cached] | sort' "$S/r1/report.json" "$S/r2/report.json")
[ $rc1 -le 2 ] && [ $rc2 -le 2 ] && [ "$cached" = '[false,true]' ] &&
	[ "$(jq -r '.scan.engines[1].build_dir' "$S/r2/report.json")" = "$P_DIR" ] &&
	[ "$(runs "$P_DIR")" -eq 2 ] &&
	pass "two copies at once: prepared once, both audits finish" ||
	fail "two copies at once" "rc $rc1 $rc2, cached $cached, runs $(runs "$P_DIR")"
same "$S/r1" >"$S/r1.same"
same "$S/r2" | cmp -s - "$S/r1.same" && jq -e '.incomplete == []' "$S/r2/report.json" >/dev/null &&
	pass "two copies at once: the same report" ||
	fail "two copies at once: same report" "$(same "$S/r2" | diff "$S/r1.same" - | head -5)"
