// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: the clock read through a helper of the file.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), kernel/time/hrtimer.c,
 * hrtimer_interrupt() (findings at 1924, 1925), false: entry_time = now =
 * hrtimer_update_base(cpu_base) on entry, now = hrtimer_update_base()
 * again after three retries, and delta = ktime_sub(now, entry_time) is
 * cast to unsigned int for max_hang_time.  hrtimer_update_base() returns
 * its local now = ktime_get_update_offsets_now(...), a monotonic read:
 * elapsed time, low in the libclang engine, which follows the helper.
 * The pattern engine does not (its current reads are api.def's names):
 * it finds no sink it follows here, because the delta reaches the cast
 * through a local and a comparison, so it is silent for its own reasons.
 */
#include "kdelta-accuracy.h"

struct hrtimer_cpu_base { unsigned int max_hang_time; unsigned int clock_was_set_seq; ktime_t offs; };

ktime_t ktime_get_update_offsets_now(unsigned int *cwsseq, ktime_t *offs_real,
				     ktime_t *offs_boot, ktime_t *offs_tai);

static inline ktime_t hrtimer_update_base(struct hrtimer_cpu_base *base)
{
	ktime_t now = ktime_get_update_offsets_now(&base->clock_was_set_seq,
						   &base->offs, &base->offs, &base->offs);

	return now;
}

void hrtimer_interrupt(struct hrtimer_cpu_base *cpu_base, int (*run)(ktime_t))
{
	ktime_t now, entry_time, delta;
	int retries = 0;

	entry_time = now = hrtimer_update_base(cpu_base);
retry:
	if (!run(now))
		return;
	now = hrtimer_update_base(cpu_base);
	if (++retries < 3)
		goto retry;
	delta = ktime_sub(now, entry_time);
	if ((unsigned int)delta > cpu_base->max_hang_time)
		cpu_base->max_hang_time = (unsigned int) delta;
}
