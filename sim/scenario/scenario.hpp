// A scenario: simulation settings plus a parameter set, read from YAML. A scenario may
// `extends:` another file and override only what it changes (STYLE example 4); each layer is
// validated against the registry with its own file name, so errors name the right file.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "finance/finance.hpp"
#include "interventions/interventions.hpp"
#include "params/params.hpp"
#include "params/policy.hpp"
#include "scenario/trial.hpp"

namespace hwsim {

struct SimulationSettings {
  YearMonth start{2014, 11};      // month 0
  int months = 53;                // months recorded, month 0 included (Nov 2014 .. Mar 2019)
  std::uint64_t seed = 20150715;  // default master seed
  int replications = 20;          // default replications
  int spin_up_months = 24;        // months run before month 0 to settle the synthesised state
  double target_esa_ib = 10130;   // seed section 3.5
  YearMonth target_date{2019, 3};
  // simulation.population_scale: the synthetic population as this many Islingtons (8 for the
  // eight Working Capital boroughs, about 35 for London's working age, about 200 for England's).
  // The month-0 counts (population.size, condition_count, jsa_count, esa_ib_count), the
  // interventions' places and fixed yearly costs and the target are multiplied by it; every
  // rate and share stays as calibrated. Where it was set, for errors.
  double population_scale = 1;
  std::string population_scale_file;
  int population_scale_line = 0;
};

// Where a resolved parameter came from.
struct ResolvedParam {
  std::string key;
  std::string value_yaml;  // the value as written (flow-style YAML)
  std::string unit;
  std::string source;
  std::string note;
  std::string file;
  int line = 0;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string path;                // the file given by the user
  std::vector<std::string> files;  // the extends chain, root first
  std::vector<std::string> texts;  // their contents
  SimulationSettings sim;
  Params params;  // what runs from month 1
  // What the start-up (synthesis, balance, spin-up) runs on: the status quo of the root file
  // of the extends chain, with any changes to the starting population (population.*) made by
  // later files. A scenario's other changes take effect from month 1, on top of the same
  // calibrated start as its baseline.
  Params start_params;
  Policy policy;                // the dated rules of the benefit system (policy:)
  Interventions interventions;  // interventions and the service network
  FinanceSettings finance;      // unit costs, appraisal settings and gain-sharing rules
  std::map<std::string, ResolvedParam> provenance;
  // What a user should know that is not an error (e.g. a policy date after the run's end).
  std::vector<std::string> notes;
  // The values changed on the command line after the files (--set KEY=VALUE), in order.
  std::vector<std::string> set;
  // Its uncertain quantities, each as the last file that gives it wrote it, in the order first
  // read (input/uncertainty.hpp).
  std::vector<UncertainQuantity> uncertain;
  // Every file read, by the name it was read under: a scenario re-read for each replication of a
  // probabilistic sensitivity analysis reads these (reread_scenario), not the files again.
  std::map<std::string, std::string> sources;
  // The controlled trial `hwsim trial` runs by default (trial:), if the files give one.
  std::optional<TrialSettings> trial;
};

// Loads and validates a scenario, then applies each of `sets` (KEY=VALUE, scenario/set.hpp) in
// order, as a file after the scenario's own; throws InputError naming file (or --set), line
// and key.
// Uncertain quantities take the values of the current DrawScope (their central values without
// one).
Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets = {});

// The scenario `s` read again from the files it was read from (s.sources), with the same --set,
// its uncertain quantities at the points `draw` gives.
Scenario reread_scenario(const Scenario& s, const DrawPoint& draw);

// The fully resolved parameter set as YAML (value, unit, source and origin of each).
std::string resolved_parameters_yaml(const Scenario& s);

}  // namespace hwsim
