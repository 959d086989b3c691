// SPDX-License-Identifier: GPL-2.0
/*
 * kbuild's own arguments for a file, remembered beside the build
 * directory.  An entry, written to a temporary and renamed:
 *
 *   kdelta kbuild exact 1
 *   <the file's path in the tree>
 *   command | none
 *   <one argument a line>...
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccargs.h"
#include "kbuild_memo.h"
#include "sha256.h"
#include "srcfile.h"
#include "tree.h"

#define HEAD		"kdelta kbuild exact 1"
#define ENTRY_MAX	(1u << 20)

static char *entry_path(const char *dir, const char *rel)
{
	struct sha256 s;
	char hex[65];

	sha256_init(&s);
	sha256_update(&s, rel, strlen(rel));
	sha256_hex(&s, hex);
	hex[32] = '\0';
	return xasprintf("%s.exact/%s", dir, hex);
}

/* The lines of text (cut in place) into l. */
static void lines(char *text, struct strlist *l)
{
	for (char *p = text, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		strlist_add(l, p);
	}
}

int kbuild_memo_get(const char *dir, const char *rel, struct strlist *args)
{
	char *path = entry_path(dir, rel);
	struct strlist l = { 0 };
	struct rfile f = { 0 };
	int rc = -1;

	if (read_regular(path, ENTRY_MAX, &f) == 0 && !f.truncated &&
	    memchr(f.text, '\0', f.len) == NULL) {
		lines(f.text, &l);
		if (l.n < 3 || strcmp(l.v[0], HEAD) || strcmp(l.v[1], rel)) {
			rc = -1;
		} else if (l.n == 3 && !strcmp(l.v[2], "none")) {
			rc = 0;
		} else if (l.n > 3 && !strcmp(l.v[2], "command")) {
			ccargs_filter((int)l.n - 3, l.v + 3, args, NULL);
			rc = args->n ? 1 : -1;
		}
	}
	strlist_free(&l);
	free(f.text);
	free(path);
	return rc;
}

void kbuild_memo_put(const char *dir, const char *rel, const struct strlist *args)
{
	char *d = xasprintf("%s.exact", dir), *path = entry_path(dir, rel);
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	FILE *f;
	bool ok = !strchr(rel, '\n');

	for (size_t i = 0; args && ok && i < args->n; i++)
		ok = !strchr(args->v[i], '\n');
	if (ok && mkdir_p(d) == 0 && (f = fopen(tmp, "w"))) {
		fprintf(f, "%s\n%s\n%s\n", HEAD, rel, args ? "command" : "none");
		for (size_t i = 0; args && i < args->n; i++)
			fprintf(f, "%s\n", args->v[i]);
		if (fclose(f) != 0 || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(tmp);
	free(path);
	free(d);
}
