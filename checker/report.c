// SPDX-License-Identifier: GPL-2.0
/*
 * The audit report: findings as report.json holds them (tree-relative,
 * with their subsystem and the code around them), their order, and the
 * output directory the four renderings are written into, all or none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonutil.h"
#include "output.h"
#include "render.h"
#include "report.h"
#include "util.h"

#define CONTEXT 3	/* lines shown before and after a finding */

static json_t *context(const struct srcfile *s, unsigned int line)
{
	json_t *ctx = json_array();
	size_t from = line > CONTEXT ? line - CONTEXT : 1;

	for (size_t l = from; s && l <= line + CONTEXT && l <= s->n; l++)
		json_array_append_new(ctx, json_pack("{s:I, s:o}", "line", (json_int_t)l,
						     "text", kd_json_text(s->line[l - 1])));
	return ctx;
}

static json_t *subsystem(const char *file)
{
	const char *slash = strchr(file, '/');

	return slash ? json_stringn(file, (size_t)(slash - file)) : json_string(".");
}

/* One finding of report.json; s is its file (NULL when unreadable). */
json_t *report_finding(const struct finding *f, const struct srcfile *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "rule", kd_json_text(f->rule));
	json_object_set_new(o, "engine", json_string(engine_name(f->engine)));
	json_object_set_new(o, "file", kd_json_text(f->file));
	json_object_set_new(o, "line", json_integer(f->line));
	json_object_set_new(o, "column", json_integer(f->column));
	json_object_set_new(o, "function", kd_json_text(f->function));
	json_object_set_new(o, "confidence", json_string(confidence_name(f->confidence)));
	json_object_set_new(o, "message", kd_json_text(f->message));
	json_object_set_new(o, "subsystem", subsystem(f->file));
	json_object_set_new(o, "context", context(s, f->line));
	return o;
}

/* Subsystem, file, line, then the rest: a total order, so that a merge
 * of shards lists the findings as one run does. */
static int cmp_json_finding(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	static const char *const keys[] = { "subsystem", "file", "line", "column",
					    "engine", "rule", "message", NULL };
	int c = 0;

	for (int i = 0; keys[i] && !c; i++) {
		json_t *x = json_object_get(a, keys[i]), *y = json_object_get(b, keys[i]);

		if (json_is_integer(x))
			c = (json_integer_value(x) > json_integer_value(y)) -
			    (json_integer_value(x) < json_integer_value(y));
		else
			c = strcmp(kd_json_str(a, keys[i]), kd_json_str(b, keys[i]));
	}
	return c;
}

void report_sort_findings(json_t *findings)
{
	size_t n = json_array_size(findings);
	json_t **v = xmalloc(n * sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(findings, i));
	qsort(v, n, sizeof(*v), cmp_json_finding);
	json_array_clear(findings);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(findings, v[i]);
	free(v);
}

void findings_from_json(json_t *arr, struct findings *out)
{
	size_t i;
	json_t *o;

	json_array_foreach(arr, i, o) {
		struct finding f = {
			.rule = (char *)kd_json_str(o, "rule"),
			.engine = KD_ENGINE_COCCI,
			.file = (char *)kd_json_str(o, "file"),
			.line = (unsigned int)kd_json_int(o, "line"),
			.column = (unsigned int)kd_json_int(o, "column"),
			.function = (char *)kd_json_str(o, "function"),
			.confidence = KD_MEDIUM,
			.message = (char *)kd_json_str(o, "message"),
		};

		engine_parse(kd_json_str(o, "engine"), &f.engine);
		confidence_parse(kd_json_str(o, "confidence"), &f.confidence);
		findings_add(out, &f);
	}
}

/* The directories outdir_prepare() created, removed again on failure. */
static struct strlist created;

void outdir_abandon(void)
{
	while (created.n) {
		rmdir(created.v[created.n - 1]);
		free(created.v[--created.n]);
	}
	strlist_free(&created);
}

