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
#include "walk_cond.h"

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

size_t walk_nvars(const struct walk *w)
{
	return w->vars.n;
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

/* ---- expressions ---- */

static struct kd_val eval(struct walk *w, struct state *s, CXCursor e);
static void exec(struct walk *w, struct state *s, CXCursor c);

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
	if (w->c->on_call && walk_hooks_on(w))
		r = w->c->on_call(w, s, e, args, nargs);
	free(args);
	return r;
}

/* A value reaches a declared local or an lvalue: the check says what the
 * local holds now. */
static void store(struct walk *w, struct state *s, const struct kd_store *st)
{
	int v = -1;

	if (s->live && walk_hooks_on(w))
		v = w->c->on_store ? w->c->on_store(w, s, st) : st->val.src;
	if (st->var >= 0) {
		s->val[st->var] = v;
		s->set[st->var] = true;
	}
	if (st->elem >= 0)
		s->set[st->elem] = true;
}

/* The local array a[i] is an element of, or -1. */
static int array_of(struct walk *w, CXCursor e)
{
	CXCursor *k;
	unsigned n;
	int v = -1;

	e = cx_strip(e);
	if (clang_getCursorKind(e) != CXCursor_ArraySubscriptExpr)
		return -1;
	n = cx_children(e, &k);
	if (n == 2 && (v = walk_var_of(w, k[0])) >= 0 &&
	    clang_getCursorType(w->vars.v[v].decl).kind != CXType_ConstantArray)
		v = -1;
	free(k);
	return v;
}

static struct kd_val eval_assign(struct walk *w, struct state *s, CXCursor lhs,
				 CXCursor rhs, CXCursor at)
{
	struct kd_store st = { .at = at, .lhs = lhs, .rhs = rhs };
	bool kt = cx_type_named(lhs, TIME_TYPE);

	st.val = eval(w, s, rhs);
	st.var = walk_var_of(w, lhs);
	st.elem = array_of(w, lhs);
	/* The lvalue is evaluated for what it contains (p->x, a[i]), its
	 * value kept apart from the stored one. */
	if (clang_getCursorKind(cx_strip(lhs)) != CXCursor_DeclRefExpr)
		eval(w, s, lhs);
	store(w, s, &st);
	/* Texts are only needed for ktime facts: reading tokens at every
	 * assignment is what a big function costs. */
	if (kt || s->nfacts) {
		char *lt = cx_text(w->t, lhs);

		walk_assign_facts(w, s, lt, rhs, kt);
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
	if (w->c->on_binop && walk_hooks_on(w))
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
	walk_refine(w, &st, k[0], true);
	walk_refine(w, &sf, k[0], false);
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
	if (!w->c->on_cast || !walk_hooks_on(w))
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

/* i++ and --i change i: the facts about it (t[i] >= x) end. */
static void eval_step(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *k;
	unsigned n = cx_children(e, &k);
	char op[4];

	cx_operator(w->t, e, op, sizeof(op));
	if (n == 1 && (!strcmp(op, "++") || !strcmp(op, "--") || !*op)) {
		char *t = cx_text(w->t, k[0]);

		/* A postfix operator is the last token, not the first. */
		if (*t)
			st_kill_facts(s, t);
		free(t);
	}
	free(k);
}

/* &v: a local whose address is taken may be set by whoever gets it. */
static void mark_address(struct walk *w, struct state *s, CXCursor e)
{
	CXCursor *k;
	unsigned n = cx_children(e, &k);
	char op[4];
	int v;

	/* The operator's token is read only for an operand that is a local
	 * not yet set: reading tokens at every expression is what costs. */
	if (n == 1 && (v = walk_var_of(w, k[0])) >= 0 && !s->set[v]) {
		cx_operator(w->t, e, op, sizeof(op));
		s->set[v] = !strcmp(op, "&");
	}
	free(k);
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
	case CXCursor_UnaryOperator:
		mark_address(w, s, e);
		eval_children(w, s, e);
		if (s->nfacts)
			eval_step(w, s, e);
		return KD_VAL_NONE;
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

	if (!s->live || !walk_enter(w))
		return KD_VAL_NONE;
	r = eval_expr(w, s, e);
	walk_leave(w);
	return r;
}

/* ---- statements ---- */

static void exec_children(struct walk *w, struct state *s, CXCursor c)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k);
	bool block = clang_getCursorKind(c) == CXCursor_CompoundStmt;

	for (unsigned i = 0; i < n; i++) {
		if (block)
			w->next = i + 1 < n ? k[i + 1] : clang_getNullCursor();
		exec(w, s, k[i]);
	}
	free(k);
}

