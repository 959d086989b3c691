/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.c: the audit report as a value: findings (structs, with the code
 * around them), the files not fully analysed, and the tree's identity,
 * known instances and scan as report.json holds them.  report.json is
 * one rendering of it (report_json()); kdelta merge reads shards back
 * with report_from_json(), once.
 */
#ifndef KDELTA_REPORT_H
#define KDELTA_REPORT_H

#include <stdbool.h>

#include <jansson.h>

#include "finding.h"

struct ctx_line {
	unsigned int line;
	char *text;
};

/* Another engine's finding on the line of a row. */
struct also {
	enum kd_engine engine;
	char *rule;
	unsigned int column;
	enum kd_confidence confidence;
	char *message;
};

/* One row: one line's defect, by one engine or by both. */
struct rfinding {
	struct finding f;	/* file relative to the tree; the most
				 * confident engine's finding */
	char *subsystem;	/* its first directory, or "." */
	struct ctx_line *ctx;	/* the lines around it */
	size_t nctx;
	struct also *also;	/* the other engines' on the same line */
	size_t nalso;
	unsigned int source_line;	/* the delta source's, from the message;
					 * 0: not given.  In ctx even when it
					 * lies outside the lines around */
};

struct report {
	char *version;		/* of the kdelta that scanned */
	json_t *tree;		/* path, version, makefile, vendor */
	json_t *known;		/* the known-instance table */
	json_t *scan;		/* counts, times, engines, complete */
	struct rfinding *v;
	size_t n, cap;
	struct findings inc;	/* .inc only: files not fully analysed */
	struct findings sil;	/* .sil only: sources analysed, not reported */
	json_t *files;		/* [{file, engines}]: which engines ran where */
};

/* Adds a copy of f, with the code around it read from kdir/f->file
 * (none when it cannot be read or lies outside kdir). */
void report_add(struct report *r, const struct finding *f, const char *kdir);
/* Subsystem, file, line, then the rest: a total order, so that a merge of
 * shards lists the findings as one run does. */
void report_sort(struct report *r);
/* Folds the rows of one file and line (of other engines) into one, the
 * most confident first, and two engines' rows of one source whose
 * statement spans lines (each marks another line of it); after
 * report_sort(). */
void report_merge_lines(struct report *r);
/* Keeps the rows whose keep[] is true, in order; frees the others. */
void report_keep(struct report *r, const bool *keep);
/* Moves src's findings, incomplete files, silences and files to dst. */
void report_move(struct report *dst, struct report *src);
void report_free(struct report *r);

json_t *report_json(const struct report *r);
/* doc (read from what) checked and converted; -1 after one message. */
int report_from_json(json_t *doc, const char *what, struct report *r);

/* The source a message names ("negative ktime delta: SRC (line N) ..."):
 * N, and SRC into *text (allocated) when text is not NULL; 0 if none. */
unsigned int report_source_of(const char *message, char **text);
/* A silence as report.json holds it, and back (strings into o). */
json_t *report_silence_json(const struct silence *s);
int report_silence_from_json(json_t *o, struct silence *s);

/* For the renderings. */
size_t report_count(const struct report *r, enum kd_confidence c);
/* How many findings from i on share its subsystem (or its file). */
size_t report_run(const struct report *r, size_t i, bool by_file);
/* How many scanned files each set of engines ran on: [0] the rule pack
 * alone, [1] both. */
void report_file_engines(const struct report *r, size_t counts[2]);
/* "clang, coccinelle": the engines of a row, static. */
const char *report_engines(const struct rfinding *rf);
/* "Linux 6.1.0 (Debian 6.1.0-1)", allocated; raw tree text. */
char *report_title(const struct report *r);
/* The {line, text} objects of a JSON array (known instances' evidence)
 * as lines whose texts point into it. */
struct ctx_line *report_lines(json_t *arr, size_t *n);

#endif
