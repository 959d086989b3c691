// SPDX-License-Identifier: GPL-2.0-only
/// Find signed time deltas that can be negative and reach an unsigned
/// consumer with no sign check on the path.  ktime_sub(), a subtraction of
/// ktime_t values, ktime_us_delta() and ktime_ms_delta() are negative when
/// the "later" operand is in the past; passed to a u64/u32/unsigned long
/// parameter (nsec_to_cycles(), div_u64(), *_to_jiffies(), usleep_range(),
/// ...) or stored into an unsigned variable, -1 ns becomes 2^64 - 1.
/// CVE-2025-71104 (KVM lapic periodic timer, hard lockup) is this bug.
/// Clamp the later operand (if (ktime_before(a, b)) a = b;) or the delta
/// (if (d < 0) d = 0;) before the conversion.
///
// Confidence: Medium
// Copyright: (C) 2026 The kdelta authors.
// Options: --all-includes --include-headers-for-types
// Keywords: ktime, ktime_sub, negative delta, unsigned, nsec_to_cycles
// URL: https://coccinelle.gitlabpages.inria.fr/website/
//
// Generated from rules/ktime_delta_unsigned.cocci.in and the API table in
// checker/api.def by `make rules`: edit those, not this file.

virtual context
virtual org
virtual report
virtual patch
virtual kdelta

@initialize:python@
@@
# SPDX-License-Identifier: GPL-2.0-only
# Shared by the kdelta rules' initialize blocks (pasted in by `make rules`).
import json
import os
import re
# Unsigned sink parameters: function -> {argument: (name, type)}
SINKS = {
	"nsec_to_cycles": {1: ("nsec", "u64")},
	"div_u64": {0: ("dividend", "u64"), 1: ("divisor", "u32")},
	"div_u64_rem": {0: ("dividend", "u64"), 1: ("divisor", "u32")},
	"div64_u64": {0: ("dividend", "u64"), 1: ("divisor", "u64")},
	"do_div": {0: ("n", "u64")},
	"mul_u64_u32_shr": {0: ("a", "u64"), 1: ("mul", "u32")},
	"mul_u64_u32_div": {0: ("a", "u64"), 1: ("mul", "u32"), 2: ("divisor", "u32")},
	"mul_u64_u64_div_u64": {0: ("a", "u64"), 1: ("mul", "u64"), 2: ("div", "u64")},
	"pvclock_scale_delta": {0: ("delta", "u64")},
	"nsecs_to_jiffies": {0: ("n", "u64")},
	"nsecs_to_jiffies64": {0: ("n", "u64")},
	"usecs_to_jiffies": {0: ("u", "unsigned int")},
	"msecs_to_jiffies": {0: ("m", "unsigned int")},
	"usleep_range": {0: ("min", "unsigned long"), 1: ("max", "unsigned long")},
	"udelay": {0: ("usecs", "unsigned long")},
	"ndelay": {0: ("nsecs", "unsigned long")},
	"mdelay": {0: ("msecs", "unsigned long")},
	"msleep": {0: ("msecs", "unsigned int")},
	"fsleep": {0: ("usecs", "unsigned long")},
}

# What a delta of -1 becomes in each unsigned type
WRAP = {
	"u64": "18446744073709551615",
	"__u64": "18446744073709551615",
	"uint64_t": "18446744073709551615",
	"unsigned long long": "18446744073709551615",
	"unsigned long": "18446744073709551615",
	"u32": "4294967295",
	"__u32": "4294967295",
	"uint32_t": "4294967295",
	"unsigned int": "4294967295",
	"u16": "65535",
	"__u16": "65535",
	"uint16_t": "65535",
	"unsigned short": "65535",
	"u8": "255",
	"__u8": "255",
	"uint8_t": "255",
	"unsigned char": "255",
	"size_t": "18446744073709551615",
}

