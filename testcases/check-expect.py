#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check every expectation file against its fixture's code.

The expectation files (FIXTURE.c.{cocci,clang,clang-low}.expect) are written
by update-expect.sh from the engines' own output; this lint is the first
half of reviewing them by hand. It reads each finding's message back
against the fixture and the fixture header, independently of the checker:

  source      the subtraction the message names is on the line it gives,
              at or above the finding, in the same function, spelled as
              the code spells it;
  sink        the call, parameter name and type (from the prototype), the
              stored lvalue and its declared type, the return or cast
              type are what the code at the finding's line has;
  held in     where the subtraction was assigned to a local, the message
              names that local ("held in" / "through");
  wrap        -1 ns becomes 2^width - 1 for the destination type's width;
  rule        lapic_periodic_tscdeadline exactly for
              advance_periodic_target_expiration();
  confidence  README "Confidence" for the libclang engine, the rule
              header's "// Confidence:" for the rule pack;
  fix         the suggested clamp names the subtraction's operands.

Prints one line per problem (FIXTURE:LINE: ENGINE: problem) and a summary;
exits 1 if any problem is found. The problems known today are listed in
testcases/KNOWN-MESSAGE-DEFECTS.md; --known prints only those that are not.
Usage: check-expect.py [--known] [EXPECT-FILE...]
"""
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(TOP, "testcases/include/kdelta-fixture.h")
WIDTH = {"u64": 8, "s64": 8, "__u64": 8, "uint64_t": 8,
         "unsigned long long": 8, "unsigned long": 8,
         "u32": 4, "__u32": 4, "uint32_t": 4, "unsigned int": 4,
         "unsigned": 4, "u16": 2, "unsigned short": 2, "u8": 1,
         "unsigned char": 1}
WRAP = {8: "18446744073709551615", 4: "4294967295", 2: "65535", 1: "255"}
NOW_CALL = re.compile(r"\b(ktime_get\w*|hrtimer_cb_get_time)\s*\(")
LATER = {"end", "stop", "finish", "done", "exit", "stopped", "ended",
         "finished"}
EARLIER = {"start", "begin", "entry", "enter", "started", "began"}


def squash(s):
    return re.sub(r"\s+", "", s)


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def unconst(t):
    """A by-value parameter's const qualifier changes nothing here."""
    return collapse(re.sub(r"\bconst\b", "", t))


def split_args(s):
    """Top-level comma split of an argument list."""
    out, depth, cur = [], 0, ""
    for c in s:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
    out.append(cur.strip())
    return out


def call_args(code, fn):
    """The arguments of the first call of fn in code, or None."""
    m = re.search(r"\b%s\s*\(" % re.escape(fn), code)
    if not m:
        return None
    depth, i = 1, m.end()
    while i < len(code) and depth:
        depth += {"(": 1, ")": -1}.get(code[i], 0)
        i += 1
    return split_args(code[m.end():i - 1])


def operands(src):
    """(a, b) of the subtraction a - b the message names."""
    m = re.fullmatch(r"\s*(ktime_sub|ktime_us_delta|ktime_ms_delta)\s*\((.*)\)\s*",
                     src)
    if m:
        a = split_args(m.group(2))
        return (a[0], a[1]) if len(a) == 2 else None
    parts = re.split(r"\s*-\s*(?!>)", src)
    return (parts[0], "-".join(parts[1:])) if len(parts) >= 2 else None


