#include "report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "compare/ranking.hpp"
#include "compare/summary.hpp"
#include "core/text.hpp"
#include "report/chartjs.hpp"
#include "report/page.hpp"
#include "run/indicators.hpp"
#include "run/stats.hpp"
#include "run/target.hpp"
#include "version.hpp"

namespace hwsim {

namespace {

// {"mean": [...], "p05": [...], "p95": [...]} over months, of values per replication.
template <typename F>
std::string band_series(int months, F&& values_at) {
  std::vector<double> mean, lo, hi;
  for (int m = 0; m < months; ++m) {
    const Band b = band_of(values_at(m));
    mean.push_back(b.mean);
    lo.push_back(b.p05);
    hi.push_back(b.p95);
  }
  return fmt::format("{{\"mean\":{},\"p05\":{},\"p95\":{}}}", json_numbers(mean), json_numbers(lo),
                     json_numbers(hi));
}

bool thin(const std::string& source) {
  std::string s = source.substr(0, 12);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.rfind("thin", 0) == 0;
}

// Draws the charts from the embedded data with Chart.js. Every chart is a <canvas
// data-chart>; body[data-drawn] counts the charts drawn and body[data-overlaps] the pairs of
// text boxes that overlap (both read by the test that renders the page).
constexpr const char* kScript = R"(
const D = JSON.parse(document.getElementById('data').textContent);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'Helvetica, Arial, sans-serif';
const BASE = '#6b6b6b', SCEN = '#1f6fb4', TARGET = '#c0392b';
const fmtN = v => v === null ? '' : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-GB') : (+v.toPrecision(3)).toLocaleString('en-GB');
const fmtM = v => (v < 0 ? '−£' : '£') + (Math.abs(v) >= 1e6 ? (Math.abs(v) / 1e6).toLocaleString('en-GB', {maximumFractionDigits: 1}) + 'm' : Math.round(Math.abs(v) / 1000).toLocaleString('en-GB') + 'k');
function canvas(id, h) { const c = document.createElement('canvas'); c.width = 940; c.height = h || 330;
  c.setAttribute('data-chart', id); c.setAttribute('role', 'img'); document.getElementById(id).prepend(c); return c; }
function hideBounds(item) { return !item.text.startsWith('_'); }
// Mean lines with 5-95% bands for each series, a target level and the target month.
function levels(id, title, series, target) {
  const ds = [];
  for (const s of series) {
    ds.push({label: '_' + s.name + ' p95', data: s.band.p95, borderWidth: 0, pointRadius: 0, fill: false});
    ds.push({label: s.name + ' 5-95%', data: s.band.p05, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: s.color + '33'});
    ds.push({label: s.name + ' (mean)', data: s.band.mean, borderColor: s.color, backgroundColor: s.color, borderWidth: 2.2, pointRadius: 0, borderDash: s.dash || [], fill: false});
  }
  if (target && target.level !== undefined)
    ds.push({label: 'target ' + fmtN(target.level), data: D.months.map(() => target.level), borderColor: TARGET, borderWidth: 1.5, borderDash: [2, 3], pointRadius: 0, fill: false});
  const plugins = {title: {display: true, text: title, font: {size: 14}}, legend: {labels: {filter: hideBounds}},
    tooltip: {mode: 'index', intersect: false, filter: i => !i.dataset.label.startsWith('_')}};
  const c = new Chart(canvas(id), {type: 'line', data: {labels: D.months, datasets: ds},
    options: {responsive: false, interaction: {mode: 'index', intersect: false}, plugins: plugins,
      scales: {x: {ticks: {maxTicksLimit: 12, autoSkip: true}}, y: {ticks: {callback: v => fmtN(v)}}}},
    plugins: [markMonth(target && target.month, target && target.label)]});
  return c;
}
// A vertical line at a month (the target date).
function markMonth(month, label) {
  return {id: 'mark', afterDatasetsDraw(chart) {
    if (month === undefined || month === null) return;
    const x = chart.scales.x.getPixelForValue(month), a = chart.chartArea, g = chart.ctx;
    g.save(); g.strokeStyle = TARGET; g.setLineDash([4, 4]); g.beginPath(); g.moveTo(x, a.top); g.lineTo(x, a.bottom); g.stroke();
    g.fillStyle = TARGET; g.font = '11px Helvetica, Arial'; g.textAlign = 'right'; g.fillText(label || D.months[month], x - 4, a.top + 12); g.restore(); }};
}
// Horizontal bars: mean as a bar, 5-95% as a thin floating bar beside it.
function hbars(id, title, rows, series, fmt) {
  const ds = [];
  for (const s of series) {
    ds.push({label: s.name + ' (mean)', data: rows.map(r => r[s.key].mean), backgroundColor: s.color, barPercentage: 0.9, categoryPercentage: 0.8});
    ds.push({label: s.name + ' 5-95%', data: rows.map(r => [r[s.key].p05, r[s.key].p95]), backgroundColor: s.color + '55', borderColor: s.color, borderWidth: 1, barPercentage: 0.35, categoryPercentage: 0.8});
  }
  const h = 70 + rows.length * 22 * Math.max(1, series.length);
  return new Chart(canvas(id, h), {type: 'bar', data: {labels: rows.map(r => r.label), datasets: ds},
    options: {indexAxis: 'y', responsive: false, plugins: {title: {display: true, text: title, font: {size: 14}}},
      scales: {x: {ticks: {callback: v => fmt(v)}}, y: {ticks: {autoSkip: false}}}}});
}
const target = {level: D.target.level, month: D.target.month, label: 'target date ' + D.target.date};
levels('diff', 'Scenario minus baseline, paired by replication (persons)', [
  {name: 'ESA/IB (legacy count)', color: SCEN, band: D.esa.diff},
  {name: 'all incapacity benefits', color: '#8e44ad', dash: [6, 3], band: D.incap.diff}],
  {month: D.target.month, label: 'target date ' + D.target.date});
levels('esa', 'Legacy ESA/IB claimants (the target as written)', [
  {name: D.baseline, color: BASE, dash: [7, 4], band: D.esa.base}, {name: D.scenario, color: SCEN, band: D.esa.scen}], target);
levels('incap', 'All incapacity benefits: ESA/IB and UC on a health claim', [
  {name: D.baseline, color: BASE, dash: [7, 4], band: D.incap.base}, {name: D.scenario, color: SCEN, band: D.incap.scen}], target);
levels('gap', 'Employment gap for long-term conditions (percentage points)', [
  {name: D.baseline, color: BASE, dash: [7, 4], band: D.gap.base}, {name: D.scenario, color: SCEN, band: D.gap.scen}],
  {level: D.gap.target, month: D.gap.month, label: '2017/18 target'});
D.interventions.forEach((p, k) => {
  levels('prog' + k, p.label + ': people in it and waiting (mean, 5-95%)', [
    {name: 'in the programme', color: SCEN, band: p.caseload}, {name: 'waiting list', color: '#d35400', dash: [5, 3], band: p.waiting}], {});
});
hbars('helped', 'Change in ESA/IB claimants at ' + D.target.date + ' by group (persons; negative: fewer)', D.helped,
  [{name: 'change', key: 'change', color: SCEN}], fmtN);
hbars('finance', 'Net present value by partner (£; right: gains, left: pays)', D.finance,
  [{name: 'before gain sharing', key: 'before', color: '#7f8c8d'}, {name: 'after gain sharing', key: 'after', color: SCEN}], fmtM);
)";

// A chart's data as a table (the chart's text alternative), folded away.
std::string series_table(const std::string& id, const std::string& caption,
                         const std::vector<std::string>& months,
                         const std::vector<std::pair<std::string, std::vector<Band>>>& cols,
                         int step) {
  std::vector<std::string> head{"month"};
  for (const auto& c : cols) {
    head.push_back(c.first + " mean");
    head.push_back("5%");
    head.push_back("95%");
  }
  std::vector<std::vector<Cell>> rows;
  for (std::size_t m = 0; m < months.size(); m += static_cast<std::size_t>(step)) {
    std::vector<Cell> r{{months[m]}};
    for (const auto& c : cols)
      for (double v : {c.second[m].mean, c.second[m].p05, c.second[m].p95})
        r.push_back({std::abs(v) >= 100 ? whole(v) : fmt::format("{:.2f}", v), true});
    rows.push_back(r);
  }
  return "<details><summary>The chart's figures as a table</summary>" +
         table(id, caption, head, rows) + "</details>";
}

}  // namespace