static int mkdirs(const char *outdir)
{
	char *p = xstrdup(outdir);
	struct stat st;
	int rc = 0;

	for (char *s = p + 1; !rc; s++) {
		bool last = !*s;

		if (*s && *s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) == 0)
			strlist_add(&created, p);
		else if (errno != EEXIST || stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
			rc = errno == EEXIST ? ENOTDIR : errno;
		if (last)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

/* Whether dir is path or below it, both existing. */
static bool inside(const char *dir, const char *path)
{
	char *d = realpath(dir, NULL), *p = realpath(path, NULL);
	size_t n = p ? strlen(p) : 0;
	bool r = d && p && !strncmp(d, p, n) && (d[n] == '/' || !d[n]);

	free(d);
	free(p);
	return r;
}

/*
 * Before any work: the output directory exists or can be made, is not in
 * the audited tree, and takes a file.  Nothing is left behind on failure.
 */
int outdir_prepare(const char *outdir, const char *kdir)
{
	char *probe;
	int fd, err = mkdirs(outdir);

	if (err) {
		kd_err("%s: cannot create the output directory: %s", outdir, strerror(err));
		outdir_abandon();
		return -1;
	}
	if (kdir && inside(outdir, kdir)) {
		kd_err("%s: the output directory is inside the audited tree %s (use -o)",
		       outdir, kdir);
		outdir_abandon();
		return -1;
	}
	if (asprintf(&probe, "%s/.kdelta-probe-XXXXXX", outdir) < 0)
		return -1;
	fd = mkstemp(probe);
	err = errno;
	if (fd >= 0) {
		close(fd);
		unlink(probe);
	}
	free(probe);
	if (fd < 0) {
		kd_err("%s: cannot write into the output directory: %s", outdir, strerror(err));
		outdir_abandon();
		return -1;
	}
	return 0;
}

static int write_json(FILE *o, json_t *doc)
{
	int rc = json_dumpf(doc, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	fputc('\n', o);
	return rc;
}

static int write_sarif(FILE *o, json_t *doc)
{
	json_t *s = render_sarif(doc);
	int rc = s ? write_json(o, s) : -1;

	json_decref(s);
	return rc;
}

static const struct {
	const char *name;
	int (*render)(FILE *o, json_t *doc);
} outputs[] = {
	{ "report.json", write_json },
	{ "report.md", render_md },
	{ "report.html", render_html },
	{ "report.sarif", write_sarif },
};

#define NOUT (sizeof(outputs) / sizeof(outputs[0]))

/* Renders into hidden temporary files first: all files or none. */
static int render_tmp(const char *outdir, json_t *doc, size_t n, char **tmp)
{
	for (size_t i = 0; i < n; i++) {
		FILE *o;
		int rc;

		if (asprintf(&tmp[i], "%s/.%s.tmp", outdir, outputs[i].name) < 0)
			return -1;
		o = fopen(tmp[i], "w");
		if (!o) {
			kd_err("%s: %s", tmp[i], strerror(errno));
			return -1;
		}
		rc = outputs[i].render(o, doc);
		if (fclose(o) || rc < 0) {
			kd_err("%s: cannot write %s", outdir, outputs[i].name);
			return -1;
		}
	}
	return 0;
}

/* report.json alone (a shard) or all four; prints each file written. */
int report_write(const char *outdir, json_t *doc, bool all)
{
	size_t n = all ? NOUT : 1;
	char *tmp[NOUT] = { 0 }, *dst;
	int rc = render_tmp(outdir, doc, n, tmp);

	for (size_t i = 0; i < n && !rc; i++) {
		if (asprintf(&dst, "%s/%s", outdir, outputs[i].name) < 0 ||
		    rename(tmp[i], dst) < 0) {
			kd_err("%s: cannot write %s", outdir, outputs[i].name);
			rc = -1;
			continue;
		}
		printf("%s\n", dst);
		free(dst);
	}
	for (size_t i = 0; i < n; i++) {
		if (rc && tmp[i])
			unlink(tmp[i]);
		free(tmp[i]);
	}
	if (rc)
		outdir_abandon();
	strlist_free(&created);
	return rc;
}
