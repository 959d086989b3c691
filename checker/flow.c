// SPDX-License-Identifier: GPL-2.0
/*
 * The path-aware walk of one function body.  The state a path carries is,
 * for each local, the source of a possibly negative delta it holds (or
 * none), whether it holds a current-time read, and the facts "a >= b"
 * established by comparisons of ktime operands.  Branches refine the
 * state by their condition (a sign test clears the delta on the branch
 * where it cannot be negative), joins keep a delta if any path brings it,
 * and a delta converted to an unsigned type is a finding.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "flow.h"
#include "summary.h"
#include "util.h"

struct var {
	CXCursor decl;
	CXCursor init;
	bool has_init;
	bool in_macro;		/* declared by a macro body, e.g. WARN_ON()'s
				 * flag: its value stands for its initialiser */
	char *name;
	bool is_unsigned;
};

struct src {
	char *text;		/* "ktime_sub(a, b)" */
	char *a, *b;		/* operand texts: the delta is a - b */
	unsigned line;
	enum kd_confidence conf;
	const char *why;	/* why that confidence */
};

struct state {
	bool live;
	int *taint;		/* per var: index into srcs, or -1 */
	bool *now;		/* per var: holds a current-time read */
	char **facts;		/* "a\tb": a >= b is known */
	size_t nfacts;
};

struct label_state {
	char *label;
	struct state st;
};

struct fctx {
	struct cx_tu *t;
	int *vhash;			/* open addressing over vars, by cursor hash */
	size_t vhash_size;
	char *fname;
	CXType ret;
	struct var *vars;
	size_t nvars;
	struct src *srcs;
	size_t nsrcs;
	enum kd_confidence min_conf;
	struct findings *out;
	struct state *brk, *cont;	/* innermost loop/switch exits */
	struct label_state *labels;
	size_t nlabels;
	char **seen;			/* "line:col" of reported sinks */
	size_t nseen;
};

/* ---- state ---- */

static void st_init(struct fctx *f, struct state *s, bool live)
{
	s->live = live;
	s->taint = xmalloc((f->nvars + 1) * sizeof(int));
	s->now = xmalloc((f->nvars + 1) * sizeof(bool));
	for (size_t i = 0; i < f->nvars; i++) {
		s->taint[i] = -1;
		s->now[i] = false;
	}
	s->facts = NULL;
	s->nfacts = 0;
}

static void st_free(struct state *s)
{
	free(s->taint);
	free(s->now);
	for (size_t i = 0; i < s->nfacts; i++)
		free(s->facts[i]);
	free(s->facts);
	memset(s, 0, sizeof(*s));
}

static void st_copy(struct fctx *f, struct state *d, const struct state *s)
{
	st_init(f, d, s->live);
	memcpy(d->taint, s->taint, f->nvars * sizeof(int));
	memcpy(d->now, s->now, f->nvars * sizeof(bool));
	d->facts = xmalloc((s->nfacts + 1) * sizeof(char *));
	for (size_t i = 0; i < s->nfacts; i++)
		d->facts[i] = xstrdup(s->facts[i]);
	d->nfacts = s->nfacts;
}

static bool has_fact(const struct state *s, const char *a, const char *b)
{
	size_t la = strlen(a);

	for (size_t i = 0; i < s->nfacts; i++)
		if (!strncmp(s->facts[i], a, la) && s->facts[i][la] == '\t' &&
		    !strcmp(s->facts[i] + la + 1, b))
			return true;
	return false;
}

static void add_fact(struct state *s, const char *a, const char *b)
{
	char *fact;

	if (!*a || !*b || has_fact(s, a, b))
		return;
	if (asprintf(&fact, "%s\t%s", a, b) < 0)
		return;
	s->facts = xrealloc(s->facts, (s->nfacts + 1) * sizeof(char *));
	s->facts[s->nfacts++] = fact;
}

/* Whether expression text e mentions the name as a whole word. */
static bool mentions(const char *e, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(e, name); p; p = strstr(p + 1, name)) {
		bool before = p > e && (isalnum((unsigned char)p[-1]) ||
					p[-1] == '_' || p[-1] == '.' ||
					(p - e > 1 && p[-1] == '>' && p[-2] == '-'));
		bool after = isalnum((unsigned char)p[n]) || p[n] == '_';

		if (!before && !after)
			return true;
	}
	return false;
}

/* An assignment to lhs ends every fact about it. */
static void kill_facts(struct state *s, const char *lhs)
{
	size_t w = 0;

	for (size_t i = 0; i < s->nfacts; i++) {
		if (mentions(s->facts[i], lhs)) {
			free(s->facts[i]);
			continue;
		}
		s->facts[w++] = s->facts[i];
	}
	s->nfacts = w;
}

