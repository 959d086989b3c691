// SPDX-License-Identifier: GPL-2.0
/*
 * The negative-delta check, run by the walk of walk.c.  Its value per
 * local is the source of a possibly negative delta the local holds (an
 * index into the function's table of sources); its flag, that the local
 * holds a current-time read.  A source is rated by its operands (a
 * stored target minus the current time is the lapic shape: high); a
 * sign test clears the delta on the branch where it cannot be negative,
 * an operand comparison (a fact "a >= b" of the walk) clears a - b, and a
 * delta converted to an unsigned type is a finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "check_negdelta.h"
#include "summary.h"
#include "util.h"

#define RULE "ktime_delta_unsigned"

struct src {
	char *text;		/* "ktime_sub(a, b)" */
	char *a, *b;		/* operand texts: the delta is a - b */
	unsigned line;
	enum kd_confidence conf;
	const char *why;	/* why that confidence */
};

/* Per function. */
struct negdelta {
	const struct kd_run *run;
	char *fname;
	const char *rule;	/* a known instance's own rule, or RULE */
	CXType ret;
	struct src *srcs;
	size_t nsrcs;
	char **seen;		/* "line:col" of reported sinks */
	size_t nseen;
};

static void *nd_begin(struct walk *w, const struct kd_run *run)
{
	struct negdelta *nd = xcalloc(1, sizeof(*nd));
	CXCursor fn = walk_fn(w);
	int i;

	nd->run = run;
	nd->fname = cx_cursor_name(fn);
	i = kd_in_list(kd_instance_funcs, nd->fname);
	nd->rule = i >= 0 ? kd_instance_rules[i] : RULE;
	nd->ret = clang_getResultType(clang_getCursorType(fn));
	return nd;
}

static void nd_end(void *data)
{
	struct negdelta *nd = data;

	for (size_t i = 0; i < nd->nsrcs; i++) {
		free(nd->srcs[i].text);
		free(nd->srcs[i].a);
		free(nd->srcs[i].b);
	}
	free(nd->srcs);
	for (size_t i = 0; i < nd->nseen; i++)
		free(nd->seen[i]);
	free(nd->seen);
	free(nd->fname);
	free(nd);
}

/* ---- findings ---- */

static const char *wrap_of(CXType t)
{
	long long size = clang_Type_getSizeOf(clang_getCanonicalType(t));

	return kd_wrap_bits(size > 0 ? (int)(8 * size) : 64);
}

/* Whether a sink at line:col was reported already (a loop body is
 * walked twice); records it. */
static bool seen(struct negdelta *nd, unsigned line, unsigned col)
{
	char key[32];

	snprintf(key, sizeof(key), "%u:%u", line, col);
	for (size_t i = 0; i < nd->nseen; i++)
		if (!strcmp(nd->seen[i], key))
			return true;
	nd->seen = xrealloc(nd->seen, (nd->nseen + 1) * sizeof(char *));
	nd->seen[nd->nseen++] = xstrdup(key);
	return false;
}

/* sink: what the delta reaches ("parameter 'nsec' (u64) of
 * nsec_to_cycles()"); v.var: the local it travelled in, if any. */
static void report(struct walk *w, CXCursor at, struct kd_val v,
		   const char *sink, CXType to)
{
	struct negdelta *nd = walk_data(w);
	const struct src *s = &nd->srcs[v.src];
	struct finding fd;
	char *file, *via;
	unsigned line, col;

	if (s->conf < nd->run->min_conf)
		return;
	cx_location(at, &file, &line, &col);
	if (seen(nd, line, col)) {
		free(file);
		return;
	}
	via = v.var >= 0 ? xasprintf(" (held in '%s')", walk_var(w, v.var)->name) :
			   xstrdup("");
	fd.message = xasprintf("negative ktime delta: %s (line %u) can be negative%s "
		"and reaches %s with no sign check or comparison of %s and %s "
		"on this path; a delta of -1 ns becomes %s; confidence %s (%s); "
		"clamp the later operand (if (ktime_before(%s, %s)) %s = %s;) "
		"or the delta (if (d < 0) d = 0;) before the conversion",
		s->text, s->line, via, sink, s->a, s->b, wrap_of(to),
		confidence_name(s->conf), s->why, s->a, s->b, s->a, s->b);
	fd.rule = (char *)nd->rule;
	fd.engine = KD_ENGINE_CLANG;
	fd.file = file;
	fd.line = line;
	fd.column = col;
	fd.function = nd->fname;
	fd.confidence = s->conf;
	findings_add(nd->run->out, &fd);
	free(file);
	free(via);
	free(fd.message);
}

