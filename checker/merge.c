// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta merge`: the report.json files of `kdelta audit --shard I/N`,
 * one each, combined into the report one unsharded audit writes.  The
 * shards must be of one tree and complete (each of 1..N once); each has
 * judged the known instances itself, and they must agree.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonutil.h"
#include "merge.h"
#include "output.h"
#include "render.h"
#include "report.h"
#include "util.h"

struct shard {
	const char *path;
	json_t *doc;
	int i, n;
};

static void usage(void)
{
	kd_err("usage: kdelta merge [-o OUTDIR] SHARD.json...");
}

static int load(struct shard *s)
{
	json_error_t je;
	json_t *scan;
	char extra;

	s->doc = json_load_file(s->path, 0, &je);
	if (!s->doc) {
		kd_err("%s: %s (line %d)", s->path, je.text, je.line);
		return -1;
	}
	scan = json_object_get(s->doc, "scan");
	if (!json_is_object(json_object_get(s->doc, "tree")) ||
	    !json_is_array(json_object_get(s->doc, "known_instances")) ||
	    !json_is_array(json_object_get(s->doc, "findings")) || !json_is_object(scan)) {
		kd_err("%s: not a report.json of kdelta audit", s->path);
		return -1;
	}
	if (sscanf(kd_json_str(scan, "shard"), "%d/%d%c", &s->i, &s->n, &extra) != 2 ||
	    s->i < 1 || s->i > s->n) {
		kd_err("%s: not the report of a shard (kdelta audit --shard I/N)", s->path);
		return -1;
	}
	return 0;
}

/* The tree's identity: everything but where it was when audited. */
static bool same_tree(json_t *a, json_t *b)
{
	json_t *x = json_deep_copy(a), *y = json_deep_copy(b);
	bool r;

	json_object_del(x, "path");
	json_object_del(y, "path");
	r = json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return r;
}

static bool same_engines(json_t *a, json_t *b)
{
	size_t i;
	json_t *e;

	if (json_array_size(a) != json_array_size(b))
		return false;
	json_array_foreach(a, i, e)
		if (strcmp(kd_json_str(e, "name"), kd_json_str(json_array_get(b, i), "name")) ||
		    strcmp(kd_json_str(e, "version"), kd_json_str(json_array_get(b, i), "version")))
			return false;
	return true;
}

/* One of each shard 1..N, of one tree, agreeing on what they judged. */
static int check_set(struct shard *s, int n)
{
	json_t *scan0 = json_object_get(s[0].doc, "scan");
	char *seen = calloc((size_t)s[0].n + 1, 1);
	int rc = 0;

	for (int k = 0; k < n && !rc; k++) {
		json_t *scan = json_object_get(s[k].doc, "scan");
		const char *why = NULL;

		if (s[k].n != s[0].n)
			why = "a shard of another partition";
		else if (seen[s[k].i]++)
			why = "this shard twice";
		else if (!same_tree(json_object_get(s[k].doc, "tree"), json_object_get(s[0].doc, "tree")) ||
			 kd_json_int(scan, "files_in_tree") != kd_json_int(scan0, "files_in_tree"))
			why = "a shard of another tree";
		else if (!json_equal(json_object_get(s[k].doc, "known_instances"),
				     json_object_get(s[0].doc, "known_instances")))
			why = "the shards disagree on the known instances";
		else if (!same_engines(json_object_get(scan, "engines"),
				       json_object_get(scan0, "engines")))
			why = "the shards ran other engines or versions";
		if (why) {
			kd_err("%s: %s (shard %s)", s[k].path, why, kd_json_str(scan, "shard"));
			rc = -1;
		}
	}
	for (int i = 1; i <= s[0].n && !rc; i++)
		if (!seen[i]) {
			kd_err("shard %d/%d is missing", i, s[0].n);
			rc = -1;
		}
	free(seen);
	return rc;
}

