/* SPDX-License-Identifier: GPL-2.0 */
/* nd_report.c: the negative-delta check's findings and their messages. */
#ifndef KDELTA_ND_REPORT_H
#define KDELTA_ND_REPORT_H

#include "walk.h"

/* The check's own data, shared by check_negdelta.c (the hooks and the
 * sources) and nd_report.c; not an interface for other checks. */
enum src_kind {
	SRC_DELTA,	/* later - earlier: ktime_sub(), a - b of ktime_t */
	SRC_SUBN,	/* ktime_sub_ns(t, n): a time minus a count */
	SRC_REMAINING,	/* hrtimer_expires_remaining(): time left */
	SRC_INT_NS,	/* integer stamps: a_ns - ktime_get_ns(), or in us */
	SRC_HELPER,	/* a function of the file that returns a delta */
};

struct src {
	enum src_kind kind;
	char *text;		/* as the code spells it */
	char *a, *b;		/* operand keys of the walk's facts: a - b */
	char *da, *db;		/* the operands as the code spells them */
	const char *fn;		/* the source's function or macro, or NULL */
	bool call_a, call_b;	/* the operand is a current-time read call */
	bool now_a, now_b;	/* the operand holds a current-time read */
	int seq_a, seq_b;	/* when it was read (the later the larger) */
	bool lv_a;		/* a can be assigned (the fix clamps it) */
	unsigned line;
	const char *unit;	/* "ns", "us" or "ms" */
	bool whole;		/* counts of unit subtracted: none finer lost */
	bool swapped;		/* x - d, d a delta (nd_swap.h) */
	unsigned lock;		/* the line of the stamp's lock taken after a
				 * read held in a (nd_lock.h), or 0 */
	enum kd_confidence conf;
	char *why;		/* why that confidence */
};

/* Per function. */
struct negdelta {
	const struct kd_run *run;
	char *fname;
	const char *rule;	/* a known instance's own rule, or the generic */
	CXType ret;
	struct src *srcs;
	size_t nsrcs;
	char **seen;		/* "line:col" of reported sinks */
	size_t nseen;
	int *seq;		/* per local: when it last read the clock */
	int *clock;		/* per local: which clock (1 monotonic, 0 not) */
	const char **unit;	/* per local: the read's unit ("us": ktime_to_us) */
	int nreads;
	struct src ret_src;	/* summary mode: the delta the function returns */
	bool returns;
};

/* A delta that reaches an unsigned type: a finding. */
/* ks: the api.def sink it reaches, whose effect the message tells. */
struct kd_sink;
void nd_sink(struct walk *w, CXCursor at, struct kd_val v, const char *what,
	     CXType to, const struct kd_sink *ks);

/* Forgets the sinks reported (the end of a function). */
void nd_report_end(struct negdelta *nd);

#endif
