#include "report/tornado.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/text.hpp"
#include "report/chartjs.hpp"
#include "version.hpp"

namespace hwsim {

namespace {

std::string bars_json(const Sensitivity& s, TornadoOutcome o, int n) {
  const auto bars = sorted_by_swing(s, o);
  std::string out = "[";
  for (std::size_t k = 0; k < bars.size() && k < static_cast<std::size_t>(n); ++k) {
    const auto& b = bars[k];
    out += fmt::format("{}{{\"key\":{},\"low\":{},\"high\":{},\"lv\":{},\"hv\":{},\"unit\":{}}}",
                       k ? "," : "", json_quote(b.quantity.key), json_number(outcome_of(b.low, o)),
                       json_number(outcome_of(b.high, o)), json_number(b.low_value),
                       json_number(b.high_value),
                       json_quote(b.quantity.u.factor ? "factor" : b.quantity.unit));
  }
  return out + "]";
}

std::string rows_html(const Sensitivity& s, TornadoOutcome o, int n) {
  const auto bars = sorted_by_swing(s, o);
  std::string out;
  for (std::size_t k = 0; k < bars.size() && k < static_cast<std::size_t>(n); ++k) {
    const auto& b = bars[k];
    const double lo = outcome_of(b.low, o), hi = outcome_of(b.high, o);
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"n\">{:.4g} to {:.4g} {}</td><td "
        "class=\"n\">{:.0f}</td><td class=\"n\">{:.0f}</td><td class=\"n\">{:.0f}</td></tr>",
        html_escape(b.quantity.key), b.low_value, b.high_value,
        html_escape(b.quantity.u.factor ? "(factor)" : b.quantity.unit), lo, hi, std::abs(hi - lo));
  }
  return out;
}

constexpr const char* kScript = R"(
const D = JSON.parse(document.getElementById('data').textContent);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'Helvetica, Arial, sans-serif';
const fmtN = v => Math.abs(v) >= 1e6 ? '£' + (v / 1e6).toFixed(2) + 'm' : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-GB') : (+v.toPrecision(3)).toLocaleString('en-GB');
function tornado(id, title, bars, central, xlabel) {
  const c = document.createElement('canvas'); c.width = 940; c.height = 80 + bars.length * 24;
  c.setAttribute('role', 'img'); document.getElementById(id).prepend(c);
  new Chart(c, {type: 'bar', data: {labels: bars.map(b => b.key), datasets: [
      {label: 'quantity at its 5th percentile', data: bars.map(b => [central, b.low]), backgroundColor: '#1f6fb4'},
      {label: 'quantity at its 95th percentile', data: bars.map(b => [central, b.high]), backgroundColor: '#d35400'}]},
    options: {indexAxis: 'y', responsive: false, plugins: {title: {display: true, text: title, font: {size: 14}},
      tooltip: {callbacks: {label: c => c.dataset.label + ': ' + fmtN(c.raw[1])}}},
      scales: {x: {title: {display: true, text: xlabel}, ticks: {callback: v => fmtN(v)}}, y: {stacked: true, ticks: {autoSkip: false, font: {size: 10}}}}}});
}
tornado('t-claimants', 'Difference in legacy ESA/IB claimants at ' + D.date + ' (scenario minus baseline)', D.claimants, D.central.claimants, 'persons (central: ' + fmtN(D.central.claimants) + ')');
tornado('t-npv', 'Total net present value, all partners (before gain sharing)', D.npv, D.central.npv, '£ (central: ' + fmtN(D.central.npv) + ')');
document.body.setAttribute('data-drawn', Object.keys(Chart.instances).length);
)";

}  // namespace

std::string render_tornado(const Scenario& baseline, const Scenario& scenario, const Sensitivity& s,
                           int bars) {
  const std::string date = scenario.sim.target_date.str();
  const std::string data = fmt::format(
      "{{\"date\":{},\"central\":{{\"claimants\":{},\"npv\":{}}},\"claimants\":{},\"npv\":{}}}",
      json_quote(date), json_number(s.central.claimants), json_number(s.central.npv),
      bars_json(s, TornadoOutcome::Claimants, bars), bars_json(s, TornadoOutcome::Npv, bars));
  const std::string head =
      "<thead><tr><th scope=\"col\">quantity</th><th scope=\"col\">5th to 95th "
      "percentile</th><th scope=\"col\">outcome at 5th</th><th scope=\"col\">outcome at "
      "95th</th><th scope=\"col\">swing</th></tr></thead>";
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hwsim: one-way "
      "sensitivity of {} against {}</title><style>body{{font:14px/1.45 Helvetica,Arial,"
      "sans-serif;max-width:980px;margin:24px auto;color:#222}}table{{border-collapse:collapse;"
      "margin:8px 0 20px}}td,th{{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}}"
      "td.n{{text-align:right}}caption{{text-align:left;font-weight:bold}}.note{{color:#555}}"
      "</style></head><body>\n<h1>Which assumption the answer hangs on: {}</h1>\n"
      "<p class=\"note\">Each uncertain quantity at the 5th and at the 95th percentile of its "
      "distribution, every other at its central value; the baseline and the scenario paired on "
      "common random numbers ({} replications of each, seed {}). Bars run from the central "
      "result to the result at each end, widest first (the {} widest of {}). Made by hwsim "
      "{}.</p>\n",
      html_escape(scenario.name), html_escape(baseline.name), html_escape(scenario.name),
      s.replications, s.seed, std::min<std::size_t>(static_cast<std::size_t>(bars), s.bars.size()),
      s.bars.size(), kVersion);
  if (!s.left_out.empty()) {
    std::string names;
    for (const auto& k : s.left_out) names += (names.empty() ? "" : ", ") + k;
    out +=
        "<p class=\"note\">Not varied one way (a Dirichlet table of shares has no single 5th "
        "or 95th percentile; --psa draws it): " +
        html_escape(names) + ".</p>\n";
  }
  out += "<figure id=\"t-claimants\"></figure>\n<table><caption>Difference in claimants at " +
         date + " (persons)</caption>" + head + "<tbody>" +
         rows_html(s, TornadoOutcome::Claimants, bars) + "</tbody></table>\n";
  out += "<figure id=\"t-npv\"></figure>\n<table><caption>Total NPV (£)</caption>" + head +
         "<tbody>" + rows_html(s, TornadoOutcome::Npv, bars) + "</tbody></table>\n";
  out += page_end(data, kScript);
  return out;
}

}  // namespace hwsim
