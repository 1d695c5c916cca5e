"""The Word files of the development corpus, built the way offices and converters make them.

Each builder reproduces a pattern seen in real .docx files: a 红头 whose 发文机关标志 sits in
a text box (Word keeps a VML copy of it), a WPS document whose headings are heading styles
without typed numbers and whose list items are automatic numbering, a PDF-to-Word file with
every printed line its own paragraph and the page numbers typed in. expected.yaml holds
what a careful reader sees in each, written down before the tool was run.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def _font(run, name: str, size: float, color: RGBColor | None = None, bold: bool = False):
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run._r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", name)
    if color is not None:
        run.font.color.rgb = color
    return run


def _para(d, text: str, font: str = "仿宋_GB2312", size: float = 16, align: int | None = None, **kw):
    p = d.add_paragraph()
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, **kw)
    return p


def text_box_run(text: str, color: str = "FF0000", size_half_points: int = 72):
    """A run holding a text box as Word saves it: DrawingML, and its VML copy in mc:Fallback."""
    inner = (f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/>'
             f'<w:color w:val="{color}"/><w:sz w:val="{size_half_points}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>')
    return parse_xml(
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
        f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
        f'</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def shape_run(floating: bool = True, uri_kind: str = "wordprocessingShape"):
    """A run holding a drawn shape with no text (the red rule of a 红头, an arrow), as Word saves
    it: a straight line floating over the text, or a chart when uri_kind is a chart's."""
    uris = {"wordprocessingShape": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
            "chart": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    body = ('<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5615940" cy="0"/></a:xfrm>'
            '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="19050"><a:solidFill><a:srgbClr val="FF0000"/>'
            '</a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>') if uri_kind == "wordprocessingShape" else ""
    frame = ('<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" '
             'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
             '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
             '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
             '<wp:extent cx="5615940" cy="12700"/><wp:wrapNone/><wp:docPr id="90" name="Line 1"/>'
             if floating else '<wp:inline><wp:extent cx="5615940" cy="12700"/><wp:docPr id="90" name="Line 1"/>')
    end = "</wp:anchor>" if floating else "</wp:inline>"
    return parse_xml(f'<w:r {NS}><w:drawing>{frame}<a:graphic><a:graphicData uri="{uris[uri_kind]}">{body}'
                     f'</a:graphicData></a:graphic>{end}</w:drawing></w:r>')


def float_picture(run, x_mm: float = 100, y_mm: float = -10):
    """Make the inline picture python-docx added to `run` float over the text (wp:anchor), placed
    from the paragraph, as a seal or a photo with text wrapped round it is saved."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    inline = run._r.find(f".//{{{NS_WP}}}inline")
    anchor = OxmlElement("wp:anchor")
    for k, v in dict(distT="0", distB="0", distL="0", distR="0", simplePos="0", relativeHeight="3",
                     behindDoc="0", locked="0", layoutInCell="1", allowOverlap="1").items():
        anchor.set(k, v)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for tag, rel, mm in (("wp:positionH", "column", x_mm), ("wp:positionV", "paragraph", y_mm)):
        pos = OxmlElement(tag)
        pos.set("relativeFrom", rel)
        off = OxmlElement("wp:posOffset")
        off.text = str(int(mm * 36000))
        pos.append(off)
        anchor.append(pos)
    anchor.append(inline.find(qn("wp:extent")))
    anchor.append(OxmlElement("wp:wrapNone"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        el = inline.find(qn(tag))
        if el is not None:
            anchor.append(el)
    inline.getparent().replace(inline, anchor)
    return run


NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def add_footnote(paragraph, text: str) -> int:
    """A footnote at the end of `paragraph`, with the footnotes part (and its separators) made
    when the document has none yet, as Word keeps them. Returns the footnote's id."""
    from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    part = paragraph.part
    notes = next((r.target_part for r in part.rels.values() if r.reltype == RT.FOOTNOTES), None)
    if notes is None:
        root = parse_xml(f'<w:footnotes {NS}>'
                         '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                         '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                         '</w:r></w:p></w:footnote></w:footnotes>')
        notes = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, part.package)
        part.relate_to(notes, RT.FOOTNOTES)
    number = max(int(n.get(qn("w:id"))) for n in notes.element.findall(qn("w:footnote"))) + 1

    def superscript_run(child):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        r.append(rpr)
        r.append(child)
        return r

    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(number))
    paragraph._p.append(superscript_run(ref))
    note = OxmlElement("w:footnote")
    note.set(qn("w:id"), str(number))
    p = OxmlElement("w:p")
    p.append(superscript_run(OxmlElement("w:footnoteRef")))
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = " " + text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    p.append(r)
    note.append(p)
    notes.element.append(note)
    return number


