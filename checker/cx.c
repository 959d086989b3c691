// SPDX-License-Identifier: GPL-2.0
/* Helpers over the libclang C API: tokens, operators, macros, types. */
#include <limits.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cx.h"
#include "util.h"

static char *str_of(CXString s)
{
	char *r = xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return r;
}

static bool is_word(const char *s)
{
	return isalnum((unsigned char)*s) || *s == '_';
}

/* Joins tokens [from, to) with a space only between two words and after
 * a comma. */
static char *join_tokens(CXTranslationUnit tu, CXToken *tok, unsigned from,
			 unsigned to)
{
	size_t cap = 64, len = 0;
	char *out = xmalloc(cap), prev_last = 0;

	out[0] = '\0';
	for (unsigned i = from; i < to; i++) {
		char *s = str_of(clang_getTokenSpelling(tu, tok[i]));
		size_t n = strlen(s);
		bool space = len && ((is_word(&prev_last) && is_word(s)) ||
				     prev_last == ',');

		if (len + n + 2 > cap) {
			cap = 2 * (len + n + 2);
			out = xrealloc(out, cap);
		}
		if (space)
			out[len++] = ' ';
		memcpy(out + len, s, n + 1);
		len += n;
		prev_last = n ? s[n - 1] : prev_last;
		free(s);
	}
	return out;
}

/*
 * The offsets of r's ends in the file as written (clang_getFileLocation():
 * a macro's argument where it is written, its body where it is used):
 * true when both are in one file, in order.
 */
static bool file_span(CXSourceRange r, CXFile *f, unsigned *b, unsigned *e)
{
	CXFile fe;

	clang_getFileLocation(clang_getRangeStart(r), f, NULL, NULL, b);
	clang_getFileLocation(clang_getRangeEnd(r), &fe, NULL, NULL, e);
	return *f && fe && clang_File_isEqual(*f, fe) && *e >= *b;
}

/*
 * r with both ends in the file as written: an expression expanded from an
 * object-like macro (CT in "t < CT") has an extent from the macro's body
 * in its #define to its use, whose tokens are everything in between.  r
 * itself when the ends are in two files.
 */
static CXSourceRange written_ends(CXTranslationUnit tu, CXSourceRange r)
{
	CXFile f;
	unsigned b, e;

	if (!file_span(r, &f, &b, &e))
		return r;
	return clang_getRange(clang_getLocationForOffset(tu, f, b),
			      clang_getLocationForOffset(tu, f, e));
}

char *cx_text(const struct cx_tu *t, CXCursor c)
{
	CXToken *tok;
	unsigned n;
	char *r;

	clang_tokenize(t->tu, written_ends(t->tu, clang_getCursorExtent(c)), &tok, &n);
	r = join_tokens(t->tu, tok, 0, n);
	clang_disposeTokens(t->tu, tok, n);
	return r;
}

struct kids {
	CXCursor *v;
	unsigned n, cap;
};

static enum CXChildVisitResult add_kid(CXCursor c, CXCursor p, CXClientData d)
{
	struct kids *k = d;

	(void)p;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 4;
		k->v = xrealloc(k->v, k->cap * sizeof(*k->v));
	}
	k->v[k->n++] = c;
	return CXChildVisit_Continue;
}

unsigned cx_children(CXCursor c, CXCursor **out)
{
	struct kids k = { 0 };

	clang_visitChildren(c, add_kid, &k);
	*out = k.v;
	return k.n;
}

CXCursor cx_strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		CXCursor *kids;
		unsigned n;

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
			return c;
		n = cx_children(c, &kids);
		if (n != 1) {
			free(kids);
			return c;
		}
		c = kids[0];
		free(kids);
	}
}

/* Whether a cast from type from to type to keeps every value: a wider
 * signed type, or one as wide or wider of the same signedness. */
static bool widening(CXType from, CXType to)
{
	long long f = clang_Type_getSizeOf(from), t = clang_Type_getSizeOf(to);

	if (f <= 0 || t <= 0)
		return false;
	if (cx_type_is_signed(to))
		return cx_type_is_signed(from) ? t >= f : t > f && cx_type_is_unsigned(from);
	return cx_type_is_unsigned(to) && cx_type_is_unsigned(from) && t >= f;
}

