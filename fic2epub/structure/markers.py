"""Scene-break markers and author's-note labels, as tables of (name, regex, why).

Both tables are data: adding a marker is adding one row (and one test row in
tests/structure_cases/). ``scene_break`` matches a whole stripped line; ``note_label`` matches the
start of a paragraph and says where in a chapter the label counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters that, repeated alone on a line (spaces allowed between), mark a change of scene.
_SYMBOLS = r"*+~#=_\-•·§°¤※○●◦◇◆◈□■☆★♦♥♡♣♠❦❧✿❀✦✧⁂⁕∞^|/\\<>—–―─━═"


@dataclass(frozen=True)
class Marker:
    name: str
    pattern: re.Pattern[str]
    why: str


SCENE_BREAKS: tuple[Marker, ...] = (
    Marker(
        "repeated-symbol",
        re.compile(rf"^([{_SYMBOLS}])(?:\s*\1)*$"),
        "one symbol alone or repeated (*** * * * +++ ~~~ --- ___ ### === • • • ❦ §, star rows, the 72-dash rule)",
    ),
    Marker(
        "ellipsis-row",
        re.compile(r"^(?:…\s*){2,}$|^(?:\.\s*){4,}$"),
        "a row of ellipses (…… in Chinese web novels, ....... in English) on its own line",
    ),
    Marker(
        "ornament",
        re.compile(rf"^(?=.*[{_SYMBOLS}])[{_SYMBOLS}oOxX0\s]{{3,30}}$"),
        "a short mixed ornament of symbols and o/x letters: ~*~ -x- ◇◆◇ *~*~* -o-",
    ),
    Marker(
        "o-x-row",
        re.compile(r"^(?:[oO0]{3,}|[xX]{3,})$"),
        "oOo, OoO, oOoOo, xXx, XxX: rows of o's or x's (case mixed for o's, so 'ooo' is a word)",
    ),
    Marker(
        "break-word",
        re.compile(
            # the words alone, bracketed, or set between a few symbols (- break -, ~ POV Change ~, -Line Break-)
            r"^(?:[\[(<{]|[-~*=#_+•·]{1,5})?\s*(?:(?:line|scene|page|section)[\s-]?break|break|time[\s-]?skip"
            r"|pov[\s-]?(?:change|switch)|change\s+of\s+(?:pov|scene)|cambio\s+de\s+escena|changement\s+de\s+(?:sc[èe]ne|pov)"
            r"|smena\s+sceny|смена\s+(?:сцены|pov))\s*(?:[\])>}]|[-~*=#_+•·]{1,5})?$",
            re.I,
        ),
        "the words [break], Line break, Scene Break, (time skip) written where a rule was meant",
    ),
)


#: Emoticons alone on a line are the author's (or translator's) voice, not a rule: ^_^ ^^ -_- >_< T_T.
_EMOTICON = re.compile(r"^(?:\^[_.\-~]?\^|-_+-|>[_.]?<|[oO0][_.][oO0]|T[_.]T|</?3+|[:;=][-']?[()DPp\]\[/\\|3*]+)$")


def scene_break(line: str) -> str | None:
    """The name of the marker ``line`` (stripped) is, or None."""
    text = line.strip()
    if not text or len(text) > 300 or _EMOTICON.match(text):
        return None
    if len(text) > 80:  # a long line is a break only as a rule of one symbol (an 83-underscore fence)
        return "repeated-symbol" if SCENE_BREAKS[0].pattern.match(text) else None
    for marker in SCENE_BREAKS:
        if marker.pattern.match(text):
            if marker.name == "o-x-row" and not _o_x_row(text):
                continue
            return marker.name
    return None


#: A frame: the same long rule drawn above and below a few short lines (a message, a sign, a status
#: window: ``※※　※　※ …`` / ``ぴるぴる＠ｊｋ`` / ``※※　※　※ …``) is part of the text, not two scene breaks.
_FRAME_MIN = 10  # marks in the rule, spaces not counted: a row, not a dinkus (``* * *``, or Gutenberg's
# ``*     *     *     *     *``, around a one-line scene stays a break)
_FRAME_LINES = 4  # lines it may enclose, each at most _FRAME_LINE characters
_FRAME_LINE = 120


def frames(lines: list[str | None]) -> set[int]:
    """Indexes of the lines of ``lines`` (a chapter's non-blank lines in order; None for anything that
    is not a line of text) that are frame rules: a rule of ``_FRAME_MIN`` or more characters, then at
    most ``_FRAME_LINES`` short lines that are not rules, then the same rule again."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        text = (lines[i] or "").strip()
        if len("".join(text.split())) >= _FRAME_MIN and scene_break(text):
            for j in range(i + 1, min(len(lines), i + _FRAME_LINES + 2)):
                other = (lines[j] or "").strip()
                if lines[j] is None or len(other) > _FRAME_LINE:
                    break
                if scene_break(other):
                    if other == text and j > i + 1:
                        out.update((i, j))
                        i = j
                    break
        i += 1
    return out


def _o_x_row(text: str) -> bool:
    """o-rows need both cases (oOo, OoO); x-rows need 3+ letters with both cases (xXx, XxX)."""
    if set(text) <= set("xX"):
        return len(text) >= 3 and "x" in text and "X" in text
    return len(text) >= 3 and ("o" in text and ("O" in text or "0" in text))


@dataclass(frozen=True)
class NoteLabel:
    name: str
    pattern: re.Pattern[str]  # must define group "label"; matches at the paragraph start
    kind: str  # AuthorNote.kind
    where: str  # "any" or "edge" (only among the first/last paragraphs of a chapter)
    why: str


