// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a history snapshot another call rewrites.  The
 * correction of a cross-timestamp is the current cross-timestamp minus the
 * snapshot the caller passed in; both are stored times whose order the
 * code does not establish: medium.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - kernel/time/timekeeping.c, adjust_historical_crosststamp() (1144,
 *    1162): corr_raw = (u64)ktime_to_ns(ktime_sub(ts->sys_monoraw,
 *    history->raw)), and corr_real alike from sys_realtime and
 *    history->real when the clock was not set in between.  The caller,
 *    get_device_system_crosststamp(), checks on counter values that the
 *    snapshot precedes the event, then calls this.  The one driver that
 *    passes a history, igc (igc_ptp_getcrosststamp()), passes
 *    &adapter->snapshot, which every cross-timestamp call rewrites
 *    (ktime_get_snapshot() in igc_phc_get_syncdevicetime()), with no lock
 *    in 6.1: concurrent PTP_SYS_OFFSET_PRECISE ioctls run under the posix
 *    clock's read lock (mainline later added adapter->ptm_lock).  A second
 *    call's snapshot written after the check is later than the times
 *    subtracted from it: the u64 corrections wrap, scale64_check_overflow()
 *    lets them through (partial <= total / 2), and a cross-timestamp
 *    centuries off reaches userspace.  Latent.
 */
#include "kdelta-accuracy.h"

struct system_time_snapshot {
	u64 cycles;
	ktime_t real;
	ktime_t raw;
};

struct system_device_crosststamp {
	ktime_t device;
	ktime_t sys_realtime;
	ktime_t sys_monoraw;
};

int scale64_check_overflow(u64 mult, u64 div, u64 *base);
u64 mul_u64_u32_div(u64 a, u32 mul, u32 divisor);

int adjust_historical_crosststamp(struct system_time_snapshot *history,
				  u64 partial_history_cycles,
				  u64 total_history_cycles,
				  bool discontinuity,
				  struct system_device_crosststamp *ts)
{
	u64 corr_raw, corr_real;
	bool interp_forward;
	int ret;

	if (total_history_cycles == 0 || partial_history_cycles == 0)
		return 0;

	interp_forward = partial_history_cycles > total_history_cycles / 2;
	partial_history_cycles = interp_forward ?
		total_history_cycles - partial_history_cycles :
		partial_history_cycles;

	corr_raw = (u64)ktime_to_ns( /* KDELTA-EXPECT */
		ktime_sub(ts->sys_monoraw, history->raw));
	ret = scale64_check_overflow(partial_history_cycles,
				     total_history_cycles, &corr_raw);
	if (ret)
		return ret;

	if (discontinuity) {
		corr_real = mul_u64_u32_div(corr_raw, 3, 2);
	} else {
		corr_real = (u64)ktime_to_ns( /* KDELTA-EXPECT */
			ktime_sub(ts->sys_realtime, history->real));
		ret = scale64_check_overflow(partial_history_cycles,
					     total_history_cycles, &corr_real);
		if (ret)
			return ret;
	}

	if (interp_forward) {
		ts->sys_monoraw = ktime_add_ns(history->raw, corr_raw);
		ts->sys_realtime = ktime_add_ns(history->real, corr_real);
	} else {
		ts->sys_monoraw = ktime_sub_ns(ts->sys_monoraw, corr_raw);
		ts->sys_realtime = ktime_sub_ns(ts->sys_realtime, corr_real);
	}
	return 0;
}
