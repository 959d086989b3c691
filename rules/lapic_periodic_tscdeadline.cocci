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
# Shared by the initialize blocks of the kdelta rules (pasted in by `make rules`).
import fnmatch
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
NOW_MONOTONIC = ["ktime_get", "ktime_get_raw", "ktime_get_boottime", "ktime_get_coarse", "hrtimer_cb_get_time", "ktime_get_update_offsets_now"]

# Operand names of elapsed time (end minus start): rated low
ELAPSED = (["end", "stop", "finish", "done", "exit", "stopped", "ended", "finished"], ["start", "begin", "entry", "enter", "started", "began"])

SOURCE_UNIT = {"ktime_sub": "ns", "ktime_us_delta": "us", "ktime_ms_delta": "ms"}
SUBN_UNIT = {"ktime_sub_ns": "ns", "ktime_sub_us": "us", "ktime_sub_ms": "ms"}
CONV_UNIT = {"ktime_to_ns": "ns", "ktime_to_us": "us", "ktime_to_ms": "ms"}
REMAINING_NARGS = {"hrtimer_expires_remaining": 1, "hrtimer_expires_remaining_adjusted": 1, "__hrtimer_expires_remaining_adjusted": 2, "hrtimer_get_remaining": 1, "__hrtimer_get_remaining": 2}
NOW_MONO = {"ktime_get": 1, "ktime_get_raw": 1, "ktime_get_boottime": 1, "ktime_get_coarse": 1, "hrtimer_cb_get_time": 1, "ktime_get_update_offsets_now": 1, "ktime_get_real": 0, "ktime_get_clocktai": 0}
NOW_NS_MONO = {"ktime_get_ns": 1, "ktime_get_raw_ns": 1, "ktime_get_boottime_ns": 1, "ktime_get_coarse_ns": 1, "ktime_get_coarse_boottime_ns": 1, "ktime_get_mono_fast_ns": 1, "ktime_get_raw_fast_ns": 1, "ktime_get_boot_fast_ns": 1, "local_clock": 1, "sched_clock": 1, "ktime_get_real_ns": 0, "ktime_get_coarse_real_ns": 0, "ktime_get_real_fast_ns": 0, "ktime_get_clocktai_ns": 0, "ktime_get_coarse_clocktai_ns": 0, "ktime_get_tai_fast_ns": 0}
SINK_EFFECT = {("nsec_to_cycles", 1): "returns a huge cycle count (the TSC deadline overflows)", ("div_u64", 0): "returns a huge quotient", ("div_u64", 1): "divides by a huge divisor (the result collapses to 0)", ("div_u64_rem", 0): "returns a huge quotient", ("div_u64_rem", 1): "divides by a huge divisor (the result collapses to 0)", ("div64_u64", 0): "returns a huge quotient", ("div64_u64", 1): "divides by a huge divisor (the result collapses to 0)", ("do_div", 0): "leaves a huge quotient", ("mul_u64_u32_shr", 0): "returns a huge product", ("mul_u64_u32_shr", 1): "returns a huge product", ("mul_u64_u32_div", 0): "returns a huge result", ("mul_u64_u32_div", 1): "returns a huge result", ("mul_u64_u32_div", 2): "divides by a huge divisor (the result collapses to 0)", ("mul_u64_u64_div_u64", 0): "returns a huge result", ("mul_u64_u64_div_u64", 1): "returns a huge result", ("mul_u64_u64_div_u64", 2): "divides by a huge divisor (the result collapses to 0)", ("pvclock_scale_delta", 0): "returns a huge scaled delta", ("nsecs_to_jiffies", 0): "returns a timeout of centuries of jiffies", ("nsecs_to_jiffies64", 0): "returns a timeout of centuries of jiffies", ("usecs_to_jiffies", 0): "returns MAX_JIFFY_OFFSET, an infinite timeout", ("msecs_to_jiffies", 0): "returns MAX_JIFFY_OFFSET (the int of a wrapped value is negative), an infinite timeout", ("usleep_range", 0): "sleeps for about 585,000 years", ("usleep_range", 1): "sleeps for about 585,000 years", ("udelay", 0): "busy-waits far beyond any limit", ("ndelay", 0): "busy-waits far beyond any limit", ("mdelay", 0): "busy-waits far beyond any limit", ("msleep", 0): "sleeps for about 49.7 days", ("fsleep", 0): "sleeps for about 585,000 years"}
UTYPE_BITS = {"u64": 64, "__u64": 64, "uint64_t": 64, "unsigned long long": 64, "unsigned long": 64, "u32": 32, "__u32": 32, "uint32_t": 32, "unsigned int": 32, "u16": 16, "__u16": 16, "uint16_t": 16, "unsigned short": 16, "u8": 8, "__u8": 8, "uint8_t": 8, "unsigned char": 8, "size_t": 64}


# Positions of "a - b" subtractions whose operands are typed ktime_t (or
# an integer nanosecond read): only those are time deltas.
typed_sub = set()

