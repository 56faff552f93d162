// The replications of a controlled trial (hwsim trial): the scenario runs as it would, month by
// month over its whole population, with the trial of one intervention randomising and following
// its participants (model/trial.hpp); each replication's trial is kept for the analysis
// (compare/trial.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "model/trial.hpp"
#include "run/cluster.hpp"
#include "run/simulation.hpp"

namespace hwsim {

// The scenario a trial runs on: long enough to follow the last participant recruited for the
// whole follow-up, and, for a cluster design, the intervention's practices left to the trial.
Scenario trial_scenario(const Scenario& sc, const TrialPlan& plan);

// The same scenario without the trial: the trialled intervention never runs. The trial's run is
// paired with it on common random numbers, so the difference is what the trial itself does to
// the borough's counts.
Scenario trial_baseline(const Scenario& sc, const TrialPlan& plan);

struct TrialRun {
  std::vector<TrialState> reps;
  // Paired runs (when asked for): the borough with the trial running, replication by
  // replication, and without it (trial_baseline), on the same random numbers.
  RunResult world, baseline;
  std::uint64_t seed = 0;
  double seconds = 0;
  std::int64_t agent_months = 0;
};

// Called with each replication's trial as it ends (e.g. to refuse a sample the referrals
// cannot supply); may throw.
using TrialCheck = std::function<void(const TrialState&)>;

// Whether each replication of the trial is paired with the borough without it.
enum class TrialPairing : bool { Unpaired, WithBaseline };

// `sc` as trial_scenario made it. Replication r uses the same random numbers as replication r
// of a run of `sc` with the same seed, up to the first randomisation. WithBaseline keeps each
// replication's months (TrialRun::world) and runs trial_baseline from the same month-0
// population (the start-up does not depend on interventions), so progress counts two runs a
// replication. With a cluster of several processes, each runs the replications Cluster::mine
// gives it and each round's (one a process) are gathered back in replication order on every
// process (`check` sees this process's replications only). With `scratch`, the months kept
// WithBaseline are kept in files there, not in memory (run/replications.hpp).
TrialRun run_trial(const Scenario& sc, const TrialPlan& plan, std::uint64_t seed, int replications,
                   const Progress& progress = {}, const StopRequested& stop = {},
                   const TrialCheck& check = {}, TrialPairing pairing = TrialPairing::Unpaired,
                   const Cluster* cluster = nullptr, const std::string& scratch = {});

}  // namespace hwsim
