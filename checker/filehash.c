// SPDX-License-Identifier: GPL-2.0
/*
 * A table of file hashes: open addressing on the FNV-1a hash of the
 * path, doubled when half full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filehash.h"
#include "sha256.h"
#include "util.h"

struct filehash_slot {
	char *path;		/* NULL: free */
	char hex[65];		/* "" when the file cannot be read */
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct filehash_slot *slot(struct filehash_slot *v, size_t cap, const char *path)
{
	size_t i = (size_t)fnv(path) & (cap - 1);

	while (v[i].path && strcmp(v[i].path, path))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static void grow(struct filehash *t)
{
	size_t cap = t->cap ? 2 * t->cap : 1024;
	struct filehash_slot *v = xcalloc(cap, sizeof(*v));

	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i].path)
			*slot(v, cap, t->v[i].path) = t->v[i];
	free(t->v);
	t->v = v;
	t->cap = cap;
}

const char *filehash_get(struct filehash *t, const char *path)
{
	struct filehash_slot *s;
	struct sha256 h;

	if (2 * (t->n + 1) > t->cap)
		grow(t);
	s = slot(t->v, t->cap, path);
	if (!s->path) {
		s->path = xstrdup(path);
		t->n++;
		sha256_init(&h);
		if (sha256_add_file(&h, path) == 0) {
			sha256_hex(&h, s->hex);
		} else {
			sha256_hex(&h, s->hex);
			s->hex[0] = '\0';
		}
	}
	return s->hex[0] ? s->hex : NULL;
}

void filehash_free(struct filehash *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->v[i].path);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
