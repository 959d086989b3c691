// SPDX-License-Identifier: GPL-2.0
/*
 * The path-aware walk of one function body (the engine).  Each path
 * carries a struct state; statements move it along, branches copy it and
 * refine each copy by the condition, joins merge it (loops run twice,
 * switch, break, continue and forward goto join conservatively).  What
 * the values mean is the running check's: the walk calls its hooks at
 * calls, operators, stores, casts, returns and conditions, and keeps what
 * they return per local.  The walk's own knowledge is the facts "a >= b"
 * between ktime_t values that the operand comparisons of api.def
 * establish and assignments end.
 *
 * The walk recurses over the syntax tree; a body nested deeper than
 * WALK_MAX_DEPTH (a generated 20,000-term expression) is not followed
 * further, so that it cannot overflow the stack: the function is then
 * reported as not fully analysed.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "util.h"
#include "vars.h"
#include "walk.h"

#define WALK_MAX_DEPTH 2000

/* The type whose values the operand comparisons order. */
#define TIME_TYPE "ktime_t"

/* Branch hints whose value is their first argument's. */
static const char *const hints[] = { "__builtin_expect", "likely", "unlikely",
				     NULL };

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
	int depth;
	bool too_deep;			/* the walk gave up on this function */
	bool incomplete;		/* the check did */
};

void *walk_data(const struct walk *w)
{
	return w->data;
}

struct cx_tu *walk_tu(const struct walk *w)
{
	return w->t;
}

CXCursor walk_fn(const struct walk *w)
{
	return w->fn;
}

const struct kd_var *walk_var(const struct walk *w, int i)
{
	return &w->vars.v[i];
}

int walk_var_of(const struct walk *w, CXCursor ref)
{
	return vars_of(&w->vars, ref);
}

void walk_incomplete(struct walk *w)
{
	w->incomplete = true;
}

bool walk_compound_assign(const char *op)
{
	return op[0] && op[1] == '=' && op[0] != '=' && op[0] != '!' &&
	       op[0] != '<' && op[0] != '>';
}

/* Depth of the recursion: false when the walk must stop. */
static bool enter(struct walk *w)
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

static void leave(struct walk *w)
{
	w->depth--;
}

/* Hooks are not called once the walk has given up: a guard it did not
 * follow could make a finding false. */
static bool hooks_on(const struct walk *w)
{
	return !w->too_deep;
}

/* ---- expressions ---- */

static struct kd_val eval(struct walk *w, struct state *s, CXCursor e);
static void exec(struct walk *w, struct state *s, CXCursor c);
static void refine(struct walk *w, struct state *s, CXCursor cond, bool branch);

static void eval_children(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *kids;
	unsigned n = cx_children(e, &kids);

	for (unsigned i = 0; i < n; i++)
		eval(w, s, kids[i]);
	free(kids);
}

static struct kd_val eval_call(struct walk *w, struct state *s, CXCursor e)
{
	int nargs = clang_Cursor_getNumArguments(e);
	struct kd_val *args, r = KD_VAL_NONE;

	if (nargs < 0)
		nargs = 0;
	args = xmalloc((size_t)(nargs + 1) * sizeof(*args));
	for (int i = 0; i < nargs; i++)
		args[i] = eval(w, s, clang_Cursor_getArgument(e, i));
	if (w->c->on_call && hooks_on(w))
		r = w->c->on_call(w, s, e, args, nargs);
	free(args);
	return r;
}

/* A value reaches a declared local or an lvalue: the check says what the
 * local holds now. */
static void store(struct walk *w, struct state *s, const struct kd_store *st)
{
	int v = -1;

	if (s->live && hooks_on(w))
		v = w->c->on_store ? w->c->on_store(w, s, st) : st->val.src;
	if (st->var >= 0)
		s->val[st->var] = v;
}

