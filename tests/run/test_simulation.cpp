// Properties of whole runs: stocks and flows balance, results do not depend on the thread
// count, the seed matters, and the status-quo baseline stays flat.
#include <tbb/global_control.h>

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"
#include "run/stats.hpp"

using namespace hwsim;
using hwsim::test::error_of;
using hwsim::test::series;

namespace {
const Scenario& baseline() {
  static const Scenario s = load_scenario(test::baseline_path());
  return s;
}
}  // namespace

TEST_CASE("stock(t) = stock(t-1) + inflows - outflows for every state and month",
          "[simulation][property][slow]") {
  const RunResult r = run(baseline(), 77, 2);
  for (const auto& rep : r.reps) {
    for (std::size_t m = 1; m < rep.months.size(); ++m) {
      const auto& prev = rep.months[m - 1].stocks;
      const auto& cur = rep.months[m].stocks;
      const auto& f = rep.months[m].tally;
      INFO("month " << m);
      for (std::size_t s = 0; s < count_of<Benefit>(); ++s)
        REQUIRE(cur.benefit[s] == prev.benefit[s] + f.benefit_in[s] - f.benefit_out[s] +
                                      f.benefit_dem_in[s] - f.benefit_dem_out[s]);
      for (std::size_t s = 0; s < count_of<Labour>(); ++s)
        REQUIRE(cur.labour[s] == prev.labour[s] + f.labour_in[s] - f.labour_out[s] +
                                     f.labour_dem_in[s] - f.labour_dem_out[s]);
      REQUIRE(cur.esa_ib == prev.esa_ib + f.esa_ib_onflow - f.esa_ib_offflow + f.esa_ib_dem_in -
                                f.esa_ib_dem_out);
      REQUIRE(cur.incapacity == prev.incapacity + f.incapacity_onflow - f.incapacity_offflow +
                                    f.incapacity_dem_in - f.incapacity_dem_out);
      REQUIRE(cur.population == prev.population);
      Persons exits = f.events[idx(Event::Death)] + f.events[idx(Event::AgeOut)] +
                      f.events[idx(Event::MigrantOut)];
      Persons entries = f.events[idx(Event::Entrant16)] + f.events[idx(Event::MigrantIn)];
      REQUIRE(exits == entries);
    }
  }
}

TEST_CASE("results are identical for 1 - 2 and 4 threads", "[simulation][determinism][slow]") {
  Scenario sc = baseline();
  sc.sim.months = 25;
  auto run_with = [&](std::size_t threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(sc, 1234, 2);
  };
  const RunResult one = run_with(1), two = run_with(2), four = run_with(4);
  for (const auto& ind : indicators()) {
    INFO(ind.name);
    REQUIRE(series(one, ind.name) == series(two, ind.name));
    REQUIRE(series(one, ind.name) == series(four, ind.name));
  }
}

TEST_CASE("different seeds give different results - the same seed repeats",
          "[simulation][determinism][slow]") {
  Scenario sc = baseline();
  sc.sim.months = 13;
  const RunResult a = run(sc, 1, 1), b = run(sc, 2, 1), c = run(sc, 1, 1);
  CHECK(series(a, "esa_ib_onflow") != series(b, "esa_ib_onflow"));
  CHECK(series(a, "esa_ib_onflow") == series(c, "esa_ib_onflow"));
}

