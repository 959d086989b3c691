// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class helper-elapsed.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), arch/x86/kvm/i8254.c,
 * __kpit_elapsed(), kpit_elapsed(), pit_get_count() (finding at 122).
 * t = kpit_elapsed() reaches mul_u64_u32_div()'s u64 parameter.  For
 * channel 0 it is ps->period - ktime_to_ns(remaining): remaining is
 * hrtimer_get_remaining(), a delta, so ktime_to_ns(remaining) is a
 * duration, not a stamp, and the subtraction is no difference of two
 * stamps; a negative remaining (the timer expired) makes it larger.
 * For the other channels it is ktime_get() minus count_load_time, a field
 * every store of the file sets to ktime_get(): elapsed (low).  Nothing
 * may be reported at default confidence.  Both engines.
 */
#include "kdelta-accuracy.h"

#define KVM_PIT_FREQ	1193182

struct kvm_kpit_channel_state {
	u32 count;
	ktime_t count_load_time;
};

struct kvm_kpit_state {
	struct kvm_kpit_channel_state channels[3];
	s64 period;
	struct hrtimer timer;
};

static s64 __kpit_elapsed(struct kvm_kpit_state *ps)
{
	s64 elapsed;
	ktime_t remaining;

	if (!ps->period)
		return 0;
	remaining = hrtimer_get_remaining(&ps->timer);
	elapsed = ps->period - ktime_to_ns(remaining);

	return elapsed;
}

static s64 kpit_elapsed(struct kvm_kpit_state *ps, struct kvm_kpit_channel_state *c,
			int channel)
{
	if (channel == 0)
		return __kpit_elapsed(ps);

	return ktime_to_ns(ktime_sub(ktime_get(), c->count_load_time));
}

int pit_get_count(struct kvm_kpit_state *ps, int channel)
{
	struct kvm_kpit_channel_state *c = &ps->channels[channel];
	s64 d, t;

	t = kpit_elapsed(ps, c, channel);
	d = mul_u64_u32_div(t, KVM_PIT_FREQ, NSEC_PER_SEC);

	return (c->count - d) & 0xffff;
}

void pit_load_count(struct kvm_kpit_state *ps, int channel, u32 val)
{
	ps->channels[channel].count = val;
	ps->channels[channel].count_load_time = ktime_get();
}