# (file, function, name) -> (clock, monotonic) of locals the function sets
# only from a current-time read (KD_NOW, KD_NOW_NS), directly or through a
# helper of the file that writes an out-parameter.
now_vars = {}

# (file, function, name): locals also assigned something else, and what
# (the text of the value and line).
other_vars = set()
other_vals = {}

# key of a source -> line of the lock of its stamp, taken after the read
# held in the later operand (lock_after()): the fix reads the clock there.
lock_at = {}

# (file, line) of unsigned stores already reported, so that a copy of the
# delta into an unsigned local is not reported again where it is used.
stored = set()

# (file, function) -> {parameter index: type} of the functions a file defines
# with an unsigned parameter: sinks like those of api.def.
own_sinks = {}

# (file, field) -> current reads stored into that field, and the fields
# that are also assigned anything else.
field_now = {}
field_other = set()
# the fields also reset to 0 (ktime_set(0, 0), a local set so): a stamp
# taken only when it is not 0 is still a read of its clock
field_zero = set()

# (file, member) -> line of a memset(&x->member, 0, n) (KD_CLEAR): a
# stamp inside that member is 0 until set again.
cleared = {}

# (file, function, earlier, later): stamps written in that order by one
# producer through out-parameters (g(&t[0]); ... g(&t[1]);).
ordered = set()

# (file, function, minuend, minimum): a running minimum started at minuend.
runmin = {}

# Sources already reported (p1, p2) or given a reason, by position.
reported = set()
seen = {}

# Functions the rule of a known instance reports with its own message
# (KD_INSTANCE): the finding of the generic rule there is capped at medium, so
# that the high one of the instance rule is kept for the line.
INSTANCE_FUNCS = "advance_periodic_target_expiration".split(", ")

# Clamps (KD_CLAMP) and absolute values (KD_ABS): a delta passed to one is
# guarded, not consumed.
CLAMPS = "max, max_t, clamp, clamp_t, clamp_val".split(", ")
ABS = "abs, abs_diff".split(", ")

NOWS_ALL = dict(NOW_MONO)
NOWS_ALL.update(NOW_NS_MONO)
LEVEL = {"low": 0, "medium": 1, "high": 2}

def key(p):
	return (p.file, p.line, p.column)

# Sinks of reported flows, for the one rule of context mode that stars them
# (the scripts keep every match: see that rule).
starred = set()

def star(p2):
	starred.add(key(p2[0]))

def starred_at(p):
	return key(p[0]) in starred

def tidy(e):
	"""spatch prints its tokens ("a -> b", "ktime_get ( )", "t [ 1 ]");
	print the expression the way the kernel writes it."""
	e = " ".join(str(e).split())
	e = re.sub(r"\s*(->|\.)\s*", r"\1", e)
	e = re.sub(r"(\w)\s+([\(\[])", r"\1\2", e)
	e = re.sub(r"([\(\[])\s+", r"\1", e)
	e = re.sub(r"\s+([\)\],])", r"\1", e)
	e = re.sub(r"(^|[(,=]\s*)([*&])\s+", r"\1\2", e)
	return e

_files = {}

def lines_of(path):
	if path not in _files:
		try:
			with open(path, errors="replace") as f:
				_files[path] = f.read().split("\n")
		except OSError:
			_files[path] = []
	return _files[path]

def body_of(p):
	"""The lines (first line number, text) of the function around p:
	from its definition's first line to the closing brace in column 0."""
	ls = lines_of(p.file)
	n = int(p.line) - 1
	fn = p.current_element
	b = n
	while b > 0 and not re.match(r"\w.*\b%s\s*\(" % re.escape(fn), ls[b]):
		b -= 1
	e = n
	while e < len(ls) - 1 and not ls[e].startswith("}"):
		e += 1
	return b + 1, ls[b:e + 1]

def now_call(t):
	"""The current-time read t (tidied) calls, maybe in another unit
	(ktime_to_ns(ktime_get()), ns_to_ktime(local_clock())), or None."""
	m = re.match(r"(?:ns_to_ktime|%s)\((\w+\(.*\))\)$" % "|".join(CONV_UNIT), t)
	if m:
		t = m.group(1)
	m = re.match(r"(\w+)\(.*\)$", t)
	return m.group(1) if m and m.group(1) in NOWS_ALL else None

def chain_end(e):
	"""The value a chained assignment stores: the ktime_get() of
	b = c = ktime_get()."""
	t = tidy(e)
	while True:
		m = re.match(r"[\w.>\[\]-]+\s*=(?!=)\s*(.+)$", t)
		if not m:
			return t
		t = m.group(1)

def is_now_call(e):
	return now_call(tidy(e)) is not None

def now_read(e, p):
	"""(clock, monotonic) when e is a current-time read: a call to one, or
	a local the function sets only from one; else None."""
	t = tidy(e)
	name = now_call(t)
	if name:
		return (name, NOWS_ALL[name], None)
	k = (p.file, p.current_element, t)
	if k in now_vars and k not in other_vars and \
	   (now_vars[k][2] is None or now_vars[k][2] <= int(p.line)):
		return now_vars[k]
	return caller_now(p, t)

