// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta check`: the libclang engine.  Parses each file with the
 * arguments of its compile command (after --, from a compile_commands.json
 * with -p, or as kbuild passes them to $(CHECK) with --kbuild) and walks
 * every function defined in it.
 */
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <clang-c/CXCompilationDatabase.h>
#include <jansson.h>

#include "api.h"
#include "check.h"
#include "cx.h"
#include "flow.h"
#include "output.h"
#include "paths.h"
#include "summary.h"
#include "util.h"

extern char **environ;

struct check_opts {
	enum kd_format format;
	enum kd_confidence conf;
	const char *build_dir;
	bool kbuild;
	bool print_args;
	bool all;		/* no token prefilter */
	const char *chain;
	kd_progress_fn *progress;
};

/* GCC options kbuild uses that clang rejects or that mean nothing to a
 * parser; prefixes end with '='. */
static const char *const gcc_only[] = {
	"-mindirect-branch=", "-mindirect-branch-register",
	"-mpreferred-stack-boundary=", "-mfunction-return=",
	"-mrecord-mcount", "-mskip-rax-setup", "-mharden-sls=",
	"-fconserve-stack", "-ftrivial-auto-var-init=", "-fzero-call-used-regs=",
	"-fno-allow-store-data-races", "-fno-var-tracking-assignments",
	"-fmin-function-alignment=", "-falign-jumps=", "-falign-loops=",
	"-fno-ipa-sra", "-fsanitize-coverage=", "-fpatchable-function-entry=",
	"-fno-delete-null-pointer-checks", "-fstack-protector-strong",
	"-mstack-protector-guard-reg=", "-mstack-protector-guard-symbol=",
	"-Wp,", "-fplugin=", "-fplugin-arg-", "-fmacro-prefix-map=",
	"-fcf-protection=", "-mno-fp-ret-in-387", "-fno-jump-tables",
	NULL
};

/*
 * sparse's own options (CHECKFLAGS), and every warning option: kdelta
 * only needs the AST, and a GCC -Werror or -Wimplicit-fallthrough=5 would
 * make clang refuse code GCC accepts; -Wp,-MMD would make libclang write
 * a .d file into the tree.  __CHECKER__ selects sparse's annotations
 * (__user and friends), which clang does not know.
 */
static bool sparse_only(const char *a)
{
	return !strncmp(a, "--arch=", 7) || !strncmp(a, "-W", 2) ||
	       !strcmp(a, "-mindirect-branch-cs-prefix") ||
	       !strcmp(a, "-D__CHECKER__");
}

static bool drop_arg(const char *a)
{
	for (int i = 0; gcc_only[i]; i++) {
		size_t n = strlen(gcc_only[i]);

		if (gcc_only[i][n - 1] == '=' || gcc_only[i][n - 1] == ',' ||
		    gcc_only[i][n - 1] == '-' ? !strncmp(a, gcc_only[i], n) :
						 !strcmp(a, gcc_only[i]))
			return true;
	}
	return sparse_only(a);
}

static void usage(void)
{
	kd_err("usage: kdelta check [--format text|json|sarif] "
	       "[--confidence high|medium|low] [-p BUILD_DIR] [--all] [--print-args] "
	       "[--kbuild [--chain sparse]] FILE... [-- COMPILER_ARGS...]");
}

struct fn_visit {
	struct cx_tu *t;
	enum kd_confidence conf;
	struct findings *out;
};

static enum CXChildVisitResult each_function(CXCursor c, CXCursor p,
					     CXClientData d)
{
	struct fn_visit *v = d;

	(void)p;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
	    clang_isCursorDefinition(c) &&
	    clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		flow_function(v->t, c, v->conf, v->out);
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

			r = xstrdup(clang_getCString(s));
			clang_disposeString(s);
		}
		clang_disposeDiagnostic(d);
		if (r)
			return r;
	}
	return NULL;
}

