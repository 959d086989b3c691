/* SPDX-License-Identifier: GPL-2.0 */
/* output.c: findings as GCC-style text, JSON or SARIF 2.1.0. */
#ifndef KDELTA_OUTPUT_H
#define KDELTA_OUTPUT_H

#include <stdio.h>

#include <jansson.h>

#include "finding.h"

enum kd_format { KD_FMT_TEXT, KD_FMT_JSON, KD_FMT_SARIF };

/* --format's argument; reports a bad one. */
int parse_format(const char *s, enum kd_format *fmt);
int write_findings(FILE *o, const struct findings *fs, enum kd_format fmt);
int print_findings(const struct findings *fs, enum kd_format fmt);

/* One finding as the JSON object of {"findings": [...]}. */
json_t *finding_json(const struct finding *f);
/* The documents themselves, to embed. */
json_t *findings_json(const struct findings *fs);
json_t *findings_sarif(const struct findings *fs);

#endif
