/* SPDX-License-Identifier: GPL-2.0 */
/* vars.c: the locals and parameters of one function, found by cursor. */
#ifndef KDELTA_VARS_H
#define KDELTA_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "cx.h"

struct kd_var {
	CXCursor decl;
	CXCursor init;
	bool has_init;
	bool in_macro;		/* declared by a macro body, e.g. WARN_ON()'s
				 * flag: its value stands for its initialiser */
	bool is_unsigned;
	char *name;
};

struct vars {
	struct kd_var *v;
	size_t n;
	int *hash;		/* open addressing over v, by cursor hash */
	size_t hash_size;
};

/* Every variable and parameter declared in function definition fn. */
void vars_collect(struct cx_tu *t, CXCursor fn, struct vars *vs);
void vars_free(struct vars *vs);

/* Index of the variable a declaration cursor declares, or -1. */
int vars_find(const struct vars *vs, CXCursor decl);

/* Index of the variable a reference (through parentheses and implicit
 * conversions) names, or -1. */
int vars_of(const struct vars *vs, CXCursor ref);

#endif
