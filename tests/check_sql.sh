#!/usr/bin/env bash
# SQL text is only ever fixed text: values reach SQL through bound parameters. Fails when any call that
# prepares or runs SQL (sqlite3_prepare*, sqlite3_exec, Database::Exec, Statement::Prepare, FastQuery and
# every helper that passes its SQL argument on) is given anything but a string literal, a named constant
# whose definition is literals, or a choice (?:) between such. Exceptions are listed below, each with why
# it is safe. Usage: check_sql.sh ROOT [FILE...] (FILEs: check only these, e.g. a planted copy in a test)
set -u
root="$1"
shift
exec python3 - "$root" "$@" <<'PY'
import os, re, sys

ROOT = sys.argv[1]
ONLY = sys.argv[2:]

# Justified exceptions: (file, the SQL argument exactly as written) -> why it cannot carry data into SQL.
ALLOWED = {
    ("kiosk/core/records/records_schema.cpp", "step.sql"):
        "kMigrations is a constexpr table whose sql fields are the literal constants kSchemaV1, kSchemaV2",
    ("kiosk/core/pack/pack_writer.cpp", "ids.c_str()"):
        "PRAGMA application_id/user_version take no parameters; the two numbers are compile-time constants",
    ("tools/report/merge_staging.cpp", "sql"):
        "Finish: CREATE INDEX statements read back from OUT's own schema (a records DB this tool made or"
        " checked), re-run after a bulk load; RunSchemaStatement runs one statement and refuses any tail",
    ("tools/report/merge_staging.cpp", '"DROP INDEX main." + quoted'):
        "DropIndex: an index name from OUT's own schema, quoted as an identifier (DDL takes no parameters)",
}

# Calls that take SQL, and which argument (0-based) is the SQL. `member` calls are obj.Name(...) or
# obj->Name(...); free ones are Name(...).
SINKS_FREE = {"sqlite3_prepare": 1, "sqlite3_prepare_v2": 1, "sqlite3_prepare_v3": 1, "sqlite3_prepare16": 1,
              "sqlite3_prepare16_v2": 1, "sqlite3_prepare16_v3": 1, "sqlite3_exec": 1}
SINKS_MEMBER = {"Prepare": 1, "Exec": 0}
KEYWORDS = {"if", "for", "while", "switch", "return", "catch", "sizeof", "decltype", "static_assert", "defined"}

LITERAL = r'(?:u8|u|U|L)?(?:R"(?P<d>[^(\s]{0,16})\((?:.|\n)*?\)(?P=d)"|"(?:[^"\\\n]|\\.)*")'
LITERAL_RE = re.compile(LITERAL)


TOKEN_RE = re.compile(r"//[^\n]*|/\*(?:.|\n)*?\*/|" + LITERAL + r"|(?<![\w'])'(?:[^'\\\n]|\\.)*'")


def blank(text):
    """Comments become spaces and string/char literal contents become '_' (same length), so structure can
    be found with regexes while positions still point into the original text."""
    def repl(m):
        t = m.group(0)
        if t.startswith("/"):
            return re.sub(r"[^\n]", " ", t)
        q = t.index(t[-1])  # the opening quote (after any prefix)
        return t[:q + 1] + re.sub(r"[^\n]", "_", t[q + 1:-1]) + t[-1]
    return TOKEN_RE.sub(repl, text)


def bracket_pairs(blanked):
    """Index of the matching bracket for every (, [ and { (and back)."""
    pairs, stack = {}, []
    for m in re.finditer(r"[()\[\]{}]", blanked):
        c, i = m.group(0), m.start()
        if c in "([{":
            stack.append(i)
        elif stack:
            j = stack.pop()
            pairs[j], pairs[i] = i, j
    return pairs