/* d = d joined with s: a delta survives if either path brings one, a fact
 * only if both paths know it. */
static void st_join(struct fctx *f, struct state *d, const struct state *s)
{
	size_t w = 0;

	if (!s->live)
		return;
	if (!d->live) {
		st_free(d);
		st_copy(f, d, s);
		return;
	}
	for (size_t i = 0; i < f->nvars; i++) {
		if (d->taint[i] < 0)
			d->taint[i] = s->taint[i];
		d->now[i] = d->now[i] && s->now[i];
	}
	for (size_t i = 0; i < d->nfacts; i++) {
		char *tab = strchr(d->facts[i], '\t');
		bool keep;

		*tab = '\0';
		keep = has_fact(s, d->facts[i], tab + 1);
		*tab = '\t';
		if (keep)
			d->facts[w++] = d->facts[i];
		else
			free(d->facts[i]);
	}
	d->nfacts = w;
}

static char *cursor_name(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return r;
}

/* ---- variables ---- */

static int var_find(struct fctx *f, CXCursor d)
{
	size_t mask = f->vhash_size - 1;

	for (size_t h = clang_hashCursor(d) & mask;; h = (h + 1) & mask) {
		int i = f->vhash[h];

		if (i < 0)
			return -1;
		if (clang_equalCursors(f->vars[i].decl, d))
			return i;
	}
}

static void var_index(struct fctx *f)
{
	size_t mask;

	for (f->vhash_size = 16; f->vhash_size < 2 * f->nvars + 1;)
		f->vhash_size *= 2;
	mask = f->vhash_size - 1;
	f->vhash = xmalloc(f->vhash_size * sizeof(int));
	for (size_t h = 0; h < f->vhash_size; h++)
		f->vhash[h] = -1;
	for (size_t i = 0; i < f->nvars; i++) {
		size_t h = clang_hashCursor(f->vars[i].decl) & mask;

		while (f->vhash[h] >= 0)
			h = (h + 1) & mask;
		f->vhash[h] = (int)i;
	}
}

static int var_of(struct fctx *f, CXCursor ref)
{
	ref = cx_strip(ref);
	if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr)
		return -1;
	return var_find(f, clang_getCursorReferenced(ref));
}

static enum CXChildVisitResult collect_var(CXCursor c, CXCursor p,
					   CXClientData d)
{
	struct fctx *f = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct var *v;
	CXCursor *kids;
	unsigned n;

	(void)p;
	if (k != CXCursor_VarDecl && k != CXCursor_ParmDecl)
		return CXChildVisit_Recurse;
	f->vars = xrealloc(f->vars, (f->nvars + 1) * sizeof(*f->vars));
	v = &f->vars[f->nvars++];
	memset(v, 0, sizeof(*v));
	v->decl = c;
	v->name = cursor_name(c);
	v->is_unsigned = cx_type_is_unsigned(clang_getCursorType(c));
	n = cx_children(c, &kids);
	for (unsigned i = 0; i < n; i++) {
		enum CXCursorKind kk = clang_getCursorKind(kids[i]);

		if (clang_isExpression(kk)) {
			v->init = kids[i];
			v->has_init = true;
		}
	}
	free(kids);
	{
		char *text = cx_text(f->t, c);

		v->in_macro = !*text;
		free(text);
	}
	return CXChildVisit_Recurse;
}

/* ---- findings ---- */

static const char *wrap_of(CXType t)
{
	switch (clang_Type_getSizeOf(clang_getCanonicalType(t))) {
	case 1:
		return "255";
	case 2:
		return "65535";
	case 4:
		return "4294967295";
	default:
		return "18446744073709551615";
	}
}

/*
 * sink: what the delta reaches ("parameter 'nsec' (u64) of
 * nsec_to_cycles()"); via: the local it travelled in, if any.
 */
