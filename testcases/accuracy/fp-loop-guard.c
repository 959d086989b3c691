// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class loop-guard.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), drivers/i2c/busses/i2c-tegra.c,
 * tegra_i2c_poll_completion() (finding at 1076).
 * delta = ktime_ms_delta(ktimeout, ktime) is computed at the top of an
 * iteration; on the first one ktime is the start and ktimeout =
 * ktime + timeout_ms, on every later one the loop condition
 * while (ktime_before(ktime, ktimeout)) has just held.  So delta >= 0 and
 * msecs_to_jiffies(delta) is safe.  Nothing may be reported.
 */
#include "kdelta-accuracy.h"

struct tegra_i2c_dev { int irq; void *complete; };

u32 i2c_readl(struct tegra_i2c_dev *i2c_dev);

unsigned long tegra_i2c_poll_completion(struct tegra_i2c_dev *i2c_dev,
					unsigned int timeout_ms)
{
	ktime_t ktime = ktime_get();
	ktime_t ktimeout = ktime_add_ms(ktime, timeout_ms);

	do {
		u32 status = i2c_readl(i2c_dev);

		if (status && completion_done(i2c_dev->complete)) {
			s64 delta = ktime_ms_delta(ktimeout, ktime);

			return msecs_to_jiffies(delta) ?: 1;
		}

		ktime = ktime_get();
	} while (ktime_before(ktime, ktimeout));

	return 0;
}
