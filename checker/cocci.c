// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta cocci`: runs every rule of the pack through spatch over the given
 * files, in parallel, and turns what the rules print into findings.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "cocci.h"
#include "cocci_channel.h"
#include "output.h"
#include "paths.h"
#include "proc.h"
#include "report.h"
#include "rulesdir.h"
#include "spatch.h"
#include "spatch_pool.h"
#include "util.h"

/* spatch's virtual rules: what the rules print, and how. */
enum kd_mode { KD_MODE_REPORT, KD_MODE_CONTEXT, KD_MODE_ORG, KD_MODE_PATCH };

static const char *const mode_names[] = {
	[KD_MODE_REPORT] = "report", [KD_MODE_CONTEXT] = "context",
	[KD_MODE_ORG] = "org", [KD_MODE_PATCH] = "patch",
};

#define DEFAULT_TIMEOUT		120	/* seconds a file */
#define DEFAULT_MAX_MEMORY	4096	/* MB a spatch process */
#define DEFAULT_MAX_SIZE	2	/* MB a file */

struct cocci_opts {
	enum kd_mode mode;
	enum kd_format format;
	struct strlist includes;
	long jobs;
	bool no_includes;	/* override the rules' include options */
	enum kd_confidence conf;	/* findings below it become silences */
	struct spatch_limits lim;
};

struct rule {
	char *path;
	char *name;		/* file stem: the rule id in findings */
	enum kd_confidence confidence;	/* from "// Confidence:" */
	struct strlist options;	/* from "// Options:" */
};

static const char *mode_name(enum kd_mode m)
{
	return mode_names[m];
}

static int mode_parse(const char *s, enum kd_mode *m)
{
	for (int i = KD_MODE_REPORT; i <= KD_MODE_PATCH; i++)
		if (!strcmp(s, mode_names[i])) {
			*m = (enum kd_mode)i;
			return 0;
		}
	return -1;
}

#define USAGE "usage: kdelta cocci [--mode report|context|org|patch] " \
	"[--format text|json|sarif] [--confidence high|medium|low] [-I DIR]... " \
	"[-j N] [--timeout SECONDS] " \
	"[--max-memory MB] [--max-size MB] PATH..."

static void usage(void)
{
	kd_err("%s", USAGE);
}

static void help(void)
{
	printf("%s\n\n"
	       "Runs the rule pack through spatch over the C files given (all *.c\n"
	       "below a directory).\n\n"
	       "  -m, --mode MODE      report (findings), context, org or patch\n"
	       "  -f, --format FORMAT  text, json or sarif (report mode)\n"
	       "  --confidence LEVEL   report findings at LEVEL or above (default medium)\n"
	       "  -I DIR               also look for headers in DIR\n"
	       "  -j, --jobs N         spatch processes at a time (default: cores)\n"
	       "  --timeout SECONDS    a file taking longer is not fully analysed (default %d)\n"
	       "  --max-memory MB      address space of a spatch process (default %d)\n"
	       "  --max-size MB        larger files are not analysed (default %d)\n\n"
	       "Files not fully analysed are named on stderr (and in JSON and SARIF).\n"
	       "Exit status: 0 no findings, 1 findings (or output), 2 error or a file\n"
	       "not fully analysed.\n", USAGE, DEFAULT_TIMEOUT, DEFAULT_MAX_MEMORY,
	       DEFAULT_MAX_SIZE);
}

/* spatch runs in a private directory: relative paths are resolved here. */
static char *absolute(const char *cwd, const char *path)
{
	return path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", cwd, path);
}

static char *header_value(const char *line, const char *key)
{
	size_t n = strlen(key);
	char *v, *e;

	if (strncmp(line, key, n))
		return NULL;
	for (line += n; isspace((unsigned char)*line); line++)
		;
	v = xstrdup(line);
	for (e = v + strlen(v); e > v && isspace((unsigned char)e[-1]); e--)
		;
	*e = '\0';
	return v;
}

