/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDELTA_H
#define KDELTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses, stable for CI: */
#define KD_EXIT_CLEAN		0	/* no findings */
#define KD_EXIT_FINDINGS	1	/* findings reported */
#define KD_EXIT_ERROR		2	/* bad input or a failing tool */

struct finding {
	char *rule;		/* rule file stem, or the checker's rule id */
	const char *engine;	/* "coccinelle" or "clang" */
	char *file;
	unsigned int line;
	unsigned int column;
	char *function;
	const char *confidence;	/* "high", "medium" or "low" */
	char *message;
};

struct findings {
	struct finding *v;
	size_t n, cap;
};

void findings_add(struct findings *fs, const struct finding *f);
const char *confidence_literal(const char *c);
void findings_sort_dedupe(struct findings *fs);
void findings_free(struct findings *fs);

enum kd_format { KD_FMT_TEXT, KD_FMT_JSON, KD_FMT_SARIF };
int parse_format(const char *s, enum kd_format *fmt);
int print_findings(const struct findings *fs, enum kd_format fmt,
		   const char *tool_version);
/* The same to any stream. */
int write_findings(FILE *o, const struct findings *fs, enum kd_format fmt,
		   const char *tool_version);
/* The JSON and SARIF documents themselves (jansson json_t *), to embed. */
void *findings_json(const struct findings *fs);
void *findings_sarif(const struct findings *fs, const char *tool_version);

/* Error reporting: one line on stderr, "kdelta: ..." */
void kd_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int parse_jobs(const char *s, long *jobs);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* C files below the given paths; returns -1 after reporting a bad path. */
struct strlist {
	char **v;
	size_t n, cap;
};
void strlist_add(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);
int collect_c_files(char **paths, int npaths, struct strlist *out);

/* Runs argv with its stdout and stderr into *out and *err (NUL-terminated,
 * to be freed); returns the exit status,
 * or -1 if it could not run. */
int run_capture(char *const argv[], char **out, char **err);

/* Where the rule pack lives: $KDELTA_RULES, next to the binary, or the
 * installed share directory. */
const char *rules_dir(void);

int cmd_cocci(int argc, char **argv);

/* The rule pack over files (cocci.c); findings sorted, de-duplicated. */
int cocci_findings(const struct strlist *files, const struct strlist *includes,
		   long jobs, bool no_includes, struct findings *out);
int cmd_api(int argc, char **argv);
int cmd_check(int argc, char **argv);
/* The pre-merge check of a git change (lint.c). */
int cmd_lint(int argc, char **argv);

#define KDELTA_VERSION "0.1.0"

/* The checker's minimum confidence (flow.c rates each finding). */
enum kd_confidence { KD_LOW, KD_MEDIUM, KD_HIGH };

/* The libclang engine over files of build_dir/compile_commands.json (all
 * when nfiles is 0), as `kdelta check -p`; -1 if a file failed (reported). */
int check_findings_db(const char *build_dir, char **files, int nfiles,
		      enum kd_confidence conf, struct findings *out);
/* Called before each file check_findings_db() parses, when set. */
extern void (*kd_check_progress)(unsigned int done, unsigned int total);

/* Whether a file, or a NUL-terminated text, names ktime_t, a delta source
 * or a current-time read of api.def; words: as whole identifiers. */
bool names_time_api(const char *file);
bool text_names_time_api(const char *text, bool words);
/* The *.c source files below root (no trailing '/'), relative, sorted. */
int tree_c_files(const char *root, struct strlist *out);

int cmd_audit(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
