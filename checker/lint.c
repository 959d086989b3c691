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
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "change.h"
#include "cocci.h"
#include "escape.h"
#include "jsonutil.h"
#include "lint.h"
#include "output.h"
#include "paths.h"
#include "srcfile.h"
#include "util.h"

#define BASELINE_VERSION 1

struct lint_opts {
	const char *base;
	const char *baseline;
	char *write_baseline;	/* absolute: read where the user named it */
	enum kd_format format;
	long jobs;
	bool all;
	struct strlist includes;	/* absolute: spatch runs elsewhere */
	const char *kdir;
};

/* What lint reads of one analysed file, when a finding needs it. */
struct file_info {
	char *path;		/* relative to the top */
	char *full;
	const char *old;	/* its blob at the base, NULL if none */
	char *text;
	size_t len;
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
	char *top;		/* of the work tree, absolute */
	char *rev;		/* the base as a commit id; NULL with --all */
	struct change_files cf;	/* analysed, sorted, relative to the top */
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

/* path made absolute, or NULL after reporting: spatch runs elsewhere. */
static char *absolute(const char *path)
{
	char *cwd, *p;

	if (path[0] == '/')
		return xstrdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		kd_err("cannot resolve %s: %s", path, strerror(errno));
		return NULL;
	}
	p = xasprintf("%s/%s", cwd, path);
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
			if (!o->write_baseline)
				return -1;
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

			if (!p)
				return -1;
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

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct change_file *)a)->path,
		      ((const struct change_file *)b)->path);
}

/*
 * The file's text and lines, read once (it was a readable regular file
 * when selected).  One that can no longer be read has no lines: its
 * findings' text is empty, and in_change() reports it.
 */
static void load_lines(struct file_info *fi)
{
	struct rfile rf;
	char *line;

	fi->have_lines = true;
	if (read_regular(fi->full, KD_MAX_SOURCE, &rf) < 0 || rf.truncated) {
		free(rf.text);
		return;
	}
	fi->text = rf.text;
	fi->len = rf.len;
	for (char *p = fi->text, *e; p < fi->text + fi->len; p = e + 1) {
		e = memchr(p, '\n', (size_t)(fi->text + fi->len - p));
		if (!e)
			e = fi->text + fi->len;
		line = xstrndup(p, (size_t)(e - p));
		strlist_add(&fi->lines, line);
		free(line);
	}
}

static const struct change_file *analysed(const struct lint *l,
					  const char *file)
{
	struct change_file key = { (char *)file, NULL };

	return l->cf.n ? bsearch(&key, l->cf.v, l->cf.n, sizeof(*l->cf.v),
				 cmp_file) : NULL;
}

static struct file_info *file_info(struct lint *l, const char *path)
{
	const struct change_file *c = analysed(l, path);
	struct file_info *fi;

	for (size_t i = 0; i < l->nfi; i++)
		if (!strcmp(l->fi[i].path, path))
			return &l->fi[i];
	l->fi = xrealloc(l->fi, (l->nfi + 1) * sizeof(*l->fi));
	fi = memset(&l->fi[l->nfi++], 0, sizeof(*l->fi));
	fi->path = xstrdup(path);
	fi->full = xasprintf("%s/%s", l->top, path);
	fi->old = c ? c->old : NULL;
	return fi;
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
static int load_hunks(struct lint *l, struct file_info *fi)
{
	char *p;

	fi->have_hunks = true;
	line_at(fi, 0);
	if (fi->text)
		return change_hunks(l->top, fi->old, fi->text, fi->len,
				    &fi->hunks, &fi->nhunks);
	p = esc_name(fi->path);
	kd_err("%s: not analysed, or no longer readable", p);
	free(p);
	return -1;
}

static int in_change(struct lint *l, struct file_info *fi, unsigned int line)
{
	unsigned int s = line, e = line;
	bool body = body_range(fi, line, &s, &e);

	if (!fi->have_hunks && load_hunks(l, fi) < 0)
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
	struct rfile rf;
	json_error_t je;
	json_t *doc, *arr;
	int rc = -1;

	if (read_regular(path, KD_MAX_SOURCE, &rf) < 0 || rf.truncated) {
		kd_err("%s: %s", path, rf.truncated ? "file too large" : rf.why);
		free(rf.text);
		return -1;
	}
	doc = json_loadb(rf.text, rf.len, 0, &je);
	free(rf.text);
	arr = json_object_get(doc, "findings");
	if (!doc) {
		/* jansson quotes the file's text: printable, one line. */
		char *why = esc_name(je.text);

		kd_err("%s: not JSON: %s (line %d)", path, why, je.line);
		free(why);
	}
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
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK |
		      O_NOCTTY | O_CLOEXEC, 0666);
	FILE *f = NULL;
	struct stat st;
	int rc = -1;

