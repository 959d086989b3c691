// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: a stop stamp that is 0 until set.  Both stamps
 * are only ever set from ktime_get() and are named stop and start, but the
 * file clears the stop stamp (a memset of the structure that holds it)
 * when the next run starts, so between the start and the stop the stop
 * stamp is 0 and the stop minus the start is negative.  The order of the
 * two stamps is then unknown: medium, in both engines.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/media/usb/uvc/uvc_video.c, uvc_video_stats_dump() (1004):
 *    duration = ktime_ms_delta(stop_ts, start_ts) into an unsigned int.
 *    uvc_video_stats_start() memsets stream->stats when streaming starts,
 *    uvc_video_stats_decode() sets start_ts = ktime_get() on the first
 *    packet, uvc_video_stats_stop() sets stop_ts = ktime_get() when
 *    streaming stops.  Reading the debugfs "stats" file while streaming
 *    (uvc_debugfs.c calls uvc_video_stats_dump()) gives 0 minus start_ts:
 *    duration wraps to about 2^32 - uptime in ms and the SCR.SOF frequency
 *    printed is 0.  Latent: a wrong debugfs statistic.
 *  - drivers/mtd/tests/speedtest.c, calc_speed(): the same names on
 *    variables of the file that nothing clears; still low (fp-stamp-reads.c
 *    has the whole reduction).
 */
#include "kdelta-accuracy.h"

void *memset(void *s, int c, unsigned long n);

struct uvc_stats_frame { unsigned int nb_packets; };

struct uvc_stats_stream {
	ktime_t start_ts;
	ktime_t stop_ts;
	unsigned int nb_frames;
	unsigned int scr_sof_count;
};

struct uvc_streaming {
	struct {
		struct uvc_stats_frame frame;
		struct uvc_stats_stream stream;
	} stats;
};

static void uvc_video_stats_decode(struct uvc_streaming *stream)
{
	if (stream->stats.stream.nb_frames == 0 &&
	    stream->stats.frame.nb_packets == 0)
		stream->stats.stream.start_ts = ktime_get();
}

unsigned int uvc_video_stats_dump(struct uvc_streaming *stream)
{
	unsigned int scr_sof_freq;
	unsigned int duration;

	duration = ktime_ms_delta(stream->stats.stream.stop_ts, stream->stats.stream.start_ts); /* KDELTA-EXPECT */
	if (duration != 0)
		scr_sof_freq = stream->stats.stream.scr_sof_count * 1000
			     / duration;
	else
		scr_sof_freq = 0;
	return scr_sof_freq;
}

static void uvc_video_stats_start(struct uvc_streaming *stream)
{
	memset(&stream->stats, 0, sizeof(stream->stats));
}

static void uvc_video_stats_stop(struct uvc_streaming *stream)
{
	stream->stats.stream.stop_ts = ktime_get();
}

void uvc_video_enable(struct uvc_streaming *stream, int enable)
{
	if (!enable) {
		uvc_video_stats_stop(stream);
		return;
	}
	uvc_video_stats_start(stream);
	uvc_video_stats_decode(stream);
}

static ktime_t start, finish;

static void start_timing(void)
{
	start = ktime_get();
}

static void stop_timing(void)
{
	finish = ktime_get();
}

static long calc_speed(void)
{
	unsigned int ms;

	ms = ktime_ms_delta(finish, start);
	return ms ? 1000 / ms : 0;
}

long speedtest(void)
{
	start_timing();
	stop_timing();
	return calc_speed();
}
