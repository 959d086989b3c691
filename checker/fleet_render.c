// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet report for a reader.  Every value that came from a tree (its
 * identity, file and function names, code, reasons) goes through
 * escape.c; tree ids are made of [A-Za-z0-9._+-] (fleet_tree_id) and are
 * escaped all the same.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fleet_render.h"
#include "fleet_render_html.h"
#include "jsonutil.h"
#include "util.h"

static json_t *tree_cell(json_t *row, const char *id)
{
	return json_object_get(json_object_get(row, "trees"), id);
}

/* --- Markdown --- */

/* A line of code as a code span, without the whitespace around it. */
static void md_code_trim(FILE *o, const char *s)
{
	size_t n;
	char *t;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	t = xstrndup(s, n);
	esc_md_code(o, t, "", false);
	free(t);
}

static void md_trees(FILE *o, json_t *trees)
{
	size_t i;
	json_t *t, *c;

	fputs("## Trees\n\n| Tree | Identity | Source | Status | High | Medium | Low "
	      "| Not analysed |\n|---|---|---|---|---|---|---|---|\n", o);
	json_array_foreach(trees, i, t) {
		c = json_object_get(t, "counts");
		fputs("| ", o);
		esc_md_code(o, kd_json_str(t, "id"), "", true);
		fputs(" | ", o);
		esc_md_text(o, json_is_string(json_object_get(t, "title")) ?
			    kd_json_str(t, "title") : "-");
		fputs(" | ", o);
		esc_md_code(o, kd_json_str(t, "source"), "", true);
		fputs(" | ", o);
		if (strcmp(kd_json_str(t, "status"), "audited")) {
			fputs("**failed**: ", o);
			esc_md_text(o, kd_json_str(t, "reason"));
			fputs(" | | | | |\n", o);
			continue;
		}
		fprintf(o, "audited | %lld | %lld | %lld | %zu |\n",
			(long long)kd_json_int(c, "high"), (long long)kd_json_int(c, "medium"),
			(long long)kd_json_int(c, "low"),
			json_array_size(json_object_get(t, "not_analysed")));
	}
}

static void md_evidence(FILE *o, json_t *row, json_t *trees)
{
	size_t i, j;
	json_t *t, *cell, *ev;

	fprintf(o, "\n### %s\n\n", kd_json_str(row, "id"));
	json_array_foreach(trees, i, t) {
		if (!(cell = tree_cell(row, kd_json_str(t, "id"))))
			continue;
		fputs("- ", o);
		esc_md_code(o, kd_json_str(t, "id"), "", false);
		fputs(": ", o);
		fprintf(o, "**%s**: ", kd_json_str(cell, "status"));
		esc_md_text(o, kd_json_str(cell, "reason"));
		fputc('\n', o);
		json_array_foreach(json_object_get(cell, "evidence"), j, ev) {
			fprintf(o, "  - line %lld: ", (long long)kd_json_int(ev, "line"));
			md_code_trim(o, kd_json_str(ev, "text"));
			fputc('\n', o);
		}
	}
}

static void md_known(FILE *o, json_t *known, json_t *trees)
{
	size_t i, j;
	json_t *row, *t;

	fputs("\n## Known instances\n\n| Tree |", o);
	json_array_foreach(known, j, row)
		fprintf(o, " %s |", kd_json_str(row, "id"));
	fputs("\n|---|", o);
	json_array_foreach(known, j, row)
		fputs("---|", o);
	fputc('\n', o);
	json_array_foreach(trees, i, t) {
		fputs("| ", o);
		esc_md_code(o, kd_json_str(t, "id"), "", true);
		fputs(" |", o);
		json_array_foreach(known, j, row) {
			json_t *cell = tree_cell(row, kd_json_str(t, "id"));

			fprintf(o, " %s |", cell ? kd_json_str(cell, "status") : "failed");
		}
		fputc('\n', o);
	}
	json_array_foreach(known, j, row)
		md_evidence(o, row, trees);
}

static void md_findings(FILE *o, json_t *rows)
{
	size_t i, j;
	json_t *r, *t;

	fprintf(o, "\n## Findings\n\n%zu distinct findings (rule, file, function and line "
		"text), with the trees that carry each.\n\n", json_array_size(rows));
	if (!json_array_size(rows))
		return;
	fputs("| Confidence | Rule | File | Function | Line | Trees |\n"
	      "|---|---|---|---|---|---|\n", o);
	json_array_foreach(rows, i, r) {
		fprintf(o, "| %s | ", kd_json_str(r, "confidence"));
		esc_md_code(o, kd_json_str(r, "rule"), "", true);
		fputs(" | ", o);
		esc_md_code(o, kd_json_str(r, "file"), "", true);
		fputs(" | ", o);
		esc_md_code(o, kd_json_str(r, "function"), "", true);
		fputs(" | ", o);
		esc_md_code(o, kd_json_str(r, "text"), "", true);
		fputs(" | ", o);
		json_array_foreach(json_object_get(r, "trees"), j, t) {
			esc_md_code(o, kd_json_str(t, "id"), "", true);
			fprintf(o, " (line %lld)%s", (long long)kd_json_int(t, "line"),
				j + 1 < json_array_size(json_object_get(r, "trees")) ? ", " : "");
		}
		fputs(" |\n", o);
	}
}

static void md_not_analysed(FILE *o, json_t *trees)
{
	size_t i, j;
	json_t *t, *f;
	bool any = false;

	json_array_foreach(trees, i, t) {
		json_array_foreach(json_object_get(t, "not_analysed"), j, f) {
			if (!any)
				fputs("\n## Not analysed\n\n", o);
			any = true;
			fputs("- ", o);
			esc_md_code(o, kd_json_str(t, "id"), "", false);
			fputs(": ", o);
			esc_md_code(o, kd_json_str(f, "file"), "", false);
			fputs(": ", o);
			esc_md_text(o, kd_json_str(f, "reason"));
			fputc('\n', o);
		}
	}
}

int fleet_render_md(FILE *o, json_t *model)
{
	json_t *trees = json_object_get(model, "trees");

	fprintf(o, "# kdelta fleet report\n\n%zu trees audited by kdelta %s.\n\n",
		json_array_size(trees), kd_json_str(model, "kdelta_version"));
	md_trees(o, trees);
	md_known(o, json_object_get(model, "known_instances"), trees);
	md_findings(o, json_object_get(model, "findings"));
	md_not_analysed(o, trees);
	return ferror(o) ? -1 : 0;
}

int fleet_render_all(struct outdir *od, json_t *model)
{
	static const char *const names[] = { "fleet.md", "fleet.html" };
	int (*const fns[])(FILE *, json_t *) = { fleet_render_md, fleet_render_html };

	for (int i = 0; i < 2; i++) {
		FILE *o = outdir_file(od, names[i]);
		int rc;

		if (!o)
			return -1;
		rc = fns[i](o, model);
		if (fclose(o) || rc < 0) {
			kd_err("%s: cannot write %s", od->path, names[i]);
			return -1;
		}
	}
	return 0;
}
