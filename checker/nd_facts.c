// SPDX-License-Identifier: GPL-2.0
/*
 * What the stores to a field tell: the clocks read into it, 0, anything
 * else, joined by the field's USR.  A translation unit sees the stores of
 * its file and of the headers it includes; a driver often stamps a field
 * in one file and reads it in another (habanalabs: goya.c and gaudi.c set
 * clk_throttling.timestamp[i].start, habanalabs_ioctl.c reads it).  The
 * audit records each unit's own stores and the fields it asked about,
 * joins them, and analyses again the units that asked about a field
 * another file stores (audit_clang.c): nd_facts_join() adds those stores
 * to every answer after.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "nd_facts.h"
#include "nd_stamp.h"
#include "util.h"

struct entry {
	char *usr;
	unsigned all;		/* every store the unit sees */
	unsigned own;		/* those of its main file, 64-bit fields */
};

struct table {
	struct entry *v;
	size_t n, cap;
	bool sorted;
};

static struct table local, joined, asked;
static struct cx_tu *local_tu;
static bool recording;
static unsigned joined_uses;

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->usr,
		      ((const struct entry *)b)->usr);
}

static struct entry *find(struct table *tb, const char *usr)
{
	struct entry key = { (char *)usr, 0, 0 };

	if (!tb->sorted && tb->n)
		qsort(tb->v, tb->n, sizeof(*tb->v), cmp_entry);
	tb->sorted = true;
	return tb->n ? bsearch(&key, tb->v, tb->n, sizeof(*tb->v), cmp_entry) :
		       NULL;
}

/* Adds to the entry of usr (one per field once sorted: merged there). */
static void add(struct table *tb, const char *usr, unsigned all, unsigned own)
{
	struct entry *e = tb->sorted ? find(tb, usr) : NULL;

	if (e) {
		e->all |= all;
		e->own |= own;
		return;
	}
	if (tb->n == tb->cap)
		tb->v = xrealloc(tb->v, (tb->cap = tb->cap * 2 + 64) * sizeof(*tb->v));
	tb->v[tb->n++] = (struct entry){ xstrdup(usr), all, own };
	tb->sorted = false;
}

/* Sorted, one entry per field. */
static void merge(struct table *tb)
{
	size_t w = 0;

	find(tb, "");
	for (size_t i = 0; i < tb->n; i++) {
		if (w && !strcmp(tb->v[w - 1].usr, tb->v[i].usr)) {
			tb->v[w - 1].all |= tb->v[i].all;
			tb->v[w - 1].own |= tb->v[i].own;
			free(tb->v[i].usr);
			continue;
		}
		tb->v[w++] = tb->v[i];
	}
	tb->n = w;
}

static void clear(struct table *tb)
{
	for (size_t i = 0; i < tb->n; i++)
		free(tb->v[i].usr);
	free(tb->v);
	memset(tb, 0, sizeof(*tb));
}

static char *usr_of(CXCursor decl)
{
	CXString s = clang_getCursorUSR(decl);
	char *u = xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return u;
}

/* A local initialised to 0 and never changed: zero_time of goya.c. */
static bool zero_local(struct cx_tu *t, CXCursor e)
{
	CXCursor d = clang_getCursorReferenced(e), *k, fn;
	unsigned n;
	bool zero;

	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(d) != CXCursor_VarDecl)
		return false;
	fn = clang_getCursorSemanticParent(d);
	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return false;
	n = cx_children(d, &k);
	zero = n && clang_getCursorKind(k[n - 1]) != CXCursor_TypeRef &&
	       clang_getCursorKind(k[n - 1]) != CXCursor_InitListExpr &&
	       nd_zero_value(t, k[n - 1]) && !nd_assigned(t, fn, d);
	free(k);
	return zero;
}

bool nd_zero_value(struct cx_tu *t, CXCursor e)
{
	char *name;
	bool made;
	int n;

	e = cx_strip(e);
	if (cx_is_zero(e))
		return true;
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
		return zero_local(t, e);
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return false;
	name = cx_callee_name(e);
	made = kd_in_list(kd_makes, name) >= 0;
	free(name);
	n = clang_Cursor_getNumArguments(e);
	for (int i = 0; made && i < n; i++)
		made = cx_is_zero(clang_Cursor_getArgument(e, i));
	return made && n > 0;
}

static unsigned kind_of(struct cx_tu *t, CXCursor v)
{
	switch (nd_now_call(v)) {
	case 0:
		return ND_FACT_REAL;
	case 1:
		return ND_FACT_MONO;
	default:
		return nd_zero_value(t, v) ? ND_FACT_ZERO : ND_FACT_OTHER;
	}
}

/* What a unit of another file can read as a stamp: a 64-bit field. */
static bool wide(CXCursor decl)
{
	switch (clang_getCanonicalType(clang_getCursorType(decl)).kind) {
	case CXType_LongLong:
	case CXType_ULongLong:
	case CXType_Long:
	case CXType_ULong:
		return clang_getCursorKind(decl) == CXCursor_FieldDecl;
	default:
		return false;
	}
}

/* A variable of the file (static ktime_t start, finish; as
 * drivers/mtd/tests/speedtest.c keeps its stamps), set only by its
 * stores: its initial value is 0, never read as a stamp before one. */
