"""The `handbook` MkDocs plugin.

It reads every document's front matter once, in `on_files`, before any page is
rendered: aggregate pages and per-page panels both need the whole handbook, and
one pass over the sources keeps the build linear in the number of documents.
"""

from __future__ import annotations

import html
import os
from datetime import date
from functools import partial
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import cast
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, is_error_template, write_file

from .. import fragments
from ..cache import BuildCache
from ..dates import long_date
from ..editions import BuildEdition
from ..fields import markdown_reference
from ..frontmatter import decode
from ..generated_paths import (
    EDITION_SCRIPT,
    OUTPUTS,
    SCRIPTS,
    STYLESHEETS,
    WORKER_SHIM,
    WORKER_SHIM_PATH,
    asset,
)
from ..handbook import load
from ..lessons import LessonLinks
from ..markup import neutralise
from ..model import Document, SourceFile
from ..outputs import INTERNAL_BANNER, MARKER_META, internal_site_dir, write_marker
from ..reviews import Review, register
from ..settings import Settings, internal_from_env, today_from_env
from ..signoff.files import names_finder
from ..signoff.records import source_hash
from ..theme_meta import clean as clean_meta
from ..theme_meta import theme_problems
from ..validate import leftover_placeholders
from . import lesson_pages, pages
from .builder import Built, PageBuilder
from .claims import Claims, refuse_outside
from .config import HandbookConfig
from .deferred import Deferred
from .editor_files import LOCAL_ENV as EDITOR_ENV
from .editor_files import add_editor, editor_settings
from .hook_check import hook_problems
from .lesson_pages import LessonPages, add_to_toc
from .offload import Offload
from .report import report
from .script_data import script_data
from .security import ThemeScripts, content_security_policy
from .signoff_pages import SignOffPages, check_paths, resolve
from .site import SignOff, Site, read_staff_files, read_training
from .training_pages import TrainingPages, check_training

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).resolve().parent.parent / "assets"
OFFLINE_PLUGINS = ("offline", "material/offline")

