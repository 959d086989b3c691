// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a local that holds a current read on one path
 * and a stored stamp on the other is no current read.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), block/bfq-iosched.c,
 * bfq_bfqq_is_slow() (finding at 4201): delta_ktime =
 * bfqd->last_idling_start when compensate, else ktime_get(), then
 * ktime_sub(delta_ktime, bfqd->last_budget_start) into the u32
 * delta_usecs.  On the first path both operands are stored stamps, and
 * nothing in the code orders them: medium in both engines, reported (the
 * rule pack used to take delta_ktime for a current read on every path and
 * rate it low).  The 6.1 verdict is false all the same: bfq sets
 * last_idling_start when it arms the idle timer, after the budget started
 * (testcases/accuracy/verdicts-6.1.tsv), which no engine can see here.
 */
#include "kdelta-accuracy.h"

struct bfq_data { ktime_t last_idling_start; ktime_t last_budget_start; };

bool bfq_bfqq_is_slow(struct bfq_data *bfqd, bool compensate, unsigned long *delta_ms)
{
	ktime_t delta_ktime;
	u32 delta_usecs;

	if (compensate)
		delta_ktime = bfqd->last_idling_start;
	else
		delta_ktime = ktime_get();
	delta_ktime = ktime_sub(delta_ktime, bfqd->last_budget_start);
	delta_usecs = ktime_to_us(delta_ktime); /* KDELTA-EXPECT */
	if (delta_usecs < 1000)
		return false;
	*delta_ms = delta_usecs / 1000;
	return true;
}