class Code:
    """Declarations of the fixture and the fixture header."""

    def __init__(self, path):
        self.path = path
        with open(path) as fh:
            self.lines = fh.read().split("\n")
        with open(HEADER) as fh:
            hdr = fh.read()
        text = hdr + "\n" + "\n".join(self.lines)
        self.typedefs = dict((n, t.strip()) for t, n in
                             re.findall(r"typedef\s+([\w ]+?)\s+(\w+)\s*;", text))
        self.protos = {}
        for ret, name, params in re.findall(
                r"(?m)^(?:static\s+)?(?:inline\s+)?([\w ]+?[\s*]+)(\w+)\(([^()]*)\)\s*(?:;|\n\{|\{)",
                text):
            ps = []
            for p in split_args(params):
                pm = re.fullmatch(r"(.*?)[\s*]*\b(\w+)", p.strip())
                if pm:
                    ps.append((pm.group(2), collapse(pm.group(1))))
            self.protos.setdefault(name, (collapse(ret), ps))
        self.func_of = {}
        cur = None
        pending = None      # a definition's name, its parameters may
        for i, line in enumerate(self.lines, 1):    # go on for lines
            m = re.match(r"^[A-Za-z_][\w\s*]*?\b(\w+)\([^;]*$", line)
            if m:
                pending = m.group(1)
            elif not line.startswith(("\t", " ")) or line.rstrip().endswith(";"):
                pending = pending if line.startswith("{") else None
            if pending and i < len(self.lines) and self.lines[i].startswith("{"):
                cur, pending = pending, None
            if cur:
                self.func_of[i] = cur
            if line.startswith("}"):
                cur = None
        # Struct members: the header's, and the fixture's outside bodies.
        outside = [ln for i, ln in enumerate(self.lines, 1) if i not in self.func_of]
        self.fields = {}
        for t, n in re.findall(r"(?m)^\s+((?:const\s+)?[\w ]+?)\s+\**(\w+)\s*(?:\[[^\]]*\])?;",
                               hdr + "\n" + "\n".join(outside)):
            self.fields.setdefault(n, set()).add(collapse(t))

    def line(self, n):
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def body(self, fn):
        return [(i, ln) for i, ln in enumerate(self.lines, 1)
                if self.func_of.get(i) == fn]

    def width(self, t):
        t = collapse(re.sub(r"\bconst\b", "", t))
        seen = 0
        while t in self.typedefs and seen < 10:
            t = self.typedefs[t]
            seen += 1
        return WIDTH.get(t)

    def local_type(self, fn, name):
        for _, ln in self.body(fn):
            m = re.match(r"^\s*((?:const\s+)?[\w ]+?)\s+\**%s\s*[=;,]" % re.escape(name), ln)
            if m and m.group(1) not in ("return",):
                return collapse(m.group(1))
        return None

    def is_now(self, fn, op, upto):
        """op reads the current time, or is a local holding such a read."""
        m = NOW_CALL.match(op.strip())
        if m:
            return True, m.group(1) not in ("ktime_get_real", "ktime_get_clocktai")
        if re.fullmatch(r"\w+", op.strip()):
            for i, ln in self.body(fn):
                if i > upto:
                    break
                m = re.search(r"\b%s\s*=\s*(ktime_get\w*|hrtimer_cb_get_time)\s*\("
                              % re.escape(op.strip()), ln)
                if m:
                    return True, m.group(1) not in ("ktime_get_real",
                                                    "ktime_get_clocktai")
        return False, True


def last_name(op):
    return re.split(r"->|\.", op.strip())[-1]


def named(op, words):
    return any(w in words for w in last_name(op).split("_"))


def expected_confidence(code, fn, a, b, sl):
    """README "Confidence", for the libclang engine: (level, why)."""
    now_a, mono_a = code.is_now(fn, a, sl)
    now_b, _ = code.is_now(fn, b, sl)
    if named(a, LATER) and named(b, EARLIER):
        return "low", "operands named like elapsed time, an end minus a start"
    if now_b and not now_a:
        return "high", "a target minus the current time"
    if now_a and not now_b and mono_a:
        return "low", "elapsed time on a monotonic clock"
    if now_a and not mono_a:
        return "medium", "elapsed real time, which can step backwards"
    return "medium", "a difference of two stored times"


def rule_confidence(rule):
    with open(os.path.join(TOP, "rules", rule + ".cocci.in")) as fh:
        m = re.search(r"^// Confidence:\s*(\w+)", fh.read(), re.M)
    return m.group(1).lower() if m else "medium"


