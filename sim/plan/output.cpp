#include "plan/output.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/text.hpp"
#include "finance/finance.hpp"
#include "input/yaml.hpp"
#include "io/manifest.hpp"
#include "report/chartjs.hpp"
#include "scenario/set.hpp"
#include "version.hpp"

namespace hwsim::plan {

namespace fs = std::filesystem;

namespace {

std::string grouped(double v) {
  const long long n = std::llround(std::abs(v));
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 && n != 0 ? "-" : "") + out;
}

std::string money(double v) {
  if (std::abs(v) >= 1e6) return fmt::format("{}£{:.2f}m", v < 0 ? "-" : "", std::abs(v) / 1e6);
  return (v < 0 ? "-£" : "£") + grouped(std::abs(v));
}

std::string signed_count(double v) { return (v > 0 ? "+" : "") + grouped(v); }

std::string label_of(std::size_t position) {
  if (position < kPartners) return std::string(kPartnerLabels[position]);
  return "all partners";
}

const Candidate& cand(const PlanResult& r, std::size_t i) { return r.state.candidates[i]; }

// "interventions.nhs_trial_ips.capacity.staff 14, interventions.iapt_in_jobcentre.start 2016-01"
std::string portfolio_text(const PlanResult& r, const Candidate& c) {
  std::string out;
  for (std::size_t j = 0; j < r.plan.levers.size(); ++j)
    out += fmt::format("{}{} {}", j ? ", " : "", r.plan.levers[j].key,
                       r.plan.levers[j].value_text(c.levers[j]));
  return out;
}

std::string cost_by_payer(const Summary& m) {
  std::string out;
  for (std::size_t p = 0; p < kPartners; ++p)
    if (std::abs(m.cost[p]) >= 0.5)
      out += fmt::format("{}{} {}", out.empty() ? "" : ", ", label_of(p), money(m.cost[p]));
  return out.empty() ? "nothing" : out;
}

std::string target_text(const PlanResult& r) {
  return fmt::format("{} at most {} in {}", r.plan.measure, grouped(r.plan.threshold),
                     r.plan.at.str());
}

// The limits that bind at candidate c: budgets it spends at least 90% of in its costliest year,
// and levers at the end of their range.
std::string binding_limits(const PlanResult& r, const Candidate& c) {
  const Summary m = summarise(r.settings, c);
  std::vector<std::string> out;
  for (const auto& b : r.plan.budgets) {
    const auto p = static_cast<std::size_t>(
        std::find(r.settings.positions.begin(), r.settings.positions.end(), b.payer) -
        r.settings.positions.begin());
    // It binds when the portfolio spends nearly all of it, or when a portfolio that did more
    // was dropped for going over it.
    double over_did = kNone;
    for (const auto& o : r.state.candidates)
      if (o.dropped == "over the " + b.payer + " budget" && !o.obs.empty())
        over_did = std::min(over_did, summarise(r.settings, o).effect);
    if (m.peak_spend[p] >= 0.9 * b.per_year || over_did < m.effect)
      out.push_back(fmt::format(
          "the {} budget of {} a year (this portfolio spends {} in its costliest year{}; {})",
          b.payer, money(b.per_year), money(m.peak_spend[p]),
          over_did < m.effect
              ? fmt::format("; a portfolio over it changed the count by {}", signed_count(over_did))
              : "",
          b.source));
  }
  for (std::size_t j = 0; j < r.plan.levers.size(); ++j) {
    const Lever& l = r.plan.levers[j];
    if (l.hi > l.lo && std::abs(c.levers[j] - l.hi) < 1e-9)
      out.push_back(
          fmt::format("{} at the top of its range, {} ({})", l.key, l.value_text(l.hi), l.source));
  }
  if (out.empty())
    return "none of the limits is reached there: the levers' effects, not the limits, stop it";
  std::string s;
  for (std::size_t k = 0; k < out.size(); ++k) s += (k ? "; " : "") + out[k];
  return s;
}

std::string effect_text(const Summary& m) {
  return fmt::format("{} (5-95%: {} to {})", signed_count(m.effect), signed_count(m.effect_p05),
                     signed_count(m.effect_p95));
}

bool is_recommended(const PlanResult& r, std::size_t i) {
  const auto rec = recommend(r.settings, r.state);
  return rec && rec->chosen && *rec->chosen == i;
}

// A --set layer's sources ("command line: --set KEY=VALUE") said as the plan's.
void restate_sources(YAML::Node n, const std::string& source) {
  if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string k = it->first.Scalar();
      if (k == "source" && it->second.IsScalar() &&
          it->second.Scalar().rfind("command line: ", 0) == 0)
        n[k] = source;
      else
        restate_sources(it->second, source);
    }
  } else if (n.IsSequence()) {
    for (auto item : n) restate_sources(item, source);
  }
}

