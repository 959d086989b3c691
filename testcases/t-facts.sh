#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Stamps one file sets and another reads (nd_facts.c, audit_clang.c's
# join_facts()), on a small tree with a compile_commands.json reduced from
# the habanalabs driver of Debian's 6.1 tree: event.c stamps a throttling
# interval as goya_print_clk_change_info() does (start = ktime_get(), end
# reset to 0, end = ktime_get()), query.c measures it as
# clk_throttle_info() of habanalabs_ioctl.c does (end while it is not 0,
# else ktime_get(), minus start).  Alone, query.c cannot know what the
# stamps hold: "order unknown", medium.  The audit joins the files'
# stores: low, a silence.  A store of anything else into start, in
# event.c, makes it medium again, also when query.c's results come from
# the cache.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fleet-lib.sh"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export KDELTA_CACHE=$S/cache
K=$S/linux

kd_skeleton "$K"
cat >"$K/include/kd/throttle.h" <<'C'
#include "kdelta-fixture.h"

struct mutex {
	int owner;
};
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);

struct kd_throttle_stamp {
	ktime_t start;
	ktime_t end;
};

struct kd_dev {
	struct kd_throttle_stamp timestamp[2];
	struct mutex lock;
};

struct kd_throttle_info {
	u64 duration_ns[2];
};
C
cat >"$K/drivers/kd/event.c" <<'C'
#include <kd/throttle.h>

void kd_event(struct kd_dev *d, int type, bool starts)
{
	ktime_t zero_time = ktime_set(0, 0);

	mutex_lock(&d->lock);
	if (starts) {
		d->timestamp[type].start = ktime_get();
		d->timestamp[type].end = zero_time;
	} else {
		d->timestamp[type].end = ktime_get();
	}
	mutex_unlock(&d->lock);
}
C
cat >"$K/drivers/kd/query.c" <<'C'
#include <kd/throttle.h>

void kd_query(struct kd_dev *d, struct kd_throttle_info *out)
{
	struct kd_throttle_info info = { 0 };
	ktime_t end_time, zero_time = ktime_set(0, 0);
	int i;

	mutex_lock(&d->lock);
	for (i = 0; i < 2; i++) {
		if (ktime_compare(d->timestamp[i].end, zero_time))
			end_time = d->timestamp[i].end;
		else
			end_time = ktime_get();

		info.duration_ns[i] =
			ktime_to_ns(ktime_sub(end_time, d->timestamp[i].start));
	}
	mutex_unlock(&d->lock);
	*out = info;
}
C
kd_compdb "$K"

# audit NAME [ENV...]: RC, NAME/ reports, NAME.err, PARSED (the files the
# engine parsed, in order, one a line).
audit() {
	local name=$1
	shift
	env KDELTA_TIMING=1 "$@" "$KDELTA" audit "$K" -j 2 -o "$S/$name" >/dev/null 2>"$S/$name.err"
	RC=$?
	PARSED=$(sed -n 's|^kdelta: .*/\(drivers/kd/[a-z]*\.c\): parse .*|\1|p' "$S/$name.err" | tr '\n' ' ')
}
# clang_at NAME: the libclang engine's word on query.c:16, "finding
# CONFIDENCE" or "silent REASON".
clang_at() {
	jq -r '([.findings[] | select(.file == "drivers/kd/query.c" and .line == 16 and
		  ((.engines // [.engine]) | index("clang"))) | "finding " + .confidence] +
		[.silent[] | select(.file == "drivers/kd/query.c" and .line == 17 and
		  .engine == "clang") | "silent " + .reason]) | first // "nothing"' "$S/$1/report.json"
}

# The file alone: nothing tells what the stamps hold.
out=$("$KDELTA" check "$K/drivers/kd/query.c" -- -I"$INC" -I"$K/include" 2>&1)
grep -q 'confidence medium (a difference of two stored times)' <<<"$out" &&
	pass "facts: query.c alone: the order of its stamps is unknown (medium)" ||
	fail "facts: query.c alone" "$out"

audit cold
[ "$(clang_at cold)" = "silent low-confidence" ] &&
	jq -e '[.silent[] | select(.file == "drivers/kd/query.c" and .engine == "clang")][0].detail |
		test("a stamp taken in its place.*the audit joined the stores of every file")' \
		"$S/cold/report.json" >/dev/null &&
	[ "$(tr ' ' '\n' <<<"$PARSED" | sort | tr '\n' ' ')" = \
		" drivers/kd/event.c drivers/kd/query.c drivers/kd/query.c " ] &&
	pass "facts: the audit joins event.c's stores: query.c analysed again, low (a silence)" ||
	fail "facts: the audit joins the stores" "$(clang_at cold); parsed: $PARSED"

jq -e '.scan.engines[] | select(.name == "clang") | .analysed_again == 1' \
	"$S/cold/report.json" >/dev/null &&
	grep -q '1 analysed again knowing the stamps other files set' "$S/cold/report.md" &&
	pass "facts: the report says one file was analysed again (json, md)" ||
	fail "facts: the report says how many files were analysed again" \
		"$(jq -c '.scan' "$S/cold/report.json" | head -c 300)"

audit warm
[ "$(clang_at warm)" = "silent low-confidence" ] && [ -z "$PARSED" ] &&
	same_reports "$S/cold" "$S/warm" 2>/dev/null &&
	pass "facts: warm: the same reports, nothing parsed (both passes cached)" ||
	fail "facts: warm" "$(clang_at warm); parsed: $PARSED"

audit nocache KDELTA_NO_CACHE=1
same_reports "$S/cold" "$S/nocache" 2>/dev/null &&
	pass "facts: without the cache, the same reports" ||
	fail "facts: without the cache" "$(clang_at nocache)"

# start also set from a caller's value, in the other file: only event.c
# changed; query.c's first results come from the cache, its second ones
# (keyed by what it was told) do not.
cat >>"$K/drivers/kd/event.c" <<'C'

void kd_rebase(struct kd_dev *d, int type, ktime_t when)
{
	d->timestamp[type].start = when;
}
C
audit changed
[ "$(clang_at changed)" = "finding medium" ] &&
	[ "$PARSED" = "drivers/kd/event.c drivers/kd/query.c " ] &&
	pass "facts: start also set from a caller's value in event.c: medium again, query.c parsed once (its second pass)" ||
	fail "facts: a store of anything else elsewhere" "$(clang_at changed); parsed: $PARSED"

# The tree was never written to.
[ -z "$(find "$K" -newer "$K/compile_commands.json" -not -path "$K/drivers/kd/event.c" \
	-not -path "$K/drivers/kd" | head -1)" ] &&
	pass "facts: the tree is not written to" ||
	fail "facts: the tree is not written to" "$(find "$K" -newer "$K/compile_commands.json")"
