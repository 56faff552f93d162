// The value of information by regression: where net benefit is a known function of one drawn
// quantity, EVPI is E[max(0, NB)] - max(0, E[NB]) of that function, and a quantity it does not
// depend on is worth nothing.
#include <boost/math/distributions/normal.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "compare/psa.hpp"

using namespace hwsim;

TEST_CASE("EVPI by regression recovers a known value, and an irrelevant quantity is worth ~0",
          "[psa][evpi]") {
  const int n = 2000;
  UncertainQuantity a, b;
  a.key = "interventions.x.effects.job_entry_hr";
  a.u.group = EvidenceGroup::Effects;
  a.u.dist = {Family::Normal, 0, 1, 0};
  b.key = "interventions.x.costs.per_month";
  b.u.group = EvidenceGroup::Costs;
  b.u.dist = {Family::Normal, 0, 1, 0};
  const PsaDraws d = psa_draws({a, b}, 17, n);
  const boost::math::normal z;
  // Net benefit 1000 z_a at every willingness to pay (no jobs; net cost -1000 z_a), plus noise
  // that no quantity explains (chance).
  std::vector<double> jobs(n, 0.0), cost(n);
  double noise_sign = 1;
  for (int r = 0; r < n; ++r) {
    cost[r] = -1000 * boost::math::quantile(z, d.point[r][0]) + 300 * noise_sign;
    noise_sign = -noise_sign;
  }
  const std::vector<double> wtp{0, 20000};
  const auto all = evppi(d, {0, 1}, jobs, cost, wtp);
  // E[max(0, 1000 Z)] = 1000 / sqrt(2 pi) = 398.9; sampling error of the mean of 2,000 is ~13.
  for (double v : all) CHECK(v == Approx(398.9).margin(40));
  const auto only_b = evppi(d, {1}, jobs, cost, wtp);
  for (double v : only_b) CHECK(std::abs(v) < 40);
  // Without the regression, the chance noise would count as information: the naive value is
  // larger.
  double naive = 0, mean = 0;
  for (double c : cost) {
    naive += std::max(0.0, -c);
    mean += -c;
  }
  CHECK(naive / n - std::max(0.0, mean / n) > all[0] + 20);
}
