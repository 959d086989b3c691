// SPDX-License-Identifier: GPL-2.0
/*
 * The API tables of api.def, and `kdelta api`: lists them, or expands a
 * rule template so that the Coccinelle rules use the same knowledge as
 * the checker.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "util.h"

const char *const kd_sources[] = {
#define KD_SOURCE(n) #n,
#include "api.def"
#undef KD_SOURCE
	NULL
};

const char *const kd_convs[] = {
#define KD_CONV(n) #n,
#include "api.def"
#undef KD_CONV
	NULL
};

const char *const kd_opguards[] = {
#define KD_OPGUARD(n, kind) #n,
#include "api.def"
#undef KD_OPGUARD
	NULL
};

const enum kd_opguard_kind kd_opguard_kinds[] = {
#define KD_OPGUARD(n, kind) KD_OPG_##kind,
#include "api.def"
#undef KD_OPGUARD
	KD_OPG_COMPARE
};

const char *const kd_nows[] = {
#define KD_NOW(n, mono) #n,
#include "api.def"
#undef KD_NOW
	NULL
};

const int kd_nows_monotonic[] = {
#define KD_NOW(n, mono) mono,
#include "api.def"
#undef KD_NOW
	0
};

const char *const kd_clamps[] = {
#define KD_CLAMP(n) #n,
#include "api.def"
#undef KD_CLAMP
	NULL
};

const char *const kd_elapsed_later[] = {
#define KD_ELAPSED_LATER(w) #w,
#include "api.def"
#undef KD_ELAPSED_LATER
	NULL
};

const char *const kd_elapsed_earlier[] = {
#define KD_ELAPSED_EARLIER(w) #w,
#include "api.def"
#undef KD_ELAPSED_EARLIER
	NULL
};

/* Whether one '_'-separated word of the last name in expr is in list. */
static bool named_like(const char *expr, const char *const *list)
{
	const char *last = expr, *p;
	char word[64];

	for (p = expr; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			last = p + 1;
	while (*last) {
		size_t n = strcspn(last, "_");

		if (n && n < sizeof(word)) {
			memcpy(word, last, n);
			word[n] = '\0';
			if (kd_in_list(list, word) >= 0)
				return true;
		}
		last += n + (last[n] == '_');
	}
	return false;
}

bool kd_named_elapsed(const char *later, const char *earlier)
{
	return named_like(later, kd_elapsed_later) &&
	       named_like(earlier, kd_elapsed_earlier);
}

int kd_in_list(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], name))
			return i;
	return -1;
}

const char *const kd_instance_funcs[] = {
#define KD_INSTANCE(fn, rule) #fn,
#include "api.def"
#undef KD_INSTANCE
	NULL
};

const char *const kd_instance_rules[] = {
#define KD_INSTANCE(fn, rule) #rule,
#include "api.def"
#undef KD_INSTANCE
	NULL
};

const struct kd_sink kd_sinks[] = {
#define KD_SINK(n, a, p, t) { #n, a, #p, #t },
#include "api.def"
#undef KD_SINK
	{ NULL, 0, NULL, NULL }
};

const struct kd_utype kd_utypes[] = {
#define KD_UTYPE(t, b) { #t, b },
#include "api.def"
#undef KD_UTYPE
	{ NULL, 0 }
};

const struct kd_sink *kd_find_sink(const char *name, int arg)
{
	for (const struct kd_sink *s = kd_sinks; s->name; s++)
		if (!strcmp(s->name, name) && s->arg == arg)
			return s;
	return NULL;
}

static void put_list(FILE *o, const char *const *v)
{
	for (size_t i = 0; v[i]; i++)
		fprintf(o, "%s%s", i ? ", " : "", v[i]);
}

static void put_sink_names(FILE *o)
{
	for (const struct kd_sink *s = kd_sinks; s->name; s++)
		if (s == kd_sinks || strcmp(s[-1].name, s->name))
			fprintf(o, "%s%s", s == kd_sinks ? "" : ", ", s->name);
}

static void put_utypes(FILE *o)
{
	for (const struct kd_utype *t = kd_utypes; t->spelling; t++)
		fprintf(o, "%s%s", t == kd_utypes ? "" : ", ", t->spelling);
}

/* Typedef names SmPL must be told about: single-word unsigned types. */
static void put_typedefs(FILE *o)
{
	fputs("ktime_t, s64, s32", o);
	for (const struct kd_utype *t = kd_utypes; t->spelling; t++)
		if (!strchr(t->spelling, ' '))
			fprintf(o, ", %s", t->spelling);
}

static const char *wrap_of(const char *type)
{
	for (const struct kd_utype *t = kd_utypes; t->spelling; t++)
		if (!strcmp(t->spelling, type))
			return t->bits == 64 ? "18446744073709551615" :
					       "4294967295";
	return "a huge unsigned value";
}

