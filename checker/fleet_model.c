// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet as a value: a tree's entry, the known-instance matrix and the
 * finding rows, each built from the per-tree struct reports alone, so
 * that one process and a merge of shards build the same value.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fleet_model.h"
#include "jsonutil.h"
#include "report.h"
#include "util.h"

#define ID_MAX	80

static void safe_chars(char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._+-", *s))
			*s = '_';
}

static char *id_base(const struct fleet_tree *t)
{
	json_t *tree = t->rep.tree, *v = json_object_get(tree, "vendor");
	const char *commit = kd_json_str(json_object_get(tree, "source"), "commit");
	const char *slash;
	char *vname, *b;

	if (!t->audited) {
		slash = strrchr(t->spec, '/');
		return xstrdup(slash && slash[1] ? slash + 1 : t->spec);
	}
	if (json_is_object(v)) {
		vname = xstrndup(kd_json_str(v, "name"), strcspn(kd_json_str(v, "name"), " "));
		for (char *p = vname; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		b = xasprintf("%s-%s", vname, kd_json_str(v, "release"));
		free(vname);
	} else {
		b = xasprintf("linux-%s", kd_json_str(tree, "version"));
	}
	if (*commit) {
		char *g = xasprintf("%s-g%.12s", b, commit);

		free(b);
		b = g;
	}
	return b;
}

char *fleet_tree_id(const struct fleet_tree *t, size_t n)
{
	int width = snprintf(NULL, 0, "%zu", n);
	char *base = id_base(t), *id;

	if (strlen(base) > ID_MAX)
		base[ID_MAX] = '\0';
	id = xasprintf("%0*zu-%s", width, t->index, base);
	safe_chars(id);
	free(base);
	return id;
}

/* --- the trees --- */

static json_t *not_analysed(const struct report *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->inc.ninc; i++)
		json_array_append_new(a, json_pack("{s:o, s:o}",
				      "file", kd_json_text(r->inc.inc[i].file),
				      "reason", kd_json_text(r->inc.inc[i].reason)));
	return a;
}

static json_t *tree_entry(const struct fleet_tree *t)
{
	const struct report *r = &t->rep;
	json_t *e = json_pack("{s:I, s:s, s:o, s:s}", "index", (json_int_t)t->index,
			      "id", t->id, "source", kd_json_text(t->spec),
			      "status", t->audited ? "audited" : "failed");
	char *title;

	if (!t->audited) {
		json_object_set_new(e, "reason", kd_json_text(t->why ? t->why : "failed"));
		return e;
	}
	title = report_title(r);
	json_object_set_new(e, "title", kd_json_text(title));
	free(title);
	json_object_set(e, "tree", r->tree);
	json_object_set_new(e, "counts", json_pack("{s:I, s:I, s:I}",
			    "high", (json_int_t)report_count(r, KD_HIGH),
			    "medium", (json_int_t)report_count(r, KD_MEDIUM),
			    "low", (json_int_t)report_count(r, KD_LOW)));
	json_object_set_new(e, "findings", json_integer((json_int_t)r->n));
	json_object_set_new(e, "not_analysed", not_analysed(r));
	json_object_set_new(e, "complete", json_boolean(audit_status(r) != KD_EXIT_ERROR));
	json_object_set_new(e, "exit", json_integer(audit_status(r)));
	return e;
}

/* --- the known instances: one row an instance, one cell a tree --- */

static json_t *known_matrix(const struct fleet_tree *t, size_t n)
{
	json_t *rows = json_array(), *byid = json_object();

	for (size_t i = 0; i < n; i++) {
		size_t j;
		json_t *k;

		if (!t[i].audited)
			continue;
		json_array_foreach(t[i].rep.known, j, k) {
			const char *id = kd_json_str(k, "id");
			json_t *row = json_object_get(byid, id);

			if (!row) {
				row = json_pack("{s:s, s:O, s:O, s:O, s:O, s:{}}", "id", id,
						"file", json_object_get(k, "file"),
						"function", json_object_get(k, "function"),
						"introduced", json_object_get(k, "introduced"),
						"fixed_by", json_object_get(k, "fixed_by"), "trees");
				json_object_set_new(byid, id, row);
				json_array_append(rows, row);
			}
			json_object_set_new(json_object_get(row, "trees"), t[i].id,
					    json_pack("{s:O, s:O, s:O}",
						      "status", json_object_get(k, "status"),
						      "reason", json_object_get(k, "reason"),
						      "evidence", json_object_get(k, "evidence")));
		}
	}
	json_decref(byid);
	return rows;
}

/* --- the findings: one row a finding, matched across trees --- */

/* The finding's line, whitespace runs squeezed to one space. */
static char *line_text(const struct rfinding *rf)
{
	const char *s = "";
	char *r, *w;

	for (size_t i = 0; i < rf->nctx; i++)
		if (rf->ctx[i].line == rf->f.line)
			s = rf->ctx[i].text;
	r = w = xmalloc(strlen(s) + 1);
	for (; *s; s++) {
		if (!isspace((unsigned char)*s))
			*w++ = *s;
		else if (w > r && w[-1] != ' ')
			*w++ = ' ';
	}
	while (w > r && w[-1] == ' ')
		w--;
	*w = '\0';
	return r;
}

static void add_row(json_t *rows, json_t *bykey, const struct fleet_tree *t,
		    const struct rfinding *rf)
{
	char *text = line_text(rf);
	char *key = xasprintf("%s\x1f%s\x1f%s\x1f%s", rf->f.rule, rf->f.file,
			      rf->f.function ? rf->f.function : "", text);
	json_t *row = json_object_get(bykey, key);

	if (!row) {
		row = json_pack("{s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:[]}",
				"rule", kd_json_text(rf->f.rule),
				"file", kd_json_text(rf->f.file),
				"function", kd_json_text(rf->f.function ? rf->f.function : ""),
				"text", kd_json_text(text),
				"confidence", confidence_name(rf->f.confidence),
				"engine", engine_name(rf->f.engine),
				"message", kd_json_text(rf->f.message ? rf->f.message : ""),
				"trees");
		json_object_set_new_nocheck(bykey, key, row);
		json_array_append(rows, row);
	}
	json_array_append_new(json_object_get(row, "trees"),
			      json_pack("{s:s, s:I}", "id", t->id, "line",
					(json_int_t)rf->f.line));
	free(key);
	free(text);
}

static json_t *finding_rows(const struct fleet_tree *t, size_t n)
{
	json_t *rows = json_array(), *bykey = json_object();

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; t[i].audited && j < t[i].rep.n; j++)
			add_row(rows, bykey, &t[i], &t[i].rep.v[j]);
	json_decref(bykey);
	return rows;
}

json_t *fleet_model(const struct fleet_tree *t, size_t n, const char *shard,
		    json_t *sources)
{
	json_t *trees = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(trees, tree_entry(&t[i]));
	return json_pack("{s:s, s:s?, s:O, s:o, s:o, s:o, s:i}",
			 "kdelta_version", KDELTA_VERSION, "shard", shard,
			 "sources", sources, "trees", trees,
			 "known_instances", known_matrix(t, n),
			 "findings", finding_rows(t, n),
			 "exit", fleet_status(t, n));
}

int fleet_status(const struct fleet_tree *t, size_t n)
{
	int rc = KD_EXIT_CLEAN;

	for (size_t i = 0; i < n; i++) {
		int s = t[i].audited ? audit_status(&t[i].rep) : KD_EXIT_ERROR;

		if (s > rc)
			rc = s;
	}
	return rc;
}
