/* SPDX-License-Identifier: GPL-2.0 */
/* agree.c: where the two engines rate one delta source differently. */
#ifndef KDELTA_AGREE_H
#define KDELTA_AGREE_H

#include "report.h"

/*
 * A medium finding of one engine whose source the other engine analysed
 * and proved elapsed time (its silence of kind low at the same file and
 * source line) becomes a silence too: medium is "nothing orders the two
 * stamps", and the other engine found what orders them.  A high finding
 * is kept: it is a proof of its own.  Returns how many were moved.
 */
size_t report_agree(struct report *r);

#endif
