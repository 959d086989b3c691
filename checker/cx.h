/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDELTA_CX_H
#define KDELTA_CX_H

#include <stdbool.h>

#include <clang-c/Index.h>

/* One macro expansion of the translation unit (detailed preprocessing
 * record): libclang shows expressions expanded from a macro body with no
 * tokens of their own, so this is how ktime_sub() and max() are known. */
struct cx_macro {
	char *name;
	CXFile file;
	unsigned begin, end;	/* file offsets of the invocation */
	char **args;		/* argument texts, tokens joined */
	char **raw;		/* the same as the code spells them */
	int nargs;
};

struct cx_tu {
	CXTranslationUnit tu;
	struct cx_macro *macros;
	size_t nmacros;
};

void cx_index_macros(struct cx_tu *t);
void cx_free_macros(struct cx_tu *t);

/* The macro invocation an expression is expanded from, by where it starts. */
const struct cx_macro *cx_macro_at(const struct cx_tu *t, CXCursor c);

/* Whether the expression is written inside the arguments of a macro
 * invocation whose name pred accepts. */
bool cx_in_macro(const struct cx_tu *t, CXCursor c, bool (*pred)(const char *));

/* Whether the expression is inside a call, in scope, to a function whose
 * name pred accepts (the callee's own name, not a macro's). */
bool cx_in_call(CXCursor scope, CXCursor c, bool (*pred)(const char *));

/* The text of a cursor as the code spells it (its own spacing, each run
 * of blanks and newlines one space); for code of a macro body, the
 * invocation's. */
char *cx_written(const struct cx_tu *t, CXCursor c);

/* Source text of a cursor, tokens joined the way the kernel writes them
 * ("apic->lapic_timer.target_expiration"); "" for macro-body code. */
char *cx_text(const struct cx_tu *t, CXCursor c);

/* Children of a cursor; *out is malloc'd. */
unsigned cx_children(CXCursor c, CXCursor **out);

/* Skips parentheses and implicit conversions (UnexposedExpr). */
CXCursor cx_strip(CXCursor c);

/* The operator of a Binary/Unary/CompoundAssign operator, from its
 * tokens, or "" when it was expanded from a macro body. */
void cx_operator(const struct cx_tu *t, CXCursor c, char *op, size_t n);

/* Name of the function a call calls, or "". */
char *cx_callee_name(CXCursor call);

/* Spelling of a cursor (a declaration's name), of a type. */
char *cx_cursor_name(CXCursor c);
char *cx_type_name(CXType t);

/* Whether the expression's type is spelled with the given typedef name,
 * looking through parentheses and implicit conversions, where libclang
 * keeps the typedef on the operand ("ktime_t"). */
bool cx_type_named(CXCursor e, const char *name);

bool cx_type_is_unsigned(CXType t);
/* c without parentheses and casts that keep every value ((s64)u32_val):
 * what a guard and a subtraction compare by. */
CXCursor cx_strip_widening(CXCursor c);
bool cx_type_is_signed(CXType t);

/* Whether an expression is an integer constant (a literal, a macro
 * such as USEC_PER_MSEC, an enumerator, sizeof), and its value. */
bool cx_const_int(CXCursor c, long long *v);

/* Whether an expression is the integer constant 0. */
bool cx_is_zero(CXCursor c);

void cx_location(CXCursor c, char **file, unsigned *line, unsigned *col);

#endif
