#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "calibration/targets.hpp"
#include "helpers.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"
#include "run/stats.hpp"

using namespace hwsim;
using hwsim::test::TempDir;

TEST_CASE("the baseline meets every target in calibration/targets.yaml",
          "[calibration][baseline][slow]") {
  const auto targets = load_targets(test::source_path("calibration/targets.yaml"));
  REQUIRE(targets.size() >= 12);
  const Scenario sc = load_scenario(test::baseline_path());
  const RunResult r = run(sc, sc.sim.seed, 4);
  for (const auto& t : targets) {
    const int m = months_between(sc.sim.start, t.month);
    REQUIRE(m >= 0);
    REQUIRE(m < sc.sim.months);
    const double mean = band_of(across_replications(r, t.indicator, m)).mean;
    INFO(t.name << ": simulated " << mean << ", observed " << t.observed << " +- " << t.tolerance
                << " (" << t.source << ")");
    CHECK(t.scaled_distance(mean) <= 1.0);
  }
}

TEST_CASE("a targets file naming an unknown indicator is refused", "[calibration][errors]") {
  TempDir d;
  const auto p = d.write("t.yaml", R"(targets:
  x:
    indicator: esa_ib_claimant
    month: 2014-11
    observed: 1
    tolerance: {absolute: 1}
    source: test
)");
  try {
    load_targets(p);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains(p + ":3:") &&
                                          Catch::Contains("targets.x.indicator") &&
                                          Catch::Contains("did you mean 'esa_ib_claimants'"));
  }
}

TEST_CASE("a targets file with nan where an observed figure belongs is refused",
          "[calibration][errors]") {
  TempDir d;
  for (const char* value : {"nan", ".nan", ".inf"}) {
    const auto p = d.write("t.yaml", fmt::format(R"(targets:
  x:
    indicator: esa_ib_claimants
    month: 2014-11
    observed: {}
    tolerance: {{absolute: 1}}
    source: test
)",
                                                 value));
    try {
      load_targets(p);
      FAIL("no error for " << value);
    } catch (const InputError& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains(p + ":5:") &&
                                            Catch::Contains("targets.x.observed") &&
                                            Catch::Contains(value));
    }
  }
}