static void add_number(json_t *o, const char *key, json_t *v)
{
	json_t *cur = json_object_get(o, key);

	double sum = json_number_value(cur) + json_number_value(v);

	/* Times keep the hundredths they were written with. */
	json_object_set_new(o, key, json_is_integer(cur) && json_is_integer(v) ?
			    json_integer(json_integer_value(cur) + json_integer_value(v)) :
			    json_real((double)(long long)(sum * 100 + 0.5) / 100));
}

/* Counts and times add up; the engines' files too. */
static json_t *merged_scan(struct shard *s, int n)
{
	json_t *scan = json_deep_copy(json_object_get(s[0].doc, "scan"));
	json_t *shards = json_array(), *phases = json_object_get(scan, "phases");
	bool complete = true;

	json_object_set_new(scan, "shard", json_null());
	for (int k = 0; k < n; k++) {
		json_t *sc = json_object_get(s[k].doc, "scan"), *v;
		const char *key;
		size_t i;
		json_t *e;

		complete &= !json_is_false(json_object_get(sc, "complete"));
		json_array_append_new(shards, json_pack("{s:s, s:O, s:O}", "shard", kd_json_str(sc, "shard"),
				      "files_scanned", json_object_get(sc, "files_scanned"),
				      "seconds", json_object_get(sc, "seconds")));
		if (!k)
			continue;
		add_number(scan, "files_scanned", json_object_get(sc, "files_scanned"));
		add_number(scan, "seconds", json_object_get(sc, "seconds"));
		json_object_foreach(json_object_get(sc, "phases"), key, v)
			add_number(phases, key, v);
		json_array_foreach(json_object_get(sc, "engines"), i, e)
			add_number(json_array_get(json_object_get(scan, "engines"), i), "files",
				   json_object_get(e, "files"));
	}
	json_object_set_new(scan, "complete", json_boolean(complete));
	json_object_set_new(scan, "shards", shards);
	return scan;
}

static json_t *merged(struct shard *s, int n)
{
	json_t *findings = json_array();

	for (int k = 0; k < n; k++)
		json_array_extend(findings, json_object_get(s[k].doc, "findings"));
	report_sort_findings(findings);
	return json_pack("{s:O, s:O, s:O, s:o, s:o}",
			 "kdelta", json_object_get(s[0].doc, "kdelta"),
			 "tree", json_object_get(s[0].doc, "tree"),
			 "known_instances", json_object_get(s[0].doc, "known_instances"),
			 "findings", findings, "scan", merged_scan(s, n));
}

static int cmp_shard(const void *a, const void *b)
{
	return ((const struct shard *)a)->i - ((const struct shard *)b)->i;
}

static int parse_opts(int argc, char **argv, const char **outdir)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*outdir = "kdelta-report";
	while ((c = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		if (c != 'o') {
			usage();
			return -1;
		}
		*outdir = optarg;
	}
	if (optind >= argc) {
		usage();
		return -1;
	}
	return 0;
}

int cmd_merge(int argc, char **argv)
{
	const char *outdir;
	struct shard *s = NULL;
	json_t *doc = NULL;
	int n = 0, rc = KD_EXIT_ERROR;

	if (parse_opts(argc, argv, &outdir) < 0)
		return KD_EXIT_ERROR;
	n = argc - optind;
	s = calloc((size_t)n, sizeof(*s));
	for (int k = 0; k < n; k++) {
		s[k].path = argv[optind + k];
		if (load(&s[k]) < 0)
			goto out;
	}
	qsort(s, (size_t)n, sizeof(*s), cmp_shard);
	if (check_set(s, n) < 0 ||
	    outdir_prepare(outdir, kd_json_str(json_object_get(s[0].doc, "tree"), "path")) < 0)
		goto out;
	doc = merged(s, n);
	if (!doc || report_write(outdir, doc, true) < 0)
		goto out;
	rc = json_is_false(json_object_get(json_object_get(doc, "scan"), "complete")) ?
	     KD_EXIT_ERROR : json_array_size(json_object_get(doc, "findings")) ?
	     KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
out:
	for (int k = 0; k < n; k++)
		json_decref(s[k].doc);
	free(s);
	json_decref(doc);
	return rc;
}
