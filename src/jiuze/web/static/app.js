// 究责工作台: the case editor (a form generated from the rulebook's vocabulary, kept in step with the YAML),
// the report (HTML drawn by the server from the report's JSON), why-not, what-if and fact toggles.
// Written here, no library, nothing fetched from outside the server.
"use strict";

const state = { rulebook: null, vocab: null, rulebooks: [], syncing: false, timer: null };
const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "on") for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw (data && data.error) || { message: `HTTP ${response.status}`, findings: [] };
  return data;
}

// ------------------------------------------------------------------ rulebooks

async function loadRulebooks() {
  const data = await api("/api/rulebooks");
  state.rulebooks = data.rulebooks;
  const select = $("#rulebook");
  select.replaceChildren(...data.rulebooks.map((r) => el("option", { value: r.id }, r.label)));
  select.value = data.default;
  select.addEventListener("change", () => chooseRulebook(select.value));
  await chooseRulebook(data.default);
}

async function chooseRulebook(id) {
  state.rulebook = id;
  state.vocab = await api(`/api/rulebooks/${encodeURIComponent(id)}/vocabulary`);
  showRulebookInfo(state.rulebooks.find((r) => r.id === id));
  const data = readForm();
  renderForm(data);
  document.body.dataset.rulebook = id;
  if (hasCase()) await runReport();
}

function showRulebookInfo(info) {
  const box = $("#rulebook-info");
  box.replaceChildren();
  if (!info.overlay) {
    box.append(`${info.label}：${info.rules} 条规则，${info.files.length} 个文件`);
    return;
  }
  const o = info.overlay;
  const made = [o.issuer, o.effective].filter(Boolean).join("，");
  const changes = info.changes.map((c) =>
    el("li", {}, `${{ added: "增加", amended: "修改", repealed: "废止" }[c.kind] || c.kind} ${c.label || "（未标条文）"}：${c.text}`));
  box.append(el("details", { id: "deviations", open: true },
    el("summary", {}, `实施办法：${o.name || info.label}${made ? `（${made}）` : ""}；与全国规则库相比的偏离`),
    el("ul", {}, ...o.deviations.map((d) => el("li", {}, `声明的偏离：${d}`))),
    el("ul", { class: "changes" }, ...changes)));
}

// ------------------------------------------------------------------ the form

function predicates(place) {
  return state.vocab.predicates.filter((p) => p.place === place);
}

function predicateSelect(place, chosen, path) {
  const select = el("select", { class: "predicate", "data-path": path },
    el("option", { value: "" }, "（选择）"),
    ...predicates(place).map((p) => el("option", { value: p.predicate, title: p.reading, selected: p.predicate === chosen },
      `${p.predicate}${p.articles.length ? `（${p.articles.join("、")}）` : ""}`)));
  if (chosen && !predicates(place).some((p) => p.predicate === chosen)) {
    select.append(el("option", { value: chosen, selected: true }, chosen));
  }
  return select;
}

function statementRow(place, item, path) {
  const [predicate, args] = splitStatement(item);
  const row = el("div", { class: "row statement", "data-path": path });
  const select = predicateSelect(place, predicate, path);
  const argsBox = el("span", { class: "args" });
  const fillArgs = (values) => {
    const entry = state.vocab.predicates.find((p) => p.predicate === select.value);
    const names = entry ? entry.extra_params : [];
    argsBox.replaceChildren(...names.map((name, i) =>
      el("input", { type: "text", class: "arg", placeholder: name, title: name, value: values[i] ?? "",
        "data-path": names.length > 1 ? `${path}.${select.value}[${i}]` : `${path}.${select.value}` })));
  };
  select.addEventListener("change", () => { fillArgs([]); formChanged(); });
  fillArgs(args);
  row.append(select, argsBox, el("button", { type: "button", class: "remove", title: "删除",
    on: { click: () => { row.remove(); formChanged(); } } }, "×"));
  return row;
}

function splitStatement(item) {
  if (item && typeof item === "object") {
    const [predicate] = Object.keys(item);
    const value = item[predicate];
    return [predicate, Array.isArray(value) ? value.map(String) : [String(value)]];
  }
  return [item == null ? "" : String(item), []];
}

