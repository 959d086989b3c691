// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a current read passed down as a parameter,
 * from a local declared without an initialiser.
 *
 * Tree: Debian linux-source-6.1 (6.1.192),
 * drivers/media/cec/core/cec-pin.c, cec_pin_timer() and
 * cec_pin_rx_states() (findings at 673, 705, 775 in a build that
 * enables CEC).  The hrtimer callback reads ts = ktime_get() (declared
 * "ktime_t ts;" above) and hands it to the static cec_pin_rx_states(),
 * its only caller; pin->ts is an earlier ts of the same callback.
 * delta = ktime_us_delta(ts, pin->ts) is elapsed time on one monotonic
 * clock (low), so the s32 delta kept in the u32 statistics of a start
 * bit that is too short is not negative.  The libclang engine had read
 * the declaration without an initialiser as a store of no read, lost
 * that ts is one, and rated the three medium.
 */
#include "kdelta-accuracy.h"

#define CEC_TIM_START_BIT_LOW_MIN	3500
#define CEC_TIM_IDLE_SAMPLE		100

struct cec_pin {
	int state;
	ktime_t ts;
	u32 rx_start_bit_low_too_short_cnt;
	u32 rx_start_bit_low_too_short_delta;
	u64 rx_start_bit_low_too_short_ts;
};

bool cec_pin_read(struct cec_pin *pin);
void cec_pin_to_idle(struct cec_pin *pin);

static void cec_pin_rx_states(struct cec_pin *pin, ktime_t ts)
{
	s32 delta;

	if (!cec_pin_read(pin))
		return;
	delta = ktime_us_delta(ts, pin->ts);
	/* Start bit low is too short, go back to idle */
	if (delta < CEC_TIM_START_BIT_LOW_MIN - CEC_TIM_IDLE_SAMPLE) {
		if (!pin->rx_start_bit_low_too_short_cnt++) {
			pin->rx_start_bit_low_too_short_ts = ktime_to_ns(pin->ts);
			pin->rx_start_bit_low_too_short_delta = delta;
		}
		cec_pin_to_idle(pin);
		return;
	}
	pin->ts = ts;
}

int cec_pin_timer(struct cec_pin *pin)
{
	ktime_t ts;

	ts = ktime_get();
	if (pin->state)
		cec_pin_rx_states(pin, ts);
	else
		pin->ts = ts;
	return 0;
}
