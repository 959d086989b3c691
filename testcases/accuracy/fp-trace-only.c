// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class trace-only.
 *
 * Tree: Debian linux-source-6.1 (6.1.192),
 * drivers/gpu/drm/i915/gt/intel_rps.c, rps_timer() (finding at 125).
 * dt = ktime_sub(timestamp, last) reaches div64_u64() only inside
 * GT_TRACE() (GEM_TRACE: compiled out unless CONFIG_DRM_I915_TRACE_GEM,
 * and then only a printed percentage).  The operands are also ordered:
 * timestamp is set by intel_engine_get_busy_time(engine, &timestamp)
 * (*now = ktime_get()), last is the previous one (rps->pm_timestamp).
 * The decisions use dt in signed comparisons.  Nothing may be reported.
 */
#include "kdelta-accuracy.h"

#define GT_TRACE(fmt, ...)	GEM_TRACE(fmt, ##__VA_ARGS__)

struct rps { ktime_t pm_timestamp; u32 up_threshold; int pm_iir; };

ktime_t engine_busy_time(int engine, ktime_t *now);

void rps_timer(struct rps *rps)
{
	ktime_t dt, last, timestamp = 0;
	s64 busy;

	busy = engine_busy_time(0, &timestamp);
	last = rps->pm_timestamp;
	rps->pm_timestamp = timestamp;

	dt = ktime_sub(timestamp, last);
	GT_TRACE("busy:%lld [%d%%]\n",
		 busy, (int)div64_u64(100 * busy, dt));

	if (100 * busy > rps->up_threshold * dt)
		rps->pm_iir |= 1;
}