function listBlock(title, cls, items, makeRow, addLabel) {
  const box = el("div", { class: `list ${cls}` });
  items.forEach((item, i) => box.append(makeRow(item, i)));
  const add = el("button", { type: "button", class: `add ${cls}`, on: {
    click: () => { add.before(makeRow(undefined, box.querySelectorAll(`:scope > .row, :scope > .person`).length)); formChanged(); },
  } }, addLabel);
  box.append(add);
  return el("fieldset", {}, el("legend", {}, title), box);
}

function text(name, value, path, placeholder = "") {
  return el("input", { type: "text", name, value: value ?? "", "data-path": path, placeholder });
}

function personBlock(person = {}, i) {
  const path = `人员[${i}]`;
  const roles = [].concat(person["角色"] ?? []);
  const acts = [].concat(person["行为"] ?? []);
  const box = el("div", { class: "person", "data-path": path });
  box.append(
    el("div", { class: "row" },
      el("label", {}, "姓名 ", text("姓名", person["姓名"], `${path}.姓名`)),
      el("label", {}, "单位 ", text("单位", person["单位"], `${path}.单位`)),
      el("label", {}, "过错 ", el("select", { name: "过错", "data-path": `${path}.过错` },
        el("option", { value: "" }, "无"),
        ...state.vocab.faults.map((f) => el("option", { value: f, selected: person["过错"] === f }, f)))),
      el("button", { type: "button", class: "remove", on: { click: () => { box.remove(); formChanged(); } } }, "删除此人")),
    el("div", { class: "row roles", "data-path": `${path}.角色` }, "角色：",
      ...state.vocab.roles.map((r) => el("label", {}, el("input", { type: "checkbox", name: "角色", value: r, checked: roles.includes(r) }), r))),
    el("div", { class: "acts" }, "行为：",
      ...acts.map((a, j) => statementRow("act", a, `${path}.行为[${j}]`)),
      el("button", { type: "button", class: "add-act", on: { click: (e) => {
        const n = box.querySelectorAll(".acts .statement").length;
        e.target.before(statementRow("act", "", `${path}.行为[${n}]`)); formChanged();
      } } }, "添加行为")));
  // keys the form has no field for are kept as they were, so a round trip through the form loses nothing
  box.extra = Object.fromEntries(["人民警察", "执行职务", "说明"].filter((k) => person[k] !== undefined).map((k) => [k, person[k]]));
  return box;
}

function renderForm(data) {
  data = data && typeof data === "object" && !Array.isArray(data) ? data : {};
  const form = $("#case-form");
  const agencies = [].concat(data["机关"] ?? []);
  const units = [].concat(data["单位"] ?? []);
  const facts = [].concat(data["事实"] ?? []);
  form.replaceChildren(
    el("fieldset", {}, el("legend", {}, "案件"),
      el("div", { class: "row" },
        el("label", {}, "编号 ", text("案件", data["案件"], "案件", "案1")),
        el("label", {}, "名称 ", text("名称", data["名称"], "名称")),
        el("label", {}, "发生日期 ", text("发生日期", data["发生日期"], "发生日期", "2005-03-02")))),
    listBlock("机关", "agencies", agencies, (a = {}, i) => el("div", { class: "row agency", "data-path": `机关[${i}]` },
      text("名称", a["名称"], `机关[${i}].名称`, "名称"), text("上级", a["上级"], `机关[${i}].上级`, "上级机关"),
      el("button", { type: "button", class: "remove", on: { click: (e) => { e.target.parentNode.remove(); formChanged(); } } }, "×")), "添加机关"),
    listBlock("单位", "units", units, (u = {}, i) => el("div", { class: "row unit", "data-path": `单位[${i}]` },
      text("名称", u["名称"], `单位[${i}].名称`, "名称"), text("机关", u["机关"], `单位[${i}].机关`, "所属机关"),
      el("button", { type: "button", class: "remove", on: { click: (e) => { e.target.parentNode.remove(); formChanged(); } } }, "×")), "添加单位"),
    listBlock("人员", "persons", [].concat(data["人员"] ?? []), personBlock, "添加人员"),
    listBlock("案件情节", "circumstances", [].concat(data["案件情节"] ?? []),
      (c, i) => statementRow("circumstance", c ?? "", `案件情节[${i}]`), "添加情节"),
    el("fieldset", {}, el("legend", {}, "其他事实（每行一条，如 审批人(王五, 案1)）"),
      el("textarea", { name: "事实", rows: 3, cols: 40, "data-path": "事实" },
        facts.map((f) => (Array.isArray(f) ? `${f[0]}(${f.slice(1).join(", ")})` : String(f))).join("\n"))));
  if (data["说明"] !== undefined) form.dataset.note = data["说明"];
  else delete form.dataset.note;
}