static void report(struct fctx *f, CXCursor at, int si, const char *sink,
		   CXType to, const char *via)
{
	const struct src *s = &f->srcs[si];
	struct finding fd;
	char *file, *msg, key[32];
	unsigned line, col;

	if (s->conf < f->min_conf)
		return;
	cx_location(at, &file, &line, &col);
	snprintf(key, sizeof(key), "%u:%u", line, col);
	for (size_t i = 0; i < f->nseen; i++)
		if (!strcmp(f->seen[i], key)) {
			free(file);
			return;
		}
	f->seen = xrealloc(f->seen, (f->nseen + 1) * sizeof(char *));
	f->seen[f->nseen++] = xstrdup(key);
	if (asprintf(&msg, "negative ktime delta: %s (line %u) can be negative%s "
		     "and reaches %s with no sign check or comparison of %s and %s "
		     "on this path; a delta of -1 ns becomes %s; confidence %s (%s); "
		     "clamp the later operand (if (ktime_before(%s, %s)) %s = %s;) "
		     "or the delta (if (d < 0) d = 0;) before the conversion",
		     s->text, s->line, via ? via : "", sink, s->a, s->b,
		     wrap_of(to), confidence_name(s->conf), s->why, s->a, s->b, s->a,
		     s->b) < 0) {
		free(file);
		return;
	}
	fd.rule = kd_in_list(kd_instance_funcs, f->fname) >= 0 ?
		  (char *)"lapic_periodic_tscdeadline" : (char *)"ktime_delta_unsigned";
	fd.engine = KD_ENGINE_CLANG;
	fd.file = file;
	fd.line = line;
	fd.column = col;
	fd.function = f->fname;
	fd.confidence = s->conf;
	fd.message = msg;
	findings_add(f->out, &fd);
	free(file);
	free(msg);
}

static char *type_name(CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	char *r = xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return r;
}

/* ---- sources ---- */

