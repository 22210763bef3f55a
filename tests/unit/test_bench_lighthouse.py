"""The benchmark survives a failed Lighthouse run: it tries again, counts only the runs
that gave numbers and says how many counted (bench/frontend.py, without Lighthouse)."""

from __future__ import annotations

import math

import pytest

from bench.common import Row
from bench.frontend import (
    Lighthouse,
    LighthouseFailed,
    Runs,
    collect_runs,
    most_common,
    parse_report,
)
from bench.report import table


def _report(lcp: float = 2400.0, tbt: float = 150.0) -> dict:
    return {
        "audits": {
            "largest-contentful-paint": {"numericValue": lcp},
            "total-blocking-time": {"numericValue": tbt},
        },
        "categories": {"performance": {"score": 0.9}},
    }


def _script(*outcomes: str):
    """A fake run: "ok" gives a result, "fail" raises LighthouseFailed, in this order."""
    calls: list[int] = []

    def run_once(attempt: int) -> int:
        calls.append(attempt)
        if outcomes[len(calls) - 1] == "fail":
            raise LighthouseFailed("NO_NAVSTART: no navigation start")
        return attempt

    return run_once, calls


def test_three_good_runs_count_and_nothing_is_retried() -> None:
    run_once, calls = _script("ok", "ok", "ok")
    runs = collect_runs(run_once, wanted=3, retries=3)
    assert runs.results == [0, 1, 2] and calls == [0, 1, 2]
    assert runs.summary() == "3 of 3 runs counted"


def test_a_run_ending_in_no_navstart_is_tried_again_and_the_table_says_so() -> None:
    run_once, _ = _script("ok", "fail", "ok", "ok")
    runs = collect_runs(run_once, wanted=3, retries=3)
    assert runs.results == [0, 2, 3]
    assert runs.failures == ["NO_NAVSTART: no navigation start"]
    assert runs.summary() == "3 of 3 runs counted (1 failed, retried)"


def test_when_lighthouse_keeps_failing_the_bench_goes_on_with_what_counted() -> None:
    run_once, calls = _script("ok", "fail", "fail", "fail", "fail", "ok")
    runs = collect_runs(run_once, wanted=3, retries=3)
    assert calls == [0, 1, 2, 3, 4]  # the first run and four failed attempts: no fifth try
    assert runs.results == [0]
    assert runs.summary() == "1 of 3 runs counted (4 failed, retried)"


def test_no_run_counting_is_said_plainly_and_raises_nothing() -> None:
    run_once, _ = _script("fail", "fail")
    runs: Runs[int] = collect_runs(run_once, wanted=2, retries=1)
    assert runs.results == []
    assert runs.summary() == "0 of 2 runs counted (2 failed)"


def test_another_error_is_not_swallowed() -> None:
    def broken(attempt: int) -> int:
        raise RuntimeError("a bug in the bench itself")

    with pytest.raises(RuntimeError):
        collect_runs(broken, wanted=3, retries=3)


def test_a_report_gives_lcp_tbt_and_score() -> None:
    assert parse_report(_report()) == Lighthouse(lcp_ms=2400.0, tbt_ms=150.0, score=0.9)


def test_a_report_with_a_runtime_error_is_a_failed_run() -> None:
    report = {**_report(), "runtimeError": {"code": "NO_NAVSTART", "message": "No navstart"}}
    with pytest.raises(LighthouseFailed, match="NO_NAVSTART"):
        parse_report(report)


def test_a_report_without_the_lcp_number_is_a_failed_run_with_lighthouses_reason() -> None:
    report = _report()
    report["audits"]["largest-contentful-paint"] = {
        "numericValue": None,
        "errorMessage": "NO_LCP",
    }
    with pytest.raises(LighthouseFailed, match="largest-contentful-paint: NO_LCP"):
        parse_report(report)


def test_a_row_without_any_counted_run_reads_n_a_not_nan() -> None:
    row = Row("first", "first visit: LCP", math.nan, 2.9, "s", note="0 of 3 runs counted")
    line = table([row]).splitlines()[-1]
    assert "nan" not in line
    assert line.count("n/a") == 2  # ours and the ratio
    assert "(0 of 3 runs counted)" in line


def _lcp_element_audit(selector: str, label: str) -> dict:
    """Lighthouse 12's `largest-contentful-paint-element`: a table with the node, then one
    with the phases (TTFB, load delay, ...)."""
    node = {"type": "node", "selector": selector, "nodeLabel": label, "snippet": "<p>"}
    phases = [{"phase": "TTFB", "timing": 450.0}, {"phase": "Render Delay", "timing": 900.0}]
    return {
        "details": {
            "type": "list",
            "items": [
                {"type": "table", "items": [{"node": node}]},
                {"type": "table", "items": phases},
            ],
        }
    }


def test_the_bench_names_the_element_a_parent_saw_as_the_largest_paint() -> None:
    report = _report()
    report["audits"]["largest-contentful-paint-element"] = _lcp_element_audit(
        "div.rt-Flex > main#inhoud > div.rt-Flex > p#overview-intro",
        "Hier zie je wat nu voor jou klaarstaat: jouw taken, de agenda van vandaag en morgen",
    )
    element = parse_report(report).lcp_element
    assert element.startswith('p#overview-intro "Hier zie je wat nu voor jou klaarstaat')
    assert len(element) < 90  # the text is cut for the table


def test_a_report_without_an_lcp_element_still_counts_and_the_table_says_unknown() -> None:
    result = parse_report(_report())
    assert result.lcp_element == ""
    assert most_common([result.lcp_element, 'h1 "Overzicht"']) == 'h1 "Overzicht" (1 of 2 runs)'
    assert most_common(["", ""]) == "?"
