// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a sign test against a positive constant.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - net/dccp/ccids/ccid3.c, ccid3_hc_tx_send_packet(): delay =
 *    ktime_us_delta(hc->tx_t_nom, now), a target minus the current time,
 *    reaches (u32)delay only under if (delay >= TFRC_T_DELTA), and
 *    TFRC_T_DELTA is USEC_PER_MSEC (ccid3.h): delay is positive there.
 *    Must stay silent.
 *  - drivers/media/rc/serial_ir.c, serial_ir_tx(): delta =
 *    ktime_us_delta(edge, ktime_get()) reaches usleep_range(delta - 25,
 *    delta + 25) only under if (delta > 25).  Must stay silent.
 *  - The contrast: serial_ir_tx()'s shape under if (delta > -50), a
 *    bound below 0, lets a negative delta through.  Must be reported; the
 *    libclang engine does.  The pattern engine cannot: its guard is
 *    SmPL's "when != d cmp K" with K a constant, and a constant matches
 *    -50 as well as 25 (a bound below 0 on a time delta is unusual).
 */
#include "kdelta-accuracy.h"

#define USEC_PER_MSEC	1000L
#define TFRC_T_DELTA	USEC_PER_MSEC

struct ccid3_hc_tx_sock { ktime_t tx_t_nom; };

int ccid3_hc_tx_send_packet(struct ccid3_hc_tx_sock *hc)
{
	ktime_t now = ktime_get();
	s64 delay;

	delay = ktime_us_delta(hc->tx_t_nom, now);
	if (delay >= TFRC_T_DELTA)
		return (u32)delay / USEC_PER_MSEC;
	return 0;
}

void serial_ir_tx(unsigned int *txbuf, int count)
{
	ktime_t edge = ktime_get();
	s64 delta;
	int i;

	for (i = 0; i < count; i++) {
		edge = ktime_add_us(edge, txbuf[i]);
		delta = ktime_us_delta(edge, ktime_get());
		if (delta > 25)
			usleep_range(delta - 25, delta + 25);
	}
}

void negative_bound(unsigned int *txbuf, int count)
{
	ktime_t edge = ktime_get();
	s64 delta;
	int i;

	for (i = 0; i < count; i++) {
		edge = ktime_add_us(edge, txbuf[i]);
		delta = ktime_us_delta(edge, ktime_get());
		if (delta > -50)
			usleep_range(delta, delta + 50); /* KDELTA-EXPECT(clang) */
	}
}
