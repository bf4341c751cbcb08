"""The letter templates' mark-up: paragraphs, headings and a fixed list of placeholders.

Pure: text in, blocks or a refusal out. Administrators write plain text; a blank line starts
a paragraph, a line starting "## " is a heading, and `{{ name }}` is replaced by a value the
service works out. A list placeholder (the helping questions, the consents) stands on a line
of its own. Values are never read as mark-up, so a family's name cannot change a letter.
"""

import re
from dataclasses import dataclass, field

from vig_service.core.errors import RuleBroken

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
MAX_BODY = 20_000


@dataclass(frozen=True)
class Placeholder:
    """A value a letter may use: its name, what it says, and whether it is a list."""

    name: str
    means: str
    block: bool = False


@dataclass(frozen=True)
class Block:
    """One part of a letter: a heading, a paragraph (lines), or a list placeholder."""

    kind: str  # "heading", "paragraph" or "list"
    lines: tuple = ()
    name: str = ""


@dataclass
class Rendered:
    """A letter's parts with their values filled in, ready for the page or the PDF."""

    blocks: list = field(default_factory=list)


def placeholders_used(text: str) -> list[str]:
    """The placeholder names in `text`, in order, each once."""
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def check_template(text: str, allowed: dict[str, Placeholder]) -> None:
    """Refuse a template with an unknown placeholder, a stray brace or a list inside a line."""
    if not text.strip():
        raise RuleBroken("Enter the letter's text", field="body")
    if len(text) > MAX_BODY:
        raise RuleBroken(
            f"The letter's text must be {MAX_BODY:,} characters or fewer", field="body"
        )
    unknown = [name for name in placeholders_used(text) if name not in allowed]
    if unknown:
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        known = ", ".join(f"{{{{ {name} }}}}" for name in allowed)
        noun = "is not a placeholder" if len(unknown) == 1 else "are not placeholders"
        raise RuleBroken(f"{names} {noun} this letter can use. It can use {known}", field="body")
    leftover = PLACEHOLDER.sub("", text)
    if "{{" in leftover or "}}" in leftover:
        raise RuleBroken(
            "A placeholder is not closed: write it as {{ name }}, with two braces each side",
            field="body",
        )
    for line in text.splitlines():
        for name in placeholders_used(line):
            if allowed[name].block and PLACEHOLDER.sub("", line).strip():
                raise RuleBroken(
                    f"Put {{{{ {name} }}}} on a line of its own: it is a list", field="body"
                )


def parse(text: str, allowed: dict[str, Placeholder]) -> list[Block]:
    """The template's parts: headings, paragraphs and list placeholders, in order."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph():
        if paragraph:
            blocks.append(Block("paragraph", tuple(paragraph)))
            paragraph.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        names = placeholders_used(line)
        if not line:
            end_paragraph()
        elif line.startswith("## "):
            end_paragraph()
            blocks.append(Block("heading", (line[3:].strip(),)))
        elif len(names) == 1 and allowed.get(names[0], Placeholder("", "")).block:
            end_paragraph()
            blocks.append(Block("list", name=names[0]))
        else:
            paragraph.append(line)
    end_paragraph()
    return blocks


def fill(line: str, values: dict) -> str:
    """A line with each placeholder replaced by its value (plain text, escaped later)."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), "")), line)


def render(text: str, allowed: dict[str, Placeholder], values: dict) -> Rendered:
    """The template filled in: headings and paragraphs as text, lists as their items."""
    rendered = Rendered()
    for block in parse(text, allowed):
        if block.kind == "list":
            rendered.blocks.append(Block("list", name=block.name, lines=values[block.name]))
        else:
            lines = tuple(fill(line, values) for line in block.lines)
            rendered.blocks.append(Block(block.kind, lines))
    return rendered
