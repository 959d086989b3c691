// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet command.  Every SOURCE is unpacked (source.c), audited
 * (audit_tree), and its temporary tree removed before the next one, so
 * that a fleet of 200 kernels needs the disk of one; the per-file cache
 * (cache.c) makes a tree that shares most files with an earlier one cheap.
 * Nothing is written until every tree is done; then OUTDIR is swapped in
 * whole (outdir.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "cache.h"
#include "fleet.h"
#include "fleet_model.h"
#include "fleet_render.h"
#include "jsonutil.h"
#include "outdir.h"
#include "render.h"
#include "source.h"
#include "srcfile.h"
#include "util.h"

static const char *const fleet_names[] = {
	"fleet.json", "fleet.md", "fleet.html", NULL
};

struct fleet_run {
	struct audit_opts o;
	struct fleet_tree *t;	/* this shard's trees */
	size_t n, total;	/* this shard's; every SOURCE */
	json_t *sources;
};

static void usage(FILE *o)
{
	fprintf(o,
		"usage: kdelta audit SOURCE... [-o OUTDIR] [-j N] [--shard I/N] [--no-clang]\n"
		"\n"
		"Audits several kernels in one run.  A SOURCE is a directory, a tarball\n"
		"(.tar, .tar.gz, .tar.xz, .tar.bz2), a Debian linux-source .deb, an RPM\n"
		"source package (.src.rpm) or a git revision GITDIR@REV (read from the\n"
		"object store).  Each tree's report goes to OUTDIR/<tree-id>/, the fleet\n"
		"report (fleet.json, fleet.md, fleet.html) beside them.  Per-file results\n"
		"are cached in ${KDELTA_CACHE:-~/.cache/kdelta}: a tree that shares files\n"
		"with an earlier one pays only for the files that differ.\n"
		"\n"
		"  -o, --output DIR   where the reports go (default ./kdelta-report)\n"
		"  -j, --jobs N       parallel spatch jobs (default: the number of CPUs)\n"
		"      --shard I/N    audit only every N-th SOURCE from the I-th; writes\n"
		"                     JSON alone (combine the directories with `kdelta merge`)\n"
		"      --no-clang     the rule pack alone\n"
		"\n"
		"exit status: 0 no findings, 1 findings, 2 a SOURCE failed (one line on\n"
		"stderr, marked failed in the fleet report) or was not fully analysed\n");
}

/* --- which command line is a fleet's --- */

static bool takes_arg(const char *a)
{
	return !strcmp(a, "-o") || !strcmp(a, "-j") || !strcmp(a, "--output") ||
	       !strcmp(a, "--jobs") || !strcmp(a, "--shard") || !strcmp(a, "--config");
}

static bool fleet_wanted(int argc, char **argv)
{
	int n = 0;
	const char *one = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			n += argc - i - 1;
			one = i + 1 < argc ? argv[i + 1] : one;
			break;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			i += takes_arg(argv[i]);
			continue;
		}
		n++;
		one = argv[i];
	}
	return n > 1 || (n == 1 && source_is_packed(one));
}

static int parse_opts(int argc, char **argv, struct fleet_run *f)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 's' },
		{ "no-clang", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char extra;
	int c;

	f->o.outdir = "kdelta-report";
	f->o.jobs = sysconf(_SC_NPROCESSORS_ONLN);
	while ((c = getopt_long(argc, argv, "o:j:h", lo, NULL)) != -1) {
		if (c == 'o') {
			f->o.outdir = optarg;
		} else if (c == 'j') {
			if (parse_jobs(optarg, &f->o.jobs) < 0)
				return -1;
		} else if (c == 's') {
			if (sscanf(optarg, "%d/%d%c", &f->o.shard, &f->o.nshards, &extra) != 2 ||
			    f->o.nshards < 1 || f->o.shard < 1 || f->o.shard > f->o.nshards) {
				kd_err("--shard takes I/N with 1 <= I <= N, not '%s'", optarg);
				return -1;
			}
		} else if (c == 'n') {
			f->o.no_clang = true;
		} else if (c == 'h') {
			return 1;
		} else {
			kd_err("usage: kdelta audit SOURCE... [-o OUTDIR] [-j N] [--shard I/N]");
			return -1;
		}
	}
	if (f->o.jobs < 1)
		f->o.jobs = 1;
	return 0;
}

