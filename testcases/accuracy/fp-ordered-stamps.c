// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class ordered-stamps.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/gpu/drm/i915/gt/intel_rps.c, vlv_wa_c0_ei() (finding at 1767):
 *    both stamps come from one ktime_get_raw() helper that writes an
 *    out-parameter (vlv_c0_read(uncore, &now)); prev is the previous
 *    sample, under rps->lock, so now.ktime >= prev->ktime.
 *  - drivers/gpu/drm/i915/gt/selftest_engine_pm.c, live_engine_busy_stats()
 *    (288, 327): t[0] and t[1] are set through *now = ktime_get() by the
 *    engine's busyness callback, t[0] first, under preempt_disable().
 *  - lib/dim/dim.c, dim_calc_stats() (61): start->time and end->time are
 *    ktime_get() stamps of dim_update_sample(), the start sample older.
 *  - net/sched/sch_cake.c, cobalt_should_drop() (528): now is passed in by
 *    cake_dequeue() (ktime_get()), the enqueue stamp was set by
 *    cobalt_set_enqueue_time(skb, now) in cake_enqueue(), earlier.
 * (dim_update_sample() and cake_dequeue() are kept from 6.1 so that the
 * data flow that orders the stamps is in the file, as in the real one.)
 * Nothing here may be reported: every delta is later-stamp minus
 * earlier-stamp of one monotonic clock.
 */
#include "kdelta-accuracy.h"

struct rps_ei { ktime_t ktime; u32 render_c0; };
struct rps { struct rps_ei ei; u32 up_threshold; u32 czclk_freq; };

/* vlv_c0_read(): the stamp is written through the out-parameter. */
static void vlv_c0_read(struct rps_ei *ei)
{
	ei->ktime = ktime_get_raw();
}

u32 vlv_wa_c0_ei(struct rps *rps)
{
	const struct rps_ei *prev = &rps->ei;
	struct rps_ei now;
	u32 events = 0;

	vlv_c0_read(&now);
	if (prev->ktime) {
		u64 time;

		time = ktime_us_delta(now.ktime, prev->ktime);
		time *= rps->czclk_freq;
		if (now.render_c0 > time * rps->up_threshold)
			events = 1;
	}
	rps->ei = now;
	return events;
}

/* selftest: *now = ktime_get() in the busyness callback, t[0] then t[1]. */
ktime_t engine_busy_time(int engine, ktime_t *now);

int live_engine_busy_stats(int engine)
{
	ktime_t de, dt;
	ktime_t t[2];

	de = engine_busy_time(engine, &t[0]);
	udelay(100);
	de = ktime_sub(engine_busy_time(engine, &t[1]), de);
	dt = ktime_sub(t[1], t[0]);
	if (de < 0 || de > 10) {
		/* as in 6.1: the division only in the error message */
		pr_err("reported %lldns [%d%%] busyness while sleeping [for %lldns]\n",
		       de, (int)div64_u64(100 * de, dt), dt);
		return -1;
	}
	return 0;
}

/* lib/dim: samples stamped by dim_update_sample(), start before end. */
struct dim_sample { ktime_t time; u32 pkt_ctr; };

/* include/linux/dim.h, part of the 6.1 translation unit of dim.c: the only
 * store to a sample's time is a ktime_get() read. */
static inline void dim_update_sample(u32 packets, struct dim_sample *s)
{
	s->time = ktime_get();
	s->pkt_ctr = packets;
}

bool dim_calc_stats(struct dim_sample *start, struct dim_sample *end, u32 *ppms)
{
	u32 delta_us = ktime_us_delta(end->time, start->time);

	if (!delta_us)
		return false;
	*ppms = (end->pkt_ctr - start->pkt_ctr) * 1000 / delta_us;
	return true;
}

/* sch_cake: now passed in by the dequeue path, enqueue stamp older. */
struct cobalt_cb { ktime_t enqueue_time; };

static bool cobalt_should_drop(struct cobalt_cb *cb, ktime_t now, u64 target)
{
	u64 sojourn;

	sojourn = ktime_to_ns(ktime_sub(now, cb->enqueue_time));
	return sojourn > target;
}

/* cake_dequeue(), its only caller in 6.1: now is a ktime_get() read. */
bool cake_dequeue(struct cobalt_cb *cb, u64 target)
{
	ktime_t now = ktime_get();

	return cobalt_should_drop(cb, now, target);
}
