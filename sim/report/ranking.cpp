#include "report/ranking.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/text.hpp"
#include "report/chartjs.hpp"
#include "report/page.hpp"
#include "version.hpp"

namespace hwsim {

namespace {

// Draws the ranking's charts from the embedded data: one row per scenario in rank order, the
// mean as a bar and the 5-95% band as a thin floating bar beside it.
constexpr const char* kScript = R"(
const D = JSON.parse(document.getElementById('data').textContent);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'Helvetica, Arial, sans-serif';
const SCEN = '#1f6fb4', PALETTE = ['#1f6fb4', '#d35400', '#16a085', '#8e44ad', '#c0392b', '#7f8c8d', '#2c3e50', '#b7950b'];
const fmtN = v => v === null ? '' : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-GB') : (+v.toPrecision(3)).toLocaleString('en-GB');
const fmtM = v => (v < 0 ? '−£' : '£') + (Math.abs(v) >= 1e6 ? (Math.abs(v) / 1e6).toLocaleString('en-GB', {maximumFractionDigits: 1}) + 'm' : Math.round(Math.abs(v) / 1000).toLocaleString('en-GB') + 'k');
function canvas(id, h) { const c = document.createElement('canvas'); c.width = 940; c.height = h;
  c.setAttribute('data-chart', id); c.setAttribute('role', 'img'); document.getElementById(id).prepend(c); return c; }
// One bar per row label; each series a mean bar and, with bands, its 5-95% band.
function hbars(id, title, labels, series, fmt, axis) {
  const ds = [];
  for (const s of series) {
    ds.push({label: s.name + (s.bands ? ' (mean)' : ''), data: s.bands ? s.bands.map(b => b.mean) : s.values, backgroundColor: s.color, barPercentage: 0.9, categoryPercentage: 0.8});
    if (s.bands) ds.push({label: s.name + ' 5-95%', data: s.bands.map(b => b.p05 === null ? null : [b.p05, b.p95]), backgroundColor: s.color + '55', borderColor: s.color, borderWidth: 1, barPercentage: 0.35, categoryPercentage: 0.8});
  }
  const h = 80 + labels.length * 24 * Math.max(1, series.length);
  new Chart(canvas(id, h), {type: 'bar', data: {labels: labels, datasets: ds},
    options: {indexAxis: 'y', responsive: false, plugins: {title: {display: true, text: title, font: {size: 14}}},
      scales: {x: Object.assign({ticks: {callback: v => fmt(v)}}, axis || {}), y: {ticks: {autoSkip: false}}}}});
}
const names = D.scenarios.map(s => s.rank + '. ' + s.name);
const one = (key, name) => [{name: name, color: SCEN, bands: D.scenarios.map(s => s[key])}];
hbars('f-claimants', 'Change in legacy ESA/IB claimants at ' + D.date + ' (persons; negative: fewer)', names, one('claimants', 'change'), fmtN);
hbars('f-target', 'Chance the target of ' + fmtN(D.target) + ' is met (share of replications)', names,
  [{name: 'P(target met)', color: '#c0392b', values: D.scenarios.map(s => s.p_target_met)}], v => v.toFixed(1), {min: 0, max: 1});
hbars('f-gap', 'Change in the LTC employment gap, ' + D.gap_period + ' (percentage points; negative: narrower)', names, one('gap', 'change'), v => v.toFixed(3));
hbars('f-jobs', 'Extra jobs sustained 6 months, whole run', names, one('jobs', 'extra jobs'), fmtN);
hbars('f-cost', 'Cost per claimant off ESA/IB and per extra sustained job (£)', names,
  [{name: 'per claimant off', color: SCEN, bands: D.scenarios.map(s => s.per_off)},
   {name: 'per sustained job', color: '#d35400', bands: D.scenarios.map(s => s.per_job)}], fmtM);
hbars('f-npv', 'Net present value by partner before gain sharing (£; right: gains, left: pays)', D.partners,
  D.scenarios.map((s, k) => ({name: s.name, color: PALETTE[k % PALETTE.length], bands: s.npv})), fmtM);
)";

std::string banded(const Band& b, bool money, bool sign = true, int digits = 0) {
  if (money) return fmt::format("{} ({} to {})", pounds(b.mean), pounds(b.p05), pounds(b.p95));
  if (digits > 0)
    return fmt::format("{:+.{}f} ({:+.{}f} to {:+.{}f})", b.mean, digits, b.p05, digits, b.p95,
                       digits);
  return fmt::format("{} ({} to {})", whole(b.mean, sign), whole(b.p05, sign), whole(b.p95, sign));
}

std::string ratio_text(const RatioSummary& r, std::size_t reps) {
  if (r.n == 0) return "n/a";
  return fmt::format("{} ({} to {}; {} of {})", pounds(r.value), pounds(r.band.p05),
                     pounds(r.band.p95), r.n, reps);
}

std::string ratio_json(const RatioSummary& r) {
  // The bar is the ratio of the means (what the table says); the band the replications'.
  return fmt::format("{{\"mean\":{},\"p05\":{},\"p95\":{},\"n\":{}}}", json_number(r.value),
                     json_number(r.n ? r.band.p05 : kNaN), json_number(r.n ? r.band.p95 : kNaN),
                     r.n);
}

}  // namespace