/* --- one tree --- */

/* The report's tree as the fleet names it: the SOURCE, not the temporary
 * directory it was unpacked into (reports do not depend on where). */
static void name_tree(struct report *rep, const struct source *s)
{
	json_t *v = json_object_get(rep->tree, "vendor");

	json_object_set_new(rep->tree, "path", kd_json_text(s->spec));
	json_object_set(rep->tree, "source", s->info);
	if (!json_is_object(v) && s->vendor)
		json_object_set(rep->tree, "vendor", s->vendor);
}

/* Files from the cache and analysed so far: rule pack, libclang engine. */
static void cache_counts(unsigned long v[4])
{
	v[0] = cache_hits(KD_ENGINE_COCCI);
	v[1] = cache_misses(KD_ENGINE_COCCI);
	v[2] = cache_hits(KD_ENGINE_CLANG);
	v[3] = cache_misses(KD_ENGINE_CLANG);
}

/* On a terminal, one line a tree: where the fleet is, and what the
 * cache saved on it, engine by engine. */
static void tree_done(const struct fleet_run *f, const struct fleet_tree *t,
		      const unsigned long before[4])
{
	unsigned long now[4];

	cache_counts(now);
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "kdelta: tree %zu/%zu %s: %s (rule pack: %lu files from the cache, "
		"%lu analysed; libclang engine: %lu from the cache, %lu analysed)\n",
		t->index, f->total, t->id, t->audited ? "done" : "failed",
		now[0] - before[0], now[1] - before[1], now[2] - before[2], now[3] - before[3]);
}

static void audit_one(struct fleet_run *f, struct fleet_tree *t)
{
	unsigned long before[4];
	struct audit_opts o = f->o;
	struct source s;
	char label[64];

	cache_counts(before);
	/* The whole tree in this process: a shard is a set of trees. */
	o.shard = o.nshards = 0;
	snprintf(label, sizeof(label), "tree %zu/%zu", t->index, f->total);
	o.label = label;
	if (source_open(t->spec, &s) < 0) {
		t->why = xstrdup(s.why ? s.why : "cannot be read");
	} else if (audit_tree(&o, s.kdir, &t->rep) < 0) {
		t->why = xstrdup("the audit failed (see the message above)");
		kd_err("%s: the audit failed", t->spec);
	} else {
		name_tree(&t->rep, &s);
		t->audited = true;
	}
	source_close(&s);
	t->id = fleet_tree_id(t, f->total);
	tree_done(f, t, before);
}

/* An OUTDIR inside a directory SOURCE would be audited next time. */
static int outdir_outside(const struct outdir *od, char **specs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char *real = stat(specs[i], &st) == 0 && S_ISDIR(st.st_mode) ?
			     realpath(specs[i], NULL) : NULL;
		size_t k = real ? strlen(real) : 0;
		bool in = real && !strncmp(od->abs, real, k) &&
			  (!od->abs[k] || od->abs[k] == '/');

		free(real);
		if (in) {
			kd_err("%s: the output directory is inside the audited tree %s",
			       od->path, specs[i]);
			return -1;
		}
	}
	return 0;
}

/* --- the output --- */

static int write_json_file(struct outdir *od, const char *name, json_t *v)
{
	FILE *o = outdir_file(od, name);
	int rc;

	if (!o) {
		json_decref(v);
		return -1;
	}
	rc = json_dumpf(v, o, JSON_INDENT(2) | JSON_SORT_KEYS);
	rc |= fputc('\n', o) == EOF;
	json_decref(v);
	if (fclose(o) || rc) {
		kd_err("%s: cannot write %s", od->path, name);
		return -1;
	}
	return 0;
}