static int check_file(CXIndex idx, const char *file, char **args, int nargs,
		      const struct check_opts *o, struct findings *out)
{
	struct cx_tu t = { 0 };
	struct fn_visit v = { &t, o->conf, out };
	enum CXErrorCode e;
	struct timespec t0, t1, t2;
	char *err;

	if (access(file, R_OK) < 0) {
		kd_err("%s: cannot read the file", file);
		return -1;
	}
	if (!o->all && !names_time_api(file))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = clang_parseTranslationUnit2(idx, file, (const char *const *)args,
					nargs, NULL, 0,
					CXTranslationUnit_DetailedPreprocessingRecord,
					&t.tu);
	if (e != CXError_Success) {
		kd_err("%s: libclang could not parse it (error %d)", file, e);
		return -1;
	}
	if ((err = first_error(t.tu))) {
		kd_err("%s: cannot parse: %s", file, err);
		free(err);
		clang_disposeTranslationUnit(t.tu);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cx_index_macros(&t);
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), each_function, &v);
	cx_free_macros(&t);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	if (getenv("KDELTA_TIMING"))
		fprintf(stderr, "kdelta: %s: parse %.3f s, analysis %.3f s\n", file,
			(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
			(double)(t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9);
	summary_reset();
	clang_disposeTranslationUnit(t.tu);
	return 0;
}

/* Compile command arguments minus the compiler, the output and the file. */
static int db_args(CXCompileCommand cmd, const char *file, struct strlist *a)
{
	unsigned n = clang_CompileCommand_getNumArgs(cmd);

	for (unsigned i = 1; i < n; i++) {
		CXString s = clang_CompileCommand_getArg(cmd, i);
		const char *v = clang_getCString(s);

		if (!strcmp(v, "-o") || !strcmp(v, "-MF") || !strcmp(v, "-MT")) {
			clang_disposeString(s);
			i++;
			continue;
		}
		/* The source file itself is given to libclang apart. */
		if (strcmp(v, "-c") && strcmp(v, file) && !drop_arg(v) &&
		    !(v[0] != '-' && strlen(v) > 2 && !strcmp(v + strlen(v) - 2, ".c")))
			strlist_add(a, v);
		clang_disposeString(s);
	}
	return 0;
}

/*
 * libclang says only "no database" of a broken one, on stderr, in its own
 * words: read it with jansson first to say what is wrong, and keep
 * libclang's stderr quiet while it loads.
 */
static CXCompilationDatabase open_db(const char *dir)
{
	CXCompilationDatabase_Error err;
	CXCompilationDatabase db;
	json_error_t je;
	json_t *doc;
	char *path;
	int saved;

	if (asprintf(&path, "%s/compile_commands.json", dir) < 0)
		return NULL;
	doc = json_load_file(path, 0, &je);
	if (!doc || !json_is_array(doc)) {
		if (doc)
			kd_err("%s: not a JSON array of compile commands", path);
		else
			kd_err("%s: %s (line %d)", path, je.text, je.line);
		json_decref(doc);
		free(path);
		return NULL;
	}
	json_decref(doc);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	freopen("/dev/null", "w", stderr);
	db = clang_CompilationDatabase_fromDirectory(dir, &err);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	/* freopen() left stderr fully buffered: messages would come late. */
	setvbuf(stderr, NULL, _IONBF, 0);
	if (err != CXCompilationDatabase_NoError || !db) {
		kd_err("%s: libclang cannot load it", path);
		clang_CompilationDatabase_dispose(db);
		db = NULL;
	}
	free(path);
	return db;
}

static int check_db(CXIndex idx, const struct check_opts *o, char **files,
		    int nfiles, struct findings *out)
{
	CXCompilationDatabase db = open_db(o->build_dir);
	CXCompileCommands cmds;
	int rc = 0, cwd = open(".", O_RDONLY | O_DIRECTORY);
	unsigned n;

	if (!db) {
		close(cwd);
		return -1;
	}
	cmds = nfiles ? NULL : clang_CompilationDatabase_getAllCompileCommands(db);
	n = cmds ? clang_CompileCommands_getSize(cmds) : (unsigned)nfiles;
	for (unsigned i = 0; i < n; i++) {
		CXCompileCommands one = NULL;
		CXCompileCommand cmd;
		struct strlist a = { 0 };
		char path[PATH_MAX];
		CXString dir, fname;

		if (o->progress)
			o->progress(i, n);
		if (!cmds) {
			if (!realpath(files[i], path)) {
				kd_err("%s: no such file", files[i]);
				rc = -1;
				continue;
			}
			one = clang_CompilationDatabase_getCompileCommands(db, path);
			if (!one || !clang_CompileCommands_getSize(one)) {
				kd_err("%s: not in %s/compile_commands.json", files[i], o->build_dir);
				clang_CompileCommands_dispose(one);
				rc = -1;
				continue;
			}
			cmd = clang_CompileCommands_getCommand(one, 0);
		} else {
			cmd = clang_CompileCommands_getCommand(cmds, i);
		}
		dir = clang_CompileCommand_getDirectory(cmd);
		fname = clang_CompileCommand_getFilename(cmd);
		db_args(cmd, clang_getCString(fname), &a);
		if (chdir(clang_getCString(dir)) < 0 ||
		    check_file(idx, clang_getCString(fname), a.v, (int)a.n, o, out) < 0)
			rc = -1;
		if (fchdir(cwd) < 0)
			rc = -1;
		clang_disposeString(dir);
		clang_disposeString(fname);
		strlist_free(&a);
		clang_CompileCommands_dispose(one);
	}
	clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	close(cwd);
	return rc;
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
		      struct findings *out)
{
	struct check_opts o = { 0 };
	CXIndex idx;
	int rc;

	o.build_dir = build_dir;
	o.conf = conf;
	o.progress = progress;
	idx = clang_createIndex(0, 0);
	rc = check_db(idx, &o, files, nfiles, out);
	clang_disposeIndex(idx);
	return rc;
}

/* --chain sparse: sparse sees exactly what kbuild gave us, on our stdio. */
static int run_chain(const char *tool, int argc, char **argv)
{
	char **av = xmalloc((argc + 2) * sizeof(char *));
	pid_t pid;
	int st;

	av[0] = (char *)tool;
	memcpy(av + 1, argv, argc * sizeof(char *));
	av[argc + 1] = NULL;
	if (posix_spawnp(&pid, tool, NULL, NULL, av, environ)) {
		kd_err("cannot run %s", tool);
		free(av);
		return -1;
	}
	free(av);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->format = KD_FMT_TEXT;
	o->conf = KD_MEDIUM;
	/* In kbuild mode everything after our options is kbuild's. */
	while ((c = getopt_long(argc, argv, "+f:c:p:h", lo, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (parse_format(optarg, &o->format) < 0)
				return -1;
			break;
		case 'c':
			if (!strcmp(optarg, "high"))
				o->conf = KD_HIGH;
			else if (!strcmp(optarg, "medium"))
				o->conf = KD_MEDIUM;
			else if (!strcmp(optarg, "low"))
				o->conf = KD_LOW;
			else {
				kd_err("unknown confidence '%s'", optarg);
				return -1;
			}
			break;
		case 'p':
			o->build_dir = optarg;
			break;
		case 'k':
			o->kbuild = true;
			break;
		case 'P':
			o->print_args = true;
			break;
		case 'a':
			o->all = true;
			break;
		case 'C':
			if (strcmp(optarg, "sparse")) {
				kd_err("--chain takes 'sparse'");
				return -1;
			}
			o->chain = optarg;
			break;
		default:
			usage();
			return -1;
		}
		if (o->kbuild)
			break;
	}
	return 0;
}

/* kbuild: $(CHECK) $(CHECKFLAGS) $(c_flags) file.c -- the file is last. */
static void kbuild_split(int argc, char **argv, struct strlist *files,
			 struct strlist *args)
{
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (argv[i][0] != '-' && n > 2 && !strcmp(argv[i] + n - 2, ".c") &&
		    (i == 0 || strcmp(argv[i - 1], "-o")))
			strlist_add(files, argv[i]);
		else if (!drop_arg(argv[i]))
			strlist_add(args, argv[i]);
	}
}

int cmd_check(int argc, char **argv)
{
	struct check_opts o = { 0 };
	struct strlist files = { 0 }, args = { 0 };
	struct findings fs = { 0 };
	int rc = KD_EXIT_ERROR, bad = 0, chain_rc = 0, i;
	CXIndex idx;

	if (parse_opts(argc, argv, &o) < 0)
		return KD_EXIT_ERROR;
	if (o.kbuild) {
		while (optind < argc && !strncmp(argv[optind], "--chain", 7)) {
			o.chain = "sparse";
			optind += strcmp(argv[optind], "--chain") ? 1 : 2;
		}
		if (o.chain)
			chain_rc = run_chain(o.chain, argc - optind, argv + optind);
		kbuild_split(argc - optind, argv + optind, &files, &args);
	} else {
		for (i = optind; i < argc && strcmp(argv[i], "--"); i++)
			strlist_add(&files, argv[i]);
		for (i++; i < argc; i++)
			strlist_add(&args, argv[i]);
	}
	if (!files.n && !o.build_dir) {
		usage();
		goto out;
	}
	/* What libclang is given, one a line: for benchmarks and debugging. */
	if (o.print_args) {
		for (size_t a = 0; a < args.n; a++)
			puts(args.v[a]);
		rc = 0;
		goto out;
	}
	idx = clang_createIndex(0, 0);
	if (o.build_dir) {
		bad = check_db(idx, &o, files.v, (int)files.n, &fs) < 0;
	} else {
		for (size_t f = 0; f < files.n; f++)
			if (check_file(idx, files.v[f], args.v, (int)args.n, &o, &fs) < 0)
				bad = 1;
	}
	clang_disposeIndex(idx);
	findings_sort_dedupe(&fs);
	if (o.kbuild) {
		/* Like sparse: GCC-style warnings on stderr, the build goes on. */
		for (size_t f = 0; f < fs.n; f++)
			fprintf(stderr, "%s:%u:%u: warning: %s [kdelta:%s]\n",
				fs.v[f].file, fs.v[f].line, fs.v[f].column,
				fs.v[f].message, fs.v[f].rule);
		rc = bad ? KD_EXIT_ERROR : chain_rc > 0 ? chain_rc : 0;
		goto out;
	}
	if (print_findings(&fs, o.format) < 0)
		bad = 1;
	rc = bad ? KD_EXIT_ERROR : fs.n ? KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
out:
	strlist_free(&files);
	strlist_free(&args);
	findings_free(&fs);
	return rc;
}
