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
expression B, X;
identifier now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_update_offsets_now, ktime_get_real, ktime_get_clocktai};
identifier nowns = {ktime_get_ns, ktime_get_raw_ns, ktime_get_boottime_ns, ktime_get_coarse_ns, ktime_get_coarse_boottime_ns, ktime_get_mono_fast_ns, ktime_get_raw_fast_ns, ktime_get_boot_fast_ns, local_clock, sched_clock, ktime_get_real_ns, ktime_get_coarse_real_ns, ktime_get_real_fast_ns, ktime_get_clocktai_ns, ktime_get_coarse_clocktai_ns, ktime_get_tai_fast_ns};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
position pm;
@@

(
KA -@pm B
|
B -@pm KA
|
B -@pm now(...)
|
B -@pm nowns(...)
|
nowns(...) -@pm B
|
conv(X) -@pm B
)

@script:python depends on !patch@
pm << typedsub.pm;
@@

typed_sub.add(key(pm[0]))

// The gate: the rules below find and rate delta sources; a file with
// none of its own (no source call, no typed subtraction, no cast of a
// subtraction) has nothing they could report or list, and they are not
// run on it (on 6.1 about half the lines the audit selects: files naming
// ktime_t or a current read only).  They depend on nogate's absence, not
// on the gate rules' presence, so that nothing a script does to the
// environments can close the gate ("depends on ever" is no help either:
// spatch 1.1 keeps it across the files of a run).
@anysrc depends on !patch@
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms, hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
@@

src(...)

@anycast depends on !patch disable drop_cast@
expression A, B;
type CT;
@@

 (CT)(A - B)

@nogate depends on !patch && !typedsub && !anysrc && !anycast@
identifier f;
@@

f(...) { ... }

// Locals that hold a current-time read (ktime_t or u64 nanoseconds).
// The read may come through a unit conversion: ns_to_ktime(local_clock()),
// or a chain, each local of which holds the one read: start = cur =
// poll_end = ktime_get() (kvm_vcpu_halt()).
@nowvar depends on !patch && !nogate@
identifier V, V2, V3, now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_update_offsets_now, ktime_get_real, ktime_get_clocktai, ktime_get_ns, ktime_get_raw_ns, ktime_get_boottime_ns, ktime_get_coarse_ns, ktime_get_coarse_boottime_ns, ktime_get_mono_fast_ns, ktime_get_raw_fast_ns, ktime_get_boot_fast_ns, local_clock, sched_clock, ktime_get_real_ns, ktime_get_coarse_real_ns, ktime_get_real_fast_ns, ktime_get_clocktai_ns, ktime_get_coarse_clocktai_ns, ktime_get_tai_fast_ns};
identifier wrap = {ns_to_ktime, ktime_to_ns, ktime_to_us, ktime_to_ms};
type T;
position pv;
@@

(
V@pv = now(...);
|
T V@pv = now(...);
|
V@pv = wrap(now(...));
|
T V@pv = wrap(now(...));
|
V@pv = V2 = now(...);
|
V@pv = V2 = V3 = now(...);
)

@script:python depends on !patch@
V << nowvar.V;
now << nowvar.now;
pv << nowvar.pv;
@@

k = (pv[0].file, pv[0].current_element, str(V))
# set more than once: a current read, but of no one order
now_vars[k] = (str(now), NOWS_ALL[str(now)],
	       None if k in now_vars else int(pv[0].line))

// The same locals assigned anything else (bfq_bfqq_is_slow(): delta_ktime
// = ktime_get() on one path, = bfqd->last_idling_start on the other): no
// current read then.
@nowother depends on !patch && !nogate@
identifier nowvar.V;
expression E;
position po;
@@

V@po = E

@script:python depends on !patch@
V << nowvar.V;
E << nowother.E;
po << nowother.po;
@@

if not is_now_call(chain_end(E)):
	other_vars.add((po[0].file, po[0].current_element, str(V)))
	other_vals.setdefault((po[0].file, po[0].current_element, str(V)),
			      []).append((str(E), int(po[0].line)))

// A helper of the file that writes a current read through a pointer
// parameter (vlv_c0_read(&now) sets now.ktime = ktime_get_raw()).
@outset depends on !patch && !nogate@
identifier fn, P, F;
identifier now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_update_offsets_now, ktime_get_real, ktime_get_clocktai};
parameter list[k] ps;
type T;
@@

fn(ps, T *P, ...) {
... when any
P->F = now(...);
... when any
}