CXCursor walk_next_stmt(const struct walk *w)
{
	return w->next;
}

static void exec_decl(struct walk *w, struct state *s, CXCursor d)
{
	int v = vars_find(&w->vars, d);
	struct kd_store st = { .at = d, .lhs = d, .var = v, .elem = -1, .init = true };

	if (v < 0 || !w->vars.v[v].has_init)
		return;
	st.rhs = w->vars.v[v].init;
	st.val = eval(w, s, st.rhs);
	store(w, s, &st);
	st_kill_facts(s, w->vars.v[v].name);
	if (cx_type_named(d, TIME_TYPE))
		walk_assign_facts(w, s, w->vars.v[v].name, st.rhs, true);
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
	walk_refine(w, &st, k[0], true);
	walk_refine(w, &sf, k[0], false);
	exec(w, &st, k[1]);
	if (n > 2)
		exec(w, &sf, k[2]);
	st_free(s);
	*s = st;
	st_join(s, &sf);
	st_free(&sf);
	free(k);
}

/* The condition at the bottom of a do loop: its false branch leaves
 * (joins brk), its true branch (left in s) starts the next iteration,
 * with what it tells: while (ktime_before(t, timeout)) orders t and
 * timeout at the top of the body. */
static void do_condition(struct walk *w, struct state *s, CXCursor cond,
			 struct state *brk)
{
	struct state out;

	if (clang_Cursor_isNull(cond)) {
		st_join(brk, s);
		return;
	}
	eval(w, s, cond);
	st_copy(&out, s);
	walk_refine(w, &out, cond, false);
	st_join(brk, &out);
	st_free(&out);
	walk_refine(w, s, cond, true);
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
			walk_refine(w, &in, cond, true);
		}
		w->brk = &brk;
		w->cont = &cont;
		exec(w, &in, body);
		st_join(&in, &cont);
		if (kind == CXCursor_ForStmt && n > 2)
			eval(w, &in, k[n - 2]);
		if (kind == CXCursor_DoStmt)
			do_condition(w, &in, cond, &brk);
		st_join(s, &in);
		st_free(&in);
		st_free(&cont);
	}
	w->brk = obrk;
	w->cont = ocont;
	if (kind == CXCursor_DoStmt) {
		/* Only the condition's false branch and break leave. */
		st_free(s);
		*s = brk;
		free(k);
		return;
	}
	if (!clang_Cursor_isNull(cond))
		walk_refine(w, s, cond, false);
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

			if (w->c->on_return && walk_hooks_on(w) && v.src >= 0)
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
	if (!walk_enter(w))
		return;
	exec_stmt(w, s, c);
	walk_leave(w);
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

/* At entry, parameters and static locals hold a value; other locals are
 * unassigned until a store (st_join). */
static void entry_set(struct walk *w, struct state *s)
{
	for (size_t i = 0; i < w->vars.n; i++) {
		CXCursor d = w->vars.v[i].decl;

		s->set[i] = clang_getCursorKind(d) == CXCursor_ParmDecl ||
			    clang_Cursor_getStorageClass(d) == CX_SC_Static;
	}
}

int walk_function(struct cx_tu *t, CXCursor fn, const struct kd_check *c,
		  const struct kd_run *run)
{
	struct walk w = { .t = t, .fn = fn, .c = c };
	struct state s;
	CXCursor *k;
	unsigned n = cx_children(fn, &k);

	w.next = clang_getNullCursor();
	vars_collect(t, fn, &w.vars);
	w.data = c->begin ? c->begin(&w, run) : NULL;
	st_init(&s, w.vars.n, true);
	entry_set(&w, &s);
	if (n && clang_getCursorKind(k[n - 1]) == CXCursor_CompoundStmt)
		exec(&w, &s, k[n - 1]);
	st_free(&s);
	free(k);
	if (c->end)
		c->end(w.data);
	walk_free(&w);
	return w.too_deep || w.incomplete ? -1 : 0;
}