# Current-time reads of a monotonic clock: now minus a stamp is elapsed time
NOW_MONOTONIC = ["ktime_get", "ktime_get_raw", "ktime_get_boottime", "ktime_get_coarse", "hrtimer_cb_get_time"]

# Operand names of elapsed time (end minus start): rated low
ELAPSED = (["end", "stop", "finish", "done", "exit", "stopped", "ended", "finished"], ["start", "begin", "entry", "enter", "started", "began"])

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

@script:python depends on kdelta@
ch << virtual.kdelta_channel;
@@

machine[0] = ch

@script:python depends on report@
@@

mode[0] = "report"

@script:python depends on org@
@@

mode[0] = "org"

@typedsub depends on !patch@
typedef ktime_t;
ktime_t KA;
expression B;
identifier now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_real, ktime_get_clocktai};
position pm;
@@

(
KA -@pm B
|
B -@pm KA
|
B -@pm now(...)
)

@script:python depends on !patch@
pm << typedsub.pm;
@@

typed_sub.add(key(pm[0]))

// Locals that hold a current-time read: now - stamp is elapsed time.
@nowvar depends on !patch@
identifier V, now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_real, ktime_get_clocktai};
type T;
position pv;
@@

(
V@pv = now(...);
|
T V@pv = now(...);
)

@script:python depends on !patch@
V << nowvar.V;
now << nowvar.now;
pv << nowvar.pv;
@@

if now in NOW_MONOTONIC:
	now_vars.add((pv[0].file, pv[0].current_element, str(V)))

// A delta held in a local variable that reaches a sink.
@held depends on !patch exists@
identifier fn, D;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
expression list[n] es;
type T, CT;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2, pm;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when any
(
D = src@p1(A, B);
|
T D = src@p1(A, B);
|
D = conv(src@p1(A, B));
|
T D = conv(src@p1(A, B));
|
D = A -@p1@pm B;
|
T D = A -@p1@pm B;
|
D = conv(A -@p1@pm B);
|
T D = conv(A -@p1@pm B);
)
... when != D = E
    when != &D
    when != D cmp 0
    when != 0 cmp D
    when != conv(D) cmp 0
    when != 0 cmp conv(D)
    when != op(A, B)
    when != op(B, A)
    when any
(
sink@p2(es, D, ...)
|
sink@p2(es, conv(D), ...)
|
sink@p2(es, (CT)D, ...)
|
U =@p2 D
|
U =@p2 conv(D)
)
... when any
}

@script:python depends on !patch@
p1 << held.p1;
p2 << held.p2;
pm << held.pm = [];
src << held.src = "";
A << held.A;
B << held.B;
D << held.D;
U << held.U = "";
sink << held.sink = "";
n << held.n = "";
@@

if not keep(p1, pm, sink, n, A, B):
	cocci.include_match(False)
else:
	if U:
		stored.add((p2[0].file, p2[0].line))
	emit(mode[0], p1, p2, message(p1, p2, srctext(src, A, B, pm),
				      D, sink, n, U))

@depends on context@
position held.p2;
identifier f;
expression L, R;
@@

(
* f@p2(...)
|
* L =@p2 R
)

// The delta copied into a second signed local (ns = ktime_to_ns(delta))
// that reaches a sink; an unsigned copy is reported as a store by "held".
@hop depends on !patch exists@
identifier fn, D, N;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
type T, T2;
position p1, ph;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when any
(
D = src@p1(A, B);
|
T D = src@p1(A, B);
|
D = conv(src@p1(A, B));
|
T D = conv(src@p1(A, B));
)
... when != D = E
    when != &D
    when != D cmp 0
    when != 0 cmp D
    when != conv(D) cmp 0
    when != 0 cmp conv(D)
    when != op(A, B)
    when != op(B, A)
    when any
(
N@ph = D;
|
N@ph = conv(D);
|
T2 N@ph = D;
|
T2 N@ph = conv(D);
)
... when any
}