static struct kd_val eval_assign(struct walk *w, struct state *s, CXCursor lhs,
				 CXCursor rhs, CXCursor at)
{
	struct kd_store st = { .at = at, .lhs = lhs, .rhs = rhs };
	bool kt = cx_type_named(lhs, TIME_TYPE);

	st.val = eval(w, s, rhs);
	st.var = walk_var_of(w, lhs);
	/* The lvalue is evaluated for what it contains (p->x, a[i]), its
	 * value kept apart from the stored one. */
	if (clang_getCursorKind(cx_strip(lhs)) != CXCursor_DeclRefExpr)
		eval(w, s, lhs);
	store(w, s, &st);
	/* Texts are only needed for ktime facts: reading tokens at every
	 * assignment is what a big function costs. */
	if (kt || s->nfacts) {
		char *lt = cx_text(w->t, lhs);

		st_kill_facts(s, lt);
		if (kt) {
			/* a = b: both a >= b and b >= a hold (the operand clamp). */
			char *rt = cx_text(w->t, rhs);

			st_add_fact(s, lt, rt);
			st_add_fact(s, rt, lt);
			free(rt);
		}
		free(lt);
	}
	return (struct kd_val){ st.val.src, -1 };
}

static struct kd_val eval_binop(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *k;
	unsigned n = cx_children(e, &k);
	struct kd_val r = KD_VAL_NONE, lv, rv;
	char op[16];

	if (n != 2) {
		free(k);
		return r;
	}
	cx_operator(w->t, e, op, sizeof(op));
	if (!strcmp(op, "=")) {
		r = eval_assign(w, s, k[0], k[1], e);
		free(k);
		return r;
	}
	lv = eval(w, s, k[0]);
	rv = eval(w, s, k[1]);
	if (w->c->on_binop && hooks_on(w))
		r = w->c->on_binop(w, s, e, op, k[0], k[1], lv, rv);
	if (walk_compound_assign(op)) {
		char *lt = cx_text(w->t, k[0]);

		st_kill_facts(s, lt);
		free(lt);
	}
	free(k);
	return r;
}

static struct kd_val eval_ternary(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *k;
	unsigned n = cx_children(e, &k);
	struct state st, sf;
	struct kd_val vt, vf;

	if (n != 3) {
		for (unsigned i = 0; i < n; i++)
			eval(w, s, k[i]);
		free(k);
		return KD_VAL_NONE;
	}
	eval(w, s, k[0]);
	st_copy(&st, s);
	st_copy(&sf, s);
	refine(w, &st, k[0], true);
	refine(w, &sf, k[0], false);
	vt = eval(w, &st, k[1]);
	vf = eval(w, &sf, k[2]);
	st_free(&st);
	st_free(&sf);
	free(k);
	return (struct kd_val){ vt.src >= 0 ? vt.src : vf.src, -1 };
}

static struct kd_val eval_cast(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *kids;
	unsigned n = cx_children(e, &kids);
	struct kd_val v = n ? eval(w, s, kids[n - 1]) : KD_VAL_NONE;

	free(kids);
	if (!w->c->on_cast || !hooks_on(w))
		return KD_VAL_NONE;
	return w->c->on_cast(w, e, v);
}

/* ({ ...; value; }): runs the statements, the value of the last. */
static struct kd_val eval_stmt_expr(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *kids, *st;
	unsigned n = cx_children(e, &kids), ns;
	struct kd_val r = KD_VAL_NONE;

	if (n == 1) {
		ns = cx_children(kids[0], &st);
		for (unsigned i = 0; i + 1 < ns; i++)
			exec(w, s, st[i]);
		if (ns)
			r = eval(w, s, st[ns - 1]);
		free(st);
	}
	free(kids);
	return r;
}

/* Parentheses and implicit conversions keep the value. */
static struct kd_val eval_wrapper(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *kids;
	unsigned n = cx_children(e, &kids);
	struct kd_val r = KD_VAL_NONE;

	if (n == 1)
		r = eval(w, s, kids[0]);
	else
		for (unsigned i = 0; i < n; i++)
			eval(w, s, kids[i]);
	free(kids);
	return r;
}

static struct kd_val eval_expr(struct walk *w, struct state *s, CXCursor e)
{
	enum CXCursorKind k;
	int v;