static bool is_now_expr(struct fctx *f, struct state *s, CXCursor e, int *mono)
{
	int v, i;
	char *name;

	e = cx_strip(e);
	if ((v = var_of(f, e)) >= 0) {
		*mono = 1;
		return s->now[v];
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

static int new_src(struct fctx *f, struct state *s, CXCursor at,
		   const char *text, const char *a, const char *b,
		   CXCursor ea, CXCursor eb)
{
	struct src *r;
	char *file;
	unsigned col;
	int mono_a = 1, mono_b = 1;
	bool now_a, now_b;

	/* A comparison of the operands on this path rules the sign out. */
	if (has_fact(s, a, b))
		return -1;
	f->srcs = xrealloc(f->srcs, (f->nsrcs + 1) * sizeof(*f->srcs));
	r = &f->srcs[f->nsrcs];
	r->text = xstrdup(text);
	r->a = xstrdup(a);
	r->b = xstrdup(b);
	cx_location(at, &file, &r->line, &col);
	free(file);
	now_a = is_now_expr(f, s, ea, &mono_a);
	now_b = is_now_expr(f, s, eb, &mono_b);
	if (kd_named_elapsed(a, b)) {
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
	return (int)f->nsrcs++;
}

static bool is_ktime(CXCursor e)
{
	CXCursor s = e;
	char *n;
	bool r;

	/* The typedef name survives on the operand under the implicit
	 * conversion; look at each level. */
	for (int i = 0; i < 4; i++) {
		CXCursor *kids;
		unsigned nk;

		n = type_name(clang_getCursorType(s));
		r = strstr(n, "ktime_t") != NULL;
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

/* ---- expressions ---- */

static int eval(struct fctx *f, struct state *s, CXCursor e, const char **via);
static void exec(struct fctx *f, struct state *s, CXCursor c);
static void refine(struct fctx *f, struct state *s, CXCursor cond, bool branch);

static void sink_check(struct fctx *f, CXCursor at, int si, const char *via,
		       const char *what, CXType to)
{
	char *tn, *desc;

	if (si < 0 || !cx_type_is_unsigned(to))
		return;
	tn = type_name(to);
	if (asprintf(&desc, "%s (%s)", what, tn) >= 0) {
		report(f, at, si, desc, to, via);
		free(desc);
	}
	free(tn);
}

static char *via_text(const char *name)
{
	char *v;

	if (asprintf(&v, " (held in '%s')", name) < 0)
		return NULL;
	return v;
}

static int eval_call(struct fctx *f, struct state *s, CXCursor e)
{
	char *name = cx_callee_name(e);
	int nargs = clang_Cursor_getNumArguments(e), r = -1;
	CXCursor callee = clang_getCursorReferenced(e);
	CXType ft = clang_getCursorType(callee);
	const char *via;

	if (kd_in_list(kd_sources, name) >= 0 && nargs == 2) {
		CXCursor a = clang_Cursor_getArgument(e, 0);
		CXCursor b = clang_Cursor_getArgument(e, 1);
		char *ta = cx_text(f->t, a), *tb = cx_text(f->t, b);
		char *text = cx_text(f->t, e);

		eval(f, s, a, &via);
		eval(f, s, b, &via);
		r = new_src(f, s, e, text, ta, tb, a, b);
		free(ta);
		free(tb);
		free(text);
		free(name);
		return r;
	}
	if (kd_in_list(kd_convs, name) >= 0 && nargs == 1) {
		free(name);
		return eval(f, s, clang_Cursor_getArgument(e, 0), &via);
	}
	for (int i = 0; i < nargs; i++) {
		CXCursor arg = clang_Cursor_getArgument(e, i);
		int v = eval(f, s, arg, &via);
		const struct kd_sink *ks;
		const char *why = NULL;
		char *what, *pname;
		CXType pt;

		if (v < 0 || i >= clang_getNumArgTypes(ft))
			continue;
		pt = clang_getArgType(ft, i);
		if (!cx_type_is_unsigned(pt))
			continue;
		ks = kd_find_sink(name, i);
		if (!ks && summary_of(f->t, callee, i, &why) == KD_SUM_HARMLESS)
			continue;
		pname = ks ? xstrdup(ks->param) :
			cursor_name(clang_Cursor_getArgument(callee, i));
		if (asprintf(&what, "parameter '%s' of %s()%s%s", pname, name,
			     why ? ", which " : "", why ? why : "") >= 0) {
			sink_check(f, arg, v, via, what, pt);
			free(what);
		}
		free(pname);
	}
	free(name);
	return r;
}

static int eval_assign(struct fctx *f, struct state *s, CXCursor lhs,
		       CXCursor rhs, CXCursor at)
{
	const char *via = NULL;
	int v = eval(f, s, rhs, &via);
	int var = var_of(f, lhs);
	CXType ty = clang_getCursorType(lhs);
	bool store = v >= 0 && cx_type_is_unsigned(ty), kt = is_ktime(lhs);
	char *lt = NULL, *what;
	int mono;

	if (clang_getCursorKind(cx_strip(lhs)) != CXCursor_DeclRefExpr)
		eval(f, s, lhs, &via);
	/* Texts are only needed for a finding and for ktime facts: reading
	 * tokens at every assignment is what a big function costs. */
	if (store || kt || s->nfacts)
		lt = cx_text(f->t, lhs);
	if (store && lt && asprintf(&what, "the store to '%s'", lt) >= 0) {
		sink_check(f, at, v, via, what, ty);
		free(what);
	}
	if (lt)
		kill_facts(s, lt);
	if (kt && lt) {
		/* a = b: both a >= b and b >= a hold (the operand clamp). */
		char *rt = cx_text(f->t, rhs);

		add_fact(s, lt, rt);
		add_fact(s, rt, lt);
		free(rt);
	}
	if (var >= 0) {
		s->taint[var] = f->vars[var].is_unsigned ? -1 : v;
		s->now[var] = is_now_expr(f, s, rhs, &mono);
	}
	free(lt);
	return v;
}

static int eval_binop(struct fctx *f, struct state *s, CXCursor e)
{
	CXCursor *k;
	unsigned n = cx_children(e, &k);
	const struct cx_macro *m = cx_macro_at(f->t, e);
	const char *via;
	char op[16];
	int l, r, res = -1;

	if (n != 2) {
		free(k);
		return -1;
	}
	cx_operator(f->t, e, op, sizeof(op));
	if (!*op && m && kd_in_list(kd_sources, m->name) >= 0 && m->nargs == 2)
		strcpy(op, "ktime_sub");
	if (!strcmp(op, "=")) {
		res = eval_assign(f, s, k[0], k[1], e);
	} else if (!strcmp(op, "ktime_sub") ||
		   (!strcmp(op, "-") && (is_ktime(k[0]) || is_ktime(k[1])))) {
		char *ta, *tb, *text;

		eval(f, s, k[0], &via);
		eval(f, s, k[1], &via);
		if (m && !strcmp(op, "ktime_sub")) {
			ta = xstrdup(m->args[0]);
			tb = xstrdup(m->args[1]);
			if (asprintf(&text, "%s(%s, %s)", m->name, ta, tb) < 0)
				text = xstrdup(m->name);
		} else {
			ta = cx_text(f->t, k[0]);
			tb = cx_text(f->t, k[1]);
			text = cx_text(f->t, e);
		}
		res = new_src(f, s, e, text, ta, tb, k[0], k[1]);
		free(ta);
		free(tb);
		free(text);
	} else {
		l = eval(f, s, k[0], &via);
		r = eval(f, s, k[1], &via);
		/* A scaled delta keeps its sign; a compound assignment or
		 * any other arithmetic ends the tracking. */
		if (!strcmp(op, "*") || !strcmp(op, "/"))
			res = l >= 0 ? l : r;
		else if (!strcmp(op, ","))
			res = r;
		if (op[0] && op[1] == '=' && op[0] != '=' && op[0] != '!' &&
		    op[0] != '<' && op[0] != '>') {
			char *lt = cx_text(f->t, k[0]);
			int var = var_of(f, k[0]);

			kill_facts(s, lt);
			if (var >= 0 && op[0] != '*' && op[0] != '/')
				s->taint[var] = -1;
			free(lt);
		}
	}
	free(k);
	return res;
}

static int eval_ternary(struct fctx *f, struct state *s, CXCursor e)
{
	CXCursor *k;
	unsigned n = cx_children(e, &k);
	struct state st, sf;
	const char *via;
	int vt, vf;

	if (n != 3) {
		for (unsigned i = 0; i < n; i++)
			eval(f, s, k[i], &via);
		free(k);
		return -1;
	}
	eval(f, s, k[0], &via);
	st_copy(f, &st, s);
	st_copy(f, &sf, s);
	refine(f, &st, k[0], true);
	refine(f, &sf, k[0], false);
	vt = eval(f, &st, k[1], &via);
	vf = eval(f, &sf, k[2], &via);
	st_free(&st);
	st_free(&sf);
	free(k);
	return vt >= 0 ? vt : vf;
}

/* A max(d, 0)-style macro cannot be negative. */
static bool is_clamp(struct fctx *f, CXCursor e)
{
	const struct cx_macro *m = cx_macro_at(f->t, e);

	if (!m || kd_in_list(kd_clamps, m->name) < 0)
		return false;
	for (int i = 0; i < m->nargs; i++)
		if (!strcmp(m->args[i], "0"))
			return true;
	return false;
}

static int eval(struct fctx *f, struct state *s, CXCursor e, const char **via)
{
	static char *via_buf;
	enum CXCursorKind k;
	CXCursor *kids;
	unsigned n;
	int v, r = -1;
	const char *sub;

	*via = NULL;
	if (!s->live)
		return -1;
	if (is_clamp(f, e)) {
		n = cx_children(e, &kids);
		for (unsigned i = 0; i < n; i++)
			eval(f, s, kids[i], &sub);
		free(kids);
		return -1;
	}
	k = clang_getCursorKind(e);
	switch (k) {
	case CXCursor_DeclRefExpr:
		v = var_of(f, e);
		if (v >= 0 && s->taint[v] >= 0) {
			free(via_buf);
			via_buf = via_text(f->vars[v].name);
			*via = via_buf;
			return s->taint[v];
		}
		return -1;
	case CXCursor_CallExpr:
		return eval_call(f, s, e);
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		return eval_binop(f, s, e);
	case CXCursor_ConditionalOperator:
		return eval_ternary(f, s, e);
	case CXCursor_CStyleCastExpr: {
		CXType to = clang_getCursorType(e);

		n = cx_children(e, &kids);
		v = n ? eval(f, s, kids[n - 1], &sub) : -1;
		if (v >= 0 && cx_type_is_unsigned(to))
			sink_check(f, e, v, sub, "an explicit cast", to);
		else if (v >= 0 && cx_type_is_signed(to))
			r = v, *via = sub;
		free(kids);
		return r;
	}
	case CXCursor_StmtExpr: {
		/* ({ ...; value; }): run the statements, value of the last. */
		n = cx_children(e, &kids);
		if (n == 1) {
			CXCursor *st;
			unsigned ns = cx_children(kids[0], &st);

			for (unsigned i = 0; i + 1 < ns; i++)
				exec(f, s, st[i]);
			if (ns)
				r = eval(f, s, st[ns - 1], via);
			free(st);
		}
		free(kids);
		return r;
	}
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:
		n = cx_children(e, &kids);
		if (n == 1)
			r = eval(f, s, kids[0], via);
		else
			for (unsigned i = 0; i < n; i++)
				eval(f, s, kids[i], &sub);
		free(kids);
		return r;
	default:
		if (!clang_isExpression(k) && !clang_isStatement(k))
			return -1;
		n = cx_children(e, &kids);
		for (unsigned i = 0; i < n; i++)
			eval(f, s, kids[i], &sub);
		free(kids);
		return -1;
	}
}

/* ---- conditions ---- */

/* The local a sign test is about: d, or ktime_to_ns(d). */
static int signed_var(struct fctx *f, CXCursor e)
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
	return var_of(f, e);
}

static void refine_compare(struct fctx *f, struct state *s, const char *op,
			   CXCursor l, CXCursor r, bool branch)
{
	int v;
	bool nonneg;

	if (cx_is_zero(l)) {
		/* 0 < d is d > 0 */
		const char *flip = !strcmp(op, "<") ? ">" : !strcmp(op, ">") ? "<" :
				   !strcmp(op, "<=") ? ">=" : !strcmp(op, ">=") ? "<=" : op;
		refine_compare(f, s, flip, r, l, branch);
		return;
	}
	if (!cx_is_zero(r) || (v = signed_var(f, l)) < 0)
		return;
	if (branch)
		nonneg = !strcmp(op, ">") || !strcmp(op, ">=");
	else
		nonneg = !strcmp(op, "<") || !strcmp(op, "<=");
	if (nonneg)
		s->taint[v] = -1;
}

/* a >= b now holds: later subtractions a - b are safe, and so are the
 * deltas a - b already computed (an early return after the subtraction). */
static void establish(struct fctx *f, struct state *s, const char *a,
		      const char *b)
{
	add_fact(s, a, b);
	for (size_t i = 0; i < f->nvars; i++) {
		int si = s->taint[i];

		if (si >= 0 && !strcmp(f->srcs[si].a, a) && !strcmp(f->srcs[si].b, b))
			s->taint[i] = -1;
	}
}

/* ktime_before(a, b) and friends: on this branch, which of a >= b or
 * b >= a holds. */
static void refine_call(struct fctx *f, struct state *s, CXCursor e,
			bool branch, const char *cmp_op, bool cmp_zero)
{
	char *name = cx_callee_name(e);
	int nargs = clang_Cursor_getNumArguments(e);
	char *a, *b;
	bool a_ge_b;

	if ((!strcmp(name, "__builtin_expect") || !strcmp(name, "likely") ||
	     !strcmp(name, "unlikely")) && nargs >= 1 && !cmp_op) {
		refine(f, s, clang_Cursor_getArgument(e, 0), branch);
		free(name);
		return;
	}
	if (kd_in_list(kd_opguards, name) < 0 || nargs != 2) {
		free(name);
		return;
	}
	a = cx_text(f->t, clang_Cursor_getArgument(e, 0));
	b = cx_text(f->t, clang_Cursor_getArgument(e, 1));
	if (!strcmp(name, "ktime_compare")) {
		/* ktime_compare(a, b) OP 0 */
		if (!cmp_op || !cmp_zero)
			goto out;
		if (!strcmp(cmp_op, ">=") || !strcmp(cmp_op, ">"))
			a_ge_b = branch;
		else if (!strcmp(cmp_op, "<") || !strcmp(cmp_op, "<="))
			a_ge_b = !branch;
		else
			goto out;
	} else if (cmp_op) {
		goto out;
	} else if (!strcmp(name, "ktime_before")) {
		a_ge_b = !branch;
	} else {
		a_ge_b = branch;	/* ktime_after */
	}
	if (a_ge_b)
		establish(f, s, a, b);
	else
		establish(f, s, b, a);
out:
	free(a);
	free(b);
	free(name);
}

static void refine(struct fctx *f, struct state *s, CXCursor cond, bool branch)
{
	CXCursor c = cx_strip(cond), *k;
	enum CXCursorKind kind = clang_getCursorKind(c);
	unsigned n;
	char op[8];
	int v;

	switch (kind) {
	case CXCursor_UnaryOperator:
		n = cx_children(c, &k);
		cx_operator(f->t, c, op, sizeof(op));
		/* In a macro body the operator has no token: an int-valued
		 * unary operator in a condition is taken to be '!'. */
		if (n == 1 && (!strcmp(op, "!") || (!*op &&
		    clang_getCursorType(c).kind == CXType_Int)))
			refine(f, s, k[0], !branch);
		free(k);
		return;
	case CXCursor_BinaryOperator:
		n = cx_children(c, &k);
		cx_operator(f->t, c, op, sizeof(op));
		if (n != 2) {
			free(k);
			return;
		}
		if (!strcmp(op, "&&") && branch) {
			refine(f, s, k[0], true);
			refine(f, s, k[1], true);
		} else if (!strcmp(op, "||") && !branch) {
			refine(f, s, k[0], false);
			refine(f, s, k[1], false);
		} else if (op[0] == '<' || op[0] == '>') {
			CXCursor l = cx_strip(k[0]);

			if (clang_getCursorKind(l) == CXCursor_CallExpr)
				refine_call(f, s, l, branch, op, cx_is_zero(k[1]));
			refine_compare(f, s, op, k[0], k[1], branch);
		}
		free(k);
		return;
	case CXCursor_CallExpr:
		refine_call(f, s, c, branch, NULL, false);
		return;
	case CXCursor_DeclRefExpr:
		/* A flag set inside ({ ... }), as WARN_ON() does. */
		v = var_of(f, c);
		if (v >= 0 && f->vars[v].has_init && f->vars[v].in_macro)
			refine(f, s, f->vars[v].init, branch);
		return;
	case CXCursor_StmtExpr:
		n = cx_children(c, &k);
		if (n == 1) {
			CXCursor *st;
			unsigned ns = cx_children(k[0], &st);

			if (ns)
				refine(f, s, st[ns - 1], branch);
			free(st);
		}
		free(k);
		return;
	default:
		return;
	}
}

/* ---- statements ---- */

static void exec_children(struct fctx *f, struct state *s, CXCursor c)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k);

	for (unsigned i = 0; i < n; i++)
		exec(f, s, k[i]);
	free(k);
}

static void exec_decl(struct fctx *f, struct state *s, CXCursor d)
{
	int v = var_find(f, d), mono;
	const char *via;

	if (v < 0 || !f->vars[v].has_init)
		return;
	{
		int val = eval(f, s, f->vars[v].init, &via);
		char *what;
		CXType ty = clang_getCursorType(d);

		if (val >= 0 && f->vars[v].is_unsigned &&
		    asprintf(&what, "the initialisation of '%s'", f->vars[v].name) >= 0) {
			sink_check(f, d, val, via, what, ty);
			free(what);
		}
		s->taint[v] = f->vars[v].is_unsigned ? -1 : val;
		s->now[v] = is_now_expr(f, s, f->vars[v].init, &mono);
		kill_facts(s, f->vars[v].name);
	}
}

static void exec_if(struct fctx *f, struct state *s, CXCursor c)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k), ci = 0;
	struct state st, sf;
	const char *via;

	/* C: condition, then, [else]. */
	if (n < 2) {
		free(k);
		return;
	}
	eval(f, s, k[ci], &via);
	st_copy(f, &st, s);
	st_copy(f, &sf, s);
	refine(f, &st, k[ci], true);
	refine(f, &sf, k[ci], false);
	exec(f, &st, k[ci + 1]);
	if (ci + 2 < n)
		exec(f, &sf, k[ci + 2]);
	st_free(s);
	*s = st;
	st_join(f, s, &sf);
	st_free(&sf);
	free(k);
}

