// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta audit`: one command on a whole kernel tree, a report to hand
 * on.  The rule pack (and, with a compile_commands.json, the libclang
 * engine) runs on the C files that can hold a finding, the known
 * instances are judged, and report.{json,md,html,sarif} are written.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <clang-c/Index.h>

#include "audit.h"
#include "check.h"
#include "cocci.h"
#include "finding.h"
#include "jsonutil.h"
#include "known.h"
#include "output.h"
#include "paths.h"
#include "progress.h"
#include "proc.h"
#include "outdir.h"
#include "render.h"
#include "report.h"
#include "srcfile.h"
#include "tree.h"
#include "util.h"

/* What the scan took, for the report's "scan". */
struct audit_run {
	char *kdir;		/* real path, no trailing '/' */
	json_t *vendor;		/* from the package of the default tree */
	struct strlist all, files;	/* C files in the tree; those scanned */
	struct findings cocci, clang;
	struct findings skipped;	/* .inc only: files too large to read */
	int clang_files;
	bool has_db, clang_failed;
	struct timespec t0;
	json_t *phases;
	struct progress prog;
};

static void prog_clang(void *arg, unsigned int done, unsigned int total)
{
	progress_set(arg, "clang: file %u/%u", done + 1, total);
}

static void usage(FILE *o)
{
	fprintf(o,
		"usage: kdelta audit [KDIR] [-o OUTDIR] [-j N] [--shard I/N]\n"
		"\n"
		"Audits a whole kernel tree (default: Debian's linux-source-6.1, unpacked\n"
		"once into ${KDELTA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdelta}) and\n"
		"writes report.json, report.md, report.html and report.sarif into OUTDIR\n"
		"(default ./kdelta-report), printing their paths.  The rule pack runs on\n"
		"the C files that name the time API; with KDIR/compile_commands.json the\n"
		"libclang engine runs on its files too.  The tree is never written to.\n"
		"\n"
		"  -o, --output DIR   where the report goes: a new or empty directory, or\n"
		"                     one holding an earlier report, replaced whole\n"
		"                     (not inside KDIR)\n"
		"  -j, --jobs N       parallel spatch jobs (default: the number of CPUs)\n"
		"      --shard I/N    scan only the I-th of N parts of the files; writes\n"
		"                     report.json alone (combine with `kdelta merge`)\n"
		"\n"
		"exit status: 0 no findings, 1 findings, 2 error (one line on stderr;\n"
		"nothing written), or a file an engine could not analyse (the report is\n"
		"written and says so)\n");
}

/* --- options --- */

static int parse_shard(const char *s, struct audit_opts *o)
{
	char extra;

	if (sscanf(s, "%d/%d%c", &o->shard, &o->nshards, &extra) != 2 ||
	    o->nshards < 1 || o->shard < 1 || o->shard > o->nshards) {
		kd_err("--shard takes I/N with 1 <= I <= N, not '%s'", s);
		return -1;
	}
	return 0;
}

/* 0, 1 for --help, or -1 after one message; *kdir NULL: the default. */
static int parse_opts(int argc, char **argv, struct audit_opts *o,
		      const char **kdir)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->outdir = "kdelta-report";
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	while ((c = getopt_long(argc, argv, "o:j:h", lo, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->outdir = optarg;
			break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs) < 0)
				return -1;
			break;
		case 's':
			if (parse_shard(optarg, o) < 0)
				return -1;
			break;
		case 'h':
			return 1;
		default:
			kd_err("usage: kdelta audit [KDIR] [-o OUTDIR] [-j N] [--shard I/N]");
			return -1;
		}
	}
	if (argc - optind > 1) {
		kd_err("usage: kdelta audit [KDIR] [-o OUTDIR] [-j N] [--shard I/N]");
		return -1;
	}
	*kdir = optind < argc ? argv[optind] : NULL;
	if (o->jobs < 1)
		o->jobs = 1;
	return 0;
}

/* --- the tree --- */

/* The named tree, checked; or the default one, checked before the output
 * directory is made and unpacked after. */
