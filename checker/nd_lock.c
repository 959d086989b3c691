// SPDX-License-Identifier: GPL-2.0
/*
 * A current-time read made before the lock that guards a stamp is taken.
 * kernel/power/wakelock.c's __wakelocks_gc() reads now = ktime_get() once,
 * then for each wakelock takes spin_lock_irq(&wl->ws->lock) and computes
 * now - wl->ws->last_time: the wakeup source's timer sets last_time under
 * that lock meanwhile, so the stamp can be later than now.  The lock is
 * what shows that another context writes the stamp.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "nd_local.h"
#include "nd_lock.h"
#include "util.h"

/* Whether the text of a lock's first argument, blanks dropped, is
 * &obj->... or &obj.... */
static bool locks_obj(const char *arg, const char *obj)
{
	char *a = xstrdup_nospace(arg);
	size_t n = strlen(obj);
	bool r;

	r = a[0] == '&' && !strncmp(a + 1, obj, n) &&
	    (a[1 + n] == '.' || !strncmp(a + 1 + n, "->", 2));
	free(a);
	return r;
}

/* The object text of stamp e, x of x->f or x.f, blanks dropped; NULL when
 * e is no member. */
static char *object_of(struct cx_tu *t, CXCursor e)
{
	CXCursor *k;
	char *text = NULL, *obj;

	e = cx_strip(e);
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
		return NULL;
	if (cx_children(e, &k) == 1)
		text = cx_text(t, k[0]);
	free(k);
	if (!text)
		return NULL;
	obj = xstrdup_nospace(text);
	free(text);
	if (!*obj) {
		free(obj);
		return NULL;
	}
	return obj;
}

struct lock_scan {
	struct cx_tu *t;
	const char *obj;
	unsigned lo, hi, line;
};

/* A call of a KD_LOCK function on the object, between lo and hi. */
static enum CXChildVisitResult scan_call(CXCursor c, CXCursor p,
					 CXClientData d)
{
	struct lock_scan *ls = d;
	unsigned off = nd_offset(c);
	char *name, *arg;

	(void)p;
	if (clang_getCursorKind(c) != CXCursor_CallExpr || off <= ls->lo ||
	    off >= ls->hi || clang_Cursor_getNumArguments(c) < 1)
		return CXChildVisit_Recurse;
	name = cx_callee_name(c);
	if (kd_in_list(kd_locks, name) >= 0) {
		arg = cx_text(ls->t, clang_Cursor_getArgument(c, 0));
		if (locks_obj(arg, ls->obj))
			clang_getSpellingLocation(clang_getCursorLocation(c), NULL,
						  &ls->line, NULL, NULL);
		free(arg);
	}
	free(name);
	return ls->line ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* A KD_LOCK macro invocation on the object, between lo and hi of file f
 * (spin_lock_irqsave(), mutex_lock() with lockdep). */
static void scan_macros(struct lock_scan *ls, CXFile f)
{
	for (size_t i = 0; i < ls->t->nmacros && !ls->line; i++) {
		const struct cx_macro *m = &ls->t->macros[i];

		if (m->begin <= ls->lo || m->begin >= ls->hi || m->nargs < 1 ||
		    !clang_File_isEqual(m->file, f) ||
		    kd_in_list(kd_locks, m->name) < 0 ||
		    !locks_obj(m->args[0], ls->obj))
			continue;
		clang_getFileLocation(clang_getLocationForOffset(ls->t->tu, f,
								 m->begin),
				      NULL, &ls->line, NULL, NULL);
	}
}

unsigned nd_lock_after(struct cx_tu *t, CXCursor fn, CXCursor ea, CXCursor eb)
{
	struct nd_stores st = { .t = t, .var = nd_auto_local(fn, ea) };
	struct lock_scan ls = { .t = t };
	char *obj;
	CXFile f;

	if (clang_Cursor_isNull(st.var) || !(obj = object_of(t, eb)))
		return 0;
	nd_local_stores(fn, &st);
	clang_getSpellingLocation(clang_getCursorLocation(ea), &f, NULL, NULL,
				  &ls.hi);
	for (unsigned i = 0; i < st.n; i++)
		if (st.end[i] < ls.hi && st.end[i] > ls.lo)
			ls.lo = st.end[i];
	ls.obj = obj;
	if (ls.lo && !st.other) {
		clang_visitChildren(fn, scan_call, &ls);
		if (!ls.line)
			scan_macros(&ls, f);
	}
	free(obj);
	return ls.line;
}
