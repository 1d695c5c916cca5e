"""Which paragraph is what: the frame (版头, title, 主送, 落款, 附注, 附件, 版记) and the heading
level of every body item, recognised from units of any reader. `check` reports findings
against it and template learning reads fonts by it; `convert` builds its document from
the same two steps (frame.split_parts, outline)."""

from __future__ import annotations

from dataclasses import dataclass, field

from draftkit.convert.frame import Parts, split_parts
from draftkit.convert.outline import DIVISIONS, Item, assign_levels, classify, restarts_in_chapters, run_in_split
from draftkit.convert.readers import Unit
from draftkit.convert.report import Report


@dataclass
class Structure:
    roles: dict[int, str]  # paragraph -> title / recipient / org / date / note / attach_* / label
    items: list[Item]  # body items with heading levels
    attach_names: list[tuple[str, int]]
    attachments: list[tuple[str | None, str, list[Unit], int]]
    units: list[Unit]
    heading_levels: dict[int, int] = field(default_factory=dict)  # paragraph -> level (standalone headings)
    run_in: dict[int, int] = field(default_factory=dict)  # paragraph -> level (numbered run-in items)
    divisions: dict[int, str] = field(default_factory=dict)  # paragraph -> 第X章/节/条 family
    restart_in_chapters: bool = False
    parts: Parts | None = None  # the recognised frame; parts.role_of(unit) for each unit
    para_roles: dict[int, str] = field(default_factory=dict)  # id(docxread.Para) -> role

    def role_of_para(self, p) -> str | None:
        """The role of a .docx paragraph record (of the last recognised unit read from it)."""
        return self.para_roles.get(id(p))

    def role_of(self, u: Unit) -> str | None:
        """The role the frame gave this unit (None for body text)."""
        return self.parts.role_of(u) if self.parts is not None else None

    def units_in(self, role: str) -> list[Unit]:
        return [u for u in self.units if self.role_of(u) == role]


def analyse(units: list[Unit]) -> Structure:
    report = Report(source="")
    parts = split_parts(units, report)
    items = classify(parts.body)
    # levels as the writer used them: a 一、 -> 1. skip is reported, not smoothed over
    assign_levels(items, report, even_out=False)
    groups = [items]  # the body, then each attachment's
    for _, _, content, _ in parts.attachments:
        more = classify(content)
        assign_levels(more, report, even_out=False)
        groups.append(more)
    all_items = [it for group in groups for it in group]
    st = Structure(parts.roles, all_items, parts.attach_names, parts.attachments, units,
                   restart_in_chapters=restarts_in_chapters(items), parts=parts)
    for u in units:
        if u.source is not None and parts.role_of(u):
            st.para_roles[id(u.source)] = parts.role_of(u)
    following = {id(a): b for group in groups for a, b in zip(group, group[1:] + [None])}
    for it in all_items:
        if it.kind == "heading" and it.family in DIVISIONS:
            st.divisions[it.unit.line] = it.family
        if it.kind == "heading" and it.level:
            if run_in_split(it, following.get(id(it))):
                st.run_in[it.unit.line] = it.level
            else:
                st.heading_levels[it.unit.line] = it.level
    return st
