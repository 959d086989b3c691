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

#include "cx.h"
#include "finding.h"
#include "state.h"
#include "vars.h"

/* What an expression evaluates to for the check. */
struct kd_val {
	int src;	/* the check's value (an index into its table), or -1 */
	int var;	/* the local that held it, or -1 */
};

#define KD_VAL_NONE ((struct kd_val){ -1, -1 })

/* A value stored: an initialisation or an assignment. */
struct kd_store {
	CXCursor at;		/* the declaration, or the assignment */
	CXCursor lhs;		/* the declaration, or the lvalue */
	CXCursor rhs;		/* the initialiser, or the assigned value */
	int var;		/* the local stored to, or -1 (a field, ...) */
	bool init;		/* a declaration's initialiser */
	struct kd_val val;	/* what the value evaluated to */
};

/* What every check is run with. */
struct kd_run {
	enum kd_confidence min_conf;
	struct findings *out;
};

struct walk;

/*
 * One check.  Hooks run on the live path only, after the operands have
 * been evaluated; a NULL hook leaves the check's values alone (a call,
 * operator or cast then evaluates to nothing, a store keeps the value).
 */
struct kd_check {
	const char *name;
	/* Per-function data of the check, given back by walk_data(). */
	void *(*begin)(struct walk *w, const struct kd_run *run);
	void (*end)(void *data);
	struct kd_val (*on_call)(struct walk *w, struct state *s, CXCursor call,
				 const struct kd_val *args, int nargs);
	/* A binary or compound-assignment operator other than '=';
	 * op is "" for one expanded from a macro body. */
	struct kd_val (*on_binop)(struct walk *w, struct state *s, CXCursor e,
				  const char *op, CXCursor l, CXCursor r,
				  struct kd_val lv, struct kd_val rv);
	/* Returns the value the local st->var holds afterwards. */
	int (*on_store)(struct walk *w, struct state *s,
			const struct kd_store *st);
	struct kd_val (*on_cast)(struct walk *w, CXCursor cast, struct kd_val v);
	void (*on_return)(struct walk *w, CXCursor e, struct kd_val v);
	/* On this path the comparison "l op r" is branch; when one side
	 * is the constant 0, it is r. */
	void (*on_condition)(struct walk *w, struct state *s, const char *op,
			     CXCursor l, CXCursor r, bool branch);
	/* a >= b became known on this path. */
	void (*on_fact)(struct walk *w, struct state *s, const char *a,
			const char *b);
	/* An expression whose value cannot carry the check's value, such as
	 * max(d, 0); its operands are still evaluated. */
	bool (*is_barrier)(struct walk *w, CXCursor e);
};

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
/* The local a reference (through parentheses and conversions) names, or -1. */
int walk_var_of(const struct walk *w, CXCursor ref);

/* The text of an expression as written; one expanded from a macro body
 * is named by its invocation, "ktime_add_ms(ktime, timeout_ms)". */
char *walk_text(const struct walk *w, CXCursor e);

/* The check could not follow something (a call chain too long to
 * summarise): the function is reported as not fully analysed. */
void walk_incomplete(struct walk *w);

/* Whether op is a compound assignment the walk treats as one (+=, -=,
 * *=, /=, %=, &=, |=, ^=): it ends the facts about its left side. */
bool walk_compound_assign(const char *op);

#endif