def split_args(blanked, open_at):
    """Argument spans (start, end) of the call whose '(' is at open_at, and the index after ')'."""
    depth, start, spans = 0, open_at + 1, []
    i = open_at
    while i < len(blanked):
        c = blanked[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                spans.append((start, i))
                return spans, i + 1
        elif c == "," and depth == 1:
            spans.append((start, i))
            start = i + 1
        elif c == "<" and depth >= 1:
            pass
        i += 1
    return spans, len(blanked)


class Source:
    def __init__(self, rel, text):
        self.rel, self.text, self.blanked = rel, text, blank(text)
        self.functions = self.find_functions()

    def line(self, pos):
        return self.text.count("\n", 0, pos) + 1

    def find_functions(self):
        """(name, parameter names, body_start, body_end) of each function and named lambda."""
        found = []
        b = self.blanked
        self.pairs = pairs = bracket_pairs(b)
        tail = re.compile(r"\s*(?:const\s*)?(?:noexcept\s*)?(?:mutable\s*)?(?:override\s*)?(?:->\s*[\w:<>,\s*&]+\s*)?\{")
        for m in re.finditer(r"(?:\b(\w+)|\])\s*\(", b):
            open_at = m.end() - 1
            close = pairs.get(open_at)
            if close is None:
                continue
            t = tail.match(b, close + 1)
            if not t:
                continue
            name = m.group(1)
            if name is None:  # a lambda: named by `auto name = [..](..) {`
                start = pairs.get(m.start())
                before = re.search(r"(\w+)\s*=\s*$", b[max(0, (start or m.start()) - 100):start or m.start()])
                name = before.group(1) if before else "<lambda>"
            elif name in KEYWORDS:
                continue
            body = t.end() - 1
            names = []
            for p in split_top(b[open_at + 1:close]):
                p = p.split("=")[0].strip()
                ident = re.search(r"(\w+)\s*(?:\[\s*\])?$", p)
                typed = ident and (len(p.split()) > 1 or re.search(r"[&*]", p))
                names.append(ident.group(1) if typed else None)
            found.append((name, names, body, pairs.get(body, len(b))))
        return found

    def enclosing(self, pos):
        best = None
        for f in self.functions:
            if f[2] < pos < f[3] and (best is None or f[2] > best[2]):
                best = f
        return best


def split_top(text):
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "(<[{":
            depth += 1
        elif c in ")>]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if text.strip():
        parts.append(text[start:])
    return parts


def load():
    sources = []
    for top in ("kiosk", "authoring", "tools"):
        for dirpath, dirs, files in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [d for d in dirs if d not in ("fixtures", "node_modules")]
            for f in files:
                if f.endswith((".cpp", ".h", ".hpp", ".cc")):
                    path = os.path.join(dirpath, f)
                    sources.append(Source(os.path.relpath(path, ROOT), open(path, encoding="utf-8", errors="replace").read()))
    return sources


SOURCES = load()
HEADERS = [s for s in SOURCES if s.rel.endswith(".h")]
if ONLY:  # planted copies replace the files of the same name
    by_rel = {s.rel: s for s in SOURCES}
    for path in ONLY:
        rel = os.path.relpath(os.path.abspath(path), ROOT)
        for s in SOURCES:
            if os.path.basename(s.rel) == os.path.basename(path):
                rel = s.rel
        by_rel[rel] = Source(rel, open(path, encoding="utf-8").read())
    SOURCES = list(by_rel.values())
    HEADERS = [s for s in SOURCES if s.rel.endswith(".h")]


def definition(src, name, before):
    """The initializer text of `name` (a constant or a local): the last one before `before` in src, else
    one in a header."""
    pat = re.compile(r"(?<![\w.>])" + re.escape(name) + r"\s*(?:\[\s*\])?\s*(?:=\s*|\{)")
    for s in [src] + HEADERS:
        if s is src:
            matches = [m for m in pat.finditer(s.blanked) if m.start() < before]
            matches.reverse()
        elif name in s.blanked:
            matches = list(pat.finditer(s.blanked))
        else:
            continue
        for m in matches:
            head = s.blanked[max(0, m.start() - 120):m.start()]
            if not re.search(r"(?:char|string_view|auto|SqlText)\s*(?:const\s*)?[*&]?\s*(?:const\s*)?$", head):
                continue
            end = s.blanked.find(";", m.end())
            init = s.text[m.end():end].strip()
            if s.blanked[m.end() - 1] == "{":
                init = init.rstrip().rstrip("}")
            # A variable assigned again before its use could hold anything.
            if s is src and re.search(r"(?<![\w.>])" + re.escape(name) + r"\s*=[^=]", s.blanked[end:before]):
                return None
            return s, init
    return None


def macro(name, depth=0):
    """True when `#define name ...` is only string literals and such macros."""
    for s in SOURCES:
        m = re.search(r"^\s*#\s*define\s+" + re.escape(name) + r"\s+((?:.*\\\n)*.*)$", s.text, re.M)
        if m:
            return depth < 8 and literal_tokens(m.group(1).replace("\\\n", " "), depth + 1)
    return False


def literal_tokens(text, depth=0):
    """True when text is string literals and macros that are, side by side (C joins them)."""
    rest = LITERAL_RE.sub(" ", text).split()
    return (bool(rest) or bool(LITERAL_RE.search(text))) and all(
        re.fullmatch(r"[A-Z][A-Z0-9_]*", t) and macro(t, depth) for t in rest)


def classify(src, arg, pos, depth=0):
    """None when `arg` is fixed SQL text; otherwise why not. May register forwarders."""
    a = arg.strip()
    if depth > 8:
        return "too many steps to a literal"
    while a.startswith("(") and a.endswith(")"):
        a = a[1:-1].strip()
    # Literals, and macros that are literals (REPORT_SITTING_WHERE), joined by the compiler.
    if a and literal_tokens(a):
        return None
    a = re.sub(r"^(\w+)\s*\.\s*(?:data|c_str)\s*\(\s*\)$", r"\1", a)  # the text of a parameter
    b = blank(a)
    q = b.find("?")
    if q >= 0:
        depth_, colon = 0, -1
        for i in range(q + 1, len(b)):
            if b[i] in "([{":
                depth_ += 1
            elif b[i] in ")]}":
                depth_ -= 1
            elif b[i] == ":" and depth_ == 0 and b[i - 1] != ":" and (i + 1 >= len(b) or b[i + 1] != ":"):
                colon = i
                break
        if colon > 0:
            why = classify(src, a[q + 1:colon], pos, depth + 1) or classify(src, a[colon + 1:], pos, depth + 1)
            return why
    m = re.fullmatch(r"(?:std::string_view\s*)?\(?\s*([A-Za-z_]\w*)\s*\)?", a)
    if m:
        name = m.group(1)
        f = src.enclosing(pos)
        if f and name in f[1]:
            FORWARDERS.add((f[0], f[1].index(name), src.rel))
            return None
        found = definition(src, name, pos)
        if found:
            return classify(found[0], found[1], pos, depth + 1)
        return f"'{name}' is not a parameter or a constant defined from literals"
    m = re.fullmatch(r"([A-Za-z_][\w:]*)\s*\(\s*\)", a)
    if m:
        fn = m.group(1).split("::")[-1]
        for s in SOURCES:
            d = re.search(r"\b" + re.escape(fn) + r"\s*\(\s*\)\s*\{\s*return\s+([^;]+);\s*\}", s.blanked)
            if d:
                return classify(s, s.text[d.start(1):d.end(1)], pos, depth + 1)
        return f"{fn}() does not simply return a constant"
    return "built at run time"


FORWARDERS = set()
USED = set()
problems, checked = [], 0
seen_calls = set()


def check_calls(name, index, member, only_rel=None):
    global checked
    if member:
        pat = re.compile(r"(?:\.|->)\s*" + re.escape(name) + r"\s*\(")
    else:
        pat = re.compile(r"(?<![\w.>:])(?:::)?" + re.escape(name) + r"\s*\(")
    # A helper is looked for in its own file, and everywhere when a header declares it.
    in_header = only_rel is None or any(re.search(r"\b" + re.escape(name) + r"\s*\(", h.blanked) for h in HEADERS)
    for src in SOURCES:
        if only_rel and src.rel != only_rel and not in_header:
            continue
        for m in pat.finditer(src.blanked):
            open_at = m.end() - 1
            spans, after = split_args(src.blanked, open_at)
            if index >= len(spans):
                continue
            s, e = spans[index]
            arg = src.text[s:e]
            key = (src.rel, s, name)
            if key in seen_calls:
                continue
            # A declaration or definition, not a call: `Type name` in the SQL position.
            if re.fullmatch(r"\s*(?:const\s+)?[\w:<>]+(?:\s*[*&]+\s*|\s+)(?:const\s*)?\w+\s*(?:=.*)?", src.blanked[s:e], re.S) \
                    and not LITERAL_RE.search(arg):
                continue
            seen_calls.add(key)
            checked += 1
            why = classify(src, arg, s)
            if why and (src.rel, arg.strip()) in ALLOWED:
                USED.add((src.rel, arg.strip()))
            elif why:
                problems.append(f"{src.rel}:{src.line(s)}: {name}(...) takes SQL from `{arg.strip()}`: {why}")


for name, index in SINKS_FREE.items():
    check_calls(name, index, False)
for name, index in SINKS_MEMBER.items():
    check_calls(name, index, True)
done = set()
while FORWARDERS - done:
    for fw in sorted(FORWARDERS - done):
        done.add(fw)
        name, index, rel = fw
        if name == "<lambda>":
            continue
        check_calls(name, index, False, rel)
        check_calls(name, index, True, rel)

for rel, arg in sorted(set(ALLOWED) - USED):  # an exception for code that is gone hides the next one
    problems.append(f"{rel}: the exception for `{arg}` in tests/check_sql.sh matches nothing; remove it")
for p in problems:
    print("FAIL: " + p)
print(f"{checked} SQL calls checked, {len(FORWARDERS)} helpers that pass SQL on, {len(ALLOWED)} allowed exceptions")
if problems:
    print("SQL must be fixed text with bound parameters (?1, ?2); see tests/check_sql.sh for the exceptions")
    sys.exit(1)
print("all SQL is fixed text")
PY
