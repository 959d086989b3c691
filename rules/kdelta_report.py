# SPDX-License-Identifier: GPL-2.0-only
# Shared by the kdelta rules' initialize blocks (pasted in by `make rules`).
import json
import os
import re
%%PY_TABLE%%

# Positions of "a - b" subtractions whose operands are typed ktime_t:
# only those are time deltas.
typed_sub = set()

# (file, function, name) of locals assigned a monotonic current-time read.
now_vars = set()

# (file, line) of unsigned stores already reported, so that a copy of the
# delta into an unsigned local is not reported again where it is used.
stored = set()

def key(p):
	return (p.file, p.line, p.column)

def named_like(e, words):
	last = re.split(r"[^A-Za-z0-9_]", str(e))[-1]
	return any(w in words for w in last.split("_"))

def keep(p1, pm, sink, n, A="", B=""):
	"""Whether a matched flow is a finding: the sink argument must be an
	unsigned parameter in the table, a '-' source must be typed, and
	elapsed time (operands named end - start, or a monotonic clock read,
	directly or through a local, minus a stamp) is left out, as the
	checker rates it low."""
	if pm and key(pm[0]) not in typed_sub:
		return False
	if named_like(A, ELAPSED[0]) and named_like(B, ELAPSED[1]):
		return False
	# ktime_get() - stamp: elapsed time on a monotonic clock (low for the
	# checker); the real-time clock can step back and stays reported.
	if re.match(r"\s*(%s)\s*\(" % "|".join(NOW_MONOTONIC), str(A)):
		return False
	if (p1[0].file, p1[0].current_element, str(A).strip()) in now_vars:
		return False
	if sink and int(n) not in SINKS.get(sink, {}):
		return False
	return True

def message(p1, p2, srcexpr, var, sink, n, store):
	if sink:
		pname, ptype = SINKS[sink][int(n)]
		where = "parameter '%s' (%s) of %s()" % (pname, ptype, sink)
	else:
		where = "the store to '%s', of unsigned type" % tidy(store)
		ptype = "unsigned"
	via = " through '%s'" % var if var else ""
	return ("negative ktime delta: %s (line %s) can be negative and reaches "
		"%s%s with no sign check on this path; a delta of -1 ns becomes "
		"%s; clamp the later operand (if (ktime_before(a, b)) a = b;) or "
		"the delta (if (d < 0) d = 0;) before the conversion"
		% (srcexpr, p1[0].line, where, via, WRAP.get(ptype, "a huge unsigned value (2^64 - 1 for a 64-bit type)")))

def tidy(e):
	"""spatch prints "a -> b . c"; print it the way the kernel writes it."""
	e = str(e)
	for op in ("->", "."):
		e = e.replace(" %s " % op, op)
	return e

def srctext(src, A, B, pm):
	if pm:
		return "%s - %s" % (tidy(A), tidy(B))
	return "%s(%s, %s)" % (src, tidy(A), tidy(B))

# kdelta's channel: the path of a file that kdelta created for this run
# and passes as -D kdelta_channel=PATH along with -D kdelta; None under
# make coccicheck, which reads the report lines instead.
#
# The channel cannot be forged by the analysed code: findings used to be
# tab-separated lines on stdout, and a string literal continued over lines
# with tabs in it, once quoted in a message, printed a line of its own that
# kdelta took for a finding (naming any file).  Now stdout is not read at
# all; each record is one JSON object, json.dumps escaping every newline,
# tab, quote and non-ASCII character of the matched code, so a record is
# exactly one line whatever the code says, and its fields are only those
# this code sets.  The file's path comes from kdelta's command line, not
# from the code.
machine = [None]

def put_record(rec):
	"""Appends one record to the channel in one write(2) (O_APPEND, so
	that spatch's parallel workers cannot interleave their records); the
	file must exist: kdelta made it."""
	data = (json.dumps(rec, sort_keys=True) + "\n").encode("ascii")
	fd = os.open(machine[0], os.O_WRONLY | os.O_APPEND)
	try:
		while data:
			data = data[os.write(fd, data):]
	finally:
		os.close(fd)

def fact(kind, p, **extra):
	"""A fact about a known instance, for kdelta audit's table: where the
	function, its subtraction, the sink and the upstream clamp are."""
	rec = {"kind": kind, "file": p.file, "line": int(p.line),
	       "function": p.current_element}
	rec.update(extra)
	put_record(rec)

# "report" or "org" once the mode's script rule has run; context mode
# prints nothing from Python (its * marks do).
mode = ["context"]

def emit(mode, p1, p2, msg):
	if mode == "context":
		return
	if machine[0]:
		put_record({"kind": "finding", "file": p2[0].file,
			    "line": int(p2[0].line),
			    "column": int(p2[0].column) + 1,
			    "function": p2[0].current_element,
			    "message": msg})
	elif mode == "org":
		coccilib.org.print_todo(p2[0], msg)
		coccilib.org.print_link(p1[0], "source of the delta")
	else:
		coccilib.report.print_report(p2[0], msg)
