// SPDX-License-Identifier: GPL-2.0
/*
 * Interprocedural summaries: whether a function whose body is visible
 * scales an unsigned parameter (multiplies, divides, shifts or compares
 * it, or passes it on to a scaling call), so that a wrapped negative delta
 * does damage there, or only stores, adds or converts it back, which
 * modulo 2^64 is harmless.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "summary.h"
#include "util.h"

struct memo {
	char *usr;
	int argno;
	enum kd_summary sum;
	bool busy;
	char why[160];
};

/* Summaries follow calls this many levels deep: each level is a
 * recursion through libclang's visitor, and a generated chain of
 * thousands of calls must not overflow the stack. */
#define SUMMARY_MAX_DEPTH 64

static int depth;

/* Pointers, so that a summary's "why" stays put while the table grows. */
static struct memo **memos;
static size_t nmemos;

void summary_reset(void)
{
	for (size_t i = 0; i < nmemos; i++) {
		free(memos[i]->usr);
		free(memos[i]);
	}
	free(memos);
	memos = NULL;
	nmemos = 0;
}

struct walk {
	struct cx_tu *t;
	CXCursor *derived;	/* the parameter and locals computed from it */
	size_t nderived;
	bool grew;
	enum kd_summary sum;
	char *why;
};

static bool is_derived(struct walk *w, CXCursor ref)
{
	CXCursor d = clang_getCursorReferenced(ref);

	for (size_t i = 0; i < w->nderived; i++)
		if (clang_equalCursors(w->derived[i], d))
			return true;
	return false;
}

static enum CXChildVisitResult find_ref(CXCursor c, CXCursor p, CXClientData d)
{
	struct walk *w = d;

	(void)p;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr && is_derived(w, c)) {
		w->grew = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Whether the subtree mentions the parameter or a value made from it. */
static bool uses(struct walk *w, CXCursor c)
{
	bool old = w->grew, r;

	w->grew = false;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr && is_derived(w, c))
		w->grew = true;
	else
		clang_visitChildren(c, find_ref, w);
	r = w->grew;
	w->grew = old;
	return r;
}

static void derive(struct walk *w, CXCursor var)
{
	for (size_t i = 0; i < w->nderived; i++)
		if (clang_equalCursors(w->derived[i], var))
			return;
	w->derived = xrealloc(w->derived, (w->nderived + 1) * sizeof(CXCursor));
	w->derived[w->nderived++] = var;
	w->grew = true;
}

static void set_why(struct walk *w, CXCursor at, const char *what)
{
	char *file;
	unsigned line, col;
	const char *base;

	cx_location(at, &file, &line, &col);
	base = strrchr(file, '/');
	snprintf(w->why, 160, "%s it (%s:%u)", what, base ? base + 1 : file, line);
	free(file);
	w->sum = KD_SUM_SINK;
}

static bool scaling_op(const char *op)
{
	static const char *const ops[] = { "*", "/", "%", "<<", ">>", "<", ">",
		"<=", ">=", "*=", "/=", "%=", "<<=", ">>=", NULL };

	return kd_in_list(ops, op) >= 0;
}

static void check_call(struct walk *w, CXCursor c)
{
	CXCursor callee = clang_getCursorReferenced(c);
	CXType ft = clang_getCursorType(callee);
	int n = clang_Cursor_getNumArguments(c);
	CXString name = clang_getCursorSpelling(callee);
	const char *nm = clang_getCString(name);

	for (int i = 0; i < n && w->sum != KD_SUM_SINK; i++) {
		enum kd_summary sub = KD_SUM_UNKNOWN;
		const char *why;

		if (!uses(w, clang_Cursor_getArgument(c, i)))
			continue;
		if (kd_find_sink(nm, i) ||
		    (i < clang_getNumArgTypes(ft) &&
		     cx_type_is_unsigned(clang_getArgType(ft, i)) &&
		     (sub = summary_of(w->t, callee, i, &why)) == KD_SUM_SINK)) {
			char what[96];

			snprintf(what, sizeof(what), "passes it to %s(), which scales", nm);
			set_why(w, c, what);
		} else if (sub == KD_SUM_TOO_DEEP) {
			w->sum = KD_SUM_TOO_DEEP;
		}
	}
	clang_disposeString(name);
}

