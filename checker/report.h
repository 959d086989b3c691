/* SPDX-License-Identifier: GPL-2.0 */
/* report.c: the audit report document and the output directory. */
#ifndef KDELTA_REPORT_H
#define KDELTA_REPORT_H

#include <stdbool.h>

#include <jansson.h>

#include "finding.h"
#include "srcfile.h"

json_t *report_finding(const struct finding *f, const struct srcfile *s);
void report_sort_findings(json_t *findings);
void findings_from_json(json_t *arr, struct findings *out);
int outdir_prepare(const char *outdir, const char *kdir);
void outdir_abandon(void);
int report_write(const char *outdir, json_t *doc, bool all);

#endif