def redhead_text_box(path: Path) -> Path:
    d = docx.Document()
    anchor = d.add_paragraph()
    anchor._p.append(text_box_run("某某县教育局文件"))
    _para(d, "某教发〔2025〕2号", align=1)
    d.add_paragraph()
    _para(d, "某某县教育局关于做好2025年寒假", "方正小标宋简体", 22, align=1)
    _para(d, "期间学生安全工作的通知", "方正小标宋简体", 22, align=1)
    d.add_paragraph()
    _para(d, "各中小学校、幼儿园：")
    _para(d, "寒假即将来临，为确保学生度过一个安全、健康的假期，现就有关事项通知如下。")
    _para(d, "一、加强安全教育", "黑体")
    _para(d, "各校要在放假前开展一次安全专题教育，重点讲清防溺水、防火、交通安全等内容。")
    _para(d, "二、落实值班制度", "黑体")
    _para(d, "假期实行领导带班和24小时值班制度，值班人员要保持通讯畅通。")
    _para(d, "三、及时报告情况", "黑体")
    _para(d, "发生安全事故要第一时间上报，不得迟报、漏报、瞒报。")
    d.add_paragraph()
    _para(d, "某某县教育局", align=2)
    _para(d, "2025年1月10日", align=2)
    _para(d, "（此件主动公开）")
    _para(d, "抄送：县人民政府办公室。", size=14)
    _para(d, "某某县教育局办公室                2025年1月10日印发", size=14)
    d.save(str(path))
    return path


def wps_styles(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("某某镇中心学校2024年工作总结", style="Title")
    d.add_paragraph("2024年，我校在镇党委、政府和县教育局的领导下，各项工作取得新进展。现总结如下。")
    d.add_paragraph("主要工作成效", style="Heading 1")
    d.add_paragraph("党建工作", style="Heading 2")
    d.add_paragraph("全年开展主题党日活动12次，党员教师带头承担公开课。")
    d.add_paragraph("教学工作", style="Heading 2")
    d.add_paragraph("落实集体备课制度，毕业班质量稳中有升。", style="List Number")
    d.add_paragraph("开展课堂教学比武，评出优质课8节。", style="List Number")
    d.add_paragraph("存在的问题", style="Heading 1")
    d.add_paragraph("教师结构性缺编，音体美专任教师不足。")
    d.add_paragraph("下一步打算", style="Heading 1")
    d.add_paragraph("积极争取补充紧缺学科教师，继续改善办学条件。")
    sign = d.add_paragraph()
    sign.alignment = 2
    run = sign.add_run("某某镇中心学校")
    run.add_break(WD_BREAK.LINE)
    sign.add_run("2024年12月30日")
    d.save(str(path))
    return path


def pdf_to_word(path: Path) -> Path:
    """Every printed line a paragraph of its own (full lines of one width), the page numbers
    typed in, one in the middle of a sentence; the last body line is full and ends a sentence
    right above the 署名."""
    d = docx.Document()
    lines = [
        "某某市教育局",
        "关于印发2025年教育工作要点的通知",
        "各区县教育局，市直各学校：",
        "现将《某某市2025年教育工作要点》印发给你们，请结合实际",
        "认真贯彻落实。",
        "一、深化教育综合改革",
        "持续推进教育评价改革，完善学校内部治理结构，激发办学",
        "— 1 —",
        "活力。",
        "二、促进教育均衡发展",
        "推进义务教育优质均衡，扩大普惠性学前教育资源，加强县域",
        "高中建设。",
        "三、建设高素质教师队伍",
        "加强师德师风建设，完善教师培训体系，落实教师各项待遇。",
        "— 2 —",
        "某某市教育局",
        "2025年2月18日",
    ]
    for text in lines:
        _para(d, text)
    d.save(str(path))
    return path


BUILDERS = {
    "16-红头文本框.docx": redhead_text_box,
    "17-WPS样式与自动编号.docx": wps_styles,
    "18-PDF转Word逐行成段.docx": pdf_to_word,
}
