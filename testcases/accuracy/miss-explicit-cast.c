// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: miss, an explicit cast hides the delta.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), net/dccp/timer.c,
 * dccp_timestamp() (264).
 * u64 delta = (u64)ktime_us_delta(ktime_get_real(), dccp_timestamp_seed);
 * the seed is a ktime_get_real() read at init; a wall-clock step back
 * before it makes the delta negative, the cast makes it about 1.8e19,
 * do_div() by 10 and the u32 truncation give a timestamp that jumps
 * (the wrap of -x is not -(x/10) modulo 2^32), fed to the RTT estimate of
 * the DCCP timestamp option.  Must be reported.
 */
#include "kdelta-accuracy.h"

static ktime_t dccp_timestamp_seed;

u32 dccp_timestamp(void)
{
	u64 delta = (u64)ktime_us_delta(ktime_get_real(), dccp_timestamp_seed); /* KDELTA-EXPECT */

	do_div(delta, 10);
	return delta;
}

void dccp_timestamping_init(void)
{
	dccp_timestamp_seed = ktime_get_real();
}
