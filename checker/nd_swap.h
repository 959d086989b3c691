/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nd_swap.c: the confidence of x - d, where d is a delta a - b and x is
 * not one (a duration, a period, a timeout).  x - (a - b) = (x + b) - a:
 * subtracting a delta swaps its operands.  A timeout minus an elapsed
 * time is a target minus the current time; a period minus the time left
 * until a timer expires is the current time minus a stored one.
 */
#ifndef KDELTA_ND_SWAP_H
#define KDELTA_ND_SWAP_H

#include "nd_report.h"

/* r (x - d, rated as a difference of two stored times) rated from d;
 * x_now: x is a current read (on a monotonic clock: x_mono), and x - d a
 * time before it, as ktime_sub_ns(now, n) is. */
void nd_rate_swapped(struct src *r, const struct src *d, bool x_now, bool x_mono);

#endif