static enum CXChildVisitResult scan(CXCursor c, CXCursor p, CXClientData d)
{
	struct walk *w = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor *kids;
	unsigned n;
	char op[8];

	(void)p;
	if (w->sum == KD_SUM_SINK)
		return CXChildVisit_Break;
	switch (k) {
	case CXCursor_VarDecl:
		n = cx_children(c, &kids);
		if (n && uses(w, kids[n - 1]))
			derive(w, c);
		free(kids);
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		n = cx_children(c, &kids);
		cx_operator(w->t, c, op, sizeof(op));
		if (n == 2 && !strcmp(op, "=") && uses(w, kids[1]) &&
		    clang_getCursorKind(cx_strip(kids[0])) == CXCursor_DeclRefExpr)
			derive(w, clang_getCursorReferenced(cx_strip(kids[0])));
		else if (n == 2 && scaling_op(op) &&
			 (uses(w, kids[0]) || uses(w, kids[1])))
			set_why(w, c, op[0] == '<' || op[0] == '>' ?
				(op[1] == op[0] ? "shifts" : "compares") :
				op[0] == '*' ? "multiplies" : "divides");
		free(kids);
		break;
	case CXCursor_CallExpr:
		check_call(w, c);
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

static struct memo *memo_get(const char *usr, int argno)
{
	struct memo *m;

	for (size_t i = 0; i < nmemos; i++)
		if (memos[i]->argno == argno && !strcmp(memos[i]->usr, usr))
			return memos[i];
	m = xmalloc(sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->usr = xstrdup(usr);
	m->argno = argno;
	m->sum = KD_SUM_UNKNOWN;
	memos = xrealloc(memos, (nmemos + 1) * sizeof(*memos));
	memos[nmemos++] = m;
	return m;
}

enum kd_summary summary_of(struct cx_tu *t, CXCursor callee, int argno,
			   const char **why)
{
	CXCursor def = clang_getCursorDefinition(callee);
	CXString usr;
	struct memo *m;
	struct walk w = { 0 };

	*why = NULL;
	if (clang_Cursor_isNull(def) || argno >= clang_Cursor_getNumArguments(def))
		return KD_SUM_UNKNOWN;
	usr = clang_getCursorUSR(def);
	m = memo_get(clang_getCString(usr), argno);
	clang_disposeString(usr);
	if (m->busy)			/* recursion: assume nothing */
		return KD_SUM_HARMLESS;
	if (m->sum != KD_SUM_UNKNOWN) {
		*why = m->sum == KD_SUM_SINK ? m->why : NULL;
		return m->sum;
	}
	if (depth >= SUMMARY_MAX_DEPTH)
		return KD_SUM_TOO_DEEP;
	depth++;
	m->busy = true;
	w.t = t;
	w.sum = KD_SUM_HARMLESS;
	w.why = xmalloc(160);
	w.why[0] = '\0';
	derive(&w, clang_Cursor_getArgument(def, argno));
	/* Derivations can come after uses in source order: scan until the
	 * set stops growing. */
	for (int pass = 0; pass < 4 && w.grew && w.sum != KD_SUM_SINK; pass++) {
		w.grew = false;
		clang_visitChildren(def, scan, &w);
	}
	m->busy = false;
	depth--;
	/* A summary cut short is kept as such: computing it again from
	 * each caller would multiply the work. */
	m->sum = w.sum;
	snprintf(m->why, sizeof(m->why), "%s", w.why);
	free(w.why);
	free(w.derived);
	*why = m->sum == KD_SUM_SINK ? m->why : NULL;
	return m->sum;
}
