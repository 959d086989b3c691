// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta generic fixture: sinks.
 *
 * Theme: each unsigned call sink kdelta must recognise, reached by an
 * unchecked signed time delta in the argument that takes the time value
 * (nsec, dividend, multiplicand, delta, the jiffies and delay inputs).
 * Every case here is positive.  do_div() is not here: its dividend must
 * be a u64 lvalue, so a delta only reaches it through a store into an
 * unsigned local, which is a finding of its own (see README.md).
 *
 * Expected findings are marked: the line on which a finding must be
 * reported ends with the kdelta expect-marker comment (see README.md).
 */
#include "kdelta-fixture.h"

/* nsec_to_cycles() takes u64 nsec: an expiry behind now gives a huge cycle count: a finding. */
u64 pos_sink_nsec_to_cycles(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	return nsec_to_cycles(apic->vcpu, delta);	/* KDELTA-EXPECT */
}

/* div_u64() takes a u64 dividend: a finding. */
u64 pos_sink_div_u64(ktime_t expires)
{
	ktime_t now = ktime_get();
	s64 remaining_ns = ktime_to_ns(ktime_sub(expires, now));

	return div_u64(remaining_ns, NSEC_PER_USEC);	/* KDELTA-EXPECT */
}

/* div64_u64() takes a u64 dividend (whole periods left before the deadline): a finding. */
u64 pos_sink_div64_u64(ktime_t deadline, u64 period)
{
	ktime_t now = ktime_get();
	ktime_t left = ktime_sub(deadline, now);

	return div64_u64(ktime_to_ns(left), period);	/* KDELTA-EXPECT */
}

/* mul_u64_u32_shr() takes a u64 multiplicand (ns to cycles by mult/shift): a finding. */
u64 pos_sink_mul_u64_u32_shr(ktime_t expires, u32 mult, unsigned int shift)
{
	ktime_t now = ktime_get();
	s64 delta_ns = ktime_to_ns(ktime_sub(expires, now));

	return mul_u64_u32_shr(delta_ns, mult, shift);	/* KDELTA-EXPECT */
}

/* mul_u64_u32_div() takes a u64 multiplicand (ns to cycles at tsc_khz): a finding. */
u64 pos_sink_mul_u64_u32_div(ktime_t deadline, u32 tsc_khz)
{
	ktime_t now = ktime_get();
	ktime_t delta = deadline - now;

	return mul_u64_u32_div(delta, tsc_khz, NSEC_PER_MSEC);	/* KDELTA-EXPECT */
}

/* mul_u64_u64_div_u64() takes a u64 multiplicand (remaining time scaled by a ratio): a finding. */
u64 pos_sink_mul_u64_u64_div_u64(ktime_t expires, u64 ratio)
{
	ktime_t now = ktime_get();
	s64 remaining_ns = ktime_to_ns(ktime_sub(expires, now));

	return mul_u64_u64_div_u64(remaining_ns, ratio, NSEC_PER_SEC);	/* KDELTA-EXPECT */
}

/* pvclock_scale_delta() takes a u64 delta: a finding. */
u64 pos_sink_pvclock_scale_delta(ktime_t expires, u32 mul_frac, int shift)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(expires, now);

	return pvclock_scale_delta(delta, mul_frac, shift);	/* KDELTA-EXPECT */
}

/* nsecs_to_jiffies() takes u64: a finding. */
unsigned long pos_sink_nsecs_to_jiffies(ktime_t expires)
{
	ktime_t now = ktime_get();
	ktime_t timeout = ktime_sub(expires, now);

	return nsecs_to_jiffies(ktime_to_ns(timeout));	/* KDELTA-EXPECT */
}

/* usecs_to_jiffies() takes unsigned int: a finding. */
unsigned long pos_sink_usecs_to_jiffies(ktime_t deadline)
{
	s64 left_us = ktime_us_delta(deadline, ktime_get());

	return usecs_to_jiffies(left_us);	/* KDELTA-EXPECT */
}

/* msecs_to_jiffies() takes unsigned int: a finding. */
unsigned long pos_sink_msecs_to_jiffies(ktime_t deadline)
{
	s64 left_ms = ktime_ms_delta(deadline, ktime_get());

	return msecs_to_jiffies(left_ms);	/* KDELTA-EXPECT */
}

/* usleep_range() takes unsigned long min: a passed settle time sleeps almost forever: a finding. */
void pos_sink_usleep_range(ktime_t settle_until, unsigned long max_us)
{
	ktime_t now = ktime_get();
	s64 wait_us = ktime_us_delta(settle_until, now);

	usleep_range(wait_us, max_us);	/* KDELTA-EXPECT */
}

/* udelay() takes unsigned long: a finding. */
void pos_sink_udelay(ktime_t ready_at)
{
	ktime_t now = ktime_get();

	udelay(ktime_to_us(ktime_sub(ready_at, now)));	/* KDELTA-EXPECT */
}

/* ndelay() takes unsigned long: a finding. */
void pos_sink_ndelay(ktime_t ready_at)
{
	ktime_t now = ktime_get();
	ktime_t wait = ktime_sub(ready_at, now);

	ndelay(ktime_to_ns(wait));	/* KDELTA-EXPECT */
}
