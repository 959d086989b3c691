// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta generic fixture: tricky control and data flow.
 *
 * Theme: whether a guard really covers every path from the source to the
 * sink.  Positive: a guard in one branch only, a guard on another variable
 * or on other operands, a guard after the use, a use in the branch where
 * the delta is not positive, a kill on one path only, a re-assignment that
 * re-creates the delta, flow through a copy, a loop back edge, a switch, a
 * clock re-read after the operand check, and the original lapic shape
 * with the sink inside a store.  Negative: kills by re-assignment, guards
 * on every branch, every switch case or every loop iteration, a guard
 * before a copy or on the copy, and nested enclosure.
 *
 * Expected findings are marked: the line on which a finding must be
 * reported ends with the kdelta expect-marker comment (see README.md).
 */
#include "kdelta-fixture.h"

enum foo_timer_mode {
	FOO_TIMER_ONESHOT,
	FOO_TIMER_PERIODIC,
	FOO_TIMER_TSCDEADLINE,
};

bool foo_hw_ready(void);

/* The clamp sits in the periodic branch only; the other path reaches the sink: a finding. */
u64 pos_tricky_guard_in_one_branch(struct kvm_lapic *apic, bool periodic)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	if (periodic) {
		if (delta < 0)
			delta = 0;
	}
	return nsec_to_cycles(apic->vcpu, delta);	/* KDELTA-EXPECT */
}

/* The early return covers the oneshot branch only: a finding. */
void pos_tricky_return_in_one_branch(ktime_t ready_at, bool oneshot)
{
	ktime_t wait = ktime_sub(ready_at, ktime_get());

	if (oneshot) {
		if (wait < 0)
			return;
		pr_info_ratelimited("oneshot wait %lld ns\n", wait);
	}
	ndelay(ktime_to_ns(wait));	/* KDELTA-EXPECT */
}

/* The sign test is on the period, not on the delta: a finding. */
u64 pos_tricky_guard_on_other_variable(struct kvm_lapic *apic, ktime_t now)
{
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	if (apic->lapic_timer.period <= 0)
		return 0;
	return nsec_to_cycles(apic->vcpu, delta);	/* KDELTA-EXPECT */
}

/* ktime_before() compares the deadline with start, not with now, the subtrahend: a finding. */
void pos_tricky_compare_other_operands(ktime_t deadline, ktime_t start)
{
	ktime_t now = ktime_get();

	if (ktime_before(deadline, start))
		return;
	udelay(ktime_us_delta(deadline, now));	/* KDELTA-EXPECT */
}

/* The sign test comes after the sink has consumed the delta: a finding. */
bool pos_tricky_guard_after_use(ktime_t ready_at)
{
	s64 wait_us = ktime_us_delta(ready_at, ktime_get());

	udelay(wait_us);	/* KDELTA-EXPECT */
	if (wait_us < 0)
		return false;
	return true;
}

/*
 * The sink is in the else branch of d > 0, where the delta is zero or
 * negative: a finding.  Only the clang engine sees it: a Coccinelle "when"
 * constraint cannot tell which branch of a test a path takes, so the rule
 * treats every path through a sign test of the delta as guarded.
 */
void pos_tricky_use_in_nonpositive_branch(ktime_t ready_at)
{
	ktime_t wait = ktime_sub(ready_at, ktime_get());

	if (wait > 0)
		pr_info_ratelimited("device not ready yet\n");
	else
		ndelay(ktime_to_ns(wait));	/* KDELTA-EXPECT(clang) */
}

/* The delta is overwritten with the period on the periodic path only: a finding. */
unsigned long pos_tricky_kill_in_one_branch(ktime_t expires, s64 period_ns, bool periodic)
{
	s64 timeout_ns = ktime_to_ns(ktime_sub(expires, ktime_get()));

	if (periodic)
		timeout_ns = period_ns;
	return nsecs_to_jiffies(timeout_ns);	/* KDELTA-EXPECT */
}

/* The first delta is clamped, then the variable gets a new, unchecked delta: a finding. */
u64 pos_tricky_reassign_recreates(ktime_t soft, ktime_t hard, u32 mult, unsigned int shift)
{
	ktime_t now = ktime_get();
	s64 delta_ns = ktime_to_ns(ktime_sub(soft, now));

	if (delta_ns < 0)
		delta_ns = 0;
	pr_info_ratelimited("soft expiry in %lld ns\n", delta_ns);
	delta_ns = ktime_to_ns(ktime_sub(hard, now));
	return mul_u64_u32_shr(delta_ns, mult, shift);	/* KDELTA-EXPECT */
}

/* The delta is copied into a second s64 local before reaching the sink: a finding. */
void pos_tricky_flow_through_copy(ktime_t settle_until, unsigned long max_us)
{
	ktime_t now = ktime_get();
	s64 remaining_us = ktime_us_delta(settle_until, now);
	s64 min_us = remaining_us;

	usleep_range(min_us, max_us);	/* KDELTA-EXPECT */
}

/* The first delta is checked; the one recomputed at the loop bottom is not: a finding. */
bool pos_tricky_loop_recomputed_unchecked(ktime_t deadline)
{
	s64 left_us = ktime_us_delta(deadline, ktime_get());

	if (left_us <= 0)
		return false;
	while (!foo_hw_ready()) {
		udelay(left_us);	/* KDELTA-EXPECT */
		left_us = ktime_us_delta(deadline, ktime_get());
	}
	return true;
}

