"""Word's style inheritance, resolved: run -> character style -> paragraph style (basedOn
chain) -> document defaults. The one style resolver: check, the reading layer and the page
estimate all ask it."""

from __future__ import annotations

from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def val(el, attr="val"):
    return None if el is None else el.get(W + attr)


def on(el) -> bool | None:
    """A w:b-like toggle: absent None, <w:b/> True, <w:b w:val="0"/> False."""
    if el is None:
        return None
    v = el.get(W + "val")
    return v not in ("0", "false", "off")


@dataclass
class Font:
    name: str | None  # the East Asian font the run ends up with
    theme: str | None = None  # a theme font (minorEastAsia ...) decides it instead
    size: float | None = None  # points


def first_attr(elements, tag: str, attr: str = "val"):
    """The attribute of the first `tag` child that has it, along a chain of property elements
    (most specific first): how Word resolves a setting through the style hierarchy."""
    for el in elements:
        child = el.find(W + tag)
        if child is not None and child.get(W + attr) is not None:
            return child.get(W + attr)
    return None


class StyleSheet:
    def __init__(self, d):
        root = d.styles.element
        self.by_id = {}
        self.names = {}
        self.default_para = None
        for st in root.findall(W + "style"):
            sid = st.get(W + "styleId")
            self.by_id[sid] = st
            name = st.find(W + "name")
            self.names[sid] = val(name) or sid
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
                self.default_para = sid
        self.default_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_ppr = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")

    def chain(self, sid):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = val(st.find(W + "basedOn"))

    def rprs(self, run_rpr, rstyle, pstyle):
        """rPr elements from the most to the least specific."""
        out = [run_rpr] if run_rpr is not None else []
        for st in self.chain(rstyle):
            out.append(st.find(W + "rPr"))
        for st in self.chain(pstyle or self.default_para):
            out.append(st.find(W + "rPr"))
        out.append(self.default_rpr)
        return [r for r in out if r is not None]

    def pprs(self, ppr, pstyle):
        out = [ppr] if ppr is not None else []
        for st in self.chain(pstyle or self.default_para):
            out.append(st.find(W + "pPr"))
        out.append(self.default_ppr)
        return [p for p in out if p is not None]

    def font(self, run_rpr, rstyle, pstyle, script: str = "eastAsia") -> Font:
        """The run's font for East Asian text, or with script="ascii" for Latin text."""
        return self.font_in(self.rprs(run_rpr, rstyle, pstyle), script)

    @staticmethod
    def font_in(chain, script: str = "eastAsia") -> Font:
        """The font a chain of rPr elements (most specific first, see rprs) gives."""
        name = theme = None
        for rpr in chain:
            fonts = rpr.find(W + "rFonts")
            if fonts is None:
                continue
            if fonts.get(W + script + "Theme"):
                theme = fonts.get(W + script + "Theme")
                break
            if fonts.get(W + script):
                name = fonts.get(W + script)
                break
        size = None
        for rpr in chain:
            sz = rpr.find(W + "sz")
            if sz is not None and (val(sz) or "").isdigit():
                size = int(val(sz)) / 2
                break
        return Font(name, theme, size if size is not None else 10.0)

    def ppr_toggle(self, pprs, tag) -> bool:
        """An on/off property: the most specific explicit setting wins, as for every other one."""
        for ppr in pprs:
            v = on(ppr.find(W + tag))
            if v is not None:
                return v
        return False

    def ppr_attr(self, pprs, tag, attr):
        return first_attr(pprs, tag, attr)
