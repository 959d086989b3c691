// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: miss shapes of issue 9 with no unguarded
 * instance in Debian linux-source-6.1 (6.1.192).  Each function is the
 * guarded 6.1 site named above it with its guard taken away (or the shape
 * as issue 9 states it), so the flow is the real one and only the check
 * is missing.  Every marked line must be reported.
 */
#include "kdelta-accuracy.h"

/* Source hrtimer_expires_remaining(): net/core/pktgen.c, spin(), less its
 * "if (remaining <= 0) goto out;" (an expired timer gives a negative). */
void spin_unguarded(struct hrtimer *timer)
{
	u64 remaining = ktime_to_ns(hrtimer_expires_remaining(timer)); /* KDELTA-EXPECT */

	ndelay(remaining);
}

/* Source hrtimer_get_remaining(): arch/x86/kvm/vmx/nested.c,
 * vmx_get_preemption_timer_value(), less "if (ktime_to_ns(remaining) <= 0)
 * return 0;". */
u32 preemption_timer_value(struct hrtimer *timer, u32 tsc_khz)
{
	ktime_t remaining = hrtimer_get_remaining(timer);
	u64 value;

	value = ktime_to_ns(remaining) * tsc_khz; /* KDELTA-EXPECT */
	do_div(value, 1000000);
	return value;
}

/* Sources __hrtimer_get_remaining() and hrtimer_expires_remaining_adjusted():
 * kernel/time/itimer.c, itimer_get_remtime(), and fs/timerfd.c,
 * timerfd_get_remaining(), less "if (rem <= 0)" / "remaining < 0 ? 0 :". */
unsigned long remaining_jiffies(struct hrtimer *timer, bool adjusted)
{
	if (adjusted)
		return nsecs_to_jiffies(hrtimer_expires_remaining_adjusted(timer)); /* KDELTA-EXPECT */
	return nsecs_to_jiffies(__hrtimer_get_remaining(timer, true)); /* KDELTA-EXPECT */
}

/* Source ktime_sub_ns(): drivers/hwmon/bt1-pvt.c, pvt_set_timeout(), less
 * "if (ktime_to_ns(kt) < 0) kt = ktime_set(0, 0);", and the useless
 * unsigned guard of issue 9: x > 0 of a u32 is x != 0. */
#define PVT_TOUT_MIN	1000000
u32 pvt_timeout(ktime_t kt, u32 rate)
{
	u32 x = ktime_sub_ns(kt, PVT_TOUT_MIN); /* KDELTA-EXPECT */

	if (x > 0)
		return x / rate;
	return 0;
}

/* Useless guard d >= 0 of a u64 (always true). */
void settle(ktime_t until)
{
	u64 d = ktime_us_delta(until, ktime_get()); /* KDELTA-EXPECT */

	if (d >= 0)
		udelay(d);
}

/* Integer nanosecond stamps: drivers/char/hw_random/ks-sa-rng.c,
 * ks_sa_rng_data_present(), less "now < ks_sa_rng->ready_ts &&", and the
 * ktime_to_ns(deadline) - ktime_get_ns() form of issue 9. */
void rng_wait(u64 ready_ts)
{
	u64 now = ktime_get_ns();
	unsigned long min_delay = DIV_ROUND_UP((u32)(ready_ts - now), 1000); /* KDELTA-EXPECT */

	usleep_range(min_delay, min_delay + 10);
}

unsigned long deadline_jiffies(ktime_t deadline)
{
	return nsecs_to_jiffies(ktime_to_ns(deadline) - ktime_get_ns()); /* KDELTA-EXPECT */
}

/* A helper returning the delta, used unsigned by its caller. */
static s64 time_left_us(ktime_t end)
{
	return ktime_us_delta(end, ktime_get());
}

void wait_left(ktime_t end)
{
	udelay(time_left_us(end)); /* KDELTA-EXPECT */
}

/* u16 and size_t stores. */
u16 short_wait_us(ktime_t next)
{
	u16 w = ktime_us_delta(next, ktime_get()); /* KDELTA-EXPECT */

	return w;
}

size_t_k bytes_due(ktime_t next, u32 rate)
{
	size_t_k n = ktime_ms_delta(next, ktime_get()) * rate; /* KDELTA-EXPECT */

	return n;
}

/* A driver's own function with an unsigned parameter (body elsewhere). */
void drv_program_delay(void *hw, u32 delay_us);

void drv_arm(void *hw, ktime_t next)
{
	drv_program_delay(hw, ktime_us_delta(next, ktime_get())); /* KDELTA-EXPECT */
}

/* The delta through arithmetic before the store (y = delta + y1). */
u32 interpolate(ktime_t t1, u32 y1)
{
	s64 delta = ktime_us_delta(t1, ktime_get());
	u32 y;

	y = delta + y1; /* KDELTA-EXPECT */
	return y;
}
