// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta generic fixture: harmless code.
 *
 * Theme: code near the pattern that must give no finding: deltas that only
 * reach signed consumers (div_s64(), an ns_to_ktime() round trip, an s64
 * local, a printk, a comparison), values that are not ktime_t deltas
 * (ktime_add(), a u64 TSC subtraction, an absolute time, a ktime_t
 * parameter, a constant) reaching unsigned sinks, and a delta that exists
 * but never reaches the sink.  Every case here is negative.
 *
 * Expected findings are marked: the line on which a finding must be
 * reported ends with the kdelta expect-marker comment (see README.md).
 * This file has none.
 */
#include "kdelta-fixture.h"

/* div_s64() takes a signed dividend, so a negative delta divides correctly: not a finding. */
s64 neg_harmless_div_s64(ktime_t expires)
{
	s64 delta_ns = ktime_to_ns(ktime_sub(expires, ktime_get()));

	return div_s64(delta_ns, NSEC_PER_USEC);
}

/* A delta turned back into a ktime_t by ns_to_ktime() and added to now: not a finding. */
void neg_harmless_ns_to_ktime_round_trip(struct kvm_lapic *apic, ktime_t now)
{
	s64 remaining_ns = ktime_to_ns(ktime_sub(apic->lapic_timer.target_expiration, now));

	hrtimer_start(&apic->lapic_timer.timer, ktime_add(now, ns_to_ktime(remaining_ns)),
		      HRTIMER_MODE_ABS_HARD);
}

/* The delta stays in a signed s64 local and is returned as s64: not a finding. */
s64 neg_harmless_signed_local(ktime_t deadline)
{
	s64 left_us = ktime_us_delta(deadline, ktime_get());

	return left_us;
}

/* The delta is only printed: not a finding. */
void neg_harmless_delta_printed(ktime_t expires, ktime_t fired)
{
	pr_info_ratelimited("timer fired %lld us late\n", ktime_us_delta(fired, expires));
}

/* The delta is only compared against a signed threshold: not a finding. */
bool neg_harmless_delta_compared(ktime_t last, s64 min_gap_us)
{
	return ktime_us_delta(ktime_get(), last) < min_gap_us;
}

/* ktime_add() of two ktime_t spans is not a delta source: not a finding. */
u64 neg_harmless_ktime_add(ktime_t busy, ktime_t idle)
{
	ktime_t total = ktime_add(busy, idle);

	return div_u64(ktime_to_ns(total), NSEC_PER_USEC);
}

/* A u64 difference of TSC reads is not a ktime_t delta: not a finding. */
u64 neg_harmless_u64_subtraction(u64 last_tsc, u32 mult, unsigned int shift)
{
	return mul_u64_u32_shr(rdtsc() - last_tsc, mult, shift);
}

/* An absolute time from ktime_get() is not a delta: not a finding. */
u64 neg_harmless_absolute_time(struct kvm_vcpu *vcpu)
{
	return nsec_to_cycles(vcpu, ktime_to_ns(ktime_get()));
}

/* A ktime_t parameter that is not a difference reaches the sink: not a finding. */
unsigned long neg_harmless_ktime_param(ktime_t timeout)
{
	return nsecs_to_jiffies(ktime_to_ns(timeout));
}

/* Only constants reach the sinks: not a finding. */
void neg_harmless_constant(void)
{
	udelay(10);
	usleep_range(100, 200);
}

/* A delta is computed and printed, but the sink gets the unrelated period: not a finding. */
u64 neg_harmless_sink_gets_other_value(struct kvm_lapic *apic, ktime_t now)
{
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	pr_info_ratelimited("expiry in %lld ns\n", delta);
	return nsec_to_cycles(apic->vcpu, apic->lapic_timer.period);
}

/*
 * Elapsed time, an end stamp minus a start stamp of the same clock, as
 * update_halt_poll_stats() in virt/kvm/kvm_main.c (6.1) computes poll_ns:
 * not a finding by default (the clang engine rates it low).
 */
void neg_elapsed_end_minus_start(struct kvm_vcpu *vcpu, ktime_t start, ktime_t end, u64 *total)
{
	u64 poll_ns = ktime_to_ns(ktime_sub(end, start));

	*total += poll_ns;
	(void)vcpu;
}

/* Its caller, as kvm_vcpu_halt() (6.1): both stamps are ktime_get() reads,
 * start first; the data flow, not the names, makes the delta elapsed. */
void neg_elapsed_caller(struct kvm_vcpu *vcpu, u64 *total)
{
	ktime_t start = ktime_get();
	ktime_t end = ktime_get();

	neg_elapsed_end_minus_start(vcpu, start, end, total);
}

/*
 * Elapsed time read straight off the monotonic clock, ktime_get() minus a
 * stamp taken earlier: not a finding by default (low for the clang engine).
 */
u64 neg_elapsed_monotonic_now_minus_stamp(ktime_t started_poll)
{
	return div_u64(ktime_sub(ktime_get(), started_poll), NSEC_PER_USEC);
}