#: Separators between a label and the note: colon (also full-width and NBSP-spaced), dash.
_SEP = r"[ \t\u00a0]*(?:[:：]|[-–—](?=\s|\w))[ \t\u00a0]*"

NOTE_LABELS: tuple[NoteLabel, ...] = (
    NoteLabel(
        "a/n",
        re.compile(rf"^\(?\s*(?P<label>[Aa]\s*/\s*[Nn])(?:{_SEP}|\s+|$)"),
        "note",
        "any",
        "A/N:, a/n   :, A/N -, (A/N …): the fan-fiction author's note",
    ),
    NoteLabel(
        "an",
        re.compile(rf"^\(?(?P<label>AN|ANs|A\.N\.){_SEP}"),
        "note",
        "any",
        "AN: written without the slash (capitals only: 'an' is a word)",
    ),
    NoteLabel(
        "authors-note",
        re.compile(
            rf"^\(?(?P<label>(?:the\s+)?authou?r'?’?s?\s+(?:end\s*|end-)?notes?|author'?’?s?\s+endnotes?)(?:{_SEP}|$)",
            re.I,
        ),
        "note",
        "any",
        "Author's Note:, Author Note:, Authors Notes -, Author's Endnote:",
    ),
    NoteLabel(
        "n/a",
        re.compile(
            rf"^\(?(?P<label>N\s*/\s*[AT]|N\.\s*[AT]\.|Nota(?:\s+del?\s+autora?)?|NdA|NdT|Note de l'auteure?|Nota do autor){_SEP}",
            re.I,
        ),
        "note",
        "any",
        "N/A: (Spanish/Portuguese nota de autor), N/T:, Nota del autor:, NdA : (French)",
    ),
    NoteLabel(
        "translator",
        re.compile(
            rf"^\(?(?P<label>T\s*/\s*N|TN|TL\s*note|Translator'?’?s?\s+notes?|Editor'?’?s?\s+notes?|ED\s*/\s*N){_SEP}",
            re.I,
        ),
        "translator",
        "any",
        "T/N:, TL Note:, Translator's Note: and editor's notes in translated novels",
    ),
    NoteLabel(
        "disclaimer",
        re.compile(rf"^\(?(?P<label>Disclaimer|Discl?aimer|Descargo|Aviso legal){_SEP}", re.I),
        "disclaimer",
        "any",
        "Disclaimer: / Disclaimer- I don't own …",
    ),
    NoteLabel(
        "ps",
        re.compile(r"^(?P<label>P\.?\s?P?\.?\s?S\.?|ps|PPS)[ \t\u00a0]*[:：.](?!\w\.)[ \t\u00a0]*", re.I),
        "note",
        "edge",
        "PS: / ps： (Chinese 作者的话 postscripts) / P.S. at a chapter's start or end",
    ),
    NoteLabel(
        "zh-author",
        re.compile(r"^(?P<label>作者有话说|作者的话|作者留言|作者注|译者注)[ \t]*[:：]?[ \t]*"),
        "note",
        "any",
        "Chinese author's / translator's words",
    ),
    NoteLabel(
        "footnote",
        # the mark stays the note's first words (the label is empty): ``[1] Voyez, dans les Mélanges …``
        re.compile(
            r"^(?P<label>)(?=\[(?:\d{1,3}\][ \t\u00a0]+\S|(?:Footnote|Note|Noot|Fu[ßs]note|Anmerkung|Nota)[ \t]+\d{1,3}[ \t]*:))",
            re.I,
        ),
        "footnote",
        "any",
        "[1] …, [Footnote 84: …]: a printed book's footnote, set after its paragraph (Project Gutenberg)",
    ),
    NoteLabel(
        "thanks",
        # no label: the paragraph is the note (``With many many thanks to Merry for beta!``); thanks to
        # someone for beta-reading, brainstorming or cheerleading, or what the story was written for
        # (``Written for the amazing queenbitchfest challenge!``), in one short paragraph
        re.compile(
            r"^(?P<label>)(?=[^\n]{1,600}$)(?="
            r"(?:with\s+|and\s+)?(?:(?:many|heaps|lots|loads|tons|much|huge|big|special|endless|all\s+my)\s+(?:(?:and|of)\s+)*)*"
            r"(?:thanks|thank\s+you)\s+(?:(?:so\s+much|go(?:es)?\s+(?:out\s+)?)\s*)?to\s"
            r"(?=[^\n]*\b(?:beta(?:s|'?d|ed|ing|-?read\w*)?|brit-?pick\w*|cheerlead\w*|hand-?holding|brainstorm\w*|proofread\w*)\b)"
            r"|beta(?:'?d|ed|-?read)?\s+by\s+\S"
            r"|written\s+for\s+(?:the\s+)?(?:\S+\s+){0,5}?(?:challenge|fest|exchange|ficathon|prompt|contest|yuletide|meme|round)\b"
            r")",
            re.I,
        ),
        "note",
        "edge",
        "With many thanks to X for beta! / Beta'd by X / Written for the … challenge: an unlabelled note at a chapter's start or end",
    ),
    NoteLabel(
        "note",
        re.compile(rf"^\(?(?P<label>Notes?|Nota|Anmerkung){_SEP}", re.I),
        "note",
        "edge",
        "Note: / Note : (French, NBSP before the colon), only at a chapter's start or end",
    ),
)

#: How many paragraphs from a chapter's start or end count as its edge.
EDGE = 3


def note_label(text: str, at_edge: bool) -> tuple[NoteLabel, re.Match[str]] | None:
    """The label starting paragraph ``text`` (``at_edge``: near the chapter's start or end)."""
    for label in NOTE_LABELS:
        if label.where == "edge" and not at_edge:
            continue
        m = label.pattern.match(text)
        if m:
            return label, m
    return None
