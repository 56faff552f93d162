// The replications of a controlled trial (hwsim trial): the scenario runs as it would, month by
// month over its whole population, with the trial of one intervention randomising and following
// its participants (model/trial.hpp); each replication's trial is kept for the analysis
// (compare/trial.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "model/trial.hpp"
#include "run/simulation.hpp"

namespace hwsim {

// The scenario a trial runs on: long enough to follow the last participant recruited for the
// whole follow-up, and, for a cluster design, the intervention's practices left to the trial.
Scenario trial_scenario(const Scenario& sc, const TrialPlan& plan);

struct TrialRun {
  std::vector<TrialState> reps;
  std::uint64_t seed = 0;
  double seconds = 0;
  std::int64_t agent_months = 0;
};

// Called with each replication's trial as it ends (e.g. to refuse a sample the referrals
// cannot supply); may throw.
using TrialCheck = std::function<void(const TrialState&)>;

// `sc` as trial_scenario made it. Replication r uses the same random numbers as replication r
// of a run of `sc` with the same seed, up to the first randomisation.
TrialRun run_trial(const Scenario& sc, const TrialPlan& plan, std::uint64_t seed, int replications,
                   const Progress& progress = {}, const StopRequested& stop = {},
                   const TrialCheck& check = {});

}  // namespace hwsim
