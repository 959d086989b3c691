/* SPDX-License-Identifier: GPL-2.0 */
/* render.c: the audit report as Markdown, HTML and SARIF. */
#ifndef KDELTA_RENDER_H
#define KDELTA_RENDER_H

#include <stdio.h>

#include <jansson.h>

int render_md(FILE *o, json_t *doc);
int render_html(FILE *o, json_t *doc);
json_t *render_sarif(json_t *doc);

#endif
