// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta audit`: one command on a whole kernel tree, a report to hand
 * on.  Both engines run on the C files that can hold a finding (the
 * libclang engine with the tree's compile_commands.json or a build
 * directory kdelta prepares: audit_clang.c), the known instances are
 * judged, and report.{json,md,html,sarif} are written: the findings, one
 * row a line, what was analysed and not reported, and which engine ran
 * on which file.
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

#include "agree.h"
#include "audit.h"
#include "audit_clang.h"
#include "cache.h"
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
	struct findings cocci;
	struct clang_run clang;
	struct findings skipped;	/* .inc only: files too large to read */
	struct timespec t0;
	json_t *phases;
	struct progress prog;
};

#define USAGE_LINE "usage: kdelta audit [KDIR] [-o OUTDIR] [-j N] [--shard I/N] " \
		   "[--no-clang] [--config FILE]"

static void usage(FILE *o)
{
	fprintf(o,
		USAGE_LINE "\n"
		"\n"
		"Audits a whole kernel tree (default: Debian's linux-source-6.1, unpacked\n"
		"once into ${KDELTA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdelta}) and\n"
		"writes report.json, report.md, report.html and report.sarif into OUTDIR\n"
		"(default ./kdelta-report), printing their paths.  Both engines run on\n"
		"the C files that name the time API: the rule pack, and the libclang\n"
		"engine with the arguments of KDIR/compile_commands.json, or without one\n"
		"those of a build directory kdelta prepares once in the cache (kbuild's\n"
		"O=: make allmodconfig, make prepare, contained).  The tree is never\n"
		"written to.\n"
		"\n"
		"  -o, --output DIR   where the report goes: a new or empty directory, or\n"
		"                     one holding an earlier report, replaced whole\n"
		"                     (not inside KDIR)\n"
		"  -j, --jobs N       parallel jobs (default: the number of CPUs)\n"
		"      --shard I/N    scan only the I-th of N parts of the files; writes\n"
		"                     report.json alone (combine with `kdelta merge`)\n"
		"      --no-clang     the rule pack alone\n"
		"      --config FILE  the prepared build's .config (make olddefconfig);\n"
		"                     default: make allmodconfig\n"
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
		{ "no-clang", no_argument, NULL, 'n' },
		{ "config", required_argument, NULL, 'c' },
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
		case 'n':
			o->no_clang = true;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			return 1;
		default:
			kd_err(USAGE_LINE);
			return -1;
		}
	}
	if (argc - optind > 1) {
		kd_err(USAGE_LINE);
		return -1;
	}
	if (o->config && access(o->config, R_OK) < 0) {
		kd_err("--config %s: %s", o->config, strerror(errno));
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

static int run_cocci(const struct audit_opts *o, struct audit_run *r)
{
	struct strlist none = { 0 };
	struct findings fresh = { 0 };
	struct cache_run cr;
	int rc = 0;

	/* The files whose results are cached are not analysed again. */
	cache_split(&cr, "cocci", "--no-includes", r->kdir, &r->files, &r->cocci);
	progress_set(&r->prog, "coccinelle: the rule pack over %zu files (%zu from the cache, -j %ld)",
		     cr.todo.n, r->files.n - cr.todo.n, o->jobs);
	if (cr.todo.n || !r->files.n)
		rc = cocci_findings(&cr.todo, &none, o->jobs, true, &fresh);
	if (rc == 0)
		cache_store(&cr, &fresh, &r->cocci);
	findings_move(&r->cocci, &fresh);
	findings_sort_dedupe(&r->cocci);
	cache_run_free(&cr);
	audit_relativize(r->kdir, &r->cocci);
	return rc;
}

/* --- the report --- */

/* What the rule pack's speed-up (spatch --no-includes) leaves unseen. */
#define COCCI_UNSEEN "run with --no-includes for speed: a store into a field or " \
	"local whose unsigned type is declared in a header is not seen by the rule " \
	"pack (3 such findings on Debian 6.1); the libclang engine, which parses " \
	"the headers, sees them where it ran"

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
	json_t *e = json_pack("[{s:s, s:o, s:i, s:s}]", "name", "coccinelle",
			      "version", kd_json_text(sv), "files", (json_int_t)r->files.n,
			      "unseen", COCCI_UNSEEN);

	free(sv);
	if (r->clang.how) {
		CXString cv = clang_getClangVersion();

		json_t *c = json_pack("{s:s, s:o, s:i, s:s, s:i}", "name", "clang",
				      "version", kd_json_text(clang_getCString(cv)),
				      "files", (json_int_t)r->clang.files.n,
				      "arguments", r->clang.how,
				      "analysed_again", (json_int_t)r->clang.again);

		if (r->clang.build_dir)
			json_object_update_new(c, json_pack("{s:o, s:b, s:i, s:i}",
					       "build_dir", kd_json_text(r->clang.build_dir),
					       "cached", r->clang.cached,
					       "exact_arguments", (json_int_t)r->clang.exact,
					       "not_given", (json_int_t)r->clang.outside));
		json_array_append_new(e, c);
		clang_disposeString(cv);
	} else {
		json_array_append_new(e, json_pack("{s:s, s:i, s:o}", "name", "clang",
				      "files", (json_int_t)0, "not_run",
				      kd_json_text(r->clang.skipped)));
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
			 "complete", !r->clang.failed && !incomplete);
}

/* A file the libclang engine did not fully analyse says so, and with
 * which arguments. */
static void add_incomplete(struct report *rep, const struct clang_run *c,
			   const struct incomplete *inc)
{
	char *why = c ? xasprintf("libclang engine (arguments of the %s): %s", c->how,
				  inc->reason) : NULL;

	findings_incomplete(&rep->inc, inc->file, why ? why : inc->reason);
	free(why);
}

/* Each scanned file and the engines that ran on it. */
static json_t *files_engines(const struct audit_run *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->files.n; i++) {
		const char *f = r->files.v[i];
		bool clang = r->clang.files.n && bsearch(&f, r->clang.files.v, r->clang.files.n,
							 sizeof(char *), strp_cmp);

		json_array_append_new(a, json_pack("{s:o, s:[s, s*]}", "file", kd_json_text(f),
						   "engines", "coccinelle",
						   clang ? "clang" : NULL));
	}
	return a;
}

/* The report: both engines' findings, each with the code around it, the
 * files not fully analysed, the known instances, the tree, the scan. */
static void build_report(const struct audit_opts *o, struct audit_run *r,
			 struct report *rep)
{
	const struct findings *sets[] = { &r->cocci, &r->clang.fs, &r->skipped };
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
			add_incomplete(rep, fs == &r->clang.fs ? &r->clang : NULL, &fs->inc[i]);
		for (size_t i = 0; i < fs->nsil; i++)
			findings_silence(&rep->sil, &fs->sil[i]);
	}
	report_sort(rep);
	report_merge_lines(rep);
	report_agree(rep);
	findings_sort_dedupe(&rep->sil);
	rep->files = files_engines(r);
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
	if (audit_clang(r->kdir, &r->files, o->no_clang, o->config, o->jobs, &r->prog,
			&r->clang) < 0)
		r->clang.failed = true;
	if (r->clang.how)
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
	clang_run_free(&r->clang);
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
	progress_start(&r.prog, o->label);
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