bool same_item(const YAML::Node& a, const YAML::Node& b) {
  if (!a.IsMap() || !b.IsMap()) return false;
  if (a["name"] && b["name"]) return a["name"].Scalar() == b["name"].Scalar();
  return a["from"] && b["from"] && a["to"] && b["to"] && a["from"].Scalar() == b["from"].Scalar() &&
         a["to"].Scalar() == b["to"].Scalar();
}

// Merges layer `b` into `a`: mappings key by key, lists of named items item by item.
void merge_into(YAML::Node a, const YAML::Node& b) {
  for (auto it = b.begin(); it != b.end(); ++it) {
    const std::string k = it->first.Scalar();
    const YAML::Node theirs = it->second;
    YAML::Node mine = a[k];
    if (mine && mine.IsMap() && theirs.IsMap() && !theirs["value"]) {
      merge_into(mine, theirs);
    } else if (mine && mine.IsSequence() && theirs.IsSequence()) {
      for (std::size_t n = 0; n < theirs.size(); ++n) {
        const YAML::Node item = theirs[n];
        bool merged = false;
        for (auto other : mine)
          if (same_item(other, item)) {
            merge_into(other, item);
            merged = true;
            break;
          }
        if (!merged) mine.push_back(item);
      }
    } else {
      a[k] = theirs;
    }
  }
}

constexpr const char* kScript = R"(
const D = JSON.parse(document.getElementById('data').textContent);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'Helvetica, Arial, sans-serif';
const fmtM = v => Math.abs(v) >= 1e6 ? '£' + (v / 1e6).toFixed(2) + 'm' : '£' + Math.round(v).toLocaleString('en-GB');
const fmtN = v => (v > 0 ? '+' : '') + Math.round(v).toLocaleString('en-GB');
const c = document.createElement('canvas'); c.width = 1000; c.height = 520; c.setAttribute('role', 'img');
c.setAttribute('aria-label', 'Cost against change in claimants: every portfolio tried, and the frontier with its 5-95% band');
document.getElementById('frontier-chart').prepend(c);
const xs = D.tried.map(p => p.x).concat(D.front.map(p => p.x));
const xmin = Math.min(0, ...xs), xmax = Math.max(...xs, 1);
const ds = [
  {label: 'portfolios tried (mean of their replications)', data: D.tried, backgroundColor: '#9aa4ad', pointRadius: 3, showLine: false},
  {label: '_band95', data: D.front.map(p => ({x: p.x, y: p.hi})), borderWidth: 0, pointRadius: 0, showLine: true, fill: false},
  {label: 'frontier 5-95% band', data: D.front.map(p => ({x: p.x, y: p.lo})), borderWidth: 0, pointRadius: 0, showLine: true, fill: '-1', backgroundColor: '#1f6fb433'},
  {label: 'frontier (mean)', data: D.front.map(p => ({x: p.x, y: p.y})), borderColor: '#1f6fb4', backgroundColor: '#1f6fb4', borderWidth: 2, pointRadius: 4, showLine: true, fill: false},
  {label: 'change the target needs (' + fmtN(D.need) + ')', data: [{x: xmin, y: D.need}, {x: xmax, y: D.need}], borderColor: '#c0392b', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, showLine: true, fill: false}];