static bool file_scope(CXCursor d)
{
	return clang_getCursorKind(d) == CXCursor_VarDecl &&
	       clang_getCursorKind(clang_getCursorSemanticParent(d)) ==
	       CXCursor_TranslationUnit;
}

/* x->f = v, s.f = v, var = v (as nd_field_clock() has always counted:
 * a plain assignment written in the code, not in a macro's body). */
static enum CXChildVisitResult scan(CXCursor c, CXCursor p, CXClientData d)
{
	struct cx_tu *t = d;
	CXCursor *k, lhs, decl;
	unsigned n, kind;
	char op[4], *usr;

	(void)p;
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator)
		return CXChildVisit_Recurse;
	n = cx_children(c, &k);
	lhs = n == 2 ? cx_strip(k[0]) : c;
	if (clang_getCursorKind(lhs) == CXCursor_MemberRefExpr ||
	    (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr &&
	     file_scope(clang_getCursorReferenced(lhs)))) {
		cx_operator(t, c, op, sizeof(op));
		decl = clang_getCursorReferenced(lhs);
		usr = strcmp(op, "=") ? NULL : usr_of(decl);
		if (usr && *usr) {
			kind = kind_of(t, nd_chained(t, k[1]));
			add(&local, usr, kind,
			    wide(decl) && clang_Location_isFromMainFile(
				clang_getCursorLocation(c)) ? kind : 0);
		}
		free(usr);
	}
	free(k);
	return CXChildVisit_Recurse;
}

static void build(struct cx_tu *t)
{
	if (local_tu == t)
		return;
	clear(&local);
	clear(&asked);
	local_tu = t;
	/* a helper of the file that returns a read is one (nd_now_call()) */
	if (nd_stamp_cur_tu() != t)
		nd_stamp_tu(t);
	clang_visitChildren(clang_getTranslationUnitCursor(t->tu), scan, t);
	merge(&local);
}

unsigned nd_fact_flags(struct cx_tu *t, CXCursor decl)
{
	char *usr = usr_of(decl);
	struct entry *e;
	unsigned flags = 0;

	build(t);
	if (*usr) {
		if ((e = find(&local, usr)))
			flags |= e->all;
		/* counted when other files' stores tell more than the unit's */
		if ((e = find(&joined, usr)) && (flags | e->all) != flags) {
			flags |= e->all;
			joined_uses++;
		}
		if (wide(decl) && !find(&asked, usr))
			add(&asked, usr, ND_FACT_ASKED, ND_FACT_ASKED);
	}
	free(usr);
	return flags;
}

unsigned nd_facts_joined_uses(void)
{
	return joined_uses;
}

int nd_fact_clock(unsigned flags)
{
	if (flags == ND_FACT_MONO)
		return 1;
	return flags == ND_FACT_REAL ? 0 : -1;
}

void nd_facts_recording(bool on)
{
	recording = on;
}

void nd_facts_export(struct cx_tu *t, const char *main, struct findings *out)
{
	if (!recording)
		return;
	build(t);
	for (size_t i = 0; i < local.n; i++)
		if (local.v[i].own)
			findings_fact(out, main, local.v[i].usr, local.v[i].own);
	for (size_t i = 0; i < asked.n; i++)
		findings_fact(out, main, asked.v[i].usr, ND_FACT_ASKED);
}

void nd_facts_forget(void)
{
	clear(&local);
	clear(&asked);
	local_tu = NULL;
}

void nd_facts_join(const struct stampfact *v, size_t n)
{
	clear(&joined);
	for (size_t i = 0; i < n; i++)
		if (!(v[i].flags & ND_FACT_ASKED))
			add(&joined, v[i].usr, v[i].flags, 0);
	merge(&joined);
}

/* --- fields as stamps --- */

int nd_field_clock(struct cx_tu *t, CXCursor e)
{
	CXCursor d;

	e = cx_strip(e);
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr && !file_scope(d))
		return -1;
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr &&
	    clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return -1;
	return nd_fact_clock(nd_fact_flags(t, d));
}

/* The last member or variable name of an operand text: "end" of
 * "end->time" is the sample, so the name before the field counts too. */
static bool ordered_names(const char *da, const char *db)
{
	char *a = xstrdup(da), *b = xstrdup(db), *pa, *pb;
	bool r = kd_named_elapsed(da, db);

	/* start->time, end->time: the stamps' owners carry the names. */
	for (pa = a; *pa && (isalnum((unsigned char)*pa) || *pa == '_'); pa++)
		;
	for (pb = b; *pb && (isalnum((unsigned char)*pb) || *pb == '_'); pb++)
		;
	*pa = *pb = '\0';
	r = r || kd_named_elapsed(a, b);
	free(a);
	free(b);
	return r;
}

bool nd_ordered_stamps(struct cx_tu *t, CXCursor ea, CXCursor eb,
		       const char *da, const char *db)
{
	int ca, cb;

	if (clang_Cursor_isNull(ea) || clang_Cursor_isNull(eb) ||
	    !ordered_names(da, db))
		return false;
	ca = nd_field_clock(t, ea);
	cb = ca == 1 ? nd_field_clock(t, eb) : -1;
	return ca == 1 && cb == 1;
}