def is_call(e):
	return re.match(r"\w+\(.*\)$", tidy(e)) is not None

def params_of(p):
	"""The parameter names of p's function, in order, and whether it is
	static: from its definition's text."""
	first, body = body_of(p)
	head = " ".join(body[:6])
	m = re.search(r"\b%s\s*\(([^)]*)\)" % re.escape(p.current_element), head)
	if not m:
		return [], False
	names = [re.sub(r".*?(\w+)\s*(\[\s*\])?$", r"\1", a.strip())
		 for a in m.group(1).split(",")]
	return names, head.lstrip().startswith("static")

def split_args(s):
	"""The arguments of a call whose text starts after its '('."""
	args, depth, cur = [], 0, ""
	for c in s:
		if c in "([{":
			depth += 1
		elif c in ")]}":
			if depth == 0:
				args.append(cur.strip())
				return args
			depth -= 1
		elif c == "," and depth == 0:
			args.append(cur.strip())
			cur = ""
			continue
		cur += c
	return None

def calls_of(p, need_static=True):
	"""(line, caller's lines, args) of every call of p's function in the
	file, when it is static (or need_static is False); None when it is
	not, or has no caller."""
	names, static = params_of(p)
	if need_static and not static:
		return None, names
	ls = lines_of(p.file)
	text = "\n".join(ls)
	fn = p.current_element
	out = []
	for m in re.finditer(r"\b%s\s*\(" % re.escape(fn), text):
		line = text.count("\n", 0, m.start())
		if re.match(r"\w.*\b%s\s*\(" % re.escape(fn), ls[line]) or \
		   re.match(r"\s*(\*|//|/\*)", ls[line]) or \
		   re.search(r"(//|/\*).*\b%s\s*\(" % re.escape(fn), ls[line]):
			continue
		args = split_args(text[m.end():])
		if args is None:
			return None, names
		b = line
		while b > 0 and (not re.match(r"\w", ls[b]) or re.match(r"\w+:", ls[b])):
			b -= 1
		out.append((line + 1, "\n".join(ls[b:line + 1]), args))
	return (out or None), names

def caller_now(p, t):
	"""A parameter every caller in the file passes as a current read (a
	call, or a local the caller sets only from one): (clock, monotonic)."""
	if not re.match(r"\w+$", t):
		return None
	calls, names = calls_of(p, False)
	if not calls or t not in names:
		return None
	i = names.index(t)
	clocks = set()
	order = 0
	for line, text, args in calls:
		if i >= len(args):
			return None
		a = args[i]
		m = re.match(r"(\w+)\(\s*\)$", a)
		if m and m.group(1) in NOWS_ALL:
			clocks.add(m.group(1))
			continue
		sets = list(re.finditer(r"\b%s\s*=(?!=)\s*([^;]*);" % re.escape(a), text))
		# a = b = ktime_get(): the value of the last assignment
		reads = [re.match(r"(?:\w+\s*=(?!=)\s*)*(\w+)\(\s*\)$", x.group(1).strip())
			 for x in sets]
		if not sets or not all(r and r.group(1) in NOWS_ALL for r in reads):
			return None
		clocks.update(r.group(1) for r in reads)
		order = max(order, line * 100000 + sets[-1].start()) if len(calls) == 1 else None
	if len(clocks) != 1:
		return None
	c = clocks.pop()
	return (c, NOWS_ALL[c], order)

def callers_future(p, A, B):
	"""Every caller of a static function passes A as B plus an interval
	(B + x, ktime_add*(B, x), or a local set to max(.., ktime_add(B, x)))."""
	a, b = tidy(A), tidy(B)
	calls, names = calls_of(p)
	if not calls or a not in names or b not in names:
		return None
	ia, ib = names.index(a), names.index(b)
	for line, text, args in calls:
		if max(ia, ib) >= len(args):
			return None
		x, y = args[ia], args[ib]
		plus = r"(%s\s*\+|ktime_add\w*\(\s*%s\s*,)" % (re.escape(y), re.escape(y))
		if re.match(plus, x):
			continue
		sets = re.findall(r"\b%s\s*=(?!=)\s*([^;]*);" % re.escape(x), text)
		if sets and re.match(r"max\w*\(.*" + plus, sets[-1]):
			continue
		return None
	return "every caller of this static function passes %s as %s plus an interval" % (a, b)

# Text output (KD_TEXT): functions and macros whose arguments only
# become text; shell patterns.
TEXT_OUT = "trace_*, *TRACE*, pr_*, printk, _printk, dev_dbg, dev_err, dev_warn, dev_notice, dev_info, netdev_dbg, netdev_err, netdev_warn, netdev_info, drm_dbg*, drm_err, DRM_DEBUG*, DRM_ERROR, sprintf, snprintf, scnprintf, seq_printf, sysfs_emit, sysfs_emit_at".split(", ")
LOCKS = "spin_lock, spin_lock_bh, spin_lock_irq, spin_lock_irqsave, raw_spin_lock, raw_spin_lock_bh, raw_spin_lock_irq, raw_spin_lock_irqsave, read_lock, read_lock_bh, read_lock_irq, read_lock_irqsave, write_lock, write_lock_bh, write_lock_irq, write_lock_irqsave, mutex_lock, mutex_lock_nested, mutex_lock_interruptible, mutex_lock_killable, down_read, down_write".split(", ")
MAKES = "ktime_set, ns_to_ktime, us_to_ktime, ms_to_ktime".split(", ")

