// SPDX-License-Identifier: GPL-2.0
/*
 * The known-instance table of `kdelta audit`: for each KD_KNOWN entry of
 * api.def, whether the tree carries the bug (present), a fix (fixed), or
 * neither the function nor its bug (not applicable), with the source
 * lines that show it.  The instance rule's finding is the evidence of the
 * bug; the text of the function shows the fix and the older shape.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "cocci.h"
#include "jsonutil.h"
#include "known.h"
#include "srcfile.h"
#include "util.h"

struct known {
	const char *id, *file, *function, *introduced, *fixed_by, *rule;
	const char *source, *sink;
};

static const struct known knowns[] = {
#define KD_KNOWN(id, file, fn, intro, fix, rule, src, sink) \
	{ id, file, #fn, intro, fix, #rule, #src, #sink },
#include "api.def"
#undef KD_KNOWN
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};

/* What the text of the function shows; line indices, -1 when absent. */
struct shape {
	long first, open, close;
	long sub, sink, clamp_if, clamp_set;
	char *later, *earlier;	/* the source's operands, as written */
	char *clamp;		/* the clamp's statement, squeezed */
};

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Just after the '(' of a call of name in text, or NULL. */
static const char *find_call(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, name)); p += n) {
		const char *q = p + n;

		if (p > text && is_ident(p[-1]))
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '(')
			return q + 1;
	}
	return NULL;
}

static bool ends_with_semicolon(const char *line)
{
	const char *e = line + strlen(line);

	while (e > line && isspace((unsigned char)e[-1]))
		e--;
	return e > line && e[-1] == ';';
}

/* Kernel style: the name at the start of a line, '{' and '}' in column 0. */
static void find_function(const struct srcfile *s, const char *fn, struct shape *sh)
{
	sh->first = sh->open = sh->close = -1;
	for (size_t i = 0; i < s->n && sh->first < 0; i++)
		if (is_ident(s->line[i][0]) && find_call(s->line[i], fn) &&
		    !ends_with_semicolon(s->line[i]))
			sh->first = (long)i;
	for (long i = sh->first; i >= 0 && (size_t)i < s->n && sh->open < 0; i++)
		if (s->line[i][0] == '{')
			sh->open = i;
	for (long i = sh->open; i >= 0 && (size_t)i < s->n && sh->close < 0; i++)
		if (s->line[i][0] == '}')
			sh->close = i;
	if (sh->close < 0)
		sh->first = -1;
}

/* Whitespace runs become one space, none at either end. */
static char *squeeze(const char *p, size_t n)
{
	char *r = xmalloc(n + 1), *w = r;

	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)p[i])) {
			if (w > r && w[-1] != ' ')
				*w++ = ' ';
		} else {
			*w++ = p[i];
		}
	}
	while (w > r && w[-1] == ' ')
		w--;
	*w = '\0';
	return r;
}

/* The ')' closing the '(' just before p, or NULL. */
static const char *close_paren(const char *p)
{
	for (int depth = 0; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth-- == 0)
			return p;
	}
	return NULL;
}

/* The two arguments of the call whose '(' precedes p; false otherwise. */
static bool two_args(const char *p, char **a, char **b)
{
	const char *end = close_paren(p), *comma = NULL;
	int depth = 0;

	if (!end)
		return false;
	for (const char *q = p; q < end && !comma; q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')')
			depth--;
		else if (*q == ',' && depth == 0)
			comma = q;
	}
	if (!comma)
		return false;
	*a = squeeze(p, (size_t)(comma - p));
	*b = squeeze(comma + 1, (size_t)(end - comma - 1));
	return true;
}

/* Lines i.. joined by spaces, as far as a statement or call can run. */
static char *join(const struct srcfile *s, long i, long last)
{
	size_t cap = 1, len = 0;
	char *r = NULL;

	for (long j = i; j <= last && j < i + 6; j++)
		cap += strlen(s->line[j]) + 1;
	r = xmalloc(cap);
	for (long j = i; j <= last && j < i + 6; j++)
		len += (size_t)sprintf(r + len, "%s%s", j > i ? " " : "", s->line[j]);
	r[len] = '\0';
	return r;
}

static bool same_expr(const char *x, const char *y)
{
	while (*x || *y) {
		while (*x == ' ')
			x++;
		while (*y == ' ')
			y++;
		if (*x != *y)
			return false;
		if (*x)
			x++, y++;
	}
	return true;
}

