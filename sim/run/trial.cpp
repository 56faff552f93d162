#include "run/trial.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "core/error.hpp"
#include "run/bytes.hpp"
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

namespace {

// What a replication's trial gathered: the practices' arms, the participants, the recruitment
// by month and the refusals (the plan, seed and replication are known to every process).
void put_trial(std::string& out, const TrialState& t) {
  bytes::put_vector(out, t.practice_arm);
  bytes::put_vector(out, t.participants);
  bytes::put_vector(out, t.recruited_by_month);
  bytes::put(out, t.refused);
}

void get_trial(const std::string& in, std::size_t& pos, TrialState& t) {
  bytes::get_vector(in, pos, t.practice_arm);
  bytes::get_vector(in, pos, t.participants);
  bytes::get_vector(in, pos, t.recruited_by_month);
  bytes::get(in, pos, t.refused);
}

}  // namespace

TrialRun run_trial(const Scenario& sc, const TrialPlan& plan, std::uint64_t seed, int replications,
                   const Progress& progress, const StopRequested& stop, const TrialCheck& check,
                   TrialPairing pairing, const Cluster* cluster, const std::string& scratch) {
  const auto t0 = std::chrono::steady_clock::now();
  const SynthesisTable table = fit_table(sc);
  const bool paired = pairing == TrialPairing::WithBaseline;
  const Scenario base = paired ? trial_baseline(sc, plan) : Scenario{};
  TrialRun out;
  out.seed = out.world.seed = out.baseline.seed = seed;
  out.reps.reserve(static_cast<std::size_t>(replications));
  // Where the months kept WithBaseline go: files in `scratch`, or memory.
  if (paired && !scratch.empty()) {
    out.world.reps.spill_to(scratch, static_cast<std::size_t>(replications),
                            static_cast<std::size_t>(sc.sim.months));
    out.baseline.reps.spill_to(scratch, static_cast<std::size_t>(replications),
                               static_cast<std::size_t>(base.sim.months));
  }
  const bool spread = cluster && cluster->size() > 1;
  const int practices = static_cast<int>(sc.params.population.gp_practices);
  const int steps = paired ? 2 * replications : replications;
  const int share = spread ? cluster->size() : 1;
  int done = 0;
  auto tell = [&](int runs) {
    done += runs;
    if (progress) progress(std::min(steps, done * share), steps);
  };
  const auto keep = [&](TrialState&& t, std::optional<ReplicationResult>& world,
                        std::optional<ReplicationResult>& baseline) {
    out.reps.push_back(std::move(t));
    if (!paired) return;
    out.world.reps.push_back(std::move(*world));
    out.baseline.reps.push_back(std::move(*baseline));
  };
  // Replications go round-robin, one a process in each round (Cluster::mine); each round's are
  // gathered and kept in replication order, so no process holds more than a round's in memory.
  std::int64_t my_months = 0;
  for (int first = 0; first < replications; first += share) {
    const int r = first + (spread ? cluster->rank() : 0);
    std::optional<TrialState> trial;
    std::optional<ReplicationResult> world, baseline;
    if (r < replications) {
      if (stop && stop()) throw Stopped();
      const auto rep = static_cast<std::uint32_t>(r);
      trial.emplace(plan, seed, rep, practices, sc.sim.months);
      Prepared prepared = prepare_replication(sc, table, seed, rep);
      std::optional<Prepared> start;
      if (paired) start = prepared;  // the baseline starts from the same month 0
      world = run_months(sc, std::move(prepared), seed, rep, stop, &*trial);
      const std::int64_t months = world->months[0].stocks.population * (sc.sim.months - 1);
      my_months += months;
      if (check) check(*trial);
      tell(1);
      if (paired) {
        baseline = run_months(base, std::move(*start), seed, rep, stop);
        my_months += months;
        tell(1);
      }
    }
    if (!spread) {
      keep(std::move(*trial), world, baseline);
      continue;
    }
    std::string mine;
    if (trial) {
      put_trial(mine, *trial);
      if (paired) mine += to_bytes(*world) + to_bytes(*baseline);
    }
    const std::vector<std::string> all = cluster->gather(mine);
    for (int k = 0; k < share && first + k < replications; ++k) {
      const std::string& in = all[static_cast<std::size_t>(k)];
      std::size_t pos = 0;
      TrialState t(plan, seed, static_cast<std::uint32_t>(first + k), practices, sc.sim.months);
      get_trial(in, pos, t);
      std::optional<ReplicationResult> w, b;
      if (paired) {
        w = replication_from_bytes(in, pos);
        b = replication_from_bytes(in, pos);
      }
      keep(std::move(t), w, b);
    }
  }
  out.agent_months = my_months;
  if (spread) {
    // Agent-months of every process: the same count a single process makes.
    const std::vector<std::vector<double>> counts =
        cluster->gather(std::vector<double>{static_cast<double>(my_months)});
    out.agent_months = 0;
    for (const auto& c : counts) out.agent_months += static_cast<std::int64_t>(c.at(0));
  }
  if (paired) out.world.agent_months = out.baseline.agent_months = out.agent_months / 2;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace hwsim