CLANG = re.compile(
    r"negative ktime delta: (?P<src>.*) \(line (?P<sl>\d+)\) can be negative"
    r"(?: \(held in '(?P<held>[^']*)'\))? and reaches (?P<sink>.*) with no sign"
    r" check or comparison of (?P<ca>.*) and (?P<cb>.*) on this path; a delta of"
    r" -1 ns becomes (?P<wrap>\d+); confidence (?P<conf>\w+) \((?P<why>[^)]*)\);"
    r" clamp the later operand \((?P<fix>.*)\) or the delta \(if \(d < 0\) d ="
    r" 0;\) before the conversion")
# The libclang engine's message since issue 9: the unit, the width, the
# sink's effect, and a fix that reads a current time once.
CLANG2 = re.compile(
    r"negative ktime delta: (?P<src>.*) \(line (?P<sl>\d+)\) can be negative"
    r"(?: \(held in '(?P<held>[^']*)'\))? and reaches (?P<sink>.*) with no sign"
    r" check(?: or comparison of (?P<ca>.*) and (?P<cb>.*))? on this path; a delta of"
    r" -1 (?P<unit>ns|us|ms) becomes (?P<wrap>\d+) in (?P<bits>\d+) bits(?: \([^)]*\))?"
    r"(?:, and (?P<effect_fn>\w+)\(\) (?P<effect>[^;]*))?; confidence (?P<conf>\w+)"
    r" \((?P<why>[^;]*)\); (?P<fix>.*)")
COCCI = re.compile(
    r"negative ktime delta: (?P<src>.*) \(line (?P<sl>\d+)\) can be negative and"
    r" reaches (?P<sink>.*?)(?: through (?P<via>'[^']*'(?: and '[^']*')*))? with"
    r" no sign check on this path; a delta of -1 ns becomes (?P<wrap>.*); clamp"
    r" the later operand \((?P<fix>.*)\) or the delta \(if \(d < 0\) d = 0;\)"
    r" before the conversion")
LAPIC = re.compile(
    r"CVE-2025-71104: advance_periodic_target_expiration\(\) passes (?P<src>.*)"
    r" \(line (?P<sl>\d+)\), negative once the vCPU has not run for a period, to"
    r" nsec_to_cycles\(\) as the u64 'nsec'; -1 ns becomes (?P<wrap>\d+), the TSC"
    r" deadline overflows and the host can hard-lockup in an hrtimer storm\."
    r" Introduced by d8f2f498d9ed, fixed by 18ab3fc8e880: clamp the expiration"
    r" first, (?P<fix>.*)")
# The rule pack's message since issue 9: the rating's reason, the unit,
# the destination's wrap, the sink's effect and a fix with real names.
COCCI2 = re.compile(
    r"negative ktime delta: (?P<src>.*) \(line (?P<sl>\d+)\) can be negative and"
    r" reaches (?P<sink>.*?)(?: through (?P<via>'[^']*'(?: and '[^']*')*|the return"
    r" value of \w+\(\)))? with no sign check on this path \((?P<why>.*)\); a delta"
    r" of -1 (?P<unit>ns|us|ms) becomes (?P<wrap>\d+|a huge unsigned value)"
    r"(?:; (?P<effect_fn>\w+)\(\) then (?P<effect>[^;]*))?; (?P<fix>.*)")
SINK_PARAM_CLANG = re.compile(
    r"parameter '(?P<p>\w+)' of (?P<f>\w+)\(\)(?P<summary>, which .*)? \((?P<t>[^()]*)\)")
SINK_PARAM_COCCI = re.compile(r"parameter '(?P<p>\w+)' \((?P<t>[^()]*)\) of (?P<f>\w+)\(\)")
SINK_LVALUE = re.compile(r"the (?P<kind>initialisation of|store to) '(?P<x>[^']*)'"
                         r"(?: \((?P<t>[^()]*)\)|, of unsigned type)")
SINK_OTHER = re.compile(r"(?P<kind>the return value|an explicit cast) \((?P<t>[^()]*)\)")


def holder(code, sl, src):
    """The local the subtraction on line sl is assigned to, if any."""
    ln = code.line(sl)
    at = squash(ln).find(squash(src))
    m = re.match(r"^\s*(?:(?:const\s+)?[\w ]+?\s+\**)?(\w+)\s*=(?!=)", ln)
    if m and at > 0 and m.group(1) not in ("return",):
        return m.group(1)
    return None


