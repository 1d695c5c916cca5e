"""Precision over volume: on Word files like the ones offices send in, with every finding judged
by hand (tests/corpus/judged.py), at least 95 in 100 of check's findings are right, the faults
named as missed before are found, and --fix leaves only what needs a person."""

from __future__ import annotations

import pytest

from draftkit.check import check_file
from draftkit.check.fix import fix_docx
from draftkit.profile import default_profile
from tests.corpus import judged, word_files
from tests.test_fix import school_document


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("judged")
    files = {name: build(folder / name) for name, build in {**judged.BUILDERS, **word_files.BUILDERS}.items()}
    school = school_document(folder)
    files[school.name] = school
    assert set(files) == set(judged.JUDGED)
    return files


def test_check_is_precise_on_judged_word_files(corpus):
    found = {name: {(f.rule, f.para) for f in check_file(path).findings} for name, path in corpus.items()}
    right = sum(len(found[n] & judged.JUDGED[n]) for n in corpus)
    total = sum(len(found[n]) for n in corpus)
    wrong = {n: sorted(found[n] - judged.JUDGED[n], key=str) for n in corpus if found[n] - judged.JUDGED[n]}
    assert total and right / total >= 0.95, (right, total, wrong)
    missed = {(n, rule, para) for n, rule, para in judged.MUST_FIND if (rule, para) not in found[n]}
    assert not missed, missed
    # and recall over everything judged, so a rule that goes quiet is noticed
    expected = sum(len(v) for v in judged.JUDGED.values())
    assert right / expected >= 0.95, {n: judged.JUDGED[n] - found[n] for n in corpus}


def test_fix_leaves_only_what_needs_a_person(corpus, tmp_path):
    for name, path in corpus.items():
        result = fix_docx(path, tmp_path / f"改-{name}", default_profile())
        assert result.lost() == []
        left = {f.rule for f in check_file(result.output).findings}
        assert left <= judged.NEEDS_A_PERSON, (name, left)


def test_standard_faces_under_any_name_are_not_uncommon(tmp_path):
    import docx
    from docx.shared import Pt

    d = docx.Document()
    for face in ("FangSong", "KaiTi", "SimHei", "方正仿宋_GBK", "华文中宋", "STFangsong", "方正小标宋简体"):
        r = d.add_paragraph().add_run(f"各校要认真落实{face}。")
        r.font.size = Pt(16)
        r._r.get_or_add_rPr().get_or_add_rFonts().set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", face)
    r = d.add_paragraph().add_run("各校要认真落实华康少女文字。")
    r._r.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "华康少女文字")
    path = tmp_path / "字体.docx"
    d.save(str(path))
    uncommon = [f.message for f in check_file(path).findings if f.rule == "font-uncommon"]
    assert len(uncommon) == 1 and "华康少女文字" in uncommon[0], uncommon
