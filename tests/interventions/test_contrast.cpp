// From a trial's reported contrast to the model's hazard ratio (interventions/contrast.hpp).
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "interventions/contrast.hpp"

using namespace hwsim;

namespace {

// Risk by T months of a constant monthly probability q.
double risk(double q, int T) { return 1 - std::pow(1 - q, T); }
double monthly(double p, int T) { return 1 - std::pow(1 - p, 1.0 / T); }

}  // namespace

TEST_CASE("a trial's risk ratio becomes the hazard ratio that reproduces it in the model",
          "[interventions][contrast]") {
  // Control arm: 20% in work by 12 months; the offer arm 1.7 times as many (34%).
  const TrialContrast c{ContrastKind::RiskRatio, 1.7, 12, 0.2};
  CHECK(treated_risk(c) == Approx(0.34));
  const double hr = hazard_ratio_of(c);
  CHECK(hr == Approx(monthly(0.34, 12) / monthly(0.2, 12)));
  CHECK(hr == Approx(1.847).margin(0.001));  // larger than the risk ratio: the outcome is common
  // Applied as the model applies it (monthly probability times the ratio, for T months), it
  // gives back the trial's offer-arm risk and so its risk ratio.
  const double q0 = monthly(0.2, 12);
  CHECK(risk(hr * q0, 12) == Approx(0.34).epsilon(1e-12));
  CHECK(risk(hr * q0, 12) / risk(q0, 12) == Approx(1.7).epsilon(1e-12));
}

TEST_CASE("a risk difference, no effect and a rare outcome", "[interventions][contrast]") {
  const TrialContrast rd{ContrastKind::RiskDifference, 0.10, 18, 0.30};
  const double hr = hazard_ratio_of(rd);
  CHECK(risk(hr * monthly(0.30, 18), 18) - 0.30 == Approx(0.10).epsilon(1e-10));
  CHECK(hazard_ratio_of({ContrastKind::RiskRatio, 1.0, 12, 0.25}) == Approx(1.0));
  CHECK(hazard_ratio_of({ContrastKind::RiskDifference, 0.0, 6, 0.25}) == Approx(1.0));
  // A rare outcome: the hazard ratio is the risk ratio.
  CHECK(hazard_ratio_of({ContrastKind::RiskRatio, 1.7, 12, 0.001}) == Approx(1.7).epsilon(0.001));
  // A harmful contrast gives a ratio below 1.
  CHECK(hazard_ratio_of({ContrastKind::RiskRatio, 0.5, 12, 0.4}) < 0.5);
}

TEST_CASE("simulated arms with the hazard ratio show the trial's risk ratio",
          "[interventions][contrast]") {
  // 200,000 people an arm, monthly draws for 12 months, fixed seed: the risk ratio measured
  // has a standard error of about 0.6%, so a 3% tolerance fails a correct program very rarely.
  const TrialContrast c{ContrastKind::RiskRatio, 1.7, 12, 0.2};
  const double q0 = monthly(c.control_risk, c.months), hr = hazard_ratio_of(c);
  std::mt19937_64 rng(20150715);
  std::uniform_real_distribution<double> u(0, 1);
  auto arm = [&](double q) {
    const int n = 200000;
    int events = 0;
    for (int i = 0; i < n; ++i)
      for (int m = 0; m < c.months; ++m)
        if (u(rng) < q) {
          ++events;
          break;
        }
    return static_cast<double>(events) / n;
  };
  const double p0 = arm(q0), p1 = arm(hr * q0);
  CHECK(p0 == Approx(0.2).epsilon(0.03));
  CHECK(p1 / p0 == Approx(1.7).epsilon(0.03));
}

TEST_CASE("impossible contrasts are refused with the reason", "[interventions][contrast]") {
  using C = TrialContrast;
  CHECK_THROWS_WITH(hazard_ratio_of(C{ContrastKind::RiskRatio, 1.5, 12, 0.0}),
                    Catch::Contains("control arm's risk"));
  CHECK_THROWS_WITH(hazard_ratio_of(C{ContrastKind::RiskRatio, 1.5, 12, 1.0}),
                    Catch::Contains("control arm's risk"));
  CHECK_THROWS_WITH(hazard_ratio_of(C{ContrastKind::RiskRatio, 6.0, 12, 0.2}),
                    Catch::Contains("offer arm a risk of 1.2"));
  CHECK_THROWS_WITH(hazard_ratio_of(C{ContrastKind::RiskDifference, -0.5, 12, 0.2}),
                    Catch::Contains("offer arm a risk of -0.3"));
  CHECK_THROWS_WITH(hazard_ratio_of(C{ContrastKind::RiskRatio, 1.5, 0, 0.2}),
                    Catch::Contains("at least 1"));
}
