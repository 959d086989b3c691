// SPDX-License-Identifier: GPL-2.0
/*
 * The API tables of api.def, and `kdelta api`: lists them, or expands a
 * rule template so that the Coccinelle rules use the same knowledge as
 * the checker.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "util.h"

const char *const kd_sources[] = {
#define KD_SOURCE(n, unit) #n,
#include "api.def"
#undef KD_SOURCE
	NULL
};

const char *const kd_source_units[] = {
#define KD_SOURCE(n, unit) #unit,
#include "api.def"
#undef KD_SOURCE
	NULL
};

const char *const kd_subns[] = {
#define KD_SUBN(n, unit) #n,
#include "api.def"
#undef KD_SUBN
	NULL
};

const char *const kd_subn_units[] = {
#define KD_SUBN(n, unit) #unit,
#include "api.def"
#undef KD_SUBN
	NULL
};

const char *const kd_remainings[] = {
#define KD_REMAINING(n, nargs) #n,
#include "api.def"
#undef KD_REMAINING
	NULL
};

const int kd_remaining_nargs[] = {
#define KD_REMAINING(n, nargs) nargs,
#include "api.def"
#undef KD_REMAINING
	0
};

const char *const kd_convs[] = {
#define KD_CONV(n, unit) #n,
#include "api.def"
#undef KD_CONV
	NULL
};

const char *const kd_conv_units[] = {
#define KD_CONV(n, unit) #unit,
#include "api.def"
#undef KD_CONV
	NULL
};

const char *const kd_now_ns[] = {
#define KD_NOW_NS(n, mono) #n,
#include "api.def"
#undef KD_NOW_NS
	NULL
};

const int kd_now_ns_monotonic[] = {
#define KD_NOW_NS(n, mono) mono,
#include "api.def"
#undef KD_NOW_NS
	0
};

const char *const kd_abs[] = {
#define KD_ABS(n) #n,
#include "api.def"
#undef KD_ABS
	NULL
};

const char *const kd_makes[] = {
#define KD_MAKE(n) #n,
#include "api.def"
#undef KD_MAKE
	NULL
};

const char *const kd_clears[] = {
#define KD_CLEAR(n) #n,
#include "api.def"
#undef KD_CLEAR
	NULL
};

const char *const kd_locks[] = {
#define KD_LOCK(n) #n,
#include "api.def"
#undef KD_LOCK
	NULL
};

const char *const kd_text_out[] = {
#define KD_TEXT(p) p,
#include "api.def"
#undef KD_TEXT
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

bool kd_is_text_out(const char *name)
{
	for (int i = 0; kd_text_out[i]; i++)
		if (!fnmatch(kd_text_out[i], name, 0))
			return true;
	return false;
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
#define KD_SINK(n, a, p, t, effect) { #n, a, #p, #t, effect },
#include "api.def"
#undef KD_SINK
	{ NULL, 0, NULL, NULL, NULL }
};

const char *const kd_typedefs[] = {
#define KD_TYPEDEF(n) #n,
#include "api.def"
#undef KD_TYPEDEF
	NULL
};

const struct kd_known kd_knowns[] = {
#define KD_KNOWN(id, file, fn, intro, fix, rule, src, sink, arg, guard, swapped) \
	{ id, file, #fn, intro, fix, #rule, #src, #sink, arg, #guard, #swapped },
#include "api.def"
#undef KD_KNOWN
	{ NULL }
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

/* Typedef names SmPL must be told about: KD_TYPEDEF, then the
 * single-word unsigned types. */
static void put_typedefs(FILE *o)
{
	/* SmPL knows these types itself and refuses them as typedefs. */
	static const char *const smpl_types[] = { "size_t", "ssize_t", "ptrdiff_t", NULL };

	put_list(o, kd_typedefs);
	for (const struct kd_utype *t = kd_utypes; t->spelling; t++)
		if (!strchr(t->spelling, ' ') && kd_in_list(smpl_types, t->spelling) < 0)
			fprintf(o, ", %s", t->spelling);
}

const char *kd_wrap_bits(int bits)
{
	switch (bits) {
	case 8:
		return "255";
	case 16:
		return "65535";
	case 32:
		return "4294967295";
	default:
		return "18446744073709551615";
	}
}

