// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta lint`: the pre-merge check.  Runs the rule pack on the C files
 * that differ from a base revision and reports only what the change
 * brings: the findings in code it adds, modifies or removes lines from,
 * or, with a baseline, the findings the baseline does not list.
 *
 * git is only ever read from: no checkout, no stash, no index refresh.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cocci.h"
#include "jsonutil.h"
#include "lint.h"
#include "output.h"
#include "paths.h"
#include "proc.h"
#include "util.h"

#define BASELINE_VERSION 1

struct lint_opts {
	const char *base;
	const char *baseline;
	char *write_baseline;	/* absolute: lint runs in the tree's top */
	enum kd_format format;
	long jobs;
	bool all;
	struct strlist includes;	/* absolute, for the same reason */
	const char *kdir;
};

/* One hunk of `git diff -U0`: new lines start..start+count-1 or, when
 * count is 0, lines removed after new line start. */
struct hunk {
	unsigned int start, count;
};

/* What lint reads of one file of the tree, when a finding needs it. */
struct file_info {
	char *path;
	struct strlist lines;
	bool have_lines;
	struct hunk *hunks;
	size_t nhunks;
	bool have_hunks;
};

struct baseline_entry {
	char *rule, *file, *function, *text;
	bool used;
};

struct baseline {
	struct baseline_entry *v;
	size_t n;
};

struct lint {
	struct lint_opts o;
	char *rev;		/* the base as a commit id; NULL with --all */
	struct strlist files;	/* analysed, sorted, relative to the top */
	struct findings found;
	struct baseline bl;
	bool have_bl;
	struct file_info *fi;
	size_t nfi;
};

static void usage(FILE *o)
{
	fputs("usage: kdelta lint [--base REV | --all] [--baseline FILE] [--write-baseline FILE]\n"
	      "                   [--format text|json|sarif] [-I DIR]... [-j N] [KDIR]\n", o);
}

static void help(void)
{
	usage(stdout);
	fputs("\n"
"Runs the rule pack on the C files of the git work tree KDIR (default: the\n"
"one the current directory is in) that differ from REV, and reports what\n"
"the change brings.  The working tree is compared to REV, committed and\n"
"uncommitted changes alike (`git diff REV`; untracked files are not\n"
"seen).  Only added or modified *.c files are analysed: headers are\n"
"analysed through the C files that include them, not alone.\n"
"\n"
"  --base REV       default: `git merge-base HEAD @{upstream}` when the\n"
"                   branch has an upstream, else HEAD~1 (in a CI checkout\n"
"                   with a detached HEAD, give the target branch)\n"
"  --all            every tracked *.c file and every finding, no REV\n"
"  --baseline FILE  report the findings of the analysed files that FILE\n"
"                   does not list, wherever they are in those files\n"
"  --write-baseline FILE\n"
"                   record the findings of the analysed files in FILE and\n"
"                   exit 0 (with --baseline, the entries of the files not\n"
"                   analysed are carried over)\n"
"  -I DIR           include directory for spatch, as in kdelta cocci\n"
"  -j N             parallel spatch jobs (default: all cores)\n"
"\n"
"Without --baseline, a finding is reported when the change adds or\n"
"modifies its line, or adds, modifies or removes lines in the body of\n"
"its function (a removed guard counts): a function with an old finding\n"
"that the change touches is reported too.  A baseline matches findings\n"
"by rule, file, function and the text of the line (whitespace-\n"
"normalised), not by line number.  Paths are relative to the top of the\n"
"work tree.\n"
"\n"
"exit status: 0 nothing to report, 1 findings reported, 2 error\n", stdout);
}

static char *absolute(const char *path)
{
	char *cwd, *p;

	if (path[0] == '/')
		return xstrdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd || asprintf(&p, "%s/%s", cwd, path) < 0) {
		kd_err("cannot resolve %s: %s", path, strerror(errno));
		exit(KD_EXIT_ERROR);
	}
	free(cwd);
	return p;
}

enum {
	OPT_BASE = 256,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_ALL,
};