def closing_paren(text, i):
	"""The index of the parenthesis closing the one at text[i], or None."""
	depth = 0
	for j in range(i, len(text)):
		depth += {"(": 1, ")": -1}.get(text[j], 0)
		if depth == 0:
			return j
	return None

def in_text_out(p):
	"""p is inside the arguments of text output: sprintf(p, ..., x) or
	pr_debug(..., x) around the sink, in the statement that holds it."""
	ls = lines_of(p.file)
	n = int(p.line) - 1
	b = n
	while b > 0 and not re.search(r"[;{}]\s*$", ls[b - 1]):
		b -= 1
	text = "\n".join(ls[b:n + 12])
	at = sum(len(l) + 1 for l in ls[b:n]) + int(p.column)
	for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", text[:at]):
		if not any(fnmatch.fnmatchcase(m.group(1), t) for t in TEXT_OUT):
			continue
		close = closing_paren(text, m.end() - 1)
		if close is None or close > at:
			return True
	return False

def range_checked(p2, U):
	"""The unsigned destination is range-checked right after the store,
	rejecting every wrapped value: if (U > C) return ERR; (or goto, break,
	continue) with C not 0.  A test that uses U in its branch (if (x > 0)
	return x / r;) or compares with 0 is no guard."""
	ls = lines_of(p2.file)
	u = re.escape(tidy(U))
	n = int(p2.line)
	code = [(i, l.strip()) for i, l in enumerate(ls[n:n + 16], n)
		if l.strip() and not re.match(r"(/?\*|//)", l.strip())][:4]
	text = " ".join(l for i, l in code)
	m = re.match(r"if\s*\(\s*%s\s*>=?\s*([^|&()]+|\w+\([^()]*\)|[^|&]*)\)\s*\{?\s*"
		     r"(return\s*[^;]*;|goto\s+\w+;|break;|continue;)" % u, text)
	if not m or re.match(r"0+[uUlL]*$", m.group(1).strip()):
		return None
	if re.search(r"\b%s\b" % u, m.group(2)):
		return None
	return code[0][0] + 1 if code else None

def loop_guard(p1, A, B):
	"""A was set to B plus an interval, and every later read of B is
	checked against A by the loop's condition (do { ... } while
	(ktime_before(B, A)))."""
	first, body = body_of(p1)
	a, b = re.escape(tidy(A)), re.escape(tidy(B))
	text = "\n".join(body)
	if not re.search(r"\b%s\s*=\s*(ktime_add\w*\(\s*%s\s*,|%s\s*\+)" % (a, b, b), text):
		return None
	m = re.search(r"while\s*\(\s*(ktime_before\(\s*%s\s*,\s*%s\s*\)|ktime_after\(\s*%s\s*,\s*%s\s*\)|%s\s*<=?\s*%s|%s\s*>=?\s*%s)" % (b, a, a, b, b, a, a, b), text)
	if not m:
		return None
	return first + text.count("\n", 0, m.start())

def unsigned_type(p, U):
	"""The declared type of the store's destination, if the file says:
	the function's own declaration first, then the file's."""
	u = tidy(U)
	name = re.split(r"->|\.", u)[-1].lstrip("*")
	if not re.match(r"\w+$", name):
		return None
	tys = "|".join(re.escape(t) for t in sorted(UTYPE_BITS, key=len, reverse=True))
	first, body = body_of(p)
	for text in ("\n".join(body), "\n".join(lines_of(p.file))):
		m = re.search(r"\b(%s)\s+(?:\w+\s*(?:=[^,;]*)?,\s*)*\**%s\b" % (tys, re.escape(name)), text)
		if m:
			return m.group(1)
		m = re.search(r"\b(\w+)\s+(?:\w+\s*(?:=[^,;]*)?,\s*)*\**%s\s*[=;,\[]" % re.escape(name), text)
		if m and m.group(1) not in ("return", "struct", "else", "goto"):
			return m.group(1)
	return None

def unit_of(src, conv):
	if conv:
		return CONV_UNIT.get(str(conv), "ns")
	return SOURCE_UNIT.get(str(src), "ns")

def call_text(p):
	"""The call at p as the file writes it, on one line."""
	ls = lines_of(p.file)
	n, c = int(p.line) - 1, int(p.column)
	if n >= len(ls):
		return None
	text = "\n".join(ls[n:n + 6])[c:]
	m = re.match(r"(\w+)\s*\(", text)
	if not m:
		return None
	args = split_args(text[m.end():])
	if args is None:
		return None
	return tidy("%s(%s)" % (m.group(1), ", ".join(" ".join(a.split()) for a in args)))

