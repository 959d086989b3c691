// SPDX-License-Identifier: GPL-2.0-only
/// CVE-2025-71104: in KVM's local APIC periodic timer,
/// advance_periodic_target_expiration() computes
/// delta = ktime_sub(target_expiration, now), which is negative when the
/// vCPU did not run for longer than a period; nsec_to_cycles() takes it as
/// a u64, the TSC deadline overflows, the VMX preemption timer rejects it
/// and the host spins in an hrtimer storm until the NMI watchdog reports a
/// hard lockup.  Introduced by d8f2f498d9ed ("x86/kvm: fix LAPIC timer
/// drift when guest uses periodic mode", v4.17, backported to 4.14.45 and
/// 4.16.13); fixed by 18ab3fc8e880 (v6.19; stable 5.10.248, 5.15.198,
/// 6.1.160, 6.12.64, 6.18.3), which clamps the expiration to now before
/// the subtraction.  Patch mode emits that clamp.
///
// Confidence: High
// Copyright: (C) 2026 The kdelta authors.
// Options: --no-includes --include-headers
// Keywords: kvm, lapic, periodic timer, tscdeadline, CVE-2025-71104
// URL: https://git.kernel.org/linus/18ab3fc8e880
//
// Generated from rules/lapic_periodic_tscdeadline.cocci.in and
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


CVE = ("CVE-2025-71104: advance_periodic_target_expiration() passes "
       "ktime_sub(%s, %s) (line %s), negative once the vCPU has not run for "
       "a period, to nsec_to_cycles() as the u64 'nsec'; -1 ns becomes "
       "18446744073709551615, the TSC deadline overflows and the host can "
       "hard-lockup in an hrtimer storm. Introduced by d8f2f498d9ed, fixed "
       "by 18ab3fc8e880: clamp the expiration first, "
       "if (ktime_before(%s, %s)) %s = %s;")

// The affected shape: no comparison of the two operands before the
// subtraction, the delta reaching nsec_to_cycles() unchanged.
@lapic depends on !patch exists@
identifier D, op = {ktime_before, ktime_after, ktime_compare};
expression T, N, E;
expression list[1] es;
position p1, p2;
@@

advance_periodic_target_expiration(...) {
... when != op(T, N)
    when != op(N, T)
    when any
D = ktime_sub@p1(T, N);
... when != D = E
    when != op(T, N)
    when != op(N, T)
*nsec_to_cycles@p2(es, D)
... when any
}

// Only once the rule has matched, so that spatch can still select the
// files to parse by the rule's tokens.
@script:python depends on kdelta && lapic@
ch << virtual.kdelta_channel;
@@

machine[0] = ch

@script:python depends on report@
p1 << lapic.p1;
p2 << lapic.p2;
T << lapic.T;
N << lapic.N;
@@

T = tidy(T)
N = tidy(N)
emit("report", p1, p2, CVE % (T, N, p1[0].line, T, N, T, N))

@script:python depends on org@
p1 << lapic.p1;
p2 << lapic.p2;
T << lapic.T;
N << lapic.N;
@@

T = tidy(T)
N = tidy(N)
emit("org", p1, p2, CVE % (T, N, p1[0].line, T, N, T, N))

// For kdelta audit's known-instance table (-D kdelta only: coccicheck
// prints the finding alone): where the function is, its subtractions, the
// sink calls and the upstream clamp of the operands.  kdelta judges from
// these facts, with no C parser of its own.
@kfunc depends on kdelta@
identifier fn = advance_periodic_target_expiration;
position p;
@@

fn@p(...) { ... }

@script:python depends on kdelta@
p << kfunc.p;
ch << virtual.kdelta_channel;
@@

machine[0] = ch
fact("function", p[0])

@ksource depends on kdelta@
identifier fn = advance_periodic_target_expiration;
expression T, N;
position p;
@@

fn(...) { <... ktime_sub@p(T, N) ...> }

@script:python depends on kdelta@
p << ksource.p;
T << ksource.T;
N << ksource.N;
ch << virtual.kdelta_channel;
@@

machine[0] = ch
fact("source", p[0], later=tidy(T), earlier=tidy(N))

@ksink depends on kdelta@
identifier fn = advance_periodic_target_expiration;
position p;
@@

fn(...) { <... nsec_to_cycles@p(...) ...> }

@script:python depends on kdelta@
p << ksink.p;
ch << virtual.kdelta_channel;
@@

machine[0] = ch
fact("sink", p[0])

// The clamp, if (ktime_before(T, N)) T = N; or its mirror, on the
// operands of a subtraction; kdelta checks that it comes before it.
@kclamp depends on kdelta@
identifier fn = advance_periodic_target_expiration;
expression ksource.T, ksource.N;
position pi, ps;
@@

fn(...) { <...
(
if (ktime_before@pi(T, N)) T@ps = N;
|
if (ktime_after@pi(N, T)) T@ps = N;
)
...> }

@script:python depends on kdelta@
pi << kclamp.pi;
ps << kclamp.ps;
T << ksource.T;
N << ksource.N;
ch << virtual.kdelta_channel;
@@

machine[0] = ch
fact("clamp", pi[0], end_line=int(ps[0].line), later=tidy(T),
     earlier=tidy(N))

// The upstream fix, 18ab3fc8e880: force the expiration to now when it is
// already in the past, so that the delta cannot go negative.
@fix depends on patch exists@
identifier D, op = {ktime_before, ktime_after, ktime_compare};
expression T, N, E;
expression list[1] es;
@@

advance_periodic_target_expiration(...) {
... when != op(T, N)
    when != op(N, T)
+ if (ktime_before(T, N))
+	T = N;
D = ktime_sub(T, N);
... when != D = E
nsec_to_cycles(es, D)
... when any
}
