"""The rulebook a .jz file belongs to, checked as `jiuze check` checks it, with what open editors hold.

A rule file belongs to the rulebook of its directory (every .jz below it);
an overlay's base (`依据 …`) is loaded through the same rules as
`rulebook.load_modules`.  A *case* file (only facts, nothing declared) is
checked against the national rulebook, as `jiuze explain` would read it.

Parsing dominates a check (≈0.36 s for the national rulebook, ≈0.09 s for
the checks), so parsed modules are cached by (file, text): an edit re-parses
one file, then the whole-rulebook checks run on the cached rest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jiuze.checks.rules import check_modules
from jiuze.compile import overlay, parameters
from jiuze.language import ast
from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.parser import parse_text
from jiuze.rulebook.rulebook import NATIONAL, RuleSource, base_directory, national_sources, sources_at


@dataclass
class Layer:
    """One rulebook in an overlay chain: the edited one first, its bases after."""

    modules: list[ast.Module]
    base_label_targets: bool = False  # True for a base: 修改/废止 labels of the layer above point here


@dataclass
class Checked:
    """A checked rulebook: its layers (for navigation) and its findings by file name."""

    layers: list[Layer]
    findings: list[Finding]
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def modules(self) -> list[ast.Module]:
        return [m for layer in self.layers for m in layer.modules]

    def module(self, name: str) -> ast.Module | None:
        return next((m for m in self.layers[0].modules if m.path == name), None) if self.layers else None


def real_path(name: str) -> str:
    """The file a source name stands for (`national/…` is inside the installed package)."""
    if name.startswith(NATIONAL + "/"):
        return str(Path(str(resources.files("jiuze.logic").joinpath(name))).resolve())
    return os.path.abspath(name)


class Workspace:
    """Open documents, a parse cache, and how to check the rulebook of a file."""

    def __init__(self):
        self.open: dict[str, str] = {}  # absolute path → the editor's text
        self._parsed: dict[str, tuple[str, ast.Module, list[Finding]]] = {}

    def parse(self, name: str, text: str) -> tuple[ast.Module, list[Finding]]:
        hit = self._parsed.get(name)
        if hit is not None and hit[0] == text:
            return hit[1], hit[2]
        module, findings = parse_text(text, name)
        self._parsed[name] = (text, module, findings)
        return module, findings

    def source_text(self, name: str) -> str | None:
        """The text a checked file had (names as the parser saw them, e.g. national/06-追究情形.jz)."""
        hit = self._parsed.get(name)
        return hit[0] if hit is not None else None

    def check(self, path: str) -> Checked:
        """Check the rulebook `path` belongs to: the findings `jiuze check` reports, except its semantic
        search for counterexample cases (seconds of evaluation, run by `jiuze check` itself)."""
        path = os.path.abspath(path)
        own, _ = self.parse(path, self.text(path))
        if is_case(own):
            return self._check_case(path)
        sources = self._sources_at(os.path.dirname(path))
        if path not in {s.name for s in sources}:
            sources.append(RuleSource(path, self.text(path)))
        try:
            layers, merged, findings = self._load(sources, ())
            findings = findings + _resolved_and_checked(merged)
        except JiuzeError as error:  # e.g. an unreadable base file: still a located finding
            return Checked([], list(error.findings))
        own = {s.name for s in sources}
        shown = [f for f in set(findings) if f.is_error or f.span.file in own]  # as jiuze check: no base warnings
        return Checked(layers, sorted(shown), {s.name: s.text for s in sources})

    def _check_case(self, path: str) -> Checked:
        sources = national_sources() + [RuleSource(path, self.text(path))]
        layers, merged, findings = self._load(sources, ())
        findings = [f for f in set(findings + _resolved_and_checked(merged)) if f.span.file == path]
        case_layer = Layer([m for m in layers[0].modules if m.path == path])
        rest = Layer([m for m in layers[0].modules if m.path != path])
        return Checked([case_layer, rest], sorted(findings), {path: self.text(path)})

    def _load(self, sources: list[RuleSource], seen: tuple):
        """Like rulebook.load_modules(resolve=False), but cached, keeping every layer, and never raising."""
        modules, findings = [], []
        for source in sources:
            module, found = self.parse(source.name, source.text)
            modules.append(module)
            findings += found
        header = overlay.base_of(modules)
        if header is None:
            return [Layer(modules)], modules, findings
        try:
            base_sources = self._base_sources(header, seen)
        except JiuzeError as error:
            return [Layer(modules)], modules, findings + list(error.findings)
        base_layers, base_merged, base_findings = self._load(base_sources, seen + (header.value,))
        merged, overlay_findings, _ = overlay.apply(base_merged, modules)
        for layer in base_layers:
            layer.base_label_targets = True
        return [Layer(modules), *base_layers], merged, findings + base_findings + overlay_findings

    def _base_sources(self, header: ast.OverlayHeader, seen: tuple) -> list[RuleSource]:
        target = base_directory(header, seen)
        return national_sources() if target is None else self._sources_at(target)

    def _sources_at(self, directory: str) -> list[RuleSource]:
        """The directory's .jz files, each with the editor's text where it is open."""
        try:
            found = sources_at(directory)
        except JiuzeError:
            found = []
        names = {os.path.abspath(s.name) for s in found}
        sources = [RuleSource(os.path.abspath(s.name), self.open.get(os.path.abspath(s.name), s.text)) for s in found]
        prefix = os.path.abspath(directory) + os.sep
        sources += [RuleSource(p, t) for p, t in sorted(self.open.items()) if p.startswith(prefix) and p not in names]
        return sorted(sources, key=lambda s: s.name)

    def text(self, path: str) -> str:
        if path in self.open:
            return self.open[path]
        try:
            return Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return ""


def _resolved_and_checked(modules: list[ast.Module]) -> list[Finding]:
    """Parameter names replaced by the values in force (once, on the whole stack), then the checks."""
    resolved, findings = parameters.resolve(modules)
    return findings + check_modules(resolved)


def is_case(module: ast.Module) -> bool:
    """Only facts (no declaration, rule, scenario or overlay header): a case file."""
    statements = module.statements
    return bool(statements) and all(isinstance(s, ast.Clause) and s.is_fact for s in statements)
