/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walk.c: the path-aware walk over one function body, and the interface
 * of the checks it runs.  The engine follows statements, branches, loops,
 * switch and goto, joins paths, keeps facts "a >= b" from operand
 * comparisons and carries the check's value per local; a check says what
 * its values mean through the hooks of struct kd_check.
 */
#ifndef KDELTA_WALK_H
#define KDELTA_WALK_H

#include "walk_cond.h"

/* Runs check c over the body of function definition fn: 0, or -1 when
 * the function was not fully analysed: its body nests too deep to be
 * followed (the walk then stops), or the check said so. */
int walk_function(struct cx_tu *t, CXCursor fn, const struct kd_check *c,
		  const struct kd_run *run);

/* For the hooks. */
void *walk_data(const struct walk *w);
struct cx_tu *walk_tu(const struct walk *w);
CXCursor walk_fn(const struct walk *w);
const struct kd_var *walk_var(const struct walk *w, int i);
size_t walk_nvars(const struct walk *w);
/* The local a reference (through parentheses and conversions) names, or -1. */
int walk_var_of(const struct walk *w, CXCursor ref);

/* The statement after the one being run in its block, or a null cursor. */
CXCursor walk_next_stmt(const struct walk *w);

/* The check could not follow something (a call chain too long to
 * summarise): the function is reported as not fully analysed. */
void walk_incomplete(struct walk *w);

/* Whether op is a compound assignment the walk treats as one (+=, -=,
 * *=, /=, %=, &=, |=, ^=): it ends the facts about its left side. */
bool walk_compound_assign(const char *op);

#endif
