"""One golden rendering per check kind: what a drafter sees for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiuze.language.errors import render_findings
from jiuze.rulebook.rulebook import RuleSource, check_sources

BAD = Path(__file__).parent / "bad"


@pytest.mark.parametrize("path", sorted(BAD.glob("*.jz")), ids=lambda p: p.stem)
def test_each_check_kind_is_located_and_explained(path, golden):
    name = f"bad/{path.name}"
    text = path.read_text(encoding="utf-8")
    _, findings = check_sources([RuleSource(name, text)])
    assert findings
    if path.stem != "warnings":
        assert path.stem in {f.code for f in findings}
    golden(path.with_suffix(".expected"), render_findings(findings, {name: text}) + "\n")