def saw(p, src):
	"""A source the rules analysed; silent unless a flow reports it."""
	k = key(p[0])
	if k not in seen:
		seen[k] = [p[0].file, int(p[0].line), p[0].current_element,
			   call_text(p[0]) or src + "()", None, p[0]]

def cast_dest(p2, CT):
	"""An explicit cast to an unsigned type is the conversion."""
	ct = " ".join(str(CT).split())
	return "(%s)" % ct if ct in UTYPE_BITS else ""

def srctext(src, A, B, pm, p1=None):
	if B is None and p1:
		return call_text(p1[0]) or "%s()" % src
	if pm:
		return "%s - %s" % (tidy(A), tidy(B))
	if B is None:
		return "%s(%s)" % (src, tidy(A))
	return "%s(%s, %s)" % (src, tidy(A), tidy(B))

def rate(p1, src, A, B):
	"""The confidence of a delta and why (api.def, "Confidence")."""
	if src in REMAINING_NARGS:
		return "high", "the time left until an hrtimer expires is negative once it is past due"
	nb = now_read(B, p1[0]) if B is not None else None
	na = now_read(A, p1[0])
	# A read at the subtraction itself is later than any value already
	# stored: ktime_sub(ktime_get(), start) with start = ktime_get().
	# A read passed in as a parameter happened before the call: a read in
	# the function itself is later.
	b_param = nb and tidy(B) in params_of(p1[0])[0] and \
		  tidy(A) not in params_of(p1[0])[0]
	if na and nb and na[0] == nb[0] and (is_call(A) and not is_call(B) or b_param or
					     na[2] and nb[2] and nb[2] < na[2]):
		if na[1]:
			return "low", "elapsed time between two reads of %s(), the earlier one subtracted" % na[0]
		return "medium", "elapsed time between two reads of %s(), a clock that can step backwards" % na[0]
	if nb:
		return "high", "a target minus a current read (%s()) is negative once the target has passed" % nb[0]
	if na and not na[1]:
		return "medium", "elapsed time on %s(), a clock that can step backwards" % na[0]
	if na:
		# a local of the function, as nd_lock.c takes: not a parameter
		# (the caller made its read), not a field
		local = re.match(r"\w+$", tidy(A)) and \
			(p1[0].file, p1[0].current_element, tidy(A)) in now_vars
		line = lock_after(p1[0], B, na[2]) if local else 0
		if line:
			lock_at[key(p1[0])] = line
			return "medium", "the current time is read before the stamp's lock is taken (line %d): a holder of the lock can set a later stamp in between" % line
		return "low", "elapsed time on one monotonic clock (%s() minus an earlier stamp)" % na[0]
	k = (p1[0].file, p1[0].current_element)
	if k + (tidy(B), tidy(A)) in ordered:
		return "low", "elapsed time: both stamps are written in order by one producer"
	fa, fb = field_stamp(p1[0], A), field_stamp(p1[0], B)
	if fa and fa == fb and NOWS_ALL.get(fa) and named_like(A, ELAPSED[0]) \
	   and named_like(B, ELAPSED[1]):
		line = cleared_at(p1[0], A)
		if line:
			return "medium", "the end stamp is cleared to 0 (memset, line %d) and older than the start until it is set again" % line
		return "low", "elapsed time: the file stores only %s() reads in both stamps, end minus start" % fa
	c = standin_clock(p1[0], A, B)
	if c:
		return "low", "elapsed time on one monotonic clock: the later operand is a %s() read or a stamp taken in its place, and the file stores only %s() reads in every stamp" % (c, c)
	if src in SUBN_UNIT:
		return "medium", "a time minus an interval of unknown size"
	return "medium", "the order of the two stamps is unknown"

def own_def(path, fn):
	"""The unsigned parameters of fn as the file defines it (for the
	two-reads shape, whose guard shows the value is meant to be a
	positive delay)."""
	text = "\n".join(lines_of(path))
	m = re.search(r"(?m)^\w[^;(]*\b%s\s*\(([^)]*)\)\s*\{" % re.escape(fn), text)
	if not m:
		return
	for i, a in enumerate(m.group(1).split(",")):
		a = " ".join(a.split())
		t = re.match(r"(?:const )?(.*?)\s*\b(\w+)$", a)
		if t and t.group(1) in UTYPE_BITS:
			own_sinks.setdefault((path, fn), {})[i] = (t.group(2), t.group(1))

def field_stamp(p, e, zero_ok=False):
	"""The one clock whose reads are the only values the file stores into
	the field e names (x->time), or into e, a variable of the file, or
	None; zero_ok: the field may also be reset to 0."""
	m = re.match(r".*(->|\.)(\w+)$", tidy(e))
	if m:
		k = (p.file, m.group(2))
	elif re.match(r"\w+$", tidy(e)):
		k = (p.file, "::" + tidy(e))	# a variable of the file
	else:
		return None
	reads = field_now.get(k, set())
	if len(reads) != 1 or k in field_other or (k in field_zero and not zero_ok):
		return None
	return next(iter(reads))

