/* SPDX-License-Identifier: GPL-2.0 */
/* `kdelta audit` and `kdelta merge`: what their files share. */
#ifndef KDELTA_AUDIT_H
#define KDELTA_AUDIT_H

#include <jansson.h>

#include "kdelta.h"

/* A source file split into lines: line[i] is line i + 1, no newline. */
struct src {
	char *text;
	char **line;
	size_t n;
};

int src_read(const char *path, struct src *s);
void src_free(struct src *s);

/* tree.c: the audited tree. */
int tree_check(const char *kdir);
json_t *tree_identity(const char *kdir, json_t *vendor);
const char *default_tarball(void);
int default_tree(char **kdir, json_t **vendor);
char *default_tree_path(void);

/* known.c: the known-instance table of api.def's KD_KNOWN entries.
 * cocci: the pack's findings on the scanned files (tree-relative);
 * scanned: the files they cover, sorted. */
json_t *known_instances(const char *kdir, const struct findings *cocci,
			const struct strlist *scanned, long jobs);

/* report.c: the report document and its four renderings. */
json_t *report_finding(const struct finding *f, const struct src *s);
void report_sort_findings(json_t *findings);
void findings_from_json(json_t *arr, struct findings *out);
int outdir_prepare(const char *outdir, const char *kdir);
void outdir_abandon(void);
int report_write(const char *outdir, json_t *doc, bool all);

/* render.c: the report as Markdown, HTML and SARIF. */
int render_md(FILE *o, json_t *doc);
int render_html(FILE *o, json_t *doc);
json_t *render_sarif(json_t *doc);
/* A JSON string of s, any invalid UTF-8 byte replaced. */
json_t *json_text(const char *s);

/* Member access that tolerates a missing key: "" or 0. */
const char *jstr(json_t *o, const char *key);
json_int_t jint(json_t *o, const char *key);

#endif
