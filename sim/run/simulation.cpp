#include "run/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "model/step.hpp"
#include "model/trial.hpp"
#include "run/bytes.hpp"
#include "startup/startup.hpp"

namespace hwsim {

Accounts account(const Scenario& sc, const Population& pop, const Stocks& s, const Tally& t,
                 YearMonth date) {
  Accounts a;
  a.pay = sum_pay(pop, sc.params.accounting, sc.finance.costs.tax);
  a.ledger = post_ledger(sc.finance, s, t, a.pay, sc.interventions, date);
  return a;
}

ReplicationResult run_replication(const Scenario& sc, const SynthesisTable& table,
                                  std::uint64_t seed, std::uint32_t replication) {
  Prepared prepared = prepare_replication(sc, table, seed, replication);
  return run_months(sc, std::move(prepared), seed, replication);
}

ReplicationResult run_months(const Scenario& sc, Prepared prepared, std::uint64_t seed,
                             std::uint32_t replication, const StopRequested& stop,
                             TrialState* trial) {
  Population& pop = prepared.pop;
  ReplicationResult r;
  r.balance = std::move(prepared.balance);
  // Who replaces leavers follows the scenario's own death and migration rates.
  plan_demography(sc.params, pop, r.balance.levels);
  // Claims followed for the cohort statistics begin in the run (month 1 on).
  std::fill(pop.cohort_start.begin(), pop.cohort_start.end(), std::uint16_t{0});
  std::fill(pop.cohort_flags.begin(), pop.cohort_flags.end(), std::uint8_t{0});
  const Donors donors = Donors::of(pop, sc.params);
  r.months.resize(static_cast<std::size_t>(sc.sim.months));
  r.months[0].stocks = count_all_stocks(pop);
  r.months[0].accounts = account(sc, pop, r.months[0].stocks, r.months[0].tally, sc.sim.start);
  const std::uint64_t id_base = pop.size();
  const ServiceTable services = ServiceTable::of(sc.params);  // once per run
  for (int m = 1; m < sc.sim.months; ++m) {
    if (stop && stop()) throw Stopped();
    const YearMonth date = sc.sim.start.plus(m);
    const StepContext ctx{
        .P = sc.params,
        .L = r.balance.levels,
        .seed = seed,
        .replication = replication,
        .month = m,
        .ib_migration_open = months_between(sc.params.claims.ib_migration_start, date) >= 0,
        .id_base = id_base,
        .services = &services,
        .interventions = &sc.interventions,
        .date = date,
        .policy = policy_month(sc.policy, date),
        .follow_claims = true,
        .trial = trial};
    MonthResult mr = step_month(ctx, pop, donors);
    if (trial) follow_participants(ctx, pop, *trial);
    r.months[static_cast<std::size_t>(m)] = {mr.stocks, mr.tally,
                                             account(sc, pop, mr.stocks, mr.tally, date)};
  }
  return r;
}

std::string to_bytes(ReplicationView r) {
  std::string out;
  bytes::put(out, static_cast<std::uint64_t>(r.months.size()));
  for (const MonthRecord& m : r.months) bytes::put(out, m);
  bytes::put(out, r.balance.levels);
  bytes::put(out, static_cast<std::uint64_t>(r.balance.warnings.size()));
  for (const auto& w : r.balance.warnings)
    bytes::put_vector(out, std::vector<char>(w.begin(), w.end()));
  return out;
}

ReplicationResult replication_from_bytes(const std::string& in, std::size_t& pos) {
  ReplicationResult r;
  bytes::get_vector(in, pos, r.months);
  bytes::get(in, pos, r.balance.levels);
  std::uint64_t n = 0;
  bytes::get(in, pos, n);
  r.balance.warnings.resize(n);
  for (auto& w : r.balance.warnings) {
    std::vector<char> c;
    bytes::get_vector(in, pos, c);
    w.assign(c.begin(), c.end());
  }
  return r;
}

bool same_start(const Scenario& a, const Scenario& b) {
  // Every start parameter equal (a value that is not a number is equal to nothing, so a
  // scenario holding one makes its own start-up), and the population parameters the synthesis
  // table is fitted to.
  return a.start_params == b.start_params && a.params.population == b.params.population &&
         a.sim.start == b.sim.start && a.sim.spin_up_months == b.sim.spin_up_months &&
         a.sim.population_scale == b.sim.population_scale;
}

std::vector<RunResult> run_arms(const std::vector<RunArm>& arms, std::uint64_t seed,
                                int replications, const StopRequested& stop,
                                const Cluster* cluster) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t A = arms.size();
  // One synthesis table per arm, shared by arms of the same population parameters (what it is
  // fitted to).
  std::vector<std::shared_ptr<const SynthesisTable>> tables(A);
  for (std::size_t a = 0; a < A; ++a) {
    for (std::size_t b = 0; b < a && !tables[a]; ++b)
      if (arms[a].scenario->params.population == arms[b].scenario->params.population)
        tables[a] = tables[b];
    if (!tables[a])
      tables[a] = std::make_shared<const SynthesisTable>(fit_table(*arms[a].scenario));
  }
  const bool spread = cluster && cluster->size() > 1;
  const int share = spread ? cluster->size() : 1;
  std::vector<RunResult> out(A);
  for (std::size_t a = 0; a < A; ++a) {
    out[a].seed = seed;
    if (arms[a].sink) continue;
    if (!arms[a].spill.empty())
      out[a].reps.spill_to(arms[a].spill, static_cast<std::size_t>(replications),
                           static_cast<std::size_t>(arms[a].scenario->sim.months));
    out[a].reps.reserve(static_cast<std::size_t>(replications));
  }
  // Each replication's count of agent-months stepped.
  const auto stepped = [](const Scenario& sc, const ReplicationResult& rep) {
    return rep.months[0].stocks.population * (sc.sim.months - 1);
  };
  int done = 0;
  // Replications go round-robin, one a process in each round (Cluster::mine); each round's
  // are gathered and handed over (to the arm's sink, or kept) in replication order.
  for (int base = 0; base < replications; base += share) {
    const int r = base + (spread ? cluster->rank() : 0);
    std::vector<std::optional<ReplicationResult>> round(A);
    if (r < replications) {
      if (stop && stop()) throw Stopped();
      const auto rep = static_cast<std::uint32_t>(r);
      // Each arm's scenario for this replication, then which arm's start-up each takes: the
      // first of the arms with the same start makes it, the last moves it, the others copy it.
      std::vector<Scenario> owns(A);
      std::vector<const Scenario*> runs(A);
      for (std::size_t a = 0; a < A; ++a) {
        runs[a] = arms[a].scenario;
        if (arms[a].setup) {
          owns[a] = *arms[a].scenario;
          arms[a].setup(rep, owns[a]);
          runs[a] = &owns[a];
        }
      }
      std::vector<std::size_t> maker(A), taker(A);
      for (std::size_t a = 0; a < A; ++a) {
        maker[a] = a;
        for (std::size_t b = 0; b < a; ++b)
          if (maker[b] == b && same_start(*runs[b], *runs[a])) {
            maker[a] = b;
            break;
          }
        taker[maker[a]] = a;
      }
      std::vector<std::optional<Prepared>> made(A);
      for (std::size_t a = 0; a < A; ++a) {
        const std::size_t g = maker[a];
        if (!made[g]) {
          // A replication that draws its starting population (population.*) synthesises from
          // its own table.
          if (runs[a]->start_params.population == arms[a].scenario->start_params.population) {
            made[g].emplace(prepare_replication(*runs[a], *tables[a], seed, rep));
          } else {
            const SynthesisTable own_table = fit_table(*runs[a]);
            made[g].emplace(prepare_replication(*runs[a], own_table, seed, rep));
          }
        }
        Prepared p = taker[g] == a ? std::move(*made[g]) : *made[g];
        if (taker[g] == a) made[g].reset();
        round[a] = run_months(*runs[a], std::move(p), seed, rep, stop);
      }
      ++done;
      for (const auto& arm : arms)
        if (arm.progress) arm.progress(std::min(replications, done * share), replications);
    }
    for (std::size_t a = 0; a < A; ++a) {
      const auto hand_over = [&](int k, ReplicationResult&& rep) {
        out[a].agent_months += stepped(*arms[a].scenario, rep);
        ++out[a].replications;
        if (arms[a].sink)
          arms[a].sink(static_cast<std::uint32_t>(k), rep);
        else
          out[a].reps.push_back(std::move(rep));
      };
      if (!spread) {
        hand_over(r, std::move(*round[a]));
        continue;
      }
      const std::vector<std::string> all = cluster->gather(round[a] ? to_bytes(*round[a]) : "");
      for (int k = 0; k < share && base + k < replications; ++k) {
        std::size_t pos = 0;
        hand_over(base + k, replication_from_bytes(all[static_cast<std::size_t>(k)], pos));
      }
    }
  }
  for (std::size_t a = 0; a < A; ++a) {
    RunResult& o = out[a];
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return out;
}

RunResult run(const Scenario& sc, std::uint64_t seed, int replications, const Progress& progress,
              const ReplicationSetup& setup, const StopRequested& stop, const Cluster* cluster,
              const ReplicationSink& sink) {
  return std::move(
      run_arms({{&sc, setup, progress, sink, {}}}, seed, replications, stop, cluster).front());
}

}  // namespace hwsim