/* A delta that reaches an unsigned type: a finding. */
static void sink_check(struct walk *w, CXCursor at, struct kd_val v,
		       const char *what, CXType to)
{
	char *tn, *desc;

	if (v.src < 0 || !cx_type_is_unsigned(to))
		return;
	tn = cx_type_name(to);
	desc = xasprintf("%s (%s)", what, tn);
	report(w, at, v, desc, to);
	free(desc);
	free(tn);
}

/* ---- sources ---- */

/* A current-time read, or a local holding one; *mono: of a monotonic clock. */
static bool is_now_expr(struct walk *w, struct state *s, CXCursor e, int *mono)
{
	int v, i;
	char *name;

	e = cx_strip(e);
	if ((v = walk_var_of(w, e)) >= 0) {
		*mono = 1;
		return s->flag[v];
	}
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return false;
	name = cx_callee_name(e);
	i = kd_in_list(kd_nows, name);
	free(name);
	if (i < 0)
		return false;
	*mono = kd_nows_monotonic[i];
	return true;
}

static void rate(struct src *r, bool now_a, bool now_b, int mono_a)
{
	if (kd_named_elapsed(r->a, r->b)) {
		r->conf = KD_LOW;
		r->why = "operands named like elapsed time, an end minus a start";
	} else if (now_b && !now_a) {
		r->conf = KD_HIGH;
		r->why = "a target minus the current time";
	} else if (now_a && !now_b && mono_a) {
		r->conf = KD_LOW;
		r->why = "elapsed time on a monotonic clock";
	} else if (now_a && !mono_a) {
		r->conf = KD_MEDIUM;
		r->why = "elapsed real time, which can step backwards";
	} else {
		r->conf = KD_MEDIUM;
		r->why = "a difference of two stored times";
	}
}

/* The delta a - b computed at at (texts a and b, expressions ea and eb):
 * its index, or -1 when an operand comparison on this path rules the
 * sign out. */
static int new_src(struct walk *w, struct state *s, CXCursor at,
		   const char *text, const char *a, const char *b,
		   CXCursor ea, CXCursor eb)
{
	struct negdelta *nd = walk_data(w);
	struct src *r;
	char *file;
	unsigned col;
	int mono_a = 1, mono_b = 1;
	bool now_a, now_b;

	if (st_has_fact(s, a, b))
		return -1;
	nd->srcs = xrealloc(nd->srcs, (nd->nsrcs + 1) * sizeof(*nd->srcs));
	r = &nd->srcs[nd->nsrcs];
	r->text = xstrdup(text);
	r->a = xstrdup(a);
	r->b = xstrdup(b);
	cx_location(at, &file, &r->line, &col);
	free(file);
	now_a = is_now_expr(w, s, ea, &mono_a);
	now_b = is_now_expr(w, s, eb, &mono_b);
	rate(r, now_a, now_b, mono_a);
	return (int)nd->nsrcs++;
}

/* ---- hooks ---- */

/* The unsigned parameters of a call that a delta reaches: a sink of
 * api.def, or a visible function that scales its parameter. */