/* "T = N;" on its own, the statement of a clamp. */
static bool is_clamp_set(const char *stmt, const char *t, const char *n)
{
	char *want, *got = squeeze(stmt, strlen(stmt));
	bool r;

	if (asprintf(&want, "%s = %s;", t, n) < 0) {
		free(got);
		return false;
	}
	r = same_expr(got, want);
	free(want);
	free(got);
	return r;
}

/* Whether the condition on line i compares later with earlier, true
 * when later is before earlier: ktime_before(T, N) or ktime_after(N, T). */
static bool clamp_condition(const char *cond, const struct shape *sh)
{
	const char *p;
	char *a, *b;
	bool r = false;

	if ((p = find_call(cond, "ktime_before")) && two_args(p, &a, &b)) {
		r = same_expr(a, sh->later) && same_expr(b, sh->earlier);
		free(a);
		free(b);
	} else if ((p = find_call(cond, "ktime_after")) && two_args(p, &a, &b)) {
		r = same_expr(a, sh->earlier) && same_expr(b, sh->later);
		free(a);
		free(b);
	}
	return r;
}

/* The upstream fix: if (ktime_before(T, N)) T = N; before the source. */
static void find_clamp(const struct srcfile *s, struct shape *sh)
{
	sh->clamp_if = sh->clamp_set = -1;
	for (long i = sh->open + 1; i < sh->sub; i++) {
		const char *p = find_call(s->line[i], "if"), *rest;
		char *cond;
		bool ok;

		/* The condition, on one line in kernel style, then the
		 * statement on the same line or the next. */
		rest = p ? close_paren(p) : NULL;
		if (!rest)
			continue;
		cond = squeeze(p, (size_t)(rest - p));
		ok = clamp_condition(cond, sh);
		free(cond);
		if (!ok)
			continue;
		for (rest++; isspace((unsigned char)*rest); rest++)
			;
		if (*rest && *rest != '{' && is_clamp_set(rest, sh->later, sh->earlier)) {
			sh->clamp_if = sh->clamp_set = i;
		} else if (i + 1 < sh->sub &&
			   is_clamp_set(s->line[i + 1], sh->later, sh->earlier)) {
			sh->clamp_if = i;
			sh->clamp_set = i + 1;
		}
		if (sh->clamp_if >= 0) {
			char *text = join(s, i, sh->clamp_set);

			sh->clamp = squeeze(text, strlen(text));
			free(text);
			return;
		}
	}
}

static void find_shape(const struct srcfile *s, const struct known *k, struct shape *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->sub = sh->sink = sh->clamp_if = sh->clamp_set = -1;
	find_function(s, k->function, sh);
	for (long i = sh->open + 1; sh->first >= 0 && i < sh->close && sh->sub < 0; i++) {
		char *text;
		const char *p;

		if (!find_call(s->line[i], k->source))
			continue;
		text = join(s, i, sh->close);
		p = find_call(text, k->source);
		if (two_args(p, &sh->later, &sh->earlier))
			sh->sub = i;
		free(text);
	}
	for (long i = sh->sub + 1; sh->sub >= 0 && i < sh->close && sh->sink < 0; i++)
		if (find_call(s->line[i], k->sink))
			sh->sink = i;
	if (sh->sub >= 0)
		find_clamp(s, sh);
}

static void add_evidence(json_t *ev, const struct srcfile *s, long i, long *last)
{
	if (i < 0 || i == *last)
		return;
	*last = i;
	json_array_append_new(ev, json_pack("{s:I, s:s}", "line", (json_int_t)i + 1,
					    "text", s->line[i]));
}

/* The instance rule's finding in the function, from findings of the file. */
static const struct finding *rule_finding(const struct known *k,
					  const struct shape *sh,
					  const struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];

		if (strcmp(f->rule, k->rule))
			continue;
		if (!strcmp(f->function, k->function) ||
		    (f->line > (unsigned long)sh->first && f->line <= (unsigned long)sh->close + 1))
			return f;
	}
	return NULL;
}

static json_t *entry(const struct known *k, const char *status, char *reason)
{
	json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:[]}",
			      "id", k->id, "file", k->file, "function", k->function,
			      "introduced", k->introduced, "fixed_by", k->fixed_by,
			      "status", status, "reason", reason, "evidence");

	free(reason);
	return e;
}

