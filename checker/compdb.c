// SPDX-License-Identifier: GPL-2.0
/*
 * A compile_commands.json, read with jansson rather than libclang's
 * loader: libclang says only "cannot load it" of an entry with a missing
 * field, keys a relative "directory" on the current directory, and
 * prints its complaints on stderr in its own words.  The fields and their
 * meaning are clang's (https://clang.llvm.org/docs/JSONCompilationDatabase.html):
 * "directory", "file", and "arguments" or else "command", split as a
 * shell would (quotes and backslashes; no expansion of any kind).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "compdb.h"

/* Splits a "command" string into words, as clang does: blanks separate,
 * a backslash escapes the next character (in double quotes too), single
 * quotes keep everything.  -1 at an unterminated quote. */
static int split_command(const char *s, struct strlist *out)
{
	size_t n = strlen(s), len = 0;
	char *w = xmalloc(n + 1), quote = 0;
	bool in_word = false;

	for (; *s; s++) {
		if (!quote && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
			if (in_word) {
				w[len] = '\0';
				strlist_add(out, w);
			}
			in_word = false;
			len = 0;
			continue;
		}
		in_word = true;
		if (quote == '\'' ? *s == '\'' : *s == quote && quote) {
			quote = 0;
		} else if (!quote && (*s == '\'' || *s == '"')) {
			quote = *s;
		} else if (quote != '\'' && *s == '\\' && s[1]) {
			w[len++] = *++s;
		} else {
			w[len++] = *s;
		}
	}
	if (in_word && !quote) {
		w[len] = '\0';
		strlist_add(out, w);
	}
	free(w);
	return quote ? -1 : 0;
}

/* "arguments" (preferred, as clang does) or "command"; the name of the
 * field at fault, or NULL. */
static const char *entry_args(json_t *e, struct strlist *args)
{
	json_t *a = json_object_get(e, "arguments"), *v;
	const char *cmd;
	size_t i;

	if (a) {
		if (!json_is_array(a) || !json_array_size(a))
			return "\"arguments\" is not a non-empty array of strings";
		json_array_foreach(a, i, v) {
			if (!json_is_string(v))
				return "\"arguments\" is not a non-empty array of strings";
			strlist_add(args, json_string_value(v));
		}
		return NULL;
	}
	a = json_object_get(e, "command");
	if (!a)
		return "neither \"arguments\" nor \"command\"";
	cmd = json_string_value(a);
	if (!cmd)
		return "\"command\" is not a string";
	if (split_command(cmd, args) < 0)
		return "\"command\" has an unterminated quote";
	if (!args->n)
		return "\"command\" is empty";
	return NULL;
}

/* One entry; the reason it cannot be used, or NULL. */
static const char *load_entry(json_t *e, const char *db_dir,
			      struct compdb_entry *ce)
{
	const char *dir = json_string_value(json_object_get(e, "directory"));
	const char *file = json_string_value(json_object_get(e, "file"));

	if (!json_is_object(e))
		return "not an object";
	if (!file || !*file)
		return "\"file\" is missing or not a non-empty string";
	ce->file = xstrdup(file);
	if (!dir || !*dir)
		return "\"directory\" is missing or not a non-empty string";
	/* As clang's tools do: relative to the database's own directory. */
	ce->dir = dir[0] == '/' ? xstrdup(dir) : xasprintf("%s/%s", db_dir, dir);
	return entry_args(e, &ce->args);
}

static void entry_free(struct compdb_entry *ce)
{
	free(ce->dir);
	free(ce->file);
	free(ce->real);
	strlist_free(&ce->args);
	memset(ce, 0, sizeof(*ce));
}

static void load_entries(json_t *doc, const char *db_dir, struct compdb *db,
			 size_t *bad)
{
	json_t *e;
	size_t i;

	db->v = xcalloc(json_array_size(doc), sizeof(*db->v));
	json_array_foreach(doc, i, e) {
		struct compdb_entry *ce = &db->v[db->n];
		const char *why = load_entry(e, db_dir, ce);

		if (why) {
			if (bad)
				kd_err("%s: entry %zu%s%s%s: %s", db->path, i,
				       ce->file ? " (" : "", ce->file ? ce->file : "",
				       ce->file ? ")" : "", why);
			entry_free(ce);
			if (bad)
				(*bad)++;
			continue;
		}
		ce->index = i;
		db->n++;
	}
}

/* The JSON text of a regular file: a FIFO would block the read. */
static json_t *load_regular(const char *path, json_error_t *je)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	json_t *doc;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(je->text, sizeof(je->text), "%s",
			 fd < 0 ? strerror(errno) : "not a regular file");
		je->line = 0;
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	doc = json_loadfd(fd, 0, je);
	close(fd);
	return doc;
}

int compdb_load(const char *build_dir, struct compdb *db, size_t *bad)
{
	char *db_dir = realpath(build_dir, NULL);
	json_error_t je;
	json_t *doc;

	memset(db, 0, sizeof(*db));
	db->path = xasprintf("%s/compile_commands.json", build_dir);
	doc = db_dir ? load_regular(db->path, &je) : NULL;
	if (!db_dir && bad)
		kd_err("%s: %s", build_dir, strerror(errno));
	else if (db_dir && !doc && bad)
		kd_err("%s: %s (line %d)", db->path, je.text, je.line);
	else if (doc && !json_is_array(doc) && bad)
		kd_err("%s: not a JSON array of compile commands", db->path);
	else if (doc && json_is_array(doc))
		load_entries(doc, db_dir, db, bad);
	free(db_dir);
	if (!doc || !json_is_array(doc)) {
		json_decref(doc);
		compdb_free(db);
		return -1;
	}
	json_decref(doc);
	return 0;
}

const struct compdb_entry *compdb_find(struct compdb *db, const char *file)
{
	char *want = realpath(file, NULL);
	const struct compdb_entry *found = NULL;

	if (!want)
		return NULL;
	for (size_t i = 0; i < db->n; i++) {
		struct compdb_entry *ce = &db->v[i];

		if (!db->looked_up) {
			char *p = ce->file[0] == '/' ? xstrdup(ce->file) :
				  xasprintf("%s/%s", ce->dir, ce->file);

			ce->real = realpath(p, NULL);
			free(p);
		}
		if (!found && ce->real && !strcmp(ce->real, want))
			found = ce;
	}
	db->looked_up = true;
	free(want);
	return found;
}

void compdb_free(struct compdb *db)
{
	for (size_t i = 0; i < db->n; i++)
		entry_free(&db->v[i]);
	free(db->v);
	free(db->path);
	memset(db, 0, sizeof(*db));
}
