"""Royal Road: a chapter as scrapers save it (``.chapter-content`` with obfuscated class names).

Since 2024 Royal Road inserts one anti-piracy sentence into every chapter, in one of many wordings,
hidden by a stylesheet that scrapers do not keep. Each wording below is a whole paragraph (or a
whole ``<span>`` between paragraphs) and is matched only as such, so a story sentence that mentions
Amazon stays. LitRPG status boxes are tables and stay tables; the author's own notes stay.
"""

from ..schema import HtmlRules, Meta, Rule, Signature, SiteProfile

_A = "['’]"  # an apostrophe, straight or curly
_WORK = r"(?:tale|story|narrative|novel|content|text|book)"
_WHY = "Royal Road's inserted anti-piracy sentence"

#: Each pattern is one family of wordings; every one must match a paragraph's whole text.
_PIRACY = (
    (
        "theft-case",  # "A case of literary theft: this tale is not rightfully on Amazon; if you see it, …"
        rf"A case of (?:literary |content )?theft: this {_WORK} is not rightfully on Amazon; "
        r"if you (?:see|spot) it, report the violation\.",
    ),
    (
        "stolen-from",  # "Stolen from its rightful author, this tale is not meant to be on Amazon; …"
        rf"(?:Stolen|Unlawfully taken|Taken) from (?:its (?:rightful (?:place|author)|original source)|Royal Road), "
        rf"this {_WORK} (?:is not meant to be on Amazon; report any sightings|should be reported if "
        r"(?:encountered|seen|found) on Amazon)\.",
    ),
    (
        "if-you-find",  # "If you spot this story on Amazon, know that it has been stolen. Report the violation."
        rf"If you (?:encounter|spot|come across|stumble upon|find|discover) this {_WORK} on Amazon, "
        rf"(?:note that |know that |be aware that )?it(?:{_A}s| has been| is) (?:unlawfully )?(?:taken|stolen)"
        rf"(?: without (?:the author{_A}s consent|permission from the author))?(?: from Royal Road)?\. "
        r"(?:Please )?[Rr]eport (?:it|the violation|the infringement)\.",
    ),
    (
        "has-been",  # "This tale has been unlawfully lifted from Royal Road; report any instances …"
        rf"(?:This|The|The author{_A}s|Royal Road{_A}s) {_WORK} has been (?:(?:unlawfully|illicitly) )?"
        r"(?:stolen|taken|lifted|obtained|pilfered|purloined|appropriated|misappropriated)"
        rf"(?: without (?:authorization|consent|permission|the author{_A}s (?:consent|approval)))?(?: from Royal Road)?"
        r"(?:[;.] |, )(?:[Ii]f (?:detected|found) on Amazon, |[Ii]f you (?:see|spot|discover|read) it on Amazon, "
        r"|should you (?:spot|discover) it on Amazon, )?(?:kindly |please )?(?:file a report|[Rr]eport"
        r"(?: it| the (?:violation|incident|infringement)| any (?:sightings|appearances on Amazon"
        r"|instances of this story (?:on Amazon|if found elsewhere)))?)\.?",
    ),
    (
        "unauthorized",  # "Unauthorized usage: this tale is on Amazon without the author's consent. …"
        r"Unauthori[sz]ed (?:duplication|reproduction|usage|use|content usage|use of content|tale usage): "
        rf"(?:this {_WORK} (?:has been taken without (?:consent|approval)\. Report sightings|is on Amazon without "
        rf"(?:the author{_A}s consent|permission from the author)\. Report any sightings)"
        rf"|if you (?:discover|find|spot) this {_WORK} on Amazon, report the violation)\.",
    ),
    (
        "content-alert",  # "Stolen content warning: this tale belongs on Royal Road. Report any occurrences."
        rf"(?:Stolen|Illicit) content (?:warning|alert): this {_WORK} belongs on Royal Road\. "
        r"Report any occurrences(?: elsewhere)?\.",
    ),
    (
        "stolen-please",  # "Stolen novel; please report."
        rf"Stolen {_WORK}; please report\.",
    ),
    (
        "reading-stolen",  # "You could be reading stolen content. Head to Royal Road for the genuine story."
        r"You (?:might|could) be reading (?:a pirated copy|a stolen copy|stolen content)\. "
        r"(?:Look for the official release to support the author|Visit Royal Road for the authentic version"
        r"|Head to (?:the original site|Royal Road) for the genuine story)\.",
    ),
    (
        "read-original",  # "Did you know this story is from Royal Road? Read the official version …"
        rf"(?:Did you know this {_WORK} is from (?:a different site|Royal Road)\? Read the official version "
        r"(?:for free )?(?:and|to) support the (?:author|creator)"
        r"|The genuine version of this novel can be found on another site\. Support the author by reading it there"
        rf"|Love this {_WORK}\? (?:Find the genuine version on the author{_A}s preferred platform and support their "
        r"work!|Read it on Royal Road to ensure the author gets credit)"
        rf"|Love what you{_A}re reading\? Discover and support the author on the platform they originally published on"
        r"|Enjoying (?:this book|the story)\? (?:Seek out the original to ensure the author gets credit"
        r"|Show your support by reading it on the official site))[.!]?",
    ),
    (
        "support-creators",  # "Support creative writers by reading their stories on Royal Road, not stolen versions."
        r"(?:Support the creativity of authors by visiting (?:the original site|Royal Road) for this novel and more"
        r"|Support the author by searching for the original publication of this novel"
        r"|(?:Help support|Support) creative writers by (?:finding and )?reading their stories on "
        r"(?:Royal Road, not stolen versions|the original site)"
        r"|Ensure your favou?rite authors get the support they deserve\. Read this novel on "
        r"(?:the original website|Royal Road)"
        rf"|Find this and other great novels on the author{_A}s preferred platform\. Support original creators!)\.?",
    ),
    (
        "true-home",  # "This book was originally published on Royal Road. Check it out there for the real experience."
        r"(?:This book (?:is hosted on another platform\. Read the official version and support the author"
        rf"{_A}s work|was originally published on Royal Road\. Check it out there for the real experience"
        rf"|{_A}s true home is on another platform\. Check it out there for the real experience)"
        r"|This story (?:originates from (?:Royal Road|a different website)\. Ensure the author gets the support "
        r"they deserve by reading it there|is posted elsewhere by the author\. Help them out by reading the "
        r"authentic version)"
        rf"|This novel(?:{_A}s true home is a different platform\. Support the author by finding it there"
        r"| is published on a different platform\. Support the original author by finding the official source)"
        r"|This text was taken from Royal Road\. Help the author by reading the original version there"
        r"|Reading on (?:this site|Amazon or a pirate site)\? This novel is (?:published elsewhere|from Royal Road)\. "
        r"Support the author by (?:seeking out the original|reading it there)"
        r"|Royal Road is the home of this novel\. Visit there to read the original and support the author)\.",
    ),
)

