"""A fic's header block: the ``Label: value`` lines an author puts above the story on a journal post,
a forum or in a text file (``Title:`` / ``Rating:`` / ``Pairing:`` / ``Warnings:`` / ``Summary:`` /
``Author's notes:`` …), the convention of LiveJournal and Dreamwidth fic posts, fic communities and
archives' plain-text copies.

The block's values move into the metadata (title, authors, rating, relationships, characters,
fandoms, warnings, genres as tags, word count, summary, other labelled facts as extra values), each
line recorded as moved; its notes and disclaimer stay in the book as author's notes. A block is only
read at the top of the story and only when it names at least two fields a fic header names, so a
story's own ``Note: …`` line or a character's ``Warning: …`` stays text.
"""

from __future__ import annotations

import re

from ..model import AuthorNote, Block, Metadata, NoteKind, Paragraph, Removed
from .blocks import glossary_terms
from .front import Source, same_title

#: A header label and the field it fills: a metadata field, ``note`` or ``disclaimer`` (kept as an
#: author's note), or ``extra.NAME``. English first, then French, Spanish, Portuguese, German, Italian,
#: Russian.
_LABELS: tuple[tuple[str, str], ...] = (
    (r"title|titre|t[íi]tulo|titolo|titel|название", "title"),
    (r"authors?|written\s+by|writer|auteur(?:e)?|autor(?:a|es)?|autore|autrice|автор", "authors"),
    (r"rating|rated|classement|clasificaci[óo]n|classifica[çc][ãa]o|bewertung|рейтинг", "rating"),
    (
        r"pairings?|relationships?|ships?|couples?|parejas?|casais?|paarings?|пейринги?|отношения",
        "relationships",
    ),
    (r"characters?|personnages?|personajes?|personagens?|personaggi|charaktere|figuren|персонажи", "characters"),
    (r"fandoms?|fandom\(s\)|фэндомы?|фандомы?", "fandoms"),
    (
        r"(?:content\s+)?warnings?|tw|cw|trigger\s+warnings?|avertissements?|advertencias?|avisos?|warnungen|"
        r"avvertimenti|предупреждения",
        "warnings",
    ),
    (r"genres?|g[ée]neros?|genere|жанры?", "tags"),
    (r"(?:word\s*count|words|length|mots|palabras|palavras|w[öo]rter|parole|слов)", "stats.words"),
    (
        r"summary|r[ée]sum[ée]|resumen|resumo|sinopsis|sinopse|zusammenfassung|riassunto|trama|описание|аннотация",
        "summary",
    ),
    (r"disclaimers?|avertissement|descargo|aviso\s+legal|haftungsausschluss|дисклеймер", "disclaimer"),
    (
        r"(?:author['’]?s?\s+)?notes?|a/n|an|notes?\s+de\s+l['’]auteur|notas?(?:\s+del?\s+autor[a]?)?|"
        r"anmerkungen?|примечания?(?:\s+автора)?",
        "note",
    ),
    (r"betas?|beta(?:\s*-?\s*reader)?(?:\(s\))?|beta['’]?d\s+by|correctrice|correcteur|бета", "extra.beta"),
    (r"spoilers?", "extra.spoilers"),
    (r"prompts?", "extra.prompt"),
    (
        r"written\s+for|(?:a\s+)?gift\s+for|requested\s+by|recipient|[ée]crit\s+pour|escrito\s+para|geschrieben\s+f[üu]r",
        "extra.written for",
    ),
    (r"timeline|setting", "extra.setting"),
    (r"dedication|d[ée]dicace|dedicatoria", "extra.dedication"),
    (r"series|s[ée]rie", "series"),
    # an archive's download header (AO3's: ``Archive Warning:``, ``Category:``, ``Stats:``, ``Published:``)
    (r"categor(?:y|ies)|cat[ée]gories?|categor[íi]as?|kategorien?", "extra.category"),
    (r"additional\s+tags|tags|[ée]tiquettes|etiquetas|tags\s+adicionales", "tags"),
    (r"archive\s+warnings?", "warnings"),
    (r"language|langue|idioma|sprache|язык", "extra.language"),
    (r"stats|statistiques|estad[íi]sticas", "extra.stats"),
    (r"published|publi[ée]|publicado|ver[öo]ffentlicht|опубликовано", "published"),
    (r"updated|completed|mis\s+à\s+jour|actualizado|aktualisiert|обновлено", "extra.updated"),
    (r"chapters|chapitres|cap[íi]tulos|kapitel|главы", "extra.chapters"),
)
_LINE = re.compile(
    r"^[ \t]*(?P<label>" + "|".join(f"(?:{p})" for p, _ in _LABELS) + r")[ \t]*[:：][ \t]*(?P<value>.*)$",
    re.I,
)
_TARGETS = [(re.compile(rf"^(?:{p})$", re.I), target) for p, target in _LABELS]
#: Fields whose value may run on over the lines after the label's (a summary, a note).
_RUNS_ON = frozenset({"summary", "note", "disclaimer", "warnings", "extra.dedication"})
#: Fields that mark a block as a fic's header: a byline and a note alone do not.
_HEADER_FIELDS = frozenset(
    {"title", "rating", "relationships", "characters", "fandoms", "warnings", "tags", "stats.words", "summary"}
)
#: A label inside a line that runs several fields together (a download's header whose line breaks a
#: site's editor took out: ``Rating: General Audiences Archive Warning: … Words: 1197``).
_INNER = re.compile(r"(?<=\s)(?:" + "|".join(f"(?:{p})" for p, _ in _LABELS) + r")[ \t]*[:：](?=\s)", re.I)
#: A count's value (``1197``, ``12,034``) and the words a run-on line goes on with after it.
_COUNT_THEN = re.compile(r"^(?P<count>\d[\d,.\u202f ]*\d|\d)\s+(?P<rest>\S.*)$")
#: A byline of its own between a header's fields (``by Zooey_Glass``).
#: A name of up to four words, not a sentence (``By noon it was over.`` is the story's).
_BY = re.compile(r"^(?:written\s+)?by\s+(?P<name>\S+(?:[ \t]+\S+){0,3})(?<![.!?,;:…])$", re.I)
_LIST_SPLIT = re.compile(r"\s*[,;]\s*|\s+&\s+|\s+and\s+")
#: How many blocks from the top the header may take.
_MAX_BLOCKS = 16