function value(input) {
  const v = input.value.trim();
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

function readStatement(row) {
  const predicate = $("select.predicate", row).value;
  if (!predicate) return null;
  const args = [...row.querySelectorAll("input.arg")].map(value);
  if (args.length === 0) return predicate;
  return { [predicate]: args.length === 1 ? args[0] : args };
}

function readForm() {
  const form = $("#case-form");
  if (!form.firstChild) return {};
  const data = {};
  const field = (name, root = form) => { const input = root.querySelector(`[name="${name}"]`); return input ? input.value.trim() : ""; };
  for (const key of ["案件", "名称", "发生日期"]) {
    const v = field(key, form.querySelector("fieldset"));
    if (v) data[key] = key === "案件" && /^\d+$/.test(v) ? Number(v) : v;
  }
  if (form.dataset.note !== undefined) data["说明"] = form.dataset.note;
  const pairs = (selector, second) => [...form.querySelectorAll(selector)].map((row) => {
    const item = { 名称: field("名称", row) };
    if (field(second, row)) item[second] = field(second, row);
    return item;
  }).filter((item) => item["名称"]);
  const agencies = pairs(".agency", "上级");
  const units = pairs(".unit", "机关");
  if (agencies.length) data["机关"] = agencies;
  if (units.length) data["单位"] = units;
  const persons = [...form.querySelectorAll(".person")].map((box) => {
    const person = { 姓名: field("姓名", box) };
    if (field("单位", box)) person["单位"] = field("单位", box);
    const roles = [...box.querySelectorAll('input[name="角色"]:checked')].map((c) => c.value);
    if (roles.length) person["角色"] = roles;
    if (field("过错", box)) person["过错"] = field("过错", box);
    const acts = [...box.querySelectorAll(".acts .statement")].map(readStatement).filter(Boolean);
    if (acts.length) person["行为"] = acts;
    return { ...person, ...(box.extra || {}) };
  }).filter((p) => p["姓名"]);
  if (persons.length) data["人员"] = persons;
  const circumstances = [...form.querySelectorAll(".circumstances .statement")].map(readStatement).filter(Boolean);
  if (circumstances.length) data["案件情节"] = circumstances;
  const facts = field("事实").split("\n").map((s) => s.trim()).filter(Boolean);
  if (facts.length) data["事实"] = facts;
  return data;
}

// ------------------------------------------------------------------ keeping form and YAML in step

function formChanged() {
  if (state.syncing) return;
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    const { text } = await api("/api/case/yaml", { data: readForm() });
    $("#case-yaml").value = text;
    await checkYaml(text, false);
  }, 250);
}

function yamlChanged() {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => checkYaml($("#case-yaml").value, true), 400);
}

async function checkYaml(text, updateForm) {
  const result = await api("/api/case/parse", { rulebook: state.rulebook, text });
  if (updateForm && result.data && typeof result.data === "object") {
    state.syncing = true;
    renderForm(result.data);
    state.syncing = false;
  }
  showFindings(result.findings, result.message);
  return result;
}

function showFindings(findings, message) {
  document.querySelectorAll(".field-error").forEach((n) => n.remove());
  document.querySelectorAll(".invalid").forEach((n) => n.classList.remove("invalid"));
  $("#case-error").textContent = message || "";
  for (const finding of findings || []) {
    const target = fieldAt(finding.pointer || "");
    if (!target) continue;
    target.classList.add("invalid");
    const note = el("div", { class: "field-error" }, `${finding.message}${finding.hint ? `（${finding.hint}）` : ""}`);
    (target.closest(".row") || target.parentNode).append(note);
  }
}

// The form element of a path such as 人员[1].角色[0], or of the nearest enclosing path that has one.
function fieldAt(path) {
  while (path) {
    const target = document.querySelector(`#case-form [data-path="${CSS.escape(path)}"]`);
    if (target) return target;
    const shorter = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
    if (shorter === path) return null;
    path = shorter;
  }
  return null;
}

function hasCase() {
  return $("#case-yaml").value.trim() !== "";
}

function caseBody() {
  return { rulebook: state.rulebook, case: { format: "yaml", text: $("#case-yaml").value } };
}

// ------------------------------------------------------------------ report, proofs, questions

function showError(box, error) {
  box.replaceChildren(el("div", { class: "errors" }, error.message || String(error)));
}

async function runReport() {
  const box = $("#report");
  box.classList.add("busy");
  const started = performance.now();
  try {
    const { html } = await api("/api/report/html", caseBody());
    box.innerHTML = html;
    box.dataset.ms = String(Math.round(performance.now() - started));
    $("#case-error").textContent = "";
    await loadFacts();
  } catch (error) {
    showError(box, error);
    showFindings(error.findings, error.message);
  } finally {
    box.classList.remove("busy");
  }
}

function treeNode(node, texts) {
  const article = node.rule && node.rule.article;
  const head = [el("span", { class: "kind" }, KIND[node.kind] || node.kind), " ", el("code", {}, node.text)];
  if (node.reading) head.push(`：${node.reading}`);
  if (node.rule) {
    head.push(" ", el("span", { class: "rule" }, "依据 ",
      texts[article] ? el("abbr", { class: "article", title: texts[article] }, article) : (article || "未标条文"),
      el("span", { class: "where" }, `（${node.rule.file}:${node.rule.line}）`)));
  }
  if (node.source) head.push(" ", el("span", { class: "source" }, `来源：${node.source}`));
  const item = el("li", { class: `node ${node.kind}` });
  if (!node.premises.length) item.append(el("div", { class: "leaf" }, ...head));
  else item.append(el("details", { open: true }, el("summary", {}, ...head), el("ul", {}, ...node.premises.map((p) => treeNode(p, texts)))));
  return item;
}

const KIND = { derived: "推出", fact: "事实", absent: "不存在", check: "比较", count: "计数", item: "计入项", rebutted: "被驳回的反驳",
  "why-not": "不成立", holds: "成立", missing: "缺少的事实", failed: "不适用", defeated: "被排除" };

async function proofViews(proof, title, texts) {
  const graph = el("div", { class: "graph" });
  const details = el("details", { class: "proof-graph" }, el("summary", {}, "图"), graph);
  details.addEventListener("toggle", async () => {
    if (details.open && !graph.firstChild) {
      graph.innerHTML = await api("/api/graph", { proof, title });
    }
  }, { once: false });
  return [el("ul", { class: "tree" }, treeNode(proof, texts)), details];
}

async function ask(kind, atom, box) {
  box.replaceChildren(el("p", { class: "hint" }, "计算中…"));
  try {
    if (kind === "why-not") {
      const data = await api("/api/why-not", { ...caseBody(), atom });
      box.replaceChildren(el("h4", {}, `为什么不成立：${atom}`), ...await proofViews(data.why_not, atom, data.article_texts));
    } else if (kind === "explain") {
      const data = await api("/api/explain", { ...caseBody(), atom });
      const parts = [el("h4", {}, `为什么成立：${atom}`)];
      if (!data.explanations.length) parts.push(el("p", {}, `${atom} 在本案中不成立；用“为什么不”查看原因。`));
      for (const e of data.explanations) parts.push(el("h5", {}, e.conclusion), ...await proofViews(e.proof, e.conclusion, data.article_texts));
      box.replaceChildren(...parts);
    } else {
      const data = await api("/api/what-if", { ...caseBody(), atom });
      const verb = data.holds ? "去掉" : "增加";
      const parts = [el("h4", { class: "what-if" }, data.holds
        ? `${atom} 成立。去掉下列任一组事实，它就不再成立：`
        : `${atom} 不成立。增加下列任一组事实，它就成立：`)];
      if (!data.changes.length) parts.push(el("p", {}, `在 ${data.limits.max_size} 个事实以内没有找到。`));
      const list = el("ol", { class: "what-if-changes" });
      for (const change of data.changes) {
        list.append(el("li", { class: "change" }, `${verb}：`, change.facts.map((f) => el("code", { title: f.reading }, f.fact)).reduce((a, b) => [a, "；", b]),
          el("details", {}, el("summary", {}, data.holds ? "此后为何不成立" : "此后的证明"), ...await proofViews(change.proof, atom, data.article_texts))));
      }
      parts.push(list, el("p", { class: "search" }, data.complete
        ? `搜索完整：求值 ${data.evaluations} 次。`
        : `搜索提前停止（${data.stopped}），结果可能不全。`));
      box.replaceChildren(...parts);
    }
  } catch (error) {
    showError(box, error);
  }
}

// ------------------------------------------------------------------ toggling facts

async function loadFacts() {
  const data = await api("/api/evaluate", caseBody());
  $("#facts").replaceChildren(...data.facts.map((f) => el("label", { title: f.source },
    el("input", { type: "checkbox", checked: true, value: f.fact, on: { change: toggleFacts } }), ` ${f.fact}：${f.reading}`)));
  $("#toggle-result").replaceChildren();
}

async function toggleFacts() {
  const remove = [...document.querySelectorAll("#facts input:not(:checked)")].map((c) => c.value);
  const box = $("#toggle-result");
  if (!remove.length) { box.replaceChildren(); return; }
  try {
    const data = await api("/api/toggle", { ...caseBody(), remove });
    box.replaceChildren(
      el("p", {}, `去掉 ${remove.join("、")} 之后：`),
      el("ul", {}, ...data.vanished.map((c) => el("li", { class: "vanished" }, `消失：${c.conclusion}（${c.reading}）`)),
        ...data.appeared.map((c) => el("li", { class: "appeared" }, `出现：${c.conclusion}（${c.reading}）`))),
      data.vanished.length || data.appeared.length ? "" : el("p", {}, "没有结论变化。"));
  } catch (error) {
    showError(box, error);
  }
}

// ------------------------------------------------------------------ start

function wire() {
  $("#case-form").addEventListener("input", formChanged);
  $("#case-form").addEventListener("change", formChanged);
  $("#case-yaml").addEventListener("input", yamlChanged);
  $("#run-report").addEventListener("click", runReport);
  $("#load-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    $("#case-yaml").value = await file.text();
    await checkYaml($("#case-yaml").value, true);
  });
  $("#save-file").addEventListener("click", () => {
    const blob = new Blob([$("#case-yaml").value], { type: "application/x-yaml" });
    const link = el("a", { href: URL.createObjectURL(blob), download: `${readForm()["案件"] || "案件"}.yaml` });
    link.click();
    URL.revokeObjectURL(link.href);
  });
  $("#report").addEventListener("click", (e) => {
    const button = e.target.closest("button.ask");
    if (!button) return;
    const section = button.closest("section") || $("#report");
    const box = $(".answer", section) || $("#answer");
    ask(button.dataset.ask, button.dataset.atom, box);
  });
  for (const [id, kind] of [["#ask-explain", "explain"], ["#ask-why-not", "why-not"], ["#ask-what-if", "what-if"]]) {
    $(id).addEventListener("click", () => ask(kind, $("#question-atom").value.trim(), $("#answer")));
  }
}

window.addEventListener("DOMContentLoaded", async () => {
  wire();
  try {
    await loadRulebooks();
    document.body.dataset.ready = "1";
  } catch (error) {
    showError($("#report"), error);
  }
});
