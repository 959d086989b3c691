// SPDX-License-Identifier: GPL-2.0
/*
 * The audit report as a value.  The findings stay structs from the
 * engines to every rendering; report.json is written from them and read
 * back only by kdelta merge, here, once, checking what it reads.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "report.h"
#include "srcfile.h"
#include "util.h"

#define CONTEXT 3	/* lines shown before and after a finding */

static char *subsystem_of(const char *file)
{
	const char *slash = strchr(file, '/');

	return slash ? xstrndup(file, (size_t)(slash - file)) : xstrdup(".");
}

static struct rfinding *grow(struct report *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n++];
}

/* Copies f's strings into rf->f (findings_add's copy, kept alone). */
static void copy_finding(struct rfinding *rf, const struct finding *f)
{
	rf->f = *f;
	rf->f.rule = xstrdup(f->rule ? f->rule : "");
	rf->f.file = xstrdup(f->file ? f->file : "");
	rf->f.function = xstrdup(f->function ? f->function : "");
	rf->f.message = xstrdup(f->message ? f->message : "");
	rf->subsystem = subsystem_of(rf->f.file);
}

void report_add(struct report *r, const struct finding *f, const char *kdir)
{
	struct rfinding *rf = grow(r);
	struct srcfile s;
	size_t from = f->line > CONTEXT ? f->line - CONTEXT : 1;

	copy_finding(rf, f);
	if (srcfile_read_in(kdir, f->file, &s) < 0)
		return;
	rf->ctx = xcalloc(2 * CONTEXT + 1, sizeof(*rf->ctx));
	for (size_t l = from; l <= f->line + CONTEXT && l <= s.n; l++) {
		rf->ctx[rf->nctx].line = (unsigned int)l;
		rf->ctx[rf->nctx++].text = xstrdup(s.line[l - 1]);
	}
	srcfile_free(&s);
}

static int cmp_uint(unsigned int a, unsigned int b)
{
	return (a > b) - (a < b);
}

static int cmp_rfinding(const void *pa, const void *pb)
{
	const struct rfinding *a = pa, *b = pb;
	int c = strcmp(a->subsystem, b->subsystem);

	if (!c)
		c = strcmp(a->f.file, b->f.file);
	if (!c)
		c = cmp_uint(a->f.line, b->f.line);
	if (!c)
		c = cmp_uint(a->f.column, b->f.column);
	if (!c)
		c = strcmp(engine_name(a->f.engine), engine_name(b->f.engine));
	if (!c)
		c = strcmp(a->f.rule, b->f.rule);
	if (!c)
		c = strcmp(a->f.message, b->f.message);
	return c;
}

void report_sort(struct report *r)
{
	if (r->n)
		qsort(r->v, r->n, sizeof(*r->v), cmp_rfinding);
}

void report_move(struct report *dst, struct report *src)
{
	for (size_t i = 0; i < src->n; i++)
		*grow(dst) = src->v[i];
	src->n = 0;
	for (size_t i = 0; i < src->inc.ninc; i++)
		findings_incomplete(&dst->inc, src->inc.inc[i].file,
				    src->inc.inc[i].reason);
}

static void rfinding_free(struct rfinding *rf)
{
	free(rf->f.rule);
	free(rf->f.file);
	free(rf->f.function);
	free(rf->f.message);
	free(rf->subsystem);
	for (size_t i = 0; i < rf->nctx; i++)
		free(rf->ctx[i].text);
	free(rf->ctx);
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		rfinding_free(&r->v[i]);
	free(r->v);
	free(r->version);
	json_decref(r->tree);
	json_decref(r->known);
	json_decref(r->scan);
	findings_free(&r->inc);
	memset(r, 0, sizeof(*r));
}

/* --- report.json --- */

static json_t *finding_obj(const struct rfinding *rf)
{
	const struct finding *f = &rf->f;
	json_t *o = json_object(), *ctx = json_array();

	json_object_set_new(o, "rule", kd_json_text(f->rule));
	json_object_set_new(o, "engine", json_string(engine_name(f->engine)));
	json_object_set_new(o, "file", kd_json_text(f->file));
	json_object_set_new(o, "line", json_integer(f->line));
	json_object_set_new(o, "column", json_integer(f->column));
	json_object_set_new(o, "function", kd_json_text(f->function));
	json_object_set_new(o, "confidence", json_string(confidence_name(f->confidence)));
	json_object_set_new(o, "message", kd_json_text(f->message));
	json_object_set_new(o, "subsystem", kd_json_text(rf->subsystem));
	for (size_t i = 0; i < rf->nctx; i++) {
		json_t *l = json_object();

		json_object_set_new(l, "line", json_integer(rf->ctx[i].line));
		json_object_set_new(l, "text", kd_json_text(rf->ctx[i].text));
		json_array_append_new(ctx, l);
	}
	json_object_set_new(o, "context", ctx);
	return o;
}

json_t *report_json(const struct report *r)
{
	json_t *doc = json_object(), *fs = json_array(), *inc = json_array();
	json_t *kd = json_object();

	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(fs, finding_obj(&r->v[i]));
	for (size_t i = 0; i < r->inc.ninc; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "file", kd_json_text(r->inc.inc[i].file));
		json_object_set_new(o, "reason", kd_json_text(r->inc.inc[i].reason));
		json_array_append_new(inc, o);
	}
	json_object_set_new(kd, "version", kd_json_text(r->version));
	json_object_set_new(doc, "kdelta", kd);
	json_object_set(doc, "tree", r->tree ? r->tree : json_null());
	json_object_set(doc, "known_instances", r->known ? r->known : json_null());
	json_object_set_new(doc, "findings", fs);
	json_object_set_new(doc, "incomplete", inc);
	json_object_set(doc, "scan", r->scan ? r->scan : json_null());
	return doc;
}

