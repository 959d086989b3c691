/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations the accuracy fixtures need beyond testcases/include/
 * kdelta-fixture.h (which they include first).  Signatures follow
 * Debian's linux-source-6.1 (6.1.192): include/linux/ktime.h,
 * include/linux/hrtimer.h, include/linux/timekeeping.h,
 * include/linux/workqueue.h, include/linux/math.h.
 */
#ifndef KDELTA_ACCURACY_H
#define KDELTA_ACCURACY_H

#include "kdelta-fixture.h"

typedef unsigned short u16;
typedef unsigned long size_t_k;		/* size_t without <stddef.h> */

/* include/linux/ktime.h */
#define ktime_add_ms(kt, msec)	ktime_add_ns(kt, (msec) * NSEC_PER_MSEC)
#define ktime_add_us(kt, usec)	ktime_add_ns(kt, (usec) * NSEC_PER_USEC)
#define ktime_sub_us(kt, usec)	ktime_sub_ns(kt, (usec) * NSEC_PER_USEC)
#define ms_to_ktime(ms)		((ktime_t)(ms) * NSEC_PER_MSEC)
#define KTIME_MAX		((s64)~((u64)1 << 63))

/* include/linux/timekeeping.h */
u64 ktime_get_ns(void);
ktime_t ktime_get_coarse_boottime(void);

/* include/linux/hrtimer.h */
ktime_t hrtimer_expires_remaining(const struct hrtimer *timer);
ktime_t hrtimer_expires_remaining_adjusted(const struct hrtimer *timer);
ktime_t __hrtimer_get_remaining(const struct hrtimer *timer, bool adjust);
ktime_t hrtimer_get_remaining(const struct hrtimer *timer);
bool hrtimer_active(const struct hrtimer *timer);
void hrtimer_set_expires(struct hrtimer *timer, ktime_t time);

/* include/linux/workqueue.h, include/linux/timer.h */
struct delayed_work { int pending; };
struct timer_list { unsigned long expires; };
extern unsigned long jiffies;
bool mod_delayed_work(void *wq, struct delayed_work *dwork, unsigned long delay);
int mod_timer(struct timer_list *timer, unsigned long expires);
extern void *system_wq;

/* include/linux/math.h (the 6.1 definition, with do_div) */
#define DIV_ROUND_CLOSEST_ULL(x, divisor)({		\
	u32 __d = divisor;				\
	unsigned long long _tmp = (x) + (__d) / 2;	\
	do_div(_tmp, __d);				\
	_tmp;						\
})
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

/* trace and debug macros compiled to nothing, as without tracing */
int trace_printk(const char *fmt, ...);
#define GEM_TRACE(...)		do { if (0) trace_printk(__VA_ARGS__); } while (0)
int pr_debug(const char *fmt, ...);
int printk(const char *fmt, ...);
#define pr_err(fmt, ...)	printk(fmt, ##__VA_ARGS__)
/* include/linux/kernel.h (6.1), include/linux/seq_file.h */
int sprintf(char *buf, const char *fmt, ...);
struct seq_file;
void seq_printf(struct seq_file *m, const char *fmt, ...);

/* spinlocks, completions, misc */
struct spinlock { int v; };
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
void spin_lock_irq(struct spinlock *l);
void spin_unlock_irq(struct spinlock *l);
bool completion_done(void *c);

#endif /* KDELTA_ACCURACY_H */
