// SPDX-License-Identifier: GPL-2.0
/*
 * report.json rendered for people: Markdown, one self-contained HTML page
 * (inline CSS, no script, nothing fetched), and SARIF 2.1.0 for tools.
 * Everything is read from the document, so that `kdelta merge` renders
 * what `kdelta audit` would have.
 */
#include <stdio.h>
#include <string.h>

#include "jsonutil.h"
#include "output.h"
#include "render.h"
#include "report.h"
#include "util.h"

/* --- shared --- */

static const char *tree_title(json_t *tree, char *buf, size_t n)
{
	json_t *v = json_object_get(tree, "vendor");

	if (json_is_object(v))
		snprintf(buf, n, "Linux %s (%s %s)", kd_json_str(tree, "version"),
			 kd_json_str(v, "name"), kd_json_str(v, "release"));
	else
		snprintf(buf, n, "Linux %s", kd_json_str(tree, "version"));
	return buf;
}

static size_t count_conf(json_t *findings, const char *conf)
{
	size_t i, n = 0;
	json_t *f;

	json_array_foreach(findings, i, f)
		n += !strcmp(kd_json_str(f, "confidence"), conf);
	return n;
}

static bool same_str(json_t *a, json_t *b, const char *key)
{
	return a && b && !strcmp(kd_json_str(a, key), kd_json_str(b, key));
}

/* How many findings from i on share its key: a subsystem's or a file's. */
static size_t run_len(json_t *fs, size_t i, const char *key)
{
	size_t n = 1;

	while (same_str(json_array_get(fs, i), json_array_get(fs, i + n), key))
		n++;
	return n;
}

/* --- Markdown --- */

/* Backslash-escapes what CommonMark would read as markup or HTML. */
static void md_text(FILE *o, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|~#", *s))
			fputc('\\', o);
		fputc(*s == '\n' ? ' ' : *s, o);
	}
}

/* Inline code: identifiers and paths, delimited past their backquotes. */
static void md_tt(FILE *o, const char *s, const char *suffix)
{
	const char *d = strchr(s, '`') ? "`` " : "`";
	const char *e = strchr(s, '`') ? " ``" : "`";

	fprintf(o, "%s%s%s%s", d, s, suffix, e);
}

/* A fence longer than any run of backquotes in the block. */
static int fence_len(json_t *lines)
{
	size_t i;
	int best = 3;
	json_t *l;

	json_array_foreach(lines, i, l) {
		int run = 0;

		for (const char *p = kd_json_str(l, "text"); *p; p++) {
			run = *p == '`' ? run + 1 : 0;
			if (run >= best)
				best = run + 1;
		}
	}
	return best;
}

/* Source lines with their numbers, the one at mark flagged with '>'. */
static void md_code(FILE *o, json_t *lines, json_int_t mark)
{
	int fence = fence_len(lines);
	size_t i;
	json_t *l;

	fprintf(o, "%.*s\n", fence, "``````````````````````````````");
	json_array_foreach(lines, i, l)
		fprintf(o, "%c %6lld  %s\n", kd_json_int(l, "line") == mark ? '>' : ' ',
			(long long)kd_json_int(l, "line"), kd_json_str(l, "text"));
	fprintf(o, "%.*s\n\n", fence, "``````````````````````````````");
}

static void md_head(FILE *o, json_t *doc)
{
	json_t *tree = json_object_get(doc, "tree"), *mk = json_object_get(tree, "makefile");
	json_t *v = json_object_get(tree, "vendor"), *fs = json_object_get(doc, "findings");
	char title[512];

	fprintf(o, "# kdelta audit: ");
	md_text(o, tree_title(tree, title, sizeof(title)));
	fprintf(o, "\n\n| | |\n|---|---|\n| Tree | ");
	md_tt(o, kd_json_str(tree, "path"), "");
	fprintf(o, " |\n| Version | ");
	md_text(o, kd_json_str(tree, "version"));
	fprintf(o, " (VERSION = %s, PATCHLEVEL = %s, SUBLEVEL = %s, EXTRAVERSION = ",
		kd_json_str(mk, "VERSION"), kd_json_str(mk, "PATCHLEVEL"), kd_json_str(mk, "SUBLEVEL"));
	md_text(o, kd_json_str(mk, "EXTRAVERSION"));
	fprintf(o, ") |\n| Vendor | ");
	if (json_is_object(v)) {
		md_text(o, kd_json_str(v, "name"));
		fputc(' ', o);
		md_text(o, kd_json_str(v, "release"));
		fprintf(o, " (from ");
		md_text(o, kd_json_str(v, "evidence"));
		fputc(')', o);
	} else {
		fprintf(o, "none found");
	}
	fprintf(o, " |\n| Findings | %zu (high %zu, medium %zu, low %zu) |\n\n",
		json_array_size(fs), count_conf(fs, "high"), count_conf(fs, "medium"),
		count_conf(fs, "low"));
}

