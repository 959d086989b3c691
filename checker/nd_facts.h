/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nd_facts.c: what the stores to each field tell, by the field's USR,
 * in this translation unit and, in an audit, in every file analysed;
 * which fields are stamps of one clock.
 */
#ifndef KDELTA_ND_FACTS_H
#define KDELTA_ND_FACTS_H

#include <stdbool.h>

#include "cx.h"
#include "finding.h"

#define ND_FACT_REAL	1u	/* a read of a clock that can step back */
#define ND_FACT_MONO	2u	/* a read of a monotonic clock */
#define ND_FACT_ZERO	4u	/* 0 */
#define ND_FACT_OTHER	8u	/* anything else */
#define ND_FACT_ASKED	16u	/* the unit asked what the field holds */

/* The kinds of value stored into the field or file-scope variable decl:
 * by the unit (its file and headers) and by the files nd_facts_join()
 * was given.  Records that the unit asked. */
unsigned nd_fact_flags(struct cx_tu *t, CXCursor decl);

/* How many answers of nd_fact_flags() had stores of other files in
 * them: a proof that grew it needed them. */
unsigned nd_facts_joined_uses(void);

/* The clock (1 monotonic, 0 not) of a field every store sets from it,
 * or -1. */
int nd_fact_clock(unsigned flags);

/* Whether e is a value 0: 0, (ktime_t)0, ktime_set(0, 0), or a local
 * initialised so and never changed. */
bool nd_zero_value(struct cx_tu *t, CXCursor e);

/* Turns on the recording of nd_facts_export(): an audit's. */
void nd_facts_recording(bool on);

/* The unit's own stores (file main, 64-bit fields) and what it asked,
 * into out, when recording. */
void nd_facts_export(struct cx_tu *t, const char *main, struct findings *out);

/* Forgets the unit's answers: the next unit may have its address. */
void nd_facts_forget(void);

/* The stores of other files, joined by field, for every unit after. */
void nd_facts_join(const struct stampfact *v, size_t n);

/* The clock (1 monotonic, 0 not) that every store the translation unit
 * (in an audit: every file) makes to the field e names (x->time), or to
 * e, a variable of the file, is a current read of; -1 when one stores
 * anything else, clocks differ, there is none, or e is neither. */
int nd_field_clock(struct cx_tu *t, CXCursor e);

/* Whether ea - eb (spelled da, db) is an end minus a start of one
 * monotonic clock: both fields, wherever the translation unit stores
 * them, are only set from current reads of one monotonic clock, and
 * their names (api.def's KD_ELAPSED_*) order them.  The names alone
 * prove nothing. */
bool nd_ordered_stamps(struct cx_tu *t, CXCursor ea, CXCursor eb,
		       const char *da, const char *db);

#endif