/* The string member key of o, or NULL after reporting it missing. */
static const char *need_str(json_t *o, const char *key, const char *what,
			    const char *where)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (!s)
		kd_err("%s: %s has no \"%s\" string: not a report.json of kdelta audit",
		       what, where, key);
	return s;
}

static int need_uint(json_t *o, const char *key, const char *what,
		     const char *where, unsigned int *v)
{
	json_t *j = json_object_get(o, key);

	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    json_integer_value(j) > (json_int_t)0xffffffffu) {
		kd_err("%s: %s has no \"%s\" line number: not a report.json of kdelta audit",
		       what, where, key);
		return -1;
	}
	*v = (unsigned int)json_integer_value(j);
	return 0;
}

static int context_from_json(json_t *arr, const char *what, const char *where,
			     struct rfinding *rf)
{
	size_t i;
	json_t *l;

	rf->ctx = xcalloc(json_array_size(arr) + 1, sizeof(*rf->ctx));
	json_array_foreach(arr, i, l) {
		const char *t = need_str(l, "text", what, where);

		if (!t || need_uint(l, "line", what, where, &rf->ctx[i].line) < 0)
			return -1;
		rf->ctx[i].text = xstrdup(t);
		rf->nctx++;
	}
	return 0;
}

static int finding_from_json(json_t *o, const char *what, size_t k,
			     struct report *r)
{
	char where[64];
	struct finding f = { 0 };
	const char *eng, *conf;

	snprintf(where, sizeof(where), "finding %zu", k + 1);
	if (!(f.rule = (char *)need_str(o, "rule", what, where)) ||
	    !(f.file = (char *)need_str(o, "file", what, where)) ||
	    !(f.function = (char *)need_str(o, "function", what, where)) ||
	    !(f.message = (char *)need_str(o, "message", what, where)) ||
	    !(eng = need_str(o, "engine", what, where)) ||
	    !(conf = need_str(o, "confidence", what, where)) ||
	    need_uint(o, "line", what, where, &f.line) < 0 ||
	    need_uint(o, "column", what, where, &f.column) < 0)
		return -1;
	if (engine_parse(eng, &f.engine) < 0 || confidence_parse(conf, &f.confidence) < 0) {
		kd_err("%s: %s: unknown engine '%s' or confidence '%s'", what, where,
		       eng, conf);
		return -1;
	}
	copy_finding(grow(r), &f);
	return context_from_json(json_object_get(o, "context"), what, where,
				 &r->v[r->n - 1]);
}

static int incomplete_from_json(json_t *arr, const char *what, struct report *r)
{
	size_t i;
	json_t *o;

	json_array_foreach(arr, i, o) {
		const char *file = need_str(o, "file", what, "an incomplete entry");
		const char *why = file ? need_str(o, "reason", what, "an incomplete entry") : NULL;

		if (!why)
			return -1;
		findings_incomplete(&r->inc, file, why);
	}
	return 0;
}

int report_from_json(json_t *doc, const char *what, struct report *r)
{
	json_t *fs = json_object_get(doc, "findings"), *o;
	const char *v = json_string_value(json_object_get(json_object_get(doc, "kdelta"),
							  "version"));
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(doc) || !v) {
		kd_err("%s: no \"kdelta\" version: not a report.json of kdelta audit", what);
		return -1;
	}
	if (!json_is_object(json_object_get(doc, "tree")) ||
	    !json_is_array(json_object_get(doc, "known_instances")) ||
	    !json_is_array(fs) || !json_is_object(json_object_get(doc, "scan"))) {
		kd_err("%s: no \"tree\", \"known_instances\", \"findings\" or \"scan\": "
		       "not a report.json of kdelta audit", what);
		return -1;
	}
	r->version = xstrdup(v);
	r->tree = json_incref(json_object_get(doc, "tree"));
	r->known = json_incref(json_object_get(doc, "known_instances"));
	r->scan = json_incref(json_object_get(doc, "scan"));
	json_array_foreach(fs, i, o)
		if (finding_from_json(o, what, i, r) < 0)
			return -1;
	return incomplete_from_json(json_object_get(doc, "incomplete"), what, r);
}

/* --- for the renderings --- */

size_t report_count(const struct report *r, enum kd_confidence c)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].f.confidence == c;
	return n;
}

size_t report_run(const struct report *r, size_t i, bool by_file)
{
	size_t n = 1;

	while (i + n < r->n &&
	       !strcmp(r->v[i].subsystem, r->v[i + n].subsystem) &&
	       (!by_file || !strcmp(r->v[i].f.file, r->v[i + n].f.file)))
		n++;
	return n;
}

char *report_title(const struct report *r)
{
	json_t *v = json_object_get(r->tree, "vendor");

	if (json_is_object(v))
		return xasprintf("Linux %s (%s %s)", kd_json_str(r->tree, "version"),
				 kd_json_str(v, "name"), kd_json_str(v, "release"));
	return xasprintf("Linux %s", kd_json_str(r->tree, "version"));
}

struct ctx_line *report_lines(json_t *arr, size_t *n)
{
	struct ctx_line *l = xcalloc(json_array_size(arr) + 1, sizeof(*l));
	size_t i;
	json_t *o;

	json_array_foreach(arr, i, o) {
		l[i].line = (unsigned int)kd_json_int(o, "line");
		l[i].text = (char *)kd_json_str(o, "text");
	}
	*n = json_array_size(arr);
	return l;
}