static void md_known(FILE *o, json_t *known)
{
	size_t i;
	json_t *k;

	fprintf(o, "## Known instances\n\n"
		"| Status | Instance | Where | Introduced by | Fixed by |\n"
		"|---|---|---|---|---|\n");
	json_array_foreach(known, i, k) {
		fprintf(o, "| **%s** | ", kd_json_str(k, "status"));
		md_text(o, kd_json_str(k, "id"));
		fprintf(o, " | ");
		md_tt(o, kd_json_str(k, "file"), "");
		fprintf(o, " ");
		md_tt(o, kd_json_str(k, "function"), "()");
		fprintf(o, " | %s | %s |\n", kd_json_str(k, "introduced"), kd_json_str(k, "fixed_by"));
	}
	fputc('\n', o);
	json_array_foreach(known, i, k) {
		fprintf(o, "### ");
		md_text(o, kd_json_str(k, "id"));
		fprintf(o, ": %s\n\n", kd_json_str(k, "status"));
		md_text(o, kd_json_str(k, "reason"));
		fprintf(o, "\n\n");
		if (json_array_size(json_object_get(k, "evidence")))
			md_code(o, json_object_get(k, "evidence"), -1);
	}
}

static void md_finding(FILE *o, json_t *f)
{
	fprintf(o, "##### Line %lld, ", (long long)kd_json_int(f, "line"));
	md_tt(o, kd_json_str(f, "function"), "()");
	fprintf(o, ": ");
	md_text(o, kd_json_str(f, "rule"));
	fprintf(o, " (%s, %s)\n\n", kd_json_str(f, "engine"), kd_json_str(f, "confidence"));
	md_code(o, json_object_get(f, "context"), kd_json_int(f, "line"));
	md_text(o, kd_json_str(f, "message"));
	fprintf(o, "\n\n");
}

static void md_findings(FILE *o, json_t *fs)
{
	json_t *f, *prev = NULL;
	size_t i;

	fprintf(o, "## Findings (%zu)\n\n", json_array_size(fs));
	if (!json_array_size(fs))
		fprintf(o, "No findings.\n\n");
	json_array_foreach(fs, i, f) {
		if (!same_str(prev, f, "subsystem")) {
			fprintf(o, "### ");
			md_text(o, kd_json_str(f, "subsystem"));
			fprintf(o, " (%zu)\n\n", run_len(fs, i, "subsystem"));
		}
		if (!same_str(prev, f, "file")) {
			fprintf(o, "#### ");
			md_tt(o, kd_json_str(f, "file"), "");
			fprintf(o, "\n\n");
		}
		md_finding(o, f);
		prev = f;
	}
}

static void md_scan(FILE *o, json_t *scan)
{
	json_t *e, *sh = json_object_get(scan, "shards");
	size_t i;

	fprintf(o, "## What was scanned\n\n| | |\n|---|---|\n"
		"| C files in the tree | %lld |\n"
		"| Files scanned (naming the time API) | %lld |\n"
		"| Time | %.1f s |\n",
		(long long)kd_json_int(scan, "files_in_tree"),
		(long long)kd_json_int(scan, "files_scanned"),
		json_number_value(json_object_get(scan, "seconds")));
	json_array_foreach(json_object_get(scan, "engines"), i, e) {
		fprintf(o, "| Engine %s | ", kd_json_str(e, "name"));
		md_text(o, kd_json_str(e, "version"));
		fprintf(o, ", %lld files |\n", (long long)kd_json_int(e, "files"));
	}
	if (json_is_false(json_object_get(scan, "complete")))
		fprintf(o, "| Complete | **no**: an engine could not analyse some files "
			"(its messages were on stderr) |\n");
	if (json_is_string(json_object_get(scan, "shard")))
		fprintf(o, "| Shard | %s |\n", kd_json_str(scan, "shard"));
	if (json_is_array(sh))
		fprintf(o, "| Merged from | %zu shards |\n", json_array_size(sh));
	fputc('\n', o);
}

