// SPDX-License-Identifier: GPL-2.0
/*
 * Time stamps proven by the data flow.  A field is a stamp of a clock
 * when every store to it the translation unit makes (the file and the
 * headers it includes: dim_update_sample() of include/linux/dim.h) and,
 * in an audit, every other file is a read of that clock (nd_facts.c); an
 * out-parameter is one when the helper's body stores a read through it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "nd_stamp.h"
#include "util.h"

static int helper_now(CXCursor call);

int nd_now_read(CXCursor e, const char **unit)
{
	CXCursor c = cx_strip(e);
	char *name;
	int i, r = -1;

	if (unit)
		*unit = "ns";
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return -1;
	name = cx_callee_name(c);
	if ((i = kd_in_list(kd_nows, name)) >= 0) {
		r = kd_nows_monotonic[i];
	} else if ((i = kd_in_list(kd_now_ns, name)) >= 0) {
		r = kd_now_ns_monotonic[i];
	} else if (((i = kd_in_list(kd_convs, name)) >= 0 || !strcmp(name, "ns_to_ktime")) &&
		   clang_Cursor_getNumArguments(c) == 1) {
		/* ktime_to_ns(ktime_get()), ns_to_ktime(local_clock()): the
		 * same read in another unit. */
		r = nd_now_read(clang_Cursor_getArgument(c, 0), unit);
		if (unit && i >= 0 && strcmp(kd_conv_units[i], "ns"))
			*unit = kd_conv_units[i];
	} else {
		r = helper_now(c);
	}
	free(name);
	return r;
}

int nd_now_call(CXCursor e)
{
	return nd_now_read(e, NULL);
}

/* The value of a = b = ktime_get(): ktime_get(), as pktgen writes
 * pkt_dev->started_at = pkt_dev->next_tx = ktime_get(). */
CXCursor nd_chained(struct cx_tu *t, CXCursor e)
{
	CXCursor *k, r;
	unsigned n;
	char op[4];

	e = cx_strip(e);
	if (clang_getCursorKind(e) != CXCursor_BinaryOperator)
		return e;
	cx_operator(t, e, op, sizeof(op));
	if (strcmp(op, "="))
		return e;
	n = cx_children(e, &k);
	r = n == 2 ? nd_chained(t, k[1]) : e;
	free(k);
	return r;
}

/* The members along e's access path, the stamp's own first: stop_ts,
 * stream, stats of stream->stats.stream.stop_ts (or of t[i].stop). */
static unsigned member_path(CXCursor e, CXCursor *m, unsigned max)
{
	CXCursor *k;
	unsigned n = 0, nk;
	enum CXCursorKind kind;

	for (e = cx_strip(e); n < max; e = cx_strip(k[0]), free(k)) {
		kind = clang_getCursorKind(e);
		if (kind == CXCursor_MemberRefExpr)
			m[n++] = clang_getCursorReferenced(e);
		else if (kind != CXCursor_ArraySubscriptExpr)
			break;
		nk = cx_children(e, &k);
		if (!nk) {
			free(k);
			break;
		}
	}
	return n;
}

struct clear_scan {
	CXCursor path[8];
	unsigned n;
	unsigned line;
};

/* memset(&x->m, 0, n) (KD_CLEAR) of a member on the stamp's path. */
static enum CXChildVisitResult scan_clear(CXCursor c, CXCursor p,
					  CXClientData d)
{
	struct clear_scan *cs = d;
	CXCursor dst, *k;
	char *name;
	bool clear;

	(void)p;
	if (clang_getCursorKind(c) != CXCursor_CallExpr ||
	    clang_Cursor_getNumArguments(c) != 3)
		return CXChildVisit_Recurse;
	name = cx_callee_name(c);
	clear = kd_in_list(kd_clears, name) >= 0 &&
		cx_is_zero(clang_Cursor_getArgument(c, 1));
	free(name);
	dst = cx_strip(clang_Cursor_getArgument(c, 0));
	if (!clear || clang_getCursorKind(dst) != CXCursor_UnaryOperator)
		return CXChildVisit_Recurse;
	/* &x->m: the operand of the address-of */
	if (cx_children(dst, &k) == 1)
		dst = cx_strip(k[0]);
	free(k);
	if (clang_getCursorKind(dst) != CXCursor_MemberRefExpr)
		return CXChildVisit_Recurse;
	for (unsigned i = 0; i < cs->n; i++)
		if (clang_equalCursors(clang_getCursorReferenced(dst),
				       cs->path[i])) {
			clang_getExpansionLocation(clang_getCursorLocation(c),
						   NULL, &cs->line, NULL, NULL);
			return CXChildVisit_Break;
		}
	return CXChildVisit_Recurse;
}