def field_line(line: str) -> tuple[str, str] | None:
    """(field, value) when ``line`` is one a fic's header writes (``Fandom: Merlin``), else None."""
    found = _LINE.match(line)
    return (_target(found["label"]), found["value"].strip()) if found and found["value"].strip() else None


def _target(label: str) -> str:
    label = " ".join(label.split())
    return next(target for pattern, target in _TARGETS if pattern.match(label))


def _blocks(blocks: list[Block], source: Source) -> list[list[str]]:
    """The cleaned lines of the top blocks that are paragraphs, up to the first that is not."""
    out: list[list[str]] = []
    for block in blocks[:_MAX_BLOCKS]:
        if not isinstance(block, Paragraph):
            break
        lines = [source.clean(line).strip() for line in source.raw(block) or []]
        out.append([line for line in lines if line])
    return out


def _read(tops: list[list[str]]) -> tuple[list[list], int] | None:
    """The header's fields ([target, label, value lines, first block, the label as written]) and how
    many blocks it takes, or None when the top blocks are no header. Each block of the header starts
    with a label; the lines after a label in its block continue its value when the field runs on (a
    summary, a note), else the block is no header's; a label alone (``Summary:``, or ``Summary`` once
    the header has begun) takes the next block as its value, and a byline of its own (``by Name``)
    between the fields is the author's."""
    fields: list[list] = []
    k = 0
    while k < len(tops):
        lines = tops[k]
        if fields and len(lines) == 1 and (alone := _label_alone(lines[0])):
            fields.append([_target(alone), alone, [""], k, lines[0] + "\n"])  # ``Summary`` as a heading of its own
            k += 1
            continue
        if fields and len(lines) == 1 and (by := _BY.match(lines[0])):
            fields.append(["authors", "by", [by["name"]], k, lines[0][: by.start("name")]])
            k += 1
            continue
        if not lines or not _LINE.match(lines[0]):
            if fields and fields[-1][0] in _RUNS_ON and fields[-1][2] == [""] and fields[-1][3] == k - 1:
                fields[-1][2] = list(lines)  # the value of a label standing alone
                k += 1
                # and the glossary under it, a line a block (``kuáng—conceited; mad``)
                while fields[-1][0] == "note" and k < len(tops) and tops[k] and glossary_terms("\n".join(tops[k])):
                    fields[-1][2].extend(tops[k])
                    k += 1
                continue
            break
        for line in [part for whole in lines for part in _run_on(whole)]:
            found = _LINE.match(line)
            if line.startswith(_TITLE_AFTER):
                fields.append(["title", "", [line[len(_TITLE_AFTER) :]], k, ""])
            elif found:
                fields.append(
                    [_target(found["label"]), found["label"], [found["value"].strip()], k, f"{found['label']}: "]
                )
            elif fields[-1][0] in _RUNS_ON:
                fields[-1][2].append(line)
            else:
                return None  # the block goes on with something else
        k += 1
    return fields, k


