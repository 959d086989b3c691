// SPDX-License-Identifier: GPL-2.0
/*
 * The operands of a subtraction as times: whether one is a current-time
 * read (a call, or a local the path set from one, also through a chained
 * assignment or a unit conversion), on which clock and when it was read.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "nd_operand.h"
#include "nd_report.h"
#include "nd_stamp.h"
#include "util.h"

/* The local an operand reads: x, x.field, x->field, x[i]. */
int nd_base_var(struct walk *w, CXCursor e)
{
	CXCursor *k;
	unsigned n;
	int v;

	e = cx_strip(e);
	if ((v = walk_var_of(w, e)) >= 0)
		return v;
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr &&
	    clang_getCursorKind(e) != CXCursor_ArraySubscriptExpr)
		return -1;
	n = cx_children(e, &k);
	v = n ? nd_base_var(w, k[0]) : -1;
	free(k);
	return v;
}

int nd_conv_of(CXCursor e, CXCursor *arg)
{
	char *name;
	int i;

	e = cx_strip(e);
	if (clang_getCursorKind(e) != CXCursor_CallExpr ||
	    clang_Cursor_getNumArguments(e) != 1)
		return -1;
	name = cx_callee_name(e);
	i = kd_in_list(kd_convs, name);
	free(name);
	if (i >= 0)
		*arg = clang_Cursor_getArgument(e, 0);
	return i;
}

/* ktime_to_ns(t), ktime_to_us(t) of a local t: t in another unit. */
static bool conv_of_local(struct walk *w, CXCursor *e, const char **unit)
{
	CXCursor arg;
	int i = nd_conv_of(*e, &arg);

	if (i < 0 || walk_var_of(w, arg) < 0)
		return false;
	*e = arg;
	*unit = kd_conv_units[i];
	return true;
}

static struct operand in_unit(struct operand o, const char *unit)
{
	if (o.now && strcmp(unit, "ns"))
		o.unit = unit;
	return o;
}

/* x = y = ktime_get(): the value of y = ... is what y now holds. */
static CXCursor assigned_to(struct walk *w, CXCursor e)
{
	CXCursor *k;
	unsigned n;
	char op[4] = "";

	e = cx_strip(e);
	if (clang_getCursorKind(e) != CXCursor_BinaryOperator)
		return e;
	n = cx_children(e, &k);
	cx_operator(walk_tu(w), e, op, sizeof(op));
	if (n == 2 && !strcmp(op, "="))
		e = k[0];
	free(k);
	return e;
}

struct operand nd_operand_of(struct walk *w, struct state *s, CXCursor e)
{
	struct negdelta *nd = walk_data(w);
	struct operand o = { false, 1, 0, NULL };
	const char *unit;
	int v;

	e = assigned_to(w, e);
	if (conv_of_local(w, &e, &unit))
		return in_unit(nd_operand_of(w, s, e), unit);
	v = nd_base_var(w, e);

	if (v >= 0) {
		o.now = s->flag[v];
		o.mono = nd->clock[v];
		o.seq = nd->seq[v];
		o.unit = nd->unit[v];
		if (!o.now && walk_var_of(w, e) == v &&
		    clang_getCursorKind(walk_var(w, v)->decl) == CXCursor_ParmDecl &&
		    !nd_assigned(walk_tu(w), walk_fn(w), walk_var(w, v)->decl) &&
		    (o.mono = nd_param_clock(walk_tu(w), walk_fn(w),
					     walk_var(w, v)->decl)) >= 0)
			o.now = true;
		o.mono = o.mono < 0 ? 1 : o.mono;
		return o;
	}
	o.mono = nd_now_read(e, &o.unit);	/* the unit matters only for a read */
	if (o.mono >= 0) {
		o.now = true;
		o.seq = 1 << 30;
	} else {
		o.mono = 1;
	}
	return o;
}
