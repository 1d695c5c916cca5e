/* The page: four tabs over draftkit's JSON API.  Nothing here decides anything about the
 * document; it sends what the clerk gave and shows what came back. */
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
let INFO = { templates: [], preview: null, pdf: false, limit_mb: 20 };

/* ---- talking to the server ---------------------------------------------------------- */
async function api(path, options = {}) {
  let res;
  try {
    res = await fetch(path, options);
  } catch (e) {
    throw new Error("连接不上 draftkit：请确认运行 draftkit serve 的窗口还开着");
  }
  const type = res.headers.get("content-type") || "";
  if (!res.ok) {
    const body = type.includes("json") ? await res.json() : { error: `出错了（${res.status}）` };
    const err = new Error(body.error || `出错了（${res.status}）`);
    err.body = body;
    throw err;
  }
  return type.includes("json") ? res.json() : res;
}
const postJSON = (path, body) => api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function saveResponse(res, fallback) {
  const disp = res.headers.get("content-disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/.exec(disp);
  const name = m ? decodeURIComponent(m[1]) : fallback;
  const url = URL.createObjectURL(await res.blob());
  const a = el("a"); a.href = url; a.download = name;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* ---- status, errors, progress ------------------------------------------------------- */
function busy(box, text) {
  box.hidden = false;
  box.replaceChildren(el("span", "spinner"), el("span", "", text), el("span", "elapsed", ""));
  const start = Date.now();
  const timer = setInterval(() => {
    const s = Math.round((Date.now() - start) / 1000);
    box.querySelector(".elapsed").textContent = s >= 2 ? `已用 ${s} 秒` : "";
  }, 500);
  return () => { clearInterval(timer); box.hidden = true; box.replaceChildren(); };
}
function showError(box, message) {
  box.hidden = !message;
  box.textContent = message || "";
  if (message) box.scrollIntoView({ behavior: "smooth", block: "nearest" });
}
function fillNotes(list, notes) {
  list.replaceChildren(...(notes || []).map(n => el("li", "", n)));
  list.hidden = !(notes || []).length;
}

/* ---- tabs ----------------------------------------------------------------------------- */
function openTab(name) {
  document.querySelectorAll(".tabs button").forEach(b => b.setAttribute("aria-selected", String(b.dataset.tab === name)));
  document.querySelectorAll("section.tab").forEach(s => { s.hidden = s.dataset.tab !== name; });
  if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
}

/* ---- templates -------------------------------------------------------------------------- */
const chosenTemplate = (job) => localStorage.getItem("draftkit.template." + job) || "";
function fillTemplateSelects() {
  document.querySelectorAll("select.template-select").forEach(sel => {
    const job = sel.dataset.job;
    sel.replaceChildren(new Option("GB/T 9704 默认版式", ""), ...INFO.templates.filter(t => t.name !== "default")
      .map(t => new Option(t.description ? `${t.name}（${t.description}）` : t.name, t.name)));
    sel.value = INFO.templates.some(t => t.name === chosenTemplate(job)) ? chosenTemplate(job) : "";
    sel.onchange = () => {
      localStorage.setItem("draftkit.template." + job, sel.value);
      document.querySelectorAll(`select.template-select[data-job="${job}"]`).forEach(o => { o.value = sel.value; });
    };
  });
  const list = $("template-list");
  list.replaceChildren(...INFO.templates.map(t => {
    const li = el("li");
    const b = el("button", "template-item");
    b.append(el("strong", "", t.name), el("span", "where", t.where));
    if (t.description) b.append(el("span", "desc", t.description));
    b.addEventListener("click", () => showTemplate(t.name, b));
    li.append(b);
    return li;
  }));
}
async function showTemplate(name, button) {
  document.querySelectorAll(".template-item").forEach(b => b.classList.toggle("current", b === button));
  $("template-name").textContent = `模板“${name}”的设置`;
  showError($("template-error"), "");
  try {
    const t = await api(`/api/templates/${encodeURIComponent(name)}`);
    $("template-lines").textContent = t.lines.join("\n");
  } catch (e) {
    $("template-lines").textContent = "";
    showError($("template-error"), e.message);
  }
}

/* ---- results: downloads and preview ------------------------------------------------------ */
function showResult(prefix, answer) {
  $(prefix + "-result").hidden = false;
  $(prefix + "-empty").hidden = true;
  $(prefix + "-result-title").textContent = answer.title;
  const docx = $(prefix + "-docx");
  docx.href = `/api/download/${answer.token}/docx`;
  docx.setAttribute("download", answer.filename);
  docx.textContent = `下载 ${answer.filename}`;
  const pdf = $(prefix + "-pdf");
  pdf.hidden = !INFO.pdf;
  pdf.onclick = async () => {
    const done = busy($(prefix + "-status"), "正在用 LibreOffice 生成 PDF……");
    try { await saveResponse(await api(`/api/download/${answer.token}/pdf`), "文档.pdf"); }
    catch (e) { alert(e.message); }
    finally { done(); }
  };
  fillNotes($(prefix + "-notes"), answer.notes);
  preview(prefix, answer.token);
}
async function preview(prefix, token) {
  const box = $(prefix + "-preview");
  if (INFO.preview) { box.replaceChildren(el("p", "note", INFO.preview)); return; }
  box.replaceChildren();
  const done = busy($(prefix + "-status"), "正在生成预览（用 LibreOffice 排出页面）……");
  try {
    const answer = await api(`/api/preview/${token}`, { method: "POST" });
    if (!answer.available) { box.replaceChildren(el("p", "note", answer.note)); return; }
    box.replaceChildren(...answer.pages.map((src, i) => {
      const fig = el("figure");
      const img = el("img"); img.src = src; img.alt = `第 ${i + 1} 页`;
      fig.append(img, el("figcaption", "", `第 ${i + 1} 页`));
      return fig;
    }));
    if (answer.pages.length) box.append(el("p", "hint", `预览显示前 ${answer.pages.length} 页；Word、WPS 中的字体可能与这里略有不同。`));
  } catch (e) {
    box.replaceChildren(el("p", "note", "没有生成预览：" + e.message + "（文档本身不受影响，可以照常下载）"));
  } finally { done(); }
}

/* ---- 排版 ------------------------------------------------------------------------------- */
let convertFile = null;
function setConvertFile(file) {
  convertFile = file;
  $("convert-file-name").textContent = file ? `将排版文件：${file.name}` : "";
  $("convert-file-clear").hidden = !file;
  $("convert-text").disabled = !!file;
  if (file) $("convert-text").placeholder = "（使用所选文件，不用粘贴）";
  else $("convert-text").placeholder = "在这里粘贴文稿……";
}
function drawFrame(report) {
  const frame = $("convert-frame");
  frame.replaceChildren();
  if (!report.frame.length) frame.append(el("p", "hint", "没有识别出标题、主送、落款等要素。"));
  const table = el("table", "frame");
  let part = null;
  for (const e of report.frame) {
    const tr = el("tr");
    tr.append(el("th", "", e.part !== part ? e.part : ""), el("td", "what", e.what), el("td", "", e.text),
              el("td", "line", e.line ? `第 ${e.line} 行` : "已更正"));
    part = e.part;
    table.append(tr);
  }
  if (report.frame.length) frame.append(table);
  const outline = $("convert-outline");
  outline.replaceChildren(...report.outline.map(e => {
    const li = el("li", "rank-" + Math.max(0, Math.min(5, e.level)));
    li.append(el("span", "num", e.number), el("span", "", e.title),
              el("span", "line", `第 ${e.line} 行` + (e.marker ? `，原编号 ${e.marker}` : "，原无编号")));
    return li;
  }));
}
function drawChanges(report) {
  const box = $("convert-changes");
  const changes = report.changes.filter(c => c.kind !== "frame" || (c.after && c.after !== c.before));
  box.replaceChildren();
  const counts = Object.entries(report.counts).filter(([k]) => k !== "识别文档要素");
  box.append(el("p", "hint", counts.length ? counts.map(([k, n]) => `${k} ${n} 处`).join("，") : "没有需要清理或改动的地方"));
  const list = el("ul", "changes");
  for (const c of changes.sort((a, b) => (a.line ?? 1e9) - (b.line ?? 1e9))) {
    const li = el("li", "change kind-" + c.kind);
    li.append(el("span", "line", c.line ? `第 ${c.line} 行` : ""), el("span", "tag", c.kind_name), el("span", "", c.message));
    if (c.before && c.after && c.before !== c.after) {
      li.append(el("div", "before", c.before), el("div", "after", c.after));
    } else if (c.before) li.append(el("div", "before", c.before));
    list.append(li);
  }
  box.append(list);
}
async function runConvert() {
  const form = new FormData();
  if (convertFile) form.append("file", convertFile);
  else form.append("text", $("convert-text").value);
  for (const k of ["title", "org", "date", "recipient"]) form.append(k, $("convert-" + k).value);
  form.append("numbering", $("convert-numbering").value);
  form.append("template", $("convert-template").value);
  if ($("convert-simplified").checked) form.append("simplified", "1");
  if ($("convert-drop-objects").checked) form.append("drop_objects", "1");
  showError($("convert-error"), "");
  const done = busy($("convert-status"), "正在识别结构、排版……");
  $("convert-run").disabled = true;
  try {
    const answer = await api("/api/convert", { method: "POST", body: form });
    // what was recognised shows in the empty correction fields
    for (const k of ["title", "org", "date", "recipient"]) $("convert-" + k).placeholder = answer.meta[k] || (k === "date" ? "如 2025-01-10" : "");
    const outline = answer.report.outline;
    $("convert-result-counts").textContent = `标题 ${outline.length} 个；来源：${answer.report.source}`;
    drawFrame(answer.report);
    drawChanges(answer.report);
    done();
    showResult("convert", answer);
  } catch (e) {
    done();
    showError($("convert-error"), e.message);
    if (e.body && e.body.unkept) $("convert-drop-objects").parentElement.classList.add("attention");
  } finally { $("convert-run").disabled = false; }
}

/* ---- 总结 / 要点 ----------------------------------------------------------------------------- */
const build = { kind: "summary", data: null, schema: {} };
const kindNow = () => document.querySelector("input[name=build-kind]:checked").value;
function keepForm() { localStorage.setItem("draftkit.form." + build.kind, JSON.stringify(build.data)); }
function drawForm() {
  SchemaForm.draw($("build-form"), build.schema[build.kind], build.data, (redraw) => {
    keepForm();
    if (redraw) drawForm();
  });
}
async function startForm(kind, data) {
  build.kind = kind;
  document.querySelector(`input[name=build-kind][value=${kind}]`).checked = true;
  if (!build.schema[kind]) build.schema[kind] = await api(`/api/schema/${kind}`);
  if (!data) {
    const kept = localStorage.getItem("draftkit.form." + kind);
    data = kept ? JSON.parse(kept) : (await api(`/api/skeleton/${kind}`)).data;
  }
  build.data = data;
  keepForm();
  drawForm();
}
async function runBuild() {
  showError($("build-error"), "");
  SchemaForm.showProblems($("build-form"), []);
  const done = busy($("build-status"), "正在生成文档……");
  $("build-run").disabled = true;
  try {
    const answer = await postJSON("/api/build", { kind: build.kind, template: $("build-template").value, data: build.data });
    done();
    showResult("build", answer);
  } catch (e) {
    done();
    showError($("build-error"), e.message);
    if (e.body && e.body.problems) SchemaForm.showProblems($("build-form"), e.body.problems);
  } finally { $("build-run").disabled = false; }
}
async function openInput(file) {
  showError($("build-error"), "");
  const form = new FormData();
  form.append("file", file);
  try {
    const answer = await api("/api/load", { method: "POST", body: form });
    await startForm(answer.kind || kindNow(), answer.data);
    if (answer.notes.length) showError($("build-error"), answer.notes.join("\n"));
  } catch (e) { showError($("build-error"), e.message); }
}

/* ---- 检查 ------------------------------------------------------------------------------- */
let fixedTokens = [];
function drawCheck(answer) {
  const card = el("article", "check-card");
  const head = el("div", "check-head");
  head.append(el("h3", "", answer.file));
  const counts = el("span", "counts");
  for (const [k, n] of Object.entries(answer.counts)) counts.append(el("span", "badge sev-" + k, `${k} ${n}`));
  head.append(counts);
  card.append(head);
  if (answer.fixed) {
    const box = el("div", "fixed");
    const a = el("a", "button primary", `下载改正后的副本 ${answer.fixed.output}`);
    a.href = `/api/download/${answer.fixed.token}/docx`; a.setAttribute("download", answer.fixed.output);
    const left = Object.values(answer.fixed.counts).reduce((x, y) => x + y, 0);
    box.append(a, el("span", "hint", `改正了 ${answer.fixed.fixed.length} 处；` + (left ? `仍需人工处理 ${left} 处` : "副本检查通过")));
    if (answer.fixed.notes.length) box.append(el("ul", "notes", ""));
    answer.fixed.notes.forEach(n => box.querySelector("ul")?.append(el("li", "", n)));
    card.append(box);
    fixedTokens.push(answer.fixed.token);
  }
  if (!answer.findings.length) card.append(el("p", "ok", "没有发现格式问题。"));
  const list = el("ol", "findings");
  for (const f of answer.findings) {
    const li = el("li", "finding sev-" + f.severity);
    li.append(el("span", "badge sev-" + f.severity, f.severity), el("strong", "", f.name),
              el("span", "line", f.paragraph ? `第 ${f.paragraph} 段` : "全文"), el("div", "", f.message));
    if (f.quote) li.append(el("blockquote", "", f.quote));
    if (f.hint) li.append(el("div", "fix-hint", "改法：" + f.hint));
    list.append(li);
  }
  if (answer.findings.length) card.append(list);
  if (answer.fix_error) card.append(el("p", "note", "没有生成改正后的副本：" + answer.fix_error));
  return card;
}
async function runCheck(files) {
  files = [...files];
  if (!files.length) return;
  const results = $("check-results");
  results.replaceChildren();
  fixedTokens = [];
  $("check-zip").hidden = true;
  const bar = $("check-bar");
  $("check-progress").hidden = false;
  bar.max = files.length; bar.value = 0;
  for (const [i, file] of files.entries()) {
    $("check-progress-text").textContent = `正在检查第 ${i + 1}/${files.length} 个：${file.name}`;
    const form = new FormData();
    form.append("file", file);
    form.append("template", $("check-template").value);
    if ($("check-fix").checked) form.append("fix", "1");
    try {
      results.append(drawCheck(await api("/api/check", { method: "POST", body: form })));
    } catch (e) {
      const card = el("article", "check-card failed");
      card.append(el("h3", "", file.name), el("p", "error", e.message));
      results.append(card);
    }
    bar.value = i + 1;
  }
  $("check-progress-text").textContent = `已检查 ${files.length} 个文件`;
  $("check-zip").hidden = fixedTokens.length < 2;
}

/* ---- drag and drop ------------------------------------------------------------------------ */
function dropZone(zone, onFiles) {
  ["dragenter", "dragover"].forEach(t => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach(t => zone.addEventListener(t, () => zone.classList.remove("over")));
  zone.addEventListener("drop", (e) => { e.preventDefault(); if (e.dataTransfer.files.length) onFiles(e.dataTransfer.files); });
}

/* ---- start ------------------------------------------------------------------------------- */
async function start() {
  document.querySelectorAll(".tabs button").forEach(b => b.addEventListener("click", () => openTab(b.dataset.tab)));
  const fromHash = () => openTab(["convert", "build", "check", "templates"].includes(location.hash.slice(1)) ? location.hash.slice(1) : "convert");
  window.addEventListener("hashchange", fromHash);
  fromHash();
  try {
    INFO = await api("/api/info");
  } catch (e) {
    showError($("convert-error"), e.message);
  }
  $("version").textContent = `draftkit ${INFO.version || ""}`;
  fillTemplateSelects();

  $("convert-file").addEventListener("change", (e) => setConvertFile(e.target.files[0] || null));
  $("convert-file-clear").addEventListener("click", () => { $("convert-file").value = ""; setConvertFile(null); });
  dropZone($("convert-drop"), (files) => setConvertFile(files[0]));
  $("convert-run").addEventListener("click", runConvert);

  document.querySelectorAll("input[name=build-kind]").forEach(r => r.addEventListener("change", () => startForm(kindNow())));
  $("build-new").addEventListener("click", async () => {
    if (!confirm("清空当前表单，从空白模板重新开始？（已填的内容可先“保存为 YAML”）")) return;
    localStorage.removeItem("draftkit.form." + build.kind);
    await startForm(build.kind, (await api(`/api/skeleton/${build.kind}`)).data);
  });
  $("build-file").addEventListener("change", (e) => { if (e.target.files[0]) openInput(e.target.files[0]); e.target.value = ""; });
  dropZone($("build-form"), (files) => openInput(files[0]));
  $("build-save").addEventListener("click", async () => {
    try { await saveResponse(await postJSON("/api/yaml", { kind: build.kind, data: build.data }), "表单.yaml"); }
    catch (e) { showError($("build-error"), e.message); }
  });
  $("build-run").addEventListener("click", runBuild);
  startForm("summary").catch(e => showError($("build-error"), e.message));

  $("check-files").addEventListener("change", (e) => { runCheck(e.target.files); e.target.value = ""; });
  dropZone($("check-drop"), runCheck);
  $("check-zip").addEventListener("click", async () => {
    try { await saveResponse(await postJSON("/api/zip", { tokens: fixedTokens }), "改正后的文件.zip"); }
    catch (e) { alert(e.message); }
  });
}
document.addEventListener("DOMContentLoaded", start);
