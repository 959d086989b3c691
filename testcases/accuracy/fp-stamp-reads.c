// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: elapsed time whose stamps are current reads in
 * another form (through a unit conversion, local_clock(), or variables of
 * the file only ever set from ktime_get()).  All elapsed time on one
 * monotonic clock: rated low, silent by default.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/cpuidle/cpuidle.c, cpuidle_enter_state(): time_start and
 *    time_end are ns_to_ktime(local_clock()) before and after the idle
 *    state, on one CPU; diff = ktime_sub(time_end, time_start) is stored
 *    in the u64 dev->last_residency_ns.
 *  - drivers/md/dm-stats.c, dm_stats_account_io():
 *    ktime_to_ns(ktime_get()) - stats_aux->duration_ns, the start stamp
 *    set by DM core's alloc_io(), stored back into the unsigned long long
 *    duration_ns.
 *  - drivers/ptp/ptp_idt82p33.c, _idt82p33_settime():
 *    ktime_to_ns(ktime_get_raw()) - ktime_to_ns(idt82p33->start_time),
 *    start_time = ktime_get_raw() earlier, to timespec64_add_ns()'s u64.
 *  - drivers/mtd/tests/speedtest.c, calc_speed(): us =
 *    ktime_us_delta(finish, start) of the file's static stamps, set only
 *    by start_timing() and stop_timing() from ktime_get().
 */
#include "kdelta-accuracy.h"

u64 local_clock(void);

struct cpuidle_device { u64 last_residency_ns; };

void cpuidle_enter_state(struct cpuidle_device *dev, int (*enter)(void))
{
	ktime_t time_start, time_end;
	s64 diff;

	time_start = ns_to_ktime(local_clock());
	enter();
	time_end = ns_to_ktime(local_clock());
	diff = ktime_sub(time_end, time_start);
	dev->last_residency_ns = diff;
}

struct dm_stats_aux { unsigned long long duration_ns; };

void dm_stats_account_io(struct dm_stats_aux *stats_aux, bool end)
{
	if (end)
		stats_aux->duration_ns = ktime_to_ns(ktime_get()) - stats_aux->duration_ns;
}

struct idt82p33 { ktime_t start_time; };

void idt82p33_add_ns(u64 *ts, u64 ns);

void _idt82p33_settime(struct idt82p33 *idt82p33, u64 *local_ts)
{
	s64 dynamic_overhead_ns;

	dynamic_overhead_ns = ktime_to_ns(ktime_get_raw())
				- ktime_to_ns(idt82p33->start_time);
	idt82p33_add_ns(local_ts, dynamic_overhead_ns);
}

static ktime_t start, finish;

static inline void start_timing(void)
{
	start = ktime_get();
}

static inline void stop_timing(void)
{
	finish = ktime_get();
}

static long calc_speed(unsigned long long k)
{
	u64 us;

	us = ktime_us_delta(finish, start);
	if (us == 0)
		return 0;
	do_div(k, us);
	return k;
}

long speedtest(unsigned long long k)
{
	start_timing();
	stop_timing();
	return calc_speed(k);
}
