// The explorer's weeks control, result card and return-to-activity timeline (ui/weeks.py).
// Drawn from the case's table of weeks 0-52: a move redraws in the same frame, and the server
// hears the week once the move settles. Every text goes in with textContent (no HTML strings).

const NS = "http://www.w3.org/2000/svg";
const STATE = new WeakMap();
const SETTLE_MS = 150; // a held key or a run of presses sends one week, not one per press
const LANE = 40; // px per timeline row: label line above, bar below
const TOP = 8;
const AXIS = 34;

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const one = (x) => Number(x).toFixed(1);

function build(root) {
  const s = { root, table: null, caseKey: null, serverWeek: null, week: 0, timer: 0, dragging: false };
  // Streamlit puts the component's <style> in the same parent: only an earlier copy of this
  // component's own tree is removed.
  root.querySelectorAll(":scope > .ppe-tl").forEach((old) => old.remove());
  const wrap = el("div", { class: "ppe-tl" });
  // The class the page's tests and bench find the weeks control by (only the input carries it:
  // the hidden URL binding's container has the same key class).
  const keyed = "st-key-weeks_conservative";
  // The control
  const control = el("div", { class: "ppe-tl-control " + keyed });
  const head = el("div", { class: "ppe-tl-head" });
  const uid = "ppe-tl-" + Math.random().toString(36).slice(2, 8);
  head.append(el("label", { class: "ppe-tl-label", for: uid + "-week" }, "Weeks of conservative care"));
  s.caption = el("span", { class: "ppe-tl-caption", id: uid + "-help" });
  head.append(s.caption);
  s.input = el("input", {
    id: uid + "-week",
    class: "ppe-tl-range",
    type: "range",
    min: "0",
    max: "52",
    step: "1",
    "aria-describedby": uid + "-help",
  });
  const scale = el("div", { class: "ppe-tl-scale", "aria-hidden": "true" });
  scale.append(el("span", {}, "0"), el("span", {}, "26"), el("span", {}, "52"));
  control.append(head, s.input, scale);

  // The card (a polite live region: a move reads out only the lines that changed)
  s.card = el("section", {
    class: "ppe-tl-card st-key-explorer_card",
    "aria-live": "polite",
    "aria-label": "The answer for this case",
  });
  s.lines = {};
  for (const [k, title] of [
    ["stands", "Where the case stands:"],
    ["open", "Open now:"],
    ["candidacy", "Surgical candidacy:"],
    ["caution", "Top caution:"],
  ]) {
    const p = el("div", { class: "ppe-tl-line ppe-tl-" + k });
    s.lines[k] = { node: p, title, text: null };
    s.card.append(p);
  }

  // The chart
  const fig = el("figure", { class: "ppe-tl-figure" });
  s.title = el("h2", { class: "ppe-tl-title", id: "windows" }, "Return-to-activity windows, and healing for this defect");
  s.svg = svg("svg", { class: "ppe-tl-svg", role: "img", "aria-labelledby": uid + "-sum" });
  s.legend = el("ul", { class: "ppe-tl-legend", "aria-label": "Markers" });
  s.summary = el("figcaption", { class: "ppe-tl-summary", id: uid + "-sum" });
  fig.append(s.title, s.svg, s.legend, s.summary);

  const grid = el("div", { class: "ppe-tl-grid" });
  grid.append(s.card, fig);
  wrap.append(control, grid);
  root.append(wrap);
  s.wrap = wrap;

  s.input.addEventListener("input", () => {
    draw(s, Number(s.input.value));
    if (!s.dragging) schedule(s);
  });
  s.input.addEventListener("change", () => schedule(s));
  s.input.addEventListener("pointerdown", () => { s.dragging = true; window.clearTimeout(s.timer); });
  const up = () => { if (s.dragging) { s.dragging = false; schedule(s); } };
  s.input.addEventListener("pointerup", up);
  s.input.addEventListener("pointercancel", up);
  s.resize = new ResizeObserver(() => {
    const w = Math.round(s.svg.getBoundingClientRect().width);
    if (w && w !== s.width) { s.width = w; s.frame = null; draw(s, s.week, true); }
  });
  s.resize.observe(fig);
  return s;
}

function schedule(s) {
  window.clearTimeout(s.timer);
  s.timer = window.setTimeout(() => {
    const w = Number(s.input.value);
    if (w !== s.serverWeek && s.setStateValue) {
      s.serverWeek = w;
      replaceWeekInAddress(w);
      s.setStateValue("week", w);
    }
  }, SETTLE_MS);
}

// The address takes the week at once, in place: the server writes the same query when its
// run ends, and finding it there already, Streamlit does not push a history entry per move
// (a week move replaces the entry, as the other controls do). Only an integer this script
// made goes in; the rest of the query is the browser's own, re-encoded by URLSearchParams.
function replaceWeekInAddress(week) {
  const url = new URL(window.location.href);
  if (week === 0) url.searchParams.delete("weeks_conservative");
  else url.searchParams.set("weeks_conservative", String(week));
  const next = url.pathname + (url.search ? url.search : "") + url.hash;
  if (next !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, "", next);
  }
}

