// SPDX-License-Identifier: GPL-2.0
/*
 * The negative-delta check, run by the walk of walk.c.  Its value per
 * local is the source of a possibly negative delta the local holds (an
 * index into the function's table of sources); its flag, that the local
 * holds a current-time read (nd->seq says when it was read, nd->clock
 * on which clock).  A source is rated by its operands as api.def's
 * "Confidence" says; a sign test clears the delta on the branch where it
 * cannot be negative, an operand comparison (a fact "a >= b" of the
 * walk) clears a - b, and a delta converted to an unsigned type is a
 * finding (nd_report.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "check_negdelta.h"
#include "nd_callers.h"
#include "nd_lock.h"
#include "nd_operand.h"
#include "nd_range.h"
#include "nd_report.h"
#include "nd_standin.h"
#include "nd_facts.h"
#include "nd_stamp.h"
#include "nd_swap.h"
#include "summary.h"
#include "util.h"

#define RULE "ktime_delta_unsigned"

static void *nd_begin(struct walk *w, const struct kd_run *run)
{
	struct negdelta *nd = xcalloc(1, sizeof(*nd));
	CXCursor fn = walk_fn(w);
	int i;

	nd->run = run;
	if (nd_stamp_cur_tu() != walk_tu(w))
		nd_stamp_tu(walk_tu(w));
	nd->fname = cx_cursor_name(fn);
	i = kd_in_list(kd_instance_funcs, nd->fname);
	nd->rule = i >= 0 ? kd_instance_rules[i] : RULE;
	nd->ret = clang_getResultType(clang_getCursorType(fn));
	nd->seq = xcalloc(walk_nvars(w) + 1, sizeof(int));
	nd->clock = xcalloc(walk_nvars(w) + 1, sizeof(int));
	nd->unit = xcalloc(walk_nvars(w) + 1, sizeof(*nd->unit));
	return nd;
}

static void src_free(struct src *s)
{
	free(s->text);
	free(s->a);
	free(s->b);
	free(s->da);
	free(s->db);
	free(s->why);
}

static void src_copy(struct src *d, const struct src *s)
{
	*d = *s;
	d->text = xstrdup(s->text);
	d->a = xstrdup(s->a);
	d->b = xstrdup(s->b);
	d->da = xstrdup(s->da);
	d->db = xstrdup(s->db);
	d->why = xstrdup(s->why);
}

static void nd_end(void *data)
{
	struct negdelta *nd = data;

	if (nd->run->summary && nd->returns)
		src_copy(nd->run->summary, &nd->ret_src);
	for (size_t i = 0; i < nd->nsrcs; i++)
		src_free(&nd->srcs[i]);
	if (nd->returns)
		src_free(&nd->ret_src);
	free(nd->srcs);
	nd_report_end(nd);
	free(nd->seq);
	free(nd->clock);
	free(nd->unit);
	free(nd->fname);
	free(nd);
}

/* ---- sources ---- */

/* A parameter of this function that it never assigns, or a null cursor. */
static CXCursor fixed_param(struct walk *w, CXCursor e)
{
	CXCursor d;

	e = cx_strip(e);
	if (clang_Cursor_isNull(e) || clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_ParmDecl ||
	    nd_assigned(walk_tu(w), walk_fn(w), d))
		return clang_getNullCursor();
	return d;
}

/* ktime_ms_delta(expires, now) of two parameters that every caller
 * passes in order (nd_callers.c). */
static bool callers_future(struct walk *w, CXCursor ea, CXCursor eb)
{
	CXCursor pa = fixed_param(w, ea), pb = fixed_param(w, eb);

	return !clang_Cursor_isNull(pa) && !clang_Cursor_isNull(pb) &&
	       nd_callers_future(walk_tu(w), walk_fn(w), pa, pb);
}

static void rate_delta(struct walk *w, struct src *r, struct operand a,
		       struct operand b, CXCursor ea, CXCursor eb)
{
	const char *why;
	unsigned clear = 0, lock, joined = nd_facts_joined_uses();
	char buf[160];

