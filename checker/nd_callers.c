// SPDX-License-Identifier: GPL-2.0
/*
 * A static helper's parameters ordered by its callers: the surface
 * aggregator's ssh_ptl_timeout_reaper_mod(ptl, now, expires) is called
 * with (timestamp, timestamp + timeout) and (now, max(next, ktime_add(now,
 * RESOLUTION))), so ktime_ms_delta(expires, now) is never negative there.
 */
#include <stdlib.h>
#include <string.h>

#include "nd_callers.h"
#include "nd_local.h"
#include "nd_stamp.h"
#include "util.h"
#include "walk_cond.h"

struct calls {
	struct cx_tu *t;
	CXCursor fn, caller;
	int ia, ib;
	unsigned ncalls, nrefs;
	bool ok;
};

/* Whether text is "b + ...", "ktime_add*(b, ...)", spaces aside. */
static bool text_adds(const char *text, const char *b)
{
	char *t = xstrdup_nospace(text), *sb = xstrdup_nospace(b);
	size_t n = strlen(sb);
	const char *p = t;
	bool r = false;

	if (!strncmp(p, "ktime_add", 9)) {
		p = strchr(p, '(');
		r = p && !strncmp(p + 1, sb, n) && p[1 + n] == ',';
	} else if (!strncmp(p, sb, n) && p[n] == '+') {
		r = p[n + 1] != '-' && strncmp(p + n + 1, "(-", 2);
	}
	free(t);
	free(sb);
	return r;
}

/* The last value stored into the caller's local var before offset at:
 * its initialiser or an assignment; a null cursor if none. */
struct last_store {
	struct cx_tu *t;
	CXCursor var, rhs;
	unsigned at;
};

static enum CXChildVisitResult scan_store(CXCursor c, CXCursor p, CXClientData d)
{
	struct last_store *ls = d;
	CXCursor *k;
	unsigned n;
	char op[4];

	(void)p;
	if (nd_offset(c) >= ls->at)
		return CXChildVisit_Continue;
	if (clang_equalCursors(c, ls->var) &&
	    !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(c)))
		ls->rhs = clang_Cursor_getVarDeclInitializer(c);
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator)
		return CXChildVisit_Recurse;
	n = cx_children(c, &k);
	cx_operator(ls->t, c, op, sizeof(op));
	if (n == 2 && !strcmp(op, "=") && nd_is_var(k[0], ls->var))
		ls->rhs = k[1];
	free(k);
	return CXChildVisit_Recurse;
}

/* --- two reads of the caller, passed in order --- */

/* a and b are locals of the caller; b is stored once, outside any loop,
 * from a current read, and a only from reads of that clock, the first in
 * the same chain as b's (start = cur = poll_end = ktime_get(); then
 * poll_end = ktime_get() again later, kvm_vcpu_halt()): a >= b. */
static bool later_read(struct cx_tu *t, CXCursor caller, CXCursor a,
		       CXCursor b)
{
	struct nd_stores sa = { .t = t, .var = nd_auto_local(caller, a) };
	struct nd_stores sb = { .t = t, .var = nd_auto_local(caller, b) };
	bool chain = false;

	if (clang_Cursor_isNull(sa.var) || clang_Cursor_isNull(sb.var))
		return false;
	nd_local_stores(caller, &sa);
	nd_local_stores(caller, &sb);
	if (sa.other || sb.other || sb.n != 1 || sb.clock[0] < 0 ||
	    sb.loops_full || nd_in_loop(&sb, sb.at[0]) || !sa.n)
		return false;
	for (unsigned i = 0; i < sa.n; i++) {
		if (sa.clock[i] != sb.clock[0] || sa.at[i] < sb.at[0])
			return false;
		chain = chain || sa.end[i] <= sb.end[0];
	}
	return chain;
}

/* arg is b plus an interval (b + x, x no negative constant, as a
 * timeout), ktime_add*(b, ...), max() of something and such, or a local
 * of the caller last set to one of these (next = max(next, ktime_add(now,
 * RES)); f(now, next);). */
static bool ahead(struct cx_tu *t, CXCursor caller, CXCursor arg, CXCursor b,
		  int depth)
{
	CXCursor y = walk_added_to(t, arg), a = cx_strip(arg);
	const struct cx_macro *m = cx_macro_at(t, arg);
	char *tb = cx_text(t, b), *ta = cx_text(t, a);
	bool r = false;

	if (!clang_Cursor_isNull(y)) {
		char *ty = cx_text(t, y);

		r = *tb && !strcmp(ty, tb);
		free(ty);
	}
	if (!r && *tb && *ta)
		r = text_adds(ta, tb);
	if (!r && *tb && m && (!strcmp(m->name, "max") || !strcmp(m->name, "max_t")))
		for (int i = 0; i < m->nargs && !r; i++)
			r = text_adds(m->args[i], tb);
	if (!r && depth == 0)
		r = later_read(t, caller, arg, b);
	if (!r && depth == 0 && clang_getCursorKind(a) == CXCursor_DeclRefExpr &&
	    (clang_getCursorKind(clang_getCursorReferenced(a)) == CXCursor_VarDecl ||
	     clang_getCursorKind(clang_getCursorReferenced(a)) == CXCursor_ParmDecl)) {
		struct last_store ls = { t, clang_getCursorReferenced(a),
					 clang_getNullCursor(), nd_offset(a) };

		clang_visitChildren(caller, scan_store, &ls);
		r = !clang_Cursor_isNull(ls.rhs) && ahead(t, caller, ls.rhs, b, 1);
	}
	free(tb);
	free(ta);
	return r;
}

static enum CXChildVisitResult scan(CXCursor c, CXCursor p, CXClientData d)
{
	struct calls *cs = d;
	CXCursor ref = clang_getCanonicalCursor(clang_getCursorReferenced(c));

	(void)p;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
	    clang_isCursorDefinition(c))
		cs->caller = c;
	if (!clang_equalCursors(ref, cs->fn))
		return CXChildVisit_Recurse;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		cs->nrefs++;
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	cs->ncalls++;
	if (cs->ia >= clang_Cursor_getNumArguments(c) ||
	    cs->ib >= clang_Cursor_getNumArguments(c) ||
	    !ahead(cs->t, cs->caller, clang_Cursor_getArgument(c, cs->ia),
		   clang_Cursor_getArgument(c, cs->ib), 0))
		cs->ok = false;
	return CXChildVisit_Recurse;
}

static int param_index(CXCursor fn, CXCursor param)
{
	int n = clang_Cursor_getNumArguments(fn);

	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(fn, i), param))
			return i;
	return -1;
}

bool nd_callers_future(struct cx_tu *t, CXCursor fn, CXCursor pa, CXCursor pb)
{
	struct calls cs = { t, clang_getCanonicalCursor(fn), clang_getNullCursor(),
			    param_index(fn, pa), param_index(fn, pb), 0, 0, true };

	if (cs.ia < 0 || cs.ib < 0 || clang_Cursor_getStorageClass(fn) != CX_SC_Static)
		return false;
	clang_visitChildren(clang_getTranslationUnitCursor(t->tu), scan, &cs);
	/* Each call's callee is a reference too: any other is the address. */
	return cs.ok && cs.ncalls > 0 && cs.nrefs == cs.ncalls;
}