# Listing directives, in the style of Material's `<!-- material/tags -->`.
FIELDS_DIRECTIVE = "<!-- handbook/fields -->"
SUMMARY_DIRECTIVE = "<!-- handbook/review-summary -->"


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Validates the handbook, and adds its generated pages and assets."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        # How this build runs: from on_startup, on_config and on_env.
        self.settings = Settings()
        self.internal = False
        self.edition: str | None = None
        self.scripts: dict[str, tuple[str, ...]] = dict(SCRIPTS)
        self.serving = False
        self.theme_scripts = ThemeScripts()
        self.offline = False
        self.banners = ""
        # The build's site model, read-only once made in on_files (None while disabled);
        # and what changes during a build, each in a small object of its own.
        self.site: Site | None = None
        self.deferred = Deferred()  # parts of pages swapped in after search indexing
        self.offload = Offload()  # work done beside the build
        self.built = Built()  # the pages and presses we added
        self.cache = BuildCache()  # made again in on_startup: see `cache`

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects its own live-reload script, which a page's
        # Content-Security-Policy would block; pages get one in built sites only.
        self.serving = command == "serve"
        # Kept between the rebuilds of a serve session (MkDocs keeps this instance).
        self.cache = BuildCache(serving=self.serving)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            today_from_env()
        except ValueError as error:
            raise PluginError(str(error)) from error
        self.settings = self.config.settings()
        check_paths(config, self.config.signoff_roster, self.config.signoff_records)
        check_training(config, self.config.training_courses, self.config.training_records)
        if self.config.check_hooks:
            # Typed as a list in MkDocs, `hooks` holds {path as listed: module} once validated.
            for problem in hook_problems(cast("dict[str, ModuleType]", config.hooks)):
                log.warning(problem)
        self.internal = self.config.internal or internal_from_env()
        edition = BuildEdition.from_env()
        if self.internal and edition is not None:
            raise PluginError("handbook: this is an internal build (internal: true or "
                              "HANDBOOK_INTERNAL), with staff names, and an edition is "
                              "published: build editions from the public configuration")
        if self.internal:
            # Never into the public output folder: see handbook.outputs.
            config.site_dir = internal_site_dir(config.site_dir,
                                                os.path.dirname(config.config_file_path or "")
                                                or os.getcwd())
        self.offline = is_offline(config)
        if self.offline:
            polyfills = [p for p in config.extra.get("polyfills", []) or []
                         if "iframe-worker" not in str(p)]
            config.extra["polyfills"] = [*polyfills, WORKER_SHIM_PATH]
        self.edition = None
        if edition is None and "version" in config.extra:
            # Not an edition (mkdocs build or serve): there is no versions.json for
            # Material's edition selector to fetch, so leave the selector out.
            del config.extra["version"]
        if edition is not None:
            published = long_date(edition.published) if edition.published else ""
            self.edition = f"{edition.title}" + (f", published {published}" if published else "")
            # For the theme: the edition line on every page and the archived-edition banner.
            config.extra["handbook_edition"] = {"name": edition.name, "title": edition.title,
                                                "published": published}
        config.extra_css.extend(asset(name) for name in STYLESHEETS)
        self.scripts = dict(SCRIPTS, **({EDITION_SCRIPT: ("",)} if edition else {}))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        root = os.path.dirname(config.config_file_path or "") or os.getcwd()
        private = [resolve(config, path) for path in (self.config.signoff_roster,
                                                      self.config.signoff_records) if path]
        report(refuse_outside(files, config, root, private))
        claims = Claims(files, config, root)
        self.cache.next_build()
        self.offload.close()
        self.offload = Offload(fork=not self.serving)
        self.deferred = Deferred()
        self.site = site = self._read_site(files, config, root)
        self._add_assets(files, config)
        self.banners = self._banners(site.as_of)
        # In this order: it is the order of the site's files, and so of the build.
        builders: list[PageBuilder] = [pages.ReviewPages(site, self.offload, self.cache)]
        if site.history_layout is not None:
            # Imported only here: git, diffs and feeds cost time to load.
            from .history_pages import HistoryPages

            builders.append(HistoryPages(site, site.history_layout, self.cache))
        builders += [LessonPages(site, claims), SignOffPages(site), TrainingPages(site)]
        self.built = Built()
        for builder in builders:
            built = builder.add_pages(files)
            self.built.pages.update(built.pages)
            self.built.presses += built.presses
        if self.config.editor or os.environ.get(EDITOR_ENV) == "local":  # `handbook edit`
            add_editor(files, config, editor_settings(config, root, self.config.editor_branch,
                                                      self.config.editor_auth_domain))
        self._settle(claims, files, config)
        return self._generated_first(files)

    def _read_site(self, files: Files, config: MkDocsConfig, root: str) -> Site:
        """Read the handbook and everything about it that pages need, reporting problems."""
        sources = [
            SourceFile(os.path.relpath(file.abs_src_path, root), file.src_uri,
                       *decode(file.content_bytes))
            for file in files.documentation_pages()
            if file.abs_src_path and not file.generated_by
        ]
        handbook = load(sources, self.settings, self.cache.checked)
        report(handbook.problems)
        setup: list[tuple[str, str | os.PathLike[str]]] = [
            (os.path.relpath(path, root), path) for path in
            (config.config_file_path, resolve(config, self.config.signoff_roster)
             if self.config.signoff_roster else None) if path]
        report(leftover_placeholders(setup))
        for src_uri, text in handbook.substitutes.items():
            # MkDocs would stop on a file that is not UTF-8, and expand refused YAML
            # aliases in its own reading of the front matter: it reads this instead.
            _file(files, src_uri).content_string = text
        texts = {source.src_uri: source.text for source in sources}
        as_of = self.settings.as_of()
        reviews = register(handbook.documents, as_of, self.settings.due_soon_days)
        self._gate(reviews)
        history = layout = None
        if self.config.history:  # imported only when on: git costs time to load
            from ..history import handbook_history
            from .history_layout import HistoryLayout

            shown = os.path.relpath(config.docs_dir, root)
            # Commit messages are published: those naming staff are withheld.
            roster = self.config.signoff_roster
            history = self.cache.history.read(
                handbook, config.docs_dir, shown,
                handbook_history.accepted_path(config.config_file_path),
                Path(root, roster) if roster else None,
                partial(names_finder, Path(root), roster))
            report(history.problems)
            if history.available:
                layout = HistoryLayout.of(config, handbook, history)
        staff = read_staff_files(self.config, config, self.internal)
        signoff, problems = SignOff.read(self.config, handbook, as_of, staff)
        report(problems)
        training, problems = read_training(self.config, config, self.settings, as_of, staff)
        report(problems)
        return Site(
            config=config, options=self.config, settings=self.settings, handbook=handbook,
            as_of=as_of, register=tuple(reviews),
            reviews=MappingProxyType({review.document.id: review for review in reviews}),
            urls=MappingProxyType({doc.id: _file(files, doc.src_uri).url
                                   for doc in handbook.documents}),
            hashes=MappingProxyType({doc.id: source_hash(texts[doc.src_uri])
                                     for doc in handbook.documents if doc.needs_sign_off}),
            internal=self.internal, edition=self.edition, lessons=LessonLinks.of(handbook),
            signoff=signoff, training=training, history=history, history_layout=layout)

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        """Our stylesheets and scripts, each with the data it reads first (`script_data`)."""
        for name in (*STYLESHEETS, *SCRIPTS, EDITION_SCRIPT):
            data = script_data(name)
            if data is None:
                files.append(File.generated(config, asset(name),
                                            abs_src_path=str(ASSETS / name)))
            else:
                source = (ASSETS / name).read_text(encoding="utf-8")
                files.append(File.generated(config, asset(name), content=data + source))
        if self.offline:
            files.append(File.generated(config, WORKER_SHIM_PATH,
                                        abs_src_path=str(ASSETS / WORKER_SHIM)))

    def _settle(self, claims: Claims, files: Files, config: MkDocsConfig) -> None:
        """Leave out whatever of ours clashes with the author's files (see `claims`)."""
        # The review exports, written after the build (see `generated_paths`).
        dropped, skipped, problems = claims.settle(files, self.built.presses, OUTPUTS)
        report(problems)
        claims.restore(files, dropped)
        gone = {id(file) for file in dropped}
        self.built.pages = {src: page for src, page in self.built.pages.items()
                            if id(page.file) not in gone}
        for press in self.built.presses:
            if press.shell is not None and id(press.shell) in gone:
                press.shell = None
        for output in skipped:
            self.offload.drop_file(os.path.join(config.site_dir, output))

    def _generated_first(self, files: Files) -> Files:
        """Build our pages first, so the pages stamped from them are written while
        MkDocs renders the rest (pages are built in the order of `files`)."""
        ours = [press.shell for press in self.built.presses if press.shell]
        ours += [page.file for page in self.built.pages.values()]
        mine = {id(file) for file in ours}
        return Files(ours + [file for file in files if id(file) not in mine])

    def _banners(self, as_of: date) -> str:
        """The notes at the top of every page that say which output this is."""
        notes = []
        if self.internal:
            notes.append(("handbook-banner--internal", "Internal edition",
                          f"<strong>{INTERNAL_BANNER}</strong>"))
        if self.offline:
            notes.append(("handbook-banner--offline", "Offline copy",
                          f"Offline copy made on {long_date(as_of)}: check for a newer one."))
        return "".join(
            f'<aside class="md-banner handbook-banner {kind}" aria-label="{label}" '
            f'data-search-exclude><div class="md-banner__inner md-grid md-typeset">'
            f"<p>{text}</p></div></aside>\n" for kind, label, text in notes)

    def _gate(self, reviews: list[Review]) -> None:
        """Warn (so `--strict` fails) for each document at or past `fail_on`."""
        for review in reviews:
            if review.at_gate(self.settings.fail_on):
                doc = review.document
                log.warning(f"{doc.path}: review_by: {review.sentence} "
                            f"Owner: {doc.owner}. (fail_on: {self.settings.fail_on})")

    # Before Material's tags plugin (-50) collects each page's tags, which include
    # those a document gets from its lessons; and before the theme prints the
    # meta escaped here. Any priority above -50 would do: 0, MkDocs' default, keeps
    # the plugin's place among other plugins as mkdocs.yml lists them.
    @event_priority(0)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.site is None:
            return None
        if FIELDS_DIRECTIVE in markdown:
            markdown = markdown.replace(FIELDS_DIRECTIVE, markdown_reference())
        doc = self.site.document(page.file.src_uri)
        if doc is not None:
            tags = page.meta.get("tags")
            own: list[object] = tags if isinstance(tags, list) else []
            page.meta["tags"] = own + [t for t in lesson_pages.tags(self.site, doc)
                                       if t not in own]
        if page.file.generated_by:  # ours are checked here; the author's were in on_files
            report(theme_problems(page.file.src_uri, page.meta, {}))
        # MkDocs and Material print front matter as it is, in the <title>, the heading,
        # the nav and attributes: each key the theme reads is escaped here, once, or left
        # out (theme_meta). Our `status` is shown in the review panel, not as Material's.
        cleaned = clean_meta(page.meta)
        page.meta.clear()
        page.meta.update(cleaned)
        return markdown

    # Before the handbook's hooks (0, and after every plugin at 0) add the review panel
    # and the sign-off section: the author's content is neutralised on its own, and the
    # hooks find a generated page's body in place. Material's search reads the content
    # later, in on_page_context, placeholders and all (see `deferred`).
    @event_priority(50)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.site is None:
            return None
        site = self.site
        generated = self.built.pages.get(page.file.src_uri)
        if generated is not None and generated.file is page.file:
            return generated.body(page.url)
        for press in self.built.presses:
            content = press.content(page)
            if content is not None:
                return content
        # The author's content: whatever would run or load inside it is shown as text
        # (`handbook check` and the build report each one; see markup.active_markup).
        html = neutralise(html)
        if SUMMARY_DIRECTIVE in html:
            register_page = self.built.pages.get(pages.REGISTER)
            html = html.replace(SUMMARY_DIRECTIVE, pages.review_summary(
                site, register_page.file.url if register_page else None, page.url))
        doc = site.document(page.file.src_uri)
        if doc is not None and doc.controlled:
            html = self._related(site, html, doc, page)
        if doc is not None:
            html = lesson_pages.decorate(site, self.deferred, html, doc, page)
        return html

    def _related(self, site: Site, html: str, doc: Document, page: Page) -> str:
        """Add the documents linked with this one both ways that the text does not link."""
        links = [(other, site.href(other, page.url))
                 for other in site.handbook.related_to(doc) if other.id in site.urls]
        links = [(other, href) for other, href in links if f'href="{href}"' not in html]
        if not links:
            return html
        add_to_toc(page, "Related documents", "related-documents")
        return html + "\n" + self.deferred.defer(page, "related", "",
                                                  fragments.related_documents(doc, links))

    # Search has indexed the page (Material's search, in on_page_context): the deferred
    # parts go back in now, before any plugin that rewrites finished pages (Material's
    # privacy plugin, at -50; a minifier would drop the comments that mark them).
    @event_priority(50)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled or self.site is None:
            return None
        # Material's search dialog has no accessible name (axe: aria-dialog-name).
        output = output.replace('<div class="md-search" data-md-component="search" '
                                'role="dialog">', '<div class="md-search" data-md-component='
                                '"search" role="dialog" aria-label="Search the handbook">', 1)
        robots = page.meta.get("robots")
        doc = self.site.document(page.file.src_uri)
        if not robots and doc and self.site.signoff.names_on_sheet(doc):
            robots = "noindex, nofollow"  # its sign-off sheet lists staff
        content = page.content or ""
        for name, placeholder, shown in self.deferred.pop(page.file.src_uri):
            placed = _put_back(output, placeholder, shown)
            if placed is output:  # another plugin rewrote the content, HTML comments and all
                log.warning(f"{page.file.src_uri}: could not put back its {name} part after "
                            "search indexing: a plugin after 'handbook' changed the page's "
                            "content")
            output = placed
            content += shown  # for choosing the page's scripts
        for press in self.built.presses:
            if press.is_shell(page):
                def write(path: str, text: str, url: str, body: str) -> None:
                    write_file(self._finish(text, url, robots, body).encode("utf-8"), path)
                self.offload.run(press.name, partial(press.stamp, output, page, config, write))
        return self._finish(output, page.url, robots, content)

    def _finish(self, output: str, url: str, robots: object, content: str) -> str:
        """What every page gets last: its scripts, and in its head its policies.

        Scripts are chosen by the markup in the page's content (not the whole
        page, which is mostly theme and would take longer to search).
        """
        scripts = "".join(
            f'<script src="{get_relative_url(asset(name), url)}"></script>\n'
            for name, markers in self.scripts.items()
            if any(m in content for m in markers))
        output = _put_back(output, "</body>", scripts + "</body>")
        if self.banners:
            output = output.replace('<header class="md-header', self.banners
                                    + '<header class="md-header', 1)
        head = [MARKER_META] if self.internal else []
        if robots:
            # Pages with staff names ask search engines to keep out, whatever the theme.
            head.append(f'<meta name="robots" content="{html.escape(str(robots))}">')
        if not self.serving:
            head.insert(0, content_security_policy(
                self.theme_scripts.sources(get_relative_url(".", url))))
        if head:
            output = output.replace("<head>", "<head>\n" + "\n".join(head), 1)
        return output

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment | None:
        if self.config.enabled:
            # The theme's inline scripts, from its templates before any content is in them.
            self.theme_scripts = ThemeScripts(env, {
                "config": config, "features": config.theme.get("features") or []})
        return None

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        """The 404 page is a theme template, not a page: give it the policy too."""
        if self.config.enabled and not self.serving and template_name.endswith(".html"):
            # The base URL MkDocs gives theme templates (mkdocs.commands.build).
            base_url = (urlsplit(config.site_url or "/").path if is_error_template(template_name)
                        else get_relative_url(".", template_name))
            return output_content.replace("<head>", "<head>\n" + content_security_policy(
                self.theme_scripts.sources(base_url)), 1)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            self.offload.finish()
            if self.internal:
                write_marker(config.site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        self.offload.close()


def _file(files: Files, src_uri: str) -> File:
    """One of the author's files, which MkDocs listed and the handbook was read from."""
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise PluginError(f"handbook: {src_uri} is no longer among the site's files")
    return file


def is_offline(config: MkDocsConfig) -> bool:
    """Whether Material's `offline` plugin is on: the build is for reading from file://
    (and adds our search worker shim; `handbook check` asks too, for its clashes)."""
    return any(name in config.plugins and config.plugins[name].config.get("enabled", True)
               for name in OFFLINE_PLUGINS)


def _put_back(output: str, old: str, new: str) -> str:
    """Replace the last `old` in a finished page with `new`.

    Searching from the end: what we put back is in the page's content or just
    before `</body>`, nearer the end of the page than its start, and a page is
    mostly navigation and theme. On every page, that halves the plugin's time
    in on_post_page.
    """
    at = output.rfind(old)
    if at == -1:
        return output  # the same object: the caller can tell
    return "".join((output[:at], new, output[at + len(old):]))