	if (b.now && (!a.now || a.seq < b.seq)) {
		r->conf = KD_HIGH;
		why = a.now ? "an earlier current-time read minus a later one" :
		      "a target minus the current time";
	} else if (a.now && !a.mono) {
		r->conf = KD_MEDIUM;
		why = "elapsed real time, which can step backwards";
	} else if (a.now && !b.now &&
		   (lock = nd_lock_after(walk_tu(w), walk_fn(w), ea, eb))) {
		r->conf = KD_MEDIUM;
		r->lock = lock;
		snprintf(buf, sizeof(buf), "the current time is read before the "
			 "stamp's lock is taken (line %u): a holder of the "
			 "lock can set a later stamp in between", lock);
		why = buf;
	} else if (a.now && (!b.now || b.mono)) {
		r->conf = KD_LOW;
		why = "elapsed time on a monotonic clock";
	} else if (callers_future(w, ea, eb)) {
		r->conf = KD_LOW;
		why = "every caller passes the later operand as the earlier "
		      "plus an interval, or as a later read of its clock";
	} else if (nd_ordered_stamps(walk_tu(w), ea, eb, r->da, r->db) &&
		   !(clear = nd_stamp_cleared(walk_tu(w), ea))) {
		r->conf = KD_LOW;
		why = "elapsed time on a monotonic clock: both fields are only "
		      "set from it, an end minus a start";
	} else if (!clear && nd_end_or_now(walk_tu(w), walk_fn(w), ea, eb)) {
		r->conf = KD_LOW;
		why = "elapsed time on a monotonic clock: the later operand is "
		      "a current read or a stamp taken in its place, and every "
		      "stamp is only set from that clock";
	} else if (clear) {
		r->conf = KD_MEDIUM;
		snprintf(buf, sizeof(buf), "the end stamp is cleared to 0 "
			 "(memset, line %u) and older than the start until "
			 "it is set again", clear);
		why = buf;
	} else {
		r->conf = KD_MEDIUM;
		why = "a difference of two stored times";
	}
	/* a proof that needed the stores of other files says so: the
	 * reader finds none of them in this one */
	r->why = r->conf == KD_LOW && nd_facts_joined_uses() != joined ?
		 xasprintf("%s (the audit joined the stores of every file)", why) :
		 xstrdup(why);
}

static void rate(struct walk *w, struct state *s, struct src *r, CXCursor ea,
		 CXCursor eb)
{
	struct operand a = nd_operand_of(w, s, ea), b = nd_operand_of(w, s, eb);

	r->call_a = a.now && a.seq == 1 << 30;
	r->call_b = b.now && b.seq == 1 << 30;
	r->now_a = a.now;
	r->now_b = b.now;
	r->seq_a = a.seq;
	r->seq_b = b.seq;
	switch (r->kind) {
	case SRC_REMAINING:
		r->conf = KD_HIGH;
		r->why = xstrdup("the time left until an hrtimer expires, negative "
				 "once it is past due");
		return;
	case SRC_SUBN:
		if (b.now) {
			r->conf = KD_HIGH;
			r->why = xstrdup("a target minus the current time");
		} else if (a.now) {
			/* as the rule pack rates ktime_sub_ns(now, n) */
			r->conf = a.mono ? KD_LOW : KD_MEDIUM;
			r->why = xstrdup(a.mono ? "elapsed time on a monotonic clock" :
					 "elapsed real time, which can step backwards");
		} else {
			r->conf = KD_MEDIUM;
			r->why = xasprintf("a time minus a count of %s, negative "
					   "once the count exceeds it", r->unit);
		}
		return;
	default:
		rate_delta(w, r, a, b, ea, eb);
	}
}

/* Whether an operand can be assigned: x, p->x, a[i], *p. */
static bool is_lvalue(CXCursor e)
{
	if (clang_Cursor_isNull(e))
		return false;
	switch (clang_getCursorKind(cx_strip(e))) {
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return true;
	case CXCursor_UnaryOperator:
		return clang_getCursorType(cx_strip(e)).kind != CXType_Pointer &&
		       !clang_isConstQualifiedType(clang_getCursorType(cx_strip(e)));
	default:
		return false;
	}
}

/* What new_src() is given: the operands' keys and the code's texts. */
struct src_in {
	enum src_kind kind;
	CXCursor at, ea, eb;	/* ea, eb: null for a remaining time */
	const char *fn;		/* the source's function or macro */
	const char *unit;
	bool whole;		/* integer stamps in a unit coarser than ns */
	char *a, *b, *da, *db;	/* taken over */
};

/* The operands l - r named: the keys a guard's facts use (through casts
 * that keep every value), and the texts as written. */
