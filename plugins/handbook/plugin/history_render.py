"""Old versions of a document rendered as HTML, and what changed in their details.

Old versions are rendered with the site's own Markdown extensions, and their
links are re-pointed from where the document lived then to where each target
lives now. Each version is rendered and split once, however many pages show it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import partial

import markdown
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from ..cache import BuildCache, markdown_setting, uses_files
from ..generated_paths import DocPages
from ..history.diff import Node, split
from ..history.policy_versions import VersionEntry
from ..markup import neutralise
from .site import Site

# Fields shown in a diff's "details that changed" table.
DETAILS = ("title", "status", "owner", "approved", "approved_by", "review_by", "review_every",
           "applies_to", "statutory_basis", "sign_off", "superseded_by")
_LINK = re.compile(r'(?P<attr>href|src)="(?P<value>[^"#?:]+\.md)(?P<rest>[#?][^"]*)?"')
# Re-pointed links hold the target's site URL between two \x1a until the page
# showing them is known, so each version is rendered and split only once.
_MARK = "\x1a"
_SITE_URL = re.compile(f"{_MARK}([^{_MARK}]*){_MARK}")


class OldVersions:
    """Renders old versions for one build, caching each (see the module's docstring)."""

    def __init__(self, site: Site, files: Files, cache: BuildCache) -> None:
        self.site = site
        self.files = files  # the site's files, for where each link's target is now
        self.cache = cache  # kept between serve's rebuilds
        self._markdown: markdown.Markdown | None = None
        self._setting = ""  # what rendering depends on besides the text (see `cache`)
        self._rendered: dict[tuple[str, int], str] = {}
        self._blocks: dict[tuple[str, int], list[Node]] = {}
        self._moved: dict[str, str] | None = None

    def render(self, pages: DocPages, index: int) -> str:
        """A version's text as HTML, links re-pointed to site URLs (see `localise`)."""
        key = (pages.doc.id, index)
        if key not in self._rendered:
            if self._markdown is None:
                # Extensions named in mkdocs.yml only: objects that plugins add
                # (mkdocstrings, autorefs) expect to be rendering a live page.
                config = self.site.config
                names = [e for e in config.markdown_extensions if isinstance(e, str)]
                configs = {k: v for k, v in (config.mdx_configs or {}).items() if k in names}
                self._markdown = markdown.Markdown(extensions=names, extension_configs=configs)
                self._setting = markdown_setting(names, configs)
            body = pages.history.versions[index].last.body
            if uses_files(body):
                text = self._convert(body)
            else:  # the same text renders the same: kept between serve's rebuilds
                text = self.cache.markdown.get(body, partial(self._convert, body),
                                               self._setting)
            docs_dir = posixpath.dirname(self._src_uri_of(pages, index))
            self._rendered[key] = _LINK.sub(lambda m: self._repoint(m, docs_dir), text)
        return self._rendered[key]

    def _convert(self, body: str) -> str:
        assert self._markdown is not None
        self._markdown.reset()
        # An old version's scripts and frames show as text, as on the live page.
        return neutralise(self._markdown.convert(body).replace(_MARK, ""))

    def split(self, pages: DocPages, index: int) -> list[Node]:
        """A version's rendered blocks, for diffs."""
        key = (pages.doc.id, index)
        if key not in self._blocks:
            rendered = self.render(pages, index)
            self._blocks[key] = self.cache.split.get(rendered, partial(split, rendered))
        return self._blocks[key]

    @staticmethod
    def localise(text: str, page_url: str) -> str:
        """Re-pointed links made relative to the page showing them."""
        return _SITE_URL.sub(lambda m: get_relative_url(m.group(1), page_url), text)

    def _src_uri_of(self, pages: DocPages, index: int) -> str:
        """Where the document was, inside the docs folder, at that version."""
        current_repo_path = pages.history.path
        offset = len(current_repo_path) - len(pages.doc.src_uri)
        return pages.history.versions[index].last.path[offset:]

    def _moves(self) -> dict[str, str]:
        """Every path a document has had (inside the docs folder) -> where it is now.

        A path used by two documents in turn goes to the later one; a document
        there today always wins.
        """
        if self._moved is None:
            handbook, history = self.site.handbook, self.site.history
            seen = []
            for doc in handbook.documents:
                found = history.get(doc.id) if history is not None else None
                if found is None:
                    continue
                offset = len(found.path) - len(doc.src_uri)
                seen += [(r.commit.authored, r.path[offset:], doc.src_uri)
                         for r in found.revisions]
            seen.sort(key=lambda item: item[0])
            self._moved = {old: now for _, old, now in seen}
            self._moved.update({doc.src_uri: doc.src_uri for doc in handbook.documents})
        return self._moved

    def _repoint(self, match: re.Match[str], docs_dir: str) -> str:
        target = posixpath.normpath(posixpath.join(docs_dir, match.group("value")))
        file = self.files.get_file_from_path(self._moves().get(target, target))
        rest = match.group("rest") or ""
        if file is None:
            return 'data-missing-link=""'
        return f'{match.group("attr")}="{_MARK}{file.url}{_MARK}{rest}"'


@dataclass(frozen=True)
class Detail:
    """A front matter field that changed: each side as items, marked if only on that side."""

    name: str
    before: list[tuple[str, bool]]
    after: list[tuple[str, bool]]


def _items(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def changed_details(old: VersionEntry, new: VersionEntry) -> list[Detail]:
    rows = []
    for name in DETAILS:
        before = _items(old.last.fields.get(name))
        after = _items(new.last.fields.get(name))
        if before != after:
            rows.append(Detail(name.replace("_", " "),
                               [(item, item not in after) for item in before],
                               [(item, item not in before) for item in after]))
    return rows
