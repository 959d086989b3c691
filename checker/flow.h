/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDELTA_FLOW_H
#define KDELTA_FLOW_H

#include "cx.h"
#include "finding.h"

/* Analyses one function definition of the main file, adding a finding a
 * sink reached by a possibly negative delta, at or above min_conf; -1
 * when the function could not be analysed fully (it is then reported
 * by the caller as incomplete, never dropped silently). */
int flow_function(struct cx_tu *t, CXCursor fn, enum kd_confidence min_conf,
		   struct findings *out);

#endif