static void operand_texts(struct cx_tu *t, struct src_in *in, CXCursor l, CXCursor r)
{
	in->a = cx_text(t, cx_strip_widening(l));
	in->b = cx_text(t, cx_strip_widening(r));
	in->da = cx_written(t, l);
	in->db = cx_written(t, r);
}

/* The delta a - b computed at at: its index, or -1 when an operand
 * comparison on this path rules the sign out. */
static int new_src(struct walk *w, struct state *s, struct src_in *in)
{
	struct negdelta *nd = walk_data(w);
	struct src *r;
	char *file;
	unsigned col;

	if (st_has_fact(s, in->a, in->b)) {
		free(in->a);
		free(in->b);
		free(in->da);
		free(in->db);
		return -1;
	}
	nd->srcs = xrealloc(nd->srcs, (nd->nsrcs + 1) * sizeof(*nd->srcs));
	r = &nd->srcs[nd->nsrcs];
	memset(r, 0, sizeof(*r));
	r->kind = in->kind;
	r->text = cx_written(walk_tu(w), in->at);
	r->a = in->a;
	r->b = in->b;
	r->da = in->da;
	r->db = in->db;
	r->fn = in->fn && kd_in_list(kd_sources, in->fn) >= 0 ?
		kd_sources[kd_in_list(kd_sources, in->fn)] : NULL;
	r->unit = in->unit;
	r->whole = in->whole;
	cx_location(in->at, &file, &r->line, &col);
	free(file);
	r->lv_a = is_lvalue(in->ea);
	rate(w, s, r, in->ea, in->eb);
	return (int)nd->nsrcs++;
}

/* A copy of source si in another unit (ktime_to_us(d)): its index. */
static int src_in_unit(struct negdelta *nd, int si, const char *unit)
{
	if (si < 0 || !strcmp(nd->srcs[si].unit, unit) || !strcmp(unit, "ns"))
		return si;
	nd->srcs = xrealloc(nd->srcs, (nd->nsrcs + 1) * sizeof(*nd->srcs));
	src_copy(&nd->srcs[nd->nsrcs], &nd->srcs[si]);
	nd->srcs[nd->nsrcs].unit = unit;
	nd->srcs[nd->nsrcs].whole = false;
	return (int)nd->nsrcs++;
}

/* ---- summaries ---- */

/* Helpers of the file that return a delta, by USR: what they return. */
struct helper {
	char *usr;
	bool returns;
	struct src src;
};

static struct helper *helpers;
static size_t nhelpers;
static int helper_depth;

#define HELPER_MAX_DEPTH 4

/* What the function definition def returns, summarised once. */
static const struct helper *helper_of(struct walk *w, CXCursor def)
{
	CXString usr = clang_getCursorUSR(def);
	struct kd_run run = { .min_conf = KD_LOW };
	struct helper *h;

	for (size_t i = 0; i < nhelpers; i++)
		if (!strcmp(helpers[i].usr, clang_getCString(usr))) {
			clang_disposeString(usr);
			return &helpers[i];
		}
	if (helper_depth >= HELPER_MAX_DEPTH) {
		clang_disposeString(usr);
		return NULL;
	}
	helpers = xrealloc(helpers, (nhelpers + 1) * sizeof(*helpers));
	h = &helpers[nhelpers++];
	memset(h, 0, sizeof(*h));
	h->usr = xstrdup(clang_getCString(usr));
	clang_disposeString(usr);
	/* The walk below may grow the table: work on a copy. */
	{
		struct src out = { 0 };
		size_t at = nhelpers - 1;

		run.summary = &out;
		helper_depth++;
		walk_function(walk_tu(w), def, &kd_check_negdelta, &run);
		helper_depth--;
		helpers[at].returns = out.text != NULL;
		helpers[at].src = out;
		return &helpers[at];
	}
}

/* A call of a function of the main file whose return value is a delta
 * (s64 time_left_us(end) { return ktime_us_delta(end, ktime_get()); }):
 * a source at the call, rated as the delta it returns; -1 otherwise. */