CXCursor cx_strip_widening(CXCursor c)
{
	for (;;) {
		CXCursor *kids;
		unsigned n;

		c = cx_strip(c);
		if (clang_getCursorKind(c) != CXCursor_CStyleCastExpr)
			return c;
		n = cx_children(c, &kids);
		/* (s64)x: a TypeRef for the typedef, then x */
		if (!n || !widening(clang_getCursorType(cx_strip(kids[n - 1])),
				    clang_getCursorType(c))) {
			free(kids);
			return c;
		}
		c = kids[n - 1];
		free(kids);
	}
}

static unsigned offset_of(CXSourceLocation l, CXFile *file)
{
	unsigned off;

	clang_getExpansionLocation(l, file, NULL, NULL, &off);
	return off;
}

static void token_text(CXTranslationUnit tu, CXToken tok, char *op, size_t n)
{
	char *s;

	if (clang_getTokenKind(tok) != CXToken_Punctuation)
		return;
	s = str_of(clang_getTokenSpelling(tu, tok));
	strncpy(op, s, n - 1);
	op[n - 1] = '\0';
	free(s);
}

static unsigned written_offset(CXSourceLocation l, CXFile *file)
{
	unsigned off;

	clang_getFileLocation(l, file, NULL, NULL, &off);
	return off;
}

/* When an operand comes from a macro, the range between the operands is
 * not a file range: find the first token after the left operand, by
 * where each was written, in the whole extent. */
static void operator_in_extent(const struct cx_tu *t, CXSourceRange r,
			       CXCursor lhs, char *op, size_t n)
{
	unsigned ntok, skip = 0, lhs_end;
	CXToken *tok;

	lhs_end = written_offset(clang_getRangeEnd(clang_getCursorExtent(lhs)), NULL);
	clang_tokenize(t->tu, r, &tok, &ntok);
	while (skip < ntok &&
	       written_offset(clang_getTokenLocation(t->tu, tok[skip]), NULL) < lhs_end)
		skip++;
	if (skip < ntok)
		token_text(t->tu, tok[skip], op, n);
	clang_disposeTokens(t->tu, tok, ntok);
}

/* Whether location a comes before b where they were written (a macro
 * argument where it is spelled): the operands of an operator in a
 * macro's body both span the whole invocation, and the range "between"
 * them runs backwards. */
static bool written_before(CXSourceLocation a, CXSourceLocation b)
{
	CXFile fa, fb;
	unsigned oa = written_offset(a, &fa), ob = written_offset(b, &fb);

	return clang_File_isEqual(fa, fb) && oa < ob;
}

/*
 * Only the tokens between the operands are read (reading the whole extent
 * at every level of a nested expression would be quadratic); a prefix
 * operator is the expression's first token.
 */
void cx_operator(const struct cx_tu *t, CXCursor c, char *op, size_t n)
{
	CXCursor *kids;
	unsigned nk = cx_children(c, &kids), ntok;
	CXSourceRange r = clang_getCursorExtent(c);
	CXToken *tok;

	op[0] = '\0';
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
		CXToken *first = clang_getToken(t->tu, clang_getRangeStart(r));

		if (first) {
			token_text(t->tu, *first, op, n);
			clang_disposeTokens(t->tu, first, 1);
		}
	} else if (nk == 2 && written_before(
			clang_getRangeEnd(clang_getCursorExtent(kids[0])),
			clang_getRangeStart(clang_getCursorExtent(kids[1])))) {
		CXSourceRange between = clang_getRange(
			clang_getRangeEnd(clang_getCursorExtent(kids[0])),
			clang_getRangeStart(clang_getCursorExtent(kids[1])));

		clang_tokenize(t->tu, between, &tok, &ntok);
		if (ntok)
			token_text(t->tu, tok[0], op, n);
		clang_disposeTokens(t->tu, tok, ntok);
		if (!ntok)
			operator_in_extent(t, r, kids[0], op, n);
	}
	free(kids);
}

char *cx_callee_name(CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);

	if (clang_Cursor_isNull(ref))
		return str_of(clang_getCursorSpelling(call));
	return str_of(clang_getCursorSpelling(ref));
}

char *cx_cursor_name(CXCursor c)
{
	return str_of(clang_getCursorSpelling(c));
}

char *cx_type_name(CXType t)
{
	return str_of(clang_getTypeSpelling(t));
}

