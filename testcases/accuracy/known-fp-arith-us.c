// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a known false finding of the libclang engine,
 * class arithmetic-guard, kept for what its message says.
 *
 * Tree: Debian linux-source-6.1 (6.1.192),
 * drivers/comedi/drivers/comedi_test.c, waveform_ao_timer() (506).
 * The stamps are integer microseconds: now = ktime_to_us(ktime_get()),
 * ao_last_scan_time likewise.  time_inc = last + period - now is a
 * target minus the current time (high), but the arithmetic above makes
 * it positive: scans_since = (now - last) / period, and in the else
 * branch last was advanced by exactly scans_since periods, so last <= now
 * < last + period.  Neither engine reasons about division; the libclang
 * engine reports it (verdicts-6.1.tsv: false), the rule pack does not
 * treat ktime_to_us() reads held in integer locals as stamps.
 * What the test holds: the delta's unit is us (it said ns), and no
 * truncation note, as nothing finer than a microsecond was subtracted.
 */
#include "kdelta-accuracy.h"

struct waveform_private {
	u64 ao_last_scan_time;		/* time of previous AO scan in usec */
	unsigned int ao_scan_period;	/* AO scan period in usec */
	struct timer_list ao_timer;
};

unsigned int comedi_nscans_left(void);

void waveform_ao_timer(struct waveform_private *devpriv)
{
	u64 now;
	u64 scans_since;
	unsigned int scans_avail = 0;

	now = ktime_to_us(ktime_get());
	scans_since = now - devpriv->ao_last_scan_time;
	do_div(scans_since, devpriv->ao_scan_period);
	if (scans_since) {
		scans_avail = comedi_nscans_left();
		if (scans_avail > scans_since)
			scans_avail = scans_since;
		if (scans_avail)
			devpriv->ao_last_scan_time +=
				(u64)scans_avail * devpriv->ao_scan_period;
	}
	if (scans_avail < scans_since) {
		return;
	} else {
		/* one line here (two in the tree): the marker is the line's */
		unsigned int time_inc = devpriv->ao_last_scan_time + devpriv->ao_scan_period - now; /* KDELTA-EXPECT(clang) */

		mod_timer(&devpriv->ao_timer, jiffies + usecs_to_jiffies(time_inc));
	}
}

void waveform_ao_start(struct waveform_private *devpriv)
{
	devpriv->ao_last_scan_time = ktime_to_us(ktime_get());
}