if (D.rec) ds.push({label: D.recLabel, data: [D.rec], backgroundColor: '#d35400', borderColor: '#222', pointRadius: 9, pointStyle: 'rectRot', showLine: false});
new Chart(c, {type: 'scatter', data: {datasets: ds}, options: {responsive: false,
  plugins: {title: {display: true, text: 'Cost (present value, all partners) against the change in ' + D.measure + ' at ' + D.at, font: {size: 14}},
    legend: {labels: {filter: i => !i.text.startsWith('_')}},
    tooltip: {callbacks: {label: c => fmtM(c.raw.x) + ': ' + fmtN(c.raw.y) + (c.raw.p !== undefined ? ', P(target met) ' + c.raw.p.toFixed(2) : '')}}},
  scales: {x: {title: {display: true, text: 'cost, present value (£, all partners)'}, ticks: {callback: v => fmtM(v)}},
           y: {title: {display: true, text: 'change in ' + D.measure + ' at ' + D.at + ' (against the baseline)'}}}}});
document.body.setAttribute('data-drawn', Object.keys(Chart.instances).length);
)";

}  // namespace

std::string headline(const PlanResult& r) {
  const auto rec = recommend(r.settings, r.state);
  if (!rec)
    return "No portfolio within the limits ran to the end of the search: widen the budgets or the "
           "lever ranges.";
  const Candidate& c = cand(r, rec->nearest);
  const Summary m = summarise(r.settings, c);
  const std::size_t t = r.settings.positions.size() - 1;
  const std::string p = fmt::format("{:.2f}", m.p_met);
  switch (r.settings.goal) {
    case Goal::LeastCost:
      if (rec->met)
        return fmt::format(
            "Recommended: {}. It is the least costly portfolio found that meets the target ({}) "
            "with probability at least {:.2f} (P = {}): it costs {} in present value ({}) and "
            "changes {} at {} by {} against the baseline.",
            portfolio_text(r, c), target_text(r), r.plan.probability, p, money(m.cost[t]),
            cost_by_payer(m), r.plan.measure, r.plan.at.str(), effect_text(m));
      return fmt::format(
          "The target ({}) cannot be met with probability {:.2f} within the limits. The most "
          "that can be reached is a change of {} in {} at {} (P(target met) = {}), by {}, at {} "
          "in present value ({}). What binds: {}.",
          target_text(r), r.plan.probability, effect_text(m), r.plan.measure, r.plan.at.str(), p,
          portfolio_text(r, c), money(m.cost[t]), cost_by_payer(m), binding_limits(r, c));
    case Goal::MostOffBenefit:
      return fmt::format(
          "Recommended: {}. Within the budgets it changes {} at {} by {} against the baseline, "
          "the most of any portfolio found, at {} in present value ({}); P(target met: {}) = {}. "
          "What binds: {}.",
          portfolio_text(r, c), r.plan.measure, r.plan.at.str(), effect_text(m), money(m.cost[t]),
          cost_by_payer(m), target_text(r), p, binding_limits(r, c));
    case Goal::MostNpv:
      return fmt::format(
          "Recommended: {}. It gives {} the largest net present value of any portfolio found "
          "within the budgets, {}, at a cost of {} in present value ({}); it changes {} at {} by "
          "{}; P(target met: {}) = {}.",
          portfolio_text(r, c), r.plan.payer, money(m.npv[r.settings.npv_position]),
          money(m.cost[t]), cost_by_payer(m), r.plan.measure, r.plan.at.str(), effect_text(m),
          target_text(r), p);
  }
  return "";
}

std::string method_text(const PlanResult& r) {
  if (r.settings.grid)
    return fmt::format(
        "Every point of the levers' grid (each lever from its minimum to its maximum by its "
        "step), each on the same {} replications as the baseline (same seed {}, common random "
        "numbers), without racing: the dense grid the search is checked against. {} simulations "
        "of portfolios and {} of the baseline, {} portfolios tried.",
        r.settings.rungs.back(), r.plan.seed, r.state.simulations, r.baseline_replications,
        r.state.candidates.size());
  std::string rungs;
  for (std::size_t k = 0; k < r.settings.rungs.size(); ++k)
    rungs += (k ? ", " : "") + std::to_string(r.settings.rungs[k]);
  return fmt::format(
      "Searched with the simulation itself, every portfolio on the same replications as the "
      "baseline (same seed {}, common random numbers): a Latin hypercube of {} portfolios and "
      "the two corners of the lever box (McKay, Beckman and Conover 1979); then racing (F-Race, "
      "Birattari et al. 2002, with a paired t bound on the common replications in place of the "
      "Friedman test) inside a successive-halving schedule of {} replications (Jamieson and "
      "Talwalkar 2016): after each rung a portfolio dominated with confidence on cost and effect "
      "is dropped, and at most half go on; then {} rounds of local refinement around the "
      "frontier with a shrinking step. {} simulations of portfolios and {} of the baseline, "
      "{} portfolios tried.",
      r.plan.seed, r.settings.initial, rungs, r.settings.refine_rounds, r.state.simulations,
      r.baseline_replications, r.state.candidates.size());
}