@outuse depends on !patch && !nogate@
identifier outset.fn, V;
expression list[outset.k] es;
position pu;
@@

fn@pu(es, &V, ...)

@script:python depends on !patch@
F << outset.F;
V << outuse.V;
now << outset.now;
pu << outuse.pu;
@@

now_vars[(pu[0].file, pu[0].current_element, "%s.%s" % (V, F))] = (str(now), NOW_MONO[str(now)], int(pu[0].line))

// Fields the file stores current reads into (s->time = ktime_get()), and
// whether anything else is ever stored there.  The chained form comes
// first: a disjunction whose plain branch matched the inner a = now() of
// a = b = now() would not try the outer assignment.
@fieldnow depends on !patch && !nogate@
identifier F;
expression X, Y;
identifier now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_update_offsets_now, ktime_get_real, ktime_get_clocktai};
position pf;
@@

(
X->F@pf = Y = now(...)
|
X.F@pf = Y = now(...)
|
X->F@pf = now(...)
|
X.F@pf = now(...)
)

@script:python depends on !patch@
F << fieldnow.F;
X << fieldnow.X;
now << fieldnow.now;
pf << fieldnow.pf;
@@

field_now.setdefault((pf[0].file, str(F)), set()).add(str(now))
# set in this function from a read: a current read there, like a local
now_vars[(pf[0].file, pf[0].current_element, tidy("%s->%s" % (X, F)))] = (str(now), NOWS_ALL[str(now)], int(pf[0].line))

@fieldother depends on !patch && !nogate@
identifier fieldnow.F;
expression X, E;
position pf;
@@

(
X->F@pf = E
|
X.F@pf = E
)

@script:python depends on !patch@
F << fieldnow.F;
E << fieldother.E;
pf << fieldother.pf;
@@

# a = b = ktime_get(): the read, through a chained assignment
m = re.match(r"(?:[\w>.\[\]-]+\s*=\s*)*(\w+)\(\)$", tidy(E))
if (not m or m.group(1) not in NOWS_ALL) and is_zero(pf[0].file, str(E)):
	field_zero.add((pf[0].file, str(F)))
elif not m or m.group(1) not in NOWS_ALL:
	field_other.add((pf[0].file, str(F)))
else:
	field_now.setdefault((pf[0].file, str(F)), set()).add(m.group(1))

// Members the file clears (memset(&stream->stats, 0, n), KD_CLEAR): a
// stamp inside one is 0 until set again, so an end minus a start of such
// stamps is not ordered by their names.
@clearmember depends on !patch && !nogate@
identifier clr = {memset, __memset, __builtin_memset, __underlying_memset, __msan_memset};
expression X;
identifier M;
position pc;
@@

(
clr@pc(&X->M, 0, ...)
|
clr@pc(&X.M, 0, ...)
)

@script:python depends on !patch@
M << clearmember.M;
pc << clearmember.pc;
@@

k = (pc[0].file, str(M))
cleared[k] = min(cleared.get(k, int(pc[0].line)), int(pc[0].line))

// Variables of the file used as stamps (static ktime_t start, finish; set
// by start_timing()/stop_timing(), drivers/mtd/tests/speedtest.c): like
// fields, the reads stored into them and whether anything else is.
@globalnow depends on !patch && !nogate@
global idexpression G;
identifier now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_update_offsets_now, ktime_get_real, ktime_get_clocktai};
position pf;
@@

G@pf = now(...)

@script:python depends on !patch@
G << globalnow.G;
now << globalnow.now;
pf << globalnow.pf;
@@

field_now.setdefault((pf[0].file, "::" + str(G)), set()).add(str(now))

@globalother depends on !patch && !nogate@
global idexpression globalnow.G;
expression E;
position pf;
@@

G@pf = E

@script:python depends on !patch@
G << globalnow.G;
E << globalother.E;
pf << globalother.pf;
@@

if tidy(E).split("(")[0] not in NOWS_ALL or not tidy(E).endswith(")"):
	field_other.add((pf[0].file, "::" + str(G)))

// Stamps written in order through out-parameters by one producer, the
// same leading arguments: g(e, &t[0]); ... g(e, &t[1]); ... ktime_sub(t[1],
// t[0]).
@ordr depends on !patch && !nogate exists@
identifier fn, g;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta};
expression E1, E2;
expression list es;
position p;
@@

fn(...) {
... when any
g(es, &E1, ...)
... when any
g(es, &E2, ...)
... when any
src@p(E2, E1)
... when any
}

