// Probabilistic sensitivity analysis as a property of whole runs: with every uncertainty
// collapsed to its central value it is a plain run bit for bit; a scenario identical to its
// baseline differs by nothing in any replication; draws do not depend on the thread count; and
// the replications really draw (they differ from the plain run).
#include <tbb/global_control.h>

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "run/indicators.hpp"
#include "run/psa.hpp"
#include "run/simulation.hpp"

using namespace hwsim;
using hwsim::test::series;

namespace {

// The baseline with two uncertain quantities of its own and an intervention with uncertain
// take-up and effect, over a year.
std::string uncertain_scenario(const test::TempDir& dir) {
  return dir.write("u.yaml", test::override_yaml(R"(
parameters:
  claims:
    appeal_share: {value: 0.33, unit: probability, source: test, uncertainty: {distribution: beta, p05: 0.2, p95: 0.45, source: test}}
  labour:
    job_entry_hr_condition:
      value: {depression: 0.7, anxiety: 0.8, smi: 0.2, msk: 0.7, other_physical: 0.7, learning_disability: 0.25, substance: 0.5}
      unit: hazard_ratio
      source: test
      uncertainty: {distribution: lognormal, p05: 0.8, p95: 1.25, source: test}
interventions:
  coach:
    type: employment_support
    start: 2014-12
    end: 2019-03
    eligibility: {benefits: [esa_wrag, esa_support]}
    capacity: {unlimited: true}
    take_up: {value: 0.5, unit: probability, source: test, uncertainty: {distribution: beta, p05: 0.3, p95: 0.7, source: test}}
    duration_months: {value: 6, unit: months, source: test}
    effects:
      job_entry_hr: {value: 2.0, unit: hazard_ratio, source: test, uncertainty: {distribution: lognormal, ci95: [1.2, 3.3], source: test}}
    costs:
      payer: council
      per_month: {value: 100, unit: gbp_per_month, source: test, uncertainty: {distribution: gamma, p05: 60, p95: 150, source: test}}
network:
  routes:
    - from: jobcentre
      to: coach
      referral: {value: 0.05, unit: probability_per_month, source: test, uncertainty: {distribution: beta, p05: 0.02, p95: 0.1, source: test}}
)"));
}

const std::vector<std::string> kShort{"simulation.months=13"};

}  // namespace

TEST_CASE("PSA with every uncertainty collapsed to its centre is a plain run, bit for bit",
          "[psa][property][slow]") {
  test::TempDir dir;
  const Scenario sc = load_scenario(uncertain_scenario(dir), kShort);
  // The baseline's own uncertain parameters, and the six written here.
  int here = 0;
  for (const auto& q : sc.uncertain)
    here += q.key == "claims.appeal_share" || q.key == "labour.job_entry_hr_condition" ||
            q.key.rfind("interventions.coach.", 0) == 0 || q.key.rfind("network.", 0) == 0;
  REQUIRE(here == 6);
  REQUIRE(sc.uncertain.size() > 6);
  const RunResult plain = run(sc, 31, 2);
  const RunResult collapsed = run(sc, 31, 2, {}, [](std::uint32_t, Scenario& s) {
    s = reread_scenario(s, [](const std::string&, int) { return std::optional<double>(); });
  });
  const RunResult drawn = run(sc, 31, 2, {}, psa_setup(31));
  for (const auto& ind : indicators()) {
    INFO(ind.name);
    REQUIRE(series(plain, ind.name) == series(collapsed, ind.name));
  }
  CHECK(series(plain, "esa_ib_offflow") != series(drawn, "esa_ib_offflow"));
}

TEST_CASE("PSA: a scenario identical to its baseline differs by nothing in every replication",
          "[psa][property][slow]") {
  test::TempDir dir;
  const Scenario base = load_scenario(uncertain_scenario(dir), kShort);
  const std::string same = dir.write("same.yaml", "extends: u.yaml\nname: same\n");
  const Scenario sc = load_scenario(same, kShort);
  const RunResult a = run(base, 8, 3, {}, psa_setup(8, {}, &sc));
  const RunResult b = run(sc, 8, 3, {}, psa_setup(8));
  for (const auto& ind : indicators()) {
    INFO(ind.name);
    REQUIRE(series(a, ind.name) == series(b, ind.name));
  }
}

TEST_CASE("PSA draws the same values for any thread count", "[psa][determinism][slow]") {
  test::TempDir dir;
  const Scenario sc = load_scenario(uncertain_scenario(dir), kShort);
  auto with = [&](std::size_t threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(sc, 5, 2, {}, psa_setup(5));
  };
  const RunResult one = with(1), two = with(2);
  for (const auto& ind : indicators()) {
    INFO(ind.name);
    REQUIRE(series(one, ind.name) == series(two, ind.name));
  }
  const PsaDraws d = psa_draws(sc.uncertain, 5, 2);
  REQUIRE(d.value.size() == 2);
  CHECK(d.value[0] != d.value[1]);
}