std::string frontier_csv(const PlanResult& r) {
  std::string out = "point";
  for (const auto& l : r.plan.levers) out += "," + l.key;
  out += ",cost_total";
  for (std::size_t p = 0; p < kPartners; ++p) out += fmt::format(",cost_{}", kPartnerNames[p]);
  out += ",npv_total";
  for (std::size_t p = 0; p < kPartners; ++p) out += fmt::format(",npv_{}", kPartnerNames[p]);
  out += ",peak_year_spend_total,change_mean,change_p05,change_p95," + r.plan.measure +
         "_mean,p_target_met,replications,recommended\n";
  const auto f = frontier(r.settings, r.state);
  const std::size_t t = kPartners;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const Candidate& c = cand(r, f[k]);
    const Summary m = summarise(r.settings, c);
    out += std::to_string(k + 1);
    for (std::size_t j = 0; j < r.plan.levers.size(); ++j) {
      std::string v = r.plan.levers[j].value_text(c.levers[j]);
      if (v.find_first_of(",\"") != std::string::npos) {
        std::string q = "\"";
        for (char ch : v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        v = q + "\"";
      }
      out += "," + v;
    }
    out += fmt::format(",{:.0f}", m.cost[t]);
    for (std::size_t p = 0; p < kPartners; ++p) out += fmt::format(",{:.0f}", m.cost[p]);
    out += fmt::format(",{:.0f}", m.npv[t]);
    for (std::size_t p = 0; p < kPartners; ++p) out += fmt::format(",{:.0f}", m.npv[p]);
    out += fmt::format(",{:.0f},{:.1f},{:.1f},{:.1f},{:.1f},{:.3f},{},{}\n", m.peak_spend[t],
                       m.effect, m.effect_p05, m.effect_p95, r.baseline_level + m.effect, m.p_met,
                       m.replications, is_recommended(r, f[k]) ? 1 : 0);
  }
  return out;
}

std::string candidates_csv(const PlanResult& r) {
  std::string out = "candidate,round";
  for (const auto& l : r.plan.levers) out += "," + l.key;
  out += ",cost_total,change_mean,p_target_met,replications,in_race,dropped\n";
  for (std::size_t i = 0; i < r.state.candidates.size(); ++i) {
    const Candidate& c = cand(r, i);
    const Summary m = summarise(r.settings, c);
    out += fmt::format("{},{}", i, c.round);
    for (std::size_t j = 0; j < r.plan.levers.size(); ++j) {
      std::string v = r.plan.levers[j].value_text(c.levers[j]);
      if (v.find(',') != std::string::npos) v = "\"" + v + "\"";
      out += "," + v;
    }
    out += fmt::format(",{:.0f},{:.1f},{:.3f},{},{},\"{}\"\n", m.cost[kPartners], m.effect, m.p_met,
                       m.replications, c.alive ? 1 : 0, c.dropped);
  }
  return out;
}

std::string recommended_yaml(const PlanResult& r, const std::string& out_dir) {
  const auto rec = recommend(r.settings, r.state);
  std::vector<YAML::Node> roots;
  for (std::size_t k = 0; k < r.scenario.files.size() && k < r.scenario.texts.size(); ++k)
    roots.push_back(parse(r.scenario.files[k], r.scenario.texts[k]));
  const std::string from = fs::absolute(r.plan.scenario_path)
                               .lexically_normal()
                               .lexically_relative(fs::absolute(out_dir).lexically_normal())
                               .string();
  std::string head = fmt::format("# Written by hwsim {} plan from {} (objective {}).\n", kVersion,
                                 r.plan.path, goal_name(r.plan.goal));
  YAML::Node layer(YAML::NodeType::Map);
  if (rec) {
    const Candidate& c = cand(r, rec->nearest);
    const auto sets = assignments(r.plan, c.levers);
    for (std::size_t j = 0; j < sets.size(); ++j) {
      YAML::Node one = set_layer(sets[j], roots, r.scenario.provenance);
      restate_sources(one,
                      fmt::format("hwsim plan {}: the {} portfolio (range: {})", r.plan.name,
                                  rec->met ? "recommended" : "nearest", r.plan.levers[j].source));
      merge_into(layer, one);
    }
    if (!rec->met)
      head +=
          "# The target cannot be met within the plan's limits: this is the portfolio that comes "
          "nearest.\n";
  }
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "extends" << YAML::Value << from;
  e << YAML::Key << "name" << YAML::Value << r.plan.name + "-recommended";
  e << YAML::Key << "description" << YAML::Value
    << fmt::format("The portfolio hwsim plan recommends for '{}' ({}).", r.plan.name,
                   goal_name(r.plan.goal));
  for (auto it = layer.begin(); it != layer.end(); ++it)
    e << YAML::Key << it->first << YAML::Value << it->second;
  e << YAML::EndMap;
  return head + e.c_str() + "\n";
}