@script:python depends on !patch@
E1 << ordr.E1;
E2 << ordr.E2;
p << ordr.p;
@@

ordered.add((p[0].file, p[0].current_element, tidy(E1), tidy(E2)))

// A running minimum: m = x; ... if (ktime_before(y, m)) m = y; keeps
// x - m >= 0.
@runmin1 depends on !patch && !nogate@
identifier M;
expression X;
position qi;
@@

(
if@qi (ktime_before(X, M)) M = X;
|
if@qi (ktime_after(M, X)) M = X;
|
if@qi (X < M) M = X;
|
if@qi (M > X) M = X;
)

@runmin depends on !patch && !nogate@
identifier runmin1.M;
expression A;
position q;
@@

M@q = A

@script:python depends on !patch@
M << runmin1.M;
A << runmin.A;
q << runmin.q;
qi << runmin1.qi;
@@

if q[0].current_element == qi[0].current_element and int(q[0].line) < int(qi[0].line):
	k = (q[0].file, q[0].current_element, tidy(A), str(M))
	runmin[k] = min(runmin.get(k, int(q[0].line)), int(q[0].line))

// The file's own functions declared with an unsigned parameter (the body
// elsewhere): sinks like api.def's.
@proto depends on !patch && !nogate@
identifier fn2, P;
type T, UT;
parameter list[n] ps;
position pp;
@@

T fn2@pp(ps, UT P, ...);

@script:python depends on !patch@
fn << proto.fn2;
P << proto.P;
UT << proto.UT;
n << proto.n;
pp << proto.pp;
@@

if str(UT) in UTYPE_BITS:
	own_sinks.setdefault((pp[0].file, str(fn)), {})[int(n)] = (str(P), str(UT))

// A delta held in a local variable that reaches a sink.
@held depends on !patch && !nogate exists@
identifier fn, D;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
expression list[n] es;
type T, CT;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2;
constant K;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
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
    when != D cmp K
    when != K cmp D
    when != conv(D) cmp K
    when != K cmp conv(D)
    when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
(
U =@p2 D
|
U =@p2 conv(D)
|
U =@p2 D + E
|
U =@p2 E + D
|
U =@p2 D * E
|
U =@p2 conv(D) * E
|
sink@p2(es, conv(D), ...)
|
sink@p2(es, (CT)D, ...)
|
sink@p2(es, D, ...)
)
... when any
}

@script:python depends on !patch@
p1 << held.p1;
p2 << held.p2;
src << held.src = "";
conv << held.conv = "";
A << held.A;
B << held.B;
D << held.D;
U << held.U = "";
sink << held.sink = "";
n << held.n = "";
@@

if unsigned_type(p1[0], D) not in UTYPE_BITS and \
   flow_report(p1, p2, [], str(src), A, B, str(D), str(sink), n, U, conv):
	star(p2)

// The same for a typed subtraction (a - b of ktime_t or ns reads).
@heldsub depends on !patch && !nogate exists@
identifier fn, D;
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
expression list[n] es;
type T, CT;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2;
position typedsub.pm;
constant K;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
(
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
    when != D cmp K
    when != K cmp D
    when != conv(D) cmp K
    when != K cmp conv(D)
    when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
(
U =@p2 D
|
U =@p2 conv(D)
|
U =@p2 D + E
|
U =@p2 E + D
|
U =@p2 D * E
|
U =@p2 conv(D) * E
|
sink@p2(es, conv(D), ...)
|
sink@p2(es, (CT)D, ...)
|
sink@p2(es, D, ...)
)
... when any
}

@script:python depends on !patch@
p1 << heldsub.p1;
p2 << heldsub.p2;
pm << typedsub.pm;

conv << heldsub.conv = "";
A << heldsub.A;
B << heldsub.B;
D << heldsub.D;
U << heldsub.U = "";
sink << heldsub.sink = "";
n << heldsub.n = "";
@@

if unsigned_type(p1[0], D) not in UTYPE_BITS and \
   flow_report(p1, p2, pm, "", A, B, str(D), str(sink), n, U, conv):
	star(p2)

// The delta copied into a second signed local (ns = ktime_to_ns(delta))
// that reaches a sink; an unsigned copy is reported as a store by "held".
@hop depends on !patch && !nogate exists@
identifier fn, D, N;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
type T, T2;
position p1, ph;
constant K;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
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
    when != D cmp K
    when != K cmp D
    when != conv(D) cmp K
    when != K cmp conv(D)
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

