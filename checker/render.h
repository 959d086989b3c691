/* SPDX-License-Identifier: GPL-2.0 */
/* render.c: the audit report's files: JSON, Markdown, SARIF (and HTML). */
#ifndef KDELTA_RENDER_H
#define KDELTA_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "outdir.h"
#include "report.h"

/* What a report directory holds, report.json first; NULL-terminated. */
extern const char *const render_names[];

int render_md(FILE *o, const struct report *r);
json_t *render_sarif(const struct report *r);
/* report.json alone (a shard) or all four, into od's temporary
 * directory; -1 after one message. */
int render_all(struct outdir *od, const struct report *r, bool all);

#endif
