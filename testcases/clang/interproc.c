// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta fixture for the libclang engine: interprocedural summaries.  A call
 * to a function whose body is visible is a sink when that function scales
 * its unsigned parameter (multiplies, divides, shifts, compares, or passes
 * it to a scaling call), the way nsec_to_cycles() reaches
 * pvclock_scale_delta() in arch/x86/kvm/x86.h; a function that only stores
 * or adds the value (harmless modulo 2^64), or converts it back to a signed
 * type (ns_to_ktime()), is not.  Expected findings are marked KDELTA-EXPECT.
 */
#include "kdelta-fixture.h"

struct tsc_conv {
	u32 mult;
	int shift;
	u64 total_ns;
};

/* Scales: multiplies and shifts its unsigned parameter. */
static u64 ns_to_ticks(const struct tsc_conv *c, u64 ns)
{
	return (ns * c->mult) >> c->shift;
}

/* Scales by passing on to a scaling function. */
static u64 ns_to_ticks_checked(const struct tsc_conv *c, u64 ns)
{
	u64 ticks = ns_to_ticks(c, ns);

	return ticks;
}

/* Compares its parameter: a huge wrapped value compares wrongly. */
static bool exceeds_budget(u64 ns, u64 budget)
{
	return ns > budget;
}

/* Only accumulates: u64 addition of a negative value wraps back. */
static void account(struct tsc_conv *c, u64 ns)
{
	c->total_ns += ns;
}

/* Only stores. */
static void remember(struct tsc_conv *c, u64 ns)
{
	c->total_ns = ns;
}

u64 pos_summary_multiplies(struct tsc_conv *c, ktime_t expires)
{
	ktime_t delta = ktime_sub(expires, ktime_get());

	return ns_to_ticks(c, delta);	/* KDELTA-EXPECT */
}

u64 pos_summary_two_levels(struct tsc_conv *c, ktime_t expires)
{
	ktime_t delta = ktime_sub(expires, ktime_get());

	return ns_to_ticks_checked(c, delta);	/* KDELTA-EXPECT */
}

bool pos_summary_compares(ktime_t expires, u64 budget)
{
	ktime_t delta = ktime_sub(expires, ktime_get());

	return exceeds_budget(delta, budget);	/* KDELTA-EXPECT */
}

void neg_summary_adds_only(struct tsc_conv *c, ktime_t expires)
{
	ktime_t delta = ktime_sub(expires, ktime_get());

	account(c, delta);
}

void neg_summary_stores_only(struct tsc_conv *c, ktime_t expires)
{
	ktime_t delta = ktime_sub(expires, ktime_get());

	remember(c, delta);
}

/* ns_to_ktime(u64) only converts back to ktime_t: a harmless round trip. */
ktime_t neg_round_trip(ktime_t expires)
{
	ktime_t delta = ktime_sub(expires, ktime_get());

	return ns_to_ktime(ktime_to_ns(delta));
}

/* The summary sink behind a guard: not a finding. */
u64 neg_summary_guarded(struct tsc_conv *c, ktime_t expires)
{
	ktime_t delta = ktime_sub(expires, ktime_get());

	if (delta <= 0)
		return 0;
	return ns_to_ticks(c, delta);
}