def check_sink(code, engine, fn, line, col, sink, problems):
    """Check the sink text; returns (destination type, delta variable name)."""
    text = code.line(line)
    m = (SINK_PARAM_CLANG if engine != "cocci" else SINK_PARAM_COCCI).fullmatch(sink)
    if m:
        f, p, t = m.group("f"), m.group("p"), m.group("t")
        if f not in code.protos:
            problems.append("sink %s(): no prototype in the fixture or header" % f)
            return t, None
        params = code.protos[f][1]
        names = [n for n, _ in params]
        if p not in names:
            problems.append("sink %s() has no parameter '%s' (has %s)" % (f, p, names))
            return t, None
        idx = names.index(p)
        decl = params[idx][1]
        if unconst(decl) != unconst(t):
            problems.append("parameter '%s' of %s() is declared '%s', message says '%s'"
                            % (p, f, decl, t))
        args = call_args(text, f)
        # A call whose arguments continue on the next lines: the argument
        # is reported where it is written.
        for back in range(1, 4):
            if args is not None or line - back < 1:
                break
            joined = " ".join(code.line(line - i) for i in range(back, -1, -1))
            args = call_args(joined, f)
        # A sink inside a macro's arguments is reported at the macro.
        for ahead in range(1, 4):
            if args is not None:
                break
            args = call_args(written_from(code, line, ahead), f)
        if args is None:
            problems.append("line %d does not call %s()" % (line, f))
        elif idx >= len(args):
            problems.append("call of %s() on line %d has no argument %d" % (f, line, idx))
        else:
            return t, args[idx]
        return t, None
    m = SINK_LVALUE.fullmatch(sink)
    if m:
        x, t = m.group("x"), m.group("t")
        # A store through a pointer: the rule pack spells it '* out'.
        ptr = re.fullmatch(r"\*\s*(\w+)", x.strip())
        pat = r"\*\s*%s" % re.escape(ptr.group(1)) if ptr else re.escape(x)
        if not re.search(r"%s\s*=(?!=)" % pat, text):
            problems.append("line %d does not assign '%s'" % (line, x))
        if ptr:
            # The pointee of a parameter declared 'T *name' (protos keep T).
            params = dict(code.protos.get(fn, ("?", []))[1])
            decl = params.get(ptr.group(1)) or code.local_type(fn, ptr.group(1))
        elif "->" in x or "." in x:
            # an element of an array member: the member's element type
            decl = code.fields.get(re.sub(r"\[[^\]]*\]$", "", last_name(x)), set())
            decl = sorted(decl)[0] if len(decl) == 1 else None
        else:
            decl = code.local_type(fn, x)
        if t is None:
            if decl and code.width(decl):
                problems.append("DEFECT store-vague: the store to '%s' names no type "
                                "(declared %s) and so no wrap value" % (x, decl))
            return decl, text.split("=", 1)[1] if "=" in text else None
        if decl is None:
            problems.append("cannot find the declared type of '%s'" % x)
        elif collapse(decl) != collapse(t):
            problems.append("'%s' is declared '%s', message says '%s'" % (x, decl, t))
        return t, text.split("=", 1)[1] if "=" in text else None
    m = SINK_OTHER.fullmatch(sink)
    if m:
        t = m.group("t")
        if m.group("kind") == "the return value":
            ret = code.protos.get(fn, ("?", []))[0]
            if "return" not in text:
                problems.append("line %d has no return" % line)
            if collapse(ret.replace("static", "").replace("inline", "")) != t:
                problems.append("%s() returns '%s', message says '%s'" % (fn, ret, t))
        elif squash("(%s)" % t) not in squash(text):
            problems.append("line %d has no cast to (%s)" % (line, t))
        return t, text
    problems.append("sink text not understood: %s" % sink)
    return None, None