/* Loops run twice so that a delta made late in the body reaches its
 * uses early in the body on the next iteration. */
static void exec_loop(struct fctx *f, struct state *s, CXCursor c)
{
	CXCursor *k;
	unsigned n = cx_children(c, &k);
	enum CXCursorKind kind = clang_getCursorKind(c);
	struct state brk, cont, *obrk = f->brk, *ocont = f->cont;
	CXCursor body = k[n - 1], cond = clang_getNullCursor();
	const char *via;

	if (kind == CXCursor_DoStmt) {
		body = k[0];
		cond = n > 1 ? k[1] : cond;
	} else if (kind == CXCursor_WhileStmt && n == 2) {
		cond = k[0];
	} else if (kind == CXCursor_ForStmt) {
		/* libclang omits empty parts: evaluate all but the body. */
		for (unsigned i = 0; i + 1 < n; i++)
			eval(f, s, k[i], &via);
	}
	st_init(f, &brk, false);
	for (int iter = 0; iter < 2; iter++) {
		struct state in;

		st_init(f, &cont, false);
		st_copy(f, &in, s);
		if (!clang_Cursor_isNull(cond) && kind != CXCursor_DoStmt) {
			eval(f, &in, cond, &via);
			refine(f, &in, cond, true);
		}
		f->brk = &brk;
		f->cont = &cont;
		exec(f, &in, body);
		st_join(f, &in, &cont);
		if (kind == CXCursor_ForStmt && n > 2)
			eval(f, &in, k[n - 2], &via);
		st_join(f, s, &in);
		st_free(&in);
		st_free(&cont);
	}
	f->brk = obrk;
	f->cont = ocont;
	if (!clang_Cursor_isNull(cond))
		refine(f, s, cond, false);
	st_join(f, s, &brk);
	st_free(&brk);
	free(k);
}