/* The coccicheck header: confidence and the spatch options the rule needs. */
static int read_rule(const char *dir, const char *file, struct rule *r)
{
	char *line = NULL, *v;
	size_t cap = 0;
	FILE *f;

	memset(r, 0, sizeof(*r));
	r->confidence = KD_MEDIUM;
	r->path = xasprintf("%s/%s", dir, file);
	r->name = xstrdup(file);
	r->name[strlen(r->name) - strlen(".cocci")] = '\0';
	f = fopen(r->path, "r");
	if (!f) {
		kd_err("%s: cannot read rule", r->path);
		return -1;
	}
	while (getline(&line, &cap, f) > 0 && !strncmp(line, "//", 2)) {
		if ((v = header_value(line, "// Confidence:"))) {
			int bad;

			for (char *p = v; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			bad = confidence_parse(v, &r->confidence) < 0;
			if (bad)
				kd_err("%s: unknown confidence '%s'", r->path, v);
			free(v);
			if (bad) {
				free(line);
				fclose(f);
				return -1;
			}
		} else if ((v = header_value(line, "// Options:"))) {
			for (char *t = strtok(v, " \t"); t; t = strtok(NULL, " \t"))
				strlist_add(&r->options, t);
			free(v);
		}
	}
	free(line);
	fclose(f);
	return 0;
}

static void free_rule(struct rule *r)
{
	free(r->path);
	free(r->name);
	strlist_free(&r->options);
}

static int load_rules(const char *cwd, struct rule **rules, size_t *n)
{
	char *dir = absolute(cwd, rules_dir());
	struct strlist names = { 0 };
	struct dirent *de;
	DIR *d = opendir(dir);
	int rc = 0;

	if (!d) {
		kd_err("%s: rule pack not found (set KDELTA_RULES)", dir);
		free(dir);
		return -1;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 6 && !strcmp(de->d_name + len - 6, ".cocci"))
			strlist_add(&names, de->d_name);
	}
	closedir(d);
	if (!names.n) {
		kd_err("%s: no rules in the rule pack", dir);
		free(dir);
		return -1;
	}
	qsort(names.v, names.n, sizeof(*names.v), strp_cmp);
	*rules = xmalloc(names.n * sizeof(**rules));
	for (*n = 0; *n < names.n && !rc; (*n)++)
		rc = read_rule(dir, names.v[*n], &(*rules)[*n]);
	strlist_free(&names);
	free(dir);
	return rc;
}

/*
 * Whether the rule, as run, reads the files' own headers.  spatch sees
 * each file through a link in the private directory, so it is told the
 * file's directory with -I (first, as if it were the file's own); one
 * spatch process then takes the files of one directory.
 */
static bool reads_includes(const struct cocci_opts *o, const struct rule *r)
{
	if (o->no_includes)
		return false;
	for (size_t i = 0; i < r->options.n; i++)
		if (!strcmp(r->options.v[i], "--no-includes"))
			return false;
	return true;
}

/* spatch's options for a rule, NULL-terminated; dir: the files' own. */
static char **rule_argv(const struct cocci_opts *o, const struct rule *r,
			const char *dir)
{
	struct strlist a = { 0 };

	strlist_add(&a, "spatch");
	strlist_add(&a, "-D");
	strlist_add(&a, mode_name(o->mode));
	/* Report mode: the rules write to a channel file of each spatch
	 * process (spatch.c adds -D kdelta_channel=PATH), not to stdout. */
	if (o->mode == KD_MODE_REPORT) {
		strlist_add(&a, "-D");
		strlist_add(&a, "kdelta");
	}
	if (o->mode == KD_MODE_REPORT || o->mode == KD_MODE_ORG)
		strlist_add(&a, "--no-show-diff");
	strlist_add(&a, "--cocci-file");
	strlist_add(&a, r->path);
	for (size_t i = 0; i < r->options.n; i++)
		if (!o->no_includes || strstr(r->options.v[i], "include") == NULL)
			strlist_add(&a, r->options.v[i]);
	if (o->no_includes)
		strlist_add(&a, "--no-includes");
	if (dir) {
		strlist_add(&a, "-I");
		strlist_add(&a, dir);
	}
	for (size_t i = 0; i < o->includes.n; i++) {
		strlist_add(&a, "-I");
		strlist_add(&a, o->includes.v[i]);
	}
	strlist_add(&a, "--ignore-unknown-options");
	a.v = xrealloc(a.v, (a.n + 1) * sizeof(*a.v));
	a.v[a.n] = NULL;
	return a.v;
}

