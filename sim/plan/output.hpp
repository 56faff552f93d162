// The files of `hwsim plan`: frontier.csv (one row per non-dominated portfolio), candidates.csv
// (every portfolio tried, and why each left the race), recommended.yaml (the recommended portfolio
// as a scenario that extends the plan's and names only what changes), report.html (the answer in
// a sentence, the cost-effect chart with bands drawn by Chart.js), the final checkpoint and
// manifest.json, written as one set, complete or absent (io/output_set.hpp).
#pragma once
#include <cstdint>
#include <string>

#include "io/output_set.hpp"
#include "io/result_writer.hpp"
#include "plan/plan.hpp"
#include "plan/search.hpp"

namespace hwsim::plan {

struct PlanResult {
  const PlanFile& plan;
  const Settings& settings;
  const State& state;
  const Scenario& scenario;
  const Scenario& baseline;
  double baseline_level = 0;  // the baseline's measure at the target month, mean
  std::int64_t baseline_replications = 0;
  double seconds = 0;  // wall time of the search (this process, resumed runs included)
};

// The answer in a sentence a council officer can read: the recommendation and its cost by
// payer, or that the target cannot be met within the limits, the most that can be reached and
// which limit binds.
std::string headline(const PlanResult& r);
// What the method is, with its citations (for the report and the terminal).
std::string method_text(const PlanResult& r);

std::string frontier_csv(const PlanResult& r);
std::string candidates_csv(const PlanResult& r);
// `out_dir`: where the file will live (its extends: is relative to it).
std::string recommended_yaml(const PlanResult& r, const std::string& out_dir);
std::string plan_report_html(const PlanResult& r);

// Every file of the plan into `dir` through `files` (commit is the caller's), manifest.json last.
void write_plan_outputs(const std::string& dir, const PlanResult& r, const std::string& checkpoint,
                        const RunInfo& info, FileSet& files);

}  // namespace hwsim::plan
