"""Tapas (tapas.io): a novel episode's page as a browser saves it.

The episode is ``article.viewer__body``; the creator's note below it (``.js-episode-story``, under the
creator's name) is the author's closing note. Around them: the viewer header (the episode's title and
date), comments, recommendations, the series block (its description is the summary), ink and
subscription prompts, scripts' templates — outside the story.
"""

from ..schema import HtmlRules, Meta, Signature, SiteProfile

PROFILE = SiteProfile(
    name="tapas",
    label="Tapas",
    aliases=("tapas.io",),
    file_words=("tapas",),
    story_url="https://tapas.io/series/{story_id}",
    signatures=(
        Signature(r"tapas\.io/", 1.0, "i", why="links to tapas.io"),
        Signature(r'class="viewer__body js-episode-article', 1.5, why="Tapas's episode container"),
    ),
    html=HtmlRules(
        container=("article.viewer__body, .viewer-section--episode .js-episode-story",),
        end_notes=(".js-episode-story",),
        meta=(
            Meta("title", ".center-info__title--small"),
            Meta("part_title", ".viewer__header .title, p.center-info__title.js-ep-title"),
            Meta("authors", ".viewer-section--episode .name-wrapper a.name"),
            Meta("summary", ".js-series-description"),
            Meta("published", ".viewer__header .date"),
            Meta("story_id", "[data-series-id]@data-series-id"),
        ),
    ),
)
