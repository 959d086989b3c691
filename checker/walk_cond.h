/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walk_cond.c: what a condition tells on the path where it has a given
 * value (operand comparisons: ktime_before() and friends, raw < <= > >=
 * of the operands, sign tests through the check's hook), and the facts
 * "a >= b" an assignment makes or keeps (a = b, a = b + positive, the
 * running minimum m = x under x < m).
 */
#ifndef KDELTA_WALK_COND_H
#define KDELTA_WALK_COND_H

#include <stdbool.h>

#include "cx.h"
#include "finding.h"
#include "state.h"
#include "vars.h"

/* The interface of the checks the walk runs (walk.h is the rest). */
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
	int elem;		/* the local array an element is stored to
				 * (t[i] = x), or -1 */
	bool init;		/* a declaration's initialiser */
	struct kd_val val;	/* what the value evaluated to */
};

/* What every check is run with. */
struct kd_run {
	enum kd_confidence min_conf;
	struct findings *out;	/* NULL: a summary run, no findings */
	void *summary;		/* the check's summary of the function */
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

/* The walk's own state, shared by walk.c (statements and expressions)
 * and walk_cond.c; not an interface for the checks. */
#define WALK_MAX_DEPTH 2000

/* The type whose values the operand comparisons order. */
#define TIME_TYPE "ktime_t"

struct label_state {
	char *label;
	struct state st;
};

struct walk {
	struct cx_tu *t;
	CXCursor fn;
	const struct kd_check *c;
	void *data;			/* the check's */
	struct vars vars;
	struct state *brk, *cont;	/* innermost loop/switch exits */
	struct label_state *labels;
	size_t nlabels;
	CXCursor next;			/* the statement after this one */
	int depth;
	bool too_deep;			/* the walk gave up on this function */
	bool incomplete;		/* the check did */
};

/* Depth of the recursion: false when the walk must stop. */
static inline bool walk_enter(struct walk *w)
{
	if (w->too_deep)
		return false;
	if (w->depth >= WALK_MAX_DEPTH) {
		w->too_deep = true;
		return false;
	}
	w->depth++;
	return true;
}

static inline void walk_leave(struct walk *w)
{
	w->depth--;
}

/* Hooks are not called once the walk has given up: a guard it did not
 * follow could make a finding false. */
static inline bool walk_hooks_on(const struct walk *w)
{
	return !w->too_deep;
}

/* The operand y of y + positive, ktime_add(y, positive) or
 * ktime_add_ns/us/ms(y, n) (a macro or a function): a value never below
 * y; a null cursor otherwise. */
CXCursor walk_added_to(struct cx_tu *t, CXCursor e);

/* The condition cond is branch on this path: what that tells. */
void walk_refine(struct walk *w, struct state *s, CXCursor cond, bool branch);

/* lhs (text lt, an lvalue or a declaration) is assigned rhs: the facts
 * about lhs end, except those the new value keeps, and those the
 * assignment makes begin.  time: lhs is a ktime_t. */
void walk_assign_facts(struct walk *w, struct state *s, const char *lt,
		       CXCursor rhs, bool time);

#endif
