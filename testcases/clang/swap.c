// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta fixture for the libclang engine: a delta subtracted from
 * something, x - d, rated as its operands swapped, (x + b) - a (nd_swap.c).
 * The shapes are those of testcases/accuracy/duration-minus-delta.c and
 * fp-period-remaining.c (max15301.c, i8254.c in 6.1), reduced to one
 * statement each: a timeout minus an elapsed time is high (reported); the
 * current time minus an elapsed time is an earlier time, and a duration
 * minus a target's remaining time is elapsed time, both low.
 * KDELTA-CONF(level) gives each finding's level (with --confidence low,
 * clang-low expectation).  The rule pack does not follow a delta through
 * arithmetic: it reports none of them.
 */
#include "kdelta-fixture.h"

u64 ktime_get_ns(void);

void wait_timeout(ktime_t start, s64 timeout_ns)
{
	s64 elapsed = ktime_to_ns(ktime_sub(ktime_get(), start));

	ndelay(timeout_ns - elapsed);	/* KDELTA-EXPECT(clang) KDELTA-CONF(high) */
}

void wait_since(ktime_t start)
{
	s64 elapsed = ktime_to_ns(ktime_sub(ktime_get(), start));

	ndelay(ktime_get_ns() - elapsed);	/* KDELTA-CONF(low) */
}

void wait_period(ktime_t target, s64 period_ns)
{
	s64 left = ktime_to_ns(ktime_sub(target, ktime_get()));

	ndelay(period_ns - left);	/* KDELTA-CONF(low) */
}
