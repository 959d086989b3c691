// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta check`: the libclang engine.  Parses each file with the
 * arguments of its compile command (after --, from a compile_commands.json
 * with -p, or as kbuild passes them to $(CHECK) with --kbuild) and walks
 * every function defined in it.
 *
 * The arguments of a compile database and of kbuild come from the
 * analysed tree: only the options a parse needs reach libclang
 * (ccargs.c), so none can make it write a file.  The arguments after --
 * are the user's own command line and are given as they are.  Each file
 * is parsed in a child process with a time and a memory limit
 * (bounded.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bounded.h"
#include "ccargs.h"
#include "check.h"
#include "compdb.h"
#include "cx.h"
#include "flow.h"
#include "nd_facts.h"
#include "nd_stamp.h"
#include "output.h"
#include "paths.h"
#include "util.h"

extern char **environ;

struct check_opts {
	enum kd_format format;
	enum kd_confidence conf;
	const char *build_dir;
	bool kbuild;
	bool print_args;
	bool all;		/* no token prefilter */
	bool deps;		/* record the files each unit read */
	bool help;
	const char *chain;
	struct bounds bounds;
	kd_progress_fn *progress;
	void *progress_arg;
};

static const char usage_text[] =
	"usage: kdelta check [--format text|json|sarif] [--confidence high|medium|low]\n"
	"                    [-p BUILD_DIR] [--all] [--print-args] [--timeout SECONDS]\n"
	"                    [--memory MIB] FILE... [-- COMPILER_ARGS...]\n"
	"       kdelta check [--timeout SECONDS] [--memory MIB] --kbuild [--chain sparse] KBUILD_ARGS...\n"
	"\n"
	"Runs the libclang checker on C files, with the arguments after --, those of\n"
	"BUILD_DIR/compile_commands.json (all its files when none is named), or, with\n"
	"--kbuild, those kbuild gives $(CHECK): make C=2 CHECK=\"kdelta check --kbuild\".\n"
	"Each file is parsed within --timeout (default 300 s, 0: none) and --memory\n"
	"(default 4096 MiB of address space, 0: none).\n"
	"exit status: 0 no findings, 1 findings, 2 error (--kbuild: 0, as sparse)\n";

/* One file to parse, as the child process sees it. */
struct parse_job {
	const char *dir;	/* where to parse it; NULL: here */
	const char *file;
	char **args;
	int nargs;
	enum kd_confidence conf;
	bool deps;		/* record the files the unit read */
};

struct fn_visit {
	struct cx_tu *t;
	const struct parse_job *job;
	struct findings *out;
};

static enum CXChildVisitResult each_function(CXCursor c, CXCursor p,
					     CXClientData d)
{
	struct fn_visit *v = d;
	CXString name;
	char *why;

	(void)p;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl ||
	    !clang_isCursorDefinition(c) ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)) ||
	    flow_function(v->t, c, v->job->conf, v->out) >= 0)
		return CXChildVisit_Continue;
	name = clang_getCursorSpelling(c);
	why = xasprintf("function %s() could not be analysed fully",
			clang_getCString(name));
	findings_incomplete(v->out, v->job->file, why);
	free(why);
	clang_disposeString(name);
	return CXChildVisit_Continue;
}

/* The first error diagnostic, or NULL when the file parsed. */
static char *first_error(CXTranslationUnit tu)
{
	unsigned n = clang_getNumDiagnostics(tu);

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *r = NULL;

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			CXString s = clang_formatDiagnostic(d,
				CXDiagnostic_DisplaySourceLocation |
				CXDiagnostic_DisplayColumn);

			r = xasprintf("cannot parse: %s", clang_getCString(s));
			clang_disposeString(s);
		}
		clang_disposeDiagnostic(d);
		if (r)
			return r;
	}
	return NULL;
}

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * libclang's own complaints (a crash report, the C++ runtime's
 * bad_alloc) go to stderr in its words: the child's stderr is closed for
 * the parse, and the outcome is reported as one line by the parent.
 */
