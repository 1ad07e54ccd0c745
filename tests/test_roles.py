"""One answer to "what is this agency's role in this measure?" (analyse.comparisons.effective_role),
used alike by the lead columns of the downloads, the document matrices and the agency pages."""

from __future__ import annotations

from generator.analyse.comparisons import analyse, effective_role
from generator.data.model import Responsibility, UnitRef
from generator.data.validate import validate


def _resp(*units: tuple[str, str, str | None], unordered: bool = False) -> Responsibility:
    return Responsibility(printed="…", label=None, note=None,
                          units=[UnitRef(name, role, agency) for name, role, agency in units], unordered=unordered)


def test_the_strongest_printed_role_counts():
    resp = _resp(("甲", "supporting", "a"), ("甲办", "lead", "a"), ("乙", "supporting", "b"),
                 ("丙", "responsible", "c"), ("丁", "lead", None))
    assert [effective_role(resp, x) for x in "abcd"] == ["lead", "supporting", "responsible", None]


def test_nobody_leads_where_the_order_of_units_means_nothing():
    resp = _resp(("甲", "lead", "a"), ("乙", "supporting", "b"), unordered=True)
    assert effective_role(resp, "a") == "responsible" and effective_role(resp, "b") == "supporting"


def test_every_view_of_the_corpus_gives_the_same_role(project_copy):
    corpus, _ = validate(project_copy, check_seeds=False)
    analysis = analyse(corpus)
    for row in analysis.rows:
        resp = row.provision.responsibility
        assert row.lead_agencies == [a for a in row.agencies if effective_role(resp, a) == "lead"]
        assert row.roles == {a: effective_role(resp, a) for a in row.agencies}
        if resp and resp.unordered:
            assert row.lead_agencies == []
    for agency_id, entries in analysis.rows_and_roles_by_agency.items():
        assert all(role == effective_role(row.provision.responsibility, agency_id) for row, role in entries)