static void sink_args(struct walk *w, CXCursor e, const char *name,
		      const struct kd_val *args, int nargs)
{
	CXCursor callee = clang_getCursorReferenced(e);
	CXType ft = clang_getCursorType(callee);

	for (int i = 0; i < nargs; i++) {
		const struct kd_sink *ks;
		enum kd_summary sum;
		const char *why = NULL;
		char *what, *pname;
		CXType pt;

		if (args[i].src < 0 || i >= clang_getNumArgTypes(ft))
			continue;
		pt = clang_getArgType(ft, i);
		if (!cx_type_is_unsigned(pt))
			continue;
		ks = kd_find_sink(name, i);
		sum = ks ? KD_SUM_SINK : summary_of(walk_tu(w), callee, i, &why);
		if (sum == KD_SUM_HARMLESS)
			continue;
		/* Not known: a sink, as a function with no visible body is. */
		if (sum == KD_SUM_TOO_DEEP)
			walk_incomplete(w);
		pname = ks ? xstrdup(ks->param) :
			cx_cursor_name(clang_Cursor_getArgument(callee, i));
		what = xasprintf("parameter '%s' of %s()%s%s", pname, name,
				 why ? ", which " : "", why ? why : "");
		sink_check(w, clang_Cursor_getArgument(e, i), args[i], what, pt);
		free(what);
		free(pname);
	}
}

static struct kd_val nd_call(struct walk *w, struct state *s, CXCursor e,
			     const struct kd_val *args, int nargs)
{
	char *name = cx_callee_name(e);
	struct kd_val r = KD_VAL_NONE;

	if (kd_in_list(kd_sources, name) >= 0 && nargs == 2) {
		CXCursor a = clang_Cursor_getArgument(e, 0);
		CXCursor b = clang_Cursor_getArgument(e, 1);
		char *ta = cx_text(walk_tu(w), a), *tb = cx_text(walk_tu(w), b);
		char *text = cx_text(walk_tu(w), e);

		r.src = new_src(w, s, e, text, ta, tb, a, b);
		free(ta);
		free(tb);
		free(text);
	} else if (kd_in_list(kd_convs, name) >= 0 && nargs == 1) {
		r.src = args[0].src;
	} else {
		sink_args(w, e, name, args, nargs);
	}
	free(name);
	return r;
}

/* ktime_sub() as a macro, or a - b of ktime_t. */
static int binop_src(struct walk *w, struct state *s, CXCursor e,
		     const char *op, CXCursor l, CXCursor r)
{
	const struct cx_macro *m = cx_macro_at(walk_tu(w), e);
	char *ta, *tb, *text;
	int si;

	if (!*op && m && kd_in_list(kd_sources, m->name) >= 0 && m->nargs == 2) {
		ta = xstrdup(m->args[0]);
		tb = xstrdup(m->args[1]);
		text = xasprintf("%s(%s, %s)", m->name, ta, tb);
	} else if (!strcmp(op, "-") &&
		   (cx_type_named(l, "ktime_t") || cx_type_named(r, "ktime_t"))) {
		ta = cx_text(walk_tu(w), l);
		tb = cx_text(walk_tu(w), r);
		text = cx_text(walk_tu(w), e);
	} else {
		return -2;
	}
	si = new_src(w, s, e, text, ta, tb, l, r);
	free(ta);
	free(tb);
	free(text);
	return si;
}

static struct kd_val nd_binop(struct walk *w, struct state *s, CXCursor e,
			      const char *op, CXCursor l, CXCursor r,
			      struct kd_val lv, struct kd_val rv)
{
	struct kd_val res = KD_VAL_NONE;
	int si = binop_src(w, s, e, op, l, r), var;

	if (si > -2) {
		res.src = si;
		return res;
	}
	/* A scaled delta keeps its sign; a compound assignment or any
	 * other arithmetic ends the tracking. */
	if (!strcmp(op, "*") || !strcmp(op, "/"))
		res.src = lv.src >= 0 ? lv.src : rv.src;
	else if (!strcmp(op, ","))
		res.src = rv.src;
	var = walk_var_of(w, l);
	if (walk_compound_assign(op) && var >= 0 && op[0] != '*' && op[0] != '/')
		s->val[var] = -1;
	return res;
}

