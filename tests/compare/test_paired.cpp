// The paired analysis of a comparison: differences by replication and the equality breakdown.
#include <catch2/catch.hpp>
#include <map>

#include "compare/paired.hpp"
#include "comparison.hpp"
#include "run/indicators.hpp"

using namespace hwsim;

TEST_CASE("a run paired with itself differs by nothing", "[compare][paired]") {
  const auto& c = test::small_comparison();
  const Paired self{c.baseline, c.baseline, c.base, c.base};
  for (const auto& ind : indicators()) {
    INFO(ind.name);
    for (int m = 0; m < c.baseline.sim.months; ++m) {
      const auto d = paired_difference(self, ind.name, m);
      REQUIRE(d.size() == c.base.reps.size());
      for (double x : d) CHECK(x == 0);
    }
    for (double x : paired_total_difference(self, ind.name)) CHECK(x == 0);
  }
  for (const auto& row : equality_breakdown(self, self.target_month())) {
    INFO(row.group << " " << row.level << " " << row.measure);
    for (double x : row.difference) CHECK(x == 0);
  }
}

TEST_CASE("the equality breakdown by condition adds up to the difference in employed",
          "[compare][paired]") {
  const auto& c = test::small_comparison();
  const Paired p = c.paired();
  bool any_difference = false;
  for (int m = 0; m < c.scenario.sim.months; ++m) {
    INFO("month " << m);
    const auto employed = paired_difference(p, "employed", m);
    std::vector<double> sum(employed.size(), 0.0);
    int conditions = 0;
    for (const auto& row : equality_breakdown(p, m)) {
      if (row.group != "condition" || row.measure != "employed") continue;
      ++conditions;
      REQUIRE(row.difference.size() == sum.size());
      for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += row.difference[k];
    }
    CHECK(conditions == static_cast<int>(count_of<Condition>()));
    CHECK(sum == employed);
    for (double x : employed) any_difference = any_difference || x != 0;
  }
  // The scenario's faster job entry shows: the check above is not 0 = 0 throughout.
  CHECK(any_difference);
}
