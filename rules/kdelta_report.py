# SPDX-License-Identifier: GPL-2.0-only
# Shared by the initialize blocks of the kdelta rules (pasted in by `make rules`).
import fnmatch
import json
import os
import re
%%PY_TABLE%%

%%PY_API%%

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
INSTANCE_FUNCS = "%%INSTANCE_FUNCS%%".split(", ")

# Clamps (KD_CLAMP) and absolute values (KD_ABS): a delta passed to one is
# guarded, not consumed.
CLAMPS = "%%CLAMPS%%".split(", ")
ABS = "%%ABS%%".split(", ")

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
TEXT_OUT = "%%TEXT_OUT%%".split(", ")
LOCKS = "%%LOCKS%%".split(", ")
MAKES = "%%MAKES%%".split(", ")

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