struct plan {
	struct spatch_batch *v;
	size_t n, cap;
};

static void plan_add(struct plan *p, const struct cocci_opts *o,
		     const struct rule *r, size_t ri, const char *dir,
		     const size_t *idx, size_t n)
{
	struct spatch_batch *b;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	b = &p->v[p->n++];
	b->argv = rule_argv(o, r, dir);
	b->channel = o->mode == KD_MODE_REPORT;
	b->what = r->name;
	b->rule = ri;
	b->n = n;
	b->idx = xmalloc(n * sizeof(*idx));
	memcpy(b->idx, idx, n * sizeof(*idx));
}

static void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; p->v[i].argv[j]; j++)
			free(p->v[i].argv[j]);
		free(p->v[i].argv);
		free(p->v[i].idx);
	}
	free(p->v);
}

static int cmp_dir(const void *a, const void *b, void *files)
{
	const struct spatch_file *f = files;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(f[i].dir, f[j].dir);

	return c ? c : (i > j) - (i < j);
}

/*
 * Every rule over the files spatch is given, in batches of at most
 * `size` files: one spatch start each (about a second), a batch a job
 * and rule so that the jobs stay busy, at most 100 files so that a file
 * that kills spatch costs little to re-run.
 */
static void plan_batches(const struct cocci_opts *o, const struct rule *rules,
			 size_t nrules, const struct spatch_sandbox *sb,
			 struct plan *p)
{
	size_t *idx = xcalloc(sb->nfiles + 1, sizeof(*idx)), n = 0, size;

	for (size_t i = 0; i < sb->nfiles; i++)
		if (sb->files[i].link)
			idx[n++] = i;
	size = (n + (size_t)o->jobs - 1) / (size_t)o->jobs;
	size = size < 1 ? 1 : size > 100 ? 100 : size;
	for (size_t ri = 0; ri < nrules; ri++) {
		bool by_dir = reads_includes(o, &rules[ri]);

		if (by_dir)
			qsort_r(idx, n, sizeof(*idx), cmp_dir, sb->files);
		for (size_t i = 0, j; i < n; i = j) {
			const char *dir = by_dir ? sb->files[idx[i]].dir : NULL;

			for (j = i + 1; j < n && j - i < size; j++)
				if (dir && strcmp(sb->files[idx[j]].dir, dir))
					break;
			plan_add(p, o, &rules[ri], ri, dir, idx + i, j - i);
		}
	}
	free(idx);
}

/* --- what spatch printed, under the files' own names --- */

/* The file whose link starts at p (the link's length in *len), or NULL. */
static const struct spatch_file *link_at(const struct spatch_sandbox *sb,
					 const char *p, size_t *len)
{
	size_t n = strlen(sb->dir), l;
	char link[PATH_MAX];

	if (strncmp(p, sb->dir, n) || strncmp(p + n, "/k", 2))
		return NULL;
	l = n + 2 + strspn(p + n + 2, "0123456789");
	if (p[l] != '.' || (p[l + 1] != 'c' && p[l + 1] != 'h') ||
	    l + 2 >= sizeof(link))
		return NULL;
	*len = l + 2;
	memcpy(link, p, *len);
	link[*len] = '\0';
	return spatch_file_of(sb, link);
}

/* A line with every link replaced by the name of its file. */
static void put_line(const struct spatch_sandbox *sb, const char *line)
{
	const struct spatch_file *f;
	const char *p = line, *hit;
	size_t len;

	while ((hit = strstr(p, sb->dir))) {
		fwrite(p, 1, (size_t)(hit - p), stdout);
		f = link_at(sb, hit, &len);
		if (f) {
			fputs(f->name, stdout);
			p = hit + len;
		} else {
			fputc(*hit, stdout);
			p = hit + 1;
		}
	}
	puts(p);
}

