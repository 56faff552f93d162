// The Islington model as an ABC-SMC model: a candidate's parameter values go into the status
// quo of the scenario, replications are run with the candidate's own seed, and each target's
// indicator at its month is compared with the observed figure, scaled by its tolerance.
#pragma once
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/priors.hpp"
#include "calibration/targets.hpp"
#include "scenario/scenario.hpp"
#include "startup/synthesis.hpp"

namespace hwsim {

class ScenarioModel {
 public:
  // Throws InputError if a target's month lies outside the scenario's months.
  ScenarioModel(const Scenario& sc, std::vector<Target> targets, std::vector<FittedParam> fitted,
                int replications);
  // Thread-safe: any number of candidates may run at once.
  abc::Outcome operator()(const std::vector<double>& theta, std::uint64_t key) const;
  // Runs a batch in parallel (TBB), candidate by candidate.
  std::vector<abc::Outcome> evaluate(const std::vector<abc::Candidate>& batch) const;

 private:
  Scenario sc_;
  SynthesisTable table_;
  std::vector<Target> targets_;
  std::vector<int> months_;  // of each target, from month 0
  std::vector<FittedParam> fitted_;
  int replications_;
};

}  // namespace hwsim