	if (w->c->is_barrier && w->c->is_barrier(w, e)) {
		eval_children(w, s, e);
		return KD_VAL_NONE;
	}
	k = clang_getCursorKind(e);
	switch (k) {
	case CXCursor_DeclRefExpr:
		v = walk_var_of(w, e);
		if (v >= 0 && s->val[v] >= 0)
			return (struct kd_val){ s->val[v], v };
		return KD_VAL_NONE;
	case CXCursor_CallExpr:
		return eval_call(w, s, e);
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		return eval_binop(w, s, e);
	case CXCursor_ConditionalOperator:
		return eval_ternary(w, s, e);
	case CXCursor_CStyleCastExpr:
		return eval_cast(w, s, e);
	case CXCursor_StmtExpr:
		return eval_stmt_expr(w, s, e);
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:
		return eval_wrapper(w, s, e);
	default:
		if (clang_isExpression(k) || clang_isStatement(k))
			eval_children(w, s, e);
		return KD_VAL_NONE;
	}
}

static struct kd_val eval(struct walk *w, struct state *s, CXCursor e)
{
	struct kd_val r;

	if (!s->live || !enter(w))
		return KD_VAL_NONE;
	r = eval_expr(w, s, e);
	leave(w);
	return r;
}

/* ---- conditions ---- */

/* a >= b now holds on this path. */
static void establish(struct walk *w, struct state *s, const char *a,
		      const char *b)
{
	st_add_fact(s, a, b);
	if (w->c->on_fact && hooks_on(w))
		w->c->on_fact(w, s, a, b);
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
	char *a, *b;

	if (kd_in_list(hints, name) >= 0 && nargs >= 1 && !cmp_op) {
		refine(w, s, clang_Cursor_getArgument(e, 0), branch);
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
	a = cx_text(w->t, clang_Cursor_getArgument(e, 0));
	b = cx_text(w->t, clang_Cursor_getArgument(e, 1));
	if (order)
		establish(w, s, a, b);
	else
		establish(w, s, b, a);
	free(a);
	free(b);
}

/* l op r with l or r the constant 0: the check sees it as "x op 0". */
static void refine_compare(struct walk *w, struct state *s, const char *op,
			   CXCursor l, CXCursor r, bool branch)
{
	static const char *const from[] = { "<", ">", "<=", ">=", NULL };
	static const char *const to[] = { ">", "<", ">=", "<=" };

	if (!w->c->on_condition || !hooks_on(w))
		return;
	if (cx_is_zero(l)) {
		int i = kd_in_list(from, op);

		w->c->on_condition(w, s, i >= 0 ? to[i] : op, r, l, branch);
		return;
	}
	w->c->on_condition(w, s, op, l, r, branch);
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
		refine(w, s, k[0], true);
		refine(w, s, k[1], true);
	} else if (!strcmp(op, "||") && !branch) {
		refine(w, s, k[0], false);
		refine(w, s, k[1], false);
	} else if (op[0] == '<' || op[0] == '>') {
		CXCursor l = cx_strip(k[0]);

		if (clang_getCursorKind(l) == CXCursor_CallExpr)
			refine_call(w, s, l, branch, op, cx_is_zero(k[1]));
		refine_compare(w, s, op, k[0], k[1], branch);
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
			refine(w, s, k[0], !branch);
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
		v = walk_var_of(w, c);
		if (v >= 0 && w->vars.v[v].has_init && w->vars.v[v].in_macro)
			refine(w, s, w->vars.v[v].init, branch);
		return;
	case CXCursor_StmtExpr:
		n = cx_children(c, &k);
		if (n == 1) {
			ns = cx_children(k[0], &st);
			if (ns)
				refine(w, s, st[ns - 1], branch);
			free(st);
		}
		free(k);
		return;
	default:
		return;
	}
}

/* The condition cond is branch on this path: what that tells. */
static void refine(struct walk *w, struct state *s, CXCursor cond, bool branch)
{
	if (!enter(w))
		return;
	refine_cond(w, s, cx_strip(cond), branch);
	leave(w);
}

/* ---- statements ---- */