static enum CXErrorCode quiet_parse(CXIndex idx, const struct parse_job *j,
				    CXTranslationUnit *tu)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
	enum CXErrorCode e;

	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	e = clang_parseTranslationUnit2(idx, j->file,
			(const char *const *)j->args, j->nargs, NULL, 0,
			CXTranslationUnit_DetailedPreprocessingRecord, tu);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	return e;
}

struct dep_visit {
	const char *main;	/* the unit's file, real path */
	struct findings *out;
};

static void each_inclusion(CXFile f, CXSourceLocation *stack, unsigned depth,
			   CXClientData d)
{
	struct dep_visit *v = d;
	CXString name = clang_getFileName(f);
	char *real = realpath(clang_getCString(name), NULL);

	(void)stack;
	(void)depth;
	if (real)
		findings_dep(v->out, v->main, real);
	else	/* not a file that can be read again: the unit is not cached */
		findings_dep(v->out, v->main, "");
	free(real);
	clang_disposeString(name);
}

/* Every file the unit read, its own included, as real paths (the child
 * is in the unit's directory). */
static void record_deps(CXTranslationUnit tu, const char *file, struct findings *out)
{
	struct dep_visit v = { realpath(file, NULL), out };

	if (v.main)
		clang_getInclusions(tu, each_inclusion, &v);
	free((char *)v.main);
}

/* The parse and the walk, in the child process (bounded.c): a file that
 * does not parse is recorded as incomplete. */
static int parse_and_walk(void *arg, struct findings *out)
{
	struct parse_job *j = arg;
	struct cx_tu t = { 0 };
	struct fn_visit v = { &t, j, out };
	struct timespec t0, t1, t2;
	CXIndex idx;
	enum CXErrorCode e;
	char *why = NULL;

	if (j->dir && chdir(j->dir) < 0)
		why = xasprintf("cannot enter %s: %s", j->dir, strerror(errno));
	idx = clang_createIndex(0, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = why ? CXError_Success : quiet_parse(idx, j, &t.tu);
	if (!why && e == CXError_Crashed)
		why = xstrdup("libclang crashed while parsing it (out of memory "
			      "within --memory, or a libclang bug)");
	else if (!why && e != CXError_Success)
		why = xasprintf("libclang could not parse it (error %d)", e);
	else if (!why)
		why = first_error(t.tu);
	if (!why) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		cx_index_macros(&t);
		clang_visitChildren(clang_getTranslationUnitCursor(t.tu),
				    each_function, &v);
		nd_facts_export(&t, j->file, out);
		nd_facts_forget();
		nd_stamp_tu(NULL);
		cx_free_macros(&t);
		clock_gettime(CLOCK_MONOTONIC, &t2);
		if (getenv("KDELTA_TIMING"))
			fprintf(stderr, "kdelta: %s: parse %.3f s, analysis %.3f s\n",
				j->file, secs(&t0, &t1), secs(&t1, &t2));
	}
	if (why && getenv("KDELTA_TIMING"))
		fprintf(stderr, "kdelta: %s: did not parse\n", j->file);
	if (why)
		findings_incomplete(out, j->file, why);
	free(why);
	if (t.tu && j->deps)
		record_deps(t.tu, j->file, out);
	if (t.tu)
		clang_disposeTranslationUnit(t.tu);
	clang_disposeIndex(idx);
	return 0;
}

/*
 * A file that cannot be a C source: missing, unreadable, a directory, a
 * FIFO or a device (whose open or read would block the parse).  NULL
 * when it is a readable regular file.
 */
static char *not_a_source(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) < 0)
		return xasprintf("cannot read it: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return xstrdup("a directory, not a C file (kdelta cocci takes directories)");
	if (!S_ISREG(st.st_mode))
		return xstrdup("not a regular file (a FIFO, a device or a socket)");
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return xasprintf("cannot read it: %s", strerror(errno));
	close(fd);
	return NULL;
}

