/* SPDX-License-Identifier: GPL-2.0 */
/*
 * finding.c: the finding model both engines produce and every output
 * consumes.  Confidence and engine are enums from the engines to the
 * outputs; their names exist only at the edges (rule headers, command
 * line, JSON, SARIF, text), through the one name/parse pair each.
 */
#ifndef KDELTA_FINDING_H
#define KDELTA_FINDING_H

#include <stddef.h>

/* Ordered: a minimum confidence compares with >=. */
enum kd_confidence { KD_LOW, KD_MEDIUM, KD_HIGH };

enum kd_engine { KD_ENGINE_COCCI, KD_ENGINE_CLANG };

const char *confidence_name(enum kd_confidence c);
/* 0, or -1 (not reported: the caller knows what the string was). */
int confidence_parse(const char *s, enum kd_confidence *c);
const char *engine_name(enum kd_engine e);
int engine_parse(const char *s, enum kd_engine *e);

struct finding {
	char *rule;		/* rule file stem, or the checker's rule id */
	enum kd_engine engine;
	char *file;
	unsigned int line;
	unsigned int column;
	char *function;
	enum kd_confidence confidence;
	char *message;
};

/* A file the engine did not analyse fully (a timeout, a memory limit, a
 * parse error, nesting too deep): reported, never silently dropped. */
struct incomplete {
	char *file;
	char *reason;		/* one line: "timed out after 120 s" */
};

/*
 * A delta source an engine analysed and did not report, and why: the
 * audit lists them so that silence can be checked (recall), not taken on
 * trust.  detail is one line for a reader: "guard at line 42: if (d < 0)",
 * "both times read from CLOCK_MONOTONIC", "low: ...".
 */
enum kd_silence_kind {
	KD_SILENT_GUARD,	/* a sign test or an operand comparison */
	KD_SILENT_ELAPSED,	/* elapsed time on one clock: never negative */
	KD_SILENT_NO_SINK,	/* no unsigned consumer reached */
	KD_SILENT_LOW,		/* reported below the confidence threshold */
	KD_SILENT_OTHER,
};

const char *silence_kind_name(enum kd_silence_kind k);
int silence_kind_parse(const char *s, enum kd_silence_kind *k);

struct silence {
	enum kd_engine engine;
	char *file;
	unsigned int line;	/* of the source */
	char *function;
	char *source;		/* the source's text: "ktime_sub(a, b)" */
	enum kd_silence_kind kind;
	char *detail;
};

/*
 * A file a parsed translation unit read (the libclang engine records
 * them for the result cache, cache_clang.c): both real paths; the unit's
 * own file is listed too, as the mark that it was parsed.  Not reported.
 */
struct dep {
	char *file;		/* the unit's main file */
	char *header;		/* a file it read */
};

/*
 * What one unit tells of a stamp field (nd_facts.c), by the field's USR:
 * the kinds of value its own file stores into it (ND_FACT_* bits), or
 * that it asked what the field holds (ND_FACT_ASKED).  The audit joins
 * them across files.  Not reported.
 */
struct stampfact {
	char *file;		/* the unit's main file */
	char *usr;
	unsigned int flags;
};

struct findings {
	struct finding *v;
	size_t n, cap;
	struct incomplete *inc;
	size_t ninc, capinc;
	struct silence *sil;
	size_t nsil, capsil;
	struct dep *dep;
	size_t ndep, capdep;
	struct stampfact *fact;
	size_t nfact, capfact;
};

/* Adds a copy of *f. */
void findings_add(struct findings *fs, const struct finding *f);
/* Records that file was not fully analysed, and why. */
void findings_incomplete(struct findings *fs, const char *file,
			 const char *reason);
/* Records a copy of *s: a source analysed and not reported. */
void findings_silence(struct findings *fs, const struct silence *s);
/* Records that the unit of file read header. */
void findings_dep(struct findings *fs, const char *file, const char *header);
void findings_clear_deps(struct findings *fs);
/* Records what the unit of file tells of the field usr. */
void findings_fact(struct findings *fs, const char *file, const char *usr,
		   unsigned int flags);
void findings_clear_facts(struct findings *fs);
/* Moves every finding of src to the end of dst; src ends empty. */
void findings_move(struct findings *dst, struct findings *src);
/* Sorts by file, line, confidence; one finding a line and engine.  The
 * silences are sorted by file and line too. */
void findings_sort_dedupe(struct findings *fs);
void findings_free(struct findings *fs);

#endif
