// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta generic fixture: guards.
 *
 * Theme: each guard that keeps a signed time delta non-negative on every
 * path to its unsigned sink: a sign test of the delta (also on
 * ktime_to_ns() of it, also inside WARN_ON()/WARN_ON_ONCE()) that
 * returns, clamps or encloses the use; max()/max_t()/clamp()/a ternary to
 * zero, assigned or passed; an early return on ktime_after()/
 * ktime_before()/ktime_compare() of the two operands; and the operand
 * clamp of the upstream CVE-2025-71104 fix.  Every case here is negative.
 *
 * Expected findings are marked: the line on which a finding must be
 * reported ends with the kdelta expect-marker comment (see README.md).
 * This file has none.
 */
#include "kdelta-fixture.h"

#define FOO_MAX_WAIT_US	20000

/* Sign test d < 0 that returns before the sink: not a finding. */
u64 neg_guard_return_lt_zero(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	if (delta < 0)
		return 0;
	return nsec_to_cycles(apic->vcpu, delta);
}

/* Sign test d <= 0 that returns before the sink: not a finding. */
void neg_guard_return_le_zero(ktime_t ready_at)
{
	s64 wait_us = ktime_us_delta(ready_at, ktime_get());

	if (wait_us <= 0)
		return;
	udelay(wait_us);
}

/* Sign test d > 0 that encloses the only use: not a finding. */
unsigned long neg_guard_enclose_gt_zero(ktime_t expires)
{
	ktime_t now = ktime_get();
	ktime_t timeout = ktime_sub(expires, now);

	if (timeout > 0)
		return nsecs_to_jiffies(ktime_to_ns(timeout));
	return 0;
}

/* Sign test d >= 0 that encloses the only use: not a finding. */
void neg_guard_enclose_ge_zero(ktime_t settle_until, unsigned long max_us)
{
	s64 wait_us = ktime_us_delta(settle_until, ktime_get());

	if (wait_us >= 0)
		usleep_range(wait_us, max_us);
}

/* The sink is in the else branch of d <= 0, where the delta is positive: not a finding. */
void neg_guard_enclose_else(ktime_t ready_at)
{
	ktime_t wait = ktime_sub(ready_at, ktime_get());

	if (wait <= 0)
		pr_info_ratelimited("device already ready\n");
	else
		ndelay(ktime_to_ns(wait));
}

/* Sign test on ktime_to_ns(d) that returns: not a finding. */
u64 neg_guard_ktime_to_ns_return(ktime_t expires, u64 period)
{
	ktime_t now = ktime_get();
	ktime_t left = ktime_sub(expires, now);

	if (ktime_to_ns(left) < 0)
		return 0;
	return div64_u64(ktime_to_ns(left), period);
}

/* Sign test on ktime_to_ns(d) that clamps the delta to zero: not a finding. */
u64 neg_guard_ktime_to_ns_clamp(struct kvm_lapic *apic, u32 tsc_khz)
{
	ktime_t now = ktime_get();
	ktime_t remaining = ktime_sub(apic->lapic_timer.target_expiration, now);

	if (ktime_to_ns(remaining) < 0)
		remaining = 0;
	return mul_u64_u32_div(ktime_to_ns(remaining), tsc_khz, NSEC_PER_MSEC);
}

/* Sign test inside WARN_ON() that returns: not a finding. */
void neg_guard_warn_on_return(ktime_t ready_at)
{
	ktime_t now = ktime_get();
	ktime_t wait = ktime_sub(ready_at, now);

	if (WARN_ON(wait < 0))
		return;
	ndelay(ktime_to_ns(wait));
}

/* Sign test inside WARN_ON_ONCE() that clamps the delta to zero: not a finding. */
u64 neg_guard_warn_on_once_clamp(ktime_t expires, u32 mul_frac, int shift)
{
	ktime_t now = ktime_get();
	s64 delta_ns = ktime_to_ns(ktime_sub(expires, now));

	if (WARN_ON_ONCE(delta_ns < 0))
		delta_ns = 0;
	return pvclock_scale_delta(delta_ns, mul_frac, shift);
}

/* Sign test that clamps the delta to zero: not a finding. */
u64 neg_guard_clamp_to_zero(ktime_t expires, u32 mult, unsigned int shift)
{
	ktime_t now = ktime_get();
	s64 delta_ns = ktime_to_ns(ktime_sub(expires, now));

	if (delta_ns < 0)
		delta_ns = 0;
	return mul_u64_u32_shr(delta_ns, mult, shift);
}

/* max(d, 0) assigned back to the delta: not a finding. */
unsigned long neg_guard_max_assigned(ktime_t deadline)
{
	s64 left_ms = ktime_ms_delta(deadline, ktime_get());

	left_ms = max(left_ms, 0);
	return msecs_to_jiffies(left_ms);
}

/* max_t(s64, d, 0) passed straight to the sink: not a finding. */
u64 neg_guard_max_t_passed(struct kvm_lapic *apic, ktime_t now)
{
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	return nsec_to_cycles(apic->vcpu, max_t(s64, delta, 0));
}