ZERO = re.compile(r"(?:\(\w+\))?0[uUlL]*$")
_texts = {}	# path -> its text, for is_zero()

def is_zero(path, text):
	"""Whether text is 0: 0, (ktime_t)0, ktime_set(0, 0) (KD_MAKE), or a
	name every assignment in the file sets so, as zero_time of goya.c (as
	the libclang engine's nd_zero_value())."""
	t = re.sub(r"\s+", "", text)
	m = re.match(r"(\w+)\(([^()]*)\)$", t)
	if ZERO.match(t):
		return True
	if m:
		return m.group(1) in MAKES and \
			all(ZERO.match(a) for a in m.group(2).split(","))
	if not re.match(r"\w+$", t):
		return False
	if path not in _texts:
		_texts[path] = "\n".join(lines_of(path))
	inits = re.findall(r"(?<![\w.>])%s\s*=(?!=)\s*(\w+\([^()]*\)|[^;,()]+)" % t,
			   _texts[path])
	return bool(inits) and all(is_zero(path, i) and not re.match(r"\w+$", i.strip())
				   for i in inits)

def nonzero_test(path, cond, e):
	"""Whether condition cond holds only when e is not 0: e, e != 0,
	ktime_compare(e, 0), ktime_after(e, 0), ktime_before(0, e)."""
	c, e = re.sub(r"\s+", "", cond), re.sub(r"\s+", "", e)
	if c == e:
		return True
	m = re.match(r"(\w+)\((.*),([^,]*)\)$", c) or re.match(r"(.*)(!=)(.*)$", c)
	if not m:
		return False
	f, a, b = m.group(1), m.group(2), m.group(3)
	if f in ("ktime_compare", "ktime_after", "!="):
		return a == e and is_zero(path, b) or \
			(f != "ktime_after" and b == e and is_zero(path, a))
	return f == "ktime_before" and b == e and is_zero(path, a)

def taken_nonzero(p, e, line):
	"""Whether the store at line is the body of an if whose condition
	holds only when e is not 0 (as the libclang engine's nd_standin.c)."""
	text = " ".join(lines_of(p.file)[max(0, line - 4):line])
	starts = [m.end() for m in re.finditer(r"\bif\s*\(", text)]
	if not starts:
		return False
	depth, i = 1, starts[-1]
	while i < len(text) and depth:
		depth += {"(": 1, ")": -1}.get(text[i], 0)
		i += 1
	# the store is the statement the if governs
	return not depth and bool(re.match(r"\s*\{?\s*[\w.>-]+\s*=[^=]", text[i:])) and \
		nonzero_test(p.file, text[starts[-1]:i - 1], tidy(e))

def standin_end(p, e, line, clock):
	"""Whether e, stored at line in place of a current read of clock, is
	a stamp of it: a field only set from it, or also reset to 0 and
	taken only when it is not 0."""
	if cleared_at(p, e):
		return False
	return field_stamp(p, e) == clock or \
		(field_stamp(p, e, True) == clock and taken_nonzero(p, e, line))

def standin_clock(p, A, B):
	"""The monotonic clock when A - B is an end minus a start of it: A a
	local set before the subtraction to a read of it and to stamps the
	file only sets from it (bfq_bfqq_is_slow(): delta_ktime =
	bfqd->last_idling_start or ktime_get()), B such a stamp, no end stamp
	cleared (as the libclang engine's nd_standin.c); else None."""
	k = (p.file, p.current_element, tidy(A))
	if k not in now_vars or k not in other_vars:
		return None
	clock, line = now_vars[k][0], now_vars[k][2]
	if not NOWS_ALL.get(clock) or field_stamp(p, B) != clock or \
	   (line is not None and line >= int(p.line)):
		return None
	# the store of the delta itself, or a later one, held no operand
	ends = [(e, l) for e, l in other_vals.get(k, []) if l < int(p.line)]
	if not ends or not all(standin_end(p, e, l, clock) for e, l in ends):
		return None
	return clock

def lock_after(p, B, since):
	"""The line of a lock (KD_LOCK) of the object of stamp B, lock(&x->m)
	for B x->f or x.f, taken after line since, where the current read was
	stored, and before the subtraction at p; or 0 (as the libclang
	engine's nd_lock.c)."""
	m = re.match(r"(.+)(?:->|\.)\s*\w+$", tidy(B))
	if not since or not m:
		return 0
	# blanks next to punctuation dropped: else spin_lock(& x -> lock)
	# reads else spin_lock(&x->lock)
	squeeze = lambda t: re.sub(r"\s*([^\w\s])\s*", r"\1", t)
	obj = squeeze(m.group(1).strip())
	pat = re.compile(r"(?<![\w.>])(?:%s)\(&%s(?:->|\.)" %
			 ("|".join(LOCKS), re.escape(obj)))
	lines = lines_of(p.file)
	for n in range(since + 1, min(int(p.line), len(lines) + 1)):
		if pat.search(squeeze(lines[n - 1])):
			return n
	return 0

