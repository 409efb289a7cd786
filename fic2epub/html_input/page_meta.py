"""Generic metadata of a saved page: what any site puts where browsers, search engines and social
networks read it, for the fields a profile did not fill.

Read, in order of trust: JSON-LD (``schema.org`` works: ``headline``/``name``, ``author``,
``isPartOf``, ``datePublished``, ``keywords``; ``BreadcrumbList``; ``WebSite``/``Organization`` names
for the site), Open Graph (``og:title``, ``og:site_name``, ``og:url``, ``article:published_time``,
``article:tag``, ``book:author``), ``<meta name=author>``, ``rel=author`` links and profile-link bylines
(``By: <a href="/u/123/name">``, ``作者：<a href="…/mypage…">``), ``<link rel=canonical>``, and the
page's ``<title>`` split on its separators. A title is told from a chapter title and from the site's
name by comparing these sources: the segment every source shares and that is neither the site nor
a chapter heading is the story's title. Every value taken says where it came from (``evidence``),
which ``inspect`` shows.

Values that are the site's own and not the story's are refused: an author equal to the site's name
(``<meta name=author content=Tapas>``), people of an ``Organization`` (its founders), a site name equal
to the page's title.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..structure.headings import bare_label, looks_like_heading
from .walker import text_of

#: Separators between a page title's parts: ``Story - Chapter 1 - Site``, ``Story | Site``, ``A :: B``.
_SEPARATORS = re.compile(r"\s+(?:[|–—-]{1,2}|::|»|«|·|•|/)\s+|\s*[|｜]\s*")
#: A trailing bracketed part: ``欲張りなイヌ　＜福娘童話集　きょうのイソップ童話＞``, ``Title【Site】``.
_BRACKETED = re.compile(
    r"^(?P<main>.+?)[\s\u3000]*(?:＜(?P<a>[^＞]+)＞|【(?P<b>[^】]+)】|<(?P<c>[^>]+)>|\[(?P<d>[^\]]+)\])$"
)
#: Words a page title adds around the story's: ``Read X``, ``X Novel``, ``… Free Online``.
_READ_PREFIX = re.compile(r"^(?:read|lire|leer|ler|lesen|leggi|читать)\s+(?=\S)", re.I)
_READ_SUFFIX = re.compile(
    r"\s+(?:(?:web\s*)?novel|light novel|online|free|read (?:free|online)|fan ?fiction|fanfic|webcomic)"
    r"(?:\s+(?:online|free|read))*$",
    re.I,
)
#: Paths of a user's page on sites: ``/u/123/name``, ``/users/name``, ``/profile/42``, ``/authors/x``.
PROFILE_PATH = re.compile(
    r"(?:^|/)(?:u|user|users|profile|profiles|member|members|author|authors|auteur|auteurs|autor|autores|autore|"
    r"writer|writers|creator|creators|people|mypage|~)(?:/|$|[-_]|\.php)|^/~|//mypage\.|//[^/]+/@",
    re.I,
)
#: What a byline says before the name: ``By:``, ``by``, ``par``, ``von``, ``автор:``, ``作者：``.
BYLINE_WORDS = re.compile(
    r"(?:^|[\s(（])(?:written\s+by|by|from|par|de|von|di|por|door|автор|авторы|作者|著者|作|글|작가|author|auteur|autor|autore)"
    r"\s*[:：]?\s*$",
    re.I,
)
#: Classes and ids of bylines and of the regions a byline is never in.
_BYLINE_BOX = re.compile(r"author|writer|byline|creator|novel_writername|username", re.I)
_NOT_BYLINE = re.compile(r"comment|review|reply|sidebar|widget|footer|recommend|related|similar|follow|login", re.I)


@dataclass
class PageFacts:
    """What the page says about itself, gathered once."""

    title: str = ""  # <title>
    og: dict[str, list[str]] = field(default_factory=dict)  # property/name -> values, lower-case keys
    works: list[dict] = field(default_factory=list)  # JSON-LD items that are a work
    sites: list[str] = field(default_factory=list)  # JSON-LD WebSite / Organization names
    crumbs: list[str] = field(default_factory=list)  # breadcrumb names, outermost first
    canonical: str = ""
    bylines: list[str] = field(default_factory=list)  # creators named by profile links (``byline_links``)
    story_links: set[str] = field(default_factory=set)  # texts of links to a story's page (plain)
    headings: set[str] = field(default_factory=set)  # texts of the page's h1-h3 (plain)
    root_crumb: str = ""  # the trail's first crumb, when it leads to the site's root (``_root_crumb``)
    spelled_host: str = ""  # the site's host written as words on the page (``_spelled_host``)

    def first(self, *keys: str) -> str:
        for key in keys:
            for value in self.og.get(key, []):
                if value.strip():
                    return " ".join(value.split())
        return ""


_WORK_TYPES = {
    "book",
    "chapter",
    "creativework",
    "creativeworkseries",
    "article",
    "blogposting",
    "newsarticle",
    "socialmediaposting",
    "webpage",
    "shortstory",
    "publicationissue",
    "comicstory",
    "episode",
}


def _ld_items(doc) -> list[dict]:
    items: list[dict] = []
    for script in doc.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = script.string or script.get_text()
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                items.append(item)
    return items


def _types(item: dict) -> set[str]:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _names(value) -> list[str]:
    """Names in a JSON-LD person/organisation value (a string, an object, a list of either)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def gather(doc, boxes: list) -> PageFacts:
    """What the page says about itself; read before the story's containers are taken out of it."""
    facts = PageFacts()
    if doc.title is not None:
        facts.title = text_of(doc.title)
    for meta in doc.find_all("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and isinstance(content, str):
            facts.og.setdefault(key, []).append(content)
    for link in doc.find_all("link", rel=True):
        rels = [r.lower() for r in (link.get("rel") or [])]
        if "canonical" in rels and link.get("href"):
            facts.canonical = facts.canonical or str(link.get("href"))
    for item in _ld_items(doc):
        kinds = _types(item)
        if "breadcrumblist" in kinds:
            entries = item.get("itemListElement") or []
            entries = sorted((e for e in entries if isinstance(e, dict)), key=lambda e: _position(e.get("position")))
            facts.crumbs = [n for e in entries for n in (_names(e) or _names(e.get("item")))[:1]]
        elif kinds & {"website", "organization", "corporation"}:
            facts.sites.extend(_names(item))
        elif kinds & _WORK_TYPES:
            facts.works.append(item)
            publisher = item.get("publisher")
            if publisher:
                facts.sites.extend(_names(publisher))
    if not facts.crumbs:
        facts.crumbs = _html_crumbs(doc)
    facts.root_crumb = _root_crumb(doc, facts) or ""
    facts.bylines = byline_links(doc, boxes)
    hosts: Counter[str] = Counter()
    for link in doc.find_all("a", href=True):
        host, path = _url(str(link.get("href")))
        if _STORY_PATH.search(path):
            facts.story_links.add(_plain(text_of(link)))
        hosts[host.lower().removeprefix("www.").removeprefix("m.")] += 1
    facts.headings = {_plain(text_of(h)) for h in doc.find_all(["h1", "h2", "h3"])}
    facts.spelled_host = _spelled_host(doc, facts, hosts)
    return facts


#: At least this many of the page's links go to the host whose name is looked for.
_HOST_LINKS = 2


def _spelled_host(doc, facts: PageFacts, hosts: Counter[str]) -> str:
    """The site's name as the page spells its host: the host most of the page's absolute links go to
    (``yuletidetreasure.org``; ``hosts`` counts the links by host), when two to five words of a banner's
    alt text, the <title> or a heading run together into its name (``while we tell of yuletide
    treasure`` -> ``Yuletide Treasure``)."""
    hosts.pop("", None)
    if not hosts:
        return ""
    (host, count), *rest = hosts.most_common(2)
    if count < _HOST_LINKS or (rest and rest[0][1] == count):
        return ""
    name = _plain(host.split(".")[0])
    if len(name) < 6:
        return ""
    texts = [str(img.get("alt") or "") for img in doc.find_all("img", alt=True, limit=50)]
    texts += [facts.title] + [text_of(h) for h in doc.find_all(["h1", "h2", "h3"], limit=20)]
    for text in texts:
        words = re.findall(r"[^\W_]+", text)
        for start in range(len(words)):
            for end in range(start + 2, min(start + 5, len(words)) + 1):
                if _plain("".join(words[start:end])) == name:
                    return " ".join(w if w[:1].isupper() else w[:1].upper() + w[1:] for w in words[start:end])
    return ""


#: Paths of a story's own page (its index): the link a chapter page gives back to its story.
_STORY_PATH = re.compile(
    r"/(?:series|fiction|fictions|novel|novels|story|stories|s|works|book|books|manga|comic|readfic|fanfic|"
    r"fanfictions|serie|historia|historias|geschichte|storia)/[^/]+/?(?:[^/]+/?)?$",
    re.I,
)


def _position(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _html_crumbs(doc) -> list[str]:
    """A breadcrumb trail in the markup (``nav.breadcrumb``, ``ol.breadcrumb``, ``[itemtype*=Breadcrumb]``)."""
    for el in doc.find_all(True, attrs={"class": re.compile(r"breadcrumb", re.I)}) + doc.find_all(
        True, attrs={"itemtype": re.compile(r"BreadcrumbList", re.I)}
    ):
        links = [text_of(a) for a in el.find_all("a")]
        names = [n for n in links if n]
        if len(names) >= 2:
            return names
    # a trail written as text: links parted by ``>`` (``<a>Site</a> &gt; <a>Section</a> &gt; Story``)
    for el in doc.find_all(["p", "div", "td", "span", "nav"], limit=400):
        links = el.find_all("a", recursive=False)
        if len(links) >= 2 and len(text_of(el)) <= 200:
            between = [str(a.next_sibling or "") for a in links[:-1]]
            if all(re.fullmatch(r"\s*[>»›]\s*", b) for b in between):
                return [n for n in (text_of(a) for a in links) if n]
    return []


#: Crumbs that name the site's home page, not the site: Home, Top, Accueil, ホーム …
_HOME = re.compile(r"(?:home|top|index|accueil|inicio|início|startseite|главная|ホーム|トップ|首页|首頁|홈)", re.I)


def _root_crumb(doc, facts: PageFacts) -> str | None:
    """The first crumb of the trail when it leads to the site's root and the page's <title> names it."""
    if not facts.crumbs or _HOME.fullmatch(facts.crumbs[0].strip()):
        return None
    first = facts.crumbs[0]
    link = doc.find("a", string=lambda t: t is not None and " ".join(t.split()) == first)
    href = (link.get("href") or "") if link is not None else ""
    at_root = re.fullmatch(r"(?:(?:\.\./)*|/|https?://[^/]+/?)(?:index\.html?)?", href.strip()) is not None
    return first if at_root and _plain(first) in _plain(facts.title) and len(first) <= 60 else None


# --- the site's name -------------------------------------------------------------------------------


def _url(url: str) -> tuple[str, str]:
    """(host, path) of an address; nothing of one that cannot be read (``//[not-an-address]/``, which
    the standard library refuses with an error)."""
    try:
        parts = urlparse(url)
    except ValueError:
        return "", ""
    return parts.netloc, parts.path or ""


def _host(url: str) -> str:
    host = _url(url)[0].lower() if url else ""
    return host.removeprefix("www.").removeprefix("m.")


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def site_name(facts: PageFacts, titles: list[str]) -> tuple[str, str] | None:
    """(the site's name, where it was found), or None."""
    plain_titles = {_plain(t) for t in titles if t}
    for value, where in (
        (facts.first("og:site_name"), "og:site_name"),
        (facts.first("application-name", "apple-mobile-web-app-title"), "application-name"),
        *((name, "JSON-LD WebSite/Organization") for name in facts.sites),
    ):
        value = " ".join((value or "").split())
        if not value or len(value) > 60:
            continue
        if _plain(value) in plain_titles or len(segments(value)) > 1:
            continue  # a page that puts its own title there (Tapas: ``Read X :: Episode``): not a site's name
        return value, where
    if facts.root_crumb:
        return facts.root_crumb, "the breadcrumb trail's first link (the site's root, named in <title>)"
    if facts.spelled_host:
        return facts.spelled_host, "the host the page's links go to, as the page spells it in words"
    return None


def _is_site(segment: str, site: str, host: str) -> bool:
    """Whether a title segment names the site: its name, its domain, or the name with a word added."""
    plain = _plain(segment)
    if not plain:
        return True
    names = {_plain(site)} if site else set()
    if host:
        names.add(_plain(host.split(".")[0]))
        names.add(_plain(host))
    for name in names:
        if name and (
            plain == name
            or plain.startswith(name)
            and len(plain) - len(name) <= 12
            or name.startswith(plain)
            and len(plain) >= 4
        ):
            return True
    return False


# --- the title -------------------------------------------------------------------------------------


def segments(title: str) -> list[str]:
    """A page title's parts: split on separators, a trailing bracketed part apart."""
    parts: list[str] = []
    for piece in _SEPARATORS.split(title):
        piece = piece.strip(" \u3000")
        found = _BRACKETED.match(piece)
        if found and not re.fullmatch(r"\d+", next(g for g in found.groups()[1:] if g)):
            parts.append(found.group("main").strip(" \u3000"))
            parts.append(next(g for g in found.groups()[1:] if g).strip(" \u3000"))
        elif piece:
            parts.append(piece)
    return parts


def _initials(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", text) if w[0].isupper()).upper()


def _chapterish(text: str, chapter_titles: list[str]) -> bool:
    plain = _plain(text)
    return any(plain and plain == _plain(t) for t in chapter_titles if t) or looks_like_heading(text)


def _labels_joined(parts: list[str], chapter_titles: list[str]) -> list[str]:
    """``Chapter 1`` + ``The Greedy Grimoire #1`` (a title split at its dash) are one chapter heading,
    unless the page heads its chapter with the bare label (``CHAPTER I -- Metamorphosis`` over a
    chapter headed ``CHAPTER I``: the rest is the story's title)."""
    headed = {_plain(t) for t in chapter_titles}
    out: list[str] = []
    for part in parts:
        if out and bare_label(out[-1]) and _plain(out[-1]) not in headed:
            out[-1] = f"{out[-1]} - {part}"
        else:
            out.append(part)
    return out


def story_title(facts: PageFacts, site: str, chapter_titles: list[str]) -> tuple[str, str] | None:
    """The story's title and its evidence, from the sources the module docstring lists."""
    host = _host(facts.first("og:url") or facts.canonical)
    for work in facts.works:
        part_of = work.get("isPartOf")
        for name in _names(part_of):
            if name.strip() and not _is_site(name, site, host):
                return " ".join(name.split()), "JSON-LD isPartOf"
    sources = [
        (facts.title, "<title>"),
        (facts.first("og:title"), "og:title"),
        (facts.first("twitter:title"), "twitter:title"),
        *((w.get("headline"), "JSON-LD headline") for w in facts.works if isinstance(w.get("headline"), str)),
        (facts.first("description"), "the description"),
    ]
    candidates: list[tuple[str, str]] = []
    for text, where in sources:
        if not text:
            continue
        parts = [_READ_SUFFIX.sub("", _READ_PREFIX.sub("", p)).strip() for p in segments(" ".join(text.split()))]
        parts = _labels_joined([p for p in parts if p and not _is_site(p, site, host)], chapter_titles)
        if where == "the description":  # only a description that starts "Story - Chapter …" names it
            if len(parts) < 2 or not _chapterish(parts[1], chapter_titles):
                continue
            parts = parts[:1]
        story = [p for p in parts if not _chapterish(p, chapter_titles)]
        if len(story) > 1:  # which part is the story: the one a link leads back to, else the first
            linked = [p for p in story if _plain(p) in facts.story_links]
            story = linked if len(linked) == 1 else story[:1]
        if len(story) == 1 and (len(parts) > 1 or where != "<title>"):
            candidates.append((story[0], where))
        elif len(story) == 1 and where == "<title>" and len(parts) == 1:
            candidates.append((story[0], where))
    crumbs = [c for c in facts.crumbs if not _is_site(c, site, host) and not _chapterish(c, chapter_titles)]
    if len(crumbs) >= 1 and facts.crumbs and _chapterish(facts.crumbs[-1], chapter_titles):
        candidates.append((crumbs[-1], "the breadcrumb trail"))
    if not candidates:
        # a one-shot: the page's title is its one chapter's heading, and names nothing else
        parts = _labels_joined(
            [p for p in segments(" ".join(facts.title.split())) if not _is_site(p, site, host)], chapter_titles
        )
        if len(parts) == 1 and len(chapter_titles) == 1 and _plain(parts[0]) == _plain(chapter_titles[0]):
            return parts[0], "<title> (a one-shot: the title of its only chapter)"
        if len(parts) == 1 and looks_like_heading(parts[0]) and not chapter_titles:
            return parts[0], "<title> (it names only a chapter: the page's one name for the text)"
        return None
    best, where = candidates[0]
    # an abbreviation (``HJC``) another source spells out (``Heavenly Jewel Change``)
    if re.fullmatch(r"[A-Z0-9]{2,6}", best):
        for other, other_where in candidates[1:]:
            if _initials(other) == best:
                return other, f"{other_where} (spelling out {where}'s {best!r})"
    return best, where


# --- authors, date, tags, address -----------------------------------------------------------------


#: Accounts a publishing tool writes as the author of every page.
_ACCOUNTS = re.compile(
    r"(?:site\s*)?(?:admin|administrator|webmaster|staff|editor|moderator|team|guest|anonymous|unknown|root)"
    r"|epubpress|calibre|fanficfare|fanficdownloader|webtoepub|pandoc|sigil|fic2epub|lightnovel-crawler",
    re.I,
)


def _name_ok(name: str, site: str, host: str = "") -> bool:
    name = " ".join(name.split())
    if not 0 < len(name) <= 80 or re.fullmatch(r"[\d\W]+", name) or _ACCOUNTS.fullmatch(name):
        return False
    return not ((site or host) and _is_site(name, site, host))


def ld_authors(facts: PageFacts, site: str) -> list[str]:
    host = _host(facts.first("og:url") or facts.canonical)
    for work in facts.works:
        names = [" ".join(n.split()) for n in _names(work.get("author") or work.get("creator"))]
        names = [n for n in names if _name_ok(n, site, host)]
        if names:
            return names
    return []


def byline_links(doc, boxes: list) -> list[str]:
    """Creators named by a link to their profile: after a byline word, or in a byline element; only
    in the page before the story (or at its top), never in comments or sidebars."""
    story_start = _first_position(doc, boxes)
    found: list[str] = []
    parent_of_first = None
    for link in doc.find_all("a", href=True):
        if story_start is not None and _position_of(link, doc) > story_start + 40:
            break
        href = str(link.get("href") or "")
        rel = [r.lower() for r in (link.get("rel") or [])]
        name = text_of(link)
        if not _name_ok(name, "") or len(name.split()) > 6:
            continue
        if _inside_class(link, _NOT_BYLINE):
            continue
        before = _text_before(link)
        by_word = bool(BYLINE_WORDS.search(before))
        in_box = _inside_class(link, _BYLINE_BOX, depth=3)
        if "author" in rel or (PROFILE_PATH.search(href) and (by_word or in_box)):
            if parent_of_first is None:
                parent_of_first = link.parent
            elif link.parent is not parent_of_first:
                break  # several authors sit together; a later link is something else
            if name not in found:
                found.append(name)
    return found


def _first_position(doc, boxes: list) -> int | None:
    if not boxes or boxes[0] is (doc.body or doc):
        return None
    return _position_of(boxes[0], doc)


def _position_of(el, doc) -> int:
    cache = getattr(doc, "_fic2epub_positions", None)
    if cache is None:
        cache = {id(e): i for i, e in enumerate(doc.find_all(True))}
        doc._fic2epub_positions = cache
    return cache.get(id(el), 0)


def _inside_class(el, pattern: re.Pattern[str], depth: int = 12) -> bool:
    node = el
    for _ in range(depth):
        if node is None or getattr(node, "name", None) in (None, "[document]", "body", "html"):
            return False
        names = " ".join([*(node.get("class") or []), str(node.get("id") or "")])
        if names and pattern.search(names):
            return True
        node = node.parent
    return False


def _text_before(link) -> str:
    """The text just before ``link`` in its line (its previous siblings, up to a block)."""
    pieces: list[str] = []
    node = link
    while node is not None and len("".join(pieces)) < 40:
        sibling = node.previous_sibling
        while sibling is not None and len("".join(pieces)) < 40:
            text = sibling if isinstance(sibling, str) else (text_of(sibling) if sibling.name not in ("br",) else "\n")
            pieces.insert(0, str(text))
            if "\n" in str(text) and str(text).strip():
                break
            sibling = sibling.previous_sibling
        if "".join(pieces).strip() or node.parent is None or node.parent.name in ("p", "div", "li", "td", "body"):
            break
        node = node.parent
    return " ".join("".join(pieces).split()[-4:])


def published(facts: PageFacts) -> tuple[str, str] | None:
    for work in facts.works:
        value = work.get("datePublished")
        if isinstance(value, str) and value.strip():
            return value.strip(), "JSON-LD datePublished"
    value = facts.first("article:published_time", "og:published_time", "datepublished", "dc.date", "dcterms.date")
    return (value, "article:published_time") if value else None


def tags(facts: PageFacts) -> list[str]:
    found = [t for t in facts.og.get("article:tag", []) if t.strip()]
    for work in facts.works:
        for key in ("keywords", "genre"):
            value = work.get(key)
            if isinstance(value, str):
                found.extend(v for v in re.split(r"\s*[,;]\s*", value) if v)
            elif isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
    return list(dict.fromkeys(" ".join(t.split()) for t in found if t.strip()))


def address(facts: PageFacts) -> str:
    for value in (facts.canonical, facts.first("og:url")):
        if re.match(r"https?://", value or ""):
            return value
    return ""


def _iso(value: str) -> str:
    found = re.match(r"(\d{4}-\d{2}-\d{2})", value)
    return found.group(1) if found else value


def fill(facts: PageFacts, draft, chapter_titles: list[str]) -> list[str]:
    """Fill the Draft's empty metadata fields from the page; returns the evidence for each value."""
    from ..sites.fields import set_field

    meta = draft.metadata
    evidence: list[str] = []
    titles = [facts.title, facts.first("og:title")]
    site = meta.site or ""
    if not site and draft.profile.name == "generic":
        found = site_name(facts, titles)
        if found:
            meta.site, site = found[0], found[0]
            evidence.append(f"site {found[0]!r} from {found[1]}")
    # a profile that says where a field is has read it (an empty field means the page has none);
    # for fields it does not name, the page's generic marks are read
    html = draft.profile.html
    named = {m.target for m in html.meta} if html is not None and draft.profile.name != "generic" else set()

    def known(target: str) -> bool:
        return target in named

    if not meta.title and not known("title"):
        found_title = story_title(facts, site, chapter_titles)
        if found_title:
            meta.title = found_title[0]
            evidence.append(f"title {found_title[0]!r} from {found_title[1]}")
    host = _host(facts.first("og:url") or facts.canonical)
    target = draft.profile.html.page_authors if draft.profile.html else "authors"
    if not (meta.authors if target == "authors" else meta.extra.get(target.partition(".")[2])):
        names = ld_authors(facts, site)
        where = "JSON-LD author"
        if not names:
            names = [n for n in facts.bylines if _name_ok(n, site, host)]
            where = "a link to the author's profile"
        if not names and not known("authors"):
            value = facts.first("author", "book:author", "article:author", "dc.creator", "dcterms.creator")
            names = [value] if value and _name_ok(value, site, host) and not value.startswith("http") else []
            where = "<meta name=author>"
        for name in names:
            set_field(draft, target, name)
        if names:
            label = "author" if target == "authors" else target.partition(".")[2]
            evidence.append(f"{label} {', '.join(names)!r} from {where}")
    if not meta.published and not known("published"):
        found_date = published(facts)
        if found_date:
            set_field(draft, "published", _iso(found_date[0]))
            evidence.append(f"published {meta.published or found_date[0]!r} from {found_date[1]}")
    if not meta.tags and not known("tags"):
        titles_seen = {_plain(t) for t in [meta.title or "", *chapter_titles, facts.title, facts.first("og:title")]}
        for tag in tags(facts):
            if _plain(tag) not in titles_seen and not any(_plain(tag) in k for k in titles_seen if len(k) > 12):
                set_field(draft, "tags", tag)
    if not meta.source_url and not named:
        url = address(facts)
        if url:
            meta.source_url = url
    return evidence
