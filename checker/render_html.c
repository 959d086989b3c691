// SPDX-License-Identifier: GPL-2.0
/*
 * The audit report as one self-contained HTML page: inline CSS, no
 * script, nothing fetched.  Every value from the tree goes through
 * esc_html(); class names are made of [a-z0-9-] only.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "jsonutil.h"
#include "render_html.h"
#include "util.h"

/* A status or a confidence as a class name: "not applicable" -> not-applicable */
static void h_class(FILE *o, const char *s)
{
	for (; *s; s++)
		fputc((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ? *s : '-', o);
}

/* <tag attrs>value</tag>, the value escaped. */
static void h_elem(FILE *o, const char *open, const char *value, const char *close)
{
	fputs(open, o);
	esc_html(o, value);
	fputs(close, o);
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
	"pre .src{background:#e8f0fe}pre .src .ln{color:#1a56db;font-weight:700}"
	"section.finding{border-left:3px solid #d9dde2;padding:.1em 0 .1em 1em;margin:1em 0}"
	"section.finding h5{font-size:1em;margin:.2em 0}"
	"p.message{margin:.3em 0 .8em}nav.subsystems a{margin-right:1em}"
	"footer{margin-top:3em;color:#6b7280;font-size:.85em}";

/* The sink's line at mark ("hit"), the delta source's at src ("src"). */
static void html_lines(FILE *o, const struct ctx_line *l, size_t n,
		       unsigned int mark, unsigned int src, const char *cls)
{
	fprintf(o, "<pre class=\"%s\">", cls);
	for (size_t i = 0; i < n; i++) {
		if (i && l[i].line > l[i - 1].line + 1)
			fputs("<span class=\"line gap\"><span class=\"ln\">...</span></span>\n", o);
		fprintf(o, "<span class=\"line%s%s\" data-line=\"%u\"><span class=\"ln\">%u</span>",
			l[i].line == mark ? " hit" : "", src && l[i].line == src ? " src" : "",
			l[i].line, l[i].line);
		esc_html(o, l[i].text);
		fputs("</span>\n", o);
	}
	fputs("</pre>\n", o);
}

static void html_makefile(FILE *o, json_t *mk)
{
	static const char *const vars[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL",
					    "EXTRAVERSION" };

	fputs(" <small>(", o);
	for (int i = 0; i < 4; i++) {
		fprintf(o, "%s%s = ", i ? ", " : "", vars[i]);
		esc_html(o, kd_json_str(mk, vars[i]));
	}
	fputs(")</small>", o);
}

static void html_head(FILE *o, const struct report *r)
{
	json_t *tree = r->tree, *v = json_object_get(tree, "vendor");
	char *title = report_title(r);

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", o);
	h_elem(o, "<title>kdelta audit: ", title, "</title>\n");
	fprintf(o, "<style>%s</style>\n</head>\n<body>\n<header id=\"tree\">\n", css);
	h_elem(o, "<h1>kdelta audit: ", title, "</h1>\n<dl class=\"tree\">\n");
	free(title);
	h_elem(o, "<dt>Tree</dt><dd><code id=\"tree-path\">", kd_json_str(tree, "path"),
	       "</code></dd>\n");
	h_elem(o, "<dt>Version</dt><dd id=\"tree-version\">", kd_json_str(tree, "version"), "");
	html_makefile(o, json_object_get(tree, "makefile"));
	fputs("</dd>\n<dt>Vendor</dt><dd id=\"tree-vendor\">", o);
	if (json_is_object(v)) {
		h_elem(o, "", kd_json_str(v, "name"), " ");
		h_elem(o, "", kd_json_str(v, "release"), " <small>(from ");
		h_elem(o, "", kd_json_str(v, "evidence"), ")</small>");
	} else {
		fputs("none found", o);
	}
	fprintf(o, "</dd>\n<dt>Findings</dt><dd id=\"finding-count\">%zu "
		"<small>(high %zu, medium %zu, low %zu)</small></dd>\n", r->n,
		report_count(r, KD_HIGH), report_count(r, KD_MEDIUM), report_count(r, KD_LOW));
	if (r->inc.ninc)
		fprintf(o, "<dt>Incomplete</dt><dd id=\"incomplete-count\"><strong>%zu files"
			"</strong> not fully analysed <small>(listed below)</small></dd>\n",
			r->inc.ninc);
	fprintf(o, "<dt>Silent</dt><dd id=\"silent-count\">%zu delta sources analysed and "
		"not reported <small>(listed below)</small></dd>\n", r->sil.nsil);
	fputs("</dl>\n</header>\n<main>\n", o);
}

static void html_instance(FILE *o, json_t *k)
{
	struct ctx_line *l;
	size_t n;

	h_elem(o, "<tr class=\"instance\" data-id=\"", kd_json_str(k, "id"), "\" data-status=\"");
	esc_html(o, kd_json_str(k, "status"));
	fputs("\">\n<td><span class=\"badge status-", o);
	h_class(o, kd_json_str(k, "status"));
	h_elem(o, "\">", kd_json_str(k, "status"), "</span></td>\n");
	h_elem(o, "<td><strong>", kd_json_str(k, "id"), "</strong></td>\n");
	h_elem(o, "<td><code>", kd_json_str(k, "file"), "</code><br>");
	h_elem(o, "<code>", kd_json_str(k, "function"), "()</code></td>\n");
	h_elem(o, "<td>introduced by <code>", kd_json_str(k, "introduced"), "</code>, ");
	h_elem(o, "fixed by <code>", kd_json_str(k, "fixed_by"), "</code></td>\n</tr>\n");
	h_elem(o, "<tr class=\"evidence\" data-id=\"", kd_json_str(k, "id"), "\">\n");
	h_elem(o, "<td></td><td colspan=\"3\"><p class=\"reason\">",
	       kd_json_str(k, "reason"), "</p>\n");
	l = report_lines(json_object_get(k, "evidence"), &n);
	if (n)
		html_lines(o, l, n, 0, 0, "evidence");
	free(l);
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

static void html_finding(FILE *o, const struct rfinding *rf, size_t n)
{
	const struct finding *f = &rf->f;
	const char *conf = confidence_name(f->confidence);

	h_elem(o, "<section class=\"finding\" data-rule=\"", f->rule, "\" data-file=\"");
	esc_html(o, f->file);
	fprintf(o, "\" data-line=\"%u\" data-engine=\"%s\" data-engines=\"%s\" "
		"data-confidence=\"%s\" id=\"finding-%zu\">\n<h5>Line %u, ", f->line,
		engine_name(f->engine), report_engines(rf), conf, n, f->line);
	h_elem(o, "<code>", f->function, "()</code> ");
	fprintf(o, "<span class=\"badge conf-%s\">%s</span>", conf, conf);
	h_elem(o, "<span class=\"tag rule\">", f->rule, "</span>");
	fprintf(o, "<span class=\"tag engine\">%s</span></h5>\n", report_engines(rf));
	html_lines(o, rf->ctx, rf->nctx, f->line, rf->source_line, "code");
	h_elem(o, "<p class=\"message\">", f->message, "</p>\n");
	for (size_t i = 0; i < rf->nalso; i++) {
		fprintf(o, "<p class=\"also\" data-engine=\"%s\">Also %s (",
			engine_name(rf->also[i].engine), engine_name(rf->also[i].engine));
		h_elem(o, "<code>", rf->also[i].rule, "</code>, ");
		fprintf(o, "%s): ", confidence_name(rf->also[i].confidence));
		h_elem(o, "", rf->also[i].message, "</p>\n");
	}
	fputs("</section>\n", o);
}

/* Links to each subsystem, with its number of findings. */
static void html_nav(FILE *o, const struct report *r)
{
	fputs("<nav class=\"subsystems\">", o);
	for (size_t i = 0; i < r->n; i += report_run(r, i, false)) {
		fputs("<a href=\"#subsystem-", o);
		h_class(o, r->v[i].subsystem);
		h_elem(o, "\">", r->v[i].subsystem, "");
		fprintf(o, " (%zu)</a>", report_run(r, i, false));
	}
	fputs("</nav>\n", o);
}

static void html_group(FILE *o, const struct report *r, size_t i)
{
	const struct rfinding *prev = i ? &r->v[i - 1] : NULL, *f = &r->v[i];
	bool sub = !prev || strcmp(prev->subsystem, f->subsystem);

	if (prev && (sub || strcmp(prev->f.file, f->f.file)))
		fputs("</section>\n", o);	/* the file */
	if (prev && sub)
		fputs("</section>\n", o);	/* the subsystem */
	if (sub) {
		fputs("<section class=\"subsystem\" id=\"subsystem-", o);
		h_class(o, f->subsystem);
		h_elem(o, "\" data-subsystem=\"", f->subsystem, "\">\n");
		h_elem(o, "<h3>", f->subsystem, "");
		fprintf(o, " <small>(%zu)</small></h3>\n", report_run(r, i, false));
	}
	if (sub || strcmp(prev->f.file, f->f.file)) {
		h_elem(o, "<section class=\"file\" data-file=\"", f->f.file, "\">\n");
		h_elem(o, "<h4>", f->f.file, "</h4>\n");
	}
}

static void html_findings(FILE *o, const struct report *r)
{
	fprintf(o, "<section id=\"findings\">\n<h2>Findings (%zu)</h2>\n", r->n);
	if (!r->n)
		fputs("<p class=\"none\">No findings.</p>\n", o);
	else
		html_nav(o, r);
	for (size_t i = 0; i < r->n; i++) {
		html_group(o, r, i);
		html_finding(o, &r->v[i], i + 1);
	}
	if (r->n)
		fputs("</section>\n</section>\n", o);
	fputs("</section>\n", o);
}

static void html_incomplete(FILE *o, const struct report *r)
{
	if (!r->inc.ninc)
		return;
	fprintf(o, "<h3>Incomplete: %zu files not fully analysed</h3>\n"
		"<ul id=\"incomplete\">\n", r->inc.ninc);
	for (size_t i = 0; i < r->inc.ninc; i++) {
		h_elem(o, "<li><code>", r->inc.inc[i].file, "</code>: ");
		h_elem(o, "", r->inc.inc[i].reason, "</li>\n");
	}
	fputs("</ul>\n", o);
}

static void html_engine(FILE *o, json_t *e)
{
	h_elem(o, "<tr class=\"engine\" data-engine=\"", kd_json_str(e, "name"), "\">");
	h_elem(o, "<th>Engine ", kd_json_str(e, "name"), "</th>");
	if (json_is_string(json_object_get(e, "not_run"))) {
		h_elem(o, "<td class=\"not-run\"><strong>not run</strong>: ",
		       kd_json_str(e, "not_run"), "</td></tr>\n");
		return;
	}
	h_elem(o, "<td>", kd_json_str(e, "version"), "");
	fprintf(o, "; %lld files", (long long)kd_json_int(e, "files"));
	if (json_is_string(json_object_get(e, "arguments")))
		h_elem(o, "; arguments of the ", kd_json_str(e, "arguments"), "");
	if (json_is_string(json_object_get(e, "build_dir")))
		h_elem(o, " <code>", kd_json_str(e, "build_dir"), "</code>");
	if (kd_json_int(e, "analysed_again") > 0)
		fprintf(o, "; %lld analysed again knowing the stamps other files set",
			(long long)kd_json_int(e, "analysed_again"));
	if (json_is_integer(json_object_get(e, "exact_arguments")))
		fprintf(o, "; %lld of them with kbuild's own arguments (the template's did "
			"not parse); %lld files under tools/ and scripts/ not given (userspace, "
			"not kernel objects)", (long long)kd_json_int(e, "exact_arguments"),
			(long long)kd_json_int(e, "not_given"));
	if (json_is_string(json_object_get(e, "unseen")))
		h_elem(o, "<br><small class=\"unseen\">Unseen: ", kd_json_str(e, "unseen"),
		       "</small>");
	fputs("</td></tr>\n", o);
}

/* Which engines ran on each file, collapsed. */
static void html_files(FILE *o, const struct report *r)
{
	size_t i;
	json_t *f, *e;

	fprintf(o, "<details id=\"files\"><summary>The %zu files scanned and the engines "
		"that ran on each</summary>\n<table>\n", json_array_size(r->files));
	json_array_foreach(r->files, i, f) {
		size_t k;

		h_elem(o, "<tr><td><code>", kd_json_str(f, "file"), "</code></td><td>");
		json_array_foreach(json_object_get(f, "engines"), k, e)
			h_elem(o, k ? ", " : "", json_string_value(e), "");
		fputs("</td></tr>\n", o);
	}
	fputs("</table>\n</details>\n", o);
}

/* The sources analysed and not reported, collapsed. */
static void html_silent(FILE *o, const struct report *r)
{
	const struct findings *s = &r->sil;

	fprintf(o, "<section id=\"silent\">\n<h2>Silent (%zu)</h2>\n<details>\n<summary>%zu "
		"delta sources analysed and not reported, with the reason</summary>\n"
		"<table id=\"silent-table\">\n<thead><tr><th>Where</th><th>Function</th>"
		"<th>Source</th><th>Reason</th><th>Engine</th></tr></thead>\n<tbody>\n",
		s->nsil, s->nsil);
	for (size_t i = 0; i < s->nsil; i++) {
		const struct silence *x = &s->sil[i];

		h_elem(o, "<tr class=\"silent\" data-file=\"", x->file, "\"");
		fprintf(o, " data-line=\"%u\" data-reason=\"%s\" data-engine=\"%s\">",
			x->line, silence_kind_name(x->kind), engine_name(x->engine));
		h_elem(o, "<td><code>", x->file, "");
		fprintf(o, ":%u</code></td>", x->line);
		h_elem(o, "<td><code>", x->function, "()</code></td>");
		h_elem(o, "<td><code>", x->source, "</code></td>");
		fprintf(o, "<td>%s: ", silence_kind_name(x->kind));
		h_elem(o, "", x->detail, "</td>");
		fprintf(o, "<td>%s</td></tr>\n", engine_name(x->engine));
	}
	fputs("</tbody>\n</table>\n</details>\n</section>\n", o);
}

static void html_scan(FILE *o, const struct report *r)
{
	json_t *e, *scan = r->scan, *sh = json_object_get(scan, "shards");
	size_t i, counts[2];

	fprintf(o, "<section id=\"scan\">\n<h2>What was scanned</h2>\n<table id=\"scan-table\">\n"
		"<tr><th>C files in the tree</th><td class=\"files-in-tree\">%lld</td></tr>\n"
		"<tr><th>Files scanned (naming the time API)</th><td class=\"files-scanned\">%lld</td></tr>\n"
		"<tr><th>Time</th><td class=\"seconds\">%.1f s</td></tr>\n",
		(long long)kd_json_int(scan, "files_in_tree"), (long long)kd_json_int(scan, "files_scanned"),
		json_number_value(json_object_get(scan, "seconds")));
	json_array_foreach(json_object_get(scan, "engines"), i, e)
		html_engine(o, e);
	report_file_engines(r, counts);
	fprintf(o, "<tr><th>Files per engine</th><td class=\"files-per-engine\">both engines: "
		"%zu; the rule pack alone: %zu</td></tr>\n", counts[1], counts[0]);
	if (json_is_false(json_object_get(scan, "complete")))
		fprintf(o, "<tr class=\"incomplete\"><th>Complete</th><td><strong>no</strong>: "
			"%zu files not fully analysed; an engine's messages were on stderr"
			"</td></tr>\n", r->inc.ninc);
	if (json_is_string(json_object_get(scan, "shard")))
		h_elem(o, "<tr><th>Shard</th><td class=\"shard\">", kd_json_str(scan, "shard"),
		       "</td></tr>\n");
	if (json_is_array(sh))
		fprintf(o, "<tr><th>Merged from</th><td class=\"shards\">%zu shards</td></tr>\n",
			json_array_size(sh));
	fputs("</table>\n", o);
	html_incomplete(o, r);
	html_files(o, r);
	fputs("</section>\n", o);
}

int render_html(FILE *o, const struct report *r)
{
	html_head(o, r);
	html_known(o, r->known);
	html_findings(o, r);
	html_scan(o, r);
	html_silent(o, r);
	fprintf(o, "</main>\n<footer>Generated by kdelta %s.</footer>\n</body>\n</html>\n",
		KDELTA_VERSION);
	return ferror(o) ? -1 : 0;
}
