// simulation.population_scale: the month-0 counts, places, fixed costs and the target scale; the
// rates of a scaled run match the unscaled run's within sampling error; bad scales are refused
// with the file, line and key.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "helpers.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"

using namespace hwsim;
using Catch::Detail::Approx;

namespace {

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// The mean over replications of an indicator at `month`, and of claimants per resident.
struct Figures {
  double employment_rate, ltc_gap, claimant_rate, claimants0, residents0;
};

Figures figures_of(const Scenario& sc, int reps, int month) {
  const RunResult r = run(sc, 11, reps);
  Figures f{};
  f.employment_rate = mean(across_replications(r, "employment_rate", month));
  f.ltc_gap = mean(across_replications(r, "ltc_employment_gap", month));
  const auto c = across_replications(r, "esa_ib_claimants", month);
  const auto n = across_replications(r, "working_age_population", month);
  std::vector<double> rate;
  for (std::size_t k = 0; k < c.size(); ++k) rate.push_back(c[k] / n[k]);
  f.claimant_rate = mean(rate);
  f.claimants0 = mean(across_replications(r, "esa_ib_claimants", 0));
  f.residents0 = mean(across_replications(r, "working_age_population", 0));
  return f;
}

}  // namespace

TEST_CASE("population_scale multiplies the counts, places, fixed costs and target only",
          "[scenario][scale]") {
  const Scenario one = load_scenario(test::source_path("scenarios/combined.yaml"));
  const Scenario eight = load_scenario(test::source_path("scenarios/combined.yaml"),
                                       {"simulation.population_scale=8"});
  CHECK(eight.params.population.size == Approx(8 * one.params.population.size));
  CHECK(eight.start_params.population.size == Approx(8 * one.start_params.population.size));
  CHECK(eight.params.population.esa_ib_count == Approx(8 * one.params.population.esa_ib_count));
  CHECK(eight.params.population.jsa_count == Approx(8 * one.params.population.jsa_count));
  for (std::size_t c = 0; c < one.params.population.condition_count.size(); ++c)
    CHECK(eight.params.population.condition_count[c] ==
          Approx(8 * one.params.population.condition_count[c]));
  CHECK(eight.sim.target_esa_ib == Approx(8 * 10130));
  for (std::size_t k = 0; k < one.interventions.list.size(); ++k) {
    const auto &a = one.interventions.list[k], &b = eight.interventions.list[k];
    if (!a.capacity.unlimited) CHECK(b.capacity.places == Approx(8 * a.capacity.places));
    CHECK(b.costs.fixed_per_year == Approx(8 * a.costs.fixed_per_year));
  }
  // Rates, shares and effects are untouched.
  CHECK(eight.params.population.employment_rate == one.params.population.employment_rate);
  CHECK(eight.params.labour.job_loss == one.params.labour.job_loss);
  CHECK(eight.interventions.list[0].effects.job_entry_hr ==
        one.interventions.list[0].effects.job_entry_hr);
  CHECK_THAT(eight.notes.back(), Catch::Contains("scaled x8"));
}

TEST_CASE("population_scale refuses a scale it cannot run, naming the file, line and key",
          "[scenario][scale]") {
  test::TempDir d;
  auto refused = [&](const std::string& scale, const std::string& says) {
    const std::string p =
        d.write("s.yaml", test::override_yaml("simulation:\n  population_scale: " + scale + "\n"));
    const std::string e = test::error_of(p);
    INFO(e);
    CHECK_THAT(e, Catch::Contains("s.yaml:3:") && Catch::Contains("simulation.population_scale") &&
                      Catch::Contains(says));
  };
  refused("0", "expected a scale from 0.01 to 1000");
  refused("-2", "expected a scale from 0.01 to 1000");
  refused("1001", "expected a scale from 0.01 to 1000");
  refused("800", "the population must be from 1,000 to 100,000,000");
  refused("eight", "expected a number");
}

TEST_CASE("a scaled run's rates match the unscaled run's within sampling error",
          "[scenario][scale]") {
  // A fifth of Islington over a year, and the same scaled x3 (three fifths).
  const std::string fifth = test::source_path("tests/plan/data/baseline-fifth.yaml");
  const Scenario one = load_scenario(fifth, {"simulation.months=13"});
  const Scenario three =
      load_scenario(fifth, {"simulation.months=13", "simulation.population_scale=3"});
  const Figures a = figures_of(one, 6, 12), b = figures_of(three, 6, 12);
  // Counts three times as large at month 0 (the synthesis fits the counts).
  CHECK(b.residents0 == Approx(3 * a.residents0).epsilon(0.01));
  CHECK(b.claimants0 == Approx(3 * a.claimants0).epsilon(0.02));
  // Rates a year on: within a few standard errors of the fifth's replication-to-replication
  // spread (employment rate about 0.1 points, LTC gap about 0.3 points, claimant rate about
  // 0.1% of residents).
  CHECK(std::abs(b.employment_rate - a.employment_rate) < 0.5);
  CHECK(std::abs(b.ltc_gap - a.ltc_gap) < 1.0);
  CHECK(b.claimant_rate == Approx(a.claimant_rate).epsilon(0.03));
}
