// SPDX-License-Identifier: GPL-2.0
/*
 * A range check right after a store: the guard srf04_read() writes,
 * which rejects every wrapped value (nd_range.h).
 */
#include <stdlib.h>

#include "nd_range.h"
#include "nd_stamp.h"

bool nd_range_checked(struct walk *w, int var)
{
	CXCursor next = walk_next_stmt(w), *k, *c = NULL, then;
	unsigned n, nc = 0;
	bool r = false;
	char op[4];

	if (clang_Cursor_isNull(next) ||
	    clang_getCursorKind(next) != CXCursor_IfStmt)
		return false;
	n = cx_children(next, &k);
	if (n >= 2 && clang_getCursorKind(cx_strip(k[0])) == CXCursor_BinaryOperator) {
		nc = cx_children(cx_strip(k[0]), &c);
		cx_operator(walk_tu(w), cx_strip(k[0]), op, sizeof(op));
		then = k[1];
		if (clang_getCursorKind(then) == CXCursor_CompoundStmt) {
			CXCursor *b;
			unsigned nb = cx_children(then, &b);

			then = nb ? b[nb - 1] : then;
			free(b);
		}
		/* x > 0 is no range check (the useless unsigned guard): the
		 * limit is above 0 and the branch does not use x. */
		r = nc == 2 && (op[0] == '>') && walk_var_of(w, c[0]) == var &&
		    !cx_is_zero(c[1]) &&
		    nd_below_half(c[1], clang_getCursorType(walk_var(w, var)->decl)) &&
		    (clang_getCursorKind(then) == CXCursor_ReturnStmt ||
		     clang_getCursorKind(then) == CXCursor_GotoStmt) &&
		    !nd_mentions(then, walk_var(w, var)->decl);
	}
	free(c);
	free(k);
	return r;
}

