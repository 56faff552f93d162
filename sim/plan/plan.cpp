#include "plan/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "core/error.hpp"
#include "finance/finance.hpp"
#include "input/yaml.hpp"
#include "run/indicators.hpp"

namespace hwsim::plan {

namespace fs = std::filesystem;

namespace {

std::string number_text(double v) {
  if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{:.10g}", v);
}

std::string resolve(const std::string& plan_path, const std::string& p) {
  if (fs::path(p).is_absolute()) return p;
  return (fs::path(plan_path).parent_path() / p).lexically_normal().string();
}

bool looks_like_month(const YAML::Node& n) {
  return n.IsScalar() && YearMonth::parse(n.Scalar()).has_value();
}

// Loads the scenario with one --set, and says an error in it at `at` in the plan, under the
// lever's key: the --set machinery checks the key and the value as a scenario file's would be.
void try_value(const PlanFile& p, const std::string& key, const std::string& value,
               const YAML::Node& at_key, const YAML::Node& at_value) {
  try {
    (void)load_scenario(p.scenario_path, {key + "=" + value});
  } catch (const InputError& e) {
    if (e.file().rfind("--set ", 0) != 0) throw;
    const std::string& m = e.message();
    const bool about_name =
        m.find("unknown") != std::string::npos || m.find("no intervention") != std::string::npos ||
        m.find("did you mean") != std::string::npos || m.find("name a ") != std::string::npos;
    const YAML::Node& at = about_name ? at_key : at_value;
    const std::string where = e.key() == key || e.key().empty() ? "" : " (at " + e.key() + ")";
    throw InputError(p.path, line_of(at), col_of(at), key, m + where);
  }
}

Lever read_lever(PlanFile& p, const YAML::Node& n, std::size_t i) {
  const std::string k0 = fmt::format("levers[{}]", i);
  if (!n.IsMap())
    fail(p.path, n, k0, "expected a mapping with key, min and max (or choices), source");
  check_keys(p.path, n, k0, {"key", "min", "max", "step", "choices", "source"});
  require_keys(p.path, n, k0, {"key", "source"});
  Lever l;
  l.line = line_of(n);
  l.key = as_string(p.path, n["key"], k0 + ".key");
  l.source = as_string(p.path, n["source"], l.key + ".source");
  if (l.source.empty())
    fail(p.path, n["source"], l.key + ".source",
         "say where the range comes from (the board paper, evidence.md) or that it is an "
         "assumption");
  const std::string top = l.key.substr(0, l.key.find('.'));
  if (top == "simulation" || top == "population")
    fail(p.path, n["key"], l.key,
         "a lever changes what the services do, not the simulation or the starting population");
  if (n["choices"]) {
    if (n["min"] || n["max"] || n["step"])
      fail(p.path, n["choices"], l.key, "give choices, or min and max, not both");
    if (!n["choices"].IsSequence() || n["choices"].size() < 2)
      fail(p.path, n["choices"], l.key + ".choices", "expected a list of at least two values");
    l.kind = LeverKind::Choice;
    for (const auto& c : n["choices"]) l.choices.push_back(flow_yaml(c));
    l.lo = 0;
    l.hi = static_cast<double>(l.choices.size() - 1);
    l.step = 1;
    for (std::size_t c = 0; c < l.choices.size(); ++c)
      try_value(p, l.key, l.choices[c], n["key"], n["choices"][c]);
    return l;
  }
  require_keys(p.path, n, l.key, {"min", "max"});
  if (looks_like_month(n["min"]) || looks_like_month(n["max"])) {
    l.kind = LeverKind::Month;
    l.lo = as_month(p.path, n["min"], l.key + ".min").index();
    l.hi = as_month(p.path, n["max"], l.key + ".max").index();
    l.step = 1;
    if (n["step"]) l.step = as_whole(p.path, n["step"], l.key + ".step", 1, 1200, "months");
  } else {
    l.lo = as_number(p.path, n["min"], l.key + ".min");
    l.hi = as_number(p.path, n["max"], l.key + ".max");
    if (n["step"]) {
      l.step = as_number(p.path, n["step"], l.key + ".step");
      if (!(l.step > 0)) fail(p.path, n["step"], l.key + ".step", "expected a step above 0");
    }
  }
  if (l.lo > l.hi)
    fail(p.path, n["min"], l.key,
         fmt::format("the range's min ({}) is above its max ({})", l.value_text(l.lo),
                     l.value_text(l.hi)));
  try_value(p, l.key, l.value_yaml(l.lo), n["key"], n["min"]);
  try_value(p, l.key, l.value_yaml(l.hi), n["key"], n["max"]);
  return l;
}

void read_objective(PlanFile& p, const YAML::Node& n) {
  if (!n.IsMap()) fail(p.path, n, "objective", "expected a mapping");
  check_keys(p.path, n, "objective",
             {"find", "measure", "at", "at_most", "probability", "payer", "source"});
  require_keys(p.path, n, "objective", {"find"});
  const std::string f = as_string(p.path, n["find"], "objective.find");
  const std::vector<std::string> goals{"least_cost", "most_off_benefit", "most_npv"};
  if (f == goals[0])
    p.goal = Goal::LeastCost;
  else if (f == goals[1])
    p.goal = Goal::MostOffBenefit;
  else if (f == goals[2])
    p.goal = Goal::MostNpv;
  else
    fail(p.path, n["find"], "objective.find", unknown("objective", f, goals));
  if (n["measure"]) {
    p.measure = as_string(p.path, n["measure"], "objective.measure");
    std::vector<std::string> names;
    for (const auto& ind : indicators()) names.push_back(ind.name);
    if (std::find(names.begin(), names.end(), p.measure) == names.end())
      fail(p.path, n["measure"], "objective.measure", unknown("measure", p.measure, names));
  }
  if (n["at"]) p.at = as_month(p.path, n["at"], "objective.at");
  if (n["at_most"]) p.threshold = as_number(p.path, n["at_most"], "objective.at_most");
  if (n["probability"]) {
    p.probability = as_number(p.path, n["probability"], "objective.probability");
    if (!(p.probability >= 0 && p.probability <= 1))
      fail(p.path, n["probability"], "objective.probability",
           fmt::format("q = {} is outside 0 to 1 (a probability)", n["probability"].Scalar()));
  }
  const std::vector<std::string> partners(kPartnerNames.begin(), kPartnerNames.end());
  if (n["payer"]) {
    p.payer = as_string(p.path, n["payer"], "objective.payer");
    if (std::find(partners.begin(), partners.end(), p.payer) == partners.end())
      fail(p.path, n["payer"], "objective.payer", unknown("payer", p.payer, partners));
  }
  if (p.goal == Goal::MostNpv && p.payer.empty())
    fail(p.path, n, "objective.payer", "most_npv needs the payer whose NPV is made largest");
}

void read_limits(PlanFile& p, const YAML::Node& n) {
  if (!n.IsMap()) fail(p.path, n, "limits", "expected a mapping");
  check_keys(p.path, n, "limits", {"budget_per_year"});
  if (!n["budget_per_year"]) return;
  const YAML::Node b = n["budget_per_year"];
  if (!b.IsMap()) fail(p.path, b, "limits.budget_per_year", "expected a mapping by payer");
  std::vector<std::string> payers(kPartnerNames.begin(), kPartnerNames.end());
  payers.push_back("total");
  for (auto it = b.begin(); it != b.end(); ++it) {
    const std::string who = it->first.as<std::string>();
    const std::string k = "limits.budget_per_year." + who;
    if (std::find(payers.begin(), payers.end(), who) == payers.end())
      fail(p.path, it->first, k, unknown("payer", who, payers));
    const YAML::Node v = it->second;
    if (!v.IsMap()) fail(p.path, v, k, "expected {value, unit: gbp_per_year, source}");
    check_keys(p.path, v, k, {"value", "unit", "source"});
    require_keys(p.path, v, k, {"value", "unit", "source"});
    const std::string unit = as_string(p.path, v["unit"], k + ".unit");
    if (unit != "gbp_per_year")
      fail(p.path, v["unit"], k + ".unit",
           fmt::format("unit '{}' does not fit (use gbp_per_year)", unit));
    Budget bu;
    bu.payer = who;
    bu.per_year = as_number(p.path, v["value"], k + ".value");
    if (bu.per_year < 0)
      fail(p.path, v["value"], k + ".value",
           fmt::format("a budget cannot be below zero (got {})", v["value"].Scalar()));
    bu.source = as_string(p.path, v["source"], k + ".source");
    p.budgets.push_back(bu);
  }
}

void read_search(PlanFile& p, const YAML::Node& n) {
  if (!n.IsMap()) fail(p.path, n, "search", "expected a mapping");
  check_keys(p.path, n, "search",
             {"seed", "initial_design", "replications", "refine_rounds", "keep", "max_new"});
  if (n["seed"])
    p.seed = as_whole<std::uint64_t>(p.path, n["seed"], "search.seed", 0,
                                     std::numeric_limits<std::uint64_t>::max());
  if (n["initial_design"])
    p.initial = as_whole(p.path, n["initial_design"], "search.initial_design", 1, 10000);
  if (n["refine_rounds"])
    p.refine_rounds = as_whole(p.path, n["refine_rounds"], "search.refine_rounds", 0, 20);
  if (n["keep"]) p.keep = as_whole(p.path, n["keep"], "search.keep", 1, 10000);
  if (n["max_new"]) p.max_new = as_whole(p.path, n["max_new"], "search.max_new", 0, 10000);
  if (n["replications"]) {
    const YAML::Node r = n["replications"];
    if (!r.IsSequence() || r.size() == 0)
      fail(p.path, r, "search.replications", "expected a rising list, like [4, 8, 16]");
    p.rungs.clear();
    for (const auto& x : r) {
      const int v = as_whole(p.path, x, "search.replications", 2, 100000, "replications");
      if (!p.rungs.empty() && v <= p.rungs.back())
        fail(p.path, x, "search.replications", "each rung needs more replications than the last");
      p.rungs.push_back(v);
    }
  }
}

}  // namespace

std::string Lever::value_yaml(double v) const {
  switch (kind) {
    case LeverKind::Month:
      return YearMonth::from_index(static_cast<int>(std::llround(v))).str();
    case LeverKind::Choice:
      return choices.at(static_cast<std::size_t>(std::llround(v)));
    case LeverKind::Number:
      break;
  }
  return number_text(v);
}

std::string Lever::value_text(double v) const { return value_yaml(v); }

LeverRange Lever::range() const { return {key, lo, hi, step}; }

PlanFile load_plan(const std::string& path) {
  PlanFile p;
  p.path = path;
  p.text = read_text(path, "", 0, "");
  const YAML::Node root = parse(path, p.text);
  check_duplicates(path, root, "");
  if (!root.IsMap()) fail(path, root, "", "expected a mapping (scenario, levers, objective, ...)");
  check_keys(
      path, root, "",
      {"name", "description", "scenario", "baseline", "levers", "objective", "limits", "search"});
  require_keys(path, root, "", {"scenario", "baseline", "levers", "objective"});
  p.name = root["name"] ? as_string(path, root["name"], "name") : fs::path(path).stem().string();
  if (root["description"]) p.description = as_string(path, root["description"], "description");
  p.scenario_as_written = as_string(path, root["scenario"], "scenario");
  p.scenario_path = resolve(path, p.scenario_as_written);
  p.baseline_path = resolve(path, as_string(path, root["baseline"], "baseline"));
  // The files themselves: an error in them names them; a missing one is said at the plan's line.
  for (const char* k : {"scenario", "baseline"}) {
    const std::string f = resolve(path, root[k].Scalar());
    (void)read_text(f, path, line_of(root[k]), k);
  }
  const Scenario sc = load_scenario(p.scenario_path);
  read_objective(p, root["objective"]);
  if (!root["objective"]["at"]) p.at = sc.sim.target_date;
  if (!root["objective"]["at_most"]) p.threshold = sc.sim.target_esa_ib;
  const int m = months_between(sc.sim.start, p.at);
  if (m < 0 || m >= sc.sim.months)
    fail(path, root["objective"]["at"] ? root["objective"]["at"] : root["objective"],
         "objective.at",
         fmt::format("{} is outside the months the scenario runs ({} to {})", p.at.str(),
                     sc.sim.start.str(), sc.sim.start.plus(sc.sim.months - 1).str()));
  if (root["limits"]) read_limits(p, root["limits"]);
  if (root["search"]) read_search(p, root["search"]);
  const YAML::Node levers = root["levers"];
  if (!levers.IsSequence() || levers.size() == 0)
    fail(path, levers, "levers", "expected a list of levers, each with key, min, max and source");
  for (std::size_t i = 0; i < levers.size(); ++i) {
    Lever l = read_lever(p, levers[i], i);
    for (const auto& other : p.levers)
      if (other.key == l.key) fail(path, levers[i]["key"], l.key, "the same lever twice");
    p.levers.push_back(std::move(l));
  }
  return p;
}

std::vector<std::string> assignments(const PlanFile& p, const std::vector<double>& levers) {
  std::vector<std::string> out;
  for (std::size_t j = 0; j < p.levers.size(); ++j)
    out.push_back(p.levers[j].key + "=" + p.levers[j].value_yaml(levers.at(j)));
  return out;
}

Settings settings_of(const PlanFile& p) {
  Settings s;
  for (const auto& l : p.levers) s.levers.push_back(l.range());
  s.positions.assign(kPartnerNames.begin(), kPartnerNames.end());
  s.positions.push_back("total");
  s.goal = p.goal;
  s.threshold = p.threshold;
  s.probability = p.probability;
  if (!p.payer.empty())
    s.npv_position = static_cast<std::size_t>(
        std::find(s.positions.begin(), s.positions.end(), p.payer) - s.positions.begin());
  s.budget_per_year.assign(s.positions.size(), kNone);
  for (const auto& b : p.budgets)
    s.budget_per_year[static_cast<std::size_t>(
        std::find(s.positions.begin(), s.positions.end(), b.payer) - s.positions.begin())] =
        b.per_year;
  s.seed = p.seed;
  s.initial = p.initial;
  s.rungs = p.rungs;
  s.refine_rounds = p.refine_rounds;
  s.keep = p.keep;
  s.max_new = p.max_new;
  return s;
}

const char* goal_name(Goal g) {
  switch (g) {
    case Goal::LeastCost:
      return "least_cost";
    case Goal::MostOffBenefit:
      return "most_off_benefit";
    case Goal::MostNpv:
      return "most_npv";
  }
  return "";
}

}  // namespace hwsim::plan