std::string plan_report_html(const PlanResult& r) {
  const auto f = frontier(r.settings, r.state);
  const auto rec = recommend(r.settings, r.state);
  const std::size_t t = kPartners;
  std::string tried = "[", front = "[";
  for (std::size_t i = 0; i < r.state.candidates.size(); ++i) {
    const Candidate& c = cand(r, i);
    if (c.obs.empty() || std::find(f.begin(), f.end(), i) != f.end()) continue;
    const Summary m = summarise(r.settings, c);
    tried += fmt::format("{}{{\"x\":{},\"y\":{}}}", tried.size() > 1 ? "," : "",
                         json_number(m.cost[t]), json_number(m.effect));
  }
  for (std::size_t k = 0; k < f.size(); ++k) {
    const Summary m = summarise(r.settings, cand(r, f[k]));
    front += fmt::format("{}{{\"x\":{},\"y\":{},\"lo\":{},\"hi\":{},\"p\":{}}}", k ? "," : "",
                         json_number(m.cost[t]), json_number(m.effect), json_number(m.effect_p05),
                         json_number(m.effect_p95), json_number(m.p_met));
  }
  std::string rec_json = "null";
  std::string rec_label;
  if (rec) {
    const Summary m = summarise(r.settings, cand(r, rec->nearest));
    rec_json = fmt::format("{{\"x\":{},\"y\":{},\"p\":{}}}", json_number(m.cost[t]),
                           json_number(m.effect), json_number(m.p_met));
    rec_label = rec->met ? "recommended" : "nearest to the target (not met)";
  }
  const std::string data = fmt::format(
      "{{\"measure\":{},\"at\":{},\"need\":{},\"tried\":{}],\"front\":{}],\"rec\":{},"
      "\"recLabel\":{}}}",
      json_quote(r.plan.measure), json_quote(r.plan.at.str()),
      json_number(r.plan.threshold - r.baseline_level), tried, front, rec_json,
      json_quote(rec_label));

  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hwsim plan: "
      "{}</title><style>body{{font:14px/1.45 Helvetica,Arial,sans-serif;max-width:1040px;"
      "margin:24px auto;color:#222}}table{{border-collapse:collapse;margin:8px 0 20px}}td,th{{"
      "padding:3px 8px;border-bottom:1px solid "
      "#ddd;text-align:left;overflow-wrap:anywhere}}td.n{{text-align:right;white-space:nowrap;overflow-wrap:normal}}"
      "caption{{text-align:left;font-weight:bold}}.note{{color:#555}}.answer{{font-size:17px;"
      "background:#f4f7fa;border-left:4px solid #1f6fb4;padding:10px 14px}}tr.rec{{background:"
      "#fdebd0}}</style></head><body>\n<h1>Plan: {}</h1>\n<p class=\"answer\" "
      "id=\"answer\">{}</p>\n"
      "<p class=\"note\">Baseline: {} at {} is {} on average in the baseline '{}' ({} "
      "replications); the target is {} or fewer, a change of {}.</p>\n",
      html_escape(r.plan.name), html_escape(r.plan.name), html_escape(headline(r)),
      html_escape(r.plan.measure), r.plan.at.str(), grouped(r.baseline_level),
      html_escape(r.baseline.name), r.baseline_replications, grouped(r.plan.threshold),
      signed_count(r.plan.threshold - r.baseline_level));
  out += "<figure id=\"frontier-chart\"></figure>\n";
  out +=
      "<table><caption>The frontier: no other portfolio found costs less and does more "
      "(present values; change against the baseline)</caption><thead><tr><th>#</th>";
  for (const auto& l : r.plan.levers) out += "<th scope=\"col\">" + html_escape(l.key) + "</th>";
  out +=
      "<th>cost</th><th>by payer</th><th>change (5-95%)</th><th>P(target met)</th>"
      "<th>replications</th></tr></thead><tbody>";
  for (std::size_t k = 0; k < f.size(); ++k) {
    const Candidate& c = cand(r, f[k]);
    const Summary m = summarise(r.settings, c);
    out += fmt::format("<tr{}><td>{}</td>", is_recommended(r, f[k]) ? " class=\"rec\"" : "", k + 1);
    for (std::size_t j = 0; j < r.plan.levers.size(); ++j)
      out += "<td>" + html_escape(r.plan.levers[j].value_text(c.levers[j])) + "</td>";
    out += fmt::format(
        "<td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2f}</td>"
        "<td class=\"n\">{}</td></tr>",
        money(m.cost[t]), html_escape(cost_by_payer(m)), html_escape(effect_text(m)), m.p_met,
        m.replications);
  }
  out +=
      "</tbody></table>\n<table><caption>The levers and the limits, with where each comes "
      "from</caption><thead><tr><th>lever or limit</th><th>range</th><th>source</th></tr>"
      "</thead><tbody>";
  for (const auto& l : r.plan.levers) {
    std::string range = l.kind == LeverKind::Choice
                            ? fmt::format("one of {}", fmt::join(l.choices, " | "))
                            : l.value_text(l.lo) + " to " + l.value_text(l.hi);
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(l.key),
                       html_escape(range), html_escape(l.source));
  }
  for (const auto& b : r.plan.budgets)
    out += fmt::format("<tr><td>budget a year: {}</td><td>at most {}</td><td>{}</td></tr>",
                       html_escape(b.payer), money(b.per_year), html_escape(b.source));
  out += "</tbody></table>\n";
  out += fmt::format(
      "<p class=\"note\">{} Wall time {:.0f} s. Costs are present values of the extra "
      "intervention spend over the appraisal (Green Book discounting, optimism bias as the "
      "scenario sets); a budget limits the extra spend of the costliest financial year. Every "
      "portfolio tried is in candidates.csv. Made by hwsim {}.</p>\n",
      html_escape(method_text(r)), r.seconds, kVersion);
  out += page_end(data, kScript);
  return out;
}

