// The ranking of several scenarios against one baseline: each row holds the headline figures of
// that scenario's own comparison, and the rows run from the largest fall in claimants.
#include <catch2/catch.hpp>
#include <cmath>

#include "compare/ranking.hpp"
#include "comparison.hpp"
#include "run/stats.hpp"

using namespace hwsim;
using Catch::Detail::Approx;

TEST_CASE("the ranking's rows are each comparison's headline figures, largest fall first",
          "[compare][ranking]") {
  const auto& c = test::small_comparison();
  const Paired faster = c.paired();
  // The baseline against itself: a scenario that changes nothing.
  const Paired same{c.baseline, c.baseline, c.base, c.base};
  const FinanceResult same_finance = appraise_paired(same);
  const auto ranking = rank_scenarios({same, faster}, {same_finance, c.finance});
  REQUIRE(ranking.size() == 2);
  CHECK(ranking[0].rank == 1);
  CHECK(ranking[1].rank == 2);
  CHECK(ranking[0].claimants_change.mean <= ranking[1].claimants_change.mean);
  for (const auto& r : ranking) {
    INFO(r.name);
    const bool is_faster = r.name == c.scenario.name;
    const Paired& p = is_faster ? faster : same;
    const FinanceResult& f = is_faster ? c.finance : same_finance;
    const Headline h = headline_of(p, f);
    CHECK(r.claimants_change.mean ==
          Approx(band_of(paired_difference(p, "esa_ib_claimants", p.target_month())).mean));
    CHECK(r.claimants_change.p05 == Approx(band_of(h.claimants_change).p05));
    CHECK(r.claimants_change.p95 == Approx(band_of(h.claimants_change).p95));
    CHECK(r.extra_jobs.mean ==
          Approx(band_of(paired_total_difference(p, "sustained_jobs_6_months")).mean));
    CHECK(r.cost.mean == Approx(band_of(measure_values(f, kPartners, 0)).mean));
    for (std::size_t k = 0; k < kPositions; ++k)
      CHECK(r.npv[k].mean == Approx(band_of(measure_values(f, k, 2)).mean));
    CHECK(r.p_target_met == Approx(mean_of(h.target_met)));
    if (!is_faster) {
      // Nothing changes: no difference, no cost, and no cost per outcome.
      CHECK(r.claimants_change.mean == 0);
      CHECK(r.gap_change.mean == 0);
      CHECK(r.extra_jobs.mean == 0);
      CHECK(r.npv[kPartners].mean == 0);
      CHECK(std::isnan(r.cost_per_off.value));
      CHECK(r.cost_per_off.n == 0);
      CHECK(r.cost_per_job.n == 0);
    }
  }
  // The text for the terminal names both, in rank order.
  const std::string text = ranking_text(ranking, "2015-02");
  CHECK(text.find(ranking[0].name) < text.rfind(ranking[1].name));
}

TEST_CASE("a cost per outcome: the ratio of the means, banded over the replications with one",
          "[compare][ranking]") {
  const std::vector<double> cost{100, 200, 300, 400}, outcome{1, 0, 2, 4};
  const auto per = ratios(cost, outcome);
  REQUIRE(per.size() == 3);  // the replication without an outcome has no ratio
  CHECK(per[0] == 100);
  CHECK(per[1] == 150);
  CHECK(per[2] == 100);
  const RatioSummary r = ratio_summary(cost, outcome, per);
  CHECK(r.value == Approx(250.0 / 1.75));
  CHECK(r.n == 3);
  CHECK(r.band.p05 == Approx(100));
  CHECK(r.band.p95 == Approx(145));
  // No outcome on average: no value.
  CHECK(std::isnan(ratio_summary(cost, {0, 0, 0, 1}, ratios(cost, {0, 0, 0, 1})).value));
}