/* Only the periodic case clamps; the default case reaches the sink unchecked: a finding. */
u64 pos_tricky_switch_guard_one_case(struct kvm_lapic *apic, enum foo_timer_mode mode)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	switch (mode) {
	case FOO_TIMER_ONESHOT:
		return 0;
	case FOO_TIMER_PERIODIC:
		if (delta < 0)
			delta = 0;
		break;
	default:
		break;
	}
	return nsec_to_cycles(apic->vcpu, delta);	/* KDELTA-EXPECT */
}

/*
 * now is re-read after the ktime_before() check; expiry may be behind the
 * new now: a finding.  Only the clang engine sees it: the rule pack takes
 * any comparison of the operands before the subtraction as a guard and
 * does not follow a later re-assignment of an operand.
 */
u64 pos_tricky_operand_reread_after_check(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	ktime_t delta;

	if (ktime_before(apic->lapic_timer.target_expiration, now))
		return 0;
	now = ktime_get();
	delta = ktime_sub(apic->lapic_timer.target_expiration, now);
	return nsec_to_cycles(apic->vcpu, delta);	/* KDELTA-EXPECT(clang) */
}

/* Affected advance_periodic_target_expiration(): sink inside a u64 store: a finding. */
void pos_tricky_lapic_sink_inside_store(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	u64 tscl = rdtsc();
	ktime_t delta;

	apic->lapic_timer.target_expiration =
		ktime_add_ns(apic->lapic_timer.target_expiration,
				apic->lapic_timer.period);
	delta = ktime_sub(apic->lapic_timer.target_expiration, now);
	apic->lapic_timer.tscdeadline = kvm_read_l1_tsc(apic->vcpu, tscl) +
		nsec_to_cycles(apic->vcpu, delta);	/* KDELTA-EXPECT */
}

/* The delta is overwritten with a constant before the sink: not a finding. */
void neg_tricky_reassign_constant_kills(ktime_t ready_at)
{
	s64 wait_ns = ktime_to_ns(ktime_sub(ready_at, ktime_get()));

	pr_info_ratelimited("ready in %lld ns\n", wait_ns);
	wait_ns = 5;
	ndelay(wait_ns);
}

/* The delta is overwritten with the u64 period before the sink: not a finding. */
u64 neg_tricky_reassign_period_kills(struct kvm_lapic *apic, u64 period_ns)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	pr_info_ratelimited("expiry in %lld ns\n", delta);
	delta = period_ns;
	return nsec_to_cycles(apic->vcpu, delta);
}

/* Both branches overwrite the delta with a non-delta value: not a finding. */
unsigned long neg_tricky_kill_both_branches(ktime_t expires, s64 period_ns, bool periodic)
{
	s64 timeout_ns = ktime_to_ns(ktime_sub(expires, ktime_get()));

	pr_info_ratelimited("expiry in %lld ns\n", timeout_ns);
	if (periodic)
		timeout_ns = period_ns;
	else
		timeout_ns = NSEC_PER_MSEC;
	return nsecs_to_jiffies(timeout_ns);
}

/* Every branch guards the delta: one returns, the other clamps: not a finding. */
u64 neg_tricky_guard_all_branches(struct kvm_lapic *apic, bool oneshot)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	if (oneshot) {
		if (delta < 0)
			return 0;
	} else {
		if (delta < 0)
			delta = 0;
	}
	return nsec_to_cycles(apic->vcpu, delta);
}

/* Every case of the switch returns or clamps before the sink: not a finding. */
u64 neg_tricky_switch_guard_every_case(struct kvm_lapic *apic, enum foo_timer_mode mode)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(apic->lapic_timer.target_expiration, now);

	switch (mode) {
	case FOO_TIMER_ONESHOT:
		if (delta < 0)
			return 0;
		break;
	case FOO_TIMER_PERIODIC:
		if (delta < 0)
			delta = 0;
		break;
	default:
		return 0;
	}
	return nsec_to_cycles(apic->vcpu, delta);
}

/* The delta is recomputed and checked in every loop iteration before the sink: not a finding. */
bool neg_tricky_loop_guard_each_iteration(ktime_t deadline)
{
	s64 left_us;

	while (!foo_hw_ready()) {
		left_us = ktime_us_delta(deadline, ktime_get());
		if (left_us <= 0)
			return false;
		udelay(left_us);
	}
	return true;
}

/* Checked once before a loop that never changes the delta: not a finding. */
void neg_tricky_guard_before_loop(ktime_t ready_at, int retries)
{
	s64 wait_us = ktime_us_delta(ready_at, ktime_get());
	int i;

	if (wait_us < 0)
		return;
	for (i = 0; i < retries && !foo_hw_ready(); i++)
		udelay(wait_us);
}

/* The delta is checked before it is copied, so the copy is non-negative too: not a finding. */
void neg_tricky_copy_after_guard(ktime_t settle_until, unsigned long max_us)
{
	s64 remaining_us = ktime_us_delta(settle_until, ktime_get());
	s64 min_us;

	if (remaining_us < 0)
		return;
	min_us = remaining_us;
	usleep_range(min_us, max_us);
}

/* The sign test is on the ktime_to_ns() copy that reaches the sink: not a finding. */
unsigned long neg_tricky_second_variable_guarded(ktime_t expires)
{
	ktime_t timeout = ktime_sub(expires, ktime_get());
	s64 timeout_ns = ktime_to_ns(timeout);

	if (timeout_ns <= 0)
		return 0;
	return nsecs_to_jiffies(timeout_ns);
}

/* The use is nested two levels inside d > 0: not a finding. */
void neg_tricky_enclose_nested(ktime_t ready_at, bool busy_wait)
{
	ktime_t wait = ktime_sub(ready_at, ktime_get());

	if (wait > 0) {
		if (busy_wait)
			ndelay(ktime_to_ns(wait));
		else
			pr_info_ratelimited("not ready for %lld ns\n", wait);
	}
}
