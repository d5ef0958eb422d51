"""What static-site generators add to Markdown, turned into plain Markdown before parsing.

Hugo shortcodes (`{{< … >}}`, `{{% … %}}`), Liquid tags (`{% … %}`, `{{ … }}`, Jekyll and
Eleventy), MDX's imports and JSX components (Astro, Docusaurus) are template syntax: never
spoken. A figure shortcode's caption is a caption, so it becomes a <figure> that the
Markdown reader already speaks as one. Admonitions (MkDocs `!!! note`, Docusaurus/Astro
`:::note`, GitHub `> [!NOTE]`) are spoken as "Note: …"; definition lists as "Term: …".

Written by hand: no library reads all of these dialects, and each rule is a line-level
rewrite outside fenced code (where such syntax is shown, not run).
"""

from __future__ import annotations

import html
import re
import shlex

_FENCE_RE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
# {{< name args >}} / {{% name args %}}; the closing form has a leading slash.
_SHORTCODE_RE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_SHORTCODE_COMMENT_RE = re.compile(r"\{\{<\s*/\*.*?\*/\s*>\}\}", re.DOTALL)
_LIQUID_COMMENT_RE = re.compile(
    r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL
)
_LIQUID_TAG_RE = re.compile(r"\{%-?.*?-?%\}", re.DOTALL)
_LIQUID_OUTPUT_RE = re.compile(r"\{\{-?.*?-?\}\}", re.DOTALL)
_CODE_SHORTCODES = {"highlight", "code", "gist", "tweet", "youtube", "vimeo", "instagram"}
_LIQUID_CODE_RE = re.compile(
    r"\{%-?\s*highlight\s+(\w*)[^%]*%\}(.*?)\{%-?\s*endhighlight\s*-?%\}", re.DOTALL
)
_MDX_IMPORT_RE = re.compile(r"^(?:import|export)\s.*$", re.MULTILINE)
# <Callout type="tip">, </Callout>, <Chart data={x} />: components are capitalised.
_JSX_TAG_RE = re.compile(r"</?[A-Z][\w.]*(?:\s+[^<>]*?)?/?>")
_JSX_EXPRESSION_RE = re.compile(r"\{[^{}\n]*\}")
_MKDOCS_ADMONITION_RE = re.compile(r'^(!!!|\?\?\?\+?)\s+(\w+)(?:\s+"([^"]*)")?\s*$')
_COLON_ADMONITION_RE = re.compile(r"^:::+\s*(\w+)?(?:\[([^\]]*)\]|\s+(.+))?\s*$")
_GITHUB_ALERT_RE = re.compile(r"^(\s*>\s*)\[!(\w+)\]\s*$")
_DEFINITION_RE = re.compile(r"^:\s+(.*)$")


def prepare_markdown(text: str, *, mdx: bool = False) -> str:
    """Site-generator Markdown (any of the dialects above) → CommonMark to parse."""
    out: list[str] = []
    for is_code, chunk in _split_fences(text):
        if is_code:
            out.append(chunk)
            continue
        chunk, spans = _hide_code_spans(chunk)
        if mdx:
            chunk = _strip_jsx(chunk)
        chunk = _template_tags(chunk)
        chunk = _admonitions(chunk)
        chunk = _definitions(chunk)
        out.append(_show_code_spans(chunk, spans))
    return "".join(out)


# `{{ page.title }}` in an inline code span is shown as written, like fenced code. Spans
# are swapped for private-use markers while the rewrites run, then put back.
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_CODE_MARK_RE = re.compile("\ue000(\\d+)\ue001")


