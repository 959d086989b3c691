/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cache.c: an engine's results per file, content-addressed, under
 * ${KDELTA_CACHE:-~/.cache/kdelta}/results.  A file's findings (and the
 * sources it analysed and did not report) are stored under the SHA-256 of
 * (the file's bytes, the engine, the rule pack's files, the kdelta binary
 * with api.def compiled in, the options): a tree that shares files with
 * an earlier one pays only for those that differ, and a changed rule or
 * api.def misses.  A file not fully analysed is not stored, nor is the
 * file of a known instance (its facts are not kept): they are analysed
 * every time.  Entries are written to a private temporary name and
 * renamed (two audits may share the cache); the whole is kept under
 * ${KDELTA_CACHE_MAX_MB:-2048} MiB, least recently used first out.
 * KDELTA_NO_CACHE=1 turns it off.  The libclang engine's entries, whose
 * key and checks also cover compile arguments and headers, are
 * cache_clang.c's, built on the entries here.
 */
#ifndef KDELTA_CACHE_H
#define KDELTA_CACHE_H

#include <stdbool.h>

#include <jansson.h>

#include "finding.h"
#include "util.h"

struct cache_run {
	char *engine;		/* "cocci" */
	char *kdir;		/* the tree, its files named kdir/rel */
	struct strlist key;	/* of each file analysed: its entry, or "" */
	struct strlist todo;	/* absolute: the files to analyse */
};

/*
 * The files rel (relative to kdir) of one engine run with options opts:
 * those cached have their results added to out, named kdir/rel; the
 * others are listed, absolute, in run->todo for the engine.
 */
void cache_split(struct cache_run *run, const char *engine, const char *opts,
		 const char *kdir, const struct strlist *rel, struct findings *out);
/* The engine's results on run->todo (files named as in todo): stored per
 * file, and moved to out; then the cache is trimmed to its limit. */
void cache_store(struct cache_run *run, struct findings *fs, struct findings *out);
void cache_run_free(struct cache_run *run);

/* Files served from the cache, and analysed, by engine since the start. */
unsigned long cache_hits(enum kd_engine e);
unsigned long cache_misses(enum kd_engine e);
void cache_count(enum kd_engine e, bool hit);
/* Removes the least recently used entries over the size limit. */
void cache_trim(void);

/* --- the parts an engine's own keys build on (cache_clang.c) --- */

bool cache_enabled(void);
/* The rule pack's files and the running kdelta, hashed: in every key. */
const char *cache_pack_hash(void);
/* The entry of key, parsed, or NULL (absent, unreadable, not JSON). */
json_t *cache_entry_read(const char *key);
/* Marks the entry of key as used (the size limit drops the oldest). */
void cache_entry_touch(const char *key);
/* Writes the entry of key whole under a private name, then renames it. */
void cache_entry_write(const char *key, json_t *entry);
/* A finding's or silence's record, with its file when named; NULL when a
 * string is not UTF-8 (not storable). */
json_t *cache_finding_json(const struct finding *f, bool named);
json_t *cache_silence_json(const struct silence *s, bool named);
/* The "findings" and "silences" of doc into out, every field checked,
 * named file (NULL: each record's own "file"): 0, or -1 and out is
 * unchanged. */
int cache_load_records(json_t *doc, const char *file, struct findings *out);

#endif