/* One file: -1 when it cannot be read (reported); a parse that fails or
 * stops is recorded in out as incomplete. */
static int check_file(struct parse_job *j, const struct check_opts *o,
		      struct findings *out)
{
	char *path = j->dir && j->file[0] != '/' ?
		     xasprintf("%s/%s", j->dir, j->file) : xstrdup(j->file);
	char *why = not_a_source(path);
	int rc = 0;

	if (why) {
		kd_err("%s: %s", j->file, why);
		rc = -1;
	} else if (o->all || names_time_api(path)) {
		bounded_run(j->file, &o->bounds, parse_and_walk, j, out);
	}
	free(why);
	free(path);
	return rc;
}

void check_entry_args(const struct compdb_entry *ce, struct strlist *args)
{
	ccargs_filter((int)ce->args.n - 1, ce->args.v + 1, args, NULL);
}

/* A database entry: its command's options through the allow-list; the
 * compiler, the source files and every output option are dropped. */
static int check_entry(const struct compdb_entry *ce,
		       const struct check_opts *o, struct findings *out)
{
	struct strlist a = { 0 };
	struct parse_job j = { ce->dir, ce->file, NULL, 0, o->conf, o->deps };
	int rc;

	check_entry_args(ce, &a);
	j.args = a.v;
	j.nargs = (int)a.n;
	rc = check_file(&j, o, out);
	strlist_free(&a);
	return rc;
}

static int check_db(const struct check_opts *o, char **files, int nfiles,
		    struct findings *out)
{
	struct compdb db;
	size_t bad = 0, n;
	int rc;

	if (compdb_load(o->build_dir, &db, &bad) < 0)
		return -1;
	rc = bad ? -1 : 0;
	n = nfiles ? (size_t)nfiles : db.n;
	for (size_t i = 0; i < n; i++) {
		const struct compdb_entry *ce = nfiles ? NULL : &db.v[i];

		if (o->progress)
			o->progress(o->progress_arg, (unsigned int)i,
				    (unsigned int)n);
		if (nfiles && !(ce = compdb_find(&db, files[i]))) {
			if (access(files[i], F_OK) < 0)
				kd_err("%s: no such file", files[i]);
			else
				kd_err("%s: not in %s", files[i], db.path);
			rc = -1;
			continue;
		}
		if (check_entry(ce, o, out) < 0)
			rc = -1;
	}
	compdb_free(&db);
	return rc;
}

/* The files not fully analysed from index `from` on, one line each: the
 * text output does this itself. */
static void report_incomplete(const struct findings *fs, size_t from)
{
	for (size_t i = from; i < fs->ninc; i++)
		kd_err("%s: not fully analysed: %s", fs->inc[i].file,
		       fs->inc[i].reason);
}

static void default_bounds(struct check_opts *o)
{
	o->bounds.timeout_s = KD_DEFAULT_TIMEOUT_S;
	o->bounds.mem_mib = KD_DEFAULT_MEM_MIB;
}

/*
 * The engine for the commands built on it (audit): the files of
 * build_dir/compile_commands.json named (all when nfiles is 0), those
 * that name no time API skipped, as `kdelta check -p` does.  Findings are
 * added to out; -1 when a file could not be analysed (reported), the
 * others still are.
 */
int check_findings_db(const char *build_dir, char **files, int nfiles,
		      enum kd_confidence conf, kd_progress_fn *progress,
		      void *progress_arg,
		      struct findings *out)
{
	struct check_opts o = { 0 };
	size_t ninc = out->ninc;
	int rc;

	o.build_dir = build_dir;
	o.conf = conf;
	o.progress = progress;
	o.progress_arg = progress_arg;
	o.deps = true;
	default_bounds(&o);
	rc = check_db(&o, files, nfiles, out);
	report_incomplete(out, ninc);
	return rc < 0 || out->ninc > ninc ? -1 : 0;
}