static const char *wrap_of(const char *type)
{
	for (const struct kd_utype *t = kd_utypes; t->spelling; t++)
		if (!strcmp(t->spelling, type))
			return kd_wrap_bits(t->bits);
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

static void put_py_dict(FILE *o, const char *name, const char *const *k,
			const char *const *v)
{
	fprintf(o, "%s = {", name);
	for (size_t i = 0; k[i]; i++)
		fprintf(o, "%s\"%s\": \"%s\"", i ? ", " : "", k[i], v[i]);
	fputs("}\n", o);
}

static void put_py_flags(FILE *o, const char *name, const char *const *k,
			 const int *v)
{
	fprintf(o, "%s = {", name);
	for (size_t i = 0; k[i]; i++)
		fprintf(o, "%s\"%s\": %d", i ? ", " : "", k[i], v[i]);
	fputs("}\n", o);
}

/* %%PY_API%%: the rest of api.def for the rules' Python (confidence,
 * units, effects): units of sources and converters, current reads with
 * their monotonic flag, each sink's effect, each unsigned type's bits. */
static void put_py_api(FILE *o)
{
	put_py_dict(o, "SOURCE_UNIT", kd_sources, kd_source_units);
	put_py_dict(o, "SUBN_UNIT", kd_subns, kd_subn_units);
	put_py_dict(o, "CONV_UNIT", kd_convs, kd_conv_units);
	put_py_flags(o, "REMAINING_NARGS", kd_remainings, kd_remaining_nargs);
	put_py_flags(o, "NOW_MONO", kd_nows, kd_nows_monotonic);
	put_py_flags(o, "NOW_NS_MONO", kd_now_ns, kd_now_ns_monotonic);
	fputs("SINK_EFFECT = {", o);
	for (const struct kd_sink *s = kd_sinks; s->name; s++)
		fprintf(o, "%s(\"%s\", %d): \"%s\"", s == kd_sinks ? "" : ", ",
			s->name, s->arg, s->effect);
	fputs("}\nUTYPE_BITS = {", o);
	for (const struct kd_utype *t = kd_utypes; t->spelling; t++)
		fprintf(o, "%s\"%s\": %d", t == kd_utypes ? "" : ", ",
			t->spelling, t->bits);
	fputs("}\n", o);
}

/*
 * A template being expanded: where we are in it (for error messages) and
 * which template pasted it in, so that a paste cycle is caught.  rule is
 * the stem of the outermost template, which names its KD_KNOWN entry.
 */
struct tmpl {
	const char *path;
	char *real;
	unsigned int line;
	const struct tmpl *parent;
	const char *rule;
};

static int tmpl_err(const struct tmpl *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line, "TEMPLATE:LINE: what is wrong"; always -1. */
static int tmpl_err(const struct tmpl *t, const char *fmt, ...)
{
	char *what;
	va_list ap;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	kd_err("%s:%u: %s", t->path, t->line, what);
	free(what);
	return -1;
}

static const struct kd_known *known_of(const char *rule)
{
	for (const struct kd_known *k = kd_knowns; k->id; k++)
		if (!strcmp(k->rule, rule))
			return k;
	return NULL;
}

/* %%KNOWN_*%%: a field of the KD_KNOWN entry of the template's rule. */
static int put_known(FILE *o, const struct tmpl *t, const char *field)
{
	const struct kd_known *k = known_of(t->rule);
	const struct kd_sink *s;
	const struct {
		const char *name, *value;
	} fields[] = {
		{ "ID", k ? k->id : NULL }, { "FILE", k ? k->file : NULL },
		{ "FUNCTION", k ? k->function : NULL },
		{ "INTRODUCED", k ? k->introduced : NULL },
		{ "FIXED", k ? k->fixed_by : NULL },
		{ "SOURCE", k ? k->source : NULL }, { "SINK", k ? k->sink : NULL },
		{ "FIX_GUARD", k ? k->fix_guard : NULL },
		{ "FIX_GUARD_SWAPPED", k ? k->fix_guard_swapped : NULL },
	};

	if (!k)
		return tmpl_err(t, "%%%%KNOWN_%s%%%%: no KD_KNOWN entry in "
				"checker/api.def for rule %s", field, t->rule);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(fields[i].name, field)) {
			fputs(fields[i].value, o);
			return 0;
		}
	s = kd_find_sink(k->sink, k->sink_arg);
	if (!s)
		return tmpl_err(t, "KD_KNOWN %s: argument %d of %s() is not a KD_SINK",
				k->id, k->sink_arg, k->sink);
	if (!strcmp(field, "SINK_ARG"))
		fprintf(o, "%d", k->sink_arg);
	else if (!strcmp(field, "SINK_PARAM"))
		fputs(s->param, o);
	else if (!strcmp(field, "SINK_TYPE"))
		fputs(s->type, o);
	else if (!strcmp(field, "SINK_WRAP"))
		fputs(wrap_of(s->type), o);
	else
		return tmpl_err(t, "unknown placeholder %%%%KNOWN_%s%%%%", field);
	return 0;
}

static int expand(FILE *o, const char *path, const struct tmpl *parent,
		  const char *rule);

/* %%FILE:path%% pastes a shared fragment, itself expanded. */
static int put_file(FILE *o, const struct tmpl *t, const char *path)
{
	char *real = realpath(path, NULL);

	for (const struct tmpl *a = t; real && a; a = a->parent)
		if (a->real && !strcmp(a->real, real)) {
			free(real);
			return tmpl_err(t, "%%%%FILE:%s%%%% includes itself", path);
		}
	free(real);
	return expand(o, path, t, t->rule);
}

static int put_named(FILE *o, const struct tmpl *t, const char *key)
{
	static const struct {
		const char *key;
		const char *const *v;
	} lists[] = {
		{ "SOURCES", kd_sources }, { "CONVS", kd_convs },
		{ "OPGUARDS", kd_opguards }, { "NOWS", kd_nows },
		{ "INSTANCE_FUNCS", kd_instance_funcs },
		{ "SUBNS", kd_subns }, { "REMAININGS", kd_remainings },
		{ "NOWS_NS", kd_now_ns }, { "CLAMPS", kd_clamps },
		{ "ABS", kd_abs }, { "CLEARS", kd_clears },
		{ "TEXT_OUT", kd_text_out }, { "LOCKS", kd_locks },
		{ "MAKES", kd_makes },
	};
	static const struct {
		const char *key;
		void (*put)(FILE *o);
	} expansions[] = {
		{ "PY_TABLE", put_py_table },
		{ "PY_API", put_py_api },
		{ "SINKS", put_sink_names },
		{ "UTYPES", put_utypes },
		{ "TYPEDEFS", put_typedefs },
	};

	if (!strncmp(key, "FILE:", 5) && key[5])
		return put_file(o, t, key + 5);
	if (!strncmp(key, "KNOWN_", 6))
		return put_known(o, t, key + 6);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!strcmp(lists[i].key, key)) {
			put_list(o, lists[i].v);
			return 0;
		}
	for (size_t i = 0; i < sizeof(expansions) / sizeof(expansions[0]); i++)
		if (!strcmp(expansions[i].key, key)) {
			expansions[i].put(o);
			return 0;
		}
	return tmpl_err(t, "unknown placeholder %%%%%s%%%%", key);
}

