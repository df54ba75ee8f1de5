"""mini_yaml.py - the subset of YAML that Suricata-verify's test.yaml files use (block maps and
lists, plain/quoted scalars, flow lists, block scalars, comments), stdlib only."""
import json
import re


def _strip_comment(line):
    out, q = [], None
    for i, c in enumerate(line):
        if q:
            if c == q:
                q = None
        elif c in "\"'":
            q = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(c)
    return "".join(out).rstrip()


def scalar(s):
    s = s.strip()
    if s == "" or s in ("~", "null"):
        return None
    if s.startswith('"') and s.endswith('"') and len(s) >= 2:
        try:
            return json.loads(s)
        except ValueError:
            return s[1:-1]
    if s.startswith("'") and s.endswith("'") and len(s) >= 2:
        return s[1:-1].replace("''", "'")
    if s.startswith("[") and s.endswith("]"):
        inner = s[1:-1].strip()
        return [scalar(x) for x in _split_flow(inner)] if inner else []
    if s in ("true", "True", "yes"):
        return True
    if s in ("false", "False", "no"):
        return False
    if re.fullmatch(r"-?\d+", s):
        return int(s)
    if re.fullmatch(r"-?\d+\.\d+", s):
        return float(s)
    return s


def _split_flow(s):
    parts, cur, q, depth = [], [], None, 0
    for c in s:
        if q:
            cur.append(c)
            if c == q:
                q = None
            continue
        if c in "\"'":
            q = c
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(c)
    parts.append("".join(cur))
    return parts


def _key_split(text):
    """'key: value' -> (key, value) or None; keys may be quoted."""
    m = re.match(r'^("[^"]*"|\'[^\']*\'|[^:#\s][^:]*?)\s*:(\s+(.*))?$', text)
    if not m:
        return None
    key = m.group(1)
    if key[0] in "\"'":
        key = key[1:-1]
    return key, (m.group(3) or "")


def load(text):
    lines = []
    for raw in text.splitlines():
        if raw.strip().startswith("#") or not raw.strip():
            lines.append((None, raw))
            continue
        lines.append((len(raw) - len(raw.lstrip(" ")), raw))
    items = [(ind, raw) for ind, raw in lines]
    val, _ = _block(items, 0, 0)
    return val


def _next(items, i):
    while i < len(items) and items[i][0] is None:
        i += 1
    return i


def _block(items, i, indent):
    i = _next(items, i)
    if i >= len(items):
        return None, i
    ind, raw = items[i]
    text = _strip_comment(raw).strip()
    if text.startswith("- ") or text == "-":
        return _list(items, i, ind)
    return _map(items, i, ind)


def _block_scalar(items, i, indent, style):
    out = []
    while i < len(items):
        ind, raw = items[i]
        if ind is not None and ind <= indent:
            break
        out.append(raw.strip() if ind is not None else "")
        i += 1
    return ("\n" if style.startswith("|") else " ").join(out).strip() + "\n", i


def _value(items, i, indent, rest):
    """Value after 'key:' on the line before items[i]."""
    if rest.strip() in ("|", ">", "|-", ">-"):
        return _block_scalar(items, i, indent, rest.strip())
    if rest.strip() != "":
        # a plain scalar continues on more-indented lines (folded with spaces)
        text = rest.strip()
        while text[:1] not in ("\"", "'", "[") and i < len(items):
            ind, raw = items[i]
            if ind is None or ind <= indent:
                break
            text += " " + _strip_comment(raw).strip()
            i += 1
        return scalar(text), i
    j = _next(items, i)
    if j < len(items) and items[j][0] is not None:
        ind = items[j][0]
        text = _strip_comment(items[j][1]).strip()
        if ind > indent or (ind == indent and text.startswith("- ")):
            return _block(items, j, ind)
    return None, i


def _map(items, i, indent):
    out = {}
    while True:
        i = _next(items, i)
        if i >= len(items):
            break
        ind, raw = items[i]
        if ind != indent:
            break
        text = _strip_comment(raw).strip()
        if text.startswith("- "):
            break
        kv = _key_split(text)
        if not kv:
            i += 1
            continue
        key, rest = kv
        out[key], i = _value(items, i + 1, indent, rest)
    return out, i


def _list(items, i, indent):
    out = []
    while True:
        i = _next(items, i)
        if i >= len(items):
            break
        ind, raw = items[i]
        if ind != indent:
            break
        text = _strip_comment(raw).strip()
        if not (text.startswith("- ") or text == "-"):
            break
        body = text[1:].strip()
        if body == "":
            v, i = _block(items, i + 1, indent + 1)
            out.append(v)
            continue
        kv = _key_split(body) if not body.startswith(("\"", "'", "[")) else None
        if kv:
            # an inline map: rewrite this line as a map line at the item's content column
            col = indent + (len(text) - len(body))
            items = items[:i] + [(col, " " * col + body)] + items[i + 1:]
            v, i = _map(items, i, col)
            out.append(v)
        else:
            out.append(scalar(body))
            i += 1
    return out, i
