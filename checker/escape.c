// SPDX-License-Identifier: GPL-2.0
/*
 * Escaping, one function per output format.  Everything from a tree is
 * untrusted: a PATCHLEVEL holding <script>, a file name holding a
 * backquote, a newline or a byte that is not UTF-8 must reach every
 * report as text, visibly, and never as markup or a second line.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlong form,
 * no surrogate, nothing past U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *p)
{
	size_t n;
	unsigned int min, c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2, min = 0x80, c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3, min = 0x800, c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4, min = 0x10000, c = p[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* What esc_dup() shows as "\xNN" besides the bytes that are not UTF-8. */
enum { ESC_CTL = 1, ESC_BACKSLASH = 2 };

/* The copy of s, with invalid bytes (and the characters of flags) as
 * "\xNN". */
static char *esc_dup(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *r = xmalloc(4 * strlen((const char *)p) + 1), *w = r;

	while (*p) {
		size_t n = utf8_seq(p);

		if (!n || ((flags & ESC_CTL) && is_ctl(*p)) ||
		    ((flags & ESC_BACKSLASH) && *p == '\\')) {
			w += sprintf(w, "\\x%02x", *p++);
			continue;
		}
		memcpy(w, p, n);
		w += n;
		p += n;
	}
	*w = '\0';
	return r;
}

char *esc_utf8(const char *s)
{
	return esc_dup(s, 0);
}

char *esc_line(const char *s)
{
	return esc_dup(s, ESC_CTL);
}

char *esc_name(const char *s)
{
	return esc_dup(s, ESC_CTL | ESC_BACKSLASH);
}

void esc_html(FILE *o, const char *s)
{
	char *t = esc_line(s);

	for (const char *p = t; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", o); break;
		case '<': fputs("&lt;", o); break;
		case '>': fputs("&gt;", o); break;
		case '"': fputs("&quot;", o); break;
		case '\'': fputs("&#39;", o); break;
		default: fputc(*p, o);
		}
	}
	free(t);
}

/*
 * CommonMark reads these anywhere: emphasis, code, links, raw HTML and
 * entities, GFM tables and strikethrough.  A backslash before ASCII
 * punctuation always stands for the character itself.
 */
#define MD_ALWAYS "\\`*_[]<>|~#!&{}()"
/* These only at the start of a line: lists, headings, breaks. */
#define MD_LEADING "-+=.>"

void esc_md_text(FILE *o, const char *s)
{
	char *t = esc_line(s);
	bool lead = true;

	for (const char *p = t; *p; p++) {
		if (strchr(MD_ALWAYS, *p) || (lead && strchr(MD_LEADING, *p)))
			fputc('\\', o);
		fputc(*p, o);
		/* "1." and "1)" start an ordered list too. */
		lead = lead && (*p == ' ' || (*p >= '0' && *p <= '9'));
	}
	free(t);
}

/* The longest run of backquotes in s. */
static size_t longest_run(const char *s, char c)
{
	size_t best = 0, run = 0;

	for (; *s; s++) {
		run = *s == c ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

void esc_md_code(FILE *o, const char *s, const char *suffix, bool in_table)
{
	char *raw = xasprintf("%s%s", s ? s : "", suffix), *t = esc_line(raw);
	size_t n = longest_run(t, '`') + 1, len = strlen(t);
	/* A space each side keeps a leading or final backquote or space
	 * (CommonMark strips one of each side when both are there). */
	bool pad = !len || t[0] == '`' || t[len - 1] == '`' ||
		   (t[0] == ' ' && t[len - 1] == ' ');

	for (size_t i = 0; i < n; i++)
		fputc('`', o);
	if (pad)
		fputc(' ', o);
	for (const char *p = t; *p; p++) {
		if (in_table && *p == '|')
			fputc('\\', o);
		fputc(*p, o);
	}
	if (pad)
		fputc(' ', o);
	for (size_t i = 0; i < n; i++)
		fputc('`', o);
	free(t);
	free(raw);
}

void esc_md_block(FILE *o, const char *s)
{
	char *t = esc_dup(s, false);

	/* Tabs stay (code is indented with them); every other control
	 * character, CR and FF included, is shown as "\xNN". */
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (is_ctl(*p) && *p != '\t')
			fprintf(o, "\\x%02x", *p);
		else
			fputc(*p, o);
	}
	free(t);
}

char *esc_uri(const char *path, bool dir)
{
	static const char hex[] = "0123456789ABCDEF";
	char *u = xmalloc(3 * strlen(path) + 16), *w = u;

	if (path[0] == '/')
		w += sprintf(w, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	if (dir && (w == u || w[-1] != '/'))
		*w++ = '/';
	*w = '\0';
	return u;
}
