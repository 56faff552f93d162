// A plan file (hwsim plan PLAN.yaml): the scenario whose levers are searched and the baseline it
// is paired with, the levers with their ranges and the source of each range, the objective, the
// limits (budgets a year by payer) and the search settings. Read and checked before anything
// runs: every error names the plan file, line, column and key (exit code 2).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "plan/search.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::plan {

enum class LeverKind { Number, Month, Choice };

struct Lever {
  std::string key;  // as --set takes it: interventions.nhs_trial_ips.capacity.staff
  LeverKind kind = LeverKind::Number;
  double lo = 0, hi = 0, step = 0;   // Number: in the unit the files give; Month: month index
  std::vector<std::string> choices;  // Choice: each a YAML value, flow style
  std::string source;                // where the range comes from
  int line = 0;
  // The value `v` (in the search's numbers) as the VALUE of a --set, and as text for people.
  std::string value_yaml(double v) const;
  std::string value_text(double v) const;
  LeverRange range() const;
};

struct Budget {
  std::string payer;  // a partner or "total"
  double per_year = 0;
  std::string source;
};

struct PlanFile {
  std::string path, text;
  std::string name, description;
  std::string scenario_path, baseline_path;  // resolved against the plan file's folder
  std::string scenario_as_written;           // as the plan writes it (for recommended.yaml)
  std::vector<Lever> levers;
  Goal goal = Goal::LeastCost;
  std::string measure = "esa_ib_claimants";
  YearMonth at{2019, 3};
  double threshold = 10130;
  double probability = 0.8;
  std::string payer;  // most_npv
  std::vector<Budget> budgets;
  // search:
  std::uint64_t seed = 20150715;
  int initial = 16, refine_rounds = 2, keep = 8, max_new = 24;
  std::vector<int> rungs{4, 8, 16};
};

// Reads and checks the plan and its scenario: each lever's key is one --set takes on the
// scenario (an unknown intervention or parameter gets a suggestion) and both ends of its range
// (each choice) load. Throws InputError naming the plan file.
PlanFile load_plan(const std::string& path);

// The --set assignments of a candidate's lever values.
std::vector<std::string> assignments(const PlanFile& p, const std::vector<double>& levers);

// The search settings of the plan (`positions`: the partners, then "total").
Settings settings_of(const PlanFile& p);

const char* goal_name(Goal g);

}  // namespace hwsim::plan
