// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta generic fixture: sources.
 *
 * Theme: each kind of signed time-delta source kdelta must recognise:
 * ktime_sub(), a '-' between two ktime_t values, ktime_us_delta(),
 * ktime_ms_delta(), and ktime_to_ns()/ktime_to_us()/ktime_to_ms() of
 * these, written inline or followed through locals.  Every case here is
 * positive: the delta reaches an unsigned sink with no sign check.
 *
 * Expected findings are marked: the line on which a finding must be
 * reported ends with the kdelta expect-marker comment (see README.md).
 */
#include "kdelta-fixture.h"

/* ktime_sub() of an expiry and now is negative once the expiry has passed: a finding. */
u64 pos_source_ktime_sub(struct kvm_vcpu *vcpu, ktime_t expires)
{
	ktime_t now = ktime_get();
	ktime_t remaining = ktime_sub(expires, now);

	return nsec_to_cycles(vcpu, remaining);	/* KDELTA-EXPECT */
}

/* A plain '-' between two ktime_t values is the same signed delta as ktime_sub(): a finding. */
unsigned long pos_source_ktime_minus(ktime_t deadline)
{
	ktime_t now = ktime_get();
	ktime_t left = deadline - now;

	return nsecs_to_jiffies(left);	/* KDELTA-EXPECT */
}

/* '-' between a ktime_t struct field and ktime_get() itself: a finding. */
u64 pos_source_ktime_minus_field(struct kvm_lapic *apic)
{
	s64 remaining = apic->lapic_timer.target_expiration - ktime_get();

	return nsec_to_cycles(apic->vcpu, remaining);	/* KDELTA-EXPECT */
}

/* ktime_us_delta() returns signed microseconds, negative past the deadline: a finding. */
void pos_source_ktime_us_delta(ktime_t deadline)
{
	s64 wait_us = ktime_us_delta(deadline, ktime_get());

	udelay(wait_us);	/* KDELTA-EXPECT */
}

/* ktime_ms_delta() passed straight to msecs_to_jiffies(), which takes unsigned int: a finding. */
unsigned long pos_source_ktime_ms_delta(ktime_t deadline)
{
	ktime_t now = ktime_get();

	return msecs_to_jiffies(ktime_ms_delta(deadline, now));	/* KDELTA-EXPECT */
}

/* ktime_to_ns() of an inline ktime_sub() keeps the sign; div_u64() reads it as u64: a finding. */
u64 pos_source_ktime_to_ns_of_sub(ktime_t expires, ktime_t now)
{
	return div_u64(ktime_to_ns(ktime_sub(expires, now)), NSEC_PER_USEC);	/* KDELTA-EXPECT */
}

/* ktime_to_us() of a ktime_sub() keeps the sign; usecs_to_jiffies() takes unsigned: a finding. */
unsigned long pos_source_ktime_to_us_of_sub(ktime_t deadline)
{
	ktime_t now = ktime_get();

	return usecs_to_jiffies(ktime_to_us(ktime_sub(deadline, now)));	/* KDELTA-EXPECT */
}

/* ktime_to_ms() of a '-' between two ktime_t values, held in an s64 local: a finding. */
unsigned long pos_source_ktime_to_ms_of_minus(ktime_t deadline, ktime_t now)
{
	s64 left_ms = ktime_to_ms(deadline - now);

	return msecs_to_jiffies(left_ms);	/* KDELTA-EXPECT */
}

/* Delta in a ktime_t local, put through ktime_to_ns() into a second local: a finding. */
u64 pos_source_ktime_to_ns_of_local(ktime_t expires, u32 mul_frac, int shift)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(expires, now);
	s64 delta_ns = ktime_to_ns(delta);

	return pvclock_scale_delta(delta_ns, mul_frac, shift);	/* KDELTA-EXPECT */
}

/* ktime_sub() with ktime_get() as its second operand, all inline in the sink call: a finding. */
void pos_source_ktime_sub_of_ktime_get(ktime_t ready_at)
{
	ndelay(ktime_to_ns(ktime_sub(ready_at, ktime_get())));	/* KDELTA-EXPECT */
}

/*
 * Elapsed time on the real-time clock, which settimeofday() or NTP can step
 * backwards: ktime_get_real() minus a stamp can be negative, a finding.
 */
unsigned long pos_source_real_clock_elapsed(ktime_t logged_at)
{
	return usecs_to_jiffies(ktime_us_delta(ktime_get_real(), logged_at));	/* KDELTA-EXPECT */
}