/* A path in a diff header, C-quoted as git and GNU patch do when it has
 * a space, a quote, a backslash, a control or a non-ASCII byte. */
static void put_path(const char *prefix, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;
	bool quote = false;

	for (; *p && !quote; p++)
		quote = *p <= ' ' || *p >= 127 || *p == '"' || *p == '\\';
	if (!quote) {
		printf("%s%s", prefix, path);
		return;
	}
	printf("\"%s", prefix);
	for (p = (const unsigned char *)path; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p < ' ' || *p >= 127)
			printf("\\%03o", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* A diff header's name: a/ or b/ and the path from the current directory,
 * so that `patch -p1` applies it here; an absolute path elsewhere as is. */
static void put_diff_name(const char *name, const char *cwd, char side)
{
	char prefix[3] = { side, '/', '\0' };
	size_t n = strlen(cwd);

	if (name[0] != '/')
		put_path(prefix, name);
	else if (!strncmp(name, cwd, n) && name[n] == '/')
		put_path(prefix, name + n + 1);
	else
		put_path("", name);
}

static void put_diff_line(const char *name, const char *cwd)
{
	fputs("diff -u -p ", stdout);
	put_diff_name(name, cwd, 'a');
	putchar(' ');
	put_diff_name(name, cwd, 'b');
	putchar('\n');
}

/* Context, org or patch output: printed with the files' names. */
static void emit(const struct spatch_sandbox *sb, const char *cwd, char *text)
{
	const struct spatch_file *f = NULL;
	int state = 0;		/* 1: after a diff line, 2: after "--- " */
	size_t len;

	for (char *line = text, *nl; *line; line = nl ? nl + 1 : "") {
		const char *h = strstr(line, sb->dir);

		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "diff -u -p ", 11) && h &&
		    (f = link_at(sb, h, &len))) {
			put_diff_line(f->name, cwd);
			state = 1;
		} else if (state != 2 && !strncmp(line, "--- ", 4) &&
			   (state == 1 || (h && (f = link_at(sb, h, &len))))) {
			if (state == 0)
				put_diff_line(f->name, cwd);
			fputs("--- ", stdout);
			put_diff_name(f->name, cwd, 'a');
			putchar('\n');
			state = 2;
		} else if (state == 2 && !strncmp(line, "+++ ", 4)) {
			/* spatch names its temporary file here. */
			fputs("+++ ", stdout);
			put_diff_name(f->name, cwd, 'b');
			putchar('\n');
			state = 0;
		} else {
			state = 0;
			put_line(sb, line);
		}
	}
}

/* The name a link stands for, for channel_rename_files(). */
static const char *name_of_link(const char *link, void *sb)
{
	const struct spatch_file *f = spatch_file_of(sb, link);

	return f ? f->name : NULL;
}

/* *file, a link, becomes the name of the file it stands for. */
static void unlink_name(const struct spatch_sandbox *sb, char **file)
{
	const char *name = name_of_link(*file, (void *)sb);

	if (name) {
		free(*file);
		*file = xstrdup(name);
	}
}

/* Report mode: the findings of one spatch process, from its channel,
 * under the files' names. */
static int collect(const struct spatch_sandbox *sb, const struct rule *r,
		   const struct spatch_output *out, struct findings *fs)
{
	struct findings tmp = { 0 };
	int rc = channel_collect(out->channel, r->name, r->confidence,
				 &out->given, &tmp);

	for (size_t i = 0; i < tmp.n; i++)
		unlink_name(sb, &tmp.v[i].file);
	for (size_t i = 0; i < tmp.ninc; i++)
		unlink_name(sb, &tmp.inc[i].file);
	for (size_t i = 0; i < tmp.nsil; i++)
		unlink_name(sb, &tmp.sil[i].file);
	channel_rename_files(name_of_link, (void *)sb);
	findings_move(fs, &tmp);
	return rc;
}

static int parse_num(const char *opt, const char *s, long max, long *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 1 || n > max) {
		kd_err("--%s: '%s' is not a number from 1 to %ld", opt, s, max);
		return -1;
	}
	*v = n;
	return 0;
}