function unpack(data) {
  const pools = data.pools;
  return data.weeks.map((row) => ({ ...row, bands: pools.bands[row.bands], markers: pools.markers[row.markers], unions: pools.unions[row.unions] }));
}

// One card line: a bold title, then text in which sentence ids open their sentence in place
// (a disclosure button) and interpretation ids link to the Source page.
function fillLine(s, line, text, ids) {
  if (line.text === text) return;
  line.text = text;
  const p = line.node;
  p.textContent = "";
  if (!text) { p.hidden = true; return; }
  p.hidden = false;
  p.append(el("strong", {}, line.title), " ");
  const body = el("span");
  const quotes = [];
  const parts = (text + (ids ? " " + ids : "")).split(/\b(S\d{2}|I\d{1,2})\b/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) { body.append(part); return; }
    if (part[0] === "S" && s.sentences[part]) {
      const qid = "ppe-tl-q-" + part + "-" + Math.random().toString(36).slice(2, 7);
      const b = el("button", { type: "button", class: "ppe-tl-sid", "aria-expanded": "false", "aria-controls": qid,
        title: "Show sentence " + part + " of the source" }, part);
      const q = el("blockquote", { class: "ppe-tl-quote", id: qid, hidden: "" });
      q.append(el("strong", {}, part + " "), s.sentences[part]);
      b.addEventListener("click", () => {
        const open = b.getAttribute("aria-expanded") !== "true";
        b.setAttribute("aria-expanded", String(open));
        q.hidden = !open;
      });
      body.append(b);
      quotes.push(q);
    } else if (part[0] === "I") {
      body.append(el("a", { href: "Source_pathway#" + part.toLowerCase(), class: "ppe-tl-iid", target: "_self" }, part));
    } else {
      body.append(part);
    }
  });
  p.append(body, ...quotes);
}

function drawCard(s, row) {
  fillLine(s, s.lines.stands, row.stands);
  fillLine(s, s.lines.open, row.open_now.join("; ") + ".");
  fillLine(s, s.lines.candidacy, row.candidacy);
  const c = row.caution;
  fillLine(s, s.lines.caution, c ? c.text : "", c ? c.sources.concat(c.interpretations).join(" ") : "");
}

// The static part of the chart (axis, grid, rows, bands' lanes): redrawn when the table or
// the width changes. The moving part (bars, markers, union) is redrawn on every move.
function drawFrame(s) {
  const t = s.table;
  const width = Math.max(280, s.width || 600);
  const rows = t.rows;
  const height = TOP + rows.length * LANE + AXIS;
  s.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  s.svg.setAttribute("height", String(height));
  s.svg.textContent = "";
  const x = (m) => 8 + (m / t.x_max) * (width - 16);
  s.x = x;
  const axis = svg("g", { class: "ppe-tl-axis", "aria-hidden": "true" });
  const step = width < 520 ? (t.x_max > 12 ? 6 : 3) : (t.x_max > 18 ? 3 : 1);
  for (let m = 0; m <= t.x_max + 1e-9; m += step) {
    axis.append(svg("line", { x1: x(m), x2: x(m), y1: TOP, y2: TOP + rows.length * LANE, class: "ppe-tl-grid-line" }));
    axis.append(svg("text", { x: x(m), y: TOP + rows.length * LANE + 14, "text-anchor": "middle" }, String(m)));
  }
  axis.append(svg("text", { x: width / 2, y: height - 3, "text-anchor": "middle", class: "ppe-tl-axis-title" }, "Months since care began"));
  s.svg.append(axis);
  s.rowLabels = {};
  s.rowY = {};
  const labels = svg("g", { class: "ppe-tl-labels" });
  rows.forEach((r, i) => {
    const y = TOP + i * LANE;
    s.rowY[r] = y;
    const label = svg("text", { x: 8, y: y + 12, class: "ppe-tl-row" }, r);
    s.rowLabels[r] = label;
    labels.append(label);
  });
  // Bars and markers under the row labels: a label stays readable over a marker.
  s.moving = svg("g", { class: "ppe-tl-moving" });
  s.svg.append(s.moving, labels);
  s.frame = t;
}