static int resolve_tree(const char *kdir, struct audit_run *r)
{
	struct stat st;

	if (!kdir) {
		if (stat(default_tarball(), &st) < 0) {
			kd_err("%s not found: run scripts/setup-deps.sh (or apt-get "
			       "install linux-source-6.1), or name a tree", default_tarball());
			return -1;
		}
		r->kdir = default_tree_path();
		return r->kdir ? 0 : -1;
	}
	r->kdir = realpath(kdir, NULL);
	if (!r->kdir) {
		kd_err("%s: %s", kdir, strerror(errno));
		return -1;
	}
	return tree_check(r->kdir);
}

#define FILTER_MAX	(64u << 20)	/* a C file larger is not scanned */

/* Whether the file at dfd/rel names the time API; a FIFO, a device or a
 * huge file is not read (and says so), a symlink not followed. */
static int filter_one(struct audit_run *r, int dfd, const char *rel,
		      char **buf, size_t *cap)
{
	int fd = openat(dfd, rel, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	ssize_t n = 0;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > FILTER_MAX) {
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			findings_incomplete(&r->skipped, rel, "larger than 64 MiB, not scanned");
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if ((size_t)st.st_size + 1 > *cap) {
		*cap = (size_t)st.st_size + 1;
		*buf = xrealloc(*buf, *cap);
	}
	n = read(fd, *buf, (size_t)st.st_size);
	close(fd);
	(*buf)[n > 0 ? n : 0] = '\0';
	return n > 0 && text_names_time_api(*buf, true);
}

/* Whole identifiers, read fast: most of the tree is settled by one scan
 * for "ktime". */
static int filter_files(struct audit_run *r)
{
	int dfd = open(r->kdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t cap = 0;
	char *buf = NULL;

	if (dfd < 0) {
		kd_err("%s: %s", r->kdir, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < r->all.n; i++) {
		if ((i & 1023) == 0)
			progress_set(&r->prog, "filtering: %zu/%zu files", i, r->all.n);
		if (filter_one(r, dfd, r->all.v[i], &buf, &cap))
			strlist_add(&r->files, r->all.v[i]);
	}
	free(buf);
	close(dfd);
	return 0;
}

/* File k of the filtered list goes to shard k mod N. */
static void keep_shard(struct strlist *files, int shard, int nshards)
{
	size_t w = 0;

	for (size_t k = 0; k < files->n; k++) {
		if ((int)(k % (size_t)nshards) == shard - 1)
			files->v[w++] = files->v[k];
		else
			free(files->v[k]);
	}
	files->n = w;
}

static void phase(struct audit_run *r, const char *name, struct timespec *t)
{
	json_object_set_new(r->phases, name, json_real((double)(long)(progress_since(t) * 100) / 100));
	clock_gettime(CLOCK_MONOTONIC, t);
}

/* A path from an engine, relative to the tree when it is in it. */
static void relative(const struct audit_run *r, char **file)
{
	size_t n = strlen(r->kdir);
	char *f = *file, *real = NULL;
	const char *p = f;

	if (strncmp(p, r->kdir, n) || p[n] != '/')
		p = real = realpath(f, NULL);
	if (p && !strncmp(p, r->kdir, n) && p[n] == '/') {
		*file = xstrdup(p + n + 1);
		free(f);
	}
	free(real);
}

static void relativize(const struct audit_run *r, struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		relative(r, &fs->v[i].file);
	for (size_t i = 0; i < fs->ninc; i++)
		relative(r, &fs->inc[i].file);
}

static int run_cocci(const struct audit_opts *o, struct audit_run *r)
{
	struct strlist abs = { 0 }, none = { 0 };
	char *p;
	int rc;

	for (size_t i = 0; i < r->files.n; i++) {
		p = xasprintf("%s/%s", r->kdir, r->files.v[i]);
		strlist_add(&abs, p);
		free(p);
	}
	progress_set(&r->prog, "coccinelle: the rule pack over %zu files (-j %ld)", abs.n, o->jobs);
	rc = cocci_findings(&abs, &none, o->jobs, true, &r->cocci);
	strlist_free(&abs);
	relativize(r, &r->cocci);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

#define DB_MAX	(1u << 30)	/* a compile_commands.json */

/* The file of one entry of compile_commands.json, absolute, or NULL. */
static char *db_entry(json_t *e)
{
	const char *f = json_string_value(json_object_get(e, "file"));
	const char *d = json_string_value(json_object_get(e, "directory"));

	if (!f || (f[0] != '/' && !d))
		return NULL;
	return f[0] == '/' ? xstrdup(f) : xasprintf("%s/%s", d, f);
}

/* The files of compile_commands.json among those scanned (absolute). */
static int db_files(struct audit_run *r, const char *db, struct strlist *out)
{
	size_t n = strlen(r->kdir), i, bad = 0;
	struct rfile rf;
	json_error_t je;
	json_t *doc, *e;

	if (read_regular(db, DB_MAX, &rf) < 0 || rf.truncated) {
		kd_err("%s: %s", db, rf.truncated ? "larger than 1 GiB" : rf.why);
		free(rf.text);
		return -1;
	}
	doc = json_loadb(rf.text, rf.len, 0, &je);
	free(rf.text);
	if (!json_is_array(doc)) {
		kd_err("%s: not a compilation database: %s", db,
		       doc ? "not a JSON array" : je.text);
		json_decref(doc);
		return -1;
	}
	json_array_foreach(doc, i, e) {
		char *path = db_entry(e), *real = path ? realpath(path, NULL) : NULL;
		const char *rel = real && !strncmp(real, r->kdir, n) && real[n] == '/' ?
				  real + n + 1 : NULL;

		bad += !path;
		if (rel && bsearch(&rel, r->files.v, r->files.n, sizeof(char *), cmp_str))
			strlist_add(out, real);
		free(real);
		free(path);
	}
	json_decref(doc);
	if (bad)
		kd_err("%s: %zu entries without a \"file\" string (or a \"directory\" "
		       "for a relative one), not analysed", db, bad);
	return bad ? -1 : 0;
}

static int run_clang(struct audit_run *r)
{
	struct strlist files = { 0 };
	char *db = xasprintf("%s/compile_commands.json", r->kdir);
	struct stat st;
	int rc = 0;

	r->has_db = lstat(db, &st) == 0;
	if (r->has_db)
		rc = db_files(r, db, &files);
	free(db);
	r->clang_files = (int)files.n;
	if (files.n) {
		if (check_findings_db(r->kdir, files.v, (int)files.n, KD_MEDIUM,
				      prog_clang, &r->prog, &r->clang) < 0)
			rc = -1;
		relativize(r, &r->clang);
	}
	strlist_free(&files);
	return rc;
}

/* --- the report --- */

/* The first line of `spatch --version`. */
static char *spatch_version(void)
{
	char *argv[] = { "spatch", "--version", NULL }, *out = NULL, *err = NULL;

	if (run_capture(argv, &out, &err) != 0 || !*out) {
		free(out);
		out = xstrdup("unknown");
	}
	out[strcspn(out, "\n")] = '\0';
	free(err);
	return out;
}

static json_t *engines(const struct audit_run *r)
{
	char *sv = spatch_version();
	json_t *e = json_pack("[{s:s, s:o, s:i}]", "name", "coccinelle",
			      "version", kd_json_text(sv), "files", (json_int_t)r->files.n);

	free(sv);
	if (r->has_db) {
		CXString cv = clang_getClangVersion();

		json_array_append_new(e, json_pack("{s:s, s:o, s:i}", "name", "clang",
						   "version", kd_json_text(clang_getCString(cv)),
						   "files", (json_int_t)r->clang_files));
		clang_disposeString(cv);
	}
	return e;
}

static json_t *scan_of(const struct audit_opts *o, const struct audit_run *r,
		       size_t incomplete)
{
	char shard[32];

	snprintf(shard, sizeof(shard), "%d/%d", o->shard, o->nshards);
	return json_pack("{s:i, s:i, s:f, s:o, s:s?, s:O, s:b}",
			 "files_in_tree", (json_int_t)r->all.n,
			 "files_scanned", (json_int_t)r->files.n,
			 "seconds", (double)(long)(progress_since(&r->t0) * 10) / 10,
			 "engines", engines(r),
			 "shard", o->nshards ? shard : NULL,
			 "phases", r->phases,
			 "complete", !r->clang_failed && !incomplete);
}

/* The report: both engines' findings, each with the code around it, the
 * files not fully analysed, the known instances, the tree, the scan. */
static void build_report(const struct audit_opts *o, struct audit_run *r,
			 struct report *rep)
{
	const struct findings *sets[] = { &r->cocci, &r->clang, &r->skipped };
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	progress_set(&r->prog, "judging the known instances");
	rep->known = known_instances(r->kdir, &r->cocci, &r->files, o->jobs);
	phase(r, "known_instances", &t);
	for (int k = 0; k < 3; k++) {
		const struct findings *fs = sets[k];

		for (size_t i = 0; i < fs->n; i++)
			report_add(rep, &fs->v[i], r->kdir);
		for (size_t i = 0; i < fs->ninc; i++)
			findings_incomplete(&rep->inc, fs->inc[i].file, fs->inc[i].reason);
	}
	report_sort(rep);
	phase(r, "report", &t);
	rep->version = xstrdup(KDELTA_VERSION);
	rep->tree = tree_identity(r->kdir, json_incref(r->vendor));
	rep->scan = scan_of(o, r, rep->inc.ninc);
}

static int scan(const struct audit_opts *o, struct audit_run *r)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	progress_set(&r->prog, "listing the C files of %s", r->kdir);
	if (tree_c_files(r->kdir, &r->all) < 0)
		return -1;
	phase(r, "listing", &t);
	if (filter_files(r) < 0)
		return -1;
	if (o->nshards)
		keep_shard(&r->files, o->shard, o->nshards);
	phase(r, "filtering", &t);
	if (run_cocci(o, r) < 0)
		return -1;
	phase(r, "coccinelle", &t);
	r->clang_failed = run_clang(r) < 0;
	if (r->has_db)
		phase(r, "clang", &t);
	return 0;
}

static void run_free(struct audit_run *r)
{
	free(r->kdir);
	json_decref(r->vendor);
	json_decref(r->phases);
	strlist_free(&r->all);
	strlist_free(&r->files);
	findings_free(&r->cocci);
	findings_free(&r->clang);
	findings_free(&r->skipped);
}

/* No KDIR: the default tree, unpacked now that the options are checked. */
static int use_default_tree(struct audit_run *r)
{
	char *path;

	free(r->kdir);
	r->kdir = NULL;
	if (default_tree(&path, &r->vendor) < 0)
		return -1;
	r->kdir = realpath(path, NULL);
	if (!r->kdir)
		kd_err("%s: %s", path, strerror(errno));
	free(path);
	return r->kdir ? 0 : -1;
}

int audit_tree(const struct audit_opts *o, const char *kdir, struct report *rep)
{
	struct audit_run r = { 0 };
	int rc = -1;

	if (resolve_tree(kdir, &r) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &r.t0);
	r.phases = json_object();
	progress_start(&r.prog);
	if ((kdir || use_default_tree(&r) == 0) && scan(o, &r) == 0) {
		build_report(o, &r, rep);
		rc = 0;
	}
	progress_end(&r.prog);
out:
	run_free(&r);
	return rc;
}

int audit_status(const struct report *rep)
{
	if (json_is_false(json_object_get(rep->scan, "complete")) || rep->inc.ninc)
		return KD_EXIT_ERROR;
	return rep->n ? KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_opts o = { 0 };
	struct audit_run r = { 0 };
	struct report rep = { 0 };
	struct outdir od = { .pfd = -1, .tfd = -1 };
	const char *kdir = NULL;
	int rc = KD_EXIT_ERROR, opt = parse_opts(argc, argv, &o, &kdir);

	if (opt > 0) {
		usage(stdout);
		return KD_EXIT_CLEAN;
	}
	/* The tree is checked, and the output directory placed, before the
	 * default tree is unpacked or anything is scanned. */
	if (opt < 0 || resolve_tree(kdir, &r) < 0 ||
	    outdir_open(&od, o.outdir, r.kdir, render_names) < 0 ||
	    audit_tree(&o, kdir, &rep) < 0)
		goto out;
	if (outdir_begin(&od) < 0 || render_all(&od, &rep, o.nshards == 0) < 0 ||
	    outdir_commit(&od) < 0)
		goto out;
	rc = audit_status(&rep);
out:
	outdir_close(&od);
	report_free(&rep);
	run_free(&r);
	return rc;
}