/* Copies one line, replacing each %%KEY%% by its table. */
static int expand_line(FILE *o, const struct tmpl *t, char *line)
{
	char *p, *q, *end;

	for (p = line; (q = strstr(p, "%%")) && (end = strstr(q + 2, "%%")); p = end + 2) {
		char *key = xstrndup(q + 2, (size_t)(end - q - 2));
		int rc;

		fwrite(p, 1, (size_t)(q - p), o);
		rc = put_named(o, t, key);
		free(key);
		if (rc < 0)
			return -1;
	}
	fputs(p, o);
	return 0;
}

/* The template as a stream; not a directory, a FIFO or a device. */
static FILE *open_template(const char *path, const struct tmpl *parent)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	const char *why = NULL;
	struct stat st;
	FILE *f;

	if (fd < 0)
		why = strerror(errno);
	else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		why = "not a regular file";
	if (why) {
		if (fd >= 0)
			close(fd);
		if (parent)
			tmpl_err(parent, "%s: cannot read the template: %s", path, why);
		else
			kd_err("%s: cannot read the template: %s", path, why);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		kd_err("%s: cannot read the template", path);
		close(fd);
	}
	return f;
}

/* Expands the template at path (relative to the working directory: make
 * runs at the top) into o. */
static int expand(FILE *o, const char *path, const struct tmpl *parent,
		  const char *rule)
{
	struct tmpl t = { .path = path, .parent = parent, .rule = rule };
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	FILE *f;

	f = open_template(path, parent);
	if (!f)
		return -1;
	t.real = realpath(path, NULL);
	while (rc == 0 && getline(&line, &cap, f) > 0) {
		t.line++;
		rc = expand_line(o, &t, line);
	}
	if (rc == 0 && ferror(f))
		rc = tmpl_err(&t, "read error: %s", strerror(errno));
	free(line);
	free(t.real);
	fclose(f);
	return rc;
}

/* The rule a template is for: its file name up to the first dot. */
static char *rule_of(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return xstrndup(base, strcspn(base, "."));
}

/* The whole expansion in memory first: on an error, nothing is printed. */
static int expand_top(const char *path)
{
	char *buf = NULL, *rule = rule_of(path);
	size_t len = 0;
	FILE *o = open_memstream(&buf, &len);
	int rc;

	if (!o) {
		free(rule);
		kd_err("cannot allocate the expansion of %s", path);
		return -1;
	}
	rc = expand(o, path, NULL, rule);
	fclose(o);
	if (rc == 0 && fwrite(buf, 1, len, stdout) != len)
		rc = -1;
	free(buf);
	free(rule);
	return rc;
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

static const char api_usage[] =
	"usage: kdelta api [--expand TEMPLATE]\n"
	"\n"
	"With no option, lists the time API kdelta knows (checker/api.def):\n"
	"sources, converters, operand guards, current-time reads, sinks.\n"
	"--expand TEMPLATE prints a rule template (rules/*.cocci.in) with its\n"
	"%%KEY%% placeholders filled from the tables (make rules does this).\n"
	"exit status: 0 done, 2 error\n";

int cmd_api(int argc, char **argv)
{
	if (argc == 1) {
		list_all();
		return KD_EXIT_CLEAN;
	}
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(api_usage, stdout);
		return KD_EXIT_CLEAN;
	}
	if (argc == 3 && !strcmp(argv[1], "--expand"))
		return expand_top(argv[2]) < 0 ? KD_EXIT_ERROR : KD_EXIT_CLEAN;
	kd_err("usage: kdelta api [--expand TEMPLATE] (try kdelta api --help)");
	return KD_EXIT_ERROR;
}