static void exec_switch(struct fctx *f, struct state *s, CXCursor c)
{
	CXCursor *k, *body;
	unsigned n = cx_children(c, &k), nb;
	struct state entry, brk, *obrk = f->brk;
	const char *via;
	bool has_default = false;

	if (n < 2) {
		free(k);
		return;
	}
	eval(f, s, k[0], &via);
	st_copy(f, &entry, s);
	st_init(f, &brk, false);
	f->brk = &brk;
	s->live = false;
	nb = cx_children(k[n - 1], &body);
	for (unsigned i = 0; i < nb; i++) {
		CXCursor st = body[i];

		/* Every case label is entered from the switch itself too. */
		while (clang_getCursorKind(st) == CXCursor_CaseStmt ||
		       clang_getCursorKind(st) == CXCursor_DefaultStmt) {
			CXCursor *ck;
			unsigned nc = cx_children(st, &ck);

			has_default |= clang_getCursorKind(st) == CXCursor_DefaultStmt;
			st_join(f, s, &entry);
			st = ck[nc - 1];
			free(ck);
		}
		exec(f, s, st);
	}
	free(body);
	f->brk = obrk;
	if (!has_default)
		st_join(f, s, &entry);
	st_join(f, s, &brk);
	st_free(&brk);
	st_free(&entry);
	free(k);
}