def check_column(code, engine, line, col, sink, rule, problems):
    """The column points at what the finding names: the rule pack at the
    called name or the store's '=', the libclang engine at the argument,
    the lvalue or the declared name."""
    text = code.line(line)
    at = text[col - 1:]
    want = None
    if engine == "cocci" and rule == "lapic_periodic_tscdeadline":
        want = ["nsec_to_cycles"]
    elif sink is None:
        return
    else:
        pm = (SINK_PARAM_CLANG if engine != "cocci" else SINK_PARAM_COCCI).fullmatch(sink)
        lm = SINK_LVALUE.fullmatch(sink)
        om = SINK_OTHER.fullmatch(sink)
        if pm and engine == "cocci":
            want = [pm.group("f")]
        elif pm:
            args = call_args(text, pm.group("f")) or []
            names = [n for n, _ in code.protos.get(pm.group("f"), (None, []))[1]]
            if pm.group("p") in names and names.index(pm.group("p")) < len(args):
                want = [args[names.index(pm.group("p"))]]
        elif lm:
            want = ["="] if engine == "cocci" else [lm.group("x")]
        elif om and om.group("kind") == "the return value":
            want = ["return " if engine == "cocci" else "ktime", "return"]
        elif om:
            want = ["(" + om.group("t") + ")"]
    if want and not any(squash(at).startswith(squash(w)) for w in want):
        problems.append("column %d points at '%s', not at %s" % (col, at[:30], want))


