/* SPDX-License-Identifier: GPL-2.0 */
/*
 * escape.c: every value read from a tree (file and function names, code,
 * Makefile variables, vendor strings) on its way into an output, one
 * function per format.  A byte that is not part of valid UTF-8 becomes
 * the four visible characters "\xNN" in every format, and the value is
 * kept: nothing is dropped for its bytes.
 */
#ifndef KDELTA_ESCAPE_H
#define KDELTA_ESCAPE_H

#include <stdbool.h>
#include <stdio.h>

/* Valid UTF-8 (for JSON and SARIF strings): invalid bytes as "\xNN",
 * control characters kept (the JSON writer escapes them). */
char *esc_utf8(const char *s);
/* One line of plain text (GCC-style output, messages): control
 * characters and invalid bytes as "\xNN", so a name cannot start a line. */
char *esc_line(const char *s);
/* A name in a message: as esc_line(), and '\\' as "\x5c" too, so that
 * what a message shows reads back to exactly one name. */
char *esc_name(const char *s);

/* HTML text or attribute value (quoted with "). */
void esc_html(FILE *o, const char *s);
/* Markdown inline text: nothing in it is markup, HTML or a line break. */
void esc_md_text(FILE *o, const char *s);
/* Markdown code span of s followed by suffix, whatever backquotes they
 * hold; in_table: inside a GFM table cell, where '|' splits cells. */
void esc_md_code(FILE *o, const char *s, const char *suffix, bool in_table);
/* One line inside a fenced Markdown code block: no character of it can
 * end the line (a lone CR does in CommonMark) or the block. */
void esc_md_block(FILE *o, const char *s);
/* A path as a URI reference: percent-encoded outside the unreserved
 * set; absolute paths as file:// URIs, with a final '/' when dir. */
char *esc_uri(const char *path, bool dir);

#endif