static void exec_children(struct walk *w, struct state *s, CXCursor c)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k);

	for (unsigned i = 0; i < n; i++)
		exec(w, s, k[i]);
	free(k);
}

static void exec_decl(struct walk *w, struct state *s, CXCursor d)
{
	int v = vars_find(&w->vars, d);
	struct kd_store st = { .at = d, .lhs = d, .var = v, .init = true };

	if (v < 0 || !w->vars.v[v].has_init)
		return;
	st.rhs = w->vars.v[v].init;
	st.val = eval(w, s, st.rhs);
	store(w, s, &st);
	st_kill_facts(s, w->vars.v[v].name);
}

static void exec_if(struct walk *w, struct state *s, CXCursor c)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k);
	struct state st, sf;

	/* Children: condition, then, [else]. */
	if (n < 2) {
		free(k);
		return;
	}
	eval(w, s, k[0]);
	st_copy(&st, s);
	st_copy(&sf, s);
	refine(w, &st, k[0], true);
	refine(w, &sf, k[0], false);
	exec(w, &st, k[1]);
	if (n > 2)
		exec(w, &sf, k[2]);
	st_free(s);
	*s = st;
	st_join(s, &sf);
	st_free(&sf);
	free(k);
}

/* Loops run twice so that a delta made late in the body reaches its
 * uses early in the body on the next iteration. */
static void exec_loop(struct walk *w, struct state *s, CXCursor c)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k);
	enum CXCursorKind kind = clang_getCursorKind(c);
	struct state brk, cont, *obrk = w->brk, *ocont = w->cont;
	CXCursor body = k[n - 1], cond = clang_getNullCursor();

	if (kind == CXCursor_DoStmt) {
		body = k[0];
		cond = n > 1 ? k[1] : cond;
	} else if (kind == CXCursor_WhileStmt && n == 2) {
		cond = k[0];
	} else if (kind == CXCursor_ForStmt) {
		/* libclang omits empty parts: evaluate all but the body. */
		for (unsigned i = 0; i + 1 < n; i++)
			eval(w, s, k[i]);
	}
	st_init(&brk, s->nvars, false);
	for (int iter = 0; iter < 2; iter++) {
		struct state in;

		st_init(&cont, s->nvars, false);
		st_copy(&in, s);
		if (!clang_Cursor_isNull(cond) && kind != CXCursor_DoStmt) {
			eval(w, &in, cond);
			refine(w, &in, cond, true);
		}
		w->brk = &brk;
		w->cont = &cont;
		exec(w, &in, body);
		st_join(&in, &cont);
		if (kind == CXCursor_ForStmt && n > 2)
			eval(w, &in, k[n - 2]);
		st_join(s, &in);
		st_free(&in);
		st_free(&cont);
	}
	w->brk = obrk;
	w->cont = ocont;
	if (!clang_Cursor_isNull(cond))
		refine(w, s, cond, false);
	st_join(s, &brk);
	st_free(&brk);
	free(k);
}

/* Every case label is entered from the switch itself too. */
static void exec_switch(struct walk *w, struct state *s, CXCursor c)
{
	CXCursor *k, *body;
	unsigned n = cx_children(c, &k), nb;
	struct state entry, brk, *obrk = w->brk;
	bool has_default = false;

	if (n < 2) {
		free(k);
		return;
	}
	eval(w, s, k[0]);
	st_copy(&entry, s);
	st_init(&brk, s->nvars, false);
	w->brk = &brk;
	s->live = false;
	nb = cx_children(k[n - 1], &body);
	for (unsigned i = 0; i < nb; i++) {
		CXCursor st = body[i];

		while (clang_getCursorKind(st) == CXCursor_CaseStmt ||
		       clang_getCursorKind(st) == CXCursor_DefaultStmt) {
			CXCursor *ck;
			unsigned nc = cx_children(st, &ck);

			has_default |= clang_getCursorKind(st) == CXCursor_DefaultStmt;
			st_join(s, &entry);
			st = ck[nc - 1];
			free(ck);
		}
		exec(w, s, st);
	}
	free(body);
	w->brk = obrk;
	if (!has_default)
		st_join(s, &entry);
	st_join(s, &brk);
	st_free(&brk);
	st_free(&entry);
	free(k);
}

