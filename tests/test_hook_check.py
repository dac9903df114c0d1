"""A handbook hook that is missing, listed twice or an old copy is a warning naming what to do,
so the review panel or sign-off section cannot silently vanish (or show twice)."""

from __future__ import annotations

import shutil

import yaml

from sites import REPO, build, policy, site_config, write_site

DOCS = {"policies/p.md": policy("p", sign_off=["I know what to do."])}


def hooks_site(tmp_path, hooks: list[str], options: dict | None = None,
               files: dict[str, str] | None = None):
    """A site whose own hooks/ folder holds copies of the repository's hooks (and `files`)."""
    (tmp_path / "hooks").mkdir(parents=True)
    for name in ("review_dates.py", "signoff.py"):
        shutil.copy(REPO / "hooks" / name, tmp_path / "hooks" / name)
    for name, text in (files or {}).items():
        (tmp_path / "hooks" / name).write_text(text)
    config = yaml.safe_load(site_config(handbook={"history": False, **(options or {})}))
    config["plugins"][-1] = {"handbook": {"history": False, **(options or {})}}
    config["hooks"] = hooks
    write_site(tmp_path, DOCS, yaml.safe_dump(config, sort_keys=False))
    return build(tmp_path, strict=True)


def hook_warnings(built) -> list[str]:
    return [w for w in built.warnings() if w.startswith("handbook: hooks:")]


def test_both_hooks_listed_once_and_current_is_quiet(tmp_path):
    built = hooks_site(tmp_path, ["hooks/review_dates.py", "hooks/signoff.py"])
    assert not built.aborted, built.warnings()
    assert hook_warnings(built) == []


def test_a_missing_hook_fails_the_strict_build_and_says_what_to_add(tmp_path):
    built = hooks_site(tmp_path, ["hooks/review_dates.py"])
    assert built.aborted
    [warning] = hook_warnings(built)
    assert "hooks/signoff.py is not listed" in warning
    assert "staff sign-off section" in warning
    assert "'- hooks/signoff.py' under 'hooks:'" in warning


def test_no_hooks_at_all_names_both(tmp_path):
    built = hooks_site(tmp_path, [])
    assert built.aborted
    assert len(hook_warnings(built)) == 2


def test_a_hook_listed_twice_is_named(tmp_path):
    built = hooks_site(tmp_path, ["hooks/review_dates.py", "hooks/signoff.py",
                                  "hooks/signoff_again.py"],
                       files={"signoff_again.py": (REPO / "hooks/signoff.py").read_text()})
    assert built.aborted
    [warning] = hook_warnings(built)
    assert "hooks/signoff.py and hooks/signoff_again.py" in warning and "twice" in warning


def test_an_old_copy_is_out_of_date(tmp_path):
    """A copy from before hooks declared a version: known by the function it calls."""
    old = (REPO / "hooks/review_dates.py").read_text()
    old = "\n".join(line for line in old.splitlines() if "HANDBOOK_HOOK" not in line) + "\n"
    built = hooks_site(tmp_path, ["hooks/review_dates_old.py", "hooks/signoff.py"],
                       files={"review_dates_old.py": old})
    assert built.aborted
    [warning] = hook_warnings(built)
    assert "hooks/review_dates_old.py is an older copy" in warning
    assert "starter/hooks/review_dates.py" in warning


def test_a_customised_hook_that_keeps_its_declaration_is_accepted(tmp_path):
    custom = (REPO / "hooks/signoff.py").read_text().replace(
        "    return signoff_section(html, page, config)",
        "    html = signoff_section(html, page, config)\n    return html + '<!-- ours -->'")
    built = hooks_site(tmp_path, ["hooks/review_dates.py", "hooks/mine.py"],
                       files={"mine.py": custom})
    assert not built.aborted, built.warnings()
    assert "<!-- ours -->" in (built.site_dir / "policies/p/index.html").read_text()


def test_the_check_can_be_turned_off(tmp_path):
    built = hooks_site(tmp_path, ["hooks/review_dates.py"], options={"check_hooks": False})
    assert not built.aborted, built.warnings()
