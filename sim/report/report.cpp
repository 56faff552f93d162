#include "report/report.hpp"

#include <fmt/format.h>

#include "compare/summary.hpp"
#include "run/indicators.hpp"
#include "run/stats.hpp"
#include "version.hpp"

namespace hwsim {

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '<':
        out += "\\u003c";
        break;  // never close the script element early
      default:
        out += ch;
    }
  }
  return out + "\"";
}

std::string json_numbers(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t k = 0; k < v.size(); ++k) out += fmt::format("{}{:.6g}", k ? "," : "", v[k]);
  return out + "]";
}

// {"mean": [...], "p05": [...], "p95": [...]} of an indicator over months.
std::string band_series(const RunResult& r, const std::string& name, int months) {
  std::vector<double> mean, lo, hi;
  for (int m = 0; m < months; ++m) {
    const Band b = band_of(across_replications(r, name, m));
    mean.push_back(b.mean);
    lo.push_back(b.p05);
    hi.push_back(b.p95);
  }
  return fmt::format("{{\"mean\":{},\"p05\":{},\"p95\":{}}}", json_numbers(mean), json_numbers(lo),
                     json_numbers(hi));
}

constexpr const char* kStyle = R"(
body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:960px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}p.note{color:#555;font-size:13px}
pre{background:#f6f6f6;padding:10px;font-size:12px;white-space:pre-wrap}
svg{background:#fff;border:1px solid #ddd}.legend{font-size:12px;color:#444}
)";

// Draws the charts from the embedded data. Each chart is an <svg data-chart=...> whose
// paths are added here, so a browser that renders the page has run the drawing.
constexpr const char* kScript = R"(
const D = JSON.parse(document.getElementById('data').textContent);
const NS = 'http://www.w3.org/2000/svg';
function el(tag, attrs, parent) { const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; }
function chart(id, title, series, opts) {
  const W = 900, H = 320, L = 70, R = 20, T = 30, B = 40;
  const svg = el('svg', {width: W, height: H, 'data-chart': id, role: 'img'}, document.getElementById(id));
  el('title', {}, svg).textContent = title;
  let lo = Infinity, hi = -Infinity; const n = D.months.length;
  for (const s of series) for (const k of ['p05', 'p95', 'mean']) if (s[k]) for (const v of s[k]) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (opts.target !== undefined) { lo = Math.min(lo, opts.target); hi = Math.max(hi, opts.target); }
  if (!(hi > lo)) { hi = lo + 1; }
  const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
  const x = i => L + (W - L - R) * i / Math.max(1, n - 1), y = v => T + (H - T - B) * (hi - v) / (hi - lo);
  el('line', {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#888'}, svg);
  el('line', {x1: L, y1: T, x2: L, y2: H - B, stroke: '#888'}, svg);
  for (const v of [lo + pad, (lo + hi) / 2, hi - pad]) {
    el('text', {x: L - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11}, svg).textContent = v.toLocaleString('en-GB', {maximumFractionDigits: 1});
  }
  for (const [i, a] of [[0, 'start'], [Math.floor((n - 1) / 2), 'middle'], [n - 1, 'end']]) el('text', {x: x(i), y: H - B + 16, 'text-anchor': a, 'font-size': 11}, svg).textContent = D.months[i];
  for (const s of series) {
    if (s.p05 && s.p95) {
      let d = s.p95.map((v, i) => (i ? 'L' : 'M') + x(i) + ' ' + y(v)).join(' ');
      d += ' ' + s.p05.map((v, i) => 'L' + x(i) + ' ' + y(v)).reverse().join(' ') + ' Z';
      el('path', {d: d, fill: s.color, 'fill-opacity': 0.18, stroke: 'none', 'data-band': s.name}, svg);
    }
    el('path', {d: s.mean.map((v, i) => (i ? 'L' : 'M') + x(i) + ' ' + y(v)).join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2, 'data-series': s.name}, svg);
  }
  if (opts.target !== undefined) {
    el('line', {x1: L, x2: W - R, y1: y(opts.target), y2: y(opts.target), stroke: '#c00', 'stroke-dasharray': '6 4', 'data-target': opts.target}, svg);
    el('text', {x: W - R - 4, y: y(opts.target) - 5, 'text-anchor': 'end', 'font-size': 11, fill: '#c00'}, svg).textContent = 'target ' + opts.target.toLocaleString('en-GB');
  }
  const lg = document.createElement('div'); lg.className = 'legend';
  lg.textContent = series.map(s => s.name + (s.p05 ? ' (line: mean; shade: 5-95% across replications)' : ' (mean across replications)')).join('; ');
  document.getElementById(id).appendChild(lg);
}
function bars(id, title, rows) {
  const W = 900, rowH = 18, L = 260, H = 30 + rows.length * rowH;
  const svg = el('svg', {width: W, height: H, 'data-chart': id, role: 'img'}, document.getElementById(id));
  el('title', {}, svg).textContent = title;
  const m = Math.max(1e-9, ...rows.map(r => Math.abs(r.value))), zero = L + (W - L - 20) / 2, s = (W - L - 40) / 2 / m;
  el('line', {x1: zero, x2: zero, y1: 10, y2: H - 10, stroke: '#888'}, svg);
  rows.forEach((r, k) => {
    const yy = 20 + k * rowH;
    el('text', {x: L - 6, y: yy + 4, 'text-anchor': 'end', 'font-size': 11}, svg).textContent = r.label;
    const w = Math.abs(r.value) * s;
    el('rect', {x: r.value < 0 ? zero - w : zero, y: yy - 6, width: Math.max(w, 0.5), height: 12, fill: r.value < 0 ? '#2a7' : '#d62', 'data-bar': r.label}, svg);
    el('text', {x: r.value < 0 ? zero - w - 4 : zero + w + 4, y: yy + 4, 'text-anchor': r.value < 0 ? 'end' : 'start', 'font-size': 10}, svg).textContent = r.value.toFixed(1);
  });
}
chart('esa', 'ESA/IB claimants', [Object.assign({name: D.baseline, color: '#555'}, D.esa.base), Object.assign({name: D.scenario, color: '#1f6fb4'}, D.esa.scen)], {target: D.esa.target});
chart('incap', 'All incapacity benefits (ESA/IB and UC on a health claim)', [Object.assign({name: D.baseline, color: '#555'}, D.incap.base), Object.assign({name: D.scenario, color: '#1f6fb4'}, D.incap.scen)], {target: D.esa.target});
chart('gap', 'Employment gap for long-term conditions (points)', [Object.assign({name: D.baseline, color: '#555'}, D.gap.base), Object.assign({name: D.scenario, color: '#1f6fb4'}, D.gap.scen)], {target: D.gap.target});
D.interventions.forEach((p, k) => {
  const div = document.createElement('div'); div.id = 'prog' + k; document.getElementById('interventions').appendChild(div);
  const h = document.createElement('h3'); h.textContent = p.label; div.appendChild(h);
  chart(div.id, p.label, [{name: 'caseload', color: '#1f6fb4', mean: p.caseload}, {name: 'waiting list', color: '#d62', mean: p.waiting}], {});
});
bars('helped', 'Change in ESA/IB claimants by group', D.helped.map(r => ({label: r.group + ': ' + r.level, value: r.esa})));
function paired_bars(id, title, rows) {
  const W = 900, rowH = 34, L = 200, H = 40 + rows.length * rowH;
  const svg = el('svg', {width: W, height: H, 'data-chart': id, role: 'img'}, document.getElementById(id));
  el('title', {}, svg).textContent = title;
  const m = Math.max(1, ...rows.flatMap(r => [Math.abs(r.before), Math.abs(r.after)])), zero = L + (W - L - 20) / 2, s = (W - L - 120) / 2 / m;
  el('line', {x1: zero, x2: zero, y1: 10, y2: H - 20, stroke: '#888'}, svg);
  const fmtm = v => (v / 1e6).toLocaleString('en-GB', {maximumFractionDigits: 2}) + 'm';
  rows.forEach((r, k) => {
    const yy = 24 + k * rowH;
    el('text', {x: L - 6, y: yy + 8, 'text-anchor': 'end', 'font-size': 12}, svg).textContent = r.label;
    [['before', '#999', 0], ['after', '#1f6fb4', 13]].forEach(([key, color, dy]) => {
      const v = r[key], w = Math.abs(v) * s;
      el('rect', {x: v < 0 ? zero - w : zero, y: yy + dy - 4, width: Math.max(w, 0.5), height: 11, fill: color, 'data-bar': r.label + ' ' + key}, svg);
      el('text', {x: v < 0 ? zero - w - 4 : zero + w + 4, y: yy + dy + 5, 'text-anchor': v < 0 ? 'end' : 'start', 'font-size': 10}, svg).textContent = fmtm(v);
    });
  });
  const lg = document.createElement('div'); lg.className = 'legend';
  lg.textContent = 'net present value, mean across replications: grey before gain sharing, blue after (right of the line: gains; left: pays)';
  document.getElementById(id).appendChild(lg);
}
paired_bars('finance', 'Who pays and who gains', D.finance);
document.body.setAttribute('data-drawn', document.querySelectorAll('svg[data-chart]').length);
)";

}  // namespace

std::string render_report(const Paired& p, const FinanceResult& finance) {
  const int M = p.scenario.sim.months;
  std::vector<std::string> months;
  for (int m = 0; m < M; ++m) months.push_back(json_string(p.scenario.sim.start.plus(m).str()));
  std::string interventions = "[";
  for (std::size_t k = 0; k < p.scenario.interventions.list.size(); ++k) {
    const auto& iv = p.scenario.interventions.list[k];
    std::vector<double> caseload, waiting;
    for (int m = 0; m < M; ++m) {
      double c = 0, w = 0;
      for (const auto& rep : p.scen.reps) {
        c += static_cast<double>(rep.months[static_cast<std::size_t>(m)].stocks.in_intervention[k]);
        w += static_cast<double>(rep.months[static_cast<std::size_t>(m)].stocks.waiting[k]);
      }
      caseload.push_back(c / static_cast<double>(p.scen.reps.size()));
      waiting.push_back(w / static_cast<double>(p.scen.reps.size()));
    }
    interventions += fmt::format("{}{{\"name\":{},\"label\":{},\"caseload\":{},\"waiting\":{}}}",
                                 k ? "," : "", json_string(iv.name), json_string(iv.label),
                                 json_numbers(caseload), json_numbers(waiting));
  }
  interventions += "]";
  std::string helped = "[";
  bool first = true;
  for (const auto& row : equality_breakdown(p, p.target_month())) {
    if (row.measure != "esa_ib_claimants" || row.group == "gp_practice") continue;
    helped +=
        fmt::format("{}{{\"group\":{},\"level\":{},\"esa\":{:.6g}}}", first ? "" : ",",
                    json_string(row.group), json_string(row.level), band_of(row.difference).mean);
    first = false;
  }
  helped += "]";
  std::string fin = "[";
  for (std::size_t k = 0; k < kPositions; ++k) {
    const auto before = measure_values(finance, k, 2), after = measure_values(finance, k, 6);
    fin += fmt::format("{}{{\"label\":{},\"before\":{:.6g},\"after\":{:.6g}}}", k ? "," : "",
                       json_string(k < kPartners ? std::string(kPartnerLabels[k]) : "total"),
                       band_of(before).mean, band_of(after).mean);
  }
  fin += "]";
  const std::string data = fmt::format(
      "{{\"scenario\":{},\"baseline\":{},\"months\":[{}],\"esa\":{{\"base\":{},\"scen\":{},"
      "\"target\":{}}},\"incap\":{{\"base\":{},\"scen\":{}}},"
      "\"gap\":{{\"base\":{},\"scen\":{},\"target\":13.2}},\"interventions\":{},\"helped\":{},"
      "\"finance\":{}}}",
      json_string(p.scenario.name), json_string(p.baseline.name), fmt::join(months, ","),
      band_series(p.base, "esa_ib_claimants", M), band_series(p.scen, "esa_ib_claimants", M),
      p.scenario.sim.target_esa_ib, band_series(p.base, "incapacity_benefits_claimants", M),
      band_series(p.scen, "incapacity_benefits_claimants", M),
      band_series(p.base, "ltc_employment_gap", M), band_series(p.scen, "ltc_employment_gap", M),
      interventions, helped, fin);
  std::string summary = compare_summary(p, finance);
  std::string escaped;
  for (char ch : summary)
    escaped += ch == '<'   ? std::string("&lt;")
               : ch == '&' ? std::string("&amp;")
                           : std::string(1, ch);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hwsim: {} against "
      "{}</title>"
      "<style>{}</style></head><body>\n<h1>{} against {}</h1>\n"
      "<p class=\"note\">{} paired replications on common random numbers (seed {}). Lines are "
      "means across "
      "replications, shades the 5-95% range. Made by hwsim {}.</p>\n<pre>{}</pre>\n"
      "<h2>Legacy ESA/IB claimants (the target as written) and the target of {:.0f} by {}</h2>"
      "<div id=\"esa\"></div>\n"
      "<h2>All incapacity benefits: ESA/IB and UC on a health claim (LCW, LCWRA or awaiting a "
      "WCA), each person once</h2><p "
      "class=\"note\">From Universal Credit full service (June 2018) new claims land on UC "
      "instead of ESA, so the legacy count falls whatever any programme achieves; this line "
      "counts both.</p><div id=\"incap\"></div>\n"
      "<h2>Employment gap for residents with a long-term condition (target 13.2 points by "
      "2017/18)</h2><div id=\"gap\"></div>\n"
      "<h2>Interventions: caseload and waiting list</h2><div id=\"interventions\"></div>\n"
      "<h2>Who was helped: change in ESA/IB claimants at {} by group (negative = fewer "
      "claimants)</h2><div id=\"helped\"></div>\n"
      "<h2>Who pays and who gains: net present value by partner, before and after gain "
      "sharing</h2><p class=\"note\">Against the paired baseline; the finance table above gives "
      "costs, savings, bands, benefit-cost ratios and payback. finance.csv has every measure "
      "and cashflow.csv the flows by financial year.</p>"
      "<div id=\"finance\"></div>\n"
      "<script type=\"application/json\" "
      "id=\"data\">{}</script>\n<script>{}</script>\n</body></html>\n",
      p.scenario.name, p.baseline.name, kStyle, p.scenario.name, p.baseline.name,
      p.scen.reps.size(), p.scen.seed, kVersion, escaped, p.scenario.sim.target_esa_ib,
      p.scenario.sim.target_date.str(), p.scenario.sim.start.plus(p.target_month()).str(), data,
      kScript);
}

}  // namespace hwsim