static char *say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *say(const char *fmt, ...)
{
	va_list ap;
	char *r;

	va_start(ap, fmt);
	if (vasprintf(&r, fmt, ap) < 0)
		r = NULL;
	va_end(ap);
	return r;
}

/* The status once the function is known to compute the source. */
static json_t *judge(const struct known *k, const struct shape *sh,
		     const struct finding *f)
{
	if (f)
		return entry(k, "present", say(
			"%s() passes %s(%s, %s) to %s() with no comparison of the "
			"operands before it (rule %s, line %u): it carries %s and "
			"lacks %s.", k->function, k->source, sh->later, sh->earlier,
			k->sink, k->rule, f->line, k->introduced, k->fixed_by));
	if (sh->clamp_if >= 0)
		return entry(k, "fixed", say(
			"%s() clamps %s to %s before %s(), as the fix %s does: %s",
			k->function, sh->later, sh->earlier, k->source,
			k->fixed_by, sh->clamp));
	if (sh->sink < 0)
		return entry(k, "not applicable", say(
			"%s() computes %s(%s, %s) but does not pass it to %s().",
			k->function, k->source, sh->later, sh->earlier, k->sink));
	return entry(k, "fixed", say(
		"%s() has no clamp of %s before %s(), but rule %s finds the delta "
		"guarded on every path to %s(): fixed otherwise than by %s; "
		"review the guard.", k->function, sh->later, k->source, k->rule,
		k->sink, k->fixed_by));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The instance rule's findings in the file: those of the audit when it
 * scanned the file, else (another shard has it) the pack on that file.
 */
static void file_findings(const char *kdir, const struct known *k,
			  const struct findings *cocci,
			  const struct strlist *scanned, long jobs,
			  struct findings *out)
{
	const char *key = k->file;
	struct strlist one = { 0 }, none = { 0 };
	char *path;

	if (scanned->n && bsearch(&key, scanned->v, scanned->n, sizeof(char *), cmp_str)) {
		for (size_t i = 0; i < cocci->n; i++)
			if (!strcmp(cocci->v[i].file, k->file))
				findings_add(out, &cocci->v[i]);
		return;
	}
	if (asprintf(&path, "%s/%s", kdir, k->file) < 0)
		return;
	strlist_add(&one, path);
	if (cocci_findings(&one, &none, jobs, true, out) < 0)
		kd_err("%s: the rule pack failed; %s judged from the text only",
		       path, k->id);
	strlist_free(&one);
	free(path);
}

static json_t *evaluate(const char *kdir, const struct known *k,
			const struct findings *cocci,
			const struct strlist *scanned, long jobs)
{
	struct findings fs = { 0 };
	struct shape sh;
	struct srcfile s;
	long last = -1;
	char *path;
	json_t *e;
	int rc;

	if (asprintf(&path, "%s/%s", kdir, k->file) < 0)
		return NULL;
	rc = srcfile_read(path, &s);
	free(path);
	if (rc < 0)
		return entry(k, "not applicable", say("%s is not in the tree.", k->file));
	find_shape(&s, k, &sh);
	if (sh.first < 0) {
		e = entry(k, "not applicable", say("%s defines no %s().", k->file, k->function));
	} else if (sh.sub < 0) {
		e = entry(k, "not applicable", say(
			"%s() has no %s(): the code before %s, which cannot compute "
			"a negative delta there.", k->function, k->source, k->introduced));
		add_evidence(json_object_get(e, "evidence"), &s, sh.first, &last);
	} else {
		file_findings(kdir, k, cocci, scanned, jobs, &fs);
		e = judge(k, &sh, rule_finding(k, &sh, &fs));
		add_evidence(json_object_get(e, "evidence"), &s, sh.clamp_if, &last);
		add_evidence(json_object_get(e, "evidence"), &s, sh.clamp_set, &last);
		add_evidence(json_object_get(e, "evidence"), &s, sh.sub, &last);
		add_evidence(json_object_get(e, "evidence"), &s, sh.sink, &last);
	}
	findings_free(&fs);
	free(sh.later);
	free(sh.earlier);
	free(sh.clamp);
	srcfile_free(&s);
	return e;
}

json_t *known_instances(const char *kdir, const struct findings *cocci,
			const struct strlist *scanned, long jobs)
{
	json_t *table = json_array();

	for (const struct known *k = knowns; k->id; k++)
		json_array_append_new(table, evaluate(kdir, k, cocci, scanned, jobs));
	return table;
}
