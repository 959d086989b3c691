// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a duration minus a delta, x - d.  Subtracting
 * a delta d = a - b swaps its operands: x - d = (x + b) - a.  A delay
 * minus the time elapsed since a stamp is a target minus the current
 * time (high), negative once the delay has passed; a period minus the
 * time left until a timer expires is elapsed time (low:
 * fp-period-remaining.c).  The kernel guards the first with a raw
 * comparison of the same two values, written with a macro constant or a
 * widening cast on one side only.
 *
 * Tree: Debian linux-source-6.1 (6.1.192):
 * - drivers/hwmon/pmbus/max15301.c, max15301_wait();
 * - drivers/iio/adc/ltc2497-core.c, ltc2497core_wait_conv() (the limit a
 *   macro, 150ULL);
 * - drivers/gpu/drm/i915/display/vlv_dsi.c,
 *   intel_dsi_wait_panel_power_cycle() (the limit cast to s64 in the
 *   guard, not in the subtraction);
 * all guarded: nothing may be reported.  max15301_wait_unguarded() is
 * max15301_wait() without its guard, the shape the swap finds: reported
 * by the libclang engine only; the rule pack follows a delta through a
 * copy (ns = ktime_to_ns(d)) but not through arithmetic.
 */
#include "kdelta-accuracy.h"

#define LTC2497_CONVERSION_TIME_MS	150ULL

unsigned long msleep_interruptible(unsigned int msecs);

struct max15301_data {
	int delay;
	ktime_t access;
};

void max15301_wait(const struct max15301_data *data)
{
	if (data->delay) {
		s64 delta = ktime_us_delta(ktime_get(), data->access);

		if (delta < data->delay)
			udelay(data->delay - delta);
	}
}

void max15301_wait_unguarded(const struct max15301_data *data)
{
	s64 delta = ktime_us_delta(ktime_get(), data->access);

	udelay(data->delay - delta); /* KDELTA-EXPECT(clang) */
}

struct ltc2497core_driverdata {
	ktime_t time_prev;
};

int ltc2497core_wait_conv(struct ltc2497core_driverdata *ddata)
{
	s64 time_elapsed;

	time_elapsed = ktime_ms_delta(ktime_get(), ddata->time_prev);

	if (time_elapsed < LTC2497_CONVERSION_TIME_MS) {
		if (msleep_interruptible(
		    LTC2497_CONVERSION_TIME_MS - time_elapsed))
			return -1;
		return 0;
	}
	return 1;
}

struct intel_dsi {
	ktime_t panel_power_off_time;
	u16 panel_pwr_cycle_delay;
};

void intel_dsi_wait_panel_power_cycle(struct intel_dsi *intel_dsi)
{
	ktime_t panel_power_on_time;
	s64 panel_power_off_duration;

	panel_power_on_time = ktime_get_boottime();
	panel_power_off_duration = ktime_ms_delta(panel_power_on_time,
						  intel_dsi->panel_power_off_time);

	if (panel_power_off_duration < (s64)intel_dsi->panel_pwr_cycle_delay)
		msleep(intel_dsi->panel_pwr_cycle_delay - panel_power_off_duration);
}

void intel_dsi_power_off(struct intel_dsi *intel_dsi)
{
	intel_dsi->panel_power_off_time = ktime_get_boottime();
}
