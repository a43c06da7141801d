"""List endpoints (`limit`, `starting_after`, `ending_before`, `created`) and the search query language."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from typing import Any

from dripos_terminal.sim.stripe import objects
from dripos_terminal.sim.stripe.errors import invalid
from dripos_terminal.sim.stripe.forms import Params, get_int, get_str

Obj = dict[str, Any]

_RANGE_OPS: dict[str, Callable[[int, int], bool]] = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def _created_filter(params: Params) -> Callable[[Obj], bool]:
    raw = params.get("created")
    if raw is None or raw == "":
        return lambda _o: True
    if isinstance(raw, str):
        exact = get_int(params, "created")
        return lambda o: o["created"] == exact
    if not isinstance(raw, dict):
        raise invalid("Invalid created", param="created")
    checks: list[tuple[Callable[[int, int], bool], int]] = []
    for op in raw:
        if op not in _RANGE_OPS:
            raise invalid(f"Received unknown parameter: created[{op}]", param=f"created[{op}]")
        bound = get_int(raw, op)
        assert bound is not None
        checks.append((_RANGE_OPS[op], bound))
    return lambda o: all(fn(o["created"], bound) for fn, bound in checks)


def paginate(
    items: Iterable[Obj], params: Params, *, url: str, extra: Callable[[Obj], bool] | None = None
) -> Obj:
    """Newest first, as Stripe lists. `items` is in creation order."""
    limit = get_int(params, "limit", minimum=1) or 10
    if limit > 100:
        raise invalid("This value must be less than or equal to 100.", param="limit")
    created_ok = _created_filter(params)
    rows = [o for o in reversed(list(items)) if created_ok(o) and (extra is None or extra(o))]
    after, before = get_str(params, "starting_after"), get_str(params, "ending_before")
    ids = [o["id"] for o in rows]
    if after is not None:
        if after not in ids:
            raise invalid(f"No such object: '{after}'", param="starting_after", code="resource_missing")
        rows = rows[ids.index(after) + 1 :]
    elif before is not None:
        if before not in ids:
            raise invalid(f"No such object: '{before}'", param="ending_before", code="resource_missing")
        rows = rows[: ids.index(before)]
        has_more = len(rows) > limit
        return objects.list_object(rows[-limit:], url=url, has_more=has_more)
    return objects.list_object(rows[:limit], url=url, has_more=len(rows) > limit)


# -- search: `metadata['payment_id']:'X' AND status:'succeeded'`, `amount>100`, `-status:'canceled'` ------

_CLAUSE_RE = re.compile(
    r"""\s*(?P<neg>-)?(?P<field>metadata\[(?P<q>['"])(?P<key>[^'"]+)(?P=q)\]|[a-z_]+)"""
    r"""\s*(?P<op>:|>=|<=|>|<)\s*(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)\s*"""
)
_SEARCHABLE = {"amount", "currency", "status", "created", "customer", "metadata"}


def _clause_matcher(m: re.Match[str]) -> Callable[[Obj], bool]:
    field, op, raw = m.group("field"), m.group("op"), m.group("value")
    key = m.group("key")
    name = "metadata" if key is not None else field
    if name not in _SEARCHABLE:
        raise invalid(f"Field '{field}' is an unsupported search field.", param="query")
    quoted = raw[0] in "'\""
    value = re.sub(r"\\(.)", r"\1", raw[1:-1]) if quoted else raw

    def actual(o: Obj) -> Any:
        return (o.get("metadata") or {}).get(key) if key is not None else o.get(name)

    if op == ":":
        if name in ("amount", "created"):
            if not value.lstrip("-").isdigit():
                raise invalid(f"Invalid numeric value for {name}.", param="query")
            matcher: Callable[[Obj], bool] = lambda o: actual(o) == int(value)  # noqa: E731
        else:
            matcher = lambda o: actual(o) == value  # noqa: E731
    else:
        if name not in ("amount", "created") or not value.isdigit():
            raise invalid(f"Range queries are only supported on numeric fields ({field}).", param="query")
        cmp = _RANGE_OPS[{">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}[op]]
        bound = int(value)
        matcher = lambda o: isinstance(actual(o), int) and cmp(actual(o), bound)  # noqa: E731
    if m.group("neg"):
        return lambda o: not matcher(o)
    return matcher


def parse_query(query: str) -> Callable[[Obj], bool]:
    """Stripe's search query language, the subset a till needs. AND and OR cannot be mixed."""
    parts = re.split(r"\s+(AND|OR)\s+", query.strip())
    clauses, joins = parts[0::2], set(parts[1::2])
    if len(joins) > 1:
        raise invalid("AND and OR cannot be combined in the same query.", param="query")
    matchers = []
    for clause in clauses:
        m = _CLAUSE_RE.fullmatch(clause)
        if not m:
            raise invalid(f"Invalid search query: could not parse '{clause[:60]}'.", param="query")
        matchers.append(_clause_matcher(m))
    if joins == {"OR"}:
        return lambda o: any(fn(o) for fn in matchers)
    return lambda o: all(fn(o) for fn in matchers)


def search(items: Iterable[Obj], params: Params, *, url: str) -> Obj:
    """Newest first, `limit` a page. `next_page` is a cursor after the page's last object (not an
    offset), so objects indexed between two page requests never shift a page: walking every page sees
    each match exactly once."""
    query = get_str(params, "query", required=True)
    assert query is not None
    limit = get_int(params, "limit", minimum=1) or 10
    if limit > 100:
        raise invalid("This value must be less than or equal to 100.", param="limit")
    match = parse_query(query)
    rows = [o for o in reversed(list(items)) if match(o)]
    page = get_str(params, "page")
    if page is not None:
        after = _page_cursor(page)
        ids = [o["id"] for o in rows]
        if after not in ids:
            raise invalid("Invalid page token.", param="page")
        rows = rows[ids.index(after) + 1 :]
    chunk = rows[:limit]
    more = len(rows) > limit
    next_page = _page_token(chunk[-1]["id"]) if more else None
    return objects.search_result(chunk, url=url, has_more=more, next_page=next_page)


def _page_token(last_id: str) -> str:
    return "page_" + base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def _page_cursor(token: str) -> str:
    if not token.startswith("page_"):
        raise invalid("Invalid page token.", param="page")
    raw = token[5:]
    try:
        return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise invalid("Invalid page token.", param="page") from None