unsigned nd_stamp_cleared(struct cx_tu *t, CXCursor e)
{
	struct clear_scan cs = { .line = 0 };

	cs.n = member_path(e, cs.path, sizeof(cs.path) / sizeof(cs.path[0]));
	if (cs.n)
		clang_visitChildren(clang_getTranslationUnitCursor(t->tu),
				    scan_clear, &cs);
	return cs.line;
}

struct param_scan {
	struct cx_tu *t;
	CXCursor param;
	int clock;	/* -1 before a store, -2 once one is not a read */
};

/* Whether e is p, *p, p->field or (*p).field of the parameter. */
static bool through_param(CXCursor e, CXCursor param)
{
	CXCursor *k;
	unsigned n;
	bool r;

	e = cx_strip(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_DeclRefExpr:
		return clang_equalCursors(clang_getCursorReferenced(e), param);
	case CXCursor_MemberRefExpr:
	case CXCursor_UnaryOperator:
	case CXCursor_ArraySubscriptExpr:
		n = cx_children(e, &k);
		r = n >= 1 && through_param(k[0], param);
		free(k);
		return r;
	default:
		return false;
	}
}

/* A store through the parameter: a current read keeps its clock, any
 * other value (or a second clock) makes the out-parameter no stamp. */
static void param_store(struct param_scan *ps, CXCursor c, CXCursor *k)
{
	char op[4];
	int clock;

	if (clang_getCursorKind(cx_strip(k[0])) == CXCursor_DeclRefExpr ||
	    !through_param(k[0], ps->param))
		return;
	if (clang_getCursorKind(c) == CXCursor_CompoundAssignOperator) {
		ps->clock = -2;		/* +=, -=, ... */
		return;
	}
	cx_operator(ps->t, c, op, sizeof(op));
	if (!op[0])
		ps->clock = -2;	/* an operator that cannot be read: maybe a store */
	if (strcmp(op, "="))
		return;		/* a comparison or arithmetic: no store */
	clock = nd_now_call(k[1]);
	if (clock < 0 || (ps->clock >= 0 && clock != ps->clock))
		ps->clock = -2;
	else if (ps->clock == -1)
		ps->clock = clock;
}

/* The parameter handed on to another function (as drm_get_last_vbltimestamp()
 * passes tvblank to the driver's get_vblank_timestamp()): whatever that one
 * stores is unknown here. */
static bool param_escapes(struct param_scan *ps, CXCursor call)
{
	int n = clang_Cursor_getNumArguments(call);

	for (int i = 0; i < n; i++)
		if (through_param(clang_Cursor_getArgument(call, i), ps->param))
			return true;
	return false;
}

