#include "scenario/trial.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

void apply_trial(const std::string& file, const YAML::Node& n, std::optional<TrialSettings>& t) {
  if (!n.IsMap())
    fail(file, n, "trial", "expected a mapping (intervention, design, participants, ...)");
  check_keys(file, n, "trial",
             {"intervention", "design", "participants", "recruitment", "allocation_ratio",
              "clusters_per_arm", "contamination", "not_taken_up", "follow_up_months", "published",
              "source"});
  require_keys(file, n, "trial", {"intervention", "source"});
  TrialSettings s;
  s.file = file;
  s.line = line_of(n);
  auto mark = [&](const std::string& key) { s.lines[key] = line_of(n[key]); };
  s.intervention = as_string(file, n["intervention"], "trial.intervention");
  mark("intervention");
  s.source = as_string(file, n["source"], "trial.source");
  if (s.source.empty()) fail(file, n["source"], "trial.source", "empty source");
  if (n["design"]) {
    s.plan.design = as_level<TrialDesign>(file, n["design"], "trial.design", "design");
    mark("design");
  }
  if (n["participants"]) {
    Quantity q = read_quantity(file, n["participants"], "trial.participants", Kind::Count, 2, 1e7);
    if (q.value != std::floor(q.value))
      fail(file, n["participants"], "trial.participants", "expected a whole number of persons");
    s.plan.participants = static_cast<int>(q.value);
    s.quantities["participants"] = std::move(q);
    mark("participants");
  }
  if (const YAML::Node r = n["recruitment"]) {
    if (!r.IsMap())
      fail(file, r, "trial.recruitment", "expected {from: YYYY-MM, to: YYYY-MM, source}");
    check_keys(file, r, "trial.recruitment", {"from", "to", "source"});
    require_keys(file, r, "trial.recruitment", {"from", "to", "source"});
    s.plan.recruit_from = as_month(file, r["from"], "trial.recruitment.from");
    s.plan.recruit_to = as_month(file, r["to"], "trial.recruitment.to");
    s.lines["recruitment.from"] = line_of(r["from"]);
    s.lines["recruitment.to"] = line_of(r["to"]);
  }
  if (n["allocation_ratio"]) {
    Quantity q = read_quantity(file, n["allocation_ratio"], "trial.allocation_ratio", Kind::Ratio,
                               -1e9, 1e9);
    s.plan.allocation_ratio = q.value;
    s.quantities["allocation_ratio"] = std::move(q);
    mark("allocation_ratio");
  }
  if (n["clusters_per_arm"]) {
    s.plan.clusters_per_arm = as_whole<int>(file, n["clusters_per_arm"], "trial.clusters_per_arm",
                                            -1000, 1000, "practices");
    mark("clusters_per_arm");
  }
  for (const auto& [key, field] : {std::pair{"contamination", &TrialPlan::contamination},
                                   std::pair{"not_taken_up", &TrialPlan::not_taken_up}}) {
    if (!n[key]) continue;
    Quantity q = read_quantity(file, n[key], std::string("trial.") + key, Kind::Share, 0, 1);
    s.plan.*field = q.value;
    s.quantities[key] = std::move(q);
    mark(key);
  }
  if (n["follow_up_months"]) {
    s.plan.follow_up_months =
        as_whole<int>(file, n["follow_up_months"], "trial.follow_up_months", 24, 120, "months");
    mark("follow_up_months");
  }
  if (const YAML::Node pub = n["published"]) {
    const std::string k = "trial.published";
    if (!pub.IsMap())
      fail(file, pub, k,
           "expected a mapping (outcome, months, risk_ratio or risk_difference, control_risk, "
           "source)");
    check_keys(
        file, pub, k,
        {"outcome", "months", "risk_ratio", "risk_difference", "ci95", "control_risk", "source"});
    require_keys(file, pub, k, {"outcome", "months", "control_risk", "source"});
    PublishedContrast c;
    c.outcome = as_level<TrialOutcome>(file, pub["outcome"], k + ".outcome", "outcome");
    c.months = as_whole<int>(file, pub["months"], k + ".months", 1, 120, "months");
    if (std::find(kFollowUpMonths.begin(), kFollowUpMonths.end(), c.months) ==
        kFollowUpMonths.end())
      fail(file, pub["months"], k + ".months",
           fmt::format("outcomes are measured at 6, 12, 18 and 24 months (got {})", c.months));
    if (static_cast<bool>(pub["risk_ratio"]) == static_cast<bool>(pub["risk_difference"]))
      fail(file, pub, k, "give one of risk_ratio and risk_difference");
    if (pub["risk_ratio"]) {
      c.kind = ContrastKind::RiskRatio;
      c.value =
          read_quantity(file, pub["risk_ratio"], k + ".risk_ratio", Kind::Ratio, 0.01, 100).value;
    } else {
      c.kind = ContrastKind::RiskDifference;
      c.value =
          read_quantity(file, pub["risk_difference"], k + ".risk_difference", Kind::Share, -1, 1)
              .value;
    }
    c.control_risk =
        read_quantity(file, pub["control_risk"], k + ".control_risk", Kind::Share, 0, 1).value;
    if (!(c.control_risk > 0 && c.control_risk < 1))
      fail(file, pub["control_risk"], k + ".control_risk", "must be above 0 and below 1");
    if (const YAML::Node ci = pub["ci95"]) {
      if (!ci.IsSequence() || ci.size() != 2) fail(file, ci, k + ".ci95", "expected [low, high]");
      c.ci_low = as_number(file, ci[0], k + ".ci95");
      c.ci_high = as_number(file, ci[1], k + ".ci95");
      if (!(c.ci_low <= c.value && c.value <= c.ci_high))
        fail(file, ci, k + ".ci95",
             fmt::format("the interval [{}, {}] must contain the contrast {}", c.ci_low, c.ci_high,
                         c.value));
      c.has_ci = true;
    }
    c.source = as_string(file, pub["source"], k + ".source");
    try {
      hazard_ratio_of({c.kind, c.value, c.months, c.control_risk});
    } catch (const std::invalid_argument& e) {
      fail(file, pub, k, e.what());
    }
    s.published = c;
  }
  t = std::move(s);
}

