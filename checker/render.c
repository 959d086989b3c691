// SPDX-License-Identifier: GPL-2.0
/*
 * The audit report's files: report.json, report.md, report.sarif here,
 * report.html in render_html.c.  Every value from the tree goes through
 * escape.c's function for the format.  kdelta audit and kdelta merge
 * render the same struct report, so a merge renders what one run would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "jsonutil.h"
#include "output.h"
#include "render.h"
#include "render_html.h"
#include "util.h"

/* --- Markdown --- */

/* A fence longer than any run of backquotes in the block. */
static int fence_len(const struct ctx_line *l, size_t n)
{
	int best = 3;

	for (size_t i = 0; i < n; i++) {
		int run = 0;

		for (const char *p = l[i].text; *p; p++) {
			run = *p == '`' ? run + 1 : 0;
			if (run >= best)
				best = run + 1;
		}
	}
	return best;
}

static void fence(FILE *o, int n)
{
	while (n--)
		fputc('`', o);
	fputc('\n', o);
}

/* Source lines with their numbers, the one at mark flagged with '>', the
 * delta source's at src with 's' (a gap before or after when it is not
 * next to them).  Each starts with its number: no line of code can close
 * the fence. */
static void md_code(FILE *o, const struct ctx_line *l, size_t n, unsigned int mark,
		    unsigned int src)
{
	int f = fence_len(l, n);

	fence(o, f);
	for (size_t i = 0; i < n; i++) {
		if (i && l[i].line > l[i - 1].line + 1)
			fputs("  ...\n", o);
		fprintf(o, "%c %6u  ", l[i].line == mark ? '>' : src && l[i].line == src ?
			's' : ' ', l[i].line);
		esc_md_block(o, l[i].text);
		fputc('\n', o);
	}
	fence(o, f);
	fputc('\n', o);
}

/* A table row "| name | value |", the value from the tree. */
static void md_row(FILE *o, const char *name, const char *value)
{
	fprintf(o, "| %s | ", name);
	esc_md_text(o, value);
	fputs(" |\n", o);
}

static void md_head(FILE *o, const struct report *r)
{
	json_t *tree = r->tree, *mk = json_object_get(tree, "makefile");
	json_t *v = json_object_get(tree, "vendor");
	static const char *const vars[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL",
					    "EXTRAVERSION" };
	char *title = report_title(r);

	fputs("# kdelta audit: ", o);
	esc_md_text(o, title);
	free(title);
	fputs("\n\n| | |\n|---|---|\n| Tree | ", o);
	esc_md_code(o, kd_json_str(tree, "path"), "", true);
	fputs(" |\n", o);
	md_row(o, "Version", kd_json_str(tree, "version"));
	for (int i = 0; i < 4; i++)
		md_row(o, vars[i], kd_json_str(mk, vars[i]));
	fputs("| Vendor | ", o);
	if (json_is_object(v)) {
		esc_md_text(o, kd_json_str(v, "name"));
		fputc(' ', o);
		esc_md_text(o, kd_json_str(v, "release"));
		fputs(" (from ", o);
		esc_md_text(o, kd_json_str(v, "evidence"));
		fputc(')', o);
	} else {
		fputs("none found", o);
	}
	fprintf(o, " |\n| Findings | %zu (high %zu, medium %zu, low %zu) |\n", r->n,
		report_count(r, KD_HIGH), report_count(r, KD_MEDIUM), report_count(r, KD_LOW));
	if (r->inc.ninc)
		fprintf(o, "| Incomplete | **%zu files** not fully analysed (listed below) |\n",
			r->inc.ninc);
	fprintf(o, "| Silent | %zu delta sources analysed and not reported (listed below) |\n",
		r->sil.nsil);
	fputc('\n', o);
}

static void md_instance(FILE *o, json_t *k)
{
	struct ctx_line *l;
	size_t n;

	fputs("### ", o);
	esc_md_text(o, kd_json_str(k, "id"));
	fputs(": ", o);
	esc_md_text(o, kd_json_str(k, "status"));
	fputs("\n\n", o);
	esc_md_text(o, kd_json_str(k, "reason"));
	fputs("\n\n", o);
	l = report_lines(json_object_get(k, "evidence"), &n);
	if (n)
		md_code(o, l, n, 0, 0);
	free(l);
}

static void md_known(FILE *o, json_t *known)
{
	size_t i;
	json_t *k;

	fputs("## Known instances\n\n"
	      "| Status | Instance | Where | Introduced by | Fixed by |\n"
	      "|---|---|---|---|---|\n", o);
	json_array_foreach(known, i, k) {
		fputs("| **", o);
		esc_md_text(o, kd_json_str(k, "status"));
		fputs("** | ", o);
		esc_md_text(o, kd_json_str(k, "id"));
		fputs(" | ", o);
		esc_md_code(o, kd_json_str(k, "file"), "", true);
		fputc(' ', o);
		esc_md_code(o, kd_json_str(k, "function"), "()", true);
		fputs(" | ", o);
		esc_md_text(o, kd_json_str(k, "introduced"));
		fputs(" | ", o);
		esc_md_text(o, kd_json_str(k, "fixed_by"));
		fputs(" |\n", o);
	}
	fputc('\n', o);
	json_array_foreach(known, i, k)
		md_instance(o, k);
}