def cleared_at(p, e):
	"""The line of a memset of a member on the access path of e (stop_ts,
	stream or stats of stream->stats.stream.stop_ts), or 0."""
	lines = [cleared.get((p.file, m), 0) for m in re.findall(r"(?:->|\.)(\w+)", tidy(e))]
	return min([l for l in lines if l] or [0])

def named_like(e, words):
	"""A '_'-separated word of a name in e (end->time: end, time) is in
	words; only used to order stamps the data flow already proved to be
	reads of one clock."""
	names = re.findall(r"[A-Za-z_]\w*", tidy(e))
	return any(w in words for n in names for w in n.split("_"))

def silence(p1, text, reason):
	k = key(p1[0])
	seen.setdefault(k, [p1[0].file, int(p1[0].line), p1[0].current_element, text, None, p1[0]])
	if not seen[k][4]:
		seen[k][4] = reason

def check(p1, p2, pm, src, A, B, sink, n, U, conv="", guard2=None):
	"""Whether a matched flow is a finding: (confidence, reason) or None
	after recording why not (a silence)."""
	text = srctext(src, A, B, pm, p1)
	seen.setdefault(key(p1[0]), [p1[0].file, int(p1[0].line), p1[0].current_element, text, None, p1[0]])
	if pm and key(pm[0]) not in typed_sub and not now_read(A, p1[0]) \
	   and not now_read(B, p1[0]):
		silence(p1, text, "other: not a time subtraction (operands not typed ktime_t)")
		return None
	if sink in CLAMPS or sink in ABS:
		silence(p1, text, "guard at line %s: %s() of the delta cannot be negative" % (p2[0].line, sink))
		return None
	if sink and guard2:
		own_def(p2[0].file, sink)
	if sink:
		sk = own_sinks.get((p2[0].file, sink), {})
		if int(n) not in SINKS.get(sink, {}) and int(n) not in sk:
			silence(p1, text, "no unsigned consumer: argument %d of %s() is not unsigned" % (int(n), sink))
			return None
	if U and not U.startswith("("):
		l = range_checked(p2[0], U)
		if l:
			silence(p1, text, "guard at line %d: range check of the unsigned %s rejects every wrapped value" % (l, tidy(U)))
			return None
	if B is not None:
		k = (p1[0].file, p1[0].current_element, tidy(A), tidy(B))
		if k in runmin:
			silence(p1, text, "guard at line %d: %s is a running minimum started at %s" % (runmin[k], tidy(B), tidy(A)))
			return None
		l = loop_guard(p1[0], A, B)
		if l:
			silence(p1, text, "guard at line %d: the loop condition keeps %s before %s" % (l, tidy(B), tidy(A)))
			return None
		why = callers_future(p1[0], A, B)
		if why:
			silence(p1, text, "guard: " + why)
			return None
	conf, why = rate(p1, src, A, B)
	if guard2:
		conf, why = "high", "the guard at line %d read the clock separately: it says nothing of this read" % guard2
	if conf != "low" and in_text_out(p2[0]):
		conf, why = "low", "the sink is only in the arguments of text output (a log, trace or print)"
	if conf == "high" and p1[0].current_element in INSTANCE_FUNCS:
		conf = "medium"
	return conf, why

def where_of(p2, sink, n, U):
	if sink:
		if sink in SINKS and int(n) in SINKS[sink]:
			pname, ptype = SINKS[sink][int(n)]
			eff = SINK_EFFECT.get((sink, int(n)))
		else:
			pname, ptype = own_sinks[(p2[0].file, sink)][int(n)]
			eff = None
		return "parameter '%s' (%s) of %s()" % (pname, ptype, sink), ptype, eff
	if U.startswith("("):
		return "an explicit cast %s" % U, U[1:-1], None
	ty = unsigned_type(p2[0], U)
	if ty and ty not in UTYPE_BITS:
		return "the store to '%s' (%s)" % (tidy(U), ty), None, None
	if ty:
		return "the store to '%s' (%s)" % (tidy(U), ty), ty, None
	return "the store to '%s', of unsigned type" % tidy(U), None, None

def fixtext(src, A, B, pm, var, p1, guard2):
	"""A fix that compiles, with the real names."""
	if var:
		return "clamp the delta before the conversion: if (%s < 0) %s = 0;" % (var, var)
	expr = srctext(src, A, B, pm, p1)
	if guard2:
		return ("read the clock once into a local (ktime_t now = %s;) and use it "
			"in both the guard and the subtraction" % tidy(B))
	if B is not None and is_call(B) and not is_call(A):
		nb = tidy(B)
		expr = expr.replace(nb, "now")
		return ("read the clock once and clamp the delta: ktime_t now = %s; "
			"s64 delta = %s; if (delta < 0) delta = 0;" % (nb, expr))
	return "compute it into a signed local and clamp it: s64 delta = %s; if (delta < 0) delta = 0;" % expr

def lock_fix(p1):
	"""The better fix when the stamp is read under a lock taken after the
	current read: read the clock under it."""
	line = lock_at.get(key(p1[0]))
	return "read the clock after taking the lock (line %d), or " % line if line else ""

