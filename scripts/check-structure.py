#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The checker's shape, as the developers' guide asks for it.

Prints one line per violation and exits 1 when there is any:
  - a checker/*.c file over 800 lines, a function over 80 lines;
  - a header that is not the interface of one .c file (x.h <-> x.c);
  - an include circle or a call circle between files: file A calls a
    function declared in B's header while B (transitively) calls into A.
"""
import os
import re
import sys

MAX_FILE, MAX_FUNC = 800, 80
top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "checker")
files = sorted(f for f in os.listdir(top) if f.endswith((".c", ".h")))
text = {f: open(os.path.join(top, f), encoding="utf-8", errors="replace").read() for f in files}
bad = []


def strip_comments(s):
    s = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), s, flags=re.S)
    return re.sub(r"//[^\n]*", "", s)


# Function lengths: a definition starts at a line in column 0 ending the
# signature, its body ends at the first "}" in column 0.
for f in files:
    lines = text[f].split("\n")
    if f.endswith(".c") and len(lines) - 1 > MAX_FILE:
        bad.append(f"{f}: {len(lines) - 1} lines (limit {MAX_FILE})")
    start = name = None
    for i, l in enumerate(lines):
        if l == "{" and i > 0:
            j = i - 1
            while j > 0 and not re.match(r"^[A-Za-z_]", lines[j]):
                j -= 1
            m = re.search(r"([A-Za-z_]\w*)\s*\(", lines[j])
            start, name = i, m.group(1) if m else "?"
        elif l == "}" and start is not None:
            n = i - start - 1
            if n > MAX_FUNC:
                bad.append(f"{f}: {name}() body is {n} lines (limit {MAX_FUNC})")
            start = None

# Headers and what they declare.
stem = lambda f: f[:-2]
for f in files:
    if f.endswith(".h") and stem(f) + ".c" not in text:
        bad.append(f"{f}: a header with no {stem(f)}.c")
decl = {}
for f in files:
    if not f.endswith(".h"):
        continue
    for m in re.finditer(r"^[A-Za-z_][^;(){}]*?\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*(__attribute__\(\(.*\)\))?\s*;",
                         strip_comments(text[f]), flags=re.M):
        decl[m.group(1)] = stem(f)

# The file graph: includes and calls.
graph = {stem(f): set() for f in files if f.endswith(".c")}
for f in files:
    if not f.endswith(".c"):
        continue
    s, me = strip_comments(text[f]), stem(f)
    for m in re.finditer(r'#include "(\w+)\.h"', s):
        if m.group(1) != me and m.group(1) in graph:
            graph[me].add(m.group(1))
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", s):
        d = decl.get(m.group(1))
        if d and d != me and d in graph:
            graph[me].add(d)
# Headers including headers count for the .c they belong to.
for f in files:
    if f.endswith(".h") and stem(f) in graph:
        for m in re.finditer(r'#include "(\w+)\.h"', text[f]):
            if m.group(1) != stem(f) and m.group(1) in graph:
                graph[stem(f)].add(m.group(1))

# Cycles: Tarjan's strongly connected components.
index, low, onstack, stack, sccs, counter = {}, {}, set(), [], [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    onstack.add(v)
    for w in sorted(graph[v]):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in onstack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            onstack.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in sorted(graph):
    if v not in index:
        visit(v)
for c in sccs:
    edges = [f"{a}->{b}" for a in c for b in sorted(graph[a]) if b in c]
    bad.append("circle between files: " + ", ".join(edges))

for b in bad:
    print(b)
sys.exit(1 if bad else 0)
