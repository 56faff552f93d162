// One-way sensitivity: a quantity the outcome does not use has a tornado bar of zero width; one
// it uses moves the outcome; the central arm is the plain comparison.
#include <catch2/catch.hpp>
#include <cmath>

#include "compare/sensitivity.hpp"
#include "helpers.hpp"

using namespace hwsim;

TEST_CASE("a tornado bar for a quantity the outcome does not use is zero", "[sensitivity][slow]") {
  test::TempDir dir;
  // 'later' starts after the run ends: its take-up and cost cannot matter. 'coach' runs.
  const std::string path = dir.write("s.yaml", test::override_yaml(R"(
name: s
interventions:
  coach:
    type: employment_support
    start: 2014-12
    end: 2019-03
    eligibility: {benefits: [esa_wrag, esa_support]}
    capacity: {unlimited: true}
    take_up: {value: 0.5, unit: probability, source: test}
    duration_months: {value: 6, unit: months, source: test}
    effects:
      job_entry_hr: {value: 2.0, unit: hazard_ratio, source: test, uncertainty: {distribution: lognormal, ci95: [1.2, 3.3], source: test}}
    costs: {payer: council, per_month: {value: 100, unit: gbp_per_month, source: test}}
  later:
    type: employment_support
    start: 2018-01
    end: 2019-03
    eligibility: {benefits: [esa_wrag]}
    capacity: {unlimited: true}
    take_up: {value: 0.5, unit: probability, source: test, uncertainty: {distribution: beta, p05: 0.3, p95: 0.7, source: test}}
    duration_months: {value: 6, unit: months, source: test}
    effects:
      job_entry_hr: {value: 2.0, unit: hazard_ratio, source: test}
    costs: {payer: council, per_month: {value: 100, unit: gbp_per_month, source: test}}
network:
  routes:
    - {from: jobcentre, to: coach, referral: {value: 0.05, unit: probability_per_month, source: test}}
    - {from: jobcentre, to: later, referral: {value: 0.05, unit: probability_per_month, source: test}}
)"));
  const std::vector<std::string> year{"simulation.months=13"};
  const Scenario sc = load_scenario(path, year);
  Scenario base = load_scenario(test::baseline_path(), year);
  base.finance = sc.finance;
  // Only the two interventions' quantities are varied (the baseline's own stay central).
  const Sensitivity s = one_way_sensitivity(base, sc, 3, 2, {}, {}, {"interventions."});
  REQUIRE(s.bars.size() == 2);
  for (const auto& b : s.bars) {
    INFO(b.quantity.key);
    if (b.quantity.key == "interventions.later.take_up") {
      CHECK(b.low.claimants == b.high.claimants);
      CHECK(b.low.npv == b.high.npv);
      CHECK(b.low.claimants == s.central.claimants);
    } else {
      CHECK(b.quantity.key == "interventions.coach.effects.job_entry_hr");
      CHECK(b.low_value ==
            Approx(std::exp(std::log(1.2) + (std::log(3.3) - std::log(1.2)) / 2 -
                            1.6448536 * (std::log(3.3) - std::log(1.2)) / (2 * 1.959964)))
                .epsilon(1e-4));
      CHECK(b.low.npv != b.high.npv);
    }
  }
  CHECK(sorted_by_swing(s, TornadoOutcome::Npv).front().quantity.key ==
        "interventions.coach.effects.job_entry_hr");
}
