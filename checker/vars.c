// SPDX-License-Identifier: GPL-2.0
/* The variables of one function, hashed by declaration cursor. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vars.h"

int vars_find(const struct vars *vs, CXCursor decl)
{
	size_t mask = vs->hash_size - 1;

	for (size_t h = clang_hashCursor(decl) & mask;; h = (h + 1) & mask) {
		int i = vs->hash[h];

		if (i < 0)
			return -1;
		if (clang_equalCursors(vs->v[i].decl, decl))
			return i;
	}
}

static void vars_index(struct vars *vs)
{
	size_t mask;

	for (vs->hash_size = 16; vs->hash_size < 2 * vs->n + 1;)
		vs->hash_size *= 2;
	mask = vs->hash_size - 1;
	vs->hash = xmalloc(vs->hash_size * sizeof(int));
	for (size_t h = 0; h < vs->hash_size; h++)
		vs->hash[h] = -1;
	for (size_t i = 0; i < vs->n; i++) {
		size_t h = clang_hashCursor(vs->v[i].decl) & mask;

		while (vs->hash[h] >= 0)
			h = (h + 1) & mask;
		vs->hash[h] = (int)i;
	}
}

int vars_of(const struct vars *vs, CXCursor ref)
{
	ref = cx_strip(ref);
	if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr)
		return -1;
	return vars_find(vs, clang_getCursorReferenced(ref));
}

struct collect {
	struct cx_tu *t;
	struct vars *vs;
};

static enum CXChildVisitResult collect_var(CXCursor c, CXCursor p,
					   CXClientData d)
{
	struct collect *cl = d;
	struct vars *vs = cl->vs;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct kd_var *v;
	char *text;

	(void)p;
	if (k != CXCursor_VarDecl && k != CXCursor_ParmDecl)
		return CXChildVisit_Recurse;
	vs->v = xrealloc(vs->v, (vs->n + 1) * sizeof(*vs->v));
	v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	v->decl = c;
	v->name = cx_cursor_name(c);
	v->is_unsigned = cx_type_is_unsigned(clang_getCursorType(c));
	/* The initialiser, not an array's size (ktime_t time[4];). */
	if (k == CXCursor_VarDecl) {
		v->init = clang_Cursor_getVarDeclInitializer(c);
		v->has_init = !clang_Cursor_isNull(v->init);
	}
	text = cx_text(cl->t, c);
	v->in_macro = !*text;
	free(text);
	return CXChildVisit_Recurse;
}

void vars_collect(struct cx_tu *t, CXCursor fn, struct vars *vs)
{
	struct collect cl = { t, vs };

	memset(vs, 0, sizeof(*vs));
	clang_visitChildren(fn, collect_var, &cl);
	vars_index(vs);
}

void vars_free(struct vars *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		free(vs->v[i].name);
	free(vs->v);
	free(vs->hash);
	memset(vs, 0, sizeof(*vs));
}
