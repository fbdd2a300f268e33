"""README's figures of what the dataset holds are those that `sahel-ld stats` counts."""

from pathlib import Path

from sahel_ld.stats import dataset_stats

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_states_the_current_figures(app):
    stats = dataset_stats(app.extensions["sahel_ld"])
    text = README.read_text(encoding="utf-8")
    expected = [f"| {kind} | {count} |" for kind, count in stats["entities_by_kind"].items()]
    expected += [f"| claims {iri.rsplit('/', 1)[1]} | {count} |" for iri, count in stats["claims_by_certainty"].items()]
    expected.append(f"| triples (all named graphs) | {stats['triples']} |")
    assert [line for line in expected if line not in text] == []