TEST_CASE("the status-quo baseline stays flat with real churn (seed 4.3)",
          "[simulation][baseline][slow]") {
  // In the legacy world the ESA/IB count itself stays flat; with the policy timeline the
  // legacy count falls from UC full service, while all incapacity benefits stay flat.
  Scenario legacy = load_scenario(test::source_path("scenarios/legacy-benefits.yaml")),
           uc = baseline();
  const int last = months_between(legacy.sim.start, YearMonth{2019, 3});
  legacy.sim.months = uc.sim.months = last + 1;
  const RunResult r = run(legacy, legacy.sim.seed, 4), w = run(uc, uc.sim.seed, 4);
  const Band end = band_of(across_replications(r, "esa_ib_claimants", last));
  CHECK(end.mean == Approx(12820).epsilon(0.06));
  CHECK(band_of(across_replications(w, "incapacity_benefits_claimants", last)).mean ==
        Approx(12820).epsilon(0.06));
  const Band legacy_count = band_of(across_replications(w, "esa_ib_claimants", last));
  CHECK(legacy_count.mean < 0.93 * end.mean);  // claims landing on UC since June 2018
  // Up to UC full service the two worlds have the same incapacity caseload.
  const int june_2018 = months_between(legacy.sim.start, YearMonth{2018, 6});
  CHECK(band_of(across_replications(w, "incapacity_benefits_claimants", june_2018)).mean ==
        Approx(band_of(across_replications(r, "esa_ib_claimants", june_2018)).mean).epsilon(0.01));
  // Churn: on-flows and off-flows each of the order of national ESA on-flows, 2-4% of the
  // stock a month (HC 302: 65,000-75,000 a month against 2.46 million).
  double on = 0, off = 0;
  for (int m = 1; m <= last; ++m) {
    on += band_of(across_replications(r, "esa_ib_onflow", m)).mean;
    off += band_of(across_replications(r, "esa_ib_offflow", m)).mean;
  }
  on /= last;
  off /= last;
  CHECK(on / 12820 > 0.02);
  CHECK(on / 12820 < 0.045);
  CHECK(off / 12820 > 0.02);
  CHECK(off / 12820 < 0.045);
}

TEST_CASE("arms run together give each arm's results alone, sharing start-ups only where alike",
          "[simulation][determinism]") {
  // An eighth of Islington, four months.
  const std::vector<std::string> small{"simulation.months=4", "simulation.population_scale=0.125"};
  const Scenario base = load_scenario(test::baseline_path(), small);
  const Scenario scen = load_scenario(test::source_path("scenarios/combined.yaml"), small);
  REQUIRE(same_start(base, scen));
  // A baseline that starts elsewhere (a higher migration rate before month 0 as well).
  Scenario other = base;
  other.params.demography.migration_hr_claimant *= 1.5;
  other.start_params.demography.migration_hr_claimant *= 1.5;
  REQUIRE_FALSE(same_start(base, other));
  // Draws that change the start in odd replications only (as a PSA draw of a start parameter).
  const ReplicationSetup odd = [](std::uint32_t r, Scenario& sc) {
    if (r % 2) sc.start_params.demography.migration_hr_claimant *= 1.2;
  };
  // One arm streams its replications to a sink instead of keeping them.
  RunResult sunk;
  std::vector<std::uint32_t> order;
  const ReplicationSink sink = [&](std::uint32_t r, const ReplicationResult& rep) {
    order.push_back(r);
    sunk.reps.push_back(rep);
  };
  // Two keep theirs in a file (run/replications.hpp), not in memory.
  const test::TempDir scratch;
  const std::vector<RunArm> arms{{&base, {}, {}, {}, {}},
                                 {&scen, {}, {}, sink, {}},
                                 {&other, {}, {}, {}, scratch.path()},
                                 {&scen, odd, {}, {}, scratch.path()},
                                 {&base, odd, {}, {}, {}}};
  std::vector<RunResult> together = run_arms(arms, 99, 3);
  REQUIRE(together.size() == arms.size());
  CHECK(together[1].reps.empty());
  CHECK(together[1].replications == 3);
  CHECK(order == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(together[1].agent_months == together[0].agent_months);
  CHECK(together[2].reps.spilled());
  CHECK(together[3].reps.spilled());
  CHECK_FALSE(together[0].reps.spilled());
  together[1].reps = std::move(sunk.reps);
  for (std::size_t a = 0; a < arms.size(); ++a) {
    const RunResult alone = run(*arms[a].scenario, 99, 3, {}, arms[a].setup);
    INFO("arm " << a);
    CHECK(together[a].replications == 3);
    for (const auto& ind : indicators()) {
      INFO(ind.name);
      REQUIRE(series(together[a], ind.name) == series(alone, ind.name));
    }
  }
  // The arms do differ: the scenario from its baseline, the other start from the first.
  CHECK(series(together[0], "esa_ib_claimants") != series(together[2], "esa_ib_claimants"));
  CHECK(series(together[0], "esa_ib_claimants") != series(together[4], "esa_ib_claimants"));
}
