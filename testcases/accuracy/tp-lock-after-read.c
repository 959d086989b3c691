// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: the current time read before the stamp's lock
 * is taken.  A monotonic read minus a stamp is elapsed time only when the
 * stamp was set before the read; when the function reads the clock once
 * and then takes, for each object, the lock under which others set its
 * stamp, a holder of that lock can set a later stamp in between and the
 * delta is negative: medium, in both engines.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - kernel/power/wakelock.c, __wakelocks_gc() (116), real, latent:
 *    now = ktime_get() once, then for each wakelock, least recently used
 *    first, spin_lock_irq(&wl->ws->lock) and idle_time_ns =
 *    ktime_to_ns(ktime_sub(now, wl->ws->last_time)) into a u64.  A
 *    wakelock written with a timeout (pm_wake_lock(): __pm_wakeup_event())
 *    is released by its wakeup source's timer, pm_wakeup_timer_fn() in
 *    drivers/base/power/wakeup.c, which sets ws->last_time = ktime_get()
 *    under ws->lock but not under wakelocks_lock.  When that happens after
 *    now was read, idle_time_ns wraps above the 300 s GC time and the
 *    inactive wakelock is unregistered and freed at once, not after 300 s
 *    idle.
 *  - wakelocks_gc_read_locked(): the same loop reading the clock under
 *    the lock (not in the tree): low, elapsed time.
 *  - wakelocks_gc_other_lock(): the same with the lock of another object
 *    (not in the tree): low, elapsed time.
 */
#include "kdelta-accuracy.h"

#define WL_GC_TIME_SEC	300
#define NSEC_PER_SEC	1000000000L

struct wakeup_source {
	struct spinlock lock;
	ktime_t last_time;
	bool active;
};

struct wakelock {
	struct wakeup_source *ws;
	struct wakelock *older;
};

struct wakelock_list {
	struct spinlock lock;
	struct wakelock *oldest;
};

void wakeup_source_unregister(struct wakeup_source *ws);

/* drivers/base/power/wakeup.c: wakeup_source_deactivate(), from the timer */
void pm_wakeup_timer_fn(struct wakeup_source *ws)
{
	spin_lock_irq(&ws->lock);
	ws->active = false;
	ws->last_time = ktime_get();
	spin_unlock_irq(&ws->lock);
}

void __wakelocks_gc(struct wakelock_list *list)
{
	struct wakelock *wl;
	ktime_t now;

	now = ktime_get();
	for (wl = list->oldest; wl; wl = wl->older) {
		u64 idle_time_ns;
		bool active;

		spin_lock_irq(&wl->ws->lock);
		idle_time_ns = ktime_to_ns(ktime_sub(now, wl->ws->last_time)); /* KDELTA-EXPECT */
		active = wl->ws->active;
		spin_unlock_irq(&wl->ws->lock);

		if (idle_time_ns < ((u64)WL_GC_TIME_SEC * NSEC_PER_SEC))
			break;
		if (!active)
			wakeup_source_unregister(wl->ws);
	}
}

void wakelocks_gc_read_locked(struct wakelock_list *list)
{
	struct wakelock *wl;
	ktime_t now;

	for (wl = list->oldest; wl; wl = wl->older) {
		u64 idle_time_ns;

		spin_lock_irq(&wl->ws->lock);
		now = ktime_get();
		idle_time_ns = ktime_to_ns(ktime_sub(now, wl->ws->last_time));
		spin_unlock_irq(&wl->ws->lock);

		if (idle_time_ns < ((u64)WL_GC_TIME_SEC * NSEC_PER_SEC))
			break;
	}
}

void wakelocks_gc_other_lock(struct wakelock_list *list)
{
	struct wakelock *wl;
	ktime_t now;

	now = ktime_get();
	for (wl = list->oldest; wl; wl = wl->older) {
		u64 idle_time_ns;

		spin_lock_irq(&list->lock);
		idle_time_ns = ktime_to_ns(ktime_sub(now, wl->ws->last_time));
		spin_unlock_irq(&list->lock);

		if (idle_time_ns < ((u64)WL_GC_TIME_SEC * NSEC_PER_SEC))
			break;
	}
}