static void default_opts(struct cocci_opts *o)
{
	o->mode = KD_MODE_REPORT;
	o->format = KD_FMT_TEXT;
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	o->conf = KD_MEDIUM;
	o->lim.timeout = DEFAULT_TIMEOUT;
	o->lim.max_memory = DEFAULT_MAX_MEMORY;
	o->lim.max_size = (long)DEFAULT_MAX_SIZE << 20;
}

/* One option; -1 after reporting a bad one. */
static int parse_opt(int c, const char *arg, struct cocci_opts *o)
{
	long mb;

	switch (c) {
	case 'm':
		if (mode_parse(arg, &o->mode) < 0) {
			kd_err("unknown mode '%s'", arg);
			return -1;
		}
		return 0;
	case 'f':
		return parse_format(arg, &o->format);
	case 'I':
		strlist_add(&o->includes, arg);
		return 0;
	case 'c':
		if (confidence_parse(arg, &o->conf) < 0) {
			kd_err("unknown confidence '%s'", arg);
			return -1;
		}
		return 0;
	case 'j':
		return parse_jobs(arg, &o->jobs);
	case 'T':
		return parse_num("timeout", arg, 86400, &o->lim.timeout);
	case 'M':
		return parse_num("max-memory", arg, 1L << 20, &o->lim.max_memory);
	case 'S':
		if (parse_num("max-size", arg, 4096, &mb) < 0)
			return -1;
		o->lim.max_size = mb << 20;
		return 0;
	default:
		kd_err("bad option '%s'; %s", arg, USAGE);
		return -1;
	}
}

/* 0, 1 for --help (printed), or -1 after reporting. */
static int parse_opts(int argc, char **argv, struct cocci_opts *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "confidence", required_argument, NULL, 'c' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "max-memory", required_argument, NULL, 'M' },
		{ "max-size", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	default_opts(o);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "m:f:I:j:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			help();
			return 1;
		}
		if (parse_opt(c, c == '?' ? argv[optind - 1] : optarg, o) < 0)
			return -1;
	}
	if (o->jobs < 1)
		o->jobs = 1;
	if (optind >= argc) {
		usage();
		return -1;
	}
	return 0;
}

/*
 * The findings the rules rated below conf leave the list: each becomes a
 * silence (the audit lists them), so that nothing analysed is dropped
 * without a trace.
 */
static void drop_below(struct findings *fs, enum kd_confidence conf)
{
	size_t kept = 0;

	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		struct silence s = {
			.engine = f->engine, .file = f->file, .line = f->line,
			.function = f->function, .kind = KD_SILENT_LOW,
		};
		unsigned int src;

		if (f->confidence >= conf) {
			fs->v[kept++] = *f;
			continue;
		}
		/* As the libclang engine's (audit_clang.c): the source's line
		 * and text when the message names them, the message in the
		 * detail. */
		src = report_source_of(f->message, &s.source);
		s.line = src ? src : f->line;
		s.detail = xasprintf("below the confidence threshold (%s: %s) [%s]",
				     confidence_name(f->confidence), f->message,
				     f->rule);
		findings_silence(fs, &s);
		free(s.source);
		free(s.detail);
		free(f->file);
		free(f->function);
		free(f->message);
		free(f->rule);
	}
	fs->n = kept;
}

/* The rules' outputs: findings into fs, or printed (then the bytes). */
static long use_outputs(const struct cocci_opts *o, const struct rule *rules,
			const struct spatch_sandbox *sb, const char *cwd,
			struct spatch_output *outs, size_t nouts,
			struct findings *fs)
{
	long printed = 0;

	for (size_t i = 0; i < nouts; i++) {
		if (o->mode == KD_MODE_REPORT) {
			if (collect(sb, &rules[outs[i].rule], &outs[i], fs) < 0)
				printed = -1;
		} else {
			printed += (long)strlen(outs[i].text);
			emit(sb, cwd, outs[i].text);
		}
	}
	for (size_t i = 0; i < sb->nfiles; i++)
		if (sb->files[i].reason)
			findings_incomplete(fs, sb->files[i].name,
					    sb->files[i].reason);
	return printed;
}

