/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fleet_render.c: fleet.md and fleet.html from the fleet's value
 * (fleet_model.h).  The HTML page is one self-contained file: inline CSS
 * and script, nothing fetched; its tables sort and filter in place, for a
 * fleet of hundreds of trees.
 */
#ifndef KDELTA_FLEET_RENDER_H
#define KDELTA_FLEET_RENDER_H

#include <stdio.h>

#include <jansson.h>

#include "outdir.h"

int fleet_render_md(FILE *o, json_t *model);
/* fleet.md and fleet.html into od; -1 after one message. */
int fleet_render_all(struct outdir *od, json_t *model);

#endif