int render_md(FILE *o, json_t *doc)
{
	md_head(o, doc);
	md_known(o, json_object_get(doc, "known_instances"));
	md_findings(o, json_object_get(doc, "findings"));
	md_scan(o, json_object_get(doc, "scan"));
	fprintf(o, "Generated by kdelta %s.\n", KDELTA_VERSION);
	return ferror(o) ? -1 : 0;
}

/* --- HTML --- */

static void h(FILE *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", o); break;
		case '<': fputs("&lt;", o); break;
		case '>': fputs("&gt;", o); break;
		case '"': fputs("&quot;", o); break;
		case '\'': fputs("&#39;", o); break;
		default: fputc(*s, o);
		}
	}
}

/* A status or a confidence as a class name: "not applicable" -> not-applicable */
static void h_class(FILE *o, const char *s)
{
	for (; *s; s++)
		fputc((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ? *s : '-', o);
}

static const char css[] =
	"body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d2125;"
	"max-width:72em;margin:0 auto;padding:1.5em;background:#fff}"
	"h1{font-size:1.6em;margin:.2em 0 .6em}h2{border-bottom:2px solid #e3e6ea;"
	"padding-bottom:.2em;margin-top:2em}h3{margin-top:1.6em}"
	"h4{font-family:ui-monospace,monospace;font-weight:600;margin:1.4em 0 .4em}"
	"code,pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.88em}"
	"table{border-collapse:collapse;margin:.6em 0;width:100%}"
	"th,td{border:1px solid #d9dde2;padding:.45em .6em;text-align:left;vertical-align:top}"
	"th{background:#f3f5f7}"
	"#known-instances strong{white-space:nowrap}tr.evidence td{border-top:0}"
	"tr.instance td{border-bottom:0}p.reason{margin:.1em 0 .4em}"
	"dl.tree{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1.2em}"
	"dl.tree dt{font-weight:600}dl.tree dd{margin:0}"
	".badge{display:inline-block;padding:.1em .65em;border-radius:1em;font-weight:700;"
	"font-size:.82em;color:#fff;white-space:nowrap}"
	".status-present{background:#c62828}.status-fixed{background:#2e7d32}"
	".status-not-applicable{background:#6b7280}"
	".conf-high{background:#c62828}.conf-medium{background:#d97706}.conf-low{background:#6b7280}"
	".tag{display:inline-block;padding:.05em .5em;border:1px solid #cfd4da;border-radius:.3em;"
	"font-size:.82em;margin-left:.3em;background:#f8f9fa}"
	"tr.instance td:first-child,tr.evidence td:first-child{border-left:6px solid #6b7280}"
	"tr.instance[data-status='present'] td:first-child,"
	"tr.instance[data-status='present']+tr td:first-child{border-left-color:#c62828}"
	"tr.instance[data-status='fixed'] td:first-child,"
	"tr.instance[data-status='fixed']+tr td:first-child{border-left-color:#2e7d32}"
	"pre{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:.5em 0;"
	"overflow-x:auto;tab-size:8;-moz-tab-size:8;margin:.4em 0}"
	"pre .line{display:inline-block;min-width:100%;padding-right:.8em;box-sizing:border-box}"
	"pre .ln{display:inline-block;width:5.5em;padding-right:1em;text-align:right;"
	"color:#8a929b;user-select:none}"
	"pre .hit{background:#fff1b8}pre .hit .ln{color:#c62828;font-weight:700}"
	"section.finding{border-left:3px solid #d9dde2;padding:.1em 0 .1em 1em;margin:1em 0}"
	"section.finding h5{font-size:1em;margin:.2em 0}"
	"p.message{margin:.3em 0 .8em}nav.subsystems a{margin-right:1em}"
	"footer{margin-top:3em;color:#6b7280;font-size:.85em}";

static void html_lines(FILE *o, json_t *lines, json_int_t mark, const char *cls)
{
	size_t i;
	json_t *l;

	fprintf(o, "<pre class=\"%s\">", cls);
	json_array_foreach(lines, i, l) {
		fprintf(o, "<span class=\"line%s\" data-line=\"%lld\"><span class=\"ln\">%lld</span>",
			kd_json_int(l, "line") == mark ? " hit" : "", (long long)kd_json_int(l, "line"),
			(long long)kd_json_int(l, "line"));
		h(o, kd_json_str(l, "text"));
		fputs("</span>\n", o);
	}
	fputs("</pre>\n", o);
}

static void html_head(FILE *o, json_t *doc)
{
	json_t *tree = json_object_get(doc, "tree"), *mk = json_object_get(tree, "makefile");
	json_t *v = json_object_get(tree, "vendor"), *fs = json_object_get(doc, "findings");
	char title[512];

	tree_title(tree, title, sizeof(title));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>kdelta audit: ", o);
	h(o, title);
	fprintf(o, "</title>\n<style>%s</style>\n</head>\n<body>\n<header id=\"tree\">\n"
		"<h1>kdelta audit: ", css);
	h(o, title);
	fputs("</h1>\n<dl class=\"tree\">\n<dt>Tree</dt><dd><code id=\"tree-path\">", o);
	h(o, kd_json_str(tree, "path"));
	fputs("</code></dd>\n<dt>Version</dt><dd id=\"tree-version\">", o);
	h(o, kd_json_str(tree, "version"));
	fprintf(o, " <small>(VERSION = %s, PATCHLEVEL = %s, SUBLEVEL = %s, EXTRAVERSION = ",
		kd_json_str(mk, "VERSION"), kd_json_str(mk, "PATCHLEVEL"), kd_json_str(mk, "SUBLEVEL"));
	h(o, kd_json_str(mk, "EXTRAVERSION"));
	fputs(")</small></dd>\n<dt>Vendor</dt><dd id=\"tree-vendor\">", o);
	if (json_is_object(v)) {
		h(o, kd_json_str(v, "name"));
		fputc(' ', o);
		h(o, kd_json_str(v, "release"));
		fputs(" <small>(from ", o);
		h(o, kd_json_str(v, "evidence"));
		fputs(")</small>", o);
	} else {
		fputs("none found", o);
	}
	fprintf(o, "</dd>\n<dt>Findings</dt><dd id=\"finding-count\">%zu "
		"<small>(high %zu, medium %zu, low %zu)</small></dd>\n</dl>\n</header>\n<main>\n",
		json_array_size(fs), count_conf(fs, "high"), count_conf(fs, "medium"),
		count_conf(fs, "low"));
}

static void html_instance(FILE *o, json_t *k)
{
	fputs("<tr class=\"instance\" data-id=\"", o);
	h(o, kd_json_str(k, "id"));
	fputs("\" data-status=\"", o);
	h(o, kd_json_str(k, "status"));
	fputs("\">\n<td><span class=\"badge status-", o);
	h_class(o, kd_json_str(k, "status"));
	fputs("\">", o);
	h(o, kd_json_str(k, "status"));
	fputs("</span></td>\n<td><strong>", o);
	h(o, kd_json_str(k, "id"));
	fputs("</strong></td>\n<td><code>", o);
	h(o, kd_json_str(k, "file"));
	fputs("</code><br><code>", o);
	h(o, kd_json_str(k, "function"));
	fputs("()</code></td>\n<td>introduced by <code>", o);
	h(o, kd_json_str(k, "introduced"));
	fputs("</code>, fixed by <code>", o);
	h(o, kd_json_str(k, "fixed_by"));
	fputs("</code></td>\n</tr>\n<tr class=\"evidence\" data-id=\"", o);
	h(o, kd_json_str(k, "id"));
	fputs("\">\n<td></td><td colspan=\"3\"><p class=\"reason\">", o);
	h(o, kd_json_str(k, "reason"));
	fputs("</p>\n", o);
	if (json_array_size(json_object_get(k, "evidence")))
		html_lines(o, json_object_get(k, "evidence"), -1, "evidence");
	fputs("</td>\n</tr>\n", o);
}

static void html_known(FILE *o, json_t *known)
{
	size_t i;
	json_t *k;

	fputs("<section id=\"known\">\n<h2>Known instances</h2>\n"
	      "<table id=\"known-instances\">\n<thead><tr><th>Status</th><th>Instance</th>"
	      "<th>Where</th><th>Commits</th></tr></thead>\n<tbody>\n", o);
	json_array_foreach(known, i, k)
		html_instance(o, k);
	fputs("</tbody>\n</table>\n</section>\n", o);
}

static void html_finding(FILE *o, json_t *f, size_t n)
{
	fputs("<section class=\"finding\" data-rule=\"", o);
	h(o, kd_json_str(f, "rule"));
	fputs("\" data-file=\"", o);
	h(o, kd_json_str(f, "file"));
	fprintf(o, "\" data-line=\"%lld\" data-engine=\"", (long long)kd_json_int(f, "line"));
	h(o, kd_json_str(f, "engine"));
	fputs("\" data-confidence=\"", o);
	h(o, kd_json_str(f, "confidence"));
	fprintf(o, "\" id=\"finding-%zu\">\n<h5>Line %lld, <code>", n, (long long)kd_json_int(f, "line"));
	h(o, kd_json_str(f, "function"));
	fputs("()</code> <span class=\"badge conf-", o);
	h_class(o, kd_json_str(f, "confidence"));
	fputs("\">", o);
	h(o, kd_json_str(f, "confidence"));
	fputs("</span><span class=\"tag rule\">", o);
	h(o, kd_json_str(f, "rule"));
	fputs("</span><span class=\"tag engine\">", o);
	h(o, kd_json_str(f, "engine"));
	fputs("</span></h5>\n", o);
	html_lines(o, json_object_get(f, "context"), kd_json_int(f, "line"), "code");
	fputs("<p class=\"message\">", o);
	h(o, kd_json_str(f, "message"));
	fputs("</p>\n</section>\n", o);
}

/* Links to each subsystem, with its number of findings. */
static void html_nav(FILE *o, json_t *fs)
{
	json_t *f, *prev = NULL;
	size_t i, n = 0;

	fputs("<nav class=\"subsystems\">", o);
	json_array_foreach(fs, i, f) {
		if (prev && !same_str(prev, f, "subsystem")) {
			fprintf(o, " (%zu)</a>", n);
			n = 0;
		}
		if (!prev || !same_str(prev, f, "subsystem")) {
			fputs("<a href=\"#subsystem-", o);
			h_class(o, kd_json_str(f, "subsystem"));
			fputs("\">", o);
			h(o, kd_json_str(f, "subsystem"));
		}
		n++;
		prev = f;
	}
	if (prev)
		fprintf(o, " (%zu)</a>", n);
	fputs("</nav>\n", o);
}

static void html_group(FILE *o, json_t *fs, size_t i, json_t *prev)
{
	json_t *f = json_array_get(fs, i);
	bool sub = !same_str(prev, f, "subsystem");

	if (prev && (sub || !same_str(prev, f, "file")))
		fputs("</section>\n", o);	/* the file */
	if (prev && sub)
		fputs("</section>\n", o);	/* the subsystem */
	if (sub) {
		fputs("<section class=\"subsystem\" id=\"subsystem-", o);
		h_class(o, kd_json_str(f, "subsystem"));
		fputs("\" data-subsystem=\"", o);
		h(o, kd_json_str(f, "subsystem"));
		fputs("\">\n<h3>", o);
		h(o, kd_json_str(f, "subsystem"));
		fprintf(o, " <small>(%zu)</small></h3>\n", run_len(fs, i, "subsystem"));
	}
	if (sub || !same_str(prev, f, "file")) {
		fputs("<section class=\"file\" data-file=\"", o);
		h(o, kd_json_str(f, "file"));
		fputs("\">\n<h4>", o);
		h(o, kd_json_str(f, "file"));
		fputs("</h4>\n", o);
	}
}

static void html_findings(FILE *o, json_t *fs)
{
	json_t *f, *prev = NULL;
	size_t i;

	fprintf(o, "<section id=\"findings\">\n<h2>Findings (%zu)</h2>\n",
		json_array_size(fs));
	if (!json_array_size(fs))
		fputs("<p class=\"none\">No findings.</p>\n", o);
	else
		html_nav(o, fs);
	json_array_foreach(fs, i, f) {
		html_group(o, fs, i, prev);
		html_finding(o, f, i + 1);
		prev = f;
	}
	if (prev)
		fputs("</section>\n</section>\n", o);
	fputs("</section>\n", o);
}

static void html_scan(FILE *o, json_t *scan)
{
	json_t *e, *sh = json_object_get(scan, "shards");
	size_t i;

	fprintf(o, "<section id=\"scan\">\n<h2>What was scanned</h2>\n<table id=\"scan-table\">\n"
		"<tr><th>C files in the tree</th><td class=\"files-in-tree\">%lld</td></tr>\n"
		"<tr><th>Files scanned (naming the time API)</th><td class=\"files-scanned\">%lld</td></tr>\n"
		"<tr><th>Time</th><td class=\"seconds\">%.1f s</td></tr>\n",
		(long long)kd_json_int(scan, "files_in_tree"), (long long)kd_json_int(scan, "files_scanned"),
		json_number_value(json_object_get(scan, "seconds")));
	json_array_foreach(json_object_get(scan, "engines"), i, e) {
		fputs("<tr class=\"engine\"><th>Engine ", o);
		h(o, kd_json_str(e, "name"));
		fputs("</th><td>", o);
		h(o, kd_json_str(e, "version"));
		fprintf(o, "; %lld files</td></tr>\n", (long long)kd_json_int(e, "files"));
	}
	if (json_is_false(json_object_get(scan, "complete")))
		fputs("<tr class=\"incomplete\"><th>Complete</th><td><strong>no</strong>: an engine "
		      "could not analyse some files (its messages were on stderr)</td></tr>\n", o);
	if (json_is_string(json_object_get(scan, "shard"))) {
		fputs("<tr><th>Shard</th><td class=\"shard\">", o);
		h(o, kd_json_str(scan, "shard"));
		fputs("</td></tr>\n", o);
	}
	if (json_is_array(sh))
		fprintf(o, "<tr><th>Merged from</th><td class=\"shards\">%zu shards</td></tr>\n",
			json_array_size(sh));
	fputs("</table>\n</section>\n", o);
}

int render_html(FILE *o, json_t *doc)
{
	html_head(o, doc);
	html_known(o, json_object_get(doc, "known_instances"));
	html_findings(o, json_object_get(doc, "findings"));
	html_scan(o, json_object_get(doc, "scan"));
	fprintf(o, "</main>\n<footer>Generated by kdelta %s.</footer>\n</body>\n</html>\n",
		KDELTA_VERSION);
	return ferror(o) ? -1 : 0;
}

/* --- SARIF --- */

/* file:// URI of an absolute directory, with a trailing '/'. */
static char *dir_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *u = xmalloc(3 * strlen(path) + 16), *w = u;

	w += sprintf(w, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	if (w[-1] != '/')
		*w++ = '/';
	*w = '\0';
	return u;
}

/*
 * findings_sarif() of the findings, their tree-relative paths resolved
 * against SRCROOT (the tree), and the tree's identity, the known-instance
 * table and the scan in the run's property bag.
 */
json_t *render_sarif(json_t *doc)
{
	struct findings fs = { 0 };
	json_t *s, *run, *r, *tree = json_object_get(doc, "tree");
	char *uri = dir_uri(kd_json_str(tree, "path"));
	size_t i;

	findings_from_json(json_object_get(doc, "findings"), &fs);
	s = findings_sarif(&fs);
	findings_free(&fs);
	run = json_array_get(json_object_get(s, "runs"), 0);
	json_array_foreach(json_object_get(run, "results"), i, r) {
		json_t *loc = json_array_get(json_object_get(r, "locations"), 0);
		json_t *art = json_object_get(json_object_get(loc, "physicalLocation"),
					      "artifactLocation");

		json_object_set_new(art, "uriBaseId", json_string("SRCROOT"));
	}
	json_object_set_new(run, "originalUriBaseIds",
			    json_pack("{s:{s:s}}", "SRCROOT", "uri", uri));
	json_object_set_new(run, "properties", json_pack("{s:O, s:O, s:O}",
			    "tree", tree,
			    "knownInstances", json_object_get(doc, "known_instances"),
			    "scan", json_object_get(doc, "scan")));
	free(uri);
	return s;
}
