#include "run/trial.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

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

Scenario trial_baseline(const Scenario& sc, const TrialPlan& plan) {
  Scenario out = sc;
  Intervention& iv = out.interventions.list.at(static_cast<std::size_t>(plan.intervention));
  iv.end = iv.start.plus(-1);  // active in no month
  return out;
}

TrialRun run_trial(const Scenario& sc, const TrialPlan& plan, std::uint64_t seed, int replications,
                   const Progress& progress, const StopRequested& stop, const TrialCheck& check,
                   TrialPairing pairing) {
  const auto t0 = std::chrono::steady_clock::now();
  const SynthesisTable table = fit_table(sc);
  const bool paired = pairing == TrialPairing::WithBaseline;
  const Scenario base = paired ? trial_baseline(sc, plan) : Scenario{};
  TrialRun out;
  out.seed = out.world.seed = out.baseline.seed = seed;
  out.reps.reserve(static_cast<std::size_t>(replications));
  const int practices = static_cast<int>(sc.params.population.gp_practices);
  const int steps = paired ? 2 * replications : replications;
  for (int r = 0; r < replications; ++r) {
    if (stop && stop()) throw Stopped();
    const auto rep = static_cast<std::uint32_t>(r);
    TrialState trial(plan, seed, rep, practices, sc.sim.months);
    Prepared prepared = prepare_replication(sc, table, seed, rep);
    std::optional<Prepared> start;
    if (paired) start = prepared;  // the baseline starts from the same month 0
    ReplicationResult rr = run_months(sc, std::move(prepared), seed, rep, stop, &trial);
    const std::int64_t months = rr.months[0].stocks.population * (sc.sim.months - 1);
    out.agent_months += months;
    if (check) check(trial);
    out.reps.push_back(std::move(trial));
    if (progress) progress(paired ? 2 * r + 1 : r + 1, steps);
    if (paired) {
      out.world.reps.push_back(std::move(rr));
      out.baseline.reps.push_back(run_months(base, std::move(*start), seed, rep, stop));
      out.agent_months += months;
      if (progress) progress(2 * r + 2, steps);
    }
  }
  if (paired) out.world.agent_months = out.baseline.agent_months = out.agent_months / 2;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace hwsim
