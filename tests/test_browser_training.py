"""The training register in a real browser: statuses move with the reader's clock."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def cell(page, person: str, column: int):
    row = page.locator("table.handbook-training tbody tr", has_text=person)
    return row.locator("td").nth(column)


def state(page, person: str, column: int) -> tuple[str, str, str]:
    found = cell(page, person, column)
    return (found.get_attribute("data-review-status"),
            found.locator("[data-review-label]").inner_text(),
            found.locator("[data-review-sentence]").inner_text())


def test_training_status_changes_when_the_clock_passes_the_renewal_date(page, internal_url):
    # Chloe Adams did paediatric first aid (column 4) on 9 December 2023: renew by
    # 9 December 2026, 36 months on. The example is built on 1 December 2026.
    page.clock.set_fixed_time("2026-12-09T09:30:00")
    page.goto(internal_url + "training/")
    assert state(page, "Chloe Adams", 3) == (
        "due-soon", "Review due soon", "Review due today (9 December 2026).")
    page.clock.set_fixed_time("2026-12-10T09:30:00")
    page.reload()
    assert state(page, "Chloe Adams", 3) == (
        "overdue", "Review overdue", "Review overdue by 1 day (was due 9 December 2026).")
    # Read months earlier, the same record was current.
    page.clock.set_fixed_time("2026-06-01T09:30:00")
    page.reload()
    assert state(page, "Chloe Adams", 3)[:2] == ("current", "Current")