	/* A FIFO without a reader fails to open instead of blocking. */
	if (fd < 0 || fstat(fd, &st) < 0) {
		kd_err("%s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		kd_err("%s: not a regular file", path);
	} else if (!(f = fdopen(fd, "w"))) {
		kd_err("%s: %s", path, strerror(errno));
	} else {
		fd = -1;
		rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', f);
		if (fclose(f) || rc < 0) {
			kd_err("%s: cannot write the baseline", path);
			rc = -1;
		}
	}
	if (fd >= 0)
		close(fd);
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
	/* Files the engine could not analyse fully: reported, exit 2. */
	for (size_t i = 0; i < l->found.ninc; i++)
		findings_incomplete(&out, l->found.inc[i].file,
				    l->found.inc[i].reason);
	/* Nothing half-done on stdout after an error. */
	if (rc >= 0)
		rc = write_findings(stdout, &out, l->o.format);
	if (rc >= 0 && out.ninc)
		rc = KD_EXIT_ERROR;
	else if (rc >= 0)
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
		free(l->fi[i].full);
		free(l->fi[i].text);
		strlist_free(&l->fi[i].lines);
		free(l->fi[i].hunks);
	}
	free(l->fi);
	baseline_free(&l->bl);
	findings_free(&l->found);
	change_files_free(&l->cf);
	strlist_free(&l->o.includes);
	free(l->o.write_baseline);
	free(l->top);
	free(l->rev);
}

/* A path spatch was given (absolute) as the findings name it: relative
 * to the top. */
static void relative(const struct lint *l, char **file)
{
	size_t n = strlen(l->top);
	char *r;

	if (strncmp(*file, l->top, n) || (*file)[n] != '/')
		return;
	r = xstrdup(*file + n + 1);
	free(*file);
	*file = r;
}

/* The rule pack on the selected files, by absolute path. */
static int analyse(struct lint *l)
{
	struct strlist abs = { 0 };
	int rc;

	for (size_t i = 0; i < l->cf.n; i++) {
		char *p = xasprintf("%s/%s", l->top, l->cf.v[i].path);

		strlist_add(&abs, p);
		free(p);
	}
	rc = cocci_findings(&abs, &l->o.includes, l->o.jobs, false, &l->found);
	strlist_free(&abs);
	for (size_t i = 0; i < l->found.n; i++)
		relative(l, &l->found.v[i].file);
	for (size_t i = 0; i < l->found.ninc; i++)
		relative(l, &l->found.inc[i].file);
	return rc;
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
	if (l.o.baseline) {
		if (load_baseline(l.o.baseline, &l.bl) < 0)
			goto out;
		l.have_bl = true;
	}
	if (change_top(l.o.kdir, &l.top) < 0 ||
	    (!l.o.all && change_base(l.top, l.o.base, &l.rev) < 0) ||
	    change_select(l.top, l.rev, &l.cf) < 0 || analyse(&l) < 0)
		goto out;
	if (l.o.write_baseline)
		rc = write_baseline(&l) < 0 ? KD_EXIT_ERROR : KD_EXIT_CLEAN;
	else
		rc = report(&l);
out:
	lint_free(&l);
	return rc;
}