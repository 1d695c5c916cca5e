/* A form drawn from the input's JSON schema (the same pydantic models the CLI validates with).
 * The form edits the data object in place: whatever it cannot show (a field it does not know)
 * stays in the data untouched, so saving never drops anything. */
"use strict";

const SchemaForm = (() => {
  // paragraphs and other long text get a text area
  const LONG = new Set(["正文", "开头", "结尾", "概述", "结语", "引语", "条目"]);
  const HELP = {
    "标题": "文档标题；过长时可分两行，一行一项",
    "署名": "发文机关署名，排在正文后右下方",
    "日期": "成文日期，如 2024-12-20 或 2024年12月20日",
    "主送": "主送机关，如：各乡镇（街道）中心学校",
    "附件标签": "作为报告的附件报送时左上角的“附件2”",
    "年度": "不写时取日期的年份",
    "编号": "“连续”：三级编号 1. 全文连续；默认在每个上级标题下重新编号",
    "发文字号": "用带红头的模板时印在版头，如 某教发〔2025〕3号",
    "层级标记": "只有两级时可写 一、 和 1.",
    "开头结语": "在开头末尾加“现将……汇报如下：”；也可以自己写这句话",
    "结尾结语": "在结尾后加一段固定用语；也可以自己写",
    "数据": "正文中用 {{ 名称 }} 引用的数字，如 资金：120 万元，上年 100",
    "接排": "标题与正文排在同一段（三级标题默认如此）",
    "样式": "一是：排成一段“一是……；二是……。”；分条：每条一个（一）",
  };
  const KIND_NAMES = { SectionIn: "条目", TableIn: "表格", PartIn: "带标题的部分", ProblemsIn: "存在问题",
                       AttachmentIn: "附件", FigureIn: "数据项", TableBody: "表格" };

  let root = null;   // the whole schema (for $ref)
  let onChange = () => {};

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function resolve(s) {
    while (s && s.$ref) s = root.$defs[s.$ref.split("/").pop()];
    return s || {};
  }
  function refName(s) { return s && s.$ref ? s.$ref.split("/").pop() : null; }

  // the member schemas of a union, "null" apart
  function branches(s) {
    const list = s.anyOf || [s];
    return { options: list.filter(b => b.type !== "null"), nullable: list.some(b => b.type === "null") };
  }
  function typeOf(s) { const r = resolve(s); return r.type || (r.properties ? "object" : "string"); }
  function fits(s, v) {
    const t = typeOf(s);
    if (v === null || v === undefined) return false;
    if (t === "array") return Array.isArray(v);
    if (t === "object") return typeof v === "object" && !Array.isArray(v);
    if (t === "number" || t === "integer") return typeof v === "number" || (typeof v === "string" && v !== "" && !isNaN(Number(v)));
    if (t === "boolean") return typeof v === "boolean";
    return typeof v === "string";
  }
  function branchName(s) {
    const n = refName(s);
    if (n) return KIND_NAMES[n] || n;
    const r = resolve(s);
    if (r.type === "array") return KIND_NAMES[refName(r.items)] ? KIND_NAMES[refName(r.items)] + "列表" : "列表";
    return { string: "文字", boolean: "是/否", number: "数字", integer: "数字" }[r.type] || "内容";
  }
  function blank(s) {
    const r = resolve(s);
    if (r.default !== undefined && r.default !== null) return JSON.parse(JSON.stringify(r.default));
    switch (typeOf(s)) {
      case "array": return [];
      case "object": {
        const o = {};
        for (const k of r.required || []) o[k] = blank(firstOption(r.properties[k]));
        return o;
      }
      case "boolean": return false;
      case "number": case "integer": return 0;
      default: return "";
    }
  }
  function firstOption(s) { return branches(s).options[0] || s; }

  function mark(node, path) { node.dataset.path = JSON.stringify(path); return node; }

  /* one value: holder[key], described by schema s */
  function field(holder, key, s, path, label) {
    const { options, nullable } = branches(s);
    const value = holder[key];
    const box = mark(el("div", "field"), path);
    if (label !== null || options.length > 1) {
      const head = el("div", "field-head");
      if (label !== null) head.append(el("span", "field-label", label));
      if (HELP[label]) head.append(el("span", "field-help", HELP[label]));
      box.append(head);
    }
    // 开头结语-like: true / false / own sentence
    if (options.length === 2 && options.some(o => o.type === "boolean") && options.some(o => o.type === "string")) {
      const sel = el("select");
      [["false", "不加"], ["true", "加固定用语"], ["own", "自己写"]].forEach(([v, t]) => sel.append(new Option(t, v)));
      const own = el("input", "own");
      sel.value = typeof value === "string" ? "own" : value ? "true" : "false";
      own.value = typeof value === "string" ? value : "";
      own.hidden = sel.value !== "own";
      sel.addEventListener("change", () => {
        own.hidden = sel.value !== "own";
        holder[key] = sel.value === "own" ? own.value : sel.value === "true";
        onChange();
      });
      own.addEventListener("input", () => { holder[key] = own.value; onChange(); });
      box.append(sel, own);
      return box;
    }
    let current = options.find(o => fits(o, value));
    if (!current && value !== null && value !== undefined && typeof value !== "object") {
      // a scalar where a list is expected (正文: one paragraph) is the list of that one
      current = options.find(o => typeOf(o) === "array");
    }
    if (!current) current = options[0];
    if (options.length > 1) {
      const pick = el("select", "branch");
      options.forEach((o, i) => pick.append(new Option(branchName(o), String(i))));
      pick.value = String(options.indexOf(current));
      pick.addEventListener("change", () => {
        const next = options[Number(pick.value)];
        if (!fits(next, holder[key])) holder[key] = blank(next);
        onChange(true);
      });
      box.querySelector(".field-head").append(pick);
    }
    box.append(editor(holder, key, current, path, label));
    if (nullable && label !== null) box.classList.add("optional");
    return box;
  }

  function editor(holder, key, s, path, label) {
    const r = resolve(s);
    const t = typeOf(s);
    if (t === "object" && r.properties) return objectEditor(holder, key, r, path);
    if (t === "object") return mapEditor(holder, key, r, path);
    if (t === "array") return listEditor(holder, key, r, path, label);
    if (t === "boolean") {
      const c = el("input"); c.type = "checkbox"; c.checked = !!holder[key];
      c.addEventListener("change", () => { holder[key] = c.checked; onChange(); });
      return c;
    }
    if (r.enum) {
      const sel = el("select");
      if (!r.enum.includes(holder[key])) sel.append(new Option("（不写）", ""));
      r.enum.forEach(v => sel.append(new Option(v, v)));
      sel.value = holder[key] ?? "";
      sel.addEventListener("change", () => { holder[key] = sel.value || null; onChange(); });
      return sel;
    }
    const long = LONG.has(label) || (typeof holder[key] === "string" && holder[key].length > 60);
    const input = el(long ? "textarea" : "input");
    if (long) input.rows = Math.min(8, Math.max(2, Math.ceil(String(holder[key] ?? "").length / 50)));
    input.value = holder[key] ?? "";
    if (t === "number" || t === "integer") input.inputMode = "decimal";
    input.addEventListener("input", () => {
      const v = input.value;
      // numbers stay numbers; what is not a number goes as typed, for the check to name it
      holder[key] = (t === "number" || t === "integer") && v.trim() !== "" && !isNaN(Number(v)) ? Number(v) : v;
      onChange();
    });
    return input;
  }

  function objectEditor(holder, key, r, path) {
    if (typeof holder[key] !== "object" || holder[key] === null || Array.isArray(holder[key])) holder[key] = blank(r);
    const obj = holder[key];
    const box = el("div", "object");
    const props = r.properties;
    const shown = Object.keys(obj).filter(k => k in props);
    for (const k of r.required || []) if (!shown.includes(k)) { obj[k] = blank(firstOption(props[k])); shown.push(k); }
    for (const k of shown) {
      const row = field(obj, k, props[k], path.concat(k), k);
      if (!(r.required || []).includes(k)) {
        const drop = el("button", "link remove", "删去此项");
        drop.type = "button"; drop.title = `不写“${k}”`;
        drop.addEventListener("click", () => { delete obj[k]; onChange(true); });
        (row.querySelector(".field-head") || row).append(drop);
      }
      box.append(row);
    }
    const others = Object.keys(obj).filter(k => !(k in props));
    if (others.length) box.append(el("p", "kept", `表单里没有的内容已原样保留：${others.join("、")}`));
    const absent = Object.keys(props).filter(k => !(k in obj));
    if (absent.length) {
      const adds = el("div", "adds");
      adds.append(el("span", "adds-label", "还可以写："));
      for (const k of absent) {
        const b = el("button", "chip", "+ " + k);
        b.type = "button"; if (HELP[k]) b.title = HELP[k];
        b.addEventListener("click", () => { obj[k] = blank(firstOption(props[k])); onChange(true); });
        adds.append(b);
      }
      box.append(adds);
    }
    return box;
  }

  function mapEditor(holder, key, r, path) {
    if (typeof holder[key] !== "object" || holder[key] === null) holder[key] = {};
    const obj = holder[key];
    const box = el("div", "map");
    for (const name of Object.keys(obj)) {
      const row = mark(el("div", "map-row"), path.concat(name));
      const nameIn = el("input", "map-key"); nameIn.value = name; nameIn.title = "名称";
      nameIn.addEventListener("change", () => {
        const v = nameIn.value.trim();
        if (v && v !== name && !(v in obj)) {
          const entries = Object.entries(obj).map(([k, x]) => [k === name ? v : k, x]);
          for (const k of Object.keys(obj)) delete obj[k];
          entries.forEach(([k, x]) => { obj[k] = x; });
          onChange(true);
        }
      });
      row.append(nameIn, field(obj, name, r.additionalProperties, path.concat(name), null));
      const drop = el("button", "icon", "×"); drop.type = "button"; drop.title = "删除这个数据项";
      drop.addEventListener("click", () => { delete obj[name]; onChange(true); });
      row.append(drop);
      box.append(row);
    }
    const add = el("button", "chip", "+ 添加数据项"); add.type = "button";
    add.addEventListener("click", () => {
      let n = 1; while (`数据${n}` in obj) n++;
      obj[`数据${n}`] = blank(r.additionalProperties); onChange(true);
    });
    box.append(add);
    return box;
  }

  function listEditor(holder, key, r, path, label) {
    const wasText = typeof holder[key] === "string";
    if (!Array.isArray(holder[key])) holder[key] = holder[key] === undefined || holder[key] === null || holder[key] === "" ? [] : [holder[key]];
    const list = holder[key];
    // a one-line 标题 written as text stays text when saved
    const keep = () => { if (wasText && list.length === 1 && typeof list[0] === "string") holder[key] = list[0]; };
    keep();
    const box = el("div", "list");
    const itemSchema = r.items || {};
    const itemOptions = branches(itemSchema).options;
    // a list of text (paragraphs, items), maybe with the odd table: one compact row per item
    const simple = typeOf(itemOptions[0] || {}) === "string";
    list.forEach((item, i) => {
      const row = mark(el("div", simple ? "item simple" : "item"), path.concat(i));
      const tools = el("div", "item-tools");
      if (!simple) tools.append(el("span", "item-no", `${label || ""} 第 ${i + 1} 项`));
      const btn = (text, title, fn) => {
        const b = el("button", "icon", text); b.type = "button"; b.title = title;
        b.addEventListener("click", () => { fn(); holder[key] = list; keep(); onChange(true); });
        tools.append(b);
      };
      if (i > 0) btn("↑", "上移", () => list.splice(i - 1, 0, list.splice(i, 1)[0]));
      if (i < list.length - 1) btn("↓", "下移", () => list.splice(i + 1, 0, list.splice(i, 1)[0]));
      btn("×", "删除这一项", () => list.splice(i, 1));
      const holderProxy = new Proxy({}, {
        get: (_, p) => (p === "v" ? list[i] : undefined),
        set: (_, p, x) => { if (p === "v") { list[i] = x; holder[key] = list; keep(); } return true; },
        has: (_, p) => p === "v",
      });
      row.append(field(holderProxy, "v", itemSchema, path.concat(i), null), tools);
      box.append(row);
    });
    const adds = el("div", "adds");
    for (const o of itemOptions) {
      const what = typeOf(o) === "string" ? (LONG.has(label) ? "一段" : "一项") : branchName(o);
      const b = el("button", "chip", `+ 添加${what}`); b.type = "button";
      b.addEventListener("click", () => { list.push(blank(o)); holder[key] = list; onChange(true); });
      adds.append(b);
    }
    box.append(adds);
    return box;
  }

  /* draw `data` (edited in place) into `form`; change(redraw) is called after each edit */
  function draw(form, schema, data, change) {
    root = schema;
    onChange = (redraw) => change(!!redraw);
    form.replaceChildren(objectEditor({ v: data }, "v", schema, []));
  }

  /* put each problem next to the field it concerns (or its nearest drawn parent) */
  function showProblems(form, problems) {
    form.querySelectorAll(".field-error").forEach(e => e.remove());
    form.querySelectorAll(".has-error").forEach(e => e.classList.remove("has-error"));
    let first = null;
    for (const p of problems) {
      let loc = p.loc || [];
      let target = null;
      while (!target) {
        target = form.querySelector(`[data-path='${CSS.escape(JSON.stringify(loc))}']`);
        if (target || !loc.length) break;
        loc = loc.slice(0, -1);
      }
      target = target || form;
      target.classList.add("has-error");
      const msg = el("div", "field-error", (loc.length === (p.loc || []).length ? "" : `「${p.field}」`) + p.message);
      target.append(msg);
      first = first || target;
    }
    if (first) first.scrollIntoView({ behavior: "smooth", block: "center" });
  }

  return { draw, showProblems };
})();
