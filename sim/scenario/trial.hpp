// A scenario's `trial:` block: the controlled trial `hwsim trial` runs by default (the
// intervention, design, sample, recruitment window, allocation, contamination and non-take-up,
// each number with its source), and the checks every trial plan passes, whether it comes from
// the file or from the command line.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "input/yaml.hpp"
#include "interventions/contrast.hpp"
#include "model/trial.hpp"

namespace hwsim {

struct Scenario;

// What a published trial reported, for the translation check (`published:` in a trial: block):
// its contrast on one outcome at one follow-up point, the control arm's risk there, and the
// contrast's 95% interval if the paper gives one.
struct PublishedContrast {
  TrialOutcome outcome = TrialOutcome::InWork;
  int months = 12;
  ContrastKind kind = ContrastKind::RiskDifference;
  double value = 0;
  double ci_low = 0, ci_high = 0;
  bool has_ci = false;
  double control_risk = 0;
  std::string source;
};

struct TrialSettings {
  std::string file;  // where the block is written
  int line = 0;
  std::string intervention;  // its name
  TrialPlan plan;            // intervention resolved by finish_trial
  std::string source;
  std::map<std::string, Quantity> quantities;  // participants, contamination, not_taken_up
  std::map<std::string, int> lines;            // the line of each key given, for errors
  std::optional<PublishedContrast> published;  // a published trial this one recreates
};

// Reads the `trial:` block of one file of the chain (a later file's block replaces an earlier
// one's).
void apply_trial(const std::string& file, const YAML::Node& n, std::optional<TrialSettings>& t);

// Where a part of a trial plan was given, for an error: a file and line, or a command-line
// option (file "--participants", line 0).
struct TrialWhere {
  std::string file;
  int line = 0;
  std::string key;
};
using TrialPlace = std::function<TrialWhere(const std::string& part)>;

// The index of the intervention `name` in `s`; throws InputError at `where("intervention")`,
// suggesting the nearest name, when the scenario has none of that name.
int trial_intervention(const Scenario& s, const std::string& name, const TrialPlace& where);

// Checks a plan against its scenario: the intervention runs through the recruitment window,
// which is inside the run's months; a positive allocation ratio; a cluster design has at least
// two practices in each arm and no more than the borough has; shares within 0-1. Throws
// InputError naming the part (participants, recruitment.from, recruitment.to, allocation_ratio,
// clusters_per_arm, contamination, not_taken_up, design).
void check_trial_plan(const Scenario& s, const TrialPlan& p, const TrialPlace& where);

// Resolves the block's intervention and checks its plan (load_scenario).
void finish_trial(Scenario& s);

}  // namespace hwsim