@held2 depends on !patch exists@
identifier hop.fn, hop.N;
expression hop.A, hop.B;
position hop.ph;
expression E2;
type T3;
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
binary operator cmp = {<, <=, >, >=};
expression E;
expression list[n] es;
type CT;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p2;
@@

fn(...) {
... when any
(
N@ph = E2;
|
T3 N@ph = E2;
)
... when != N = E
    when != &N
    when != N cmp 0
    when != 0 cmp N
    when != conv(N) cmp 0
    when != 0 cmp conv(N)
    when != op(A, B)
    when != op(B, A)
    when any
(
sink@p2(es, N, ...)
|
sink@p2(es, conv(N), ...)
|
sink@p2(es, (CT)N, ...)
|
U =@p2 N
|
U =@p2 conv(N)
)
... when any
}

@script:python depends on !patch@
p1 << hop.p1;
ph << hop.ph;
p2 << held2.p2;
src << hop.src;
A << hop.A;
B << hop.B;
D << hop.D;
N << hop.N;
U << held2.U = "";
sink << held2.sink = "";
n << held2.n = "";
@@

if not (keep(p1, [], sink, n, A, B) and (ph[0].file, ph[0].line) not in stored):
	cocci.include_match(False)
else:
	emit(mode[0], p1, p2, message(p1, p2, srctext(src, A, B, []),
				      "%s' and '%s" % (D, N), sink, n, U))

@depends on context@
position held2.p2;
identifier f;
expression L, R;
@@

(
* f@p2(...)
|
* L =@p2 R
)

// A delta consumed where it is computed, with no variable in between.
@direct depends on !patch exists@
identifier fn;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
expression A, B;
expression list[n] es;
type CT;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2, pm;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when any
(
sink@p2(es, src@p1(A, B), ...)
|
sink@p2(es, conv(src@p1(A, B)), ...)
|
sink@p2(es, (CT)src@p1(A, B), ...)
|
sink@p2(es, A -@p1@pm B, ...)
|
sink@p2(es, conv(A -@p1@pm B), ...)
|
U =@p2 src@p1(A, B)
|
U =@p2 conv(src@p1(A, B))
|
U =@p2 conv(A -@p1@pm B)
)
... when any
}

@script:python depends on !patch@
p1 << direct.p1;
p2 << direct.p2;
pm << direct.pm = [];
src << direct.src = "";
A << direct.A;
B << direct.B;
U << direct.U = "";
sink << direct.sink = "";
n << direct.n = "";
@@

if not keep(p1, pm, sink, n, A, B):
	cocci.include_match(False)
else:
	emit(mode[0], p1, p2, message(p1, p2, srctext(src, A, B, pm),
				      "", sink, n, U))

@depends on context@
position direct.p2;
identifier f;
expression L, R;
@@

(
* f@p2(...)
|
* L =@p2 R
)

// Patch mode: clamp the delta right after it is computed, when it
// reaches a sink unguarded.  Where the later operand can simply be moved
// to now (the lapic fix), clamping the operand is better; see
// lapic_periodic_tscdeadline.cocci.
@heldfix depends on patch exists@
identifier fn != {advance_periodic_target_expiration};
identifier D;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
expression list es;
type T;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when any
(
D = src(A, B);
+ if (D < 0)
+	D = 0;
|
T D = src(A, B);
+ if (D < 0)
+	D = 0;
|
D = conv(src(A, B));
+ if (D < 0)
+	D = 0;
|
T D = conv(src(A, B));
+ if (D < 0)
+	D = 0;
)
... when != D = E
    when != &D
    when != D cmp 0
    when != 0 cmp D
    when != conv(D) cmp 0
    when != 0 cmp conv(D)
    when != op(A, B)
    when != op(B, A)
    when any
(
sink(es, D, ...)
|
sink(es, conv(D), ...)
)
... when any
}