/*
 * Every rule of the pack over the files: report mode collects findings,
 * the other modes print spatch's output; the files not fully analysed go
 * to fs either way.  Returns the bytes printed, or -1 after reporting an
 * error.
 */
static long run_pack(const struct cocci_opts *o, const struct strlist *files,
		     struct findings *fs)
{
	struct spatch_sandbox sb = { 0 };
	struct spatch_output *outs = NULL;
	struct rule *rules = NULL;
	struct plan plan = { 0 };
	struct cocci_opts ao = *o;
	size_t nrules = 0, nouts = 0;
	char *cwd = getcwd(NULL, 0);
	long printed = -1;

	if (!cwd) {
		kd_err("cannot get the current directory: %s", strerror(errno));
		return -1;
	}
	memset(&ao.includes, 0, sizeof(ao.includes));
	for (size_t i = 0; i < o->includes.n; i++) {
		char *p = absolute(cwd, o->includes.v[i]);

		strlist_add(&ao.includes, p);
		free(p);
	}
	if (load_rules(cwd, &rules, &nrules) < 0 ||
	    spatch_open(&sb, files, &o->lim) < 0)
		goto out;
	plan_batches(&ao, rules, nrules, &sb, &plan);
	if (spatch_run(&sb, plan.v, plan.n, o->jobs, &outs, &nouts) == 0)
		printed = use_outputs(o, rules, &sb, cwd, outs, nouts, fs);
	drop_below(fs, o->conf);
	fflush(stdout);
out:
	strlist_free(&ao.includes);
	spatch_outputs_free(outs, nouts);
	plan_free(&plan);
	spatch_close(&sb);
	for (size_t i = 0; i < nrules; i++)
		free_rule(&rules[i]);
	free(rules);
	free(cwd);
	return printed;
}

/*
 * The rule pack over files, findings sorted and de-duplicated, the files
 * not fully analysed in out->inc: for the commands built on this engine
 * (audit, lint).  no_includes trades header types for speed on whole
 * trees.
 */
int cocci_findings(const struct strlist *files, const struct strlist *includes,
		   long jobs, bool no_includes, struct findings *out)
{
	struct cocci_opts o = { 0 };

	if (!files->n)
		return 0;
	default_opts(&o);
	o.jobs = jobs > 0 ? jobs : 1;
	o.no_includes = no_includes;
	o.includes = *includes;
	if (run_pack(&o, files, out) < 0)
		return -1;
	findings_sort_dedupe(out);
	return 0;
}

int cmd_cocci(int argc, char **argv)
{
	struct cocci_opts o = { 0 };
	struct strlist files = { 0 };
	struct findings fs = { 0 };
	long printed;
	int rc = KD_EXIT_ERROR, p;

	p = parse_opts(argc, argv, &o);
	if (p)
		rc = p > 0 ? KD_EXIT_CLEAN : KD_EXIT_ERROR;
	if (p || collect_c_files(argv + optind, argc - optind, &files) < 0)
		goto out;
	if (!files.n) {
		kd_err("no C files to analyse under the given paths");
		rc = KD_EXIT_CLEAN;
		if (o.format != KD_FMT_TEXT && o.mode == KD_MODE_REPORT)
			print_findings(&fs, o.format);
		goto out;
	}
	printed = run_pack(&o, &files, &fs);
	if (printed < 0)
		goto out;
	if (o.mode == KD_MODE_REPORT) {
		findings_sort_dedupe(&fs);
		if (print_findings(&fs, o.format) < 0)
			goto out;
		printed = (long)fs.n;
	} else {
		for (size_t i = 0; i < fs.ninc; i++)
			kd_err("%s: not fully analysed: %s", fs.inc[i].file,
			       fs.inc[i].reason);
	}
	/* A file not fully analysed is an error, findings or not. */
	rc = fs.ninc ? KD_EXIT_ERROR : printed ? KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
out:
	strlist_free(&files);
	strlist_free(&o.includes);
	findings_free(&fs);
	return rc;
}
