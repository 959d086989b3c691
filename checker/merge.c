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

#include "fleet.h"
#include "jsonutil.h"
#include "merge.h"
#include "outdir.h"
#include "render.h"
#include "report.h"
#include "srcfile.h"
#include "util.h"

#define SHARD_MAX	(1u << 30)	/* a shard's report.json */

struct shard {
	const char *path;
	struct report rep;
	int i, n;
};

static void usage(FILE *o)
{
	fprintf(o,
		"usage: kdelta merge [-o OUTDIR] SHARD.json...\n"
		"\n"
		"Combines the report.json of each `kdelta audit --shard I/N` run (all N\n"
		"of one tree) into the report one unsharded run writes: report.json,\n"
		"report.md, report.html and report.sarif in OUTDIR (default\n"
		"./kdelta-report), all four or none.\n"
		"\n"
		"  -o, --output DIR   where the report goes\n"
		"\n"
		"exit status: 0 no findings, 1 findings, 2 error (one line on stderr;\n"
		"nothing written), or a file an engine could not analyse (the report is\n"
		"written and says so)\n");
}

/* One shard, read once into a struct report. */
static int load(struct shard *s)
{
	struct rfile f;
	json_error_t je;
	json_t *doc;
	char extra;
	int rc;

	if (read_regular(s->path, SHARD_MAX, &f) < 0 || f.truncated) {
		kd_err("%s: %s", s->path, f.truncated ? "larger than 1 GiB" : f.why);
		free(f.text);
		return -1;
	}
	doc = json_loadb(f.text, f.len, 0, &je);
	free(f.text);
	if (!doc) {
		kd_err("%s: not JSON: %s (line %d)", s->path, je.text, je.line);
		return -1;
	}
	rc = report_from_json(doc, s->path, &s->rep);
	json_decref(doc);
	if (rc < 0)
		return -1;
	if (sscanf(kd_json_str(s->rep.scan, "shard"), "%d/%d%c", &s->i, &s->n, &extra) != 2 ||
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
	json_t *scan0 = s[0].rep.scan;
	char *seen = xcalloc((size_t)s[0].n + 1, 1);
	int rc = 0;

	for (int k = 0; k < n && !rc; k++) {
		json_t *scan = s[k].rep.scan;
		const char *why = NULL;

		if (s[k].n != s[0].n)
			why = "a shard of another partition";
		else if (seen[s[k].i]++)
			why = "this shard twice";
		else if (!same_tree(s[k].rep.tree, s[0].rep.tree) ||
			 kd_json_int(scan, "files_in_tree") != kd_json_int(scan0, "files_in_tree"))
			why = "a shard of another tree";
		else if (!json_equal(s[k].rep.known, s[0].rep.known))
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
	json_t *scan = json_deep_copy(s[0].rep.scan);
	json_t *shards = json_array(), *phases = json_object_get(scan, "phases");
	bool complete = true;

	json_object_set_new(scan, "shard", json_null());
	for (int k = 0; k < n; k++) {
		json_t *sc = s[k].rep.scan, *v;
		const char *key;
		size_t i;
		json_t *e;

		complete &= !json_is_false(json_object_get(sc, "complete"));
		json_array_append_new(shards, json_pack("{s:O, s:O, s:O}", "shard", json_object_get(sc, "shard"),
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

/* The shards' findings and incomplete files, as one run lists them. */
static void merged(struct shard *s, int n, struct report *m)
{
	m->version = xstrdup(s[0].rep.version);
	m->tree = json_incref(s[0].rep.tree);
	m->known = json_incref(s[0].rep.known);
	for (int k = 0; k < n; k++)
		report_move(m, &s[k].rep);
	report_sort(m);
	m->scan = merged_scan(s, n);
	if (m->inc.ninc)
		json_object_set_new(m->scan, "complete", json_false());
}

static int cmp_shard(const void *a, const void *b)
{
	return ((const struct shard *)a)->i - ((const struct shard *)b)->i;
}

/* 0, 1 for --help, or -1 after one message. */
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
		if (c == 'h')
			return 1;
		if (c != 'o') {
			kd_err("usage: kdelta merge [-o OUTDIR] SHARD.json...");
			return -1;
		}
		*outdir = optarg;
	}
	if (optind >= argc) {
		kd_err("usage: kdelta merge [-o OUTDIR] SHARD.json...");
		return -1;
	}
	return 0;
}

static int merge_into(const char *outdir, struct shard *s, int n, struct report *m)
{
	struct outdir od;
	int rc = -1;

	qsort(s, (size_t)n, sizeof(*s), cmp_shard);
	if (check_set(s, n) < 0)
		return -1;
	if (outdir_open(&od, outdir, kd_json_str(s[0].rep.tree, "path"), render_names) == 0) {
		merged(s, n, m);
		if (outdir_begin(&od) == 0 && render_all(&od, m, true) == 0 &&
		    outdir_commit(&od) == 0)
			rc = 0;
	}
	outdir_close(&od);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	const char *outdir;
	struct report m = { 0 };
	struct shard *s = NULL;
	int n = 0, rc = KD_EXIT_ERROR, opt = parse_opts(argc, argv, &outdir);

	if (opt > 0) {
		usage(stdout);
		return KD_EXIT_CLEAN;
	}
	if (opt < 0)
		return KD_EXIT_ERROR;
	n = argc - optind;
	/* The directories of `kdelta audit SOURCE... --shard I/N`. */
	if (n > 0 && fleet_is_shard(argv[optind]))
		return fleet_merge(outdir, argv + optind, n);
	s = xcalloc((size_t)n, sizeof(*s));
	for (int k = 0; k < n; k++) {
		s[k].path = argv[optind + k];
		if (load(&s[k]) < 0)
			goto out;
	}
	if (merge_into(outdir, s, n, &m) < 0)
		goto out;
	rc = json_is_false(json_object_get(m.scan, "complete")) ? KD_EXIT_ERROR :
	     m.n ? KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
out:
	for (int k = 0; k < n; k++)
		report_free(&s[k].rep);
	free(s);
	report_free(&m);
	return rc;
}
