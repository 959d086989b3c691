/* SPDX-License-Identifier: GPL-2.0 */
/* render_html.c: the audit report as one self-contained HTML page. */
#ifndef KDELTA_RENDER_HTML_H
#define KDELTA_RENDER_HTML_H

#include <stdio.h>

#include "report.h"

int render_html(FILE *o, const struct report *r);

#endif