namespace {

// The section of a probabilistic sensitivity analysis: the chances a decision rests on, the
// cost-effectiveness plane, the acceptability curve and the value of information.
std::string psa_section(const PsaSummary& s, const PsaOutcomes& o, std::size_t reps) {
  auto pct = [](double x) { return fmt::format("{:.1f}%", 100 * x); };
  std::vector<std::vector<Cell>> t;
  auto row = [&](const std::string& what, const std::string& value) {
    t.push_back({Cell{what}, Cell{value, true}});
  };
  row("target met, legacy ESA/IB (scenario)", pct(s.p_met[0]));
  row("target met, all incapacity benefits (scenario)", pct(s.p_met[1]));
  row("target met, legacy ESA/IB (baseline)", pct(s.p_base_met[0]));
  // Partners the scenario touches (a cost or a saving in some replication), and the total.
  for (std::size_t k = 0; k < kPositions; ++k) {
    const bool touched =
        k + 1 == kPositions ||
        std::any_of(o.npv_before[k].begin(), o.npv_before[k].end(),
                    [](double v) { return v != 0; }) ||
        std::any_of(o.npv_after[k].begin(), o.npv_after[k].end(), [](double v) { return v != 0; });
    if (!touched) continue;
    const std::string who =
        k < kPartners ? std::string(kPartnerLabels[k]) : "all partners together";
    row("NPV > 0 for " + who + ", before / after gain sharing",
        pct(s.p_npv_before[k]) + " / " + pct(s.p_npv_after[k]));
  }
  for (double w : {10000.0, 30000.0, 50000.0}) {
    const auto it = std::find(s.wtp.begin(), s.wtp.end(), w);
    if (it == s.wtp.end()) continue;
    const auto k = static_cast<std::size_t>(it - s.wtp.begin());
    row(fmt::format("it is cost-effective at {} per sustained job", pounds(w)), pct(s.ceac[k]));
    row(fmt::format("(value of perfect information at {} per sustained job)", pounds(w)),
        pounds(s.evpi[k]));
  }
  const std::string chances = table("psa-table", "The chances, over the replications",
                                    {"the chance that", "probability"}, t);
  std::string plane = "[";
  for (std::size_t r = 0; r < o.jobs.size(); ++r)
    plane += fmt::format("{}{{\"x\":{},\"y\":{},\"m\":{}}}", r ? "," : "", json_number(o.jobs[r]),
                         json_number(o.net_cost[r]), json_number(o.months_off[r]));
  plane += "]";
  std::string groups = "{";
  for (std::size_t g = 0; g < s.evppi.size(); ++g)
    groups += fmt::format("{}{}:{}", g ? "," : "", json_quote(std::string(kEvidenceGroupNames[g])),
                          json_numbers(s.evppi[g]));
  groups += "}";
  const std::string json =
      fmt::format("{{\"plane\":{},\"wtp\":{},\"ceac\":{},\"evpi\":{},\"evppi\":{}}}", plane,
                  json_numbers(s.wtp), json_numbers(s.ceac), json_numbers(s.evpi), groups);
  std::string out = fmt::format(
      "<h2>How sure: the evidence's uncertainty drawn in every replication</h2>\n"
      "<p class=\"note\">Each of the {} replications drew every uncertain effect, take-up, "
      "referral rate, cost and thin parameter from its distribution (the same draw in both "
      "arms), so these chances carry the evidence's uncertainty as well as chance. Net cost is "
      "cost less saving to all partners (minus the total NPV). The value of information is what "
      "knowing the uncertain quantities exactly would be worth to this decision, estimated by "
      "regression on the draws (Strong, Oakley and Brennan 2014).</p>\n",
      reps);
  out += chances;
  out +=
      "<figure id=\"plane\"><figcaption>Cost-effectiveness plane: each point one replication, "
      "extra sustained jobs against net cost (present value).</figcaption></figure>\n"
      "<figure id=\"ceac\"><figcaption>Acceptability curve: the chance the scenario is worth "
      "its net cost at each willingness to pay per extra sustained job, and the expected value "
      "of perfect information, overall and by group of evidence.</figcaption></figure>\n";
  out += "<script type=\"application/json\" id=\"psa-data\">" + json + "</script>\n";
  return out;
}

constexpr const char* kPsaScript = R"(
(function () {
  const el = document.getElementById('psa-data');
  if (!el) return;
  const P = JSON.parse(el.textContent);
  new Chart(canvas('plane', 380), {type: 'scatter', data: {datasets: [
      {label: 'replications', data: P.plane, backgroundColor: SCEN + '99', pointRadius: 3}]},
    options: {responsive: false, plugins: {title: {display: true, text: 'Cost-effectiveness plane (one point per replication)', font: {size: 14}},
      tooltip: {callbacks: {label: c => fmtN(c.raw.x) + ' jobs, ' + fmtM(c.raw.y) + ', ' + fmtN(c.raw.m) + ' claimant months off'}}},
      scales: {x: {title: {display: true, text: 'extra jobs sustained 6 months'}, ticks: {callback: v => fmtN(v)}},
               y: {title: {display: true, text: 'net cost to all partners (£, present value)'}, ticks: {callback: v => fmtM(v)}}}}});
  const colours = {effects: '#8e44ad', take_up: '#d35400', costs: '#16a085', model: '#7f8c8d'};
  const ds = [{label: 'P(cost-effective)', data: P.ceac, borderColor: SCEN, backgroundColor: SCEN, borderWidth: 2.2, pointRadius: 0, yAxisID: 'p'},
              {label: 'EVPI, all evidence', data: P.evpi, borderColor: '#333', borderWidth: 1.5, borderDash: [6, 3], pointRadius: 0, yAxisID: 'v'}];
  for (const g of Object.keys(P.evppi))
    ds.push({label: 'EVPI, ' + g.replace('_', '-'), data: P.evppi[g], borderColor: colours[g], borderWidth: 1.2, borderDash: [2, 3], pointRadius: 0, yAxisID: 'v'});
  new Chart(canvas('ceac', 360), {type: 'line', data: {labels: P.wtp.map(w => '£' + (w / 1000) + 'k'), datasets: ds},
    options: {responsive: false, plugins: {title: {display: true, text: 'Acceptability curve and value of information', font: {size: 14}}},
      scales: {x: {title: {display: true, text: 'willingness to pay per extra sustained job'}, ticks: {maxTicksLimit: 11}},
               p: {position: 'left', min: 0, max: 1, title: {display: true, text: 'probability'}},
               v: {position: 'right', grid: {drawOnChartArea: false}, title: {display: true, text: 'EVPI (£)'}, ticks: {callback: v => fmtM(v)}}}}});
})();
)";

}  // namespace

