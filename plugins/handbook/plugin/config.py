"""Options of the `handbook` plugin in `mkdocs.yml`.

The hooks in `hooks/` take no options of their own: they read these.
"""

from __future__ import annotations

import datetime

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from ..settings import Gate, Settings


class _Whole(opt.Type):
    """A whole number within a range: date arithmetic on it must stay within the calendar."""

    def __init__(self, low: int, high: int, default: int) -> None:
        super().__init__(int, default=default)
        self.low, self.high = low, high

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)  # an int (or a bool, which is one) by now
        if not isinstance(value, int) or isinstance(value, bool) \
                or not self.low <= value <= self.high:
            raise opt.ValidationError(
                f"expected a whole number from {self.low} to {self.high}, got {value!r}")
        return value


class _ColumnMap(opt.Type):
    """Form headings mapped to sign-off columns; a wrong column name is an error at once."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict[str, str]:
        from ..signoff.records import TARGETS  # here: the config loads before the package

        value = super().run_validation(value)
        if not isinstance(value, dict):  # checked by Type(dict): this tells the type checker
            raise opt.ValidationError(f"expected a mapping of headings to columns, got {value!r}")
        for heading, column in value.items():
            if not isinstance(heading, str) or column not in TARGETS:
                raise opt.ValidationError(
                    f"expected each heading to map to one of {', '.join(TARGETS)}, got "
                    f"{heading!r}: {column!r}")
        return value


class HandbookConfig(Config):
    """Options of the `handbook` plugin.

    Example:
        ```yaml
        plugins:
          - search
          - handbook:
              review_every: 12
              due_soon_days: 60
              fail_on: overdue
        ```
    """

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it (for a quick plain build)."""

    review_every = _Whole(1, 60, default=12)
    """Months from approval to the next review when a document gives neither
    `review_by` nor `review_every`."""

    due_soon_days = _Whole(0, 3650, default=60)
    """A review due within this many days shows as "due soon"."""

    fail_on = opt.Choice([g.value for g in Gate], default=Gate.OVERDUE.value)
    """Review status at which the build logs a warning (so `--strict` fails) and
    `handbook check` exits non-zero: `overdue`, `due_soon` or `never`."""

    today = opt.Optional(opt.Type(datetime.date))
    """Compute review statuses as of this date instead of the build date, for
    reproducible builds. The `HANDBOOK_TODAY` environment variable overrides it."""

    history = opt.Type(bool, default=True)
    """Read every document's history from git and publish it: per-document history,
    the text of each version, what changed between versions, the amendments page
    and feed, and the inspection pack. Needs the handbook in a git repository with
    full history (not a shallow clone); otherwise the build warns."""

    internal = opt.Type(bool, default=False)
    """Build the internal edition, with staff names (sign-off register, named sheets,
    commit authors). Never publish an internal build. `HANDBOOK_INTERNAL=1`
    turns it on for one build."""

    signoff_roster = opt.Optional(opt.Type(str))
    """The staff roster CSV (`name, role, started, active`, optional `applies_to`),
    relative to `mkdocs.yml` or an absolute path (a synced OneDrive or SharePoint
    folder, say). Read only by internal builds; must be outside the docs folder,
    which is published."""

    signoff_records = opt.Optional(opt.Type(str))
    """Folder of sign-off record CSVs (`name, role, policy_id, version, signed_on`,
    optional `content_hash`), relative to `mkdocs.yml` or absolute; `handbook signoff
    import` adds to it. Read only by internal builds; must be outside the docs folder."""

    staff_data_in_git = opt.Type(bool, default=False)
    """Whether the roster and the records folder may be tracked by git. By default
    `handbook check` warns when they are, since staff names then go wherever the
    repository is pushed. Set it to true only for a repository private to the setting."""

    signoff_grace_days = _Whole(0, 3650, default=30)
    """Days each member of staff has to confirm a new MAJOR version (from its approval,
    or from their start date if later) before the internal build warns."""

    signoff_download = opt.Optional(opt.Type(bool))
    """Offer the sign-off record as a file to download. On when neither
    `signoff_email` nor `signoff_form_url` is set."""

    signoff_email = opt.Optional(opt.Type(str))
    """Address to send sign-off records to: the page offers an email with the record
    in its body."""

    signoff_form_url = opt.Optional(opt.Type(str))
    """A form address to open with the record filled in, with placeholders `{name}`,
    `{role}`, `{policy_id}`, `{title}`, `{version}`, `{signed_on}` and
    `{content_hash}` (for Microsoft or Google Forms prefilled links)."""

    signoff_columns = _ColumnMap()
    """Which column of a form export holds what, for `handbook signoff import`: each
    heading as the form wrote it, mapped to `name`, `role`, `policy_id`, `version`,
    `signed_on`, `signed_at` (a date and time), `content_hash` or `ignore`. Microsoft
    and Google Forms exports are recognised without it; use it when a guess is wrong."""
    training_courses = opt.Type(list, default=[])
    """The training courses staff need: a list, each with an `id`, a `title`,
    `renew_every` (months; leave it out for a course taken once) and who needs it,
    `roles` (roster roles) and/or `applies_to` (roster groups); neither means
    everyone. Internal builds show each person against each course at /training/."""

    training_records = opt.Optional(opt.Type(str))
    """Folder of training record CSVs (`name, course, completed_on`), relative to
    `mkdocs.yml` or absolute; `handbook training import` adds to it. Read only by
    internal builds and the CLI; must be outside the docs folder."""

    check_hooks = opt.Type(bool, default=True)
    """Warn (so `--strict` fails) when `hooks/review_dates.py` or `hooks/signoff.py` is
    missing from `hooks:`, listed twice, or an older copy than this release expects.
    Set it to false only to go without the review panel or the sign-off section."""

    editor = opt.Type(bool, default=False)
    """Add the web editor (Decap CMS) at `/admin/`: its page, its configuration
    generated from the field table, and its program, served from the site itself.
    `handbook edit` runs it against this computer's repository; published, it uses
    the GitHub repository in `repo_url` with the editorial workflow."""

    editor_branch = opt.Type(str, default="main")
    """The branch the published editor opens pull requests against. `handbook edit`
    uses the branch checked out instead."""

    editor_auth_domain = opt.Optional(opt.Type(str))
    """The Netlify site (such as `my-handbook-auth.netlify.app`) whose GitHub OAuth
    app signs editors in when the handbook is hosted elsewhere, such as GitHub Pages."""

    def settings(self) -> Settings:
        """The core's view of these options."""
        return Settings(
            review_every=self.review_every,
            due_soon_days=self.due_soon_days,
            fail_on=Gate(self.fail_on),
            today=self.today,
        )
