// The analysis of a simulated trial (compare/trial.hpp) against figures worked by hand, and its
// error rates on data drawn with a known truth.
#include <catch2/catch.hpp>
#include <cmath>

#include "compare/trial.hpp"
#include "core/rng.hpp"

using namespace hwsim;
using Catch::Detail::Approx;

namespace {

// x successes of n Bernoulli(p) draws from a Philox stream.
std::int64_t binomial(Stream& rng, std::int64_t n, double p) {
  std::int64_t x = 0;
  for (std::int64_t k = 0; k < n; ++k) x += rng.uniform() < p;
  return x;
}

}  // namespace

TEST_CASE("the risk difference, risk ratio and p-value of a fixed small trial, worked by hand",
          "[trial][analysis]") {
  // 30 of 100 offered and 20 of 100 controls in work.
  const TrialEstimate e = estimate_individual({100, 30}, {100, 20});
  CHECK(e.rd == Approx(0.10));
  // Wald: 0.1 -/+ 1.96 sqrt(0.3 x 0.7 / 100 + 0.2 x 0.8 / 100).
  CHECK(e.rd_low == Approx(-0.0192199549).margin(1e-9));
  CHECK(e.rd_high == Approx(0.2192199549).margin(1e-9));
  // Katz: 1.5 exp(-/+ 1.96 sqrt(1/30 - 1/100 + 1/20 - 1/100)).
  CHECK(e.rr == Approx(1.5));
  CHECK(e.rr_low == Approx(0.9159608293));
  CHECK(e.rr_high == Approx(2.4564369217));
  // Pooled z test: z = 0.1 / sqrt(0.25 x 0.75 x 2 / 100) = 1.633.
  CHECK(e.p_value == Approx(0.1024704349));
  CHECK_FALSE(e.significant);
  // Twice the trial: the same difference is significant.
  CHECK(estimate_individual({400, 120}, {400, 80}).significant);
}

TEST_CASE("a cluster-level analysis of four practices, worked by hand", "[trial][analysis]") {
  // Practices offered: 10/50 and 15/50; controls: 5/50 and 8/50.
  const TrialEstimate e = estimate_cluster({{50, 10}, {50, 15}}, {{50, 5}, {50, 8}});
  CHECK(e.rd == Approx(0.12));
  CHECK(e.df == 2);
  // Pooled variance of the practices' proportions 0.0068 / 2; t on 2 degrees of freedom.
  const double se = std::sqrt(0.0034);
  CHECK(e.rd_low == Approx(0.12 - 4.302652730 * se));
  CHECK(e.rd_high == Approx(0.12 + 4.302652730 * se));
  // With 2 degrees of freedom P(|T| > t) = 1 - t / sqrt(t^2 + 2).
  CHECK(e.p_value == Approx(0.1758366163));
  CHECK(e.rr == Approx(0.25 / 0.13));
  // Fewer than two practices in an arm: no estimate.
  CHECK(std::isnan(estimate_cluster({{50, 10}}, {{50, 5}, {50, 8}}).rd_low));
}

TEST_CASE("the intra-cluster correlation: none where practices agree, one where they split",
          "[trial][analysis]") {
  // Within each arm every practice the same: between-practice variance is nothing.
  CHECK(icc_anova({{100, 20}, {100, 20}}, {{100, 10}, {100, 10}}) < 0.0);
  // Each practice all or nothing: outcomes are the practice's, the ICC is 1.
  CHECK(icc_anova({{50, 0}, {50, 50}}, {{50, 0}, {50, 50}}) == Approx(1.0));
  CHECK(std::isnan(icc_anova({{50, 1}}, {{50, 2}})));
}

TEST_CASE("the minimum detectable difference is (z 0.975 + z 0.8) standard errors",
          "[trial][analysis]") {
  CHECK(minimum_detectable(0.05, 0) == Approx((1.959963985 + 0.841621234) * 0.05));
  // Few clusters: Student's t, wider.
  // On 2 degrees of freedom: (4.303 + 1.061) standard errors.
  CHECK(minimum_detectable(0.05, 2) == Approx((4.302652730 + 1.060660172) * 0.05));
}

TEST_CASE("with no true difference 5% of trials are significant; with one, the power theory gives",
          "[trial][analysis][statistics]") {
  Stream rng(2024, 0, 1, 0, Process::Trial);
  const int trials = 4000;
  int false_positive = 0, detected = 0;
  for (int k = 0; k < trials; ++k) {
    false_positive +=
        estimate_individual({250, binomial(rng, 250, 0.2)}, {250, binomial(rng, 250, 0.2)})
            .significant;
    detected += estimate_individual({250, binomial(rng, 250, 0.3)}, {250, binomial(rng, 250, 0.2)})
                    .significant;
  }
  // 4,000 trials: the share's standard error at 5% is 0.34 points; 3.5 of them either side.
  const double fpr = double(false_positive) / trials;
  CHECK(fpr > 0.038);
  CHECK(fpr < 0.062);
  // Power of 250 an arm for 30% against 20%: 1 - Phi(1.96 - 0.1 / 0.0387) = 0.73.
  const double power = double(detected) / trials;
  CHECK(power == Approx(0.73).margin(0.03));
}

TEST_CASE("the cluster analysis holds its 5% under no effect, whatever the ICC",
          "[trial][analysis][statistics]") {
  Stream rng(77, 0, 2, 0, Process::Trial);
  const int trials = 3000;
  int significant = 0, naive = 0;
  for (int k = 0; k < trials; ++k) {
    // Three practices an arm, each with its own risk around 20% (a strong practice effect).
    auto practice = [&] {
      const double p = 0.1 + 0.2 * rng.uniform();
      return Proportion{80, binomial(rng, 80, p)};
    };
    const std::vector<Proportion> offer{practice(), practice(), practice()};
    const std::vector<Proportion> control{practice(), practice(), practice()};
    significant += estimate_cluster(offer, control).significant;
    Proportion a, b;
    for (const auto& c : offer) a.n += c.n, a.x += c.x;
    for (const auto& c : control) b.n += c.n, b.x += c.x;
    naive += estimate_individual(a, b).significant;
  }
  const double fpr = double(significant) / trials;
  CHECK(fpr > 0.03);
  CHECK(fpr < 0.07);
  // An analysis that ignores the practices finds an effect that is not there far more often.
  CHECK(double(naive) / trials > 0.1);
}
