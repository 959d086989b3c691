/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compdb.c: a compile_commands.json, read with jansson.  The database
 * comes from the analysed tree: every entry is checked, and one that
 * cannot be used is reported by its index, file and the field at fault.
 */
#ifndef KDELTA_COMPDB_H
#define KDELTA_COMPDB_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct compdb_entry {
	size_t index;		/* in the JSON array */
	char *dir;		/* absolute: a relative "directory" is taken
				 * from the database's own directory */
	char *file;		/* "file" as the entry gives it */
	char *real;		/* its real path, for lookups (lazily) */
	struct strlist args;	/* the command line, the compiler first */
};

struct compdb {
	char *path;		/* .../compile_commands.json */
	struct compdb_entry *v;
	size_t n;
	bool looked_up;		/* real paths computed */
};

/*
 * Loads build_dir/compile_commands.json.  -1 when it cannot be read or
 * is not a JSON array (reported); otherwise 0, and each entry that
 * cannot be used is reported, one line, left out and counted in *bad.
 * With bad NULL nothing is reported (a second reading of a database).
 */
int compdb_load(const char *build_dir, struct compdb *db, size_t *bad);

/* The first entry for file (compared by real path), or NULL. */
const struct compdb_entry *compdb_find(struct compdb *db, const char *file);

void compdb_free(struct compdb *db);

#endif
