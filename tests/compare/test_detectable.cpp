// The smallest change in the legacy ESA/IB count distinguishable from its noise
// (compare/detectable.hpp): the formula on hand-made series, and a comparison of a run with
// itself, whose change of 0 is not detectable.
#include <catch2/catch.hpp>
#include <cmath>

#include "compare/detectable.hpp"
#include "comparison.hpp"
#include "run/indicators.hpp"
#include "run/stats.hpp"

using namespace hwsim;
using Catch::Detail::Approx;

TEST_CASE("the month-to-month noise is the residual SD about the shared path and each line",
          "[compare][detectable]") {
  // Mean path {8, 9.5, 12}; departures {3, 2.5, 3} and {-3, -2.5, -3}, each about its own flat
  // line at +-17/6 with residuals +-1/6, -+1/3, +-1/6: RSS 2 * 1/6 on (2 - 1)(3 - 2) = 1 degree
  // of freedom.
  const std::vector<std::vector<double>> two{{11, 12, 15}, {5, 7, 9}};
  CHECK(trend_residual_sd(two) == Approx(std::sqrt(1.0 / 3)));
  // Neither a path all replications share (a bend, such as new claims moving to UC) nor a
  // replication's own line counts as noise.
  std::vector<std::vector<double>> bent = two;
  const double path[]{0, -250, -700};
  for (std::size_t k = 0; k < bent.size(); ++k)
    for (std::size_t i = 0; i < 3; ++i)
      bent[k][i] += path[i] + 40.0 * static_cast<double>(k) * static_cast<double>(i) - 7.0 * k;
  CHECK(trend_residual_sd(bent) == Approx(std::sqrt(1.0 / 3)));
  // Replications that differ only by their lines have no noise.
  CHECK(trend_residual_sd({{5, 7, 9, 11}, {1, 0, -1, -2}, {3, 3, 3, 3}}) ==
        Approx(0).margin(1e-12));
  // Three replications of four months: departures from the mean path {0, 0, 0, 0} are the
  // series themselves; {1, -1, -1, 1} about its flat line has RSS 4, {-1, 1, 1, -1} too, and
  // {0, 0, 0, 0} none: sqrt(8 / ((3 - 1)(4 - 2))) = sqrt(2).
  CHECK(trend_residual_sd({{1, -1, -1, 1}, {-1, 1, 1, -1}, {0, 0, 0, 0}}) ==
        Approx(std::sqrt(2.0)));
  // Too little to estimate it: one replication, or fewer than three months.
  CHECK(std::isnan(trend_residual_sd({{1, 0, 1}})));
  CHECK(std::isnan(trend_residual_sd({{1, 2}, {3, 5}})));
  CHECK(std::isnan(trend_residual_sd({})));
  CHECK_THROWS(trend_residual_sd({{1, 2, 3}, {1, 2}}));
}

TEST_CASE("the replication-to-replication noise is the sample SD", "[compare][detectable]") {
  // Mean 5, squared deviations 32, over n - 1 = 7.
  CHECK(sample_sd({2, 4, 4, 4, 5, 5, 7, 9}) == Approx(std::sqrt(32.0 / 7)));
  CHECK(std::isnan(sample_sd({3})));
}

TEST_CASE("the smallest detectable change is (z_0.975 + z_0.80) sqrt(2) sigma",
          "[compare][detectable]") {
  // sigma = sqrt(3^2 + 4^2) = 5; (1.959964 + 0.841621) * sqrt(2) * 5 = 19.8102.
  CHECK(smallest_detectable_change(3, 4) == Approx(19.8102).epsilon(1e-5));
  CHECK(smallest_detectable_change(0, 0) == 0);

  // Two replications' last three months: sd_month = sqrt(1/3) (as above), sd_replication = SD
  // of {15, 9} = sqrt(18); MDC = 2.801585 * sqrt(2 * (1/3 + 18)).
  const std::vector<std::vector<double>> window{{11, 12, 15}, {5, 7, 9}};
  const double mdc = 2.801585 * std::sqrt(2 * (1.0 / 3 + 18));  // 16.965
  const DetectableChange big = detectable_change(window, {-30, -40});
  CHECK(big.trend_months == 3);
  CHECK(big.replications == 2);
  CHECK(big.sd_month == Approx(std::sqrt(1.0 / 3)));
  CHECK(big.sd_replication == Approx(std::sqrt(18.0)));
  CHECK(big.sigma == Approx(std::sqrt(1.0 / 3 + 18)));
  CHECK(big.smallest == Approx(mdc).epsilon(1e-5));
  CHECK(big.change_mean == -35);
  CHECK(big.detectable);
  const DetectableChange small = detectable_change(window, {-10, -12});
  CHECK(small.smallest == Approx(mdc).epsilon(1e-5));
  CHECK_FALSE(small.detectable);
  // One replication has no spread across replications: no MDC, nothing called detectable.
  const DetectableChange one = detectable_change({{11, 12, 15}}, {-1000});
  CHECK(std::isnan(one.smallest));
  CHECK_FALSE(one.detectable);
  CHECK_THAT(detectable_change_text(one, YearMonth{2014, 11}),
             Catch::Contains("needs 2 or more replications"));
}

TEST_CASE("a scenario identical to its baseline changes the count by 0, not detectable",
          "[compare][detectable]") {
  const auto& c = test::small_comparison();
  const Paired self{c.baseline, c.baseline, c.base, c.base};
  const DetectableChange d = detectable_change(self);
  CHECK(d.indicator == "esa_ib_claimants");
  CHECK(d.month == self.target_month());
  CHECK(d.trend_months == std::min(12, d.month + 1));
  CHECK(d.first_month == d.month + 1 - d.trend_months);
  CHECK(d.replications == static_cast<int>(c.base.reps.size()));
  CHECK(d.change_mean == 0);
  for (double x : d.change) CHECK(x == 0);
  CHECK(std::isfinite(d.smallest));
  CHECK(d.smallest > 0);
  CHECK_FALSE(d.detectable);
  const std::string line = detectable_change_text(d, c.baseline.sim.start);
  CHECK_THAT(line, Catch::Contains("changes it by +0 (not detectable in the count alone)"));
  CHECK_THAT(line, Catch::Contains("the borough count could show a change of at least"));
}

TEST_CASE("the scenario's change is the mean paired difference at the target month",
          "[compare][detectable]") {
  const auto& c = test::small_comparison();
  const Paired p = c.paired();
  const DetectableChange d = detectable_change(p);
  const int tm = p.target_month();
  CHECK(d.change == paired_difference(p, "esa_ib_claimants", tm));
  CHECK(d.change_mean == Approx(mean_of(d.change)));
  // The noises are the baseline's, whatever the scenario.
  const DetectableChange self = detectable_change(Paired{c.baseline, c.baseline, c.base, c.base});
  CHECK(d.sd_month == self.sd_month);
  CHECK(d.sd_replication == self.sd_replication);
  CHECK(d.detectable == (std::abs(d.change_mean) >= d.smallest && d.change_mean != 0));
}
