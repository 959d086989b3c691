// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a stamp the code takes in place of a current
 * read.  The later operand is a local set to ktime_get() on one path and
 * to a stored stamp on the other: the code makes the stamp the end of the
 * interval, as a name like "stop" would.  With every stamp only ever set
 * from ktime_get() (monotonic) that orders the two: low, in both engines.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - block/bfq-iosched.c, bfq_bfqq_is_slow() (finding at 4201), false:
 *    delta_ktime = bfqd->last_idling_start when the caller compensates for
 *    idling (only bfq_idle_slice_timer_body(), run by the idle timer that
 *    bfq_arm_slice_timer() starts right after setting last_idling_start),
 *    else ktime_get(); minus bfqd->last_budget_start, set by
 *    bfq_set_budget_timeout() when the queue is put in service.  Both
 *    fields are only set from ktime_get().
 *  - bfq_bfqq_is_slow_given(): the same function with the budget's start
 *    also taken from a caller's value (not in the tree): that stamp is not
 *    only a read of the clock, so the order is unknown, medium.
 *  - bfq_bfqq_is_slow_real(): the same with ktime_get_real() stamps (not
 *    in the tree): the wall clock can step back, medium.
 */
#include "kdelta-accuracy.h"

#define USEC_PER_MSEC	1000L

struct bfq_data {
	ktime_t last_budget_start;
	ktime_t last_idling_start;
	ktime_t given_start;
	ktime_t real_budget_start;
	ktime_t real_idling_start;
};

static void bfq_set_budget_timeout(struct bfq_data *bfqd, ktime_t when)
{
	bfqd->last_budget_start = ktime_get();
	bfqd->given_start = when;
	bfqd->real_budget_start = ktime_get_real();
}

static void bfq_arm_slice_timer(struct bfq_data *bfqd)
{
	bfqd->last_idling_start = ktime_get();
	bfqd->real_idling_start = ktime_get_real();
}

static bool bfq_bfqq_is_slow(struct bfq_data *bfqd, bool compensate,
			     unsigned long *delta_ms)
{
	ktime_t delta_ktime;
	u32 delta_usecs;

	if (compensate)
		delta_ktime = bfqd->last_idling_start;
	else
		delta_ktime = ktime_get();
	delta_ktime = ktime_sub(delta_ktime, bfqd->last_budget_start);
	delta_usecs = ktime_to_us(delta_ktime);

	if (delta_usecs < 1000)
		return false;
	*delta_ms = delta_usecs / USEC_PER_MSEC;
	return true;
}

static bool bfq_bfqq_is_slow_given(struct bfq_data *bfqd, bool compensate,
				   unsigned long *delta_ms)
{
	ktime_t delta_ktime;
	u32 delta_usecs;

	if (compensate)
		delta_ktime = bfqd->last_idling_start;
	else
		delta_ktime = ktime_get();
	delta_ktime = ktime_sub(delta_ktime, bfqd->given_start);
	delta_usecs = ktime_to_us(delta_ktime); /* KDELTA-EXPECT */

	*delta_ms = delta_usecs / USEC_PER_MSEC;
	return true;
}

static bool bfq_bfqq_is_slow_real(struct bfq_data *bfqd, bool compensate,
				  unsigned long *delta_ms)
{
	ktime_t delta_ktime;
	u32 delta_usecs;

	if (compensate)
		delta_ktime = bfqd->real_idling_start;
	else
		delta_ktime = ktime_get_real();
	delta_ktime = ktime_sub(delta_ktime, bfqd->real_budget_start);
	delta_usecs = ktime_to_us(delta_ktime); /* KDELTA-EXPECT */

	*delta_ms = delta_usecs / USEC_PER_MSEC;
	return true;
}

void bfq_expire(struct bfq_data *bfqd, bool compensate, ktime_t when)
{
	unsigned long delta;

	bfq_set_budget_timeout(bfqd, when);
	bfq_arm_slice_timer(bfqd);
	bfq_bfqq_is_slow(bfqd, compensate, &delta);
	bfq_bfqq_is_slow_given(bfqd, compensate, &delta);
	bfq_bfqq_is_slow_real(bfqd, compensate, &delta);
}