/* --chain sparse: sparse sees exactly what kbuild gave us, on our stdio. */
static int run_chain(const char *tool, int argc, char **argv)
{
	char **av = xcalloc((size_t)argc + 2, sizeof(char *));
	pid_t pid;
	int st;

	av[0] = (char *)tool;
	memcpy(av + 1, argv, (size_t)argc * sizeof(char *));
	if (posix_spawnp(&pid, tool, NULL, NULL, av, environ)) {
		kd_err("cannot run %s", tool);
		free(av);
		return -1;
	}
	free(av);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A bound's value: a whole number, 0 for none. */
static int parse_bound(const char *opt, const char *s, unsigned long max,
		       unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (!*s || *end || *s == '-' || errno || *v > max) {
		kd_err("%s takes a whole number from 0 to %lu, not '%s'", opt, max, s);
		return -1;
	}
	return 0;
}

static int parse_chain(const char *s, struct check_opts *o)
{
	if (!s || strcmp(s, "sparse")) {
		kd_err("--chain takes 'sparse'%s%s%s", s ? ", not '" : "",
		       s ? s : "", s ? "'" : "");
		return -1;
	}
	o->chain = "sparse";
	return 0;
}

static int one_opt(int c, const char *arg, struct check_opts *o)
{
	unsigned long v;

	switch (c) {
	case 'f':
		return parse_format(optarg, &o->format);
	case 'c':
		if (confidence_parse(optarg, &o->conf) < 0) {
			kd_err("unknown confidence '%s'", optarg);
			return -1;
		}
		return 0;
	case 'p':
		o->build_dir = optarg;
		return 0;
	case 'k':
		o->kbuild = true;
		return 0;
	case 'P':
		o->print_args = true;
		return 0;
	case 'a':
		o->all = true;
		return 0;
	case 'h':
		o->help = true;
		return 0;
	case 'C':
		return parse_chain(optarg, o);
	case 'T':
		if (parse_bound("--timeout", optarg, 86400, &v) < 0)
			return -1;
		o->bounds.timeout_s = (unsigned int)v;
		return 0;
	case 'M':
		if (parse_bound("--memory", optarg, 1UL << 24, &v) < 0)
			return -1;
		o->bounds.mem_mib = v;
		return 0;
	}
	kd_err("check: unknown option or missing value '%s' (kdelta check --help)", arg);
	return -1;
}

static int parse_opts(int argc, char **argv, struct check_opts *o)
{
	static const struct option lo[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "confidence", required_argument, NULL, 'c' },
		{ "kbuild", no_argument, NULL, 'k' },
		{ "chain", required_argument, NULL, 'C' },
		{ "print-args", no_argument, NULL, 'P' },
		{ "all", no_argument, NULL, 'a' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "memory", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->format = KD_FMT_TEXT;
	o->conf = KD_MEDIUM;
	default_bounds(o);
	opterr = 0;
	/* In kbuild mode everything after our options is kbuild's. */
	while (!o->kbuild &&
	       (c = getopt_long(argc, argv, "+f:c:p:h", lo, NULL)) != -1)
		if (one_opt(c, argv[optind - 1], o) < 0)
			return -1;
	return 0;
}

/*
 * After --kbuild: --chain sparse (or --chain=sparse), then kbuild's
 * $(CHECKFLAGS) $(c_flags) file.c.  Returns where kbuild's arguments
 * start, or -1 (reported).
 */
static int kbuild_chain(int argc, char **argv, int i, struct check_opts *o)
{
	while (i < argc && !strncmp(argv[i], "--chain", 7)) {
		if (argv[i][7] == '=') {
			if (parse_chain(argv[i] + 8, o) < 0)
				return -1;
			i++;
		} else if (!argv[i][7]) {
			if (parse_chain(i + 1 < argc ? argv[i + 1] : NULL, o) < 0)
				return -1;
			i += 2;
		} else {
			break;
		}
	}
	return i;
}

/* kbuild's arguments: the options through the allow-list, the .c file
 * (last, as kbuild passes it) apart. */
static void kbuild_split(int argc, char **argv, struct strlist *files,
			 struct strlist *args)
{
	struct strlist pos = { 0 };

	ccargs_filter(argc, argv, args, &pos);
	for (size_t i = 0; i < pos.n; i++) {
		size_t n = strlen(pos.v[i]);

		if (n > 2 && !strcmp(pos.v[i] + n - 2, ".c"))
			strlist_add(files, pos.v[i]);
	}
	strlist_free(&pos);
}

/* Files and arguments from the command line; -1 on a usage error. */
static int gather(int argc, char **argv, struct check_opts *o,
		  struct strlist *files, struct strlist *args, int *chain_rc)
{
	int i = optind;

	if (o->kbuild) {
		if ((i = kbuild_chain(argc, argv, i, o)) < 0)
			return -1;
		if (o->chain)
			*chain_rc = run_chain(o->chain, argc - i, argv + i);
		kbuild_split(argc - i, argv + i, files, args);
		return 0;
	}
	for (; i < argc && strcmp(argv[i], "--"); i++)
		strlist_add(files, argv[i]);
	for (i++; i < argc; i++)
		strlist_add(args, argv[i]);
	return 0;
}

static int run_files(const struct check_opts *o, struct strlist *files,
		     struct strlist *args, struct findings *fs)
{
	int rc = 0;

	if (o->build_dir)
		return check_db(o, files->v, (int)files->n, fs);
	for (size_t f = 0; f < files->n; f++) {
		struct parse_job j = { NULL, files->v[f], args->v,
				       (int)args->n, o->conf, false };

		if (check_file(&j, o, fs) < 0)
			rc = -1;
	}
	return rc;
}

/* Like sparse: GCC-style warnings on stderr, and the build goes on. */
static void kbuild_report(const struct findings *fs)
{
	report_incomplete(fs, 0);
	for (size_t f = 0; f < fs->n; f++)
		fprintf(stderr, "%s:%u:%u: warning: %s [kdelta:%s]\n",
			fs->v[f].file, fs->v[f].line, fs->v[f].column,
			fs->v[f].message, fs->v[f].rule);
}

int cmd_check(int argc, char **argv)
{
	struct check_opts o = { 0 };
	struct strlist files = { 0 }, args = { 0 };
	struct findings fs = { 0 };
	int rc = KD_EXIT_ERROR, bad, chain_rc = 0;

	if (parse_opts(argc, argv, &o) < 0)
		return KD_EXIT_ERROR;
	if (o.help) {
		fputs(usage_text, stdout);
		return KD_EXIT_CLEAN;
	}
	if (gather(argc, argv, &o, &files, &args, &chain_rc) < 0)
		goto out;
	if (o.chain && !o.kbuild) {
		kd_err("--chain sparse goes with --kbuild");
		goto out;
	}
	if (!files.n && !o.build_dir) {
		fputs(usage_text, stderr);
		goto out;
	}
	/* What libclang is given, one a line: for benchmarks and debugging. */
	if (o.print_args) {
		for (size_t a = 0; a < args.n; a++)
			puts(args.v[a]);
		rc = KD_EXIT_CLEAN;
		goto out;
	}
	bad = run_files(&o, &files, &args, &fs) < 0;
	findings_sort_dedupe(&fs);
	if (o.kbuild) {
		/* An unreadable or unparsable file is a warning too. */
		kbuild_report(&fs);
		rc = chain_rc < 0 ? KD_EXIT_ERROR : chain_rc;
		goto out;
	}
	if (o.format != KD_FMT_TEXT)
		report_incomplete(&fs, 0);
	if (print_findings(&fs, o.format) < 0)
		bad = 1;
	rc = bad || fs.ninc ? KD_EXIT_ERROR :
	     fs.n ? KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
out:
	strlist_free(&files);
	strlist_free(&args);
	findings_free(&fs);
	return rc;
}