/* Returns 1 after --help, -1 after reporting a bad command line. */
static int parse_opts(int argc, char **argv, struct lint_opts *o)
{
	static const struct option longopts[] = {
		{ "base", required_argument, NULL, OPT_BASE },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->format = KD_FMT_TEXT;
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	while ((c = getopt_long(argc, argv, "f:I:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_BASE:
			o->base = optarg;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			free(o->write_baseline);
			o->write_baseline = absolute(optarg);
			break;
		case OPT_ALL:
			o->all = true;
			break;
		case 'f':
			if (parse_format(optarg, &o->format) < 0)
				return -1;
			break;
		case 'I': {
			char *p = absolute(optarg);

			strlist_add(&o->includes, p);
			free(p);
			break;
		}
		case 'j':
			if (parse_jobs(optarg, &o->jobs) < 0)
				return -1;
			break;
		case 'h':
			help();
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (o->jobs < 1)
		o->jobs = 1;
	if (o->all && o->base) {
		kd_err("--all and --base exclude each other");
		return -1;
	}
	if (argc - optind > 1) {
		kd_err("lint takes one KDIR (see kdelta lint --help)");
		return -1;
	}
	o->kdir = optind < argc ? argv[optind] : ".";
	return 0;
}

static char *chomp(char *s)
{
	s[strcspn(s, "\n")] = '\0';
	return s;
}

/*
 * git, read-only even where git would write opportunistically: no
 * optional locks, no index refresh after a diff with stale stat data.
 * Pathspecs are literal, so that no file name is taken for pathspec
 * magic.  The arguments end with NULL.
 */
static int git(char **out, char **err, ...)
{
	static const char *const pre[] = {
		"git", "--no-optional-locks", "--literal-pathspecs",
		"-c", "diff.autoRefreshIndex=false",
	};
	struct strlist a = { 0 };
	const char *s;
	va_list ap;
	int rc;

	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		strlist_add(&a, pre[i]);
	va_start(ap, err);
	while ((s = va_arg(ap, const char *)))
		strlist_add(&a, s);
	va_end(ap);
	a.v = xrealloc(a.v, (a.n + 1) * sizeof(*a.v));
	a.v[a.n] = NULL;
	*out = *err = NULL;
	rc = run_capture(a.v, out, err);
	if (rc < 0)
		kd_err("cannot run git: %s", strerror(errno));
	strlist_free(&a);
	return rc;
}

/* Into the top of KDIR's work tree, so that the paths git prints, spatch
 * reads and the findings name are all relative to it. */
static int enter_tree(const char *kdir)
{
	char *out, *err;
	struct stat st;
	int rc;

	if (stat(kdir, &st) < 0) {
		kd_err("%s: %s", kdir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		kd_err("%s: not a directory", kdir);
		return -1;
	}
	rc = git(&out, &err, "-C", kdir, "rev-parse", "--show-toplevel", NULL);
	if (rc > 0 || (rc == 0 && !*chomp(out)))
		kd_err("%s: not a git work tree", kdir);
	else if (rc == 0 && chdir(out) < 0)
		kd_err("%s: %s", out, strerror(errno));
	else if (rc == 0)
		rc = 1;
	free(out);
	free(err);
	return rc == 1 ? 0 : -1;
}

/* The commit id of REV, or NULL (quietly) when there is none. */
static char *commit_id(const char *rev)
{
	char *out, *err, *spec, *id = NULL;

	if (asprintf(&spec, "%s^{commit}", rev) < 0)
		return NULL;
	if (git(&out, &err, "rev-parse", "--verify", "--quiet", spec, NULL) == 0 &&
	    *chomp(out))
		id = xstrdup(out);
	free(spec);
	free(out);
	free(err);
	return id;
}

/* Where the branch left its upstream; NULL when it has none. */
static int upstream_base(char **rev)
{
	char *out, *err, *up = commit_id("@{upstream}");
	int rc;

	*rev = NULL;
	if (!up)
		return 0;
	free(up);
	rc = git(&out, &err, "merge-base", "HEAD", "@{upstream}", NULL);
	if (rc == 0 && *chomp(out))
		*rev = xstrdup(out);
	else if (rc >= 0)
		kd_err("no merge base of HEAD and its upstream: give --base");
	free(out);
	free(err);
	return *rev ? 0 : -1;
}

static int resolve_base(const char *base, char **rev)
{
	/* A leading "-" would reach git as an option (--output=...). */
	if (base && (base[0] == '-' || !base[0])) {
		kd_err("'%s': not a revision", base);
		return -1;
	}
	if (base) {
		*rev = commit_id(base);
		if (!*rev)
			kd_err("%s: no such revision", base);
		return *rev ? 0 : -1;
	}
	if (upstream_base(rev) < 0)
		return -1;
	if (*rev)
		return 0;
	*rev = commit_id("HEAD~1");
	if (!*rev)
		kd_err("HEAD~1: no such revision (give --base)");
	return *rev ? 0 : -1;
}

static bool is_c_file(const char *path)
{
	size_t n = strlen(path);
	struct stat st;

	/* What git lists may be a deleted file's ghost or a submodule. */
	return n > 2 && !strcmp(path + n - 2, ".c") &&
	       lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The C files git lists, NUL-separated: the added or modified ones since
 * REV (a rename is a deletion and an addition), or every tracked one. */
static int select_files(const char *rev, struct strlist *files)
{
	char *out, *err;
	int rc;

	if (rev)
		rc = git(&out, &err, "diff", "--name-only", "-z", "--no-renames",
			 "--diff-filter=AM", rev, "--", NULL);
	else
		rc = git(&out, &err, "ls-files", "-z", NULL);
	if (rc > 0)
		kd_err("git %s failed: %s", rev ? "diff" : "ls-files",
		       chomp(err));
	for (char *p = out; rc == 0 && *p; p += strlen(p) + 1)
		if (is_c_file(p))
			strlist_add(files, p);
	if (files->n)
		qsort(files->v, files->n, sizeof(*files->v), cmp_str);
	free(out);
	free(err);
	return rc == 0 ? 0 : -1;
}

static bool parse_hunk(const char *line, struct hunk *h)
{
	const char *p = strstr(line, " +");
	char *end;

	if (strncmp(line, "@@ -", 4) || !p)
		return false;
	h->start = (unsigned int)strtoul(p + 2, &end, 10);
	h->count = *end == ',' ? (unsigned int)strtoul(end + 1, NULL, 10) : 1;
	return true;
}

/*
 * The hunks of the file's change, without context and without merging
 * nearby hunks (the user's diff.interHunkContext would make context lines
 * look changed); no colour, external diff or textconv to parse around.
 */
static int load_hunks(const char *rev, struct file_info *fi)
{
	char *out, *err, *line;
	size_t cap = 0;
	struct hunk h;
	int rc;

	fi->have_hunks = true;
	rc = git(&out, &err, "diff", "-U0", "--inter-hunk-context=0",
		 "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames",
		 rev, "--", fi->path, NULL);
	if (rc > 0)
		kd_err("git diff %s failed: %s", fi->path, chomp(err));
	for (line = rc == 0 ? strtok(out, "\n") : NULL; line;
	     line = strtok(NULL, "\n")) {
		if (!parse_hunk(line, &h))
			continue;
		if (fi->nhunks == cap) {
			cap = cap ? 2 * cap : 16;
			fi->hunks = xrealloc(fi->hunks, cap * sizeof(*fi->hunks));
		}
		fi->hunks[fi->nhunks++] = h;
	}
	free(out);
	free(err);
	return rc == 0 ? 0 : -1;
}

/* An unreadable file has no lines: its findings' text is empty. */
static void load_lines(struct file_info *fi)
{
	FILE *f = fopen(fi->path, "r");
	char *line = NULL;
	size_t cap = 0;

	fi->have_lines = true;
	if (!f)
		return;
	while (getline(&line, &cap, f) >= 0)
		strlist_add(&fi->lines, chomp(line));
	free(line);
	fclose(f);
}

static struct file_info *file_info(struct lint *l, const char *path)
{
	for (size_t i = 0; i < l->nfi; i++)
		if (!strcmp(l->fi[i].path, path))
			return &l->fi[i];
	l->fi = xrealloc(l->fi, (l->nfi + 1) * sizeof(*l->fi));
	memset(&l->fi[l->nfi], 0, sizeof(*l->fi));
	l->fi[l->nfi].path = xstrdup(path);
	return &l->fi[l->nfi++];
}

static const char *line_at(struct file_info *fi, unsigned int line)
{
	if (!fi->have_lines)
		load_lines(fi);
	return line && line <= fi->lines.n ? fi->lines.v[line - 1] : "";
}

/* The line with its blanks collapsed: re-indenting is no new finding. */
static char *normalise(const char *s)
{
	char *d = xmalloc(strlen(s) + 1), *w = d;

	for (; *s; s++) {
		if (!isspace((unsigned char)*s))
			*w++ = *s;
		else if (w > d && !isspace((unsigned char)s[1]) && s[1])
			*w++ = ' ';
	}
	*w = '\0';
	return d;
}

/*
 * The function around LINE, kernel style: the body between a "{" and
 * the next "}" in column 0, from the line in column 0 where its
 * declarator starts.  False at file scope or in other styles.
 */
static bool body_range(struct file_info *fi, unsigned int line,
		       unsigned int *start, unsigned int *end)
{
	const struct strlist *l = &fi->lines;
	size_t open, close, i;

	line_at(fi, line);
	if (!line || line > l->n)
		return false;
	for (close = line - 1; close < l->n && l->v[close][0] != '}'; close++)
		;
	for (open = line; open-- > 0 && l->v[open][0] != '{';)
		if (l->v[open][0] == '}')
			return false;
	if (close == l->n || open == (size_t)-1)
		return false;
	*start = (unsigned int)open + 1;
	for (i = open; i-- > 0;) {
		char c = l->v[i][0];

		if (isalpha((unsigned char)c) || c == '_')
			*start = (unsigned int)i + 1;
		if (c != ' ' && c != '\t')
			break;
	}
	*end = (unsigned int)close + 1;
	return true;
}

/*
 * Whether the change touches the finding: its line is new, or its
 * function's body gained, changed or lost lines (the revert of a guard
 * removes lines above an unchanged sink).
 */
static int in_change(struct lint *l, struct file_info *fi, unsigned int line)
{
	unsigned int s = line, e = line;
	bool body = body_range(fi, line, &s, &e);

	if (!fi->have_hunks && load_hunks(l->rev, fi) < 0)
		return -1;
	for (size_t i = 0; i < fi->nhunks; i++) {
		const struct hunk *h = &fi->hunks[i];

		if (h->count && h->start <= e && h->start + h->count - 1 >= s)
			return 1;
		if (!h->count && body && h->start >= s && h->start < e)
			return 1;
	}
	return 0;
}

static void baseline_free(struct baseline *bl)
{
	for (size_t i = 0; i < bl->n; i++) {
		free(bl->v[i].rule);
		free(bl->v[i].file);
		free(bl->v[i].function);
		free(bl->v[i].text);
	}
	free(bl->v);
	bl->v = NULL;
	bl->n = 0;
}

static const char *member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int baseline_entries(const char *path, json_t *arr, struct baseline *bl)
{
	size_t i;
	json_t *e;

	bl->v = xmalloc(json_array_size(arr) * sizeof(*bl->v));
	json_array_foreach(arr, i, e) {
		struct baseline_entry *b = &bl->v[i];

		if (!member(e, "rule") || !member(e, "file") ||
		    !member(e, "function") || !member(e, "text")) {
			kd_err("%s: baseline finding %zu lacks rule, file, function or text",
			       path, i + 1);
			return -1;
		}
		b->rule = xstrdup(member(e, "rule"));
		b->file = xstrdup(member(e, "file"));
		b->function = xstrdup(member(e, "function"));
		b->text = normalise(member(e, "text"));
		b->used = false;
		bl->n = i + 1;
	}
	return 0;
}

static int load_baseline(const char *path, struct baseline *bl)
{
	FILE *f = fopen(path, "r");
	json_error_t je;
	json_t *doc, *arr;
	int rc = -1;

	if (!f) {
		kd_err("%s: %s", path, strerror(errno));
		return -1;
	}
	doc = json_loadf(f, 0, &je);
	fclose(f);
	arr = json_object_get(doc, "findings");
	if (!doc)
		kd_err("%s: not JSON: %s (line %d)", path, je.text, je.line);
	else if (json_integer_value(json_object_get(doc, "kdelta_baseline")) !=
		 BASELINE_VERSION || !json_is_array(arr))
		kd_err("%s: not a kdelta baseline (want {\"kdelta_baseline\": %d, \"findings\": [...]})",
		       path, BASELINE_VERSION);
	else
		rc = baseline_entries(path, arr, bl);
	json_decref(doc);
	return rc;
}

/* Uses up the first unused entry for the finding: two identical lines
 * in one function need two entries. */
static bool baseline_take(struct baseline *bl, const struct finding *f,
			  const char *text)
{
	for (size_t i = 0; i < bl->n; i++) {
		struct baseline_entry *b = &bl->v[i];

		if (!b->used && !strcmp(b->rule, f->rule) &&
		    !strcmp(b->file, f->file) &&
		    !strcmp(b->function, f->function) && !strcmp(b->text, text)) {
			b->used = true;
			return true;
		}
	}
	return false;
}

static bool analysed(const struct lint *l, const char *file)
{
	return l->files.n && bsearch(&file, l->files.v, l->files.n,
				     sizeof(*l->files.v), cmp_str);
}

static json_t *entry_json(const char *rule, const char *file,
			  const char *function, const char *text)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "rule", rule, "file", file,
			 "function", function, "text", text);
}

/* The entries of files this run did not analyse first, then the current
 * findings, both in file order. */
static json_t *baseline_doc(struct lint *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < l->bl.n; i++) {
		const struct baseline_entry *b = &l->bl.v[i];

		if (!analysed(l, b->file))
			json_array_append_new(arr, entry_json(b->rule, b->file,
						b->function, b->text));
	}
	for (size_t i = 0; i < l->found.n; i++) {
		const struct finding *f = &l->found.v[i];
		char *text = normalise(line_at(file_info(l, f->file), f->line));

		json_array_append_new(arr, entry_json(f->rule, f->file,
						      f->function, text));
		free(text);
	}
	return json_pack("{s:i, s:o}", "kdelta_baseline", BASELINE_VERSION,
			 "findings", arr);
}

static int write_baseline(struct lint *l)
{
	const char *path = l->o.write_baseline;
	json_t *doc = baseline_doc(l);
	FILE *f = fopen(path, "w");
	int rc = -1;

	if (!f) {
		kd_err("%s: %s", path, strerror(errno));
	} else {
		rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', f);
		if (fclose(f) || rc < 0) {
			kd_err("%s: cannot write the baseline", path);
			rc = -1;
		}
	}
	json_decref(doc);
	return rc;
}

/* 1 to report the finding, 0 not to, -1 after an error. */
static int to_report(struct lint *l, const struct finding *f)
{
	struct file_info *fi = file_info(l, f->file);
	char *text;
	bool known;

	if (!l->have_bl)
		return l->rev ? in_change(l, fi, f->line) : 1;
	text = normalise(line_at(fi, f->line));
	known = baseline_take(&l->bl, f, text);
	free(text);
	return !known;
}

static int report(struct lint *l)
{
	struct findings out = { 0 };
	int rc = 0;

	for (size_t i = 0; i < l->found.n && rc >= 0; i++) {
		rc = to_report(l, &l->found.v[i]);
		if (rc > 0)
			findings_add(&out, &l->found.v[i]);
	}
	/* Nothing half-done on stdout after an error. */
	if (rc >= 0)
		rc = write_findings(stdout, &out, l->o.format);
	if (rc >= 0)
		rc = out.n ? KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
	else
		rc = KD_EXIT_ERROR;
	findings_free(&out);
	return rc;
}

static void lint_free(struct lint *l)
{
	for (size_t i = 0; i < l->nfi; i++) {
		free(l->fi[i].path);
		strlist_free(&l->fi[i].lines);
		free(l->fi[i].hunks);
	}
	free(l->fi);
	baseline_free(&l->bl);
	findings_free(&l->found);
	strlist_free(&l->files);
	strlist_free(&l->o.includes);
	free(l->o.write_baseline);
	free(l->rev);
}

int cmd_lint(int argc, char **argv)
{
	struct lint l = { 0 };
	int rc = parse_opts(argc, argv, &l.o);

	if (rc) {
		lint_free(&l);
		return rc > 0 ? KD_EXIT_CLEAN : KD_EXIT_ERROR;
	}
	rc = KD_EXIT_ERROR;
	/* The baseline is read where the user named it, before the chdir. */
	if (l.o.baseline) {
		if (load_baseline(l.o.baseline, &l.bl) < 0)
			goto out;
		l.have_bl = true;
	}
	if (enter_tree(l.o.kdir) < 0 ||
	    (!l.o.all && resolve_base(l.o.base, &l.rev) < 0) ||
	    select_files(l.rev, &l.files) < 0 ||
	    cocci_findings(&l.files, &l.o.includes, l.o.jobs, false,
			   &l.found) < 0)
		goto out;
	if (l.o.write_baseline)
		rc = write_baseline(&l) < 0 ? KD_EXIT_ERROR : KD_EXIT_CLEAN;
	else
		rc = report(&l);
out:
	lint_free(&l);
	return rc;
}