static void md_finding(FILE *o, const struct rfinding *rf)
{
	fprintf(o, "##### Line %u, ", rf->f.line);
	esc_md_code(o, rf->f.function, "()", false);
	fputs(": ", o);
	esc_md_text(o, rf->f.rule);
	fprintf(o, " (%s, %s)\n\n", report_engines(rf), confidence_name(rf->f.confidence));
	md_code(o, rf->ctx, rf->nctx, rf->f.line, rf->source_line);
	esc_md_text(o, rf->f.message);
	fputs("\n\n", o);
	for (size_t i = 0; i < rf->nalso; i++) {
		fprintf(o, "Also %s (", engine_name(rf->also[i].engine));
		esc_md_text(o, rf->also[i].rule);
		fprintf(o, ", %s): ", confidence_name(rf->also[i].confidence));
		esc_md_text(o, rf->also[i].message);
		fputs("\n\n", o);
	}
}

static void md_findings(FILE *o, const struct report *r)
{
	fprintf(o, "## Findings (%zu)\n\n", r->n);
	if (!r->n)
		fputs("No findings.\n\n", o);
	for (size_t i = 0; i < r->n; i++) {
		const struct rfinding *prev = i ? &r->v[i - 1] : NULL, *f = &r->v[i];

		if (!prev || strcmp(prev->subsystem, f->subsystem)) {
			fputs("### ", o);
			esc_md_text(o, f->subsystem);
			fprintf(o, " (%zu)\n\n", report_run(r, i, false));
		}
		if (!prev || strcmp(prev->f.file, f->f.file)) {
			fputs("#### ", o);
			esc_md_code(o, f->f.file, "", false);
			fputs("\n\n", o);
		}
		md_finding(o, f);
	}
}

static void md_incomplete(FILE *o, const struct report *r)
{
	if (!r->inc.ninc)
		return;
	fprintf(o, "### Incomplete: %zu files not fully analysed\n\n", r->inc.ninc);
	for (size_t i = 0; i < r->inc.ninc; i++) {
		fputs("- ", o);
		esc_md_code(o, r->inc.inc[i].file, "", false);
		fputs(": ", o);
		esc_md_text(o, r->inc.inc[i].reason);
		fputc('\n', o);
	}
	fputc('\n', o);
}

/* An engine's row: its version and files, or why it did not run. */
static void md_engine(FILE *o, json_t *e)
{
	fputs("| Engine ", o);
	esc_md_text(o, kd_json_str(e, "name"));
	fputs(" | ", o);
	if (json_is_string(json_object_get(e, "not_run"))) {
		fputs("**not run**: ", o);
		esc_md_text(o, kd_json_str(e, "not_run"));
		fputs(" |\n", o);
		return;
	}
	esc_md_text(o, kd_json_str(e, "version"));
	fprintf(o, ", %lld files", (long long)kd_json_int(e, "files"));
	if (json_is_string(json_object_get(e, "arguments"))) {
		fputs(", arguments of the ", o);
		esc_md_text(o, kd_json_str(e, "arguments"));
	}
	if (json_is_string(json_object_get(e, "build_dir"))) {
		fputs(" ", o);
		esc_md_code(o, kd_json_str(e, "build_dir"), "", true);
	}
	if (kd_json_int(e, "analysed_again") > 0)
		fprintf(o, "; %lld analysed again knowing the stamps other files set",
			(long long)kd_json_int(e, "analysed_again"));
	if (json_is_integer(json_object_get(e, "exact_arguments")))
		fprintf(o, "; %lld of them with kbuild's own arguments (the template's did "
			"not parse); %lld files under tools/ and scripts/ not given (userspace, "
			"not kernel objects)", (long long)kd_json_int(e, "exact_arguments"),
			(long long)kd_json_int(e, "not_given"));
	if (json_is_string(json_object_get(e, "unseen"))) {
		fputs("; unseen: ", o);
		esc_md_text(o, kd_json_str(e, "unseen"));
	}
	fputs(" |\n", o);
}

/* The sources analysed and not reported: a count by reason, a table. */
static void md_silent(FILE *o, const struct report *r)
{
	const struct findings *s = &r->sil;

	fprintf(o, "## Silent: %zu delta sources analysed and not reported\n\n", s->nsil);
	if (!s->nsil)
		return;
	fputs("| Where | Function | Source | Reason | Engine |\n|---|---|---|---|---|\n", o);
	for (size_t i = 0; i < s->nsil; i++) {
		const struct silence *x = &s->sil[i];
		char *where = xasprintf("%s:%u", x->file, x->line);

		fputs("| ", o);
		esc_md_code(o, where, "", true);
		fputs(" | ", o);
		esc_md_code(o, x->function, "()", true);
		fputs(" | ", o);
		esc_md_code(o, x->source, "", true);
		fprintf(o, " | %s: ", silence_kind_name(x->kind));
		esc_md_text(o, x->detail);
		fprintf(o, " | %s |\n", engine_name(x->engine));
		free(where);
	}
	fputc('\n', o);
}