static void jump(struct fctx *f, struct state *s, struct state *to)
{
	if (to)
		st_join(f, to, s);
	s->live = false;
}

static struct state *label_state(struct fctx *f, const char *label)
{
	for (size_t i = 0; i < f->nlabels; i++)
		if (!strcmp(f->labels[i].label, label))
			return &f->labels[i].st;
	f->labels = xrealloc(f->labels, (f->nlabels + 1) * sizeof(*f->labels));
	f->labels[f->nlabels].label = xstrdup(label);
	st_init(f, &f->labels[f->nlabels].st, false);
	return &f->labels[f->nlabels++].st;
}

static void exec(struct fctx *f, struct state *s, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor *kids;
	unsigned n;
	const char *via;
	char *name;
	int v;

	switch (k) {
	case CXCursor_CompoundStmt:
	case CXCursor_DeclStmt:
		exec_children(f, s, c);
		return;
	case CXCursor_VarDecl:
		exec_decl(f, s, c);
		return;
	case CXCursor_IfStmt:
		if (s->live)
			exec_if(f, s, c);
		return;
	case CXCursor_WhileStmt:
	case CXCursor_ForStmt:
	case CXCursor_DoStmt:
		exec_loop(f, s, c);
		return;
	case CXCursor_SwitchStmt:
		if (s->live)
			exec_switch(f, s, c);
		return;
	case CXCursor_ReturnStmt:
		n = cx_children(c, &kids);
		if (n == 1 && (v = eval(f, s, kids[0], &via)) >= 0)
			sink_check(f, kids[0], v, via, "the return value", f->ret);
		free(kids);
		s->live = false;
		return;
	case CXCursor_BreakStmt:
		jump(f, s, f->brk);
		return;
	case CXCursor_ContinueStmt:
		jump(f, s, f->cont);
		return;
	case CXCursor_GotoStmt:
		n = cx_children(c, &kids);
		if (n == 1) {
			name = cursor_name(kids[0]);
			jump(f, s, label_state(f, name));
			free(name);
		}
		free(kids);
		s->live = false;
		return;
	case CXCursor_LabelStmt:
		/* Forward gotos join here; a backward goto is not followed. */
		name = cursor_name(c);
		st_join(f, s, label_state(f, name));
		free(name);
		exec_children(f, s, c);
		return;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		n = cx_children(c, &kids);
		if (n)
			exec(f, s, kids[n - 1]);
		free(kids);
		return;
	default:
		if (clang_isExpression(k))
			eval(f, s, c, &via);
		return;
	}
}

