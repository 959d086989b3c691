// SPDX-License-Identifier: GPL-2.0
/*
 * Conditions and facts of the walk.  A fact "a >= b" is kept between the
 * texts of two expressions; a current-time read is a new value each time
 * it is called (two ktime_get() calls are two reads), so no fact is ever
 * made about one.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "util.h"
#include "walk_cond.h"

/* Branch hints whose value is their first argument's. */
static const char *const hints[] = { "__builtin_expect", "likely", "unlikely",
				     NULL };

/* Adders whose second operand is an unsigned count (include/linux/ktime.h):
 * their value is never below the first. */
static const char *const adders[] = { "ktime_add_ns", "ktime_add_us",
				      "ktime_add_ms", NULL };

static bool is_now_name(const char *name)
{
	return kd_in_list(kd_nows, name) >= 0 || kd_in_list(kd_now_ns, name) >= 0;
}

/* The text of an expression as written; one expanded from a macro body
 * is named by its invocation, "ktime_add_ms(ktime, timeout_ms)". */
static char *walk_text(const struct walk *w, CXCursor e)
{
	char *t = cx_text(w->t, e), *m_text;
	const struct cx_macro *m;

	if (*t || !(m = cx_macro_at(w->t, e)))
		return t;
	free(t);
	t = xasprintf("%s(", m->name);
	for (int i = 0; i < m->nargs; i++) {
		char *n = xasprintf("%s%s%s", t, i ? ", " : "", m->args[i]);

		free(t);
		t = n;
	}
	m_text = xasprintf("%s)", t);
	free(t);
	return m_text;
}

/* The text a fact names an operand by, or NULL for a current-time read
 * (each call reads anew: a guard on one says nothing of the next). */
static char *fact_text(struct walk *w, CXCursor e)
{
	CXCursor c = cx_strip_widening(e);

	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		char *name = cx_callee_name(c);
		bool now = is_now_name(name);

		free(name);
		if (now)
			return NULL;
	}
	return walk_text(w, c);
}

/* a >= b now holds on this path. */
static void establish(struct walk *w, struct state *s, const char *a,
		      const char *b)
{
	st_add_fact(s, a, b);
	if (w->c->on_fact && walk_hooks_on(w))
		w->c->on_fact(w, s, a, b);
}

/* The same for two expressions; nothing when one is a current read. */
static void establish_exprs(struct walk *w, struct state *s, CXCursor a,
			    CXCursor b)
{
	char *ta = fact_text(w, a), *tb = ta ? fact_text(w, b) : NULL;

	if (ta && tb)
		establish(w, s, ta, tb);
	free(ta);
	free(tb);
}

/* Whether the operand guard's result (cmp_op: compared against 0 with
 * it, or NULL: used as a truth value) being branch means a >= b (1),
 * b >= a (0), or neither is known (-1). */
static int guard_order(enum kd_opguard_kind kind, bool branch,
		       const char *cmp_op, bool cmp_zero)
{
	if (kind == KD_OPG_COMPARE) {
		if (!cmp_op || !cmp_zero)
			return -1;
		if (!strcmp(cmp_op, ">=") || !strcmp(cmp_op, ">"))
			return branch;
		if (!strcmp(cmp_op, "<") || !strcmp(cmp_op, "<="))
			return !branch;
		return -1;
	}
	if (cmp_op)
		return -1;
	return kind == KD_OPG_BEFORE ? !branch : branch;
}

/* A branch hint (its argument is the condition), or an operand guard
 * such as ktime_before(a, b): on this branch a >= b or b >= a holds. */
static void refine_call(struct walk *w, struct state *s, CXCursor e,
			bool branch, const char *cmp_op, bool cmp_zero)
{
	char *name = cx_callee_name(e);
	int nargs = clang_Cursor_getNumArguments(e), g, order;
	CXCursor a, b;

	if (kd_in_list(hints, name) >= 0 && nargs >= 1 && !cmp_op) {
		walk_refine(w, s, clang_Cursor_getArgument(e, 0), branch);
		free(name);
		return;
	}
	g = kd_in_list(kd_opguards, name);
	free(name);
	if (g < 0 || nargs != 2)
		return;
	order = guard_order(kd_opguard_kinds[g], branch, cmp_op, cmp_zero);
	if (order < 0)
		return;
	a = clang_Cursor_getArgument(e, 0);
	b = clang_Cursor_getArgument(e, 1);
	if (order)
		establish_exprs(w, s, a, b);
	else
		establish_exprs(w, s, b, a);
}