static void md_scan(FILE *o, const struct report *r)
{
	json_t *e, *scan = r->scan, *sh = json_object_get(scan, "shards");
	size_t i, counts[2];

	fprintf(o, "## What was scanned\n\n| | |\n|---|---|\n"
		"| C files in the tree | %lld |\n"
		"| Files scanned (naming the time API) | %lld |\n"
		"| Time | %.1f s |\n",
		(long long)kd_json_int(scan, "files_in_tree"),
		(long long)kd_json_int(scan, "files_scanned"),
		json_number_value(json_object_get(scan, "seconds")));
	json_array_foreach(json_object_get(scan, "engines"), i, e)
		md_engine(o, e);
	report_file_engines(r, counts);
	fprintf(o, "| Files per engine | both engines: %zu; the rule pack alone: %zu "
		"(report.json \"files\") |\n", counts[1], counts[0]);
	if (json_is_false(json_object_get(scan, "complete")))
		fprintf(o, "| Complete | **no**: %zu files not fully analysed; an engine's "
			"messages were on stderr |\n", r->inc.ninc);
	if (json_is_string(json_object_get(scan, "shard")))
		md_row(o, "Shard", kd_json_str(scan, "shard"));
	if (json_is_array(sh))
		fprintf(o, "| Merged from | %zu shards |\n", json_array_size(sh));
	fputc('\n', o);
	md_incomplete(o, r);
}

int render_md(FILE *o, const struct report *r)
{
	md_head(o, r);
	md_known(o, r->known);
	md_findings(o, r);
	md_scan(o, r);
	md_silent(o, r);
	fprintf(o, "Generated by kdelta %s.\n", KDELTA_VERSION);
	return ferror(o) ? -1 : 0;
}

/* --- SARIF --- */

/* Tree-relative locations resolve against SRCROOT, the tree. */
static void set_srcroot(json_t *arr, const char *key)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x) {
		json_t *loc = json_array_get(json_object_get(x, key), 0);
		json_t *art = json_object_get(json_object_get(loc, "physicalLocation"),
					      "artifactLocation");

		if (art)
			json_object_set_new(art, "uriBaseId", json_string("SRCROOT"));
	}
}

/*
 * findings_sarif() of the findings and the files not fully analysed, and
 * the tree's identity, the known-instance table and the scan in the
 * run's property bag.
 */
json_t *render_sarif(const struct report *r)
{
	struct findings fs = { 0 };
	json_t *s, *run, *inv;
	char *uri = esc_uri(kd_json_str(r->tree, "path"), true);

	for (size_t i = 0; i < r->n; i++)
		findings_add(&fs, &r->v[i].f);
	for (size_t i = 0; i < r->inc.ninc; i++)
		findings_incomplete(&fs, r->inc.inc[i].file, r->inc.inc[i].reason);
	s = findings_sarif(&fs);
	findings_free(&fs);
	run = json_array_get(json_object_get(s, "runs"), 0);
	inv = json_array_get(json_object_get(run, "invocations"), 0);
	set_srcroot(json_object_get(run, "results"), "locations");
	set_srcroot(json_object_get(inv, "toolExecutionNotifications"), "locations");
	if (json_is_false(json_object_get(r->scan, "complete")))
		json_object_set_new(inv, "executionSuccessful", json_false());
	json_object_set_new(run, "originalUriBaseIds",
			    json_pack("{s:{s:o}}", "SRCROOT", "uri", kd_json_text(uri)));
	json_object_set_new(run, "properties", json_pack("{s:O, s:O, s:O, s:i}",
			    "tree", r->tree, "knownInstances", r->known, "scan", r->scan,
			    "silent", (json_int_t)r->sil.nsil));
	free(uri);
	return s;
}

/* --- the files --- */

static int write_json(FILE *o, json_t *doc)
{
	int rc = doc ? json_dumpf(doc, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;

	fputc('\n', o);
	json_decref(doc);
	return rc;
}

static int out_json(FILE *o, const struct report *r)
{
	return write_json(o, report_json(r));
}

static int out_sarif(FILE *o, const struct report *r)
{
	return write_json(o, render_sarif(r));
}

const char *const render_names[] = {
	"report.json", "report.md", "report.html", "report.sarif", NULL
};

static int (*const renderers[])(FILE *o, const struct report *r) = {
	out_json, render_md, render_html, out_sarif,
};

int render_all(struct outdir *od, const struct report *r, bool all)
{
	size_t n = all ? sizeof(renderers) / sizeof(renderers[0]) : 1;

	for (size_t i = 0; i < n; i++) {
		FILE *o = outdir_file(od, render_names[i]);
		int rc;

		if (!o)
			return -1;
		rc = renderers[i](o, r);
		if (fclose(o) || rc < 0) {
			kd_err("%s: cannot write %s", od->path, render_names[i]);
			return -1;
		}
	}
	return 0;
}