def message(p1, p2, src, A, B, pm, var, sink, n, U, conv, why, guard2, helper):
	where, ty, eff = where_of(p2, sink, n, U)
	unit = unit_of(src, conv)
	wrap = WRAP.get(ty, "a huge unsigned value") if ty else "a huge unsigned value"
	via = " through '%s'" % var if var else ""
	if helper:
		via = " through the return value of %s()" % helper
	effect = "; %s() then %s" % (sink, eff) if eff else ""
	return ("negative ktime delta: %s (line %s) can be negative and reaches "
		"%s%s with no sign check on this path (%s); a delta of -1 %s becomes "
		"%s%s; %s%s"
		% (srctext(src, A, B, pm, p1), p1[0].line, where, via, why, unit, wrap,
		   effect, lock_fix(p1), fixtext(src, A, B, pm,
					     str(var).split("'")[0] if var else "",
					     p1, guard2)))

def flow_report(p1, p2, pm, src, A, B, var, sink, n, U, conv="", guard2=None,
		via=None, direct=False):
	"""Rates, then emits a finding or records why the source is silent."""
	if (key(p1[0]), key(p2[0])) in reported:
		return True
	U = str(U) if U else ""
	if not sink and not U:
		return False
	r = check(p1, p2, pm, src, A, B, sink, n, U, conv, guard2)
	if not r:
		return False
	reported.add((key(p1[0]), key(p2[0])))
	seen[key(p1[0])][4] = "reported"
	if U:
		stored.add((p2[0].file, p2[0].line))
	at = p2
	if direct and sink and p1[0].current_element == p2[0].current_element \
	   and int(p1[0].line) != int(p2[0].line):
		at = p1
	emit(mode[0], p1, at, message(p1, p2, src, A, B, pm, var, sink, n, U,
				      conv, r[1], guard2, via), r[0])
	return True

# The kdelta channel: the path of a file that kdelta created for this run
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
# this code sets.  The path of the file comes from the kdelta command line,
# not from the code.
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

# "report" or "org" once the script rule of the mode has run; context mode
# prints nothing from Python (its * marks do).
mode = ["context"]

def emit(mode, p1, p2, msg, conf=None):
	if mode == "context":
		return
	if machine[0]:
		rec = {"kind": "finding", "file": p2[0].file,
		       "line": int(p2[0].line),
		       "column": int(p2[0].column) + 1,
		       "function": p2[0].current_element,
		       "message": msg}
		if conf:
			rec["confidence"] = conf
		put_record(rec)
	elif mode == "org" and conf != "low":
		coccilib.org.print_todo(p2[0], msg)
		coccilib.org.print_link(p1[0], "source of the delta")
	elif conf != "low":
		coccilib.report.print_report(p2[0], msg)

def put_silences():
	"""At the end: every source analysed and not reported, with why."""
	if not machine[0]:
		return
	for k, (f, line, fn, text, why, p) in sorted(seen.items(), key=lambda x: x[0]):
		if why == "reported":
			continue
		put_record({"kind": "silent", "file": f, "line": line,
			    "function": fn, "source": text,
			    "reason": why or guard_near(p, text)})

GUARD = re.compile(r"\b(if|while)\s*\(.*(<|>|ktime_before|ktime_after|ktime_compare|\bmax\w*\(|\bclamp\w*\(|\babs\w*\()")

def delta_names(p, text):
	"""The operands of the source (its text) and the lvalue its line
	assigns, the names a guard of this delta compares."""
	m = re.match(r"\w+\((.*)$", text)
	ops = split_args(m.group(1)) if m else text.split(" - ", 1)
	line = lines_of(p.file)[int(p.line) - 1]
	d = re.search(r"([A-Za-z_][\w.>\[\]-]*)\s*=(?!=)", line)
	return [o for o in ops or [] if o], d.group(1) if d else None

def mentions(line, e):
	return re.search(r"(?<![\w.>])%s(?!\w)" % re.escape(e), line) is not None

def sign_test(line, d):
	"""line tests the sign of d (d < 0, 0 >= d, ...) or clamps it."""
	e = re.escape(d)
	return re.search(r"(?<![\w.>])%s\s*[<>]=?\s*0\b|\b0\s*[<>]=?\s*%s(?!\w)" % (e, e), line) or \
	       re.search(r"\b(max|min|clamp|abs)\w*\(.*(?<![\w.>])%s(?!\w)" % e, line)

def guard_near(p, text):
	"""Why no flow reached a sink: a comparison of this delta that the
	rules saw (of both operands, or after the source a sign test or clamp
	of the local holding it), or none reached at all."""
	first, body = body_of(p)
	ops, d = delta_names(p, text)
	for i, l in enumerate(body):
		n = first + i
		if n == int(p.line) or not GUARD.search(l):
			continue
		if ops and all(mentions(l, e) for e in ops) or \
		   n > int(p.line) and d and sign_test(l, d):
			return "guard at line %d: %s" % (n, " ".join(l.split()))
	return "no unsigned consumer reached from it"


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