def _hide_code_spans(text: str) -> tuple[str, list[str]]:
    spans: list[str] = []

    def hide(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"\ue000{len(spans) - 1}\ue001"

    return _CODE_SPAN_RE.sub(hide, text), spans


def _show_code_spans(text: str, spans: list[str]) -> str:
    return _CODE_MARK_RE.sub(lambda match: spans[int(match.group(1))], text)


def _split_fences(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is fenced code, text) runs, keeping every character."""
    runs: list[tuple[bool, str]] = []
    current: list[str] = []
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        match = _FENCE_RE.match(line)
        if fence is None and match:
            runs.append((False, "".join(current)))
            current, fence = [line], match.group(2)[0] * len(match.group(2))
        elif fence is not None and match and match.group(2).startswith(fence):
            current.append(line)
            runs.append((True, "".join(current)))
            current, fence = [], None
        else:
            current.append(line)
    runs.append((fence is not None, "".join(current)))
    return runs


def _template_tags(text: str) -> str:
    text = _SHORTCODE_COMMENT_RE.sub("", text)
    text = _LIQUID_COMMENT_RE.sub("", text)
    text = _LIQUID_CODE_RE.sub(lambda m: f"\n```{m.group(1)}\n{m.group(2).strip()}\n```\n", text)
    text = _code_shortcodes(text)
    text = _SHORTCODE_RE.sub(_shortcode, text)
    text = _LIQUID_TAG_RE.sub("", text)
    return _LIQUID_OUTPUT_RE.sub("", text)


def _code_shortcodes(text: str) -> str:
    """A paired {{< highlight go >}} … {{< /highlight >}} holds code: fence it."""
    pattern = re.compile(
        r"\{\{[<%]\s*(highlight|code)\b([^>%]*)[>%]\}\}(.*?)\{\{[<%]\s*/\s*\1\s*[>%]\}\}",
        re.DOTALL,
    )
    return pattern.sub(lambda m: f"\n```\n{m.group(3).strip()}\n```\n", text)


def _shortcode(match: re.Match[str]) -> str:
    closing, name, args = match.group(2), match.group(3), match.group(4)
    if closing or name in _CODE_SHORTCODES:
        return ""
    if name == "figure":
        caption = _arguments(args).get("caption") or _arguments(args).get("title")
        if caption:
            # A block of its own, so the Markdown reader sees an HTML figure.
            return f"\n\n<figure><figcaption>{html.escape(caption)}</figcaption></figure>\n\n"
    return ""


def _arguments(args: str) -> dict[str, str]:
    """`src="a.jpg" caption="A view"` → {"src": "a.jpg", "caption": "A view"}."""
    try:
        words = shlex.split(args)
    except ValueError:
        return {}
    pairs = (word.split("=", 1) for word in words if "=" in word)
    return {key: value for key, value in pairs}


def _strip_jsx(text: str) -> str:
    text = _MDX_IMPORT_RE.sub("", text)
    text = _JSX_TAG_RE.sub("", text)
    return _JSX_EXPRESSION_RE.sub("", text)


def _admonitions(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        mkdocs = _MKDOCS_ADMONITION_RE.match(line)
        colon = _COLON_ADMONITION_RE.match(line)
        alert = _GITHUB_ALERT_RE.match(line)
        if mkdocs:
            # MkDocs: the body is indented by four spaces (CommonMark would call it code).
            label = mkdocs.group(3) or mkdocs.group(2).capitalize()
            body: list[str] = []
            i += 1
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i][4:])
                i += 1
            out.extend(_labelled(label, body))
            continue
        if colon and (colon.group(1) or colon.group(2) or colon.group(3)):
            label = colon.group(2) or colon.group(3) or (colon.group(1) or "").capitalize()
            out.append(f"**{label.strip()}:**" if label else "")
        elif colon:
            out.append("")  # the closing :::
        elif alert:
            out.append(f"{alert.group(1)}**{alert.group(2).capitalize()}:**")
        else:
            out.append(line)
        i += 1
    return "\n".join(out)


def _labelled(label: str, body: list[str]) -> list[str]:
    while body and not body[-1].strip():
        body.pop()
    if body and body[0].strip():
        return ["", f"**{label}:** {body[0].strip()}", *body[1:], ""]
    return ["", f"**{label}:**", *body, ""]


def _definitions(text: str) -> str:
    """`Term` then `: definition` (PHP Markdown Extra, Pandoc, kramdown) → "Term: definition".

    A term's second definition stays a line of its own, so it reads as its own sentence."""
    out: list[str] = []
    merged = False  # the previous line is already "Term: definition"
    for line in text.split("\n"):
        match = _DEFINITION_RE.match(line)
        previous = out[-1].strip() if out else ""
        if match and previous and not merged:
            out[-1] = f"{previous}: {match.group(1)}"
            merged = True
        elif match:
            out.append(match.group(1))
        else:
            out.append(line)
            merged = False
    return "\n".join(out)