static int nd_helper_src(struct walk *w, struct state *s, CXCursor e)
{
	struct negdelta *nd = walk_data(w);
	CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(e));
	const struct helper *h;
	struct src *r;
	char *file, *name;
	unsigned col;

	(void)s;
	if (clang_Cursor_isNull(def) ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(def)) ||
	    !cx_type_is_signed(clang_getResultType(clang_getCursorType(def))) ||
	    !(h = helper_of(w, def)) || !h->returns)
		return -1;
	nd->srcs = xrealloc(nd->srcs, (nd->nsrcs + 1) * sizeof(*nd->srcs));
	r = &nd->srcs[nd->nsrcs];
	src_copy(r, &h->src);
	r->kind = SRC_HELPER;
	free(r->text);
	r->text = cx_written(walk_tu(w), e);
	name = cx_cursor_name(def);
	free(r->why);
	r->why = xasprintf("%s() returns %s (line %u): %s", name, h->src.text,
			   h->src.line, h->src.why);
	free(name);
	cx_location(e, &file, &r->line, &col);
	free(file);
	return (int)nd->nsrcs++;
}

/* helper(&now) whose body sets *now or now->field from a current-time
 * read (vlv_c0_read(), a busyness callback): now holds a read. */
static void nd_outparams(struct walk *w, struct state *s, CXCursor e)
{
	struct negdelta *nd = walk_data(w);
	CXCursor callee = clang_getCursorReferenced(e);
	int n = clang_Cursor_getNumArguments(e);

	for (int i = 0; i < n; i++) {
		CXCursor a = cx_strip(clang_Cursor_getArgument(e, i)), *k;
		unsigned nk;
		int v = -1, clock;

		if (clang_getCursorKind(a) != CXCursor_UnaryOperator)
			continue;
		nk = cx_children(a, &k);
		if (nk == 1)
			v = nd_base_var(w, k[0]);
		free(k);
		if (v < 0 || (clock = nd_outparam_clock(walk_tu(w), callee, i)) < 0)
			continue;
		s->flag[v] = true;
		nd->seq[v] = ++nd->nreads;
		nd->clock[v] = clock;
		nd->unit[v] = "ns";
	}
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
		nd_sink(w, clang_Cursor_getArgument(e, i), args[i], what, pt, ks);
		free(what);
		free(pname);
	}
}

/* A source called as a function: ktime_sub(a, b), ktime_sub_us(t, n),
 * hrtimer_get_remaining(timer). */
static int call_src(struct walk *w, struct state *s, CXCursor e,
		    const char *name, int nargs)
{
	struct cx_tu *t = walk_tu(w);
	struct src_in in = { .at = e, .fn = name };
	int i;

	if ((i = kd_in_list(kd_remainings, name)) >= 0 &&
	    nargs == kd_remaining_nargs[i]) {
		in.kind = SRC_REMAINING;
		in.unit = "ns";
		in.ea = in.eb = clang_getNullCursor();
		in.a = cx_written(t, e);
		in.b = xstrdup("");
		in.da = xstrdup(in.a);
		in.db = xstrdup("");
		return new_src(w, s, &in);
	}
	if (nargs != 2)
		return -2;
	if ((i = kd_in_list(kd_sources, name)) >= 0) {
		in.kind = SRC_DELTA;
		in.unit = kd_source_units[i];
	} else if ((i = kd_in_list(kd_subns, name)) >= 0) {
		in.kind = SRC_SUBN;
		in.unit = kd_subn_units[i];
	} else {
		return -2;
	}
	in.ea = clang_Cursor_getArgument(e, 0);
	in.eb = clang_Cursor_getArgument(e, 1);
	operand_texts(t, &in, in.ea, in.eb);
	return new_src(w, s, &in);
}

static struct kd_val nd_call(struct walk *w, struct state *s, CXCursor e,
			     const struct kd_val *args, int nargs)
{
	struct negdelta *nd = walk_data(w);
	char *name = cx_callee_name(e);
	struct kd_val r = KD_VAL_NONE;
	int i;

	if ((r.src = call_src(w, s, e, name, nargs)) > -2) {
		/* a source */
	} else if ((i = kd_in_list(kd_convs, name)) >= 0 && nargs == 1) {
		r = args[0];
		r.src = src_in_unit(nd, r.src, kd_conv_units[i]);
	} else if (kd_in_list(kd_abs, name) >= 0) {
		r = KD_VAL_NONE;
	} else {
		r.src = nd_helper_src(w, s, e);
		sink_args(w, e, name, args, nargs);
		nd_outparams(w, s, e);
	}
	free(name);
	return r;
}

/* An integer stamp: a KD_NOW_NS read (or a local holding a current
 * read as an integer) or ktime_to_ns() of a ktime_t.  Its unit ("ns", or
 * "us" for a local set from ktime_to_us(ktime_get())), or NULL. */