void write_plan_outputs(const std::string& dir, const PlanResult& r, const std::string& checkpoint,
                        const RunInfo& info, FileSet& files) {
  auto text_file = [&](const std::string& name, const std::string& text) {
    files.write((fs::path(dir) / name).string(), [&](const std::string& tmp) {
      std::ofstream out(tmp, std::ios::binary);
      if (!out) throw std::runtime_error("cannot write " + tmp);
      out << text;
      out.flush();
      if (!out) throw std::runtime_error("error while writing " + tmp);
    });
  };
  text_file("frontier.csv", frontier_csv(r));
  text_file("candidates.csv", candidates_csv(r));
  text_file("recommended.yaml", recommended_yaml(r, dir));
  text_file("report.html", plan_report_html(r));
  text_file("plan-checkpoint.txt", checkpoint);
  Manifest m;
  m.command = "plan";
  m.scenario = &r.scenario;
  m.baseline = &r.baseline;
  m.seed = r.plan.seed;
  m.replications = static_cast<std::size_t>(r.settings.rungs.back());
  m.files = {
      {"frontier.csv",
       "the non-dominated portfolios: lever values, cost by payer, change in the "
       "measure with its 5-95% band, P(target met), replications"},
      {"candidates.csv", "every portfolio tried, its replications and why it left the race"},
      {"recommended.yaml", "the recommended portfolio as a scenario extending the plan's"},
      {"report.html", "the answer in a sentence and the cost-effect chart with bands"},
      {"plan-checkpoint.txt", "the search's state after its last stage (--resume reads it)"}};
  write_manifest(dir, m, info, &files);
}

}  // namespace hwsim::plan
