/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal kernel declarations the fixtures need, so that every fixture
 * parses under spatch and compiles under clang -fsyntax-only without a
 * kernel tree.  Each declaration mirrors the kernel's own signature: the
 * engines judge signedness from exactly these types, so they must not
 * drift from include/linux/ktime.h, math64.h, jiffies.h, delay.h and
 * arch/x86/kvm/x86.h.
 */
#ifndef KDELTA_FIXTURE_H
#define KDELTA_FIXTURE_H

#include <stdbool.h>

typedef unsigned char u8;
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;
typedef s64 ktime_t;
/* include/linux/types.h */
typedef u32 uint32_t;

/* include/linux/ktime.h */
#define ktime_sub(lhs, rhs)	((lhs) - (rhs))
#define ktime_add(lhs, rhs)	((lhs) + (rhs))
#define ktime_add_ns(kt, nsval)	((kt) + (nsval))
#define ktime_sub_ns(kt, nsval)	((kt) - (nsval))
#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L

static inline s64 ktime_to_ns(const ktime_t kt) { return kt; }
static inline s64 ktime_to_us(const ktime_t kt) { return kt / NSEC_PER_USEC; }
static inline s64 ktime_to_ms(const ktime_t kt) { return kt / NSEC_PER_MSEC; }
static inline ktime_t ns_to_ktime(u64 ns) { return ns; }
static inline ktime_t ktime_set(const s64 secs, const unsigned long nsecs)
{
	return secs * NSEC_PER_SEC + (s64)nsecs;
}
static inline int ktime_compare(const ktime_t cmp1, const ktime_t cmp2)
{
	if (cmp1 < cmp2)
		return -1;
	if (cmp1 > cmp2)
		return 1;
	return 0;
}
static inline bool ktime_after(const ktime_t cmp1, const ktime_t cmp2)
{
	return ktime_compare(cmp1, cmp2) > 0;
}
static inline bool ktime_before(const ktime_t cmp1, const ktime_t cmp2)
{
	return ktime_compare(cmp1, cmp2) < 0;
}
static inline s64 ktime_us_delta(const ktime_t later, const ktime_t earlier)
{
	return ktime_to_us(ktime_sub(later, earlier));
}
static inline s64 ktime_ms_delta(const ktime_t later, const ktime_t earlier)
{
	return ktime_to_ms(ktime_sub(later, earlier));
}

/* kernel/time/timekeeping.c */
ktime_t ktime_get(void);
ktime_t ktime_get_real(void);
ktime_t ktime_get_boottime(void);
ktime_t ktime_get_raw(void);

/* include/linux/math64.h, include/asm-generic/div64.h */
u64 div_u64(u64 dividend, u32 divisor);
u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder);
u64 div64_u64(u64 dividend, u64 divisor);
s64 div_s64(s64 dividend, s32 divisor);
u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift);
u64 mul_u64_u32_div(u64 a, u32 mul, u32 divisor);
u64 mul_u64_u64_div_u64(u64 a, u64 mul, u64 div);
u32 __div64_32(u64 *dividend, u32 divisor);
#define do_div(n, base) __div64_32(&(n), (base))

/* include/linux/jiffies.h */
unsigned long nsecs_to_jiffies(u64 n);
unsigned long usecs_to_jiffies(const unsigned int u);
unsigned long msecs_to_jiffies(const unsigned int m);

/* include/linux/delay.h */
void usleep_range(unsigned long min, unsigned long max);
void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);
void msleep(unsigned int msecs);

/* arch/x86/include/asm/pvclock.h */
u64 pvclock_scale_delta(u64 delta, u32 mul_frac, int shift);

/* include/asm-generic/bug.h, include/linux/minmax.h */
#define WARN_ON(condition)	(!!(condition))
#define WARN_ON_ONCE(condition)	(!!(condition))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max_t(type, a, b)	((type)(a) > (type)(b) ? (type)(a) : (type)(b))
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define unlikely(x)		(x)
#define likely(x)		(x)

/* arch/x86/kvm: the parts of struct kvm_lapic the timer code reads */
struct kvm_vcpu;

/*
 * arch/x86/include/asm/kvm_host.h, include/linux/kvm_host.h: only the
 * members lapic.c reads through apic->vcpu (apic_bus_cycle_ns exists
 * from v6.11 on; older fixtures simply do not use it).
 */
struct kvm_arch {
	u64 apic_bus_cycle_ns;
};

struct kvm {
	struct kvm_arch arch;
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
};
struct hrtimer { int state; };
enum hrtimer_mode { HRTIMER_MODE_ABS_PINNED, HRTIMER_MODE_ABS_HARD };

struct kvm_timer {
	struct hrtimer timer;
	s64 period;			/* unit: ns */
	ktime_t target_expiration;
	u32 timer_mode;
	u32 timer_mode_mask;
	u64 tscdeadline;
	u64 expired_tscdeadline;
	u32 timer_advance_ns;
	bool hv_timer_in_use;
};

struct kvm_lapic {
	unsigned long base_address;
	struct kvm_timer lapic_timer;
	u32 divide_count;
	struct kvm_vcpu *vcpu;
};

#define APIC_TMICT		0x380
#define APIC_TMCCT		0x390
#define APIC_BUS_CYCLE_NS	1
#define ASSERT(x)		do { } while (0)
#define mod_64(x, y)		((x) - (y) * div64_u64(x, y))

u64 rdtsc(void);
u64 nsec_to_cycles(struct kvm_vcpu *vcpu, u64 nsec);
extern unsigned int min_timer_period_us;	/* arch/x86/kvm/x86.h */
u64 kvm_read_l1_tsc(struct kvm_vcpu *vcpu, u64 host_tsc);
u32 kvm_lapic_get_reg(struct kvm_lapic *apic, int reg_off);
void kvm_lapic_set_reg(struct kvm_lapic *apic, int reg_off, u32 val);
u64 tmict_to_ns(struct kvm_lapic *apic, u32 tmict);
void limit_periodic_timer_frequency(struct kvm_lapic *apic);
/*
 * apic_timer_expired() took only the apic until v5.8 added from_timer_fn
 * (RHEL 8.3 and later carry that change).  A fixture of an older tree
 * defines KDELTA_APIC_TIMER_EXPIRED_NO_FROM_TIMER_FN before including
 * this header.
 */
#ifdef KDELTA_APIC_TIMER_EXPIRED_NO_FROM_TIMER_FN
void apic_timer_expired(struct kvm_lapic *apic);
#else
void apic_timer_expired(struct kvm_lapic *apic, bool from_timer_fn);
#endif
bool apic_lvtt_oneshot(struct kvm_lapic *apic);
bool apic_lvtt_period(struct kvm_lapic *apic);
void hrtimer_start(struct hrtimer *timer, ktime_t tim, enum hrtimer_mode mode);
int pr_info_ratelimited(const char *fmt, ...);

#endif /* KDELTA_FIXTURE_H */