static const char *int_stamp(struct walk *w, struct state *s, CXCursor e)
{
	struct negdelta *nd = walk_data(w);
	CXCursor c = cx_strip(e);
	char *name;
	bool r;
	int v;

	if ((v = walk_var_of(w, c)) >= 0)
		return s->flag[v] && !cx_type_named(c, "ktime_t") ?
		       (nd->unit[v] ? nd->unit[v] : "ns") : NULL;
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return NULL;
	name = cx_callee_name(c);
	r = kd_in_list(kd_now_ns, name) >= 0 || !strcmp(name, "ktime_to_ns");
	free(name);
	return r ? "ns" : NULL;
}

/* ktime_sub() or ktime_sub_ns() as a macro, a - b of ktime_t, or a - b
 * of integer stamps: the source's index, -1 when ruled out, -2 when the
 * operator is none.  An operand that holds a delta (delta_operand:
 * ktime_to_ns(remaining)) is a duration, not a stamp: period - remaining
 * is arithmetic on a delta, which nd_binop() follows. */
static int binop_src(struct walk *w, struct state *s, CXCursor e,
		     const char *op, CXCursor l, CXCursor r, bool delta_operand)
{
	const struct cx_macro *m = cx_macro_at(walk_tu(w), e);
	struct cx_tu *t = walk_tu(w);
	struct src_in in = { .at = e, .ea = cx_strip(l), .eb = cx_strip(r) };
	const char *unit;
	int i;

	if (!*op && m && m->nargs == 2 &&
	    ((i = kd_in_list(kd_sources, m->name)) >= 0 ||
	     kd_in_list(kd_subns, m->name) >= 0)) {
		in.kind = i >= 0 ? SRC_DELTA : SRC_SUBN;
		in.unit = i >= 0 ? kd_source_units[i] :
			  kd_subn_units[kd_in_list(kd_subns, m->name)];
		in.fn = m->name;
		in.a = xstrdup(m->args[0]);
		in.b = xstrdup(m->args[1]);
		in.da = xstrdup(m->raw[0]);
		in.db = xstrdup(m->raw[1]);
		return new_src(w, s, &in);
	}
	if (strcmp(op, "-"))
		return -2;
	in.unit = "ns";
	if (cx_type_named(l, "ktime_t") || cx_type_named(r, "ktime_t")) {
		in.kind = SRC_DELTA;
	} else if (!delta_operand &&
		   ((unit = int_stamp(w, s, l)) || (unit = int_stamp(w, s, r)))) {
		in.kind = SRC_INT_NS;
		in.unit = unit;
		in.whole = strcmp(unit, "ns");
	} else {
		return -2;
	}
	operand_texts(t, &in, l, r);
	return new_src(w, s, &in);
}

/* x - d, d a delta: a new source, rated from d (nd_swap.h). */
static int swapped_src(struct walk *w, struct state *s, CXCursor e, CXCursor l,
		       CXCursor r, int d)
{
	struct negdelta *nd = walk_data(w);
	struct cx_tu *t = walk_tu(w);
	struct src_in in = { .at = e, .ea = cx_strip(l), .eb = cx_strip(r) };
	int i;

	in.kind = cx_type_named(l, "ktime_t") ? SRC_DELTA : SRC_INT_NS;
	in.unit = nd->srcs[d].unit;
	operand_texts(t, &in, l, r);
	if ((i = new_src(w, s, &in)) >= 0) {
		struct operand x = nd_operand_of(w, s, l);

		nd_rate_swapped(&nd->srcs[i], &nd->srcs[d], x.now, x.mono);
	}
	return i;
}

static struct kd_val nd_binop(struct walk *w, struct state *s, CXCursor e,
			      const char *op, CXCursor l, CXCursor r,
			      struct kd_val lv, struct kd_val rv)
{
	struct kd_val res = KD_VAL_NONE;
	int si = binop_src(w, s, e, op, l, r, lv.src >= 0 || rv.src >= 0), var;

	if (si > -2) {
		res.src = si;
		return res;
	}
	/* A scaled or offset delta keeps its sign (y = delta + y1, delta -
	 * y1); y1 - delta is a delta of its own, its operands swapped; a
	 * compound assignment or any other arithmetic ends the tracking. */
	if (!strcmp(op, "*") || !strcmp(op, "/"))
		res.src = lv.src >= 0 ? lv.src : rv.src;
	else if (!strcmp(op, "+") && (lv.src < 0) != (rv.src < 0))
		res.src = lv.src >= 0 ? lv.src : rv.src;
	else if (!strcmp(op, "-") && rv.src < 0)
		res.src = lv.src;
	else if (!strcmp(op, "-") && lv.src < 0)
		res.src = swapped_src(w, s, e, l, r, rv.src);
	else if (!strcmp(op, ","))
		res.src = rv.src;
	var = walk_var_of(w, l);
	if (walk_compound_assign(op) && var >= 0 && op[0] != '*' && op[0] != '/')
		s->val[var] = -1;
	return res;
}