static void jump(struct state *s, struct state *to)
{
	if (to)
		st_join(to, s);
	s->live = false;
}

static struct state *label_state(struct walk *w, const char *label)
{
	for (size_t i = 0; i < w->nlabels; i++)
		if (!strcmp(w->labels[i].label, label))
			return &w->labels[i].st;
	w->labels = xrealloc(w->labels, (w->nlabels + 1) * sizeof(*w->labels));
	w->labels[w->nlabels].label = xstrdup(label);
	st_init(&w->labels[w->nlabels].st, w->vars.n, false);
	return &w->labels[w->nlabels++].st;
}

static void exec_jump(struct walk *w, struct state *s, CXCursor c)
{
	CXCursor *kids;
	unsigned n = cx_children(c, &kids);
	char *name;

	switch (clang_getCursorKind(c)) {
	case CXCursor_ReturnStmt:
		if (n == 1) {
			struct kd_val v = eval(w, s, kids[0]);

			if (w->c->on_return && hooks_on(w) && v.src >= 0)
				w->c->on_return(w, kids[0], v);
		}
		s->live = false;
		break;
	case CXCursor_BreakStmt:
		jump(s, w->brk);
		break;
	case CXCursor_ContinueStmt:
		jump(s, w->cont);
		break;
	case CXCursor_GotoStmt:
		if (n == 1) {
			name = cx_cursor_name(kids[0]);
			jump(s, label_state(w, name));
			free(name);
		}
		s->live = false;
		break;
	default:
		break;
	}
	free(kids);
}

static void exec_stmt(struct walk *w, struct state *s, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor *kids;
	unsigned n;
	char *name;

	switch (k) {
	case CXCursor_CompoundStmt:
	case CXCursor_DeclStmt:
		exec_children(w, s, c);
		return;
	case CXCursor_VarDecl:
		exec_decl(w, s, c);
		return;
	case CXCursor_IfStmt:
		if (s->live)
			exec_if(w, s, c);
		return;
	case CXCursor_WhileStmt:
	case CXCursor_ForStmt:
	case CXCursor_DoStmt:
		exec_loop(w, s, c);
		return;
	case CXCursor_SwitchStmt:
		if (s->live)
			exec_switch(w, s, c);
		return;
	case CXCursor_ReturnStmt:
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
	case CXCursor_GotoStmt:
		exec_jump(w, s, c);
		return;
	case CXCursor_LabelStmt:
		/* Forward gotos join here; a backward goto is not followed. */
		name = cx_cursor_name(c);
		st_join(s, label_state(w, name));
		free(name);
		exec_children(w, s, c);
		return;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		n = cx_children(c, &kids);
		if (n)
			exec(w, s, kids[n - 1]);
		free(kids);
		return;
	default:
		if (clang_isExpression(k))
			eval(w, s, c);
		return;
	}
}

static void exec(struct walk *w, struct state *s, CXCursor c)
{
	if (!enter(w))
		return;
	exec_stmt(w, s, c);
	leave(w);
}

static void walk_free(struct walk *w)
{
	vars_free(&w->vars);
	for (size_t i = 0; i < w->nlabels; i++) {
		free(w->labels[i].label);
		st_free(&w->labels[i].st);
	}
	free(w->labels);
}

int walk_function(struct cx_tu *t, CXCursor fn, const struct kd_check *c,
		  const struct kd_run *run)
{
	struct walk w = { .t = t, .fn = fn, .c = c };
	struct state s;
	CXCursor *k;
	unsigned n = cx_children(fn, &k);

	vars_collect(t, fn, &w.vars);
	w.data = c->begin ? c->begin(&w, run) : NULL;
	st_init(&s, w.vars.n, true);
	if (n && clang_getCursorKind(k[n - 1]) == CXCursor_CompoundStmt)
		exec(&w, &s, k[n - 1]);
	st_free(&s);
	free(k);
	if (c->end)
		c->end(w.data);
	walk_free(&w);
	return w.too_deep || w.incomplete ? -1 : 0;
}
