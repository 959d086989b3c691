// SPDX-License-Identifier: GPL-2.0
/*
 * The values a function stores into one of its locals: a local is as
 * good as what was stored in it, when nothing else (x += n, &x) changes
 * it.  Callers' orders (nd_callers.c), stamps taken in place of a
 * current read (nd_standin.c) and reads made before a lock (nd_lock.c)
 * are proven from these.
 */
#include <stdlib.h>
#include <string.h>

#include "nd_local.h"
#include "nd_stamp.h"
#include "util.h"

unsigned nd_offset(CXCursor c)
{
	unsigned off;

	clang_getSpellingLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
	return off;
}

void nd_extent(CXCursor c, unsigned *b, unsigned *e)
{
	CXSourceRange r = clang_getCursorExtent(c);

	clang_getSpellingLocation(clang_getRangeStart(r), NULL, NULL, NULL, b);
	clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, e);
}

bool nd_is_var(CXCursor e, CXCursor var)
{
	e = cx_strip(e);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(e), var);
}

static void add_store(struct nd_stores *st, CXCursor c, CXCursor value)
{
	if (st->n == ND_MAXSTORES) {
		st->other = true;
		return;
	}
	nd_extent(c, &st->at[st->n], &st->end[st->n]);
	st->val[st->n] = nd_chained(st->t, value);
	st->clock[st->n] = nd_now_call(st->val[st->n]);
	st->n++;
}

static void add_loop(struct nd_stores *st, CXCursor c)
{
	if (st->nloop == ND_MAXSTORES) {
		st->loops_full = true;
		return;
	}
	nd_extent(c, &st->loop[st->nloop][0], &st->loop[st->nloop][1]);
	st->nloop++;
}

static enum CXChildVisitResult scan_stores(CXCursor c, CXCursor p,
					   CXClientData d)
{
	struct nd_stores *st = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor *kid;
	unsigned n;
	char op[4];

	(void)p;
	if (k == CXCursor_ForStmt || k == CXCursor_WhileStmt ||
	    k == CXCursor_DoStmt)
		add_loop(st, c);
	if (clang_equalCursors(c, st->var) &&
	    !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(c)))
		add_store(st, c, clang_Cursor_getVarDeclInitializer(c));
	if (k != CXCursor_BinaryOperator && k != CXCursor_UnaryOperator &&
	    k != CXCursor_CompoundAssignOperator)
		return CXChildVisit_Recurse;
	n = cx_children(c, &kid);
	if (n && nd_is_var(kid[0], st->var)) {
		cx_operator(st->t, c, op, sizeof(op));
		if (k == CXCursor_BinaryOperator && n == 2 && !strcmp(op, "="))
			add_store(st, c, kid[1]);
		else if (k != CXCursor_BinaryOperator)
			st->other = true;
	}
	free(kid);
	return CXChildVisit_Recurse;
}

void nd_local_stores(CXCursor fn, struct nd_stores *st)
{
	clang_visitChildren(fn, scan_stores, st);
}

bool nd_in_loop(const struct nd_stores *st, unsigned at)
{
	for (unsigned i = 0; i < st->nloop; i++)
		if (st->loop[i][0] <= at && at <= st->loop[i][1])
			return true;
	return false;
}

CXCursor nd_auto_local(CXCursor fn, CXCursor e)
{
	CXCursor v = clang_getCursorReferenced(cx_strip(e));

	if (clang_getCursorKind(cx_strip(e)) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(v) != CXCursor_VarDecl ||
	    clang_Cursor_getStorageClass(v) != CX_SC_None ||
	    !clang_equalCursors(clang_getCursorSemanticParent(v), fn))
		return clang_getNullCursor();
	return v;
}