def check_one(exp_path, engine, n, entry, code, problems):
    m = re.fullmatch(r"(\d+):(\d+): (\w+): (\w+): (\w+): (.*)", entry)
    if not m:
        problems.append("line %d of the expectation is not LINE:COL: FUNCTION: RULE: "
                        "CONFIDENCE: MESSAGE (file or engine differ?)" % n)
        return None
    line, col, fn, rule, conf, msg = (int(m.group(1)), int(m.group(2)), m.group(3),
                                      m.group(4), m.group(5), m.group(6))
    if code.func_of.get(line) != fn:
        problems.append("line %d is in %s(), not %s()" % (line, code.func_of.get(line), fn))
    want_rule = ("lapic_periodic_tscdeadline" if fn == "advance_periodic_target_expiration"
                 else "ktime_delta_unsigned")
    if rule != want_rule:
        problems.append("rule %s, want %s" % (rule, want_rule))
    if not 0 < col <= len(code.line(line)):
        problems.append("column %d outside line %d" % (col, line))
    if engine == "cocci" and rule == "ktime_delta_unsigned" and COCCI2.fullmatch(msg):
        return check_cocci2(code, fn, line, col, COCCI2.fullmatch(msg), problems)
    pm = (LAPIC if engine == "cocci" and rule == want_rule == "lapic_periodic_tscdeadline"
          else CLANG if engine != "cocci" else COCCI).fullmatch(msg)
    if not pm and engine != "cocci":
        pm = CLANG2.fullmatch(msg)
        if pm:
            return check_clang2(code, engine, fn, line, col, conf, pm, problems)
    if not pm:
        problems.append("message does not follow the %s template" % engine)
        return line
    src, sl = pm.group("src"), int(pm.group("sl"))
    ops = operands(src)
    if sl > line and code.func_of.get(sl) == fn:
        problems.append("NOTE source-below: source line %d is below the finding: a loop's "
                        "back edge? check by hand" % sl)
    elif sl > line or code.func_of.get(sl) != fn:
        problems.append("source line %d is not at or above %d in %s()" % (sl, line, fn))
    if not starts_on(code, sl, src):
        problems.append("source '%s' is not on line %d" % (src, sl))
    elif src not in collapse(written_from(code, sl, 3)):
        problems.append("DEFECT spacing: source printed '%s', the code spells it '%s'"
                        % (src, re.search(r"[^;]*", collapse(code.line(sl))).group(0).strip()))
    if ops is None:
        problems.append("source '%s' is not a subtraction" % src)
        return line
    a, b = ops
    fix = "if (ktime_before(%s, %s)) %s = %s;" % (a, b, a, b)
    if pm.group("fix") != fix:
        kind = "placeholder" if "(a, b)" in pm.group("fix") else "wrong"
        problems.append("DEFECT fix-%s: fix is '%s', want '%s'" % (kind, pm.group("fix"), fix))
    elif "(" in a:
        problems.append("DEFECT fix-not-lvalue: the fix assigns to '%s', a call" % a)
    elif "(" in b:
        problems.append("DEFECT fix-rereads: the fix compares with one read of '%s' and "
                        "the subtraction makes another, later one" % b)
    # The unit: -1 of a microsecond or millisecond delta is not -1 ns.
    unit = re.search(r"\bktime_(?:(us|ms)_delta|to_(us|ms))\s*\(", code.line(sl))
    said_unit = re.search(r"-1 (\w+) becomes", msg)
    if unit and said_unit and said_unit.group(1) == "ns":
        problems.append("DEFECT unit: the delta reaching the sink is in %s, the message "
                        "says -1 ns (which is 0 %s)" % (unit.group(1) or unit.group(2),
                                                       unit.group(1) or unit.group(2)))
    # Destination and wrap value.
    if engine == "cocci" and rule == "lapic_periodic_tscdeadline":
        t, arg = "u64", None
        args = call_args(code.line(line), "nsec_to_cycles")
        if args is None or len(args) != 2:
            problems.append("line %d does not call nsec_to_cycles(vcpu, nsec)" % line)
        else:
            arg = args[1]
    else:
        t, arg = check_sink(code, engine, fn, line, col, pm.group("sink"), problems)
    check_column(code, engine, line, col, pm.groupdict().get("sink"), rule, problems)
    w = code.width(t) if t else None
    if w is None:
        problems.append("no width known for destination type '%s'" % t)
    elif pm.group("wrap") != WRAP[w]:
        kind = "DEFECT store-vague" if not pm.group("wrap").isdigit() else "DEFECT wrap"
        problems.append("%s: -1 ns becomes '%s', %s (%d bytes) gives %s"
                        % (kind, pm.group("wrap"), t, w, WRAP[w]))
    # The local the delta travelled in.
    h = holder(code, sl, src)
    store_target = None
    sm = SINK_LVALUE.fullmatch(pm.groupdict().get("sink") or "")
    if sm:
        store_target = sm.group("x")
    if h and h == store_target and sl == line:
        h = None
    if engine == "cocci" and rule == "lapic_periodic_tscdeadline":
        said = None
    elif engine == "cocci":
        said = re.findall(r"'([^']*)'", pm.group("via") or "")
    else:
        said = [pm.group("held")] if pm.group("held") else []
    if said is not None:
        if h and not said:
            problems.append("DEFECT held-in: the delta is held in '%s' (line %d), the "
                            "message does not say so" % (h, sl))
        elif h and h not in said:
            problems.append("NOTE held-other: the subtraction is assigned to '%s' "
                            "(line %d), the message names %s: check the copy by hand"
                            % (h, sl, said))
        if not h and said and sl == line:
            problems.append("message names local(s) %s, the subtraction is inline" % said)
        if arg is not None and said and not any(re.search(r"\b%s\b" % re.escape(s), arg)
                                                for s in said):
            problems.append("argument '%s' does not use %s" % (arg, said))
    if arg is not None and not h and not said and squash(src) not in squash(arg):
        problems.append("argument '%s' holds neither the subtraction nor a local" % arg)
    # Confidence.
    if engine == "cocci":
        want = rule_confidence(rule)
        if conf != want:
            problems.append("confidence %s, rule header says %s" % (conf, want))
    else:
        want, why = expected_confidence(code, fn, a, b, sl)
        if conf != want or pm.group("conf") != want or pm.group("why") != why:
            problems.append("confidence %s (%s), README gives %s (%s)"
                            % (conf, pm.group("why"), want, why))
        if (pm.group("ca"), pm.group("cb")) != (a, b):
            problems.append("comparison names %s and %s, operands are %s and %s"
                            % (pm.group("ca"), pm.group("cb"), a, b))
    return line


def holds_delta(code, fn, name):
    """Whether fn sets the local name from a delta source (s64 d =
    ktime_us_delta(...);): x - name is then a duration minus a delta."""
    pat = re.compile(r"\b%s\s*=(?!=)[^;]*\b(ktime_(?:us_|ms_)?delta|ktime_sub|"
                     r"hrtimer_get_remaining)\s*\(" % re.escape(name))
    return re.match(r"\w+$", name) and any(pat.search(ln) for _, ln in code.body(fn))


