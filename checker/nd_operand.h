/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nd_operand.c: what an operand of a subtraction is as a time.
 */
#ifndef KDELTA_ND_OPERAND_H
#define KDELTA_ND_OPERAND_H

#include "walk.h"

/* What an operand is as a time: a current read (now), on a monotonic
 * clock (mono), read at seq (1 << 30: read where it is used). */
struct operand {
	bool now;
	int mono;
	int seq;
	const char *unit;	/* of a current read: "ns", or "us" through ktime_to_us() */
};

/* The local an operand reads: x, x.field, x->field, x[i]; or -1. */
int nd_base_var(struct walk *w, CXCursor e);

/* The api.def conversion (KD_CONV) e calls, ktime_to_ns(x): its index
 * in kd_convs, with x in *arg; or -1. */
int nd_conv_of(CXCursor e, CXCursor *arg);

/* The operand e on the path of state s. */
struct operand nd_operand_of(struct walk *w, struct state *s, CXCursor e);

#endif
