// SPDX-License-Identifier: GPL-2.0
/*
 * fleet.html: the trees, the known-instance matrix (a row a tree, a cell
 * an instance's status with its reason and evidence on hover and below),
 * and the finding rows with the trees carrying each.  Inline CSS and one
 * inline script (sorting by a column, filtering by text); nothing is
 * fetched.  Every value from a tree goes through esc_html().
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fleet_render_html.h"
#include "jsonutil.h"
#include "util.h"

static const char css[] =
	"body{font:14px/1.45 system-ui,sans-serif;color:#1d2125;margin:0 auto;"
	"padding:1.2em;max-width:110em}h2{border-bottom:2px solid #e3e6ea;margin-top:1.6em}"
	"code{font-family:ui-monospace,monospace;font-size:.9em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #d9dde2;padding:.3em .5em;text-align:left;vertical-align:top}"
	"th{background:#f3f5f7;cursor:pointer;position:sticky;top:0}"
	"td.present{background:#fde2e2;color:#8a1414;font-weight:700}"
	"td.fixed{background:#e2f5e4;color:#1b5e20}td.not-applicable{color:#6b7280}"
	"td.failed,tr.failed td{background:#f3f4f6;color:#8a1414}"
	".conf-high{color:#c62828;font-weight:700}.conf-medium{color:#b45309}"
	"input.filter{margin:.3em 0;padding:.3em;width:30em;max-width:100%}"
	"details{margin:.3em 0}ul.ev{margin:.2em 0}";

/* Sorting a table by the column clicked (numbers as numbers; a row
 * without the cell, a failed tree's, first), filtering its rows by the
 * text of an input. */
static const char script[] =
	"function kdCell(r,i){return r.cells[i]?r.cells[i].innerText:''}"
	"function kdSort(th){var t=th.closest('table'),b=t.tBodies[0],i=th.cellIndex,"
	"d=th.dataset.dir=th.dataset.dir==='a'?'d':'a',r=Array.from(b.rows);"
	"r.sort(function(x,y){var p=kdCell(x,i),q=kdCell(y,i),"
	"m=parseFloat(p),n=parseFloat(q),c=(!isNaN(m)&&!isNaN(n))?m-n:p.localeCompare(q);"
	"return d==='a'?c:-c});r.forEach(function(x){b.appendChild(x)})}"
	"function kdFilter(inp){var t=document.getElementById(inp.dataset.table),"
	"s=inp.value.toLowerCase();Array.from(t.tBodies[0].rows).forEach(function(r){"
	"r.style.display=r.innerText.toLowerCase().indexOf(s)<0?'none':''})}"
	"document.addEventListener('click',function(e){if(e.target.tagName==='TH')kdSort(e.target)});"
	"document.addEventListener('input',function(e){if(e.target.classList.contains('filter'))"
	"kdFilter(e.target)});";

static void h(FILE *o, const char *open, const char *v, const char *close)
{
	fputs(open, o);
	esc_html(o, v);
	fputs(close, o);
}

