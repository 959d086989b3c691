// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: range check right after the store.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/iio/proximity/srf04.c, srf04_read() (finding at 149), false,
 *    class range-check: dt_ns is a u64 and the next statement,
 *    if (dt_ns > 40438871) return -EIO;, rejects every wrapped (negative)
 *    value before time_ns = dt_ns is used.  Must stay silent.
 *  - drivers/iio/proximity/ping.c, ping_read() (finding at 172), the
 *    contrast, real (latent): dt_ns is an s64 and cfg->timeout_ns an s64,
 *    so the same-looking range check lets a negative dt_ns through to the
 *    u32 time_ns (a second rising edge after the falling one, before the
 *    ktime_sub(), makes ts_falling < ts_rising): a bogus distance is
 *    returned.  Must be reported, on the store to time_ns.
 */
#include "kdelta-accuracy.h"

#define EIO	5

struct echo_data { ktime_t ts_rising; ktime_t ts_falling; s64 timeout_ns; };

int srf04_read(struct echo_data *data)
{
	ktime_t ktime_dt;
	u64 dt_ns;
	u32 time_ns;

	ktime_dt = ktime_sub(data->ts_falling, data->ts_rising);
	dt_ns = ktime_to_ns(ktime_dt);
	if (dt_ns > 40438871)
		return -EIO;

	time_ns = dt_ns;
	return time_ns * 106 / 617176;
}

int ping_read(struct echo_data *data)
{
	ktime_t ktime_dt;
	s64 dt_ns;
	u32 time_ns;

	ktime_dt = ktime_sub(data->ts_falling, data->ts_rising);
	dt_ns = ktime_to_ns(ktime_dt);
	if (dt_ns > data->timeout_ns)
		return -EIO;

	time_ns = dt_ns; /* KDELTA-EXPECT */
	return time_ns * 232 / 1350800;
}
