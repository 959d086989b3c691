// SPDX-License-Identifier: GPL-2.0
/*
 * The state of one path: per local, the running check's value and flag,
 * and the facts "a >= b" known on the path; copies for branches, joins
 * where paths meet.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "util.h"

void st_init(struct state *s, size_t nvars, bool live)
{
	s->live = live;
	s->nvars = nvars;
	s->val = xmalloc((nvars + 1) * sizeof(int));
	s->flag = xmalloc((nvars + 1) * sizeof(bool));
	s->set = xmalloc((nvars + 1) * sizeof(bool));
	for (size_t i = 0; i < nvars; i++) {
		s->val[i] = -1;
		s->flag[i] = false;
		s->set[i] = false;
	}
	s->facts = NULL;
	s->nfacts = 0;
}

void st_free(struct state *s)
{
	free(s->val);
	free(s->flag);
	free(s->set);
	for (size_t i = 0; i < s->nfacts; i++)
		free(s->facts[i]);
	free(s->facts);
	memset(s, 0, sizeof(*s));
}

void st_copy(struct state *d, const struct state *s)
{
	st_init(d, s->nvars, s->live);
	memcpy(d->val, s->val, s->nvars * sizeof(int));
	memcpy(d->flag, s->flag, s->nvars * sizeof(bool));
	memcpy(d->set, s->set, s->nvars * sizeof(bool));
	d->facts = xmalloc((s->nfacts + 1) * sizeof(char *));
	for (size_t i = 0; i < s->nfacts; i++)
		d->facts[i] = xstrdup(s->facts[i]);
	d->nfacts = s->nfacts;
}

bool st_has_fact(const struct state *s, const char *a, const char *b)
{
	size_t la = strlen(a);

	for (size_t i = 0; i < s->nfacts; i++)
		if (!strncmp(s->facts[i], a, la) && s->facts[i][la] == '\t' &&
		    !strcmp(s->facts[i] + la + 1, b))
			return true;
	return false;
}

void st_add_fact(struct state *s, const char *a, const char *b)
{
	if (!*a || !*b || st_has_fact(s, a, b))
		return;
	s->facts = xrealloc(s->facts, (s->nfacts + 1) * sizeof(char *));
	s->facts[s->nfacts++] = xasprintf("%s\t%s", a, b);
}

/* Whether expression text e mentions the name as a whole word (not as a
 * member: "x" is not in "p->x" or "s.x"). */
static bool mentions(const char *e, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(e, name); p; p = strstr(p + 1, name)) {
		bool before = p > e && (isalnum((unsigned char)p[-1]) ||
					p[-1] == '_' || p[-1] == '.' ||
					(p - e > 1 && p[-1] == '>' && p[-2] == '-'));
		bool after = isalnum((unsigned char)p[n]) || p[n] == '_';

		if (!before && !after)
			return true;
	}
	return false;
}

/* Whether fact f is "y\tlhs" (lhs_second) or "lhs\ty", y not naming lhs. */
static bool bound_of(const char *f, const char *lhs, bool lhs_second)
{
	const char *tab = strchr(f, '\t');
	size_t n = strlen(lhs);
	char *other;
	bool r;

	if (lhs_second) {
		if (strcmp(tab + 1, lhs))
			return false;
		other = xstrndup(f, (size_t)(tab - f));
	} else {
		if ((size_t)(tab - f) != n || strncmp(f, lhs, n))
			return false;
		other = xstrdup(tab + 1);
	}
	r = !mentions(other, lhs);
	free(other);
	return r;
}

void st_reassign(struct state *s, const char *lhs, bool smaller, bool larger)
{
	size_t w = 0;

	for (size_t i = 0; i < s->nfacts; i++) {
		if (mentions(s->facts[i], lhs) &&
		    !(smaller && bound_of(s->facts[i], lhs, true)) &&
		    !(larger && bound_of(s->facts[i], lhs, false))) {
			free(s->facts[i]);
			continue;
		}
		s->facts[w++] = s->facts[i];
	}
	s->nfacts = w;
}

void st_kill_facts(struct state *s, const char *lhs)
{
	size_t w = 0;

	for (size_t i = 0; i < s->nfacts; i++) {
		if (mentions(s->facts[i], lhs)) {
			free(s->facts[i]);
			continue;
		}
		s->facts[w++] = s->facts[i];
	}
	s->nfacts = w;
}

/* A value survives if either path brings one, a flag or a fact only if
 * both paths have it.  A path on which a local was never assigned says
 * nothing of its flag (reading it there is undefined): tv2 = ktime_get()
 * under if (transition_latency), read under the same test later. */
void st_join(struct state *d, const struct state *s)
{
	size_t w = 0;

	if (!s->live)
		return;
	if (!d->live) {
		st_free(d);
		st_copy(d, s);
		return;
	}
	for (size_t i = 0; i < d->nvars; i++) {
		if (d->val[i] < 0)
			d->val[i] = s->val[i];
		d->flag[i] = (d->flag[i] || !d->set[i]) &&
			     (s->flag[i] || !s->set[i]) &&
			     (d->set[i] || s->set[i]);
		d->set[i] = d->set[i] || s->set[i];
	}
	for (size_t i = 0; i < d->nfacts; i++) {
		char *tab = strchr(d->facts[i], '\t');
		bool keep;

		*tab = '\0';
		keep = st_has_fact(s, d->facts[i], tab + 1);
		*tab = '\t';
		if (keep)
			d->facts[w++] = d->facts[i];
		else
			free(d->facts[i]);
	}
	d->nfacts = w;
}
