// SPDX-License-Identifier: GPL-2.0
/*
 * `kdelta cocci`: runs every rule of the pack through spatch over the given
 * files, in parallel, and turns what the rules print into findings.
 */
#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
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
#include "rulesdir.h"
#include "util.h"

struct cocci_opts {
	const char *mode;
	enum kd_format format;
	struct strlist includes;
	long jobs;
	bool no_includes;	/* override the rules' include options */
};

struct rule {
	char *path;
	char *name;		/* file stem: the rule id in findings */
	enum kd_confidence confidence;	/* from "// Confidence:" */
	struct strlist options;	/* from "// Options:" */
};

static void usage(void)
{
	kd_err("usage: kdelta cocci [--mode report|context|org|patch] "
	       "[--format text|json|sarif] [-I DIR]... [-j N] PATH...");
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
	if (asprintf(&r->path, "%s/%s", dir, file) < 0)
		return -1;
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_rules(struct rule **rules, size_t *n)
{
	const char *dir = rules_dir();
	struct strlist names = { 0 };
	struct dirent *de;
	DIR *d = opendir(dir);
	int rc = 0;

	if (!d) {
		kd_err("%s: rule pack not found (set KDELTA_RULES)", dir);
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
		return -1;
	}
	qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	*rules = xmalloc(names.n * sizeof(**rules));
	for (*n = 0; *n < names.n && !rc; (*n)++)
		rc = read_rule(dir, names.v[*n], &(*rules)[*n]);
	strlist_free(&names);
	return rc;
}

/* spatch's --file-groups: one file a group, so -j spreads them. */
static char *write_groups(const struct strlist *files)
{
	char tmpl[] = "/tmp/kdelta-groups-XXXXXX";
	int fd = mkstemp(tmpl);
	FILE *f;

	if (fd < 0) {
		kd_err("cannot create a temporary file in /tmp");
		return NULL;
	}
	f = fdopen(fd, "w");
	for (size_t i = 0; i < files->n; i++)
		fprintf(f, "%s\n\n", files->v[i]);
	if (fclose(f)) {
		kd_err("cannot write %s", tmpl);
		unlink(tmpl);
		return NULL;
	}
	return xstrdup(tmpl);
}

static char **spatch_argv(const struct cocci_opts *o, const struct rule *r,
			  const char *groups, size_t nfiles, const char *channel)
{
	static char jobs[32];
	struct strlist a = { 0 };

	strlist_add(&a, "spatch");
	strlist_add(&a, "-D");
	strlist_add(&a, o->mode);
	if (!strcmp(o->mode, "report")) {
		strlist_add(&a, "-D");
		strlist_add(&a, "kdelta");
		strlist_add(&a, "-D");
		strlist_add(&a, channel);
	}
	strlist_add(&a, "--very-quiet");
	if (!strcmp(o->mode, "report") || !strcmp(o->mode, "org"))
		strlist_add(&a, "--no-show-diff");
	/* Diffs name files relative to where kdelta runs, a/ and b/
	 * prefixed, so that `patch -p1` there applies them. */
	if (!strcmp(o->mode, "patch") || !strcmp(o->mode, "context")) {
		char *cwd = getcwd(NULL, 0);

		if (cwd) {
			strlist_add(&a, "--patch");
			strlist_add(&a, cwd);
			free(cwd);
		}
	}
	strlist_add(&a, "--cocci-file");
	strlist_add(&a, r->path);
	for (size_t i = 0; i < r->options.n; i++)
		if (!o->no_includes || strstr(r->options.v[i], "include") == NULL)
			strlist_add(&a, r->options.v[i]);
	if (o->no_includes)
		strlist_add(&a, "--no-includes");
	for (size_t i = 0; i < o->includes.n; i++) {
		strlist_add(&a, "-I");
		strlist_add(&a, o->includes.v[i]);
	}
	snprintf(jobs, sizeof(jobs), "%ld",
		 (size_t)o->jobs < nfiles ? o->jobs : (long)nfiles);
	strlist_add(&a, "--jobs");
	strlist_add(&a, jobs);
	strlist_add(&a, "--chunksize");
	strlist_add(&a, "1");
	strlist_add(&a, "--file-groups");
	strlist_add(&a, groups);
	strlist_add(&a, "--ignore-unknown-options");
	a.v = xrealloc(a.v, (a.n + 1) * sizeof(*a.v));
	a.v[a.n] = NULL;
	return a.v;
}

static const char *first_line(char *s)
{
	char *nl;

	while (*s == '\n')
		s++;
	nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	return *s ? s : "no message";
}

/* Returns the number of bytes printed for the non-report modes, or -1. */
static long run_rule(const struct cocci_opts *o, const struct rule *r,
		     const char *groups, const struct strlist *files,
		     struct findings *fs)
{
	char *channel = channel_create(), *chan_def;
	char **argv, *out = NULL, *err = NULL;
	long printed = 0;
	int rc;

	if (!channel)
		return -1;
	/* The rules append their records to the channel, not to stdout. */
	chan_def = xasprintf("kdelta_channel=%s", channel);
	argv = spatch_argv(o, r, groups, files->n, chan_def);
	free(chan_def);
	rc = run_capture(argv, &out, &err);

	if (rc < 0) {
		kd_err("cannot run spatch (install coccinelle: scripts/setup-deps.sh)");
		printed = -1;
	} else if (rc != 0) {
		kd_err("spatch failed on rule %s: %s", r->name, first_line(err));
		printed = -1;
	} else if (!strcmp(o->mode, "report")) {
		printed = channel_collect(channel, r->name, r->confidence, files, fs);
	} else {
		fputs(out, stdout);
		printed = (long)strlen(out);
	}
	unlink(channel);
	free(channel);
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	free(out);
	free(err);
	return printed;
}

static int parse_opts(int argc, char **argv, struct cocci_opts *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->mode = "report";
	o->format = KD_FMT_TEXT;
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	while ((c = getopt_long(argc, argv, "m:f:I:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (strcmp(optarg, "report") && strcmp(optarg, "context") &&
			    strcmp(optarg, "org") && strcmp(optarg, "patch")) {
				kd_err("unknown mode '%s'", optarg);
				return -1;
			}
			o->mode = optarg;
			break;
		case 'f':
			if (parse_format(optarg, &o->format) < 0)
				return -1;
			break;
		case 'I':
			strlist_add(&o->includes, optarg);
			break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs) < 0)
				return -1;
			break;
		default:
			usage();
			return -1;
		}
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
 * Every rule of the pack over the files: report mode collects findings,
 * the other modes print spatch's output.  Returns the bytes printed, or
 * -1 after reporting an error.
 */
static long run_pack(const struct cocci_opts *o, const struct strlist *files,
		     struct findings *fs)
{
	struct rule *rules = NULL;
	size_t nrules = 0;
	char *groups = NULL;
	long printed = -1;

	if (load_rules(&rules, &nrules) < 0 || !(groups = write_groups(files)))
		goto out;
	printed = 0;
	for (size_t i = 0; i < nrules && printed >= 0; i++) {
		long p = run_rule(o, &rules[i], groups, files, fs);

		printed = p < 0 ? -1 : printed + p;
	}
out:
	if (groups) {
		unlink(groups);
		free(groups);
	}
	for (size_t i = 0; i < nrules; i++)
		free_rule(&rules[i]);
	free(rules);
	return printed;
}

/*
 * The rule pack over files, findings sorted and de-duplicated: for the
 * commands built on this engine (audit, lint).  no_includes trades header
 * types for speed on whole trees.
 */
int cocci_findings(const struct strlist *files, const struct strlist *includes,
		   long jobs, bool no_includes, struct findings *out)
{
	struct cocci_opts o = { 0 };

	if (!files->n)
		return 0;
	o.mode = "report";
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
	int rc = KD_EXIT_ERROR;

	if (parse_opts(argc, argv, &o) < 0 ||
	    collect_c_files(argv + optind, argc - optind, &files) < 0)
		goto out;
	if (!files.n) {
		kd_err("no C files to analyse under the given paths");
		rc = KD_EXIT_CLEAN;
		if (o.format != KD_FMT_TEXT && !strcmp(o.mode, "report"))
			print_findings(&fs, o.format);
		goto out;
	}
	printed = run_pack(&o, &files, &fs);
	if (printed < 0)
		goto out;
	if (!strcmp(o.mode, "report")) {
		findings_sort_dedupe(&fs);
		if (print_findings(&fs, o.format) < 0)
			goto out;
		printed = (long)fs.n;
	}
	rc = printed ? KD_EXIT_FINDINGS : KD_EXIT_CLEAN;
out:
	strlist_free(&files);
	strlist_free(&o.includes);
	findings_free(&fs);
	return rc;
}