/* l op r with l or r a constant: the check sees it as "x op C". */
static void refine_compare(struct walk *w, struct state *s, const char *op,
			   CXCursor l, CXCursor r, bool branch)
{
	static const char *const from[] = { "<", ">", "<=", ">=", NULL };
	static const char *const to[] = { ">", "<", ">=", "<=" };

	if (!w->c->on_condition || !walk_hooks_on(w))
		return;
	long long v;

	if (cx_const_int(l, &v) && !cx_const_int(r, &v)) {
		int i = kd_in_list(from, op);

		w->c->on_condition(w, s, i >= 0 ? to[i] : op, r, l, branch);
		return;
	}
	w->c->on_condition(w, s, op, l, r, branch);
}

/* Whether a raw comparison is of two integer values (ktime_t is one),
 * neither a constant 0 (a sign test, the check's) nor an operand guard's
 * result (ktime_compare(a, b) < 0). */
static bool raw_operands(CXCursor l, CXCursor r)
{
	CXCursor sl = cx_strip(l);

	if (cx_is_zero(l) || cx_is_zero(r))
		return false;
	if (clang_getCursorKind(sl) == CXCursor_CallExpr) {
		char *name = cx_callee_name(sl);
		bool g = kd_in_list(kd_opguards, name) >= 0;

		free(name);
		if (g)
			return false;
	}
	return (cx_type_is_signed(clang_getCursorType(l)) ||
		cx_type_is_unsigned(clang_getCursorType(l))) &&
	       (cx_type_is_signed(clang_getCursorType(r)) ||
		cx_type_is_unsigned(clang_getCursorType(r)));
}

/* if (base < now), as the kernel writes it on ktime_t and integer
 * nanosecond stamps: on this branch now >= base, as ktime_before()
 * would tell. */
static void refine_raw(struct walk *w, struct state *s, const char *op,
		       CXCursor l, CXCursor r, bool branch)
{
	bool greater = op[0] == '>';	/* l > r or l >= r */

	if (!raw_operands(l, r))
		return;
	if (greater == branch)
		establish_exprs(w, s, l, r);
	else
		establish_exprs(w, s, r, l);
}

static void refine_binop(struct walk *w, struct state *s, CXCursor c,
			 bool branch)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k);
	char op[8];

	cx_operator(w->t, c, op, sizeof(op));
	if (n != 2) {
		free(k);
		return;
	}
	if (!strcmp(op, "&&") && branch) {
		walk_refine(w, s, k[0], true);
		walk_refine(w, s, k[1], true);
	} else if (!strcmp(op, "||") && !branch) {
		walk_refine(w, s, k[0], false);
		walk_refine(w, s, k[1], false);
	} else if ((op[0] == '<' || op[0] == '>') && op[1] != op[0]) {
		CXCursor l = cx_strip(k[0]);

		if (clang_getCursorKind(l) == CXCursor_CallExpr)
			refine_call(w, s, l, branch, op, cx_is_zero(k[1]));
		refine_compare(w, s, op, k[0], k[1], branch);
		refine_raw(w, s, op, k[0], k[1], branch);
	}
	free(k);
}

