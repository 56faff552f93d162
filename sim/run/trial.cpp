#include "run/trial.hpp"

#include <algorithm>
#include <chrono>

#include "core/error.hpp"
#include "startup/startup.hpp"

namespace hwsim {

Scenario trial_scenario(const Scenario& sc, const TrialPlan& plan) {
  Scenario out = sc;
  const int last = months_between(sc.sim.start, plan.recruit_to) + plan.follow_up_months;
  out.sim.months = std::max(sc.sim.months, last + 1);
  if (plan.design == TrialDesign::Cluster)
    out.interventions.list[static_cast<std::size_t>(plan.intervention)].eligibility.gp.clear();
  return out;
}

TrialRun run_trial(const Scenario& sc, const TrialPlan& plan, std::uint64_t seed, int replications,
                   const Progress& progress, const StopRequested& stop, const TrialCheck& check) {
  const auto t0 = std::chrono::steady_clock::now();
  const SynthesisTable table = fit_table(sc);
  TrialRun out;
  out.seed = seed;
  out.reps.reserve(static_cast<std::size_t>(replications));
  const int practices = static_cast<int>(sc.params.population.gp_practices);
  for (int r = 0; r < replications; ++r) {
    if (stop && stop()) throw Stopped();
    const auto rep = static_cast<std::uint32_t>(r);
    TrialState trial(plan, seed, rep, practices, sc.sim.months);
    const ReplicationResult rr =
        run_months(sc, prepare_replication(sc, table, seed, rep), seed, rep, stop, &trial);
    out.agent_months += rr.months[0].stocks.population * (sc.sim.months - 1);
    if (check) check(trial);
    out.reps.push_back(std::move(trial));
    if (progress) progress(r + 1, replications);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace hwsim