@held2 depends on !patch && !nogate exists@
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
U =@p2 N
|
U =@p2 conv(N)
|
sink@p2(es, conv(N), ...)
|
sink@p2(es, (CT)N, ...)
|
sink@p2(es, N, ...)
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

if (ph[0].file, ph[0].line) not in stored and \
   unsigned_type(ph[0], N) not in UTYPE_BITS and \
   flow_report(p1, p2, [], str(src), A, B, "%s' and '%s" % (D, N), str(sink), n, U):
	star(p2)

// A delta consumed where it is computed, with no variable in between.
@direct depends on !patch && !nogate exists@
identifier fn;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
expression list[n] es;
type CT;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
(
U =@p2 src@p1(A, B)
|
U =@p2 conv(src@p1(A, B))
|
U =@p2 src@p1(A, B) * E
|
U =@p2 conv(src@p1(A, B)) * E
|
sink@p2(es, conv(src@p1(A, B)), ...)
|
sink@p2(es, (CT)src@p1(A, B), ...)
|
sink@p2(es, src@p1(A, B), ...)
)
... when any
}

@script:python depends on !patch@
p1 << direct.p1;
p2 << direct.p2;
src << direct.src = "";
conv << direct.conv = "";
A << direct.A;
B << direct.B;
U << direct.U = "";
sink << direct.sink = "";
n << direct.n = "";
@@

if flow_report(p1, p2, [], str(src), A, B, "", str(sink), n, U, conv,
		   direct=True):
	star(p2)

// The same for a typed subtraction.
@directsub depends on !patch && !nogate exists@
identifier fn;
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink = {nsec_to_cycles, div_u64, div_u64_rem, div64_u64, do_div, mul_u64_u32_shr, mul_u64_u32_div, mul_u64_u64_div_u64, pvclock_scale_delta, nsecs_to_jiffies, nsecs_to_jiffies64, usecs_to_jiffies, msecs_to_jiffies, usleep_range, udelay, ndelay, mdelay, msleep, fsleep};
binary operator cmp = {<, <=, >, >=};
expression A, B;
expression list[n] es;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2;
position typedsub.pm;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
(
U =@p2 conv(A -@p1@pm B)
|
sink@p2(es, conv(A -@p1@pm B), ...)
|
sink@p2(es, A -@p1@pm B, ...)
)
... when any
}

@script:python depends on !patch@
p1 << directsub.p1;
p2 << directsub.p2;
pm << typedsub.pm;
conv << directsub.conv = "";
A << directsub.A;
B << directsub.B;
U << directsub.U = "";
sink << directsub.sink = "";
n << directsub.n = "";
@@

if flow_report(p1, p2, pm, "", A, B, "", str(sink), n, U, conv,
		   direct=True):
	star(p2)

// An explicit cast of a delta to an unsigned type is the conversion itself
// ((u64)ktime_us_delta(...), (u32)(ready_ts - now)), also of a delta in
// another unit ((u64)ktime_to_ns(ktime_sub(a, b)), timekeeping.c's
// adjust_historical_crosststamp()): found without the drop_cast
// isomorphism, then followed in its function for the guards.
@castsrc depends on !patch && !nogate disable drop_cast@
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
expression A, B;
type CT;
position p1, p2;
@@

(
 (CT)conv@p2(src@p1(A, B))
|
 (CT)src@p1@p2(A, B)
)

@castsrcflow depends on !patch && !nogate disable drop_cast exists@
identifier fn;
identifier castsrc.src;
identifier op = {ktime_before, ktime_after, ktime_compare};
binary operator cmp = {<, <=, >, >=};
expression castsrc.A, castsrc.B;
position castsrc.p1;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
 src@p1(A, B)
... when any
}

@script:python depends on !patch@
p1 << castsrc.p1;
p2 << castsrc.p2;
src << castsrc.src;
conv << castsrc.conv = "";
A << castsrc.A;
B << castsrc.B;
CT << castsrc.CT;
f << castsrcflow.fn;
@@

U = cast_dest(p2, CT)
if U:
	flow_report(p1, p2, [], str(src), A, B, "", "", "", U, str(conv),
		    direct=True)

@castsub depends on !patch && !nogate disable drop_cast@
expression A, B;
type CT;
position p1;
@@

 (CT)(A -@p1 B)

@castsubflow depends on !patch && !nogate disable drop_cast exists@
identifier fn;
identifier op = {ktime_before, ktime_after, ktime_compare};
binary operator cmp = {<, <=, >, >=};
expression castsub.A, castsub.B;
type castsub.CT;
position castsub.p1;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
 (CT)(A -@p1 B)