def _label_alone(line: str) -> str | None:
    """The label when ``line`` is only a label of a field that runs on (``Summary``, ``Notes``)."""
    line = line.strip().rstrip(":：").strip()
    if len(line) > 40 or not any(p.match(line) for p, _ in _TARGETS):
        return None
    return line if _target(line) in _RUNS_ON else None


#: Marks the part of a run-on line that follows a count: the work's title, with no label of its own.
_TITLE_AFTER = "\x00title\x00"


def _run_on(line: str) -> list[str]:
    """``line`` parted at its labels when it runs three or more of a header's fields together (a count
    field's words after its number are the work's title in a download's header, marked
    ``_TITLE_AFTER``); any other line as it is."""
    first = _LINE.match(line)
    inner = [m.start() for m in _INNER.finditer(line)] if first and _target(first["label"]) not in _RUNS_ON else []
    if len(inner) < 2:
        return [line]
    parts = [line[a:b].strip() for a, b in zip([0, *inner], [*inner, len(line)], strict=True)]
    last = _LINE.match(parts[-1])
    count = _COUNT_THEN.match(last["value"].strip()) if last and _target(last["label"]) == "stats.words" else None
    if last and count and re.search(r"[^\W\d_]", count["rest"]):
        parts[-1:] = [f"{last['label']}: {count['count']}", _TITLE_AFTER + count["rest"]]
    return parts


def fic_header(blocks: list[Block], source: Source, meta: Metadata, removed: Removed) -> list[Block]:
    """``blocks`` with a header block at their top read into ``meta`` (see the module docstring)."""
    tops = _blocks(blocks, source)
    read = _read(tops) if tops and tops[0] and _LINE.match(tops[0][0]) else None
    if read is None:
        return blocks
    fields, end = read
    named = {target for target, *_ in fields}
    if len(named) < 2 or not named & _HEADER_FIELDS or end >= len(blocks):
        return blocks  # not a fic's header, or nothing after it (the header would be the whole story)
    notes: list[Block] = []
    for target, label, values, first, written in fields:
        value = "\n".join(v for v in values if v)
        origin = blocks[first].origin
        if target in ("note", "disclaimer"):
            if value:
                kind: NoteKind = "disclaimer" if target == "disclaimer" else "note"
                notes.append(AuthorNote([Paragraph(v, origin=origin) for v in values if v], label=label, kind=kind))
            removed.add_at("structure.fic_header", written.strip(), origin)
            continue
        if not value:
            removed.add_at("structure.fic_header", written.strip(), origin)
            continue
        removed.add_at("structure.fic_header", f"{written}{value}", origin, put_field(meta, target, value))
    return notes + blocks[end:]


def put_field(meta: Metadata, target: str, value: str) -> str:
    """``value`` into ``target``; where the field holds something else, into an extra value beside it.
    Returns the field the value went to."""
    flat = " ".join(value.split())
    if target == "title":
        if not meta.title:
            meta.title = flat
        elif meta.title != flat and same_title(meta.title, flat):
            meta.extra.setdefault("page title", meta.title)  # the author's own title is the book's
            meta.title = flat
        elif meta.title != flat:
            meta.extra.setdefault("other title", flat)
            return "extra.other title"
        return "title"
    if target == "summary":
        if not meta.summary:
            meta.summary = value
            return "summary"
        if same_title(meta.summary, flat):
            return "summary"
        meta.extra.setdefault("header summary", value)
        return "extra.header summary"
    if target == "authors" and meta.authors and not any(same_title(a, flat) for a in meta.authors):
        meta.extra.setdefault("header author", flat)  # the page names another author: both are kept
        return "extra.header author"
    if target in ("authors", "relationships", "characters", "fandoms", "warnings", "tags"):
        have: list[str] = getattr(meta, target)
        pieces = [flat] if target in ("relationships", "warnings") and "/" not in flat else _LIST_SPLIT.split(flat)
        for piece in pieces:
            piece = piece.strip(" .")
            if piece and piece.casefold() not in {h.casefold() for h in have}:
                have.append(piece)
        return target
    if target == "published":
        from ..sites.fields import iso_date

        iso = iso_date(flat)
        if iso and meta.published in (None, iso):
            meta.published = iso
            return target
        meta.extra.setdefault("published", flat)
        return "extra.published"
    if target == "stats.words":
        meta.stats.setdefault("words", re.sub(r"[^\d]", "", flat) or flat)
        return target
    if target.startswith("extra."):
        meta.extra.setdefault(target[6:], flat)
        return target
    if target == "series":
        meta.series = meta.series or flat
        return target
    if getattr(meta, target) in (None, "", flat):
        setattr(meta, target, flat)
        return target
    meta.extra.setdefault(target, flat)
    return f"extra.{target}"
