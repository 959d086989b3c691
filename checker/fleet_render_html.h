/* SPDX-License-Identifier: GPL-2.0 */
/* fleet_render_html.c: fleet.html, one self-contained page. */
#ifndef KDELTA_FLEET_RENDER_HTML_H
#define KDELTA_FLEET_RENDER_HTML_H

#include <stdio.h>

#include <jansson.h>

int fleet_render_html(FILE *o, json_t *model);

#endif