... when any
}

@script:python depends on !patch@
p1 << castsub.p1;
A << castsub.A;
B << castsub.B;
CT << castsub.CT;
f << castsubflow.fn;
@@

U = cast_dest(p1, CT)
if U:
	flow_report(p1, p1, p1, "", A, B, "", "", "", U, "",
		    direct=True)

// A call of the file's own function declared with an unsigned parameter.
@ownsink depends on !patch && !nogate exists@
identifier fn;
identifier proto.fn2;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
binary operator cmp = {<, <=, >, >=};
expression A, B;
expression list[n] es;
position p1, p2;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
    when any
(
fn2@p2(es, src@p1(A, B), ...)
|
fn2@p2(es, conv(src@p1(A, B)), ...)
)
... when any
}

@script:python depends on !patch@
p1 << ownsink.p1;
p2 << ownsink.p2;
src << ownsink.src;
conv << ownsink.conv = "";
A << ownsink.A;
B << ownsink.B;
sink << proto.fn2;
n << ownsink.n;
@@

flow_report(p1, p2, [], str(src), A, B, "", str(sink), n, "", conv,
	    direct=True)

@ownheld depends on !patch && !nogate exists@
identifier fn, D;
identifier proto.fn2;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier op = {ktime_before, ktime_after, ktime_compare};
binary operator cmp = {<, <=, >, >=};
expression A, B, E;
expression list[n] es;
type T;
position p1, p2;
constant K;
@@

fn(...) {
... when != op(A, B)
    when != op(B, A)
    when != A cmp B
    when != B cmp A
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
    when != D cmp K
    when != K cmp D
    when != conv(D) cmp K
    when != K cmp conv(D)
    when != op(A, B)
    when != op(B, A)
    when any
(
fn2@p2(es, conv(D), ...)
|
fn2@p2(es, D, ...)
)
... when any
}

@script:python depends on !patch@
p1 << ownheld.p1;
p2 << ownheld.p2;
src << ownheld.src;
conv << ownheld.conv = "";
A << ownheld.A;
B << ownheld.B;
D << ownheld.D;
sink << proto.fn2;
n << ownheld.n;
@@

if unsigned_type(p1[0], D) not in UTYPE_BITS:
	flow_report(p1, p2, [], str(src), A, B, str(D), str(sink), n, "", conv)