static enum CXChildVisitResult scan_param(CXCursor c, CXCursor p,
					  CXClientData d)
{
	struct param_scan *ps = d;
	CXCursor *k;
	unsigned n;

	(void)p;
	if (clang_getCursorKind(c) == CXCursor_CallExpr && param_escapes(ps, c))
		ps->clock = -2;
	if (clang_getCursorKind(c) == CXCursor_BinaryOperator ||
	    clang_getCursorKind(c) == CXCursor_CompoundAssignOperator) {
		n = cx_children(c, &k);
		if (n == 2)
			param_store(ps, c, k);
		free(k);
	}
	return ps->clock == -2 ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* The clock every store through the callee's parameter argno reads, or
 * -1: none, another value, two clocks, or the parameter handed on. */
int nd_outparam_clock(struct cx_tu *t, CXCursor callee, int argno)
{
	CXCursor def = clang_getCursorDefinition(callee);
	struct param_scan ps = { t, clang_getNullCursor(), -1 };

	if (clang_Cursor_isNull(def) ||
	    argno >= clang_Cursor_getNumArguments(def))
		return -1;
	ps.param = clang_Cursor_getArgument(def, argno);
	clang_visitChildren(def, scan_param, &ps);
	return ps.clock >= 0 ? ps.clock : -1;
}

bool nd_below_half(CXCursor c, CXType type)
{
	long long size = clang_Type_getSizeOf(clang_getCanonicalType(type));
	CXEvalResult r = clang_Cursor_Evaluate(cx_strip(c));
	bool below = false;

	if (!r)
		return false;
	if (clang_EvalResult_getKind(r) == CXEval_Int && size > 0 && size <= 8) {
		unsigned long long v = clang_EvalResult_getAsUnsigned(r);

		below = v < (1ULL << (8 * size - 1));
	}
	clang_EvalResult_dispose(r);
	return below;
}

bool nd_zero_text(const char *text)
{
	const char *p = text;

	/* Casts and parentheses: (ktime_t)0, ((s64)0). */
	while (*p == '(' || *p == ' ') {
		if (*p == '(' && p[1] != '(' && !isdigit((unsigned char)p[1])) {
			const char *close = strchr(p, ')');

			if (!close)
				return false;
			p = close + 1;
			continue;
		}
		p++;
	}
	if (*p != '0')
		return false;
	for (p++; *p; p++)
		if (!strchr("uUlL) ", *p))
			return false;
	return true;
}

struct mention {
	CXCursor decl;
	bool found;
};

static enum CXChildVisitResult find_decl(CXCursor c, CXCursor p, CXClientData d)
{
	struct mention *m = d;

	(void)p;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    clang_equalCursors(clang_getCursorReferenced(c), m->decl)) {
		m->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

bool nd_mentions(CXCursor c, CXCursor decl)
{
	struct mention m = { decl, false };

	clang_visitChildren(c, find_decl, &m);
	return m.found;
}

/* Every assignment to local var in body is a current read: its clock. */
struct local_scan {
	struct cx_tu *t;
	CXCursor var;
	int clock;
};

static enum CXChildVisitResult scan_local(CXCursor c, CXCursor p, CXClientData d)
{
	struct local_scan *ls = d;
	CXCursor *k;
	unsigned n;
	int clock = -3;

	(void)p;
	if (clang_getCursorKind(c) == CXCursor_VarDecl &&
	    clang_equalCursors(c, ls->var)) {
		/* ktime_t ts; without an initialiser says nothing. */
		n = cx_children(c, &k);
		clock = n && clang_isExpression(clang_getCursorKind(k[n - 1])) ?
			nd_now_call(k[n - 1]) : -3;
		free(k);
	} else if (clang_getCursorKind(c) == CXCursor_BinaryOperator ||
		   clang_getCursorKind(c) == CXCursor_CompoundAssignOperator) {
		n = cx_children(c, &k);
		if (n == 2 && clang_equalCursors(clang_getCursorReferenced(
				cx_strip(k[0])), ls->var)) {
			char op[4];

			cx_operator(ls->t, c, op, sizeof(op));
			if (op[0] && op[1] != '=' && strcmp(op, "="))
				clock = -3;	/* a comparison */
			else
				clock = nd_now_call(k[1]);
		}
		free(k);
	}
	if (clock == -3)
		return CXChildVisit_Recurse;
	if (clock < 0 || (ls->clock >= 0 && ls->clock != clock))
		ls->clock = -2;
	else if (ls->clock == -1)
		ls->clock = clock;
	return ls->clock == -2 ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static int arg_clock(struct cx_tu *t, CXCursor caller, CXCursor arg)
{
	struct local_scan ls = { t, clang_getNullCursor(), -1 };
	CXCursor a = cx_strip(arg);
	int clock = nd_now_call(a);

	if (clock >= 0 || clang_getCursorKind(a) != CXCursor_DeclRefExpr)
		return clock;
	ls.var = clang_getCursorReferenced(a);
	if (clang_getCursorKind(ls.var) != CXCursor_VarDecl)
		return -1;
	clang_visitChildren(caller, scan_local, &ls);
	return ls.clock;
}

/* The calls of fn in the functions of the main file, and the clock of
 * the read each passes as argument argno (-1 none yet, -2 not a read). */
struct callers {
	struct cx_tu *t;
	CXCursor fn, caller;
	int argno, clock, ncalls;
};

static enum CXChildVisitResult scan_call(CXCursor c, CXCursor p, CXClientData d)
{
	struct callers *cs = d;
	int clock;

	(void)p;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl) {
		if (!clang_isCursorDefinition(c) ||
		    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
			return CXChildVisit_Continue;
		cs->caller = c;
		return CXChildVisit_Recurse;
	}
	if (clang_getCursorKind(c) != CXCursor_CallExpr ||
	    !clang_equalCursors(clang_getCanonicalCursor(
		clang_getCursorReferenced(c)), cs->fn))
		return CXChildVisit_Recurse;
	cs->ncalls++;
	clock = cs->argno < clang_Cursor_getNumArguments(c) ?
		arg_clock(cs->t, cs->caller, clang_Cursor_getArgument(c, cs->argno)) : -1;
	if (clock < 0 || (cs->clock >= 0 && cs->clock != clock))
		cs->clock = -2;
	else
		cs->clock = clock;
	return cs->clock == -2 ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/*
 * Answers kept for the translation unit, by cursor: nd_param_clock()'s
 * by parameter (each a scan of the whole unit), helper_now()'s by
 * function.  nd_stamp_tu() forgets them.
 */
struct memo {
	struct memo_entry {
		CXCursor key;
		int clock;
	} *v;
	size_t n;
};

static struct memo param_memo, helper_memo;

static bool memo_get(const struct memo *m, CXCursor key, int *clock)
{
	for (size_t i = 0; i < m->n; i++)
		if (clang_equalCursors(m->v[i].key, key)) {
			*clock = m->v[i].clock;
			return true;
		}
	return false;
}

static int memo_put(struct memo *m, CXCursor key, int clock)
{
	m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
	m->v[m->n++] = (struct memo_entry){ key, clock };
	return clock;
}

static void memo_clear(struct memo *m)
{
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

int nd_param_clock(struct cx_tu *t, CXCursor fn, CXCursor param)
{
	struct callers cs = { t, clang_getCanonicalCursor(fn),
			      clang_getNullCursor(), -1, -1, 0 };
	int n = clang_Cursor_getNumArguments(fn), clock;

	if (memo_get(&param_memo, param, &clock))
		return clock;
	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(fn, i), param))
			cs.argno = i;
	if (cs.argno >= 0)
		clang_visitChildren(clang_getTranslationUnitCursor(t->tu),
				    scan_call, &cs);
	return memo_put(&param_memo, param, cs.ncalls && cs.clock >= 0 ? cs.clock : -1);
}

struct assign_scan {
	struct cx_tu *t;
	CXCursor var;
	bool found;
};

static enum CXChildVisitResult scan_assign(CXCursor c, CXCursor p, CXClientData d)
{
	struct assign_scan *as = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor *kids;
	unsigned n;
	char op[4] = "=";

	(void)p;
	if (k != CXCursor_BinaryOperator && k != CXCursor_CompoundAssignOperator &&
	    k != CXCursor_UnaryOperator)
		return CXChildVisit_Recurse;
	n = cx_children(c, &kids);
	if (n >= 1 && clang_equalCursors(clang_getCursorReferenced(
			cx_strip(kids[0])), as->var)) {
		if (k == CXCursor_BinaryOperator)
			cx_operator(as->t, c, op, sizeof(op));
		/* &x and x++ are taken as changes too. */
		as->found = !strcmp(op, "=") || k != CXCursor_BinaryOperator;
	}
	free(kids);
	return as->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

bool nd_assigned(struct cx_tu *t, CXCursor fn, CXCursor var)
{
	struct assign_scan as = { t, var, false };

	clang_visitChildren(fn, scan_assign, &as);
	return as.found;
}

/* --- helpers that read the clock --- */

struct ret_scan {
	struct cx_tu *t;
	CXCursor def;
	int clock;	/* -1 before a return, -2 once one is not a read */
};

static enum CXChildVisitResult scan_return(CXCursor c, CXCursor p, CXClientData d)
{
	struct ret_scan *rs = d;
	CXCursor *k;
	unsigned n;
	int clock = -1;

	(void)p;
	if (clang_getCursorKind(c) != CXCursor_ReturnStmt)
		return CXChildVisit_Recurse;
	n = cx_children(c, &k);
	if (n == 1)
		clock = arg_clock(rs->t, rs->def, k[0]);
	free(k);
	if (clock < 0 || (rs->clock >= 0 && clock != rs->clock))
		rs->clock = -2;
	else
		rs->clock = clock;
	return rs->clock == -2 ? CXChildVisit_Break : CXChildVisit_Continue;
}

/*
 * A function of this file each of whose returns is a current read of one
 * clock, or a local only ever set from one: kernel/time/hrtimer.c's
 * hrtimer_update_base() returns now = ktime_get_update_offsets_now(..).
 * One level deep (a helper of a helper is not followed); the answer is
 * kept per function.  nd_now_call() has no translation unit to pass on:
 * the one nd_stamp_tu() names is used.
 */
static struct cx_tu *cur_tu;
static int hdepth;

void nd_stamp_tu(struct cx_tu *t)
{
	cur_tu = t;
	memo_clear(&param_memo);
	memo_clear(&helper_memo);
}

struct cx_tu *nd_stamp_cur_tu(void)
{
	return cur_tu;
}

static int helper_now(CXCursor call)
{
	CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(call));
	struct ret_scan rs = { cur_tu, def, -1 };
	int clock;

	if (!cur_tu || hdepth || clang_Cursor_isNull(def) ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(def)))
		return -1;
	if (memo_get(&helper_memo, def, &clock))
		return clock;
	hdepth++;
	clang_visitChildren(def, scan_return, &rs);
	hdepth--;
	return memo_put(&helper_memo, def, rs.clock >= 0 ? rs.clock : -1);
}
