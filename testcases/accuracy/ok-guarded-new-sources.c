// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: correctly guarded uses of the sources issue 9
 * adds, reduced from Debian linux-source-6.1 (6.1.192): the "silence with
 * reason" list.  Once the engines know these sources, none of this may
 * be reported.
 */
#include "kdelta-accuracy.h"

/* net/core/pktgen.c, spin(): sign test of the remaining time. */
void spin(struct hrtimer *timer)
{
	s64 remaining = ktime_to_ns(hrtimer_expires_remaining(timer));

	if (remaining <= 0)
		return;
	ndelay(remaining);
}

/* arch/x86/kvm/vmx/nested.c, vmx_get_preemption_timer_value(). */
u32 vmx_get_preemption_timer_value(struct hrtimer *timer, u32 tsc_khz)
{
	ktime_t remaining = hrtimer_get_remaining(timer);
	u64 value;

	if (ktime_to_ns(remaining) <= 0)
		return 0;
	value = ktime_to_ns(remaining) * tsc_khz;
	do_div(value, 1000000);
	return value;
}

/* kernel/time/itimer.c, itimer_get_remtime(): rem <= 0 replaced. */
u64 itimer_get_remtime(struct hrtimer *timer)
{
	ktime_t rem = __hrtimer_get_remaining(timer, true);

	if (hrtimer_active(timer)) {
		if (rem <= 0)
			rem = NSEC_PER_USEC;
	} else
		rem = 0;
	return rem;
}

/* fs/timerfd.c, timerfd_get_remaining(): a ternary to zero. */
u64 timerfd_get_remaining(struct hrtimer *timer)
{
	ktime_t remaining = hrtimer_expires_remaining_adjusted(timer);

	return remaining < 0 ? 0 : remaining;
}

/* drivers/hwmon/bt1-pvt.c, pvt_set_timeout(): clamp after ktime_sub_ns. */
u64 pvt_set_timeout(ktime_t kt, u32 rate)
{
	kt = ktime_sub_ns(kt, 1000000);
	if (ktime_to_ns(kt) < 0)
		kt = 0;
	return div_u64(kt * rate, 1000000000);
}

/* drivers/net/ethernet/intel/igc/igc_main.c, igc_tx_launchtime(). */
u32 igc_tx_launchtime(ktime_t txtime, ktime_t baset_est)
{
	s64 launchtime = ktime_sub_ns(txtime, baset_est);

	if (launchtime > 0)
		return launchtime;
	return 0;
}

/* drivers/char/hw_random/ks-sa-rng.c: raw < of integer ns stamps. */
void ks_sa_rng_data_present(u64 ready_ts)
{
	u64 now = ktime_get_ns();

	if (now < ready_ts) {
		unsigned long min_delay = DIV_ROUND_UP((u32)(ready_ts - now), 1000);

		usleep_range(min_delay, min_delay + 10);
	}
}

/* fs/btrfs/discard.c, btrfs_discard_schedule_work(): same, u64 stamps. */
unsigned long discard_delay(u64 now, u64 eligible, u64 delay)
{
	if (now < eligible) {
		u64 bg_timeout = eligible - now;

		delay = max(delay, bg_timeout);
	}
	return nsecs_to_jiffies(delay);
}

/* net/sched/act_gate.c, gate_get_start_time(): early return on
 * ktime_after(base, now) before ktime_sub_ns(now, base). */
u64 gate_get_start_time(ktime_t base, u64 cycle)
{
	ktime_t now = ktime_get();

	if (ktime_after(base, now))
		return base;
	return div64_u64(ktime_sub_ns(now, base), cycle);
}

/* Issue 9: clamps the engines do not know, max(d, (ktime_t)0) and abs(). */
#define abs(x)	((x) < 0 ? -(x) : (x))
void clamp_cast(ktime_t until)
{
	ktime_t d = ktime_sub(until, ktime_get());

	d = max(d, (ktime_t)0);
	ndelay(d);
}

void clamp_abs(ktime_t a, ktime_t b)
{
	s64 d = ktime_us_delta(a, b);

	udelay(abs(d));
}