static int nd_store(struct walk *w, struct state *s, const struct kd_store *st)
{
	CXType ty = clang_getCursorType(st->lhs);
	int mono;

	if (st->val.src >= 0 && cx_type_is_unsigned(ty)) {
		char *lt = st->init ? xstrdup(walk_var(w, st->var)->name) :
				      cx_text(walk_tu(w), st->lhs);
		char *what = xasprintf(st->init ? "the initialisation of '%s'" :
					"the store to '%s'", lt);

		sink_check(w, st->at, st->val, what, ty);
		free(what);
		free(lt);
	}
	if (st->var < 0)
		return -1;
	s->flag[st->var] = is_now_expr(w, s, st->rhs, &mono);
	/* Converted to an unsigned local, the delta is no longer negative:
	 * the sink above was its last chance. */
	return walk_var(w, st->var)->is_unsigned ? -1 : st->val.src;
}

static struct kd_val nd_cast(struct walk *w, CXCursor e, struct kd_val v)
{
	CXType to = clang_getCursorType(e);

	if (v.src >= 0 && cx_type_is_unsigned(to))
		sink_check(w, e, v, "an explicit cast", to);
	else if (v.src >= 0 && cx_type_is_signed(to))
		return v;
	return KD_VAL_NONE;
}

static void nd_return(struct walk *w, CXCursor e, struct kd_val v)
{
	struct negdelta *nd = walk_data(w);

	sink_check(w, e, v, "the return value", nd->ret);
}

/* The local a sign test is about: d, or ktime_to_ns(d). */
static int signed_var(struct walk *w, CXCursor e)
{
	e = cx_strip(e);
	if (clang_getCursorKind(e) == CXCursor_CallExpr &&
	    clang_Cursor_getNumArguments(e) == 1) {
		char *name = cx_callee_name(e);
		bool conv = kd_in_list(kd_convs, name) >= 0;

		free(name);
		if (conv)
			e = clang_Cursor_getArgument(e, 0);
	}
	return walk_var_of(w, e);
}

/* d > 0, d >= 0 true, or d < 0, d <= 0 false: d is not negative here. */
static void nd_condition(struct walk *w, struct state *s, const char *op,
			 CXCursor l, CXCursor r, bool branch)
{
	bool nonneg;
	int v;

	if (!cx_is_zero(r) || (v = signed_var(w, l)) < 0)
		return;
	if (branch)
		nonneg = !strcmp(op, ">") || !strcmp(op, ">=");
	else
		nonneg = !strcmp(op, "<") || !strcmp(op, "<=");
	if (nonneg)
		s->val[v] = -1;
}

/* a >= b: the deltas a - b already computed are safe too (an early
 * return after the subtraction). */
static void nd_fact(struct walk *w, struct state *s, const char *a,
		    const char *b)
{
	struct negdelta *nd = walk_data(w);

	for (size_t i = 0; i < s->nvars; i++) {
		int si = s->val[i];

		if (si >= 0 && !strcmp(nd->srcs[si].a, a) &&
		    !strcmp(nd->srcs[si].b, b))
			s->val[i] = -1;
	}
}

/* A max(d, 0)-style macro cannot be negative. */
static bool nd_barrier(struct walk *w, CXCursor e)
{
	const struct cx_macro *m = cx_macro_at(walk_tu(w), e);

	if (!m || kd_in_list(kd_clamps, m->name) < 0)
		return false;
	for (int i = 0; i < m->nargs; i++)
		if (!strcmp(m->args[i], "0"))
			return true;
	return false;
}

const struct kd_check kd_check_negdelta = {
	.name = "negdelta",
	.begin = nd_begin,
	.end = nd_end,
	.on_call = nd_call,
	.on_binop = nd_binop,
	.on_store = nd_store,
	.on_cast = nd_cast,
	.on_return = nd_return,
	.on_condition = nd_condition,
	.on_fact = nd_fact,
	.is_barrier = nd_barrier,
};
