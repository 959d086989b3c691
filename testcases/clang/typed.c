// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta fixture for the libclang engine: conversions that only a type-aware
 * engine sees.  Not a reduction of one tree: each function is the shape of a
 * real timer idiom (a driver-local unsigned typedef, an explicit cast, a
 * delta returned as unsigned, an external API with an unsigned parameter).
 * Expected findings are marked KDELTA-EXPECT on their line.
 */
#include "kdelta-fixture.h"

/* A driver's own unsigned typedef: the rule pack's type list cannot know it. */
typedef u64 hw_cycles_t;

struct drv_timer {
	ktime_t expires;
	hw_cycles_t budget;
};

/* Store into a field of a local unsigned typedef: a finding. */
void pos_store_local_typedef(struct drv_timer *t)
{
	ktime_t left = ktime_sub(t->expires, ktime_get());

	t->budget = left;	/* KDELTA-EXPECT */
}

/* An explicit (u64) cast of the delta: a finding at the cast. */
s64 pos_explicit_cast(ktime_t expires)
{
	ktime_t left = ktime_sub(expires, ktime_get());

	return div_s64((u64)left, 1000);	/* KDELTA-EXPECT */
}

/* The delta returned from a function returning u64: a finding. */
u64 pos_return_unsigned(ktime_t expires)
{
	ktime_t now = ktime_get();

	return ktime_to_ns(ktime_sub(expires, now));	/* KDELTA-EXPECT */
}

/* An external API (no body visible) with an unsigned parameter: a finding. */
void set_hw_deadline(unsigned long long ns);

void pos_external_unsigned_param(ktime_t expires)
{
	ktime_t now = ktime_get();
	s64 left = ktime_to_ns(ktime_sub(expires, now));

	set_hw_deadline(left);	/* KDELTA-EXPECT */
}

/* A signed cast keeps the value signed: not a finding. */
s64 neg_signed_cast(ktime_t expires)
{
	ktime_t left = ktime_sub(expires, ktime_get());

	return div_s64((s64)left, 1000);
}

/* Guarded before the cast: not a finding. */
u64 neg_cast_after_guard(ktime_t expires)
{
	ktime_t left = ktime_sub(expires, ktime_get());

	if (left < 0)
		return 0;
	return (u64)left;
}