/* Each audited tree's reports in its directory, then the fleet's. */
static int write_all(struct outdir *od, struct fleet_tree *t, size_t n,
		     json_t *model, bool all)
{
	for (size_t i = 0; i < n; i++) {
		if (!t[i].audited)
			continue;
		if (outdir_enter(od, t[i].id) < 0 || render_all(od, &t[i].rep, all) < 0)
			return -1;
		outdir_enter(od, NULL);
	}
	if (write_json_file(od, "fleet.json", json_incref(model)) < 0)
		return -1;
	return all ? fleet_render_all(od, model) : 0;
}

static int write_fleet(struct outdir *od, struct fleet_run *f)
{
	char shard[32];
	json_t *model;
	int rc;

	snprintf(shard, sizeof(shard), "%d/%d", f->o.shard, f->o.nshards);
	model = fleet_model(f->t, f->n, f->o.nshards ? shard : NULL, f->sources);
	rc = outdir_begin(od) < 0 || write_all(od, f->t, f->n, model, !f->o.nshards) < 0 ||
	     outdir_commit(od) < 0 ? -1 : 0;
	json_decref(model);
	return rc;
}

static void run_free(struct fleet_run *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->t[i].spec);
		free(f->t[i].id);
		free(f->t[i].why);
		report_free(&f->t[i].rep);
	}
	free(f->t);
	json_decref(f->sources);
}

/* SOURCE k (0-based) is in shard k mod N + 1. */
static void pick(struct fleet_run *f, char **specs, size_t n)
{
	f->total = n;
	f->sources = json_array();
	f->t = xcalloc(n, sizeof(*f->t));
	for (size_t k = 0; k < n; k++) {
		json_array_append_new(f->sources, kd_json_text(specs[k]));
		if (f->o.nshards && (int)(k % (size_t)f->o.nshards) != f->o.shard - 1)
			continue;
		f->t[f->n].spec = xstrdup(specs[k]);
		f->t[f->n++].index = k + 1;
	}
}

int fleet_main(int argc, char **argv)
{
	struct fleet_run f = { 0 };
	struct outdir od = { .pfd = -1, .tfd = -1 };
	int rc = KD_EXIT_ERROR, opt = parse_opts(argc, argv, &f);

	if (opt > 0) {
		usage(stdout);
		return KD_EXIT_CLEAN;
	}
	if (opt < 0)
		return KD_EXIT_ERROR;
	if (optind >= argc) {
		kd_err("usage: kdelta audit SOURCE... [-o OUTDIR] [-j N] [--shard I/N]");
		return KD_EXIT_ERROR;
	}
	if (outdir_open_dirs(&od, f.o.outdir, NULL, fleet_names, render_names) < 0 ||
	    outdir_outside(&od, argv + optind, (size_t)(argc - optind)) < 0)
		goto out;
	pick(&f, argv + optind, (size_t)(argc - optind));
	for (size_t i = 0; i < f.n; i++)
		audit_one(&f, &f.t[i]);
	if (write_fleet(&od, &f) == 0)
		rc = fleet_status(f.t, f.n);
out:
	outdir_close(&od);
	run_free(&f);
	return rc;
}

int cmd_audit_sources(int argc, char **argv)
{
	return fleet_wanted(argc, argv) ? fleet_main(argc, argv) : cmd_audit(argc, argv);
}

/* --- kdelta merge of fleet shards --- */

#define FLEET_MAX	(1u << 30)	/* a fleet.json or report.json */

bool fleet_is_shard(const char *path)
{
	char *p = xasprintf("%s/fleet.json", path);
	struct stat st;
	bool r = stat(p, &st) == 0 && S_ISREG(st.st_mode);

	free(p);
	return r;
}

static json_t *load_json(const char *path)
{
	struct rfile f;
	json_error_t je;
	json_t *doc;

	if (read_regular(path, FLEET_MAX, &f) < 0 || f.truncated) {
		kd_err("%s: %s", path, f.truncated ? "larger than 1 GiB" : f.why);
		free(f.text);
		return NULL;
	}
	doc = json_loadb(f.text, f.len, 0, &je);
	free(f.text);
	if (!doc)
		kd_err("%s: not JSON: %s (line %d)", path, je.text, je.line);
	return doc;
}