PROFILE = SiteProfile(
    name="royalroad",
    label="Royal Road",
    aliases=("royal-road", "rr"),
    file_words=("royalroad",),
    story_url="https://www.royalroad.com/fiction/{story_id}",
    signatures=(
        Signature(r"royalroad\.com", 1.0, "i", why="links to royalroad.com"),
        Signature(r'class="chapter-inner chapter-content"', 1.5, why="Royal Road's chapter container"),
        # every paragraph carries a random class like "cnM4MjMwNDIy…" (40+ characters)
        Signature(
            r'<(?:p|span|div) class="c[a-z][A-Za-z0-9]{38,}"',
            1.0,
            min_count=5,
            why="Royal Road's obfuscated paragraph classes",
        ),
        Signature(r"(?:Royal Road|on Amazon)[^<]{0,80}(?:report|Report)", 0.5, why="an anti-piracy sentence"),
    ),
    html=HtmlRules(
        # the author's notes stand beside the chapter, before or after it: one story, in page order
        container=(".author-note-portlet, .chapter-content", ".chapter-inner"),
        notes=(".author-note-portlet", ".author-note"),
        note_label=(".portlet-title",),
        meta=(
            # a chapter page's header: the fiction's title (h2, linked) "by" its author (h3), the
            # chapter's title (h1); a fiction page's: the title in h1
            Meta("title", ".fic-header a[href^='/fiction/'] > h2, .fic-header h2.font-white"),
            Meta("part_title", ".fic-header h1.font-white"),
            Meta("title", ".fic-header h1, .fic-title h1"),
            Meta("authors", ".fic-header a[href*='/profile/']"),
            Meta("part_title", "body > h1, .chapter-page h1"),
            Meta("published", "i[title='Published'] + time@datetime"),
            Meta("story_id", "link[rel=canonical][href*='/fiction/']@href", pattern=r"/fiction/(\d+)"),
        ),
        chrome=tuple(
            Rule(f"royalroad.anti_piracy.{name.replace('-', '_')}", rf"^(?:{pattern})$", why=_WHY)
            for name, pattern in _PIRACY
        ),
    ),
)