// Two current-time reads: a guard on one read (ktime_after(x,
// ktime_get())) says nothing of another in the subtraction.
@direct2 depends on !patch && !nogate exists@
identifier fn;
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier now = {ktime_get, ktime_get_raw, ktime_get_boottime, ktime_get_coarse, hrtimer_cb_get_time, ktime_get_update_offsets_now, ktime_get_real, ktime_get_clocktai};
identifier op = {ktime_before, ktime_after, ktime_compare};
identifier sink != {ktime_to_ns, ktime_to_us, ktime_to_ms, ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms, hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
expression A;
expression list[n] es;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2, pg;
@@

fn(...) {
... when any
op@pg(...)
... when any
(
U =@p2 src@p1(A, now(...))
|
U =@p2 conv(src@p1(A, now(...)))
|
sink@p2(es, conv(src@p1(A, now(...))), ...)
|
sink@p2(es, src@p1(A, now(...)), ...)
)
... when any
}

@script:python depends on !patch@
p1 << direct2.p1;
p2 << direct2.p2;
pg << direct2.pg;
src << direct2.src;
conv << direct2.conv = "";
A << direct2.A;
now << direct2.now;
U << direct2.U = "";
sink << direct2.sink = "";
n << direct2.n = "";
@@

if flow_report(p1, p2, [], str(src), A, "%s()" % now, "", str(sink), n, U, conv,
	      guard2=int(pg[0].line), direct=True):
	star(p2)

// The time left until an hrtimer expires (KD_REMAINING): negative once it
// is past due; only a sign test of the value guards it.
@remdirect depends on !patch && !nogate exists@
identifier fn;
identifier rem = {hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier sink != {ktime_to_ns, ktime_to_us, ktime_to_ms, ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms, hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
expression E;
expression list[n] es;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2;
@@

fn(...) {
... when any
(
U =@p2 rem@p1(...)
|
U =@p2 conv(rem@p1(...))
|
U =@p2 conv(rem@p1(...)) * E
|
sink@p2(es, conv(rem@p1(...)), ...)
|
sink@p2(es, rem@p1(...), ...)
)
... when any
}

@script:python depends on !patch@
p1 << remdirect.p1;
p2 << remdirect.p2;
rem << remdirect.rem;
conv << remdirect.conv = "";
U << remdirect.U = "";
sink << remdirect.sink = "";
n << remdirect.n = "";
@@

if flow_report(p1, p2, [], str(rem), "", None, "", str(sink), n, U, conv):
	star(p2)

@remheld depends on !patch && !nogate exists@
identifier fn, D;
identifier rem = {hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
identifier conv = {ktime_to_ns, ktime_to_us, ktime_to_ms};
identifier sink != {ktime_to_ns, ktime_to_us, ktime_to_ms, ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms, hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
binary operator cmp = {<, <=, >, >=};
expression E;
expression list[n] es;
type T;
typedef ktime_t, s64, s32, u64, __u64, uint64_t, u32, __u32, uint32_t, u16, __u16, uint16_t, u8, __u8, uint8_t;
{u64, __u64, uint64_t, unsigned long long, unsigned long, u32, __u32, uint32_t, unsigned int, u16, __u16, uint16_t, unsigned short, u8, __u8, uint8_t, unsigned char, size_t} U;
position p1, p2;
constant K;
@@

fn(...) {
... when any
(
D = rem@p1(...);
|
T D = rem@p1(...);
|
D = conv(rem@p1(...));
|
T D = conv(rem@p1(...));
)
... when != D = E
    when != &D
    when != D cmp K
    when != K cmp D
    when != conv(D) cmp K
    when != K cmp conv(D)
    when any
(
U =@p2 D
|
U =@p2 conv(D)
|
U =@p2 conv(D) * E
|
U =@p2 D * E
|
sink@p2(es, conv(D), ...)
|
sink@p2(es, D, ...)
)
... when any
}

@script:python depends on !patch@
p1 << remheld.p1;
p2 << remheld.p2;
rem << remheld.rem;
conv << remheld.conv = "";
D << remheld.D = "";
U << remheld.U = "";
sink << remheld.sink = "";
n << remheld.n = "";
@@

if not (D and unsigned_type(p1[0], D) in UTYPE_BITS) and \
   flow_report(p1, p2, [], str(rem), "", None, str(D), str(sink), n, U, conv):
	star(p2)

// A helper of the file that returns a delta unchecked, used by a sink.
@helper depends on !patch && !nogate@
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms};
expression A, B;
position p1;
@@

return src@p1(A, B);

@script:python hname depends on !patch@
p1 << helper.p1;
fn;
@@

coccinelle.fn = cocci.make_ident(p1[0].current_element)

@helperuse depends on !patch && !nogate exists@
identifier hname.fn;
identifier sink != {ktime_to_ns, ktime_to_us, ktime_to_ms, ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms, hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
expression list[n] es;
position p2;
@@

sink@p2(es, fn(...), ...)

@script:python depends on !patch@
p1 << helper.p1;
src << helper.src;
A << helper.A;
B << helper.B;
fn << hname.fn;
p2 << helperuse.p2;
sink << helperuse.sink;
n << helperuse.n;
@@

if flow_report(p1, p2, [], str(src), A, B, "", str(sink), n, "", via=str(fn)):
	star(p2)

// Context mode: the sinks of the flows reported above.  The flow rules'
// scripts never drop a match (cocci.include_match(False)): when every
// match of a rule was dropped, spatch went on from an empty environment,
// forgetting the bindings later rules inherit (typedsub.pm, proto.fn2) and
// so skipping heldsub, directsub, ownsink and ownheld in that file.
@depends on context@
position p : script:python() { starred_at(p) };
identifier f;
expression L, R;
@@

(
* f@p(...)
|
* L =@p R
)

// Every source, so that the ones not reported are listed with a reason.
@allsrc depends on !patch && !nogate@
identifier src = {ktime_sub, ktime_us_delta, ktime_ms_delta, ktime_sub_ns, ktime_sub_us, ktime_sub_ms, hrtimer_expires_remaining, hrtimer_expires_remaining_adjusted, __hrtimer_expires_remaining_adjusted, hrtimer_get_remaining, __hrtimer_get_remaining};
position p;
@@

src@p(...)

@script:python depends on !patch@
src << allsrc.src;
p << allsrc.p;
@@

saw(p, str(src))

@finalize:python depends on !patch@
@@

put_silences()

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
constant K;
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
    when != D cmp K
    when != K cmp D
    when != conv(D) cmp K
    when != K cmp conv(D)
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
