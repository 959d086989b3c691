/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDELTA_FLOW_H
#define KDELTA_FLOW_H

#include "cx.h"
#include "kdelta.h"

/* Analyses one function definition of the main file, adding a finding a
 * sink reached by a possibly negative delta, at or above min_conf. */
void flow_function(struct cx_tu *t, CXCursor fn, enum kd_confidence min_conf,
		   struct findings *out);

/* Interprocedural summaries (summary.c). */
enum kd_summary { KD_SUM_UNKNOWN, KD_SUM_HARMLESS, KD_SUM_SINK };

/* What a function does with its unsigned parameter argno: scales it
 * (multiplies, divides, shifts, compares, passes it to a scaling call),
 * or only stores, adds or converts it back.  *why describes the scaling
 * (static storage). */
enum kd_summary summary_of(struct cx_tu *t, CXCursor callee, int argno,
			   const char **why);
void summary_reset(void);

#endif