static void h_class(FILE *o, const char *s)
{
	for (; *s; s++)
		fputc((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ? *s : '-', o);
}

static void filter(FILE *o, const char *table)
{
	fprintf(o, "<input class=\"filter\" data-table=\"%s\" placeholder=\"filter rows\">\n",
		table);
}

static void html_tree(FILE *o, json_t *t)
{
	json_t *c = json_object_get(t, "counts");
	bool ok = !strcmp(kd_json_str(t, "status"), "audited");

	h(o, "<tr class=\"tree", ok ? "" : " failed", "\" data-id=\"");
	h(o, "", kd_json_str(t, "id"), "\"><td><code>");
	h(o, "", kd_json_str(t, "id"), "</code></td><td>");
	h(o, "", ok ? kd_json_str(t, "title") : "-", "</td><td><code>");
	h(o, "", kd_json_str(t, "source"), "</code></td>");
	if (!ok) {
		h(o, "<td colspan=\"5\">failed: ", kd_json_str(t, "reason"), "</td></tr>\n");
		return;
	}
	fprintf(o, "<td>audited</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%zu</td></tr>\n",
		(long long)kd_json_int(c, "high"), (long long)kd_json_int(c, "medium"),
		(long long)kd_json_int(c, "low"),
		json_array_size(json_object_get(t, "not_analysed")));
}

static void html_trees(FILE *o, json_t *trees)
{
	size_t i;
	json_t *t;

	fputs("<h2>Trees</h2>\n", o);
	filter(o, "fleet-trees");
	fputs("<table id=\"fleet-trees\"><thead><tr><th>Tree</th><th>Identity</th>"
	      "<th>Source</th><th>Status</th><th>High</th><th>Medium</th><th>Low</th>"
	      "<th>Not analysed</th></tr></thead><tbody>\n", o);
	json_array_foreach(trees, i, t)
		html_tree(o, t);
	fputs("</tbody></table>\n", o);
}

static void html_cell(FILE *o, json_t *row, const char *tree)
{
	json_t *cell = json_object_get(json_object_get(row, "trees"), tree);
	const char *st = cell ? kd_json_str(cell, "status") : "failed";

	fputs("<td class=\"cell ", o);
	h_class(o, st);
	h(o, "\" data-id=\"", kd_json_str(row, "id"), "\" data-tree=\"");
	h(o, "", tree, "\" data-status=\"");
	h(o, "", st, "\" title=\"");
	h(o, "", cell ? kd_json_str(cell, "reason") : "the tree was not audited", "\">");
	h(o, "", st, "</td>");
}

static void html_evidence(FILE *o, json_t *row, json_t *trees)
{
	size_t i, j;
	json_t *t, *cell, *ev;

	h(o, "<details><summary>", kd_json_str(row, "id"), ": the evidence of each tree</summary><ul>\n");
	json_array_foreach(trees, i, t) {
		if (!(cell = json_object_get(json_object_get(row, "trees"), kd_json_str(t, "id"))))
			continue;
		h(o, "<li><code>", kd_json_str(t, "id"), "</code>: <strong>");
		h(o, "", kd_json_str(cell, "status"), "</strong>: ");
		h(o, "", kd_json_str(cell, "reason"), "<ul class=\"ev\">");
		json_array_foreach(json_object_get(cell, "evidence"), j, ev) {
			fprintf(o, "<li>line %lld: ", (long long)kd_json_int(ev, "line"));
			h(o, "<code>", kd_json_str(ev, "text"), "</code></li>");
		}
		fputs("</ul></li>\n", o);
	}
	fputs("</ul></details>\n", o);
}

static void html_known(FILE *o, json_t *known, json_t *trees)
{
	size_t i, j;
	json_t *row, *t;

	fputs("<h2>Known instances</h2>\n", o);
	filter(o, "fleet-known");
	fputs("<table id=\"fleet-known\"><thead><tr><th>Tree</th>", o);
	json_array_foreach(known, j, row) {
		h(o, "<th>", kd_json_str(row, "id"), "<br><small><code>");
		h(o, "", kd_json_str(row, "function"), "()</code></small></th>");
	}
	fputs("</tr></thead><tbody>\n", o);
	json_array_foreach(trees, i, t) {
		h(o, "<tr class=\"tree-row\" data-tree=\"", kd_json_str(t, "id"), "\"><td><code>");
		h(o, "", kd_json_str(t, "id"), "</code></td>");
		json_array_foreach(known, j, row)
			html_cell(o, row, kd_json_str(t, "id"));
		fputs("</tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
	json_array_foreach(known, j, row)
		html_evidence(o, row, trees);
}

static void html_row(FILE *o, json_t *r)
{
	json_t *trees = json_object_get(r, "trees"), *t;
	size_t j;

	h(o, "<tr class=\"finding\" data-rule=\"", kd_json_str(r, "rule"), "\" data-file=\"");
	h(o, "", kd_json_str(r, "file"), "\">");
	fprintf(o, "<td class=\"conf-%s\">%s</td>", kd_json_str(r, "confidence"),
		kd_json_str(r, "confidence"));
	h(o, "<td><code>", kd_json_str(r, "rule"), "</code></td>");
	h(o, "<td><code>", kd_json_str(r, "file"), "</code></td>");
	h(o, "<td><code>", kd_json_str(r, "function"), "</code></td>");
	h(o, "<td><code>", kd_json_str(r, "text"), "</code></td>");
	fprintf(o, "<td>%zu</td><td>", json_array_size(trees));
	json_array_foreach(trees, j, t) {
		h(o, "<code class=\"in-tree\">", kd_json_str(t, "id"), "</code>");
		fprintf(o, ":%lld ", (long long)kd_json_int(t, "line"));
	}
	fputs("</td></tr>\n", o);
}

static void html_findings(FILE *o, json_t *rows)
{
	size_t i;
	json_t *r;

	fprintf(o, "<h2>Findings</h2>\n<p>%zu distinct findings (rule, file, function "
		"and line text), with the trees that carry each.</p>\n", json_array_size(rows));
	filter(o, "fleet-findings");
	fputs("<table id=\"fleet-findings\"><thead><tr><th>Confidence</th><th>Rule</th>"
	      "<th>File</th><th>Function</th><th>Line</th><th>Trees</th><th>In (id:line)</th>"
	      "</tr></thead><tbody>\n", o);
	json_array_foreach(rows, i, r)
		html_row(o, r);
	fputs("</tbody></table>\n", o);
}

int fleet_render_html(FILE *o, json_t *model)
{
	json_t *trees = json_object_get(model, "trees");

	fprintf(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width\">"
		"<title>kdelta fleet report</title><style>%s</style></head><body>\n"
		"<h1>kdelta fleet report</h1>\n<p>%zu trees audited by kdelta %s.</p>\n",
		css, json_array_size(trees), kd_json_str(model, "kdelta_version"));
	html_trees(o, trees);
	html_known(o, json_object_get(model, "known_instances"), trees);
	html_findings(o, json_object_get(model, "findings"));
	fprintf(o, "<script>%s</script>\n</body></html>\n", script);
	return ferror(o) ? -1 : 0;
}