int trial_intervention(const Scenario& s, const std::string& name, const TrialPlace& where) {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < s.interventions.list.size(); ++k) {
    if (s.interventions.list[k].name == name) return static_cast<int>(k);
    names.push_back(s.interventions.list[k].name);
  }
  const TrialWhere w = where("intervention");
  if (names.empty())
    throw InputError(
        w.file, w.line, 1, w.key,
        fmt::format("no intervention '{}': scenario '{}' has no interventions", name, s.name));
  throw InputError(w.file, w.line, 1, w.key, unknown("intervention", name, names));
}

void check_trial_plan(const Scenario& s, const TrialPlan& p, const TrialPlace& where) {
  auto refuse = [&](const std::string& part, const std::string& message) {
    const TrialWhere w = where(part);
    throw InputError(w.file, w.line, 1, w.key, message);
  };
  const Intervention& iv = s.interventions.list.at(static_cast<std::size_t>(p.intervention));
  if (p.allocation_ratio <= 0 || !std::isfinite(p.allocation_ratio))
    refuse("allocation_ratio",
           fmt::format("the allocation ratio (offer : control) must be above 0 (got {})",
                       p.allocation_ratio));
  if (p.participants < 0 || p.participants == 1)
    refuse("participants",
           fmt::format("a trial needs at least 2 participants (got {})", p.participants));
  for (const auto& [part, v] :
       {std::pair{"contamination", p.contamination}, std::pair{"not_taken_up", p.not_taken_up}})
    if (!(v >= 0 && v < 1))
      refuse(part, fmt::format("must be a share from 0 up to (not including) 1 (got {})", v));
  if (p.recruit_to.index() < p.recruit_from.index())
    refuse("recruitment.to", fmt::format("recruitment ends ({}) before it begins ({})",
                                         p.recruit_to.str(), p.recruit_from.str()));
  if (p.recruit_from.index() <= s.sim.start.index())
    refuse("recruitment.from",
           fmt::format("recruitment must begin after the run's first month ({}; got {})",
                       s.sim.start.str(), p.recruit_from.str()));
  if (p.recruit_from.index() < iv.start.index() || p.recruit_to.index() > iv.end.index())
    refuse(p.recruit_from.index() < iv.start.index() ? "recruitment.from" : "recruitment.to",
           fmt::format("recruitment ({} to {}) must fall while '{}' runs ({} to {})",
                       p.recruit_from.str(), p.recruit_to.str(), iv.name, iv.start.str(),
                       iv.end.str()));
  if (p.design == TrialDesign::Cluster) {
    const int practices = static_cast<int>(s.params.population.gp_practices);
    if (p.clusters_per_arm < 2)
      refuse("clusters_per_arm",
             fmt::format("a cluster design needs at least two practices in each arm (got {}): "
                         "with one, the practices' difference cannot be told from the effect",
                         p.clusters_per_arm));
    if (2 * p.clusters_per_arm > practices)
      refuse("clusters_per_arm",
             fmt::format("{} practices in each arm need {}; the borough has {}", p.clusters_per_arm,
                         2 * p.clusters_per_arm, practices));
  }
}

void finish_trial(Scenario& s) {
  if (!s.trial) return;
  TrialSettings& t = *s.trial;
  const TrialPlace where = [&](const std::string& part) {
    const auto it = t.lines.find(part);
    return TrialWhere{t.file, it != t.lines.end() ? it->second : t.line, "trial." + part};
  };
  t.plan.intervention = trial_intervention(s, t.intervention, where);
  const Intervention& iv = s.interventions.list[static_cast<std::size_t>(t.plan.intervention)];
  if (!t.lines.count("recruitment.from")) {
    t.plan.recruit_from = iv.start;
    t.plan.recruit_to = iv.end;
  }
  check_trial_plan(s, t.plan, where);
}

}  // namespace hwsim
