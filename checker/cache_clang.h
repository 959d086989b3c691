/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cache_clang.c: the libclang engine's results per file in the result
 * cache (cache.c's entries, its size limit and its atomic writes).
 *
 * A unit's key is the SHA-256 of the engine, the rule pack and kdelta
 * (api.def is compiled in), libclang's version, the file's path in the
 * tree and its bytes, and its compile command as libclang is given it
 * (the directory, the file, the allow-list's arguments).  In what is
 * keyed and stored, the tree's path is written %T and the build
 * directory's %B, so that two copies of a tree in different places share
 * their entries.  An entry lists the files the unit read (its headers,
 * by path) with one hash over their bytes: on lookup they are hashed
 * again, and a changed, missing or unreadable header is a miss.  An entry
 * keeps up to four such variants (trees that differ in a header do not
 * evict each other's).  Every field of an entry is checked: a damaged
 * one is a miss, never a finding.
 *
 * Stored: findings, silences, and a unit that does not parse or has a
 * function too deep to walk (its reason); these follow from the inputs
 * keyed and hashed.  A parse that stopped at a missing header is stored
 * with every place the header was looked for, each checked again on
 * lookup (header_absent.h).  Not stored, analysed every time: a unit
 * that timed out, crashed or ran out of memory, one whose missing file
 * was looked for in places the command does not name (no -nostdinc),
 * one libclang did not parse at all, and units whose results name a file
 * that is neither theirs nor found for them.
 *
 * What the headers' hashes cannot see: a header added to an include
 * directory searched before the one a recorded header was found in
 * (it would shadow it).  The file's own directory and the tree's are in
 * the key only by path, not by listing.
 */
#ifndef KDELTA_CACHE_CLANG_H
#define KDELTA_CACHE_CLANG_H

#include "filehash.h"
#include "finding.h"
#include "util.h"

struct clang_cache {
	char *kdir;		/* the tree (a real path): %T */
	char *bdir;		/* the build directory when not the tree: %B */
	struct strlist todo;	/* relative: the files to analyse */
	struct strlist key;	/* of each, or "" when it is not stored */
	struct strlist *dirs;	/* of each: its include search (header_absent.h) */
	struct filehash hashes;	/* of the files read, each once */
};

/*
 * The files rel (relative to kdir) that dbdir/compile_commands.json gives
 * the engine, with the build directory bdir (NULL: none, the tree's own
 * database): those cached have their results added to out (relative
 * to kdir, as the engine's are after audit_relativize()), the others
 * are listed in cc->todo.  salts (NULL, or one a file) goes into each
 * file's key: what else its results depend on (the stamps other files
 * set, audit_clang.c).
 */
void cache_clang_split(struct clang_cache *cc, const char *kdir, const char *dbdir,
		       const char *bdir, const struct strlist *rel,
		       const struct strlist *salts, struct findings *out);
/* The engine's results on cc->todo (relative to kdir, with the files
 * each unit read): stored per unit, then moved to out without those. */
void cache_clang_store(struct clang_cache *cc, struct findings *fresh,
		       struct findings *out);
void cache_clang_free(struct clang_cache *cc);

#endif