std::string render_ranking(const std::vector<Paired>& paired,
                           const std::vector<FinanceResult>& finance,
                           const std::vector<RankedScenario>& ranking) {
  const Paired& first = paired.front();
  const Scenario& base = first.baseline;
  const SimulationSettings& sim = first.scenario.sim;
  const std::string date = sim.start.plus(first.target_month()).str();
  const auto [g0, g1] = first.gap_year();
  const std::string gap_period = sim.start.plus(g0).str() + " to " + sim.start.plus(g1).str();
  const std::size_t R = first.scen.reps.size();

  // The partners any scenario touches, and the total.
  std::vector<std::size_t> partners;
  for (std::size_t k = 0; k < kPositions; ++k) {
    bool touched = k == kPartners;
    for (const auto& r : ranking) touched = touched || std::abs(r.npv[k].mean) > 0.5;
    if (touched) partners.push_back(k);
  }
  auto partner_label = [](std::size_t k) {
    return k < kPartners ? std::string(kPartnerLabels[k]) : std::string("total");
  };

  std::vector<std::vector<Cell>> rows, money_rows;
  std::string scen_json;
  for (const auto& r : ranking) {
    rows.push_back({{r.name},
                    {std::to_string(r.rank), true},
                    {banded(r.claimants_change, false), true},
                    {fmt::format("{:.2f}", r.p_target_met), true},
                    {banded(r.gap_change, false, true, 3), true},
                    {banded(r.extra_jobs, false, false), true}});
    money_rows.push_back({{r.name},
                          {banded(r.cost, true), true},
                          {banded(r.npv[kPartners], true), true},
                          {ratio_text(r.cost_per_off, R), true},
                          {ratio_text(r.cost_per_job, R), true}});
    std::string npv;
    for (std::size_t k : partners) npv += (npv.empty() ? "" : ",") + json_band(r.npv[k]);
    scen_json += fmt::format(
        "{}{{\"name\":{},\"rank\":{},\"claimants\":{},\"p_target_met\":{},\"gap\":{},"
        "\"jobs\":{},\"cost\":{},\"per_off\":{},\"per_job\":{},\"npv\":[{}]}}",
        scen_json.empty() ? "" : ",", json_quote(r.name), r.rank, json_band(r.claimants_change),
        json_number(r.p_target_met), json_band(r.gap_change), json_band(r.extra_jobs),
        json_band(r.cost), ratio_json(r.cost_per_off), ratio_json(r.cost_per_job), npv);
  }
  std::string partners_json;
  for (std::size_t k : partners)
    partners_json += (partners_json.empty() ? "" : ",") + json_quote(partner_label(k));
  const std::string data = fmt::format(
      "{{\"baseline\":{},\"date\":{},\"target\":{},\"gap_period\":{},\"partners\":[{}],"
      "\"scenarios\":[{}]}}",
      json_quote(base.name), json_quote(date), json_number(sim.target_esa_ib),
      json_quote(gap_period), partners_json, scen_json);

  // The ranking in two tables (what it does, what it costs): each scenario's name links to its
  // own report.
  auto linked = [&](std::string t) {
    for (const auto& r : ranking) {
      const std::string cell = "<th scope=\"row\">" + html_escape(r.name) + "</th>";
      const std::size_t at = t.find(cell);
      if (at != std::string::npos)
        t.replace(at, cell.size(),
                  fmt::format("<th scope=\"row\"><a href=\"{0}/report.html\">{0}</a></th>",
                              html_escape(r.name)));
    }
    return t;
  };
  const std::string ranking_table = linked(
      table("ranking-table",
            fmt::format("Ranked by the change in legacy ESA/IB claimants at {} (largest fall "
                        "first). Each figure is the mean with its 5-95% band across {} paired "
                        "replications; P(target met) is the share of replications meeting it.",
                        date, R),
            {"scenario", "rank", "change in ESA/IB claimants", "P(target met)",
             "change in LTC employment gap (points)", "extra sustained jobs"},
            rows));
  const std::string money_table =
      linked(table("money-table",
                   "Present values, mean and 5-95% band. Cost per claimant off benefit and per "
                   "sustained job: the mean cost over the mean outcome, with the band of the "
                   "replications that have one (how many of them after the semicolon).",
                   {"scenario", "total cost", "total NPV", "cost per claimant off benefit",
                    "cost per sustained job"},
                   money_rows));
  std::vector<std::vector<Cell>> npv_rows;
  for (std::size_t k : partners) {
    std::vector<Cell> row{{partner_label(k)}};
    for (const auto& r : ranking) row.push_back({banded(r.npv[k], true), true});
    npv_rows.push_back(row);
  }
  std::vector<std::string> npv_head{"partner"};
  for (const auto& r : ranking) npv_head.push_back(r.name);
  const std::string npv_table = table(
      "npv-table",
      "Net present value by partner before gain sharing, against the paired baseline: mean and "
      "5-95% band (each scenario's finance.csv has the rest, and the NPV after gain sharing).",
      npv_head, npv_rows);

  // The answer in a sentence.
  const RankedScenario& top = ranking.front();
  std::string answer = fmt::format(
      "Of {} scenarios against '{}', '{}' {} legacy ESA/IB claimants at {} the most: by {} "
      "(5-95%: {} to {}), meeting the target of {} in {:.0f}% of replications.",
      ranking.size(), html_escape(base.name), html_escape(top.name),
      top.claimants_change.mean <= 0 ? "lowers" : "raises", date,
      whole(std::abs(top.claimants_change.mean)), whole(top.claimants_change.p05, true),
      whole(top.claimants_change.p95, true), whole(sim.target_esa_ib), top.p_target_met * 100);
  const RankedScenario* cheapest = nullptr;
  for (const auto& r : ranking)
    if (std::isfinite(r.cost_per_off.value) &&
        (!cheapest || r.cost_per_off.value < cheapest->cost_per_off.value))
      cheapest = &r;
  if (cheapest)
    answer += fmt::format(" Per claimant off benefit, '{}' costs least: {}.",
                          html_escape(cheapest->name), pounds(cheapest->cost_per_off.value));

  std::string out;
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hwsim: {} "
      "scenarios against {}</title><style>{}th[scope=row]{{white-space:nowrap}}</style></head>"
      "<body>\n",
      ranking.size(), html_escape(base.name), report_style());
  out += fmt::format("<h1>{} scenarios ranked against '{}'</h1>\n", ranking.size(),
                     html_escape(base.name));
  out += fmt::format("<p class=\"answer\" id=\"answer\">{}</p>\n", answer);
  out += fmt::format(
      "<p class=\"note\">The baseline ran once and every scenario against it: {} replications "
      "of each, paired on common random numbers (seed {}), so replication k of every scenario "
      "draws the same random numbers as the baseline's replication k and differences are the "
      "scenarios', not chance's. Figures are means with the 5-95% range across replications "
      "(chance alone, not the uncertainty in the evidence). Costs are present values at {} "
      "prices, discounted at {:.1f}% a year. Each scenario's own folder holds its full "
      "comparison. Made by hwsim {}.</p>\n",
      R, first.scen.seed, html_escape(finance.front().price_base_year),
      finance.front().discount_rate * 100, kVersion);
  out += "<h2>The ranking</h2>\n<div class=\"wide\">" + ranking_table + money_table + "</div>\n";
  out +=
      "<h2>Claimants and the target</h2>\n<figure id=\"f-claimants\"><figcaption>Scenario minus "
      "baseline at " +
      date +
      ", paired by replication: bar the mean, thin bar the 5-95% range.</figcaption></figure>\n"
      "<figure id=\"f-target\"><figcaption>The share of replications in which the scenario's "
      "legacy ESA/IB count is at or below the target.</figcaption></figure>\n";
  out +=
      "<h2>Work</h2>\n<figure id=\"f-gap\"><figcaption>Scenario minus baseline, the gap's mean "
      "over " +
      gap_period +
      " (target 13.2 points by 2017/18).</figcaption></figure>\n"
      "<figure id=\"f-jobs\"><figcaption>Jobs lasting six months that the scenario caused "
      "over the whole run.</figcaption></figure>\n";
  out +=
      "<h2>Value for money</h2>\n<figure id=\"f-cost\"><figcaption>Bar: the mean cost over the "
      "mean outcome; thin bar: the 5-95% range of the replications with a fall in claimants or "
      "extra jobs. No bar: no fall or no extra jobs.</figcaption></figure>\n"
      "<figure id=\"f-npv\"><figcaption>Net present value by partner, one colour per "
      "scenario: bar the mean, thin bar the 5-95% range.</figcaption></figure>\n<div "
      "class=\"wide\">" +
      npv_table + "</div>\n";
  std::string script = kScript;
  script += drawn_and_layout_check();
  out += page_end(data, script);
  return out;
}

}  // namespace hwsim
