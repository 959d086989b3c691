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
#define PATH 20		/* most lines shown between its source and it */

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

#define SOURCE_KEY "negative ktime delta: "

unsigned int report_source_of(const char *message, char **text)
{
	const char *p = strstr(message, SOURCE_KEY), *q;
	unsigned long n;
	char *end;

	if (!p)
		return 0;
	p += strlen(SOURCE_KEY);
	q = strstr(p, " (line ");
	if (!q)
		return 0;
	n = strtoul(q + 7, &end, 10);
	if (*end != ')' || !n || n > 0x7fffffff)
		return 0;
	if (text)
		*text = xstrndup(p, (size_t)(q - p));
	return (unsigned int)n;
}

static void add_ctx(struct rfinding *rf, const struct srcfile *s, size_t l)
{
	rf->ctx[rf->nctx].line = (unsigned int)l;
	rf->ctx[rf->nctx++].text = xstrdup(s->line[l - 1]);
}

/* The lines around the finding; from the source's line on when it comes
 * at most PATH lines before them (the code the delta goes through from
 * the subtraction to the sink), else the source's line alone before them
 * (a gap the line numbers show). */
void report_add(struct report *r, const struct finding *f, const char *kdir)
{
	struct rfinding *rf = grow(r);
	struct srcfile s;
	size_t from = f->line > CONTEXT ? f->line - CONTEXT : 1;
	size_t src;

	copy_finding(rf, f);
	src = rf->source_line = report_source_of(rf->f.message, NULL);
	if (srcfile_read_in(kdir, f->file, &s) < 0)
		return;
	if (src && src < from && from - src <= PATH)
		from = src;
	rf->ctx = xcalloc(f->line + CONTEXT - from + 3, sizeof(*rf->ctx));
	if (src && src < from && src <= s.n)
		add_ctx(rf, &s, src);
	for (size_t l = from; l <= f->line + CONTEXT && l <= s.n; l++)
		add_ctx(rf, &s, l);
	if (src > f->line + CONTEXT && src <= s.n)
		add_ctx(rf, &s, src);
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

static int cmp_file(const void *a, const void *b)
{
	return strcmp(kd_json_str(*(json_t *const *)a, "file"),
		      kd_json_str(*(json_t *const *)b, "file"));
}

/* The files by name, as one run lists them. */
static void sort_files(json_t *files)
{
	size_t n = json_array_size(files), i;
	json_t **v = xcalloc(n + 1, sizeof(*v)), *f;

	json_array_foreach(files, i, f)
		v[i] = json_incref(f);
	qsort(v, n, sizeof(*v), cmp_file);
	json_array_clear(files);
	for (i = 0; i < n; i++)
		json_array_append_new(files, v[i]);
	free(v);
}

void report_sort(struct report *r)
{
	if (r->n)
		qsort(r->v, r->n, sizeof(*r->v), cmp_rfinding);
	findings_sort_dedupe(&r->sil);
	if (r->files)
		sort_files(r->files);
}

static void add_also(struct rfinding *row, const struct finding *f)
{
	struct also *a;

	row->also = xrealloc(row->also, (row->nalso + 1) * sizeof(*row->also));
	a = &row->also[row->nalso++];
	a->engine = f->engine;
	a->rule = xstrdup(f->rule);
	a->column = f->column;
	a->confidence = f->confidence;
	a->message = xstrdup(f->message);
}

static void rfinding_free(struct rfinding *rf);

/* Rows i..j-1 are of one line: the most confident (the first at a tie)
 * is the row, the others of another engine its "also". */
static void fold(struct report *r, size_t i, size_t j, size_t *w)
{
	size_t best = i;
	struct rfinding row;

	for (size_t k = i + 1; k < j; k++)
		if (r->v[k].f.confidence > r->v[best].f.confidence)
			best = k;
	row = r->v[best];
	for (size_t k = i; k < j; k++) {
		if (k == best)
			continue;
		if (r->v[k].f.engine != row.f.engine)
			add_also(&row, &r->v[k].f);
		rfinding_free(&r->v[k]);
	}
	r->v[(*w)++] = row;
}

void report_keep(struct report *r, const bool *keep)
{
	size_t w = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (keep[i])
			r->v[w++] = r->v[i];
		else
			rfinding_free(&r->v[i]);
	}
	r->n = w;
}

/* Row b, of another engine, marks another line of row a's statement:
 * one source, within two lines (o2hb_thread()'s elapsed_msec = (unsigned
 * int)\n ktime_ms_delta(..): the libclang engine marks the cast, the
 * rule pack the call). */
static bool same_statement(const struct rfinding *a, const struct rfinding *b)
{
	return a->f.engine != b->f.engine && a->source_line &&
	       a->source_line == b->source_line && b->f.line >= a->f.line &&
	       b->f.line - a->f.line <= 2;
}

void report_merge_lines(struct report *r)
{
	size_t w = 0, i = 0;

	while (i < r->n) {
		size_t j = i + 1;

		while (j < r->n && !strcmp(r->v[j].f.file, r->v[i].f.file) &&
		       (r->v[j].f.line == r->v[i].f.line ||
			(j == i + 1 && same_statement(&r->v[i], &r->v[j]))))
			j++;
		fold(r, i, j, &w);
		i = j;
	}
	r->n = w;
}

void report_move(struct report *dst, struct report *src)
{
	size_t i;
	json_t *f;

	for (i = 0; i < src->n; i++)
		*grow(dst) = src->v[i];
	src->n = 0;
	for (i = 0; i < src->inc.ninc; i++)
		findings_incomplete(&dst->inc, src->inc.inc[i].file,
				    src->inc.inc[i].reason);
	for (i = 0; i < src->sil.nsil; i++)
		findings_silence(&dst->sil, &src->sil.sil[i]);
	if (!dst->files)
		dst->files = json_array();
	json_array_foreach(src->files, i, f)
		json_array_append(dst->files, f);
}

