#include "report/trial.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/text.hpp"
#include "report/chartjs.hpp"
#include "version.hpp"

namespace hwsim {

namespace {

std::string pct(double v, int digits = 1) {
  return std::isfinite(v) ? fmt::format("{:.{}f}%", 100 * v, digits) : "-";
}
std::string pts(double v) { return std::isfinite(v) ? fmt::format("{:+.1f}", 100 * v) : "-"; }
std::string num(double v, int digits = 1) {
  if (!std::isfinite(v)) return "-";
  std::string s = fmt::format("{:.{}f}", v, digits);
  // A small negative figure rounded to nothing is 0, not -0.
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string outcome_label(std::string_view o) {
  if (o == "in_work") return "in work";
  if (o == "worked_13_weeks") return "in work 13+ weeks in the year";
  if (o == "off_health_benefit") return "off ESA, IB and UC health";
  if (o == "sustained_job_6") return "a job sustained 6 months";
  if (o == "sustained_job_12") return "a job sustained 12 months";
  if (o == "worked_since_randomisation") return "in work at some time since randomised";
  if (o == "gp_consultations") return "GP consultations";
  if (o == "iapt_sessions") return "IAPT sessions";
  if (o == "secondary_mh_contacts") return "secondary mental health contacts";
  if (o == "ae_attendances") return "A&E attendances";
  if (o == "intervention_cost") return "cost of interventions (£)";
  if (o == "cost_per_extra_person_in_work") return "cost per extra person in work (£)";
  return std::string(o);
}

constexpr const char* kScript = R"(
const D = JSON.parse(document.getElementById('data').textContent);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'Helvetica, Arial, sans-serif';
function chart(id, cfg) {
  const c = document.createElement('canvas'); c.width = 940; c.height = 320;
  c.setAttribute('role', 'img'); document.getElementById(id).prepend(c);
  cfg.options = Object.assign({responsive: false}, cfg.options || {});
  new Chart(c, cfg);
}
chart('f-recruitment', {type: 'line', data: {labels: D.recruitment.dates, datasets: [
    {label: 'randomised to date (mean)', data: D.recruitment.mean, borderColor: '#1f6fb4', pointRadius: 0},
    {label: '2.5th percentile', data: D.recruitment.low, borderColor: '#9cc3e6', borderDash: [4, 3], pointRadius: 0},
    {label: '97.5th percentile', data: D.recruitment.high, borderColor: '#9cc3e6', borderDash: [4, 3], pointRadius: 0}]},
  options: {plugins: {title: {display: true, text: 'Participants randomised by month'}},
    scales: {y: {beginAtZero: true, title: {display: true, text: 'participants'}}}}});
chart('f-power', {type: 'line', data: {labels: D.power.sizes, datasets: [
    {label: 'power (share of replications significant at 5%)', data: D.power.power, borderColor: '#d35400', backgroundColor: '#d35400'},
    {label: '95% CI, lower', data: D.power.low, borderColor: '#f0b27a', borderDash: [4, 3], pointRadius: 0},
    {label: '95% CI, upper', data: D.power.high, borderColor: '#f0b27a', borderDash: [4, 3], pointRadius: 0}]},
  options: {plugins: {title: {display: true, text: 'Power by sample size: ' + D.power.outcome}},
    scales: {x: {title: {display: true, text: 'participants randomised'}},
             y: {min: 0, max: 1, title: {display: true, text: 'power'}, ticks: {callback: v => Math.round(v * 100) + '%'}}}}});
chart('f-outcomes', {type: 'bar', data: {labels: D.outcomes.months.map(m => m + ' months'), datasets: [
    {label: 'offer', data: D.outcomes.offer, backgroundColor: '#1f6fb4'},
    {label: 'usual services (control)', data: D.outcomes.control, backgroundColor: '#999'}]},
  options: {plugins: {title: {display: true, text: D.outcomes.outcome + ', intention to treat (mean over replications)'}},
    scales: {y: {beginAtZero: true, ticks: {callback: v => Math.round(v * 100) + '%'}}}}});
document.body.setAttribute('data-drawn', Object.keys(Chart.instances).length);
)";

}  // namespace

std::string render_trial(const Scenario& sc, const TrialSummary& s, std::uint64_t seed,
                         const TranslationCheck* translation) {
  const TrialPlan& p = s.plan;
  const Intervention& iv = sc.interventions.list[static_cast<std::size_t>(p.intervention)];
  const PowerRow& itt = s.primary_row(TrialAnalysis::IntentionToTreat);
  const PowerRow& pp = s.primary_row(TrialAnalysis::PerProtocol);
  const std::string primary = outcome_label(name_of(s.primary));
  // Chart data.
  std::vector<std::string> dates;
  std::vector<double> mean, low, high;
  for (std::size_t m = 0; m < s.recruited.size(); ++m) {
    const YearMonth d = sc.sim.start.plus(static_cast<int>(m));
    if (d.index() < p.recruit_from.index() || d.index() > p.recruit_to.index()) continue;
    dates.push_back(json_quote(d.str()));
    mean.push_back(s.recruited[m].mean);
    low.push_back(s.recruited[m].low);
    high.push_back(s.recruited[m].high);
  }
  std::vector<double> sizes, power, plo, phi;
  for (const PowerRow& r : s.power)
    if (r.analysis == TrialAnalysis::IntentionToTreat && r.month == s.primary_month &&
        r.outcome == s.primary) {
      sizes.push_back(r.participants);
      power.push_back(r.power);
      plo.push_back(r.power_low);
      phi.push_back(r.power_high);
    }
  std::vector<double> months, offer, control;
  for (const ArmRow& r : s.arms)
    if (r.analysis == TrialAnalysis::IntentionToTreat && r.outcome == name_of(s.primary)) {
      if (r.arm == "offer") {
        months.push_back(r.month);
        offer.push_back(r.value.mean);
      }
      if (r.arm == "control") control.push_back(r.value.mean);
    }
  const std::string data = fmt::format(
      "{{\"recruitment\":{{\"dates\":[{}],\"mean\":{},\"low\":{},\"high\":{}}},"
      "\"power\":{{\"outcome\":{},\"sizes\":{},\"power\":{},\"low\":{},\"high\":{}}},"
      "\"outcomes\":{{\"outcome\":{},\"months\":{},\"offer\":{},\"control\":{}}}}}",
      fmt::join(dates, ","), json_numbers(mean), json_numbers(low), json_numbers(high),
      json_quote(primary + " at " + std::to_string(s.primary_month) + " months"),
      json_numbers(sizes), json_numbers(power), json_numbers(plo), json_numbers(phi),
      json_quote(primary), json_numbers(months), json_numbers(offer), json_numbers(control));

  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hwsim: a trial of "
      "{}</title><style>body{{font:14px/1.45 Helvetica,Arial,sans-serif;max-width:980px;"
      "margin:24px auto;color:#222}}table{{border-collapse:collapse;margin:8px 0 20px}}td,th{{"
      "padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}}td.n{{text-align:right}}"
      "caption{{text-align:left;font-weight:bold}}.note{{color:#555}}.answer{{font-size:16px;"
      "background:#f4f7fb;border-left:4px solid #1f6fb4;padding:8px 14px}}</style></head><body>\n"
      "<h1>A trial in silico: {}</h1>\n",
      html_escape(iv.name), html_escape(iv.label.empty() ? iv.name : iv.label));
  out += fmt::format(
      "<p class=\"answer\">{} trial of {} participants ({} : 1 offer to control) would find "
      "a difference in <b>{}</b> at {} months in <b>{}</b> of {} replications (95% CI {} to "
      "{}). It would measure {} points on average (offer {}, control {}; 95% of replications "
      "between {} and {}). The smallest difference it detects with 80% power is {} points.{}"
      "</p>\n",
      p.design == TrialDesign::Cluster
          ? fmt::format("A cluster-randomised ({} practices an arm)", p.clusters_per_arm)
          : std::string("An individually randomised"),
      p.participants, num(p.allocation_ratio, 2), primary, s.primary_month, pct(itt.power, 0),
      s.replications, pct(itt.power_low, 0), pct(itt.power_high, 0), pts(itt.rd.mean),
      pct(itt.offer_risk.mean), pct(itt.control_risk.mean), pts(itt.rd.low), pts(itt.rd.high),
      num(100 * itt.mde),
      p.design == TrialDesign::Cluster
          ? fmt::format(" The practices' intra-cluster correlation is {} (design effect {}).",
                        num(itt.icc, 3), num(itt.design_effect, 2))
          : std::string());
  out += fmt::format(
      "<p class=\"note\">Scenario {} ({}), seed {}, {} replications, each a full population run "
      "in which referred, eligible residents who consent are randomised from {} to {} until {} "
      "are recruited; controls get usual services, and no place. {:.0f}% of the offer arm "
      "started (non-take-up set at {}); {} of controls got the same help elsewhere "
      "(contamination). Per protocol (offer arm who started against controls without the "
      "help): {} points, power {}. Made by hwsim {}.</p>\n",
      html_escape(sc.name), html_escape(sc.path), seed, s.replications, p.recruit_from.str(),
      p.recruit_to.str(), p.participants, 100 * s.offer_started.mean, pct(p.not_taken_up, 0),
      pct(p.contamination, 0), pts(pp.rd.mean), pct(pp.power, 0), kVersion);
  if (s.borough) {
    const TrialBorough& b = *s.borough;
    const BoroughRow& legacy = b.rows.front();
    const DetectableChange& d = b.detectable;
    out += fmt::format(
        "<h2>What the trial does to the borough's count</h2>\n<p>Each replication is paired "
        "with the same borough without the trial, on the same random numbers. The trial changes "
        "the legacy ESA/IB count in {} by <b>{}</b> claimants (95% of replications {} to {}); "
        "the published count could show a change of at least <b>{}</b> (noise SD {} month to "
        "month, {} between replications). {}</p>\n",
        legacy.when, num(legacy.difference.mean, 0), num(legacy.difference.low, 0),
        num(legacy.difference.high, 0), num(std::ceil(d.smallest), 0), num(d.sd_month, 0),
        num(d.sd_replication, 0),
        std::abs(legacy.difference.mean) >= d.smallest
            ? "The count alone would show it."
            : "The count alone would not show it: the trial's own comparison is how to see it.");
    out +=
        "<table><caption>The borough with the trial and without it (mean; 95% of "
        "replications)</caption><thead><tr><th scope=\"col\">measure</th><th "
        "scope=\"col\">when</th><th scope=\"col\">without the trial</th><th scope=\"col\">with "
        "the trial</th><th scope=\"col\">difference</th><th scope=\"col\">band</th></tr></thead>"
        "<tbody>";
    for (const BoroughRow& r : b.rows) {
      const int dp = r.unit == "percentage points" ? 2 : 0;
      out += fmt::format(
          "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"n\">{}</td><td "
          "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} to {}</td></tr>",
          html_escape(r.label), r.when, num(r.baseline.mean, dp), num(r.with_trial.mean, dp),
          num(r.difference.mean, dp), num(r.difference.low, dp), num(r.difference.high, dp));
    }
    out += "</tbody></table>\n";
  }
  if (translation) {
    const TranslationCheck& t = *translation;
    out += fmt::format(
        "<h2>Does the scenario's hazard ratio reproduce its evidence?</h2>\n<table><caption>"
        "The published trial this scenario recreates ({}), and the model's trial, {} at {} "
        "months</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">published</th>"
        "<th scope=\"col\">model (mean)</th><th scope=\"col\">model, 95% of replications</th>"
        "</tr></thead><tbody><tr><th scope=\"row\">control risk</th><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{} to {}</td></tr><tr><th scope=\"row\">risk "
        "difference (points)</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
        "class=\"n\">{} to {}</td></tr><tr><th scope=\"row\">risk ratio</th><td "
        "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} to {}</td></tr><tr><th "
        "scope=\"row\">hazard ratio on entering work</th><td class=\"n\">{} (converted)</td>"
        "<td class=\"n\">{} (the scenario's)</td><td></td></tr></tbody></table>\n<p "
        "class=\"answer\">{}</p>\n",
        html_escape(t.published.source), outcome_label(name_of(t.published.outcome)),
        t.published.months, pct(t.published.control_risk), pct(t.model.control_risk.mean),
        pct(t.model.control_risk.low), pct(t.model.control_risk.high), pts(t.published_rd),
        pts(t.model.rd.mean), pts(t.model.rd.low), pts(t.model.rd.high), num(t.published_rr, 2),
        num(t.model.rr.mean, 2), num(t.model.rr.low, 2), num(t.model.rr.high, 2),
        num(t.implied_hr, 2), num(t.yaml_hr, 2),
        t.reproduces
            ? "The model's trial reproduces the published contrast (within its interval)."
            : "The model's trial does not reproduce the published contrast: the hazard ratio, "
              "the population recreated or the follow-up differ from the paper's.");
  }
  out += "<figure id=\"f-recruitment\"></figure>\n";
  out += fmt::format(
      "<p class=\"note\">Recruited by the end of the window: {} (95% of replications {} to "
      "{}).</p>\n",
      num(s.participants.mean, 0), num(s.participants.low, 0), num(s.participants.high, 0));
  out += "<figure id=\"f-power\"></figure>\n";
  out += "<figure id=\"f-outcomes\"></figure>\n";
  // Outcomes table (ITT).
  out +=
      "<table><caption>Outcomes by arm, intention to treat (mean over replications; "
      "difference with the 2.5th-97.5th percentiles across them)</caption><thead><tr><th "
      "scope=\"col\">outcome</th><th scope=\"col\">months</th><th scope=\"col\">offer</th><th "
      "scope=\"col\">control</th><th scope=\"col\">difference</th><th scope=\"col\">band</th>"
      "</tr></thead><tbody>";
  for (std::size_t k = 0; k < s.arms.size(); ++k) {
    const ArmRow& r = s.arms[k];
    if (r.analysis != TrialAnalysis::IntentionToTreat) continue;
    const bool share = r.unit == "share";
    auto show = [&](double v) {
      return share ? pct(v) : num(v, r.outcome == "intervention_cost" ? 0 : 2);
    };
    if (r.outcome == "cost_per_extra_person_in_work") {
      out += fmt::format(
          "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td></td><td></td><td "
          "class=\"n\">{}</td><td class=\"n\">{} to {}</td></tr>",
          outcome_label(r.outcome), r.month, num(r.value.mean, 0), num(r.value.low, 0),
          std::isfinite(r.value.high) ? num(r.value.high, 0) : "no upper bound");
      continue;
    }
    if (r.arm != "offer" || k + 2 >= s.arms.size()) continue;
    // A job sustained k months cannot have begun after randomisation by month k.
    if ((r.outcome == "sustained_job_6" && r.month <= 6) ||
        (r.outcome == "sustained_job_12" && r.month <= 12))
      continue;
    const ArmRow& c = s.arms[k + 1];
    const ArmRow& d = s.arms[k + 2];
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
        "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} to {}</td></tr>",
        outcome_label(r.outcome), r.month, show(r.value.mean), show(c.value.mean),
        share ? pts(d.value.mean) + " pts" : num(d.value.mean, 2),
        share ? pts(d.value.low) : num(d.value.low, 2),
        share ? pts(d.value.high) : num(d.value.high, 2));
  }
  out += "</tbody></table>\n";
  // Power table.
  out +=
      "<table><caption>Power and minimum detectable difference, intention to treat, at the "
      "trial's size</caption><thead><tr><th scope=\"col\">outcome</th><th "
      "scope=\"col\">months</th><th scope=\"col\">control risk</th><th scope=\"col\">mean "
      "difference</th><th scope=\"col\">risk ratio</th><th scope=\"col\">power</th><th "
      "scope=\"col\">MDE (points)</th></tr></thead><tbody>";
  for (const PowerRow& r : s.power)
    if (r.participants == p.participants && r.analysis == TrialAnalysis::IntentionToTreat)
      out += fmt::format(
          "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
          "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
          "class=\"n\">{}</td></tr>",
          outcome_label(name_of(r.outcome)), r.month, pct(r.control_risk.mean), pts(r.rd.mean),
          num(r.rr.mean, 2), pct(r.power, 0), num(100 * r.mde));
  out += "</tbody></table>\n";
  out +=
      "<table><caption>The arms at randomisation (pooled over replications)</caption><thead>"
      "<tr><th scope=\"col\">characteristic</th><th scope=\"col\">level</th><th "
      "scope=\"col\">offer</th><th scope=\"col\">control</th></tr></thead><tbody>";
  for (const BalanceRow& b : s.balance)
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"n\">{}</td><td "
        "class=\"n\">{}</td></tr>",
        b.characteristic, html_escape(b.level), pct(b.offer), pct(b.control));
  out += "</tbody></table>\n";
  out += page_end(data, kScript);
  return out;
}

}  // namespace hwsim
