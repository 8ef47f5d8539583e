"""The record models' own logic: a certificate's state on a day, an officer's days in post, and the checks
that keep postings and certificate events consistent. Both ends of every period are inclusive."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import ValidationError

from compliance import Certificate, Officer

D = dt.date.fromisoformat


def certificate(issued_on: str = "2021-01-15", expires_on: str | None = "2026-01-14",
                events: list[tuple[str, str]] = ()) -> Certificate:
    """A certificate as read from a file; ``events`` are (date, event) pairs."""
    fields: dict[str, Any] = {"id": "C-1", "officer": "O-1", "issued_on": issued_on,
                              "events": [{"date": d, "event": e} for d, e in events]}
    if expires_on is not None:
        fields["expires_on"] = expires_on
    return Certificate.from_json(json.dumps(fields))


def officer(*postings: tuple[str, str | None]) -> Officer:
    """An officer as read from a file; ``postings`` are (start, end) pairs, end None while still in post."""
    return Officer.from_json(json.dumps({
        "id": "O-1", "name": "张三", "department": "D-1",
        "postings": [{"start": start} | ({"end": end} if end else {}) for start, end in postings],
    }))


def states(cert: Certificate, *days: str) -> list[str]:
    return [cert.state_on(D(day)).value for day in days]


# --- a certificate's state on a day ------------------------------------------------------------------------


def test_validity_runs_from_the_day_of_issue_to_the_day_of_expiry_inclusive():
    assert states(certificate(), "2021-01-14", "2021-01-15", "2026-01-14", "2026-01-15") == [
        "not_yet_issued", "valid", "valid", "expired"]


def test_a_certificate_without_expiry_stays_valid():
    assert states(certificate(expires_on=None), "2021-01-15", "2099-12-31") == ["valid", "valid"]


def test_a_certificate_issued_and_expiring_on_the_same_day_is_valid_that_day_only():
    assert states(certificate("2024-02-29", "2024-02-29"), "2024-02-28", "2024-02-29", "2024-03-01") == [
        "not_yet_issued", "valid", "expired"]


def test_a_suspension_counts_from_its_own_day_until_the_day_of_restoring():
    cert = certificate(events=[("2023-03-01", "suspended"), ("2023-04-01", "restored")])
    assert states(cert, "2023-02-28", "2023-03-01", "2023-03-31", "2023-04-01") == [
        "valid", "suspended", "suspended", "valid"]


def test_an_event_on_the_day_of_issue_counts_that_day():
    assert states(certificate(events=[("2021-01-15", "suspended")]), "2021-01-15") == ["suspended"]


def test_a_lost_certificate_is_valid_again_from_the_day_it_is_reissued():
    cert = certificate(events=[("2023-05-01", "lost"), ("2023-05-10", "reissued")])
    assert states(cert, "2023-04-30", "2023-05-01", "2023-05-09", "2023-05-10") == [
        "valid", "lost", "lost", "valid"]


def test_a_restored_or_reissued_certificate_still_expires():
    cert = certificate(events=[("2025-12-01", "suspended"), ("2026-01-01", "restored")])
    assert states(cert, "2026-01-14", "2026-01-15") == ["valid", "expired"]


def test_events_on_the_same_day_apply_in_the_order_given():
    cert = certificate(events=[("2023-03-01", "suspended"), ("2023-03-01", "restored")])
    assert states(cert, "2023-03-01") == ["valid"]


def test_revocation_is_final_even_past_expiry():
    cert = certificate(events=[("2023-06-01", "revoked")])
    assert states(cert, "2023-05-31", "2023-06-01", "2026-01-15", "2099-01-01") == [
        "valid", "revoked", "revoked", "revoked"]


def test_a_revoked_certificate_may_then_be_cancelled():
    cert = certificate(events=[("2023-06-01", "revoked"), ("2023-07-01", "cancelled")])
    assert states(cert, "2023-06-30", "2023-07-01", "2099-01-01") == ["revoked", "cancelled", "cancelled"]


def test_a_day_before_issue_is_not_yet_issued_whatever_the_events():
    cert = certificate(events=[("2021-01-15", "revoked")])
    assert states(cert, "2021-01-14") == ["not_yet_issued"]


# --- consistency of a certificate --------------------------------------------------------------------------


@pytest.mark.parametrize(("events", "message"), [
    pytest.param([("2023-06-01", "revoked"), ("2023-07-01", "restored")], "follows revoked, which is final",
                 id="restored-after-revoked"),
    pytest.param([("2023-06-01", "revoked"), ("2023-07-01", "revoked")], "follows revoked, which is final",
                 id="revoked-twice"),
    pytest.param([("2023-06-01", "cancelled"), ("2023-06-01", "reissued")], "follows cancelled, which is final",
                 id="reissued-after-cancelled-same-day"),
    pytest.param([("2023-06-01", "revoked"), ("2023-06-02", "cancelled"), ("2023-06-03", "reissued")],
                 "follows cancelled, which is final", id="anything-after-revoked-and-cancelled"),
    pytest.param([("2023-04-01", "suspended"), ("2023-03-31", "restored")],
                 "events are not in date order: 2023-04-01 then 2023-03-31", id="out-of-order"),
    pytest.param([("2021-01-14", "lost")], "event lost on 2021-01-14 is before issued_on 2021-01-15",
                 id="before-issue"),
])
def test_inconsistent_events_are_rejected(events, message):
    with pytest.raises(ValidationError, match=message):
        certificate(events=events)


def test_expiry_before_issue_is_rejected():
    with pytest.raises(ValidationError, match="expires_on 2021-01-14 is before issued_on 2021-01-15"):
        certificate(expires_on="2021-01-14")


# --- an officer's time in post -----------------------------------------------------------------------------


def test_in_post_from_the_first_to_the_last_day_of_each_posting():
    o = officer(("2020-01-01", "2020-06-30"), ("2021-01-01", None))
    days = ["2019-12-31", "2020-01-01", "2020-06-30", "2020-07-01", "2020-12-31", "2021-01-01", "2099-12-31"]
    assert [o.in_post_on(D(day)) for day in days] == [False, True, True, False, False, True, True]


@pytest.mark.parametrize(("first", "last", "days"), [
    pytest.param("2024-01-01", "2024-12-31", 366, id="leap-year"),
    pytest.param("2023-01-01", "2023-12-31", 365, id="common-year"),
    pytest.param("2024-02-01", "2024-02-29", 29, id="leap-february"),
    pytest.param("2024-05-05", "2024-05-05", 1, id="one-day"),
    pytest.param("2024-05-06", "2024-05-05", 0, id="empty-window"),
])
def test_days_in_post_counts_both_ends(first, last, days):
    assert officer(("2020-01-01", None)).days_in_post(D(first), D(last)) == days


def test_days_in_post_adds_up_the_postings_within_the_window():
    o = officer(("2023-12-01", "2024-01-31"), ("2024-03-01", "2024-03-01"), ("2024-12-31", None))
    # January (31) + 1 March (1) + 31 December (1); nothing outside 2024 counts
    assert o.days_in_post(D("2024-01-01"), D("2024-12-31")) == 33


@pytest.mark.parametrize(("first", "last", "days"), [
    pytest.param("2019-01-01", "2019-12-31", 0, id="before-the-posting"),
    pytest.param("2019-01-01", "2020-01-01", 1, id="ends-on-the-first-day"),
    pytest.param("2020-06-30", "2021-12-31", 1, id="starts-on-the-last-day"),
    pytest.param("2020-07-01", "2021-12-31", 0, id="after-the-posting"),
])
def test_days_in_post_at_the_ends_of_a_posting(first, last, days):
    assert officer(("2020-01-01", "2020-06-30")).days_in_post(D(first), D(last)) == days


# --- consistency of postings -------------------------------------------------------------------------------


@pytest.mark.parametrize("postings", [
    pytest.param([("2020-01-01", "2020-06-30"), ("2020-06-30", None)], id="next-starts-on-the-last-day"),
    pytest.param([("2020-01-01", "2020-06-30"), ("2020-03-01", "2020-04-01")], id="inside-the-other"),
    pytest.param([("2020-01-01", None), ("2021-01-01", None)], id="after-an-open-posting"),
    pytest.param([("2021-01-01", "2021-06-30"), ("2020-01-01", "2020-06-30")], id="out-of-order"),
])
def test_overlapping_or_unordered_postings_are_rejected(postings):
    with pytest.raises(ValidationError, match="postings overlap or are out of order"):
        officer(*postings)


def test_a_posting_may_start_the_day_after_the_last_one_ended():
    o = officer(("2020-01-01", "2020-06-30"), ("2020-07-01", None))
    assert o.days_in_post(D("2020-06-01"), D("2020-07-31")) == 61


def test_a_posting_that_ends_before_it_starts_is_rejected():
    with pytest.raises(ValidationError, match="end 2020-12-31 is before start 2021-01-01"):
        officer(("2021-01-01", "2020-12-31"))


def test_a_posting_may_end_on_its_first_day():
    assert officer(("2021-01-01", "2021-01-01")).days_in_post(D("2021-01-01"), D("2021-12-31")) == 1
