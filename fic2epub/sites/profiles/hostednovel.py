"""Hosted Novel (hostednovel.com): a translated web-novel chapter page.

The chapter is ``#chapter``; around it sit the premium banner, the novel drop-downs, night mode,
table-of-contents and next-chapter links, the Patreon box, recent chapters and consent/ad scripts.
Translator footnotes follow the text after an ``<hr>``; the translator's block is a note.
"""

from ..schema import HtmlRules, Meta, Signature, SiteProfile

PROFILE = SiteProfile(
    name="hostednovel",
    label="Hosted Novel",
    aliases=("hosted-novel",),
    file_words=("hostednovel",),
    language="en",
    signatures=(
        Signature(r"hostednovel\.com", 1.0, "i", why="links to hostednovel.com"),
        Signature(r" - Hosted Novel</title>", 1.5, why="Hosted Novel's page-title suffix"),
        Signature(r'<div class="card-body chapter" id="chapter">', 1.0, why="Hosted Novel's chapter container"),
    ),
    html=HtmlRules(
        container=("#chapter",),
        drop=(".sharebox-content", ".sharebox-content2", ".pg-lazy", "[id^='hostednovel.com_']"),
        translator_notes=("div.notes",),
        note_label=("div.notes > h4",),
        meta=(
            # the novel's name is in its table-of-contents address: /11/novel/legend-of-the-great-sage
            Meta("story_id", "a[href*='/novel/'][href$='#chapters']@href", pattern=r"/(\d+)/novel/[\w-]+#chapters"),
            Meta("part_title", "main h1", pattern=r"^(?:[A-Z0-9]{2,10} - )?(.+?)\s*$"),
            Meta("title", "a[href*='/novel/'][href$='#chapters']@href", pattern=r"/novel/([\w-]+)#chapters", slug=True),
            Meta("authors", "main .text-center", pattern=r"Written by (.+?)\.?\s*(?:Translated by|$)"),
            Meta("extra.translator", "main .text-center", pattern=r"Translated by (.+?)\.?\s*$"),
            Meta("source_url", "link[rel=canonical]@href"),
        ),
    ),
)
