// SPDX-License-Identifier: GPL-2.0
/*
 * A self-contained file: it typedefs ktime_t, defines ktime_sub() and
 * declares the sink itself (no kernel header), as a reduction pasted into
 * a bug report does (arch/x86/kvm/lapic.c, start_sw_tscdeadline()'s
 * shape).  The operator of ktime_sub()'s body, defined in the main file,
 * is the macro's, not a token of the invocation: the delta must be found.
 */
typedef long long s64;
typedef unsigned long long u64;
typedef s64 ktime_t;
ktime_t ktime_get(void);
#define ktime_sub(a, b) ((a) - (b))
u64 nsec_to_cycles(void *v, u64 nsec);
struct t { ktime_t target; };
u64 f(struct t *p)
{
	ktime_t delta = ktime_sub(p->target, ktime_get());
	return nsec_to_cycles(0, delta); /* KDELTA-EXPECT */
}
