// SPDX-License-Identifier: GPL-2.0
/* Printing findings as GCC-style text, JSON or SARIF 2.1.0 (jansson). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "escape.h"
#include "jsonutil.h"
#include "output.h"
#include "util.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define KDELTA_URI "https://github.com/kdelta/kdelta"

/* --format's argument; reports a bad one, as every command needs. */
int parse_format(const char *s, enum kd_format *fmt)
{
	if (!strcmp(s, "text"))
		*fmt = KD_FMT_TEXT;
	else if (!strcmp(s, "json"))
		*fmt = KD_FMT_JSON;
	else if (!strcmp(s, "sarif"))
		*fmt = KD_FMT_SARIF;
	else {
		kd_err("unknown format '%s'", s);
		return -1;
	}
	return 0;
}

/*
 * One line a finding, whatever its names hold: a newline or a tab in a
 * file name would forge or corrupt a line, so control characters (and
 * bytes that are not UTF-8) are shown as "\xNN".
 */
static void print_text(FILE *o, const struct findings *fs)
{
	/* Incomplete files go to stderr: stdout stays findings only. */
	for (size_t i = 0; i < fs->ninc; i++) {
		char *file = esc_line(fs->inc[i].file), *why = esc_line(fs->inc[i].reason);

		kd_err("%s: not fully analysed: %s", file, why);
		free(file);
		free(why);
	}
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		char *file = esc_line(f->file), *msg = esc_line(f->message);
		char *rule = esc_line(f->rule);

		fprintf(o, "%s:%u:%u: warning: %s [%s]\n", file, f->line,
			f->column, msg, rule);
		free(file);
		free(msg);
		free(rule);
	}
}

json_t *finding_json(const struct finding *f)
{
	return json_pack("{s:o, s:s, s:o, s:i, s:i, s:o, s:s, s:o}",
			 "rule", kd_json_text(f->rule), "engine", engine_name(f->engine),
			 "file", kd_json_text(f->file), "line", (json_int_t)f->line,
			 "column", (json_int_t)f->column,
			 "function", kd_json_text(f->function),
			 "confidence", confidence_name(f->confidence),
			 "message", kd_json_text(f->message));
}

static json_t *incomplete_json(const struct findings *fs)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < fs->ninc; i++)
		json_array_append_new(arr, json_pack("{s:o, s:o}",
				      "file", kd_json_text(fs->inc[i].file),
				      "reason", kd_json_text(fs->inc[i].reason)));
	return arr;
}

static json_t *json_doc(const struct findings *fs)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < fs->n; i++)
		if (json_array_append_new(arr, finding_json(&fs->v[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	return json_pack("{s:o, s:o}", "findings", arr,
			 "incomplete", incomplete_json(fs));
}

static size_t rule_index(json_t *rules, const char *id)
{
	json_t *j = kd_json_text(id), *r;
	size_t i;

	json_array_foreach(rules, i, r)
		if (json_equal(json_object_get(r, "id"), j)) {
			json_decref(j);
			return i;
		}
	json_array_append_new(rules, json_pack("{s:o, s:{s:s}}", "id", j,
			"shortDescription", "text",
			"Negative ktime delta consumed as an unsigned value"));
	return json_array_size(rules) - 1;
}

static json_t *sarif_result(const struct finding *f, size_t idx)
{
	char *uri = esc_uri(f->file, false);
	json_t *r;

	/* SARIF lines and columns start at 1. */
	r = json_pack("{s:o, s:i, s:s, s:{s:o}, s:[{s:{s:{s:s}, s:{s:i, s:i}}, s:[{s:o, s:s}]}], s:{s:s, s:s}}",
		      "ruleId", kd_json_text(f->rule), "ruleIndex", (json_int_t)idx,
		      "level", "warning", "message", "text", kd_json_text(f->message),
		      "locations", "physicalLocation", "artifactLocation",
		      "uri", uri, "region", "startLine", (json_int_t)(f->line ? f->line : 1),
		      "startColumn", (json_int_t)(f->column ? f->column : 1),
		      "logicalLocations", "name", kd_json_text(f->function),
		      "kind", "function",
		      "properties", "confidence", confidence_name(f->confidence),
		      "engine", engine_name(f->engine));
	free(uri);
	return r;
}

/* Files not fully analysed: the invocation's notifications, and the
 * run is not a successful execution. */
static json_t *sarif_invocation(const struct findings *fs)
{
	json_t *notes = json_array();

	for (size_t i = 0; i < fs->ninc; i++) {
		char *uri = esc_uri(fs->inc[i].file, false);

		json_array_append_new(notes, json_pack(
			"{s:s, s:{s:o}, s:[{s:{s:{s:s}}}]}", "level", "error",
			"message", "text", kd_json_text(fs->inc[i].reason), "locations",
			"physicalLocation", "artifactLocation", "uri", uri));
		free(uri);
	}
	return json_pack("{s:b, s:o}", "executionSuccessful", fs->ninc == 0,
			 "toolExecutionNotifications", notes);
}

static json_t *sarif_doc(const struct findings *fs)
{
	json_t *rules = json_array(), *results = json_array();

	for (size_t i = 0; i < fs->n; i++) {
		size_t idx = rule_index(rules, fs->v[i].rule);

		/* A finding that cannot be built must not vanish unseen. */
		if (json_array_append_new(results, sarif_result(&fs->v[i], idx)) < 0) {
			json_decref(rules);
			json_decref(results);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:[o]}]}",
			 "$schema", SARIF_SCHEMA, "version", "2.1.0",
			 "runs", "tool", "driver", "name", "kdelta",
			 "version", KDELTA_VERSION, "informationUri", KDELTA_URI,
			 "rules", rules, "results", results,
			 "invocations", sarif_invocation(fs));
}

json_t *findings_json(const struct findings *fs)
{
	return json_doc(fs);
}

json_t *findings_sarif(const struct findings *fs)
{
	return sarif_doc(fs);
}

int write_findings(FILE *o, const struct findings *fs, enum kd_format fmt)
{
	json_t *doc;
	int rc;

	if (fmt == KD_FMT_TEXT) {
		print_text(o, fs);
		return 0;
	}
	doc = fmt == KD_FMT_JSON ? json_doc(fs) : sarif_doc(fs);
	if (!doc) {
		kd_err("cannot build the %s document",
		       fmt == KD_FMT_JSON ? "JSON" : "SARIF");
		return -1;
	}
	rc = json_dumpf(doc, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', o);
	json_decref(doc);
	return rc;
}

int print_findings(const struct findings *fs, enum kd_format fmt)
{
	return write_findings(stdout, fs, fmt);
}