int flow_function(struct cx_tu *t, CXCursor fn, enum kd_confidence min_conf,
		  struct findings *out)
{
	struct fctx f = { 0 };
	struct state s;
	CXCursor *k;
	unsigned n = cx_children(fn, &k);

	f.t = t;
	f.fname = cursor_name(fn);
	f.ret = clang_getResultType(clang_getCursorType(fn));
	f.min_conf = min_conf;
	f.out = out;
	clang_visitChildren(fn, collect_var, &f);
	var_index(&f);
	st_init(&f, &s, true);
	if (n && clang_getCursorKind(k[n - 1]) == CXCursor_CompoundStmt)
		exec(&f, &s, k[n - 1]);
	st_free(&s);
	free(k);
	for (size_t i = 0; i < f.nvars; i++)
		free(f.vars[i].name);
	free(f.vars);
	free(f.vhash);
	for (size_t i = 0; i < f.nsrcs; i++) {
		free(f.srcs[i].text);
		free(f.srcs[i].a);
		free(f.srcs[i].b);
	}
	free(f.srcs);
	for (size_t i = 0; i < f.nlabels; i++) {
		free(f.labels[i].label);
		st_free(&f.labels[i].st);
	}
	free(f.labels);
	for (size_t i = 0; i < f.nseen; i++)
		free(f.seen[i]);
	free(f.seen);
	free(f.fname);
	return 0;
}
