/* SPDX-License-Identifier: GPL-2.0 */
/* nd_standin.c: a stamp the code takes in place of a current read. */
#ifndef KDELTA_ND_STANDIN_H
#define KDELTA_ND_STANDIN_H

#include <stdbool.h>

#include "cx.h"

/*
 * Whether ea - eb in function fn is an end minus a start of one monotonic
 * clock because the code takes a stamp in place of a current read: ea is
 * an automatic local that every store before the subtraction sets to a
 * current read of that clock or to a field (or variable of the file)
 * only ever set from it, one of each at least; eb is such a field too,
 * and the file clears none of the end stamps (KD_CLEAR).
 */
bool nd_end_or_now(struct cx_tu *t, CXCursor fn, CXCursor ea, CXCursor eb);

#endif