def clang2_fix(a, b, code=None, fn=None):
    """The fix the issue-9 message gives for the operands a - b."""
    tail = "clamp the delta (if (d < 0) d = 0;) before the conversion"
    if code and holds_delta(code, fn, b):
        return ("subtract only a smaller delta (if (%s < %s) ..., as a guard on both"
                " values) or clamp the difference (if (d < 0) d = 0;) before the"
                " conversion" % (b, a)), None
    if "(" in a or not re.match(r"[\w.\[\]>-]+$", a) or re.search(r"\s", a):
        return tail, None
    if "(" in b:
        return None, " %s = now;" % a
    return ("clamp the later operand (if (ktime_before(%s, %s)) %s = %s;) or the delta"
            " (if (d < 0) d = 0;) before the conversion" % (a, b, a, b)), None


def lock_line(code, why, b):
    """The line the message names as the stamp's lock taken after the
    read, when that line does take a lock of the object of stamp b
    (x of x->f): the fix then reads the clock there first."""
    m = re.search(r"read before the stamp's lock is taken \(line (\d+)\)", why or "")
    o = re.match(r"(.+)(?:->|\.)\w+$", b.replace(" ", ""))
    if not m or not o:
        return None
    text = code.line(int(m.group(1))).replace(" ", "")
    return int(m.group(1)) if re.search(r"lock\w*\(&%s(?:->|\.)" % re.escape(o.group(1)),
                                        text) else None


def written_from(code, line, n):
    """Line and the n after it, joined: code written over several lines."""
    return " ".join(code.line(line + i) for i in range(n + 1))


def starts_on(code, line, text):
    """text is written from line on (it may continue on the next ones)."""
    j = squash(written_from(code, line, 3)).find(squash(text))
    return 0 <= j < len(squash(code.line(line)))


def check_clang2(code, engine, fn, line, col, conf, pm, problems):
    """The issue-9 clang message: source, unit, wrap of the width, fix."""
    src, sl = pm.group("src"), int(pm.group("sl"))
    if sl > line or code.func_of.get(sl) != fn:
        if not (sl > line and code.func_of.get(sl) == fn):
            problems.append("source line %d is not at or above %d in %s()" % (sl, line, fn))
    if not starts_on(code, sl, src):
        problems.append("source '%s' is not on line %d" % (src, sl))
    elif src not in collapse(written_from(code, sl, 3)):
        problems.append("DEFECT spacing: source printed '%s'" % src)
    unit = re.search(r"\bktime_(?:(us|ms)_delta|to_(us|ms)|sub_(us|ms))\s*\(", code.line(sl))
    if unit and pm.group("unit") == "ns":
        problems.append("DEFECT unit: the delta is in %s, the message says ns"
                        % next(u for u in unit.groups() if u))
    wrap = {"8": "255", "16": "65535", "32": "4294967295", "64": "18446744073709551615"}
    if wrap.get(pm.group("bits")) != pm.group("wrap"):
        problems.append("DEFECT wrap: %s is not -1 in %s bits" % (pm.group("wrap"),
                                                               pm.group("bits")))
    t, _ = check_sink(code, engine, fn, line, col, pm.group("sink"), problems)
    w = code.width(t) if t else None
    if w is not None and str(8 * w) != pm.group("bits"):
        problems.append("destination %s has %d bits, the message says %s"
                        % (t, 8 * w, pm.group("bits")))
    ops = operands(src)
    if ops and pm.group("ca") is not None:
        want, part = clang2_fix(*ops, code, fn)
        lk = lock_line(code, pm.group("why"), ops[1])
        if want and lk:
            want = "read the clock after taking the lock (line %d), or %s" % (lk, want)
        alt = want and want.replace("ktime_before(%s, %s)" % ops, "%s < %s" % ops)
        if want and pm.group("fix") not in (want, alt):
            problems.append("DEFECT fix-wrong: fix is '%s', want '%s'" % (pm.group("fix"), want))
        if part and (part not in pm.group("fix") or
                     not pm.group("fix").startswith("read the clock once")):
            problems.append("DEFECT fix-rereads: fix '%s' does not read the clock once"
                            % pm.group("fix"))
    # The data flow's rating is checked by t-confidence.sh (KDELTA-CONF);
    # here the finding's level and the message's must agree.
    if conf != pm.group("conf"):
        problems.append("confidence %s, the message says %s" % (conf, pm.group("conf")))
    return line