static void refine_cond(struct walk *w, struct state *s, CXCursor c,
			bool branch)
{
	CXCursor *k, *st;
	unsigned n, ns;
	char op[8];
	int v;

	switch (clang_getCursorKind(c)) {
	case CXCursor_UnaryOperator:
		n = cx_children(c, &k);
		cx_operator(w->t, c, op, sizeof(op));
		/* In a macro body the operator has no token: an int-valued
		 * unary operator in a condition is taken to be '!'. */
		if (n == 1 && (!strcmp(op, "!") || (!*op &&
		    clang_getCursorType(c).kind == CXType_Int)))
			walk_refine(w, s, k[0], !branch);
		free(k);
		return;
	case CXCursor_BinaryOperator:
		refine_binop(w, s, c, branch);
		return;
	case CXCursor_CallExpr:
		refine_call(w, s, c, branch, NULL, false);
		return;
	case CXCursor_DeclRefExpr:
		/* A flag set inside ({ ... }), as WARN_ON() does. */
		v = vars_of(&w->vars, c);
		if (v >= 0 && w->vars.v[v].has_init && w->vars.v[v].in_macro)
			walk_refine(w, s, w->vars.v[v].init, branch);
		return;
	case CXCursor_StmtExpr:
		n = cx_children(c, &k);
		if (n == 1) {
			ns = cx_children(k[0], &st);
			if (ns)
				walk_refine(w, s, st[ns - 1], branch);
			free(st);
		}
		free(k);
		return;
	default:
		return;
	}
}

void walk_refine(struct walk *w, struct state *s, CXCursor cond, bool branch)
{
	if (!walk_enter(w))
		return;
	refine_cond(w, s, cx_strip(cond), branch);
	walk_leave(w);
}


/* Whether e is never negative: an unsigned value or a positive constant. */
static bool positive(CXCursor e)
{
	CXCursor c = cx_strip(e);
	CXEvalResult r;
	bool pos = false;

	if (cx_type_is_unsigned(clang_getCursorType(c)))
		return true;
	r = clang_Cursor_Evaluate(c);
	if (r) {
		pos = clang_EvalResult_getKind(r) == CXEval_Int &&
		      clang_EvalResult_getAsLongLong(r) >= 0;
		clang_EvalResult_dispose(r);
	}
	return pos;
}

/* The operand y of y + positive, ktime_add(y, positive) or
 * ktime_add_ns/us/ms(y, n) (a macro or a function): a value never below
 * y; a null cursor otherwise. */
CXCursor walk_added_to(struct cx_tu *t, CXCursor e)
{
	CXCursor c = cx_strip(e), *k, r = clang_getNullCursor();
	unsigned n;
	char op[4];

	if (clang_getCursorKind(c) == CXCursor_CallExpr &&
	    clang_Cursor_getNumArguments(c) == 2) {
		char *name = cx_callee_name(c);

		if (kd_in_list(adders, name) >= 0 ||
		    (!strcmp(name, "ktime_add") &&
		     positive(clang_Cursor_getArgument(c, 1))))
			r = clang_Cursor_getArgument(c, 0);
		free(name);
		return r;
	}
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator)
		return r;
	n = cx_children(c, &k);
	cx_operator(t, c, op, sizeof(op));
	if (n == 2 && !*op) {
		/* An operator in a macro body: an adder's, whose count is
		 * unsigned in the kernel's signature whatever its text. */
		const struct cx_macro *m = cx_macro_at(t, c);

		if (m && (kd_in_list(adders, m->name) >= 0 ||
			  (!strcmp(m->name, "ktime_add") && positive(k[1]))))
			r = cx_strip(k[0]);
	} else if (n == 2 && !strcmp(op, "+") && positive(k[1])) {
		r = k[0];
	}
	free(k);
	return r;
}

void walk_assign_facts(struct walk *w, struct state *s, const char *lt,
		       CXCursor rhs, bool time)
{
	char *rt = fact_text(w, rhs);
	CXCursor y;

	/* m = x where x < m (a running minimum): every y >= m still holds;
	 * x > m (a running maximum): every m >= y. */
	st_reassign(s, lt, rt && st_has_fact(s, lt, rt),
		    rt && st_has_fact(s, rt, lt));
	if (time && rt) {
		/* a = b: both a >= b and b >= a hold (the operand clamp). */
		st_add_fact(s, lt, rt);
		st_add_fact(s, rt, lt);
	}
	free(rt);
	y = walk_added_to(w->t, rhs);
	if (!clang_Cursor_isNull(y)) {
		char *yt = fact_text(w, y);

		if (yt)
			st_add_fact(s, lt, yt);
		free(yt);
	}
}