static void put_py_table(FILE *o)
{
	fputs("# Unsigned sink parameters: function -> {argument: (name, type)}\n"
	      "SINKS = {\n", o);
	for (const struct kd_sink *s = kd_sinks; s->name; s++) {
		int first = s == kd_sinks || strcmp(s[-1].name, s->name);
		int last = !s[1].name || strcmp(s[1].name, s->name);

		if (first)
			fprintf(o, "\t\"%s\": {", s->name);
		fprintf(o, "%s%d: (\"%s\", \"%s\")", first ? "" : ", ", s->arg,
			s->param, s->type);
		if (last)
			fputs("},\n", o);
	}
	fputs("}\n\n# What a delta of -1 becomes in each unsigned type\nWRAP = {\n", o);
	for (const struct kd_utype *t = kd_utypes; t->spelling; t++)
		fprintf(o, "\t\"%s\": \"%s\",\n", t->spelling,
			wrap_of(t->spelling));
	fputs("}\n\n# Current-time reads of a monotonic clock: now minus a stamp is elapsed time\n"
	      "NOW_MONOTONIC = [", o);
	for (int i = 0, first = 1; kd_nows[i]; i++)
		if (kd_nows_monotonic[i]) {
			fprintf(o, "%s\"%s\"", first ? "" : ", ", kd_nows[i]);
			first = 0;
		}
	fputs("]\n\n# Operand names of elapsed time (end minus start): rated low\n"
	      "ELAPSED = ([", o);
	for (int i = 0; kd_elapsed_later[i]; i++)
		fprintf(o, "%s\"%s\"", i ? ", " : "", kd_elapsed_later[i]);
	fputs("], [", o);
	for (int i = 0; kd_elapsed_earlier[i]; i++)
		fprintf(o, "%s\"%s\"", i ? ", " : "", kd_elapsed_earlier[i]);
	fputs("])", o);
}

static const struct {
	const char *key;
	void (*put)(FILE *o);
} expansions[] = {
	{ "PY_TABLE", put_py_table },
	{ "SINKS", put_sink_names },
	{ "UTYPES", put_utypes },
	{ "TYPEDEFS", put_typedefs },
};

static int expand(const char *path);

static void put_named(FILE *o, const char *key, size_t len)
{
	static const struct {
		const char *key;
		const char *const *v;
	} lists[] = {
		{ "SOURCES", kd_sources }, { "CONVS", kd_convs },
		{ "OPGUARDS", kd_opguards }, { "NOWS", kd_nows },
		{ "INSTANCE_FUNCS", kd_instance_funcs },
	};

	/* %%FILE:path%% pastes a shared fragment, itself expanded. */
	if (len > 5 && !strncmp(key, "FILE:", 5)) {
		char *path = strndup(key + 5, len - 5);
		int rc = expand(path);

		free(path);
		if (rc)
			exit(rc);
		return;
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strlen(lists[i].key) == len &&
		    !strncmp(lists[i].key, key, len)) {
			put_list(o, lists[i].v);
			return;
		}
	for (size_t i = 0; i < sizeof(expansions) / sizeof(expansions[0]); i++)
		if (strlen(expansions[i].key) == len &&
		    !strncmp(expansions[i].key, key, len)) {
			expansions[i].put(o);
			return;
		}
	kd_err("unknown template key %%%%%.*s%%%%", (int)len, key);
	exit(KD_EXIT_ERROR);
}

/* Copies the template to stdout, replacing each %%KEY%% by its table;
 * paths are relative to the working directory (make runs at the top). */
static int expand(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *p, *q;
	size_t cap = 0;

	if (!f) {
		kd_err("%s: cannot open template", path);
		return KD_EXIT_ERROR;
	}
	while (getline(&line, &cap, f) > 0) {
		for (p = line; (q = strstr(p, "%%")); p = q) {
			char *end = strstr(q + 2, "%%");

			if (!end)
				break;
			fwrite(p, 1, (size_t)(q - p), stdout);
			put_named(stdout, q + 2, (size_t)(end - q - 2));
			q = end + 2;
		}
		fputs(p, stdout);
	}
	free(line);
	fclose(f);
	return 0;
}

static void list_all(void)
{
	printf("sources:  ");
	put_list(stdout, kd_sources);
	printf("\nconverters: ");
	put_list(stdout, kd_convs);
	printf("\noperand guards: ");
	put_list(stdout, kd_opguards);
	printf("\ncurrent-time reads: ");
	put_list(stdout, kd_nows);
	printf("\nsinks:\n");
	for (const struct kd_sink *s = kd_sinks; s->name; s++)
		printf("  %s() argument %d: %s %s\n", s->name, s->arg, s->type,
		       s->param);
}

int cmd_api(int argc, char **argv)
{
	if (argc == 1) {
		list_all();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--expand"))
		return expand(argv[2]);
	kd_err("usage: kdelta api [--expand TEMPLATE]");
	return KD_EXIT_ERROR;
}