static void rfinding_free(struct rfinding *rf)
{
	for (size_t i = 0; i < rf->nalso; i++) {
		free(rf->also[i].rule);
		free(rf->also[i].message);
	}
	free(rf->also);
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
	findings_free(&r->sil);
	json_decref(r->files);
	memset(r, 0, sizeof(*r));
}

/* --- report.json --- */

/* The engines of a row, in name order. */
static json_t *engines_of(const struct rfinding *rf)
{
	bool has[KD_ENGINE_CLANG + 1] = { false };
	json_t *a = json_array();

	has[rf->f.engine] = true;
	for (size_t i = 0; i < rf->nalso; i++)
		has[rf->also[i].engine] = true;
	if (has[KD_ENGINE_CLANG])
		json_array_append_new(a, json_string(engine_name(KD_ENGINE_CLANG)));
	if (has[KD_ENGINE_COCCI])
		json_array_append_new(a, json_string(engine_name(KD_ENGINE_COCCI)));
	return a;
}

static json_t *also_json(const struct rfinding *rf)
{
	json_t *a = json_array();

	for (size_t i = 0; i < rf->nalso; i++) {
		const struct also *x = &rf->also[i];

		json_array_append_new(a, json_pack("{s:s, s:o, s:i, s:s, s:o}",
				      "engine", engine_name(x->engine), "rule", kd_json_text(x->rule),
				      "column", (json_int_t)x->column,
				      "confidence", confidence_name(x->confidence),
				      "message", kd_json_text(x->message)));
	}
	return a;
}

json_t *report_silence_json(const struct silence *s)
{
	return json_pack("{s:o, s:i, s:o, s:o, s:s, s:o, s:s}",
			 "file", kd_json_text(s->file), "line", (json_int_t)s->line,
			 "function", kd_json_text(s->function),
			 "source", kd_json_text(s->source),
			 "reason", silence_kind_name(s->kind),
			 "detail", kd_json_text(s->detail),
			 "engine", engine_name(s->engine));
}

int report_silence_from_json(json_t *o, struct silence *s)
{
	const char *kind, *eng;
	json_int_t line;

	memset(s, 0, sizeof(*s));
	if (json_unpack(o, "{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "file", &s->file,
			"line", &line, "function", &s->function, "source", &s->source,
			"reason", &kind, "detail", &s->detail, "engine", &eng) < 0 ||
	    line < 0 || line > (json_int_t)0xffffffffu ||
	    silence_kind_parse(kind, &s->kind) < 0 || engine_parse(eng, &s->engine) < 0)
		return -1;
	s->line = (unsigned int)line;
	return 0;
}

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
	json_object_set_new(o, "source_line", json_integer(rf->source_line));
	json_object_set_new(o, "engines", engines_of(rf));
	json_object_set_new(o, "also", also_json(rf));
	return o;
}

json_t *report_json(const struct report *r)
{
	json_t *doc = json_object(), *fs = json_array(), *inc = json_array();
	json_t *kd = json_object(), *sil = json_array();

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
	for (size_t i = 0; i < r->sil.nsil; i++)
		json_array_append_new(sil, report_silence_json(&r->sil.sil[i]));
	json_object_set_new(doc, "silent", sil);
	json_object_set_new(doc, "files", r->files ? json_incref(r->files) : json_array());
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

static int also_from_json(json_t *arr, const char *what, const char *where,
			  struct rfinding *rf)
{
	size_t i;
	json_t *a;

	json_array_foreach(arr, i, a) {
		struct finding f = { 0 };
		const char *eng = "", *conf = "";
		json_int_t col = 0;

		if (json_unpack(a, "{s:s, s:s, s:I, s:s, s:s}", "engine", &eng,
				"rule", &f.rule, "column", &col, "confidence", &conf,
				"message", &f.message) < 0 || col < 0 || col > 0x7fffffff ||
		    engine_parse(eng, &f.engine) < 0 ||
		    confidence_parse(conf, &f.confidence) < 0) {
			kd_err("%s: %s: a malformed \"also\" entry: not a report.json of "
			       "kdelta audit", what, where);
			return -1;
		}
		f.column = (unsigned int)col;
		add_also(rf, &f);
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
	r->v[r->n - 1].source_line = report_source_of(f.message, NULL);
	if (also_from_json(json_object_get(o, "also"), what, where, &r->v[r->n - 1]) < 0)
		return -1;
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
	json_array_foreach(json_object_get(doc, "silent"), i, o) {
		struct silence s;

		if (report_silence_from_json(o, &s) < 0) {
			kd_err("%s: silent entry %zu is malformed: not a report.json of "
			       "kdelta audit", what, i + 1);
			return -1;
		}
		findings_silence(&r->sil, &s);
	}
	r->files = json_is_array(json_object_get(doc, "files")) ?
		   json_incref(json_object_get(doc, "files")) : json_array();
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

void report_file_engines(const struct report *r, size_t counts[2])
{
	size_t i;
	json_t *f;

	counts[0] = counts[1] = 0;
	json_array_foreach(r->files, i, f)
		counts[json_array_size(json_object_get(f, "engines")) > 1]++;
}

const char *report_engines(const struct rfinding *rf)
{
	bool other = false;

	for (size_t i = 0; i < rf->nalso; i++)
		other |= rf->also[i].engine != rf->f.engine;
	return other ? "clang, coccinelle" : engine_name(rf->f.engine);
}