function drawChart(s, row) {
  if (s.frame !== s.table) drawFrame(s);
  const x = s.x;
  const g = svg("g");
  const rows = s.table.rows;
  const bottom = TOP + rows.length * LANE;
  for (const b of row.bands) {
    const y = s.rowY[b.row];
    if (y === undefined) continue;
    const colour = s.layers[b.layer] || "#888";
    const published = b.layer !== "Source pathway";
    const rect = svg("rect", {
      x: x(b.start), y: y + 16, width: Math.max(2, x(b.end) - x(b.start)), height: 20, rx: 3,
      fill: colour, "fill-opacity": published ? 0.35 : 0.9, stroke: colour, "stroke-width": 1.5,
      "stroke-dasharray": published ? "4 2" : null, class: "ppe-tl-band",
    });
    rect.append(svg("title", {}, `${b.label}: month ${one(b.start)} to ${one(b.end)} (${b.refs}). ${b.note}`));
    g.append(rect);
  }
  const uy = s.rowY["Bone union (published)"];
  if (uy !== undefined) {
    const label = s.rowLabels["Bone union (published)"];
    if (row.unions.length) {
      label.classList.remove("ppe-tl-row-off");
      for (const u of row.unions) {
        const cx = x(u.month_low), cy = uy + 26;
        const d = svg("path", { d: `M${cx} ${cy - 9} L${cx + 7} ${cy} L${cx} ${cy + 9} L${cx - 7} ${cy} Z`, fill: "#E69F00", stroke: "#8a5a00", class: "ppe-tl-union" });
        d.append(svg("title", {}, `${u.text} (${u.refs}). ${u.population}`));
        g.append(d);
      }
    } else {
      label.classList.add("ppe-tl-row-off");
      // The row stays (the chart keeps its height) and says why it is empty: the reason
      // alone fits a phone's width; the whole note is its tooltip and in the summary table.
      const note = row.union_note || "No published figure at this week.";
      const reason = note.includes(": ") ? note.slice(note.indexOf(": ") + 2) : note;
      const text = svg("text", { x: x(0) + 4, y: uy + 30, class: "ppe-tl-row-note" },
        "No figure: " + reason.replace(/\.$/, ""));
      text.append(svg("title", {}, note));
      g.append(text);
    }
  }
  for (const m of row.markers) {
    const st = s.markerStyle[m.style] || { colour: "#777", dash: null };
    const line = svg("line", { x1: x(m.month), x2: x(m.month), y1: TOP - 4, y2: bottom, stroke: st.colour, "stroke-width": 2.5, "stroke-dasharray": st.dash, class: "ppe-tl-marker" });
    line.append(svg("title", {}, `${m.text} (month ${one(m.month)})`));
    g.append(line);
  }
  s.moving.replaceChildren(g);
  // The legend: one item per marker drawn, wrapping (never cut) on a phone.
  const items = row.markers.map((m) => {
    const st = s.markerStyle[m.style] || { colour: "#777", dash: null };
    const li = el("li");
    const sw = svg("svg", { width: 26, height: 10, "aria-hidden": "true", class: "ppe-tl-swatch" });
    sw.append(svg("line", { x1: 1, x2: 25, y1: 5, y2: 5, stroke: st.colour, "stroke-width": 3, "stroke-dasharray": st.dash }));
    li.append(sw, el("span", {}, `${m.name}: month ${one(m.month)}`));
    return li;
  });
  s.legend.replaceChildren(...items);
}

function draw(s, week, force = false) {
  if (!s.table) return;
  week = Math.max(0, Math.min(52, Math.round(week)));
  if (week === s.week && !force && s.drawn) return;
  const row = s.table.weeks[week];
  s.week = week;
  const text = `Week ${week} = ${one(row.months)} months`;
  s.input.setAttribute("aria-valuetext", `Week ${week}, ${one(row.months)} months`);
  s.caption.textContent = text;
  drawCard(s, row);
  drawChart(s, row);
  s.summary.textContent = row.summary;
  s.wrap.dataset.week = String(week);
  s.drawn = true;
  window.__ppeWeeks = { week, at: performance.now() };
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let s = STATE.get(parentElement);
  if (!s) {
    s = build(parentElement);
    STATE.set(parentElement, s);
  }
  s.setStateValue = setStateValue;
  if (data && data.weeks) {
    const caseKey = JSON.stringify(data.case) + data.x_max + data.rows.join("|");
    if (caseKey !== s.caseKey || !s.table) {
      s.caseKey = caseKey;
      s.table = { x_max: data.x_max, rows: data.rows, weeks: unpack(data) };
      s.sentences = data.sentences || {};
      s.layers = data.layers || {};
      s.markerStyle = data.marker_style || {};
      s.frame = null;
      for (const line of Object.values(s.lines)) line.text = null;
      s.drawn = false;
    }
    // The server's week wins only when it is news (a link, Back, a preset): not its echo of
    // a week this control sent, nor an older week while the user is still moving.
    if (data.week !== s.serverWeek) {
      s.serverWeek = data.week;
      if (!s.dragging) s.input.value = String(data.week);
    }
    if (!s.width) s.width = Math.round(parentElement.getBoundingClientRect().width) || 600;
    draw(s, Number(s.input.value), true);
  }
  return () => {
    window.clearTimeout(s.timer);
    s.resize.disconnect();
    STATE.delete(parentElement);
  };
}
