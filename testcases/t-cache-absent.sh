#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A unit whose parse stops at a missing header, in the libclang engine's
# result cache (header_absent.c): with -nostdinc its failure is served
# from the cache while the header is still missing from every place the
# compiler looks; once the header appears in any of them (an -I
# directory, the includer's own), the unit is parsed again.  Without
# -nostdinc the compiler's own directories are searched too, and the
# failure is never cached.  Which files the engine tried to parse is read
# from KDELTA_TIMING's lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fleet-lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export KDELTA_CACHE=$S/cache

K=$S/linux
kd_skeleton "$K"
for f in miss nostd; do
	printf '#include "gone.h"\n/* ktime_t ktime_get ktime_sub */\nint kd_%s(void) { return KD_GONE; }\n' "$f" >"$K/drivers/kd/$f.c"
done
(cd "$K" && jq -n --arg d "$K" --arg t "-I$K/include" \
	'[{directory: $d, file: "\($d)/drivers/kd/miss.c",
	   arguments: ["cc", "-nostdinc", $t, "-c", "drivers/kd/miss.c"]},
	  {directory: $d, file: "\($d)/drivers/kd/nostd.c",
	   arguments: ["cc", $t, "-c", "drivers/kd/nostd.c"]}]' >compile_commands.json)

# audit NAME [ENV...]: RC, NAME/ reports, NAME.err, TRIED (the files the engine
# tried to parse, sorted, one a line).
audit() {
	local name=$1
	shift
	env KDELTA_TIMING=1 "$@" "$KDELTA" audit "$K" -o "$S/$name" >/dev/null 2>"$S/$name.err"
	RC=$?
	TRIED=$(sed -En 's#^kdelta: .*/(drivers/kd/[a-z]*\.c): (parse|did not parse).*#\1#p' \
		"$S/$name.err" | sort -u | tr '\n' ' ')
}

audit u0 KDELTA_NO_CACHE=1
U0=$RC
grep -q "miss.c: not fully analysed: cannot parse: .*'gone.h' file not found" "$S/u0.err" &&
	[ "$U0" = 2 ] && pass "cache-absent: a unit that stops at a missing header is reported, exit 2" ||
	fail "cache-absent: the missing header reported" "rc=$U0 $(head -c 300 "$S/u0.err")"

audit c1
[ "$TRIED" = "drivers/kd/miss.c drivers/kd/nostd.c " ] && [ "$RC" = 2 ] &&
	same_reports "$S/c1" "$S/u0" 2>/dev/null &&
	pass "cache-absent: cold: both units tried, the reports of an uncached run" || fail "cache-absent: cold" "rc=$RC tried: $TRIED"

audit w1
[ "$TRIED" = "drivers/kd/nostd.c " ] && [ "$RC" = 2 ] && same_reports "$S/w1" "$S/c1" 2>/dev/null &&
	grep -q "miss.c: not fully analysed: cannot parse: .*'gone.h' file not found" "$S/w1.err" &&
	pass "cache-absent: warm: the -nostdinc unit's failure comes from the cache, said as before; the other is parsed again" ||
	fail "cache-absent: warm" "rc=$RC tried: $TRIED"
n=$(grep -rl '"absent"' "$KDELTA_CACHE/results" | xargs grep -l "%T/include/gone.h" | wc -l)
[ "$n" = 1 ] && pass "cache-absent: the entry lists the places looked at, tree-relative" ||
	fail "cache-absent: the entry lists the places looked at" "$n entries"

# The header appears where the compiler looks: the unit is parsed again.
printf '#define KD_GONE 1\n' >"$K/include/gone.h"
audit w2
[ "$TRIED" = "drivers/kd/miss.c drivers/kd/nostd.c " ] && [ "$RC" = 0 ] &&
	! grep -q 'not fully analysed' "$S/w2.err" &&
	pass "cache-absent: the header added in an -I directory: parsed again, and it parses" ||
	fail "cache-absent: the header added in an -I directory" "rc=$RC tried: $TRIED $(head -c 300 "$S/w2.err")"
rm "$K/include/gone.h"
audit w3
[ "$TRIED" = "drivers/kd/nostd.c " ] && [ "$RC" = 2 ] &&
	pass "cache-absent: the header gone again: the failure's entry serves" ||
	fail "cache-absent: the header gone again" "rc=$RC tried: $TRIED"
printf '#define KD_GONE 2\n' >"$K/drivers/kd/gone.h"
audit w4
[ "$TRIED" = "drivers/kd/miss.c drivers/kd/nostd.c " ] && [ "$RC" = 0 ] &&
	pass "cache-absent: the header added beside the includer: parsed again" ||
	fail "cache-absent: the header added beside the includer" "rc=$RC tried: $TRIED"
rm "$K/drivers/kd/gone.h"
ln -s nowhere "$K/include/gone.h"
audit w5
[ "$TRIED" = "drivers/kd/miss.c drivers/kd/nostd.c " ] && [ "$RC" = 2 ] &&
	pass "cache-absent: a dangling link where the header was looked for: not trusted, parsed again" ||
	fail "cache-absent: a dangling link" "rc=$RC tried: $TRIED"
rm -f "$K/include/gone.h"

# An odd directory name that reads like clang's diagnostic (a colon, line
# and column numbers, a quote): the unit's name stays intact in the report,
# and once the header appears beside it the unit is parsed again (its
# failure was stored with the right place to check, or not stored).
odd="$K/drivers/kd/x:1:2: fatal error: 'y"
mkdir -p "$odd"
printf '#include "gone.h"\n/* ktime_t ktime_get ktime_sub */\nint kd_odd(void) { return KD_GONE; }\n' >"$odd/odd.c"
jq --arg d "$K" --arg f "$odd/odd.c" --arg t "-I$K/include" \
	'. + [{directory: $d, file: $f, arguments: ["cc", "-nostdinc", $t, "-c", $f]}]' \
	"$K/compile_commands.json" >"$S/cc.json" && mv "$S/cc.json" "$K/compile_commands.json"
audit o1
audit o2
grep -qF "$odd/odd.c: not fully analysed: cannot parse: $odd/odd.c:1:10: fatal error: 'gone.h' file not found" "$S/o2.err" &&
	pass "cache-absent: an odd directory name is kept intact in the reason" ||
	fail "cache-absent: an odd directory name is kept intact" "$(grep odd.c "$S/o2.err" | head -c 300)"
printf '#define KD_GONE 3\n' >"$odd/gone.h"
audit o3
! grep -q "odd.c: not fully analysed" "$S/o3.err" &&
	pass "cache-absent: the header added beside the odd includer: parsed again, and it parses" ||
	fail "cache-absent: the header added beside the odd includer" "$(grep odd.c "$S/o3.err" | head -c 300)"