std::string render_report(const Paired& p, const FinanceResult& finance, const PsaSummary* psa,
                          const PsaOutcomes* psa_outcomes) {
  const Scenario& sc = p.scenario;
  const int M = sc.sim.months, tm = p.target_month();
  const std::string tdate = sc.sim.start.plus(tm).str();
  const double target = sc.sim.target_esa_ib;
  const double needed = sc.params.population.esa_ib_count - target;
  const auto R = p.scen.reps.size();
  std::vector<std::string> months;
  for (int m = 0; m < M; ++m) months.push_back(sc.sim.start.plus(m).str());

  // The headline figures (compare/ranking.hpp).
  const Headline h = headline_of(p, finance);
  const auto& change = h.claimants_change;
  const Band dchange = band_of(change);
  std::vector<double> share;
  for (double c : change) share.push_back(-c / needed * 100);
  const auto met_all = target_met(p.scen, sc.sim, "incapacity_benefits_claimants");
  const double p_met = band_of(h.target_met).mean, p_met_all = band_of(met_all).mean;
  const auto& per_job = h.cost_per_job;
  const auto& per_off = h.cost_per_off;
  const double mean_cost = band_of(h.cost).mean;
  const Band djobs = band_of(h.extra_jobs);

  std::string answer;
  {
    const std::string dir = dchange.mean <= 0 ? "lowers" : "raises";
    answer = fmt::format(
        "Against '{}', '{}' {} legacy ESA/IB claimants at {} by {} (5-95%: {} to {}), "
        "{:.0f}% of the {} fewer the target needs. The target of {} is met in {} of {} "
        "replications on the legacy count (P = {:.2f}) and in {} of {} on all incapacity "
        "benefits (P = {:.2f}).",
        html_escape(p.baseline.name), html_escape(sc.name), dir, tdate,
        whole(std::abs(dchange.mean)), whole(dchange.p05, true), whole(dchange.p95, true),
        band_of(share).mean, whole(needed), whole(target), whole(p_met * static_cast<double>(R)), R,
        p_met, whole(p_met_all * static_cast<double>(R)), R, p_met_all);
    // Where the baseline alone meets the target in some replications, say so: the scenario's
    // chance is not its own doing.
    const double base_met = band_of(target_met(p.base, p.baseline.sim, "esa_ib_claimants")).mean;
    if (base_met > 0)
      answer += fmt::format(" The baseline alone meets it in {} of {} (P = {:.2f}).",
                            whole(base_met * static_cast<double>(R)), R, base_met);
  }
  auto card = [](const std::string& k, const std::string& v, const std::string& b) {
    return fmt::format(
        "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div>"
        "<div class=\"b\">{}</div></div>",
        html_escape(k), html_escape(v), html_escape(b));
  };
  const Band bshare = band_of(share);
  std::string cards = "<div class=\"cards\" id=\"headline\">";
  cards += card("Change in ESA/IB claimants, " + tdate, whole(dchange.mean, true),
                fmt::format("5-95%: {} to {}", whole(dchange.p05, true), whole(dchange.p95, true)));
  cards += card("Share of the " + whole(needed) + " fewer the target needs",
                fmt::format("{:.0f}%", bshare.mean),
                fmt::format("5-95%: {:.0f}% to {:.0f}%", bshare.p05, bshare.p95));
  cards += card("P(target of " + whole(target) + " met)", fmt::format("{:.2f}", p_met),
                fmt::format("legacy count; on all incapacity benefits {:.2f}", p_met_all));
  cards += card("Extra sustained jobs (6 months), whole run", whole(djobs.mean, true),
                fmt::format("5-95%: {} to {}", whole(djobs.p05, true), whole(djobs.p95, true)));
  {
    const double v = djobs.mean > 0.5 ? mean_cost / djobs.mean : NAN;
    const Band b = band_of(per_job);
    cards += card("Cost per extra sustained job", pounds(v),
                  per_job.empty() ? std::string("no extra jobs")
                                  : fmt::format("5-95%: {} to {} ({} of {} replications)",
                                                pounds(b.p05), pounds(b.p95), per_job.size(), R));
  }
  {
    const double v = dchange.mean < -0.5 ? mean_cost / -dchange.mean : NAN;
    const Band b = band_of(per_off);
    cards += card("Cost per claimant off ESA/IB at " + tdate, pounds(v),
                  per_off.empty() ? std::string("no fall in claimants")
                                  : fmt::format("5-95%: {} to {} ({} of {} replications)",
                                                pounds(b.p05), pounds(b.p95), per_off.size(), R));
  }
  cards += "</div>";

  // NPV by partner, and the finance table.
  std::vector<std::vector<Cell>> fin_rows;
  std::string fin_json = "[";
  for (std::size_t k = 0; k < kPositions; ++k) {
    const std::string label = k < kPartners ? std::string(kPartnerLabels[k]) : "total";
    const Band before = band_of(measure_values(finance, k, 2));
    const Band after = band_of(measure_values(finance, k, 6));
    fin_json += fmt::format("{}{{\"label\":{},\"before\":{},\"after\":{}}}", k ? "," : "",
                            json_quote(label), json_band(before), json_band(after));
    std::vector<Cell> row{{label}};
    for (std::size_t m = 0; m < kFinanceMeasures.size(); ++m) {
      const Summary s = summarise(measure_values(finance, k, m));
      const bool money = m == 0 || m == 1 || m == 2 || m == 6;
      std::string text;
      if (s.n == 0)
        text = "n/a";
      else if (kFinanceMeasures[m] == "payback_month") {
        const PaybackSummary pb = payback_of(finance, k);
        text = fmt::format("{} ({} of {} pay back)", pb.month ? pb.month->str() : "none", pb.paid,
                           pb.reps);
      } else if (money)
        text = fmt::format("{} ({} to {})", pounds(s.band.mean), pounds(s.band.p05),
                           pounds(s.band.p95));
      else
        text = fmt::format("{:.2f} ({:.2f} to {:.2f})", s.band.mean, s.band.p05, s.band.p95);
      row.push_back({text, true});
    }
    fin_rows.push_back(row);
  }
  fin_json += "]";
  std::vector<std::string> fin_head{"partner"};
  for (auto m : kFinanceMeasures) fin_head.emplace_back(m);
  const std::string fin_table =
      table("finance-table",
            fmt::format("Mean and 5-95% band across {} paired replications; present values at {} "
                        "prices, discounted at {:.1f}% a year to {}; payback is the median month "
                        "of the replications that pay back, shown where most do.",
                        R, html_escape(finance.price_base_year), finance.discount_rate * 100,
                        finance.discount_to.str()),
            fin_head, fin_rows);

  // Programmes.
  std::string programmes_json = "[";
  std::vector<std::vector<Cell>> prog_rows;
  for (std::size_t k = 0; k < sc.interventions.list.size(); ++k) {
    const Intervention& iv = sc.interventions.list[k];
    auto stock = [&](bool waiting) {
      return band_series(M, [&](int m) {
        std::vector<double> v;
        for (const auto& rep : p.scen.reps) {
          const Stocks& s = rep.months[static_cast<std::size_t>(m)].stocks;
          v.push_back(static_cast<double>(waiting ? s.waiting[k] : s.in_intervention[k]));
        }
        return v;
      });
    };
    programmes_json +=
        fmt::format("{}{{\"name\":{},\"label\":{},\"caseload\":{},\"waiting\":{}}}", k ? "," : "",
                    json_quote(iv.name), json_quote(iv.label), stock(false), stock(true));
    std::vector<Cell> row{
        {iv.label},
        {name_of(iv.type).data()},
        {iv.start.str() + " to " + iv.end.str()},
        {iv.capacity.unlimited ? std::string("unlimited") : whole(iv.capacity.places) + " places",
         true},
        {iv.costs.payer}};
    for (const char* measure : {"starts", "completions", "job_starts_in", "job_outcomes"}) {
      const InterventionMeasure* pm = nullptr;
      for (const auto& x : intervention_measures())
        if (x.name == measure) pm = &x;
      std::vector<double> tot;
      for (const auto& rep : p.scen.reps) {
        double t = 0;
        for (int m = 1; m < M; ++m)
          t += pm ? pm->value(rep.months[static_cast<std::size_t>(m)], k, iv, sc.sim.start.plus(m))
                  : 0.0;
        tot.push_back(t);
      }
      const Band b = band_of(tot);
      row.push_back(
          {fmt::format("{} ({} to {})", whole(b.mean), whole(b.p05), whole(b.p95)), true});
    }
    prog_rows.push_back(row);
  }
  programmes_json += "]";
  std::string programmes;
  if (sc.interventions.list.empty()) {
    programmes = "<p>The scenario has no programmes.</p>";
  } else {
    programmes = table("programmes-table",
                       "Whole run; mean and 5-95% band across replications. Job starts: "
                       "participants entering work while in the programme; sustained outcomes: "
                       "jobs lasting six months.",
                       {"programme", "type", "runs", "capacity", "payer", "starts", "completions",
                        "job starts", "sustained outcomes"},
                       prog_rows);
    for (std::size_t k = 0; k < sc.interventions.list.size(); ++k)
      programmes += fmt::format(
          "<figure id=\"prog{}\"><figcaption>{}: caseload and waiting list "
          "by month (lines: means; shades: 5-95%).</figcaption></figure>",
          k, html_escape(sc.interventions.list[k].label));
  }

  // Who was helped.
  std::string helped_json = "[";
  std::vector<std::vector<Cell>> helped_rows;
  bool first = true;
  for (const auto& row : equality_breakdown(p, tm)) {
    if (row.measure != "esa_ib_claimants" || row.group == "gp_practice") continue;
    const Band b = band_of(row.difference);
    helped_json += fmt::format("{}{{\"label\":{},\"change\":{}}}", first ? "" : ",",
                               json_quote(row.group + ": " + row.level), json_band(b));
    helped_rows.push_back({{row.group + ": " + row.level},
                           {whole(b.mean, true), true},
                           {whole(b.p05, true), true},
                           {whole(b.p95, true), true}});
    first = false;
  }
  helped_json += "]";

  // What the scenario changes against the baseline, and which of its numbers are thin.
  std::string changes = "<ul class=\"changes\">";
  for (const auto& iv : sc.interventions.list) {
    bool in_base = false;
    for (const auto& b : p.baseline.interventions.list) in_base |= b.name == iv.name;
    if (in_base) continue;
    changes += fmt::format(
        "<li><b>{}</b> ({}), {} to {}, {}; paid by {}; take-up {:.0f}%, hazard ratio on job "
        "entry {:.2f}.</li>",
        html_escape(iv.label), html_escape(std::string(name_of(iv.type))), iv.start.str(),
        iv.end.str(),
        iv.capacity.unlimited ? std::string("no limit on places")
                              : whole(iv.capacity.places) + " places at once",
        html_escape(iv.costs.payer), iv.take_up * 100, iv.effects.job_entry_hr);
  }
  for (const auto& [key, rp] : sc.provenance) {
    const auto b = p.baseline.provenance.find(key);
    if (b != p.baseline.provenance.end() && b->second.value_yaml == rp.value_yaml) continue;
    changes += fmt::format("<li>Parameter <code>{}</code>: {}{} ({})</li>", html_escape(key),
                           html_escape(rp.value_yaml),
                           b == p.baseline.provenance.end()
                               ? std::string()
                               : " instead of " + html_escape(b->second.value_yaml),
                           html_escape(rp.source));
  }
  changes += "</ul>";
  std::vector<std::vector<Cell>> thin_rows;
  for (const auto& iv : sc.interventions.list)
    for (const auto& [key, q] : iv.quantities)
      if (thin(q.source))
        thin_rows.push_back({{iv.label + ": " + key}, {q.raw_yaml + " " + q.unit}, {q.source}});
  for (const auto& [key, rp] : sc.provenance) {
    const auto b = p.baseline.provenance.find(key);
    const bool changed = b == p.baseline.provenance.end() || b->second.value_yaml != rp.value_yaml;
    if (changed && thin(rp.source))
      thin_rows.push_back({{key}, {rp.value_yaml + " " + rp.unit}, {rp.source}});
  }
  const std::string thin_table =
      thin_rows.empty()
          ? std::string("<p>None of the scenario's own numbers is marked thin.</p>")
          : table("thin-table",
                  "The scenario's own numbers whose source says the evidence is thin: the "
                  "answer above leans on them.",
                  {"number", "value", "source"}, thin_rows);

  // Charts' figures as tables (every sixth month and the target month are enough to read).
  auto bands_of = [&](const RunResult* r, const char* name, bool diff) {
    std::vector<Band> v;
    for (int m = 0; m < M; ++m)
      v.push_back(band_of(diff ? paired_difference(p, name, m) : across_replications(*r, name, m)));
    return v;
  };
  const std::string esa_table =
      series_table("esa-table", "Legacy ESA/IB claimants by month (persons)", months,
                   {{p.baseline.name, bands_of(&p.base, "esa_ib_claimants", false)},
                    {sc.name, bands_of(&p.scen, "esa_ib_claimants", false)},
                    {"difference", bands_of(nullptr, "esa_ib_claimants", true)}},
                   6);
  const std::string incap_table =
      series_table("incap-table", "All incapacity benefits by month (persons)", months,
                   {{p.baseline.name, bands_of(&p.base, "incapacity_benefits_claimants", false)},
                    {sc.name, bands_of(&p.scen, "incapacity_benefits_claimants", false)},
                    {"difference", bands_of(nullptr, "incapacity_benefits_claimants", true)}},
                   6);
  const std::string gap_table = series_table(
      "gap-table", "Employment gap for long-term conditions (percentage points)", months,
      {{p.baseline.name, bands_of(&p.base, "ltc_employment_gap", false)},
       {sc.name, bands_of(&p.scen, "ltc_employment_gap", false)}},
      6);
  const std::string helped_table =
      "<details><summary>The chart's figures as a table</summary>" +
      table("helped-table",
            "Change in ESA/IB claimants at " + tdate + " by group (scenario minus baseline)",
            {"group", "mean", "5%", "95%"}, helped_rows) +
      "</details>";

  const auto [g0, g1] = p.gap_year();
  const std::string data = fmt::format(
      "{{\"scenario\":{},\"baseline\":{},\"months\":{},"
      "\"target\":{{\"level\":{},\"month\":{},\"date\":{}}},"
      "\"esa\":{{\"base\":{},\"scen\":{},\"diff\":{}}},"
      "\"incap\":{{\"base\":{},\"scen\":{},\"diff\":{}}},"
      "\"gap\":{{\"base\":{},\"scen\":{},\"target\":13.2,\"month\":{}}},"
      "\"interventions\":{},\"helped\":{},\"finance\":{}}}",
      json_quote(sc.name), json_quote(p.baseline.name),
      [&] {
        std::string s = "[";
        for (std::size_t k = 0; k < months.size(); ++k) s += (k ? "," : "") + json_quote(months[k]);
        return s + "]";
      }(),
      json_number(target), tm, json_quote(tdate),
      band_series(M, [&](int m) { return across_replications(p.base, "esa_ib_claimants", m); }),
      band_series(M, [&](int m) { return across_replications(p.scen, "esa_ib_claimants", m); }),
      band_series(M, [&](int m) { return paired_difference(p, "esa_ib_claimants", m); }),
      band_series(
          M,
          [&](int m) { return across_replications(p.base, "incapacity_benefits_claimants", m); }),
      band_series(
          M,
          [&](int m) { return across_replications(p.scen, "incapacity_benefits_claimants", m); }),
      band_series(M,
                  [&](int m) { return paired_difference(p, "incapacity_benefits_claimants", m); }),
      band_series(M, [&](int m) { return across_replications(p.base, "ltc_employment_gap", m); }),
      band_series(M, [&](int m) { return across_replications(p.scen, "ltc_employment_gap", m); }),
      g1, programmes_json, helped_json, fin_json);

  std::string console;
  for (char ch : compare_summary(p, finance))
    console += ch == '<'   ? std::string("&lt;")
               : ch == '&' ? std::string("&amp;")
                           : std::string(1, ch);

  std::string out;
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hwsim: {} against "
      "{}</title><style>{}</style></head><body>\n",
      html_escape(sc.name), html_escape(p.baseline.name), report_style());
  out += fmt::format("<h1>{}: what it does to Islington's claimant count</h1>\n",
                     html_escape(sc.name));
  if (!sc.description.empty())
    out += fmt::format("<p class=\"sub\">{}</p>\n", html_escape(sc.description));
  out += fmt::format("<p class=\"answer\" id=\"answer\">{}</p>\n", answer);
  out += cards;
  out += fmt::format(
      "<p class=\"note\">{} replications of each, paired on common random numbers (seed {}), so "
      "differences are the scenario's, not chance's. Figures are means with the 5-95% range "
      "across replications; {}. Costs are present values at {} prices. Made by hwsim {}.</p>\n",
      R, p.scen.seed,
      psa ? "each replication also drew the uncertain evidence (probabilistic sensitivity "
            "analysis), so that range carries the evidence's uncertainty as well as chance"
          : "that range is chance alone, not the uncertainty in the evidence (run with --psa to "
            "draw it)",
      html_escape(finance.price_base_year), kVersion);
  out +=
      "<h2>What changes against the baseline</h2>\n<figure id=\"diff\"><figcaption>Scenario "
      "minus baseline by month, legacy ESA/IB and all incapacity benefits (lines: means; "
      "shades: 5-95%). Below zero: fewer claimants.</figcaption></figure>\n";
  out += fmt::format(
      "<h2>Legacy ESA/IB claimants (the target as written) and the target of {} by {}</h2>\n"
      "<figure id=\"esa\"><figcaption>Baseline dashed grey, scenario solid blue; shades: 5-95% "
      "across replications; red: the target level and date.</figcaption>{}</figure>\n",
      whole(target), sc.sim.target_date.str(), esa_table);
  out +=
      "<h2>All incapacity benefits: ESA/IB and UC on a health claim, each person once</h2>\n"
      "<p class=\"note\">From Universal Credit full service (June 2018) new claims land on UC "
      "instead of ESA, so the legacy count falls whatever any programme achieves; this count "
      "includes both.</p>\n<figure id=\"incap\"><figcaption>Baseline dashed grey, scenario "
      "solid blue; shades: 5-95%.</figcaption>" +
      incap_table + "</figure>\n";
  out += fmt::format(
      "<h2>Employment gap for residents with a long-term condition</h2>\n<figure "
      "id=\"gap\"><figcaption>Target 13.2 points by 2017/18 (April 2017 to March 2018, which "
      "ends at {}); baseline dashed grey, scenario solid blue.</figcaption>{}</figure>\n",
      sc.sim.start.plus(g1).str(), gap_table);
  out += "<h2>Programmes</h2>\n" + programmes + "\n";
  out +=
      "<h2>Who was helped</h2>\n<figure id=\"helped\"><figcaption>Change in ESA/IB claimants "
      "at " +
      tdate + " by group: bar the mean, thin bar the 5-95% range.</figcaption>" + helped_table +
      "</figure>\n";
  out +=
      "<h2>Who pays and who gains</h2>\n<figure id=\"finance\"><figcaption>Net present value "
      "by partner before and after gain sharing, against the paired baseline: bar the mean, "
      "thin bar the 5-95% range.</figcaption></figure>\n" +
      std::string("<div class=\"wide\">") + fin_table + "</div>\n";
  if (psa && psa_outcomes) out += psa_section(*psa, *psa_outcomes, R);
  out += "<h2>What the scenario assumes</h2>\n" + changes + thin_table + "\n";
  out +=
      "<h2>The run's full summary</h2>\n<details><summary>As printed by hwsim "
      "compare</summary><pre>" +
      console + "</pre></details>\n";
  // The PSA charts are drawn before the count of charts and the layout check at the end.
  std::string script = kScript;
  script += kPsaScript;
  script += drawn_and_layout_check();
  out += page_end(data, script);
  return out;
}

}  // namespace hwsim