bool cx_type_named(CXCursor e, const char *name)
{
	CXCursor s = e;

	/* A few levels: the typedef survives on the operand under the
	 * implicit conversion. */
	for (int i = 0; i < 4; i++) {
		CXCursor *kids;
		unsigned nk;
		char *n = cx_type_name(clang_getCursorType(s));
		bool r = strstr(n, name) != NULL;

		free(n);
		if (r)
			return true;
		nk = cx_children(s, &kids);
		if (nk != 1 || (clang_getCursorKind(s) != CXCursor_UnexposedExpr &&
				clang_getCursorKind(s) != CXCursor_ParenExpr)) {
			free(kids);
			return false;
		}
		s = kids[0];
		free(kids);
	}
	return false;
}

bool cx_type_is_unsigned(CXType t)
{
	switch (clang_getCanonicalType(t).kind) {
	case CXType_UChar:
	case CXType_UShort:
	case CXType_UInt:
	case CXType_ULong:
	case CXType_ULongLong:
	case CXType_UInt128:
		return true;
	default:
		return false;
	}
}

bool cx_type_is_signed(CXType t)
{
	switch (clang_getCanonicalType(t).kind) {
	case CXType_SChar:
	case CXType_Char_S:
	case CXType_Short:
	case CXType_Int:
	case CXType_Long:
	case CXType_LongLong:
	case CXType_Int128:
		return true;
	default:
		return false;
	}
}

bool cx_const_int(CXCursor c, long long *v)
{
	CXEvalResult r;
	bool ok = false;

	c = cx_strip(c);
	/* A variable's value is not a constant, even with an initialiser. */
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(c)) != CXCursor_EnumConstantDecl)
		return false;
	r = clang_Cursor_Evaluate(c);
	if (r) {
		ok = clang_EvalResult_getKind(r) == CXEval_Int;
		if (ok && clang_EvalResult_isUnsignedInt(r) &&
		    clang_EvalResult_getAsUnsigned(r) > LLONG_MAX)
			*v = LLONG_MAX;
		else if (ok)
			*v = clang_EvalResult_getAsLongLong(r);
		clang_EvalResult_dispose(r);
	}
	return ok;
}

bool cx_is_zero(CXCursor c)
{
	CXEvalResult r;
	bool zero = false;

	c = cx_strip(c);
	if (clang_getCursorKind(c) != CXCursor_IntegerLiteral &&
	    clang_getCursorKind(c) != CXCursor_CStyleCastExpr)
		return false;
	r = clang_Cursor_Evaluate(c);
	if (r) {
		zero = clang_EvalResult_getKind(r) == CXEval_Int &&
		       clang_EvalResult_getAsLongLong(r) == 0;
		clang_EvalResult_dispose(r);
	}
	return zero;
}

void cx_location(CXCursor c, char **file, unsigned *line, unsigned *col)
{
	CXFile f;

	clang_getExpansionLocation(clang_getCursorLocation(c), &f, line, col,
				   NULL);
	*file = str_of(clang_getFileName(f));
}

/* The file text of a range, each run of blanks one space; "" when the
 * range is not one piece of one file. */
