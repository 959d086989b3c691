// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: stamps assigned on some paths only.  A path on
 * which a local was never assigned says nothing of what it holds (reading
 * it there would be undefined), so it does not undo what the other paths
 * proved.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/cpufreq/speedstep-lib.c, speedstep_get_freqs() (finding at
 *    446), false: tv1 = ktime_get() and later tv2 = ktime_get(), each
 *    under if (transition_latency), and ktime_sub(tv2, tv1) under the same
 *    test: elapsed time on one monotonic clock, low.
 *  - drivers/input/joystick/analog.c, analog_cooked_read() (finding at
 *    211), false: time[i] = now inside the polling loop, now a
 *    ktime_get() read after start = now: ktime_sub(time[i], start) is
 *    elapsed time, low.  The libclang engine proves it (the array holds
 *    reads, its declaration's size is no initialiser); the pattern engine
 *    does not follow a copy into an array element and rates it medium
 *    ("the order of the two stamps is unknown"): in an audit, where both
 *    run, the libclang engine's proof silences that (agree.c).
 */
#include "kdelta-accuracy.h"

int speedstep_get_freqs(unsigned int *transition_latency, int (*set_state)(int))
{
	ktime_t tv1, tv2;

	if (transition_latency)
		tv1 = ktime_get();
	set_state(1);
	if (transition_latency)
		tv2 = ktime_get();
	set_state(0);
	if (transition_latency) {
		*transition_latency = ktime_to_us(ktime_sub(tv2, tv1));
		*transition_latency *= 1200;
	}
	return 0;
}

void analog_cooked_read(u32 *axes, unsigned int (*gameport_read)(void),
			unsigned int mask, int loop_div)
{
	ktime_t time[4], start, now;
	unsigned int this = mask, last, data[4];
	int i = 0, j;

	now = ktime_get();
	start = now;
	do {
		last = this;
		this = gameport_read() & mask;
		now = ktime_get();
		if (last ^ this) {
			data[i] = last ^ this;
			time[i] = now;
			i++;
		}
	} while (this && i < 4);

	for (--i; i >= 0; i--)
		for (j = 0; j < 4; j++)
			if (data[i] & (1 << j))
				axes[j] = ((u32)ktime_sub(time[i], start) << 4) / loop_div; /* KDELTA-EXPECT(cocci) */
}