static int nd_store(struct walk *w, struct state *s, const struct kd_store *st)
{
	struct negdelta *nd = walk_data(w);
	CXType ty = clang_getCursorType(st->lhs);
	struct operand o;
	int v;

	if (st->val.src >= 0 && cx_type_is_unsigned(ty) &&
	    !(st->var >= 0 && nd_range_checked(w, st->var))) {
		char *lt = st->init ? xstrdup(walk_var(w, st->var)->name) :
				      cx_written(walk_tu(w), st->lhs);
		char *what = xasprintf(st->init ? "the initialisation of '%s'" :
					"the store to '%s'", lt);

		nd_sink(w, st->at, st->val, what, ty, NULL);
		free(what);
		free(lt);
	}
	if (st->var < 0 && st->elem < 0)
		return -1;
	/* time[i] = now: the array holds stamps as a local would. */
	v = st->var >= 0 ? st->var : st->elem;
	o = nd_operand_of(w, s, st->rhs);
	s->flag[v] = o.now;
	if (o.now) {
		nd->seq[v] = o.seq == 1 << 30 ? ++nd->nreads : o.seq;
		nd->clock[v] = o.mono;
		nd->unit[v] = o.unit;
	}
	if (st->var < 0)
		return -1;
	/* Converted to an unsigned local, the delta is no longer negative:
	 * the sink above was its last chance. */
	return walk_var(w, st->var)->is_unsigned ? -1 : st->val.src;
}

static struct kd_val nd_cast(struct walk *w, CXCursor e, struct kd_val v)
{
	CXType to = clang_getCursorType(e);

	if (v.src >= 0 && cx_type_is_unsigned(to))
		nd_sink(w, e, v, "an explicit cast", to, NULL);
	else if (v.src >= 0 && cx_type_is_signed(to))
		return v;
	return KD_VAL_NONE;
}

static void nd_return(struct walk *w, CXCursor e, struct kd_val v)
{
	struct negdelta *nd = walk_data(w);

	if (nd->run->summary && cx_type_is_signed(nd->ret) && !nd->returns) {
		src_copy(&nd->ret_src, &nd->srcs[v.src]);
		nd->returns = true;
	}
	nd_sink(w, e, v, "the return value", nd->ret, NULL);
}

/* The local a sign test is about: d, or ktime_to_ns(d). */
static int signed_var(struct walk *w, CXCursor e)
{
	CXCursor arg;

	return walk_var_of(w, nd_conv_of(e, &arg) >= 0 ? arg : e);
}

/* d > C, d >= C true, or d < C, d <= C false, with the constant C not
 * below 0 (d > -1 too): d is not negative here, as in
 * if (delay >= TFRC_T_DELTA) return (u32)delay / USEC_PER_MSEC;
 * (Of an unsigned local, which holds no delta, the test says nothing.) */
static void nd_condition(struct walk *w, struct state *s, const char *op,
			 CXCursor l, CXCursor r, bool branch)
{
	long long c;
	bool strict, nonneg;
	int v;

	if (!cx_const_int(r, &c) || (v = signed_var(w, l)) < 0)
		return;
	if (branch && op[0] == '>')
		strict = !op[1];
	else if (!branch && op[0] == '<')
		strict = !!op[1];
	else
		return;
	nonneg = strict ? c >= -1 : c >= 0;
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

/* A max(d, 0)-style macro with a zero among its arguments (also written
 * (ktime_t)0), or an absolute value, cannot be negative. */
static bool nd_barrier(struct walk *w, CXCursor e)
{
	const struct cx_macro *m = cx_macro_at(walk_tu(w), e);

	if (!m)
		return false;
	if (kd_in_list(kd_abs, m->name) >= 0)
		return true;
	if (kd_in_list(kd_clamps, m->name) < 0)
		return false;
	for (int i = 0; i < m->nargs; i++)
		if (nd_zero_text(m->args[i]))
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