static char *written_range(CXTranslationUnit tu, CXSourceRange r)
{
	CXFile fb;
	unsigned b, e;
	size_t size, n = 0;
	const char *buf;
	char *out;

	if (!file_span(r, &fb, &b, &e) ||
	    !(buf = clang_getFileContents(tu, fb, &size)) || e > size)
		return xstrdup("");
	out = xmalloc(e - b + 1);
	for (unsigned i = b; i < e; i++) {
		bool blank = isspace((unsigned char)buf[i]);

		if (blank && (!n || out[n - 1] == ' '))
			continue;
		out[n++] = blank ? ' ' : buf[i];
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

char *cx_written(const struct cx_tu *t, CXCursor c)
{
	char *r = written_range(t->tu, clang_getCursorExtent(c));

	if (!*r) {
		free(r);
		return cx_text(t, c);
	}
	return r;
}

bool cx_in_macro(const struct cx_tu *t, CXCursor c, bool (*pred)(const char *))
{
	CXFile f;
	unsigned off = offset_of(clang_getRangeStart(clang_getCursorExtent(c)), &f);

	for (size_t i = 0; i < t->nmacros; i++) {
		const struct cx_macro *m = &t->macros[i];

		if (m->begin > off)
			break;
		if (off < m->end && clang_File_isEqual(m->file, f) && pred(m->name))
			return true;
	}
	return false;
}

struct in_call {
	CXFile file;
	unsigned off;
	bool (*pred)(const char *);
	bool found;
};

/* Descends only into cursors whose extent holds the offset; one whose
 * ends expand to a single point (macro-body code) is entered too. */
static enum CXChildVisitResult in_call_visit(CXCursor c, CXCursor parent,
					     CXClientData data)
{
	struct in_call *q = data;
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile f;
	unsigned b = offset_of(clang_getRangeStart(r), &f);
	unsigned e = offset_of(clang_getRangeEnd(r), NULL);
	char *name;

	(void)parent;
	if (b < e && clang_File_isEqual(f, q->file) &&
	    (q->off < b || q->off >= e))
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_CallExpr && b < e) {
		name = cx_callee_name(c);
		q->found = q->pred(name);
		free(name);
		if (q->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

bool cx_in_call(CXCursor scope, CXCursor c, bool (*pred)(const char *))
{
	struct in_call q = { .pred = pred };

	q.off = offset_of(clang_getRangeStart(clang_getCursorExtent(c)), &q.file);
	clang_visitChildren(scope, in_call_visit, &q);
	return q.found;
}

/* Splits "name ( a , b )" into argument texts at top-level commas. */
static void split_args(CXTranslationUnit tu, CXToken *tok, unsigned n,
		       struct cx_macro *m)
{
	unsigned depth = 0, start = 2;

	if (n < 3)
		return;
	for (unsigned i = 1; i < n; i++) {
		char *s = str_of(clang_getTokenSpelling(tu, tok[i]));
		bool open = !strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{");
		bool close = !strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}");
		bool comma = !strcmp(s, ",");

		free(s);
		if (open) {
			depth++;
			continue;
		}
		if ((close && depth == 1) || (comma && depth == 1)) {
			m->args = xrealloc(m->args, (m->nargs + 1) * sizeof(char *));
			m->raw = xrealloc(m->raw, (m->nargs + 1) * sizeof(char *));
			m->raw[m->nargs] = written_range(tu, clang_getRange(
				clang_getRangeStart(clang_getTokenExtent(tu, tok[start])),
				clang_getRangeEnd(clang_getTokenExtent(tu, tok[i - 1]))));
			m->args[m->nargs++] = join_tokens(tu, tok, start, i);
			start = i + 1;
		}
		if (close && --depth == 0)
			break;
	}
}

static enum CXChildVisitResult macro_visit(CXCursor c, CXCursor p,
					   CXClientData d)
{
	struct cx_tu *t = d;
	struct cx_macro *m;
	CXSourceRange r;
	CXToken *tok;
	unsigned n;

	(void)p;
	if (clang_getCursorKind(c) != CXCursor_MacroExpansion ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	t->macros = xrealloc(t->macros, (t->nmacros + 1) * sizeof(*t->macros));
	m = &t->macros[t->nmacros++];
	memset(m, 0, sizeof(*m));
	m->name = str_of(clang_getCursorSpelling(c));
	r = clang_getCursorExtent(c);
	m->begin = offset_of(clang_getRangeStart(r), &m->file);
	m->end = offset_of(clang_getRangeEnd(r), &m->file);
	clang_tokenize(t->tu, r, &tok, &n);
	split_args(t->tu, tok, n, m);
	clang_disposeTokens(t->tu, tok, n);
	return CXChildVisit_Continue;
}

void cx_index_macros(struct cx_tu *t)
{
	clang_visitChildren(clang_getTranslationUnitCursor(t->tu), macro_visit, t);
}

void cx_free_macros(struct cx_tu *t)
{
	for (size_t i = 0; i < t->nmacros; i++) {
		free(t->macros[i].name);
		for (int a = 0; a < t->macros[i].nargs; a++) {
			free(t->macros[i].args[a]);
			free(t->macros[i].raw[a]);
		}
		free(t->macros[i].args);
		free(t->macros[i].raw);
	}
	free(t->macros);
	t->macros = NULL;
	t->nmacros = 0;
}

/* Only the main file's expansions are indexed, in source order, so a
 * binary search by offset finds one. */
const struct cx_macro *cx_macro_at(const struct cx_tu *t, CXCursor c)
{
	CXFile f;
	unsigned off = offset_of(clang_getRangeStart(clang_getCursorExtent(c)), &f);
	size_t lo = 0, hi = t->nmacros;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->macros[mid].begin < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nmacros && t->macros[lo].begin == off &&
	    clang_File_isEqual(t->macros[lo].file, f))
		return &t->macros[lo];
	return NULL;
}