/* One tree of a shard into its place among all SOURCEs. */
static int load_tree(struct fleet_run *f, const char *dir, json_t *e)
{
	size_t idx = (size_t)kd_json_int(e, "index");
	const char *id = kd_json_str(e, "id");
	struct fleet_tree *t = idx >= 1 && idx <= f->total ? &f->t[idx - 1] : NULL;
	char *path;
	json_t *doc;
	int rc;

	if (!t || t->spec || !*id || strchr(id, '/') || id[0] == '.') {
		kd_err("%s/fleet.json: a tree entry that is not one of the fleet's", dir);
		return -1;
	}
	t->index = idx;
	t->spec = xstrdup(json_string_value(json_array_get(f->sources, idx - 1)));
	t->id = xstrdup(id);
	if (strcmp(kd_json_str(e, "status"), "audited")) {
		t->why = xstrdup(kd_json_str(e, "reason"));
		return 0;
	}
	path = xasprintf("%s/%s/report.json", dir, id);
	doc = load_json(path);
	rc = doc ? report_from_json(doc, path, &t->rep) : -1;
	t->audited = rc == 0;
	json_decref(doc);
	free(path);
	return rc;
}

/* Shards 1..N of one run, each once: their trees in command-line order. */
static int load_shards(struct fleet_run *f, char **dirs, int n)
{
	int rc = 0, nshards = -1, i, k;
	json_t *doc;
	char *seen = NULL, extra;

	for (k = 0; k < n && !rc; k++) {
		char *p = xasprintf("%s/fleet.json", dirs[k]);
		size_t j;
		json_t *e;
		int m;

		doc = load_json(p);
		free(p);
		if (!doc)
			return -1;
		if (sscanf(kd_json_str(doc, "shard"), "%d/%d%c", &i, &m, &extra) != 2 ||
		    i < 1 || i > m || (nshards > 0 && m != nshards) ||
		    (f->sources && !json_equal(f->sources, json_object_get(doc, "sources")))) {
			kd_err("%s: not a shard of the same fleet (kdelta audit SOURCE... --shard I/N)",
			       dirs[k]);
			rc = -1;
		} else if (!f->sources) {
			nshards = m;
			seen = xcalloc((size_t)m + 1, 1);
			f->sources = json_incref(json_object_get(doc, "sources"));
			f->total = f->n = json_array_size(f->sources);
			f->t = xcalloc(f->total + 1, sizeof(*f->t));
		}
		if (!rc && seen[i]++) {
			kd_err("%s: shard %d/%d twice", dirs[k], i, m);
			rc = -1;
		}
		json_array_foreach(json_object_get(doc, "trees"), j, e)
			if (!rc)
				rc = load_tree(f, dirs[k], e);
		json_decref(doc);
	}
	for (i = 1; !rc && i <= nshards; i++)
		if (!seen[i]) {
			kd_err("shard %d/%d is missing", i, nshards);
			rc = -1;
		}
	free(seen);
	return rc;
}

int fleet_merge(const char *outdir, char **dirs, int n)
{
	struct fleet_run f = { 0 };
	struct outdir od = { .pfd = -1, .tfd = -1 };
	int rc = KD_EXIT_ERROR;

	if (load_shards(&f, dirs, n) < 0)
		goto out;
	for (size_t i = 0; i < f.total; i++)
		if (!f.t[i].spec) {
			kd_err("the shards hold no tree for SOURCE %zu", i + 1);
			goto out;
		}
	if (outdir_open_dirs(&od, outdir, NULL, fleet_names, render_names) < 0)
		goto out;
	if (write_fleet(&od, &f) == 0)
		rc = fleet_status(f.t, f.n);
out:
	outdir_close(&od);
	run_free(&f);
	return rc;
}
