"""Parsing untrusted XML (exports and feeds): no entities, no network, no DTD tricks."""

from __future__ import annotations

from typing import Any

from ..errors import UserError


def parse_xml(data: bytes, source: str) -> Any:
    """The root element of `data`; UserError naming `source` when it is not XML."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        problem = f"is not well-formed XML (line {exc.lineno}): {exc.msg}"
        raise UserError(problem, path=source) from None