def check_cocci2(code, fn, line, col, pm, problems):
    """The issue-9 rule-pack message: source spelled as the code spells it,
    unit, wrap of the destination's width, a fix naming real operands.
    The confidence is the rule's own rating: t-confidence.sh and the
    engines' agreement check it, not this lint."""
    src, sl = pm.group("src"), int(pm.group("sl"))
    if sl > line and code.func_of.get(sl) == fn:
        pass
    elif not starts_on(code, sl, src):
        problems.append("source '%s' is not on line %d" % (src, sl))
    elif src not in collapse(written_from(code, sl, 3)):
        problems.append("DEFECT spacing: source printed '%s'" % src)
    unit = re.search(r"\bktime_(?:(us|ms)_delta|to_(us|ms))\s*\(", code.line(sl))
    if unit and pm.group("unit") == "ns":
        problems.append("DEFECT unit: the delta is in %s, the message says ns"
                        % next(u for u in unit.groups() if u))
    found = []
    t, _ = check_sink(code, "cocci", fn, line, col, pm.group("sink"), found)
    sm = SINK_PARAM_COCCI.fullmatch(pm.group("sink"))
    for up in range(1, 4):
        if not sm or not any("does not call" in f for f in found):
            break
        if re.search(r"\b%s\s*\(" % sm.group("f"), code.line(line - up)):
            found = ["NOTE sink-line: the call starts on line %d, the finding is at "
                     "the argument on line %d" % (line - up, line)]
    problems.extend(found)
    w = code.width(t) if t else None
    if w is not None and pm.group("wrap") != WRAP[w]:
        kind = "store-vague" if not pm.group("wrap").isdigit() else "wrap"
        problems.append("DEFECT %s: -1 becomes '%s', %s (%d bytes) gives %s"
                        % (kind, pm.group("wrap"), t, w, WRAP[w]))
    fix = pm.group("fix")
    if "a = b" in fix or "ktime_before(a, b)" in fix:
        problems.append("DEFECT fix-placeholder: %s" % fix)
    via = re.findall(r"'([^']*)'", pm.group("via") or "")
    if via and not re.search(r"\bif \(%s < 0\) %s = 0;" % ((re.escape(via[0]),) * 2), fix):
        problems.append("fix '%s' does not clamp the local '%s'" % (fix, via[0]))
    return line


def main(argv):
    known_only = "--known" in argv
    paths = [p for p in argv if p != "--known"] or sorted(
        glob.glob(os.path.join(TOP, "testcases/*/*.expect")))
    known = ""
    kpath = os.path.join(TOP, "testcases/KNOWN-MESSAGE-DEFECTS.md")
    if known_only and os.path.exists(kpath):
        with open(kpath) as fh:
            known = fh.read()
    total = bad = 0
    for p in paths:
        m = re.fullmatch(r"(.*\.c)\.(cocci|clang|clang-low)\.expect", p)
        if not m:
            continue
        code = Code(m.group(1))
        rel = os.path.relpath(m.group(1), os.path.join(TOP, "testcases"))
        with open(p) as fh:
            entries = [e for e in fh.read().split("\n") if e]
        for n, e in enumerate(entries, 1):
            total += 1
            problems = []
            line = check_one(p, m.group(2), n, e, code, problems)
            for pr in problems:
                cls = re.match(r"(?:DEFECT|NOTE) ([\w-]+):", pr)
                key = "`%s:%s` %s %s" % (rel, line, m.group(2), cls.group(1) if cls else "")
                if known_only and cls and key in known:
                    continue
                bad += 1
                print("%s:%s: %s: %s" % (rel, line, m.group(2), pr))
    print("%d findings checked, %d problems" % (total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