/* clamp(d, 0, X) assigned back to the delta: not a finding. */
u64 neg_guard_clamp_assigned(ktime_t expires)
{
	ktime_t now = ktime_get();
	s64 delta_ns = ktime_to_ns(ktime_sub(expires, now));

	delta_ns = clamp(delta_ns, 0, NSEC_PER_SEC);
	return div_u64(delta_ns, NSEC_PER_USEC);
}

/* clamp(d, 0, X) passed straight to the sink: not a finding. */
unsigned long neg_guard_clamp_passed(ktime_t deadline)
{
	s64 left_us = ktime_us_delta(deadline, ktime_get());

	return usecs_to_jiffies(clamp(left_us, 0, FOO_MAX_WAIT_US));
}

/* Ternary to zero (d < 0 ? 0 : d) assigned back to the delta: not a finding. */
u64 neg_guard_ternary_assigned(ktime_t expires, u64 ratio)
{
	ktime_t now = ktime_get();
	s64 remaining_ns = ktime_to_ns(ktime_sub(expires, now));

	remaining_ns = remaining_ns < 0 ? 0 : remaining_ns;
	return mul_u64_u64_div_u64(remaining_ns, ratio, NSEC_PER_SEC);
}

/* Ternary to zero (d < 0 ? 0 : d) passed straight to the sink: not a finding. */
unsigned long neg_guard_ternary_passed(ktime_t expires)
{
	ktime_t timeout = ktime_sub(expires, ktime_get());

	return nsecs_to_jiffies(timeout < 0 ? 0 : timeout);
}

/* Ternary to zero in the other spelling (d > 0 ? d : 0), passed: not a finding. */
void neg_guard_ternary_positive_form(ktime_t ready_at)
{
	s64 wait_us = ktime_us_delta(ready_at, ktime_get());

	udelay(wait_us > 0 ? wait_us : 0);
}

/* Early return on !ktime_after(expires, now) before ktime_sub(expires, now): not a finding. */
u64 neg_guard_not_ktime_after_return(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	ktime_t delta;

	if (!ktime_after(apic->lapic_timer.target_expiration, now))
		return 0;
	delta = ktime_sub(apic->lapic_timer.target_expiration, now);
	return nsec_to_cycles(apic->vcpu, delta);
}

/* Early return on ktime_before(deadline, now) after the delta, before its use: no finding. */
void neg_guard_ktime_before_return(ktime_t deadline)
{
	ktime_t now = ktime_get();
	s64 wait_us = ktime_us_delta(deadline, now);

	if (ktime_before(deadline, now))
		return;
	udelay(wait_us);
}

/* Early return on ktime_after(now, deadline), operands swapped: the same guard, not a finding. */
void neg_guard_ktime_after_swapped_return(ktime_t deadline, unsigned long max_us)
{
	ktime_t now = ktime_get();

	if (ktime_after(now, deadline))
		return;
	usleep_range(ktime_us_delta(deadline, now), max_us);
}

/* Early return on ktime_compare(expires, now) <= 0: the delta is positive: not a finding. */
unsigned long neg_guard_ktime_compare_le_return(ktime_t expires, ktime_t now)
{
	if (ktime_compare(expires, now) <= 0)
		return 0;
	return nsecs_to_jiffies(ktime_to_ns(ktime_sub(expires, now)));
}

/* Early return on ktime_compare(deadline, now) < 0: the delta is >= 0: not a finding. */
unsigned long neg_guard_ktime_compare_lt_return(ktime_t deadline)
{
	ktime_t now = ktime_get();

	if (ktime_compare(deadline, now) < 0)
		return 0;
	return msecs_to_jiffies(ktime_ms_delta(deadline, now));
}

/* Operand clamp of upstream fix 18ab3fc8e880 (expiry raised to now first): no finding. */
void neg_guard_operand_clamp(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	u64 tscl = rdtsc();
	ktime_t delta;

	apic->lapic_timer.target_expiration =
		ktime_add_ns(apic->lapic_timer.target_expiration,
				apic->lapic_timer.period);
	if (ktime_before(apic->lapic_timer.target_expiration, now))
		apic->lapic_timer.target_expiration = now;
	delta = ktime_sub(apic->lapic_timer.target_expiration, now);
	apic->lapic_timer.tscdeadline = kvm_read_l1_tsc(apic->vcpu, tscl) +
		nsec_to_cycles(apic->vcpu, delta);
}

/* Operand clamp on plain locals before the subtraction: not a finding. */
u64 neg_guard_operand_clamp_local(ktime_t expires, u64 period)
{
	ktime_t now = ktime_get();

	if (ktime_before(expires, now))
		expires = now;
	return div64_u64(ktime_to_ns(ktime_sub(expires, now)), period);
}

/* Sign test returns before the delta is copied into do_div()'s u64 dividend: not a finding. */
u32 neg_guard_return_before_do_div(ktime_t expires, u32 period_us)
{
	ktime_t now = ktime_get();
	s64 left_us = ktime_us_delta(expires, now);
	u64 periods;

	if (left_us < 0)
		return 0;
	periods = left_us;
	return do_div(periods, period_us);
}
