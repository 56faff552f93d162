// Uncertainty at the YAML boundary: each distribution drawn by its quantiles reproduces its
// mean and range, ranges are fitted exactly, the points are the same whatever the thread, and
// impossible distributions are refused with file, line and key.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "helpers.hpp"
#include "input/uncertainty.hpp"
#include "input/yaml.hpp"
#include "run/stats.hpp"

using namespace hwsim;

namespace {

Uncertainty parse_u(const std::string& text, Kind kind, const std::string& unit, double central,
                    double lo, double hi) {
  const YAML::Node n = YAML::Load(text);
  return read_uncertainty("u.yaml", n, "x", kind, unit, central, lo, hi);
}

std::string error_u(const std::string& text, Kind kind, const std::string& unit, double central,
                    double lo = 0, double hi = 1e9) {
  try {
    parse_u(text, kind, unit, central, lo, hi);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// 20,000 draws of a distribution at the points of replications 0..N-1.
std::vector<double> draws(const Distribution& d, int n = 20000) {
  std::vector<double> v;
  for (int r = 0; r < n; ++r)
    v.push_back(d.quantile(uncertainty_point(99, static_cast<std::uint32_t>(r), "x", 0)));
  return v;
}

}  // namespace

TEST_CASE("a range given as p05-p95 or a 95% interval is reproduced by the fitted distribution",
          "[uncertainty]") {
  struct Case {
    std::string text;
    double central, lo, hi, q;
  };
  const std::vector<Case> cases{
      {"{distribution: beta, p05: 0.3, p95: 0.7, source: s}", 0.5, 0.3, 0.7, 0.05},
      {"{distribution: beta, p05: 0.02, p95: 0.2, source: s}", 0.05, 0.02, 0.2, 0.05},
      // Near the ends of 0-1, narrow, and wide (the fit works on the distribution function).
      {"{distribution: beta, p05: 0.0005, p95: 0.004, source: s}", 0.002, 0.0005, 0.004, 0.05},
      {"{distribution: beta, p05: 0.97, p95: 0.999, source: s}", 0.99, 0.97, 0.999, 0.05},
      {"{distribution: beta, p05: 0.495, p95: 0.505, source: s}", 0.5, 0.495, 0.505, 0.05},
      {"{distribution: beta, ci95: [0.05, 0.9], source: s}", 0.5, 0.05, 0.9, 0.025},
      {"{distribution: lognormal, ci95: [1.23, 2.34], source: s}", 1.7, 1.23, 2.34, 0.025},
      {"{distribution: gamma, p05: 100, p95: 400, source: s}", 200, 100, 400, 0.05},
      {"{distribution: normal, p05: 10, p95: 20, source: s}", 15, 10, 20, 0.05},
      {"{distribution: uniform, p05: 1, p95: 2, source: s}", 1.5, 1, 2, 0.05},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const Uncertainty u = parse_u(c.text, Kind::Ratio, "ratio", c.central, 0, 1e9);
    CHECK(u.dist.quantile(c.q) == Approx(c.lo).epsilon(1e-6));
    CHECK(u.dist.quantile(1 - c.q) == Approx(c.hi).epsilon(1e-6));
  }
}

TEST_CASE("draws reproduce each distribution's mean and quantiles within sampling error",
          "[uncertainty][statistical]") {
  const std::vector<Distribution> ds{
      {Family::Normal, 5, 2, 0}, {Family::Lognormal, 0.5, 0.3, 0}, {Family::Beta, 2, 5, 0},
      {Family::Gamma, 3, 2, 0},  {Family::Uniform, 1, 4, 0},       {Family::Triangular, 0, 1, 3},
  };
  for (const auto& d : ds) {
    INFO(d.describe());
    const auto v = draws(d);
    double m = 0, m2 = 0;
    for (double x : v) m += x;
    m /= static_cast<double>(v.size());
    for (double x : v) m2 += (x - m) * (x - m);
    const double se =
        std::sqrt(m2 / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()));
    // Four standard errors: a correct program fails this about once in 16,000 runs per case.
    CHECK(std::abs(m - d.mean()) < 4 * se);
    for (double q : {0.05, 0.5, 0.95}) {
      // The share of draws below the q quantile is binomial: sd sqrt(q(1-q)/n) < 0.0035.
      const double below = static_cast<double>(std::count_if(
                               v.begin(), v.end(), [&](double x) { return x < d.quantile(q); })) /
                           static_cast<double>(v.size());
      CHECK(std::abs(below - q) < 0.014);
    }
  }
}

TEST_CASE("points are in (0, 1), keyed by seed, replication and key, and repeat exactly",
          "[uncertainty][determinism]") {
  const double a = uncertainty_point(1, 0, "interventions.x.take_up", 0);
  CHECK(a > 0);
  CHECK(a < 1);
  CHECK(a == uncertainty_point(1, 0, "interventions.x.take_up", 0));
  CHECK(a != uncertainty_point(2, 0, "interventions.x.take_up", 0));
  CHECK(a != uncertainty_point(1, 1, "interventions.x.take_up", 0));
  CHECK(a != uncertainty_point(1, 0, "interventions.x.drop_out", 0));
  CHECK(a != uncertainty_point(1, 0, "interventions.x.take_up", 1));
}

TEST_CASE("impossible distributions are refused naming the key", "[uncertainty][input]") {
  const Kind P = Kind::Probability;
  CHECK_THAT(error_u("{distribution: normal, mean: 0.5, sd: -1, source: s}", P, "probability", 0.5),
             Catch::Contains("x.uncertainty.sd") && Catch::Contains("must be positive"));
  CHECK_THAT(error_u("{distribution: beta, p05: 0.3, p95: 1.7, source: s}", P, "probability", 0.5),
             Catch::Contains("between 0 and 1"));
  CHECK_THAT(error_u("{distribution: beta, p05: 0.7, p95: 0.3, source: s}", P, "probability", 0.5),
             Catch::Contains("p05 0.7 is not below p95 0.3"));
  CHECK_THAT(error_u("{distribution: beta, p05: 0.6, p95: 0.7, source: s}", P, "probability", 0.5),
             Catch::Contains("excludes the central value 0.5"));
  CHECK_THAT(error_u("{distribution: betta, p05: 0.3, p95: 0.7, source: s}", P, "probability", 0.5),
             Catch::Contains("unknown distribution 'betta'; did you mean 'beta'"));
  CHECK_THAT(error_u("{distribution: beta, p05: 0.3, p95: 0.7}", P, "probability", 0.5),
             Catch::Contains("missing 'source'"));
  CHECK_THAT(
      error_u("{distribution: normal, p05: 0.1, p95: 0.9, source: s}", P, "probability", 0.5, 0, 1),
      Catch::Contains("outside the quantity's valid range"));
  CHECK_THAT(error_u("{distribution: lognormal, p05: 0.5, p95: 2, sdlog: 1, source: s}",
                     Kind::Ratio, "hazard_ratio", 1),
             Catch::Contains("one way"));
  CHECK_THAT(error_u("{distribution: gamma, alpha: 2, beta: 3, source: s}", Kind::Ratio,
                     "hazard_ratio", 1),
             Catch::Contains("a gamma takes shape and scale, not 'alpha'"));
  CHECK_THAT(error_u("{distribution: dirichlet, concentration: 50, source: s}", Kind::Ratio,
                     "hazard_ratio", 1),
             Catch::Contains("dirichlet is for tables of shares"));
  CHECK_THAT(error_u("{distribution: triangular, min: 2, max: 3, source: s}", Kind::Ratio,
                     "hazard_ratio", 1),
             Catch::Contains("the mode 1 is outside"));
  CHECK_THAT(
      error_u("{distribution: beta, p05: 0.3, p95: 0.7, source: s, sd: 3}", P, "probability", 0.5),
      Catch::Contains("one way"));
  CHECK_THAT(error_u("{distribution: beta, p05: 0.3, p95: 0.7, source: s, shape2: 3}", P,
                     "probability", 0.5),
             Catch::Contains("x.uncertainty.shape2"));
  CHECK(error_u("{distribution: beta, p05: 0.3, p95: 0.7, source: s}", P, "probability", 0.5)
            .empty());
}

TEST_CASE("a scenario's uncertain quantities are listed, drawn under a scope, central without",
          "[uncertainty][scenario]") {
  test::TempDir dir;
  const std::string path = dir.write("s.yaml", test::override_yaml(R"(
parameters:
  labour:
    job_loss_hr_condition:
      value: {depression: 1.5, anxiety: 1.4, smi: 2.5, msk: 1.4, other_physical: 1.4, learning_disability: 1.8, substance: 2.0}
      unit: hazard_ratio
      source: test
      uncertainty: {distribution: lognormal, p05: 0.8, p95: 1.25, source: test}
  claims:
    appeal_share:
      value: 0.4
      unit: probability
      source: test
      uncertainty: {distribution: beta, p05: 0.3, p95: 0.5, source: test}
    wca_outcome:
      value:
        mild: {support: 0.05, wrag: 0.25, fit: 0.7}
        moderate: {support: 0.2, wrag: 0.45, fit: 0.35}
        severe: {support: 0.6, wrag: 0.3, fit: 0.1}
      unit: probability
      source: test
      uncertainty: {distribution: dirichlet, concentration: 200, source: test}
)"));
  const Scenario central = load_scenario(path);
  REQUIRE(central.uncertain.size() >= 3);
  std::set<std::string> keys;
  for (const auto& q : central.uncertain) keys.insert(q.key);
  CHECK(keys.count("labour.job_loss_hr_condition"));
  CHECK(keys.count("claims.appeal_share"));
  CHECK(keys.count("claims.wca_outcome"));
  CHECK(central.params.claims.appeal_share == 0.4);

  // Drawn at the 95th percentile: the scalar at its p95, the table's levels scaled by 1.25.
  const Scenario high =
      reread_scenario(central, [](const std::string&, int) { return std::optional(0.95); });
  CHECK(high.params.claims.appeal_share == Approx(0.5).epsilon(1e-6));
  CHECK(high.params.labour.job_loss_hr_condition[idx(Condition::Smi)] ==
        Approx(2.5 * 1.25).epsilon(1e-6));
  // The shares of each row still add up to 1, and they moved.
  for (const auto& row : high.params.claims.wca_outcome) {
    double sum = 0;
    for (double x : row) sum += x;
    CHECK(sum == Approx(1).epsilon(1e-12));
  }
  const Scenario drawn = reread_scenario(central, [](const std::string& key, int c) {
    return std::optional(uncertainty_point(5, 0, key, c));
  });
  CHECK(drawn.params.claims.wca_outcome[0][0] != central.params.claims.wca_outcome[0][0]);
  // No points: every value central, bit for bit.
  const Scenario same = reread_scenario(central, {});
  CHECK(same.params.claims.appeal_share == central.params.claims.appeal_share);
  CHECK(same.params.claims.wca_outcome == central.params.claims.wca_outcome);
  CHECK(same.params.labour.job_loss_hr_condition == central.params.labour.job_loss_hr_condition);
}

TEST_CASE("a --set fixes an uncertain quantity: it is no longer listed", "[uncertainty][set]") {
  test::TempDir dir;
  const std::string path = dir.write("s.yaml", test::override_yaml(R"(
parameters:
  claims:
    appeal_share: {value: 0.4, unit: probability, source: test, uncertainty: {distribution: beta, p05: 0.3, p95: 0.5, source: test}}
)"));
  bool listed = false;
  for (const auto& q : load_scenario(path, {"claims.appeal_share=0.45"}).uncertain)
    listed = listed || q.key == "claims.appeal_share";
  CHECK_FALSE(listed);
}

TEST_CASE("a date or a name cannot carry uncertainty", "[uncertainty][input]") {
  test::TempDir dir;
  const std::string body = R"(
interventions:
  coach:
    type: employment_support
    start: START
    end: 2019-03
    eligibility: {benefits: [esa_wrag]}
    capacity: {unlimited: true}
    take_up: {value: 0.5, unit: probability, source: test}
    duration_months: {value: 6, unit: months, source: test}
    effects: {job_entry_hr: {value: 1.2, unit: hazard_ratio, source: test}}
    costs: {payer: PAYER, per_month: {value: 100, unit: gbp_per_month, source: test}}
network:
  routes:
    - {from: jobcentre, to: coach, referral: {value: 0.05, unit: probability_per_month, source: test}}
)";
  auto with = [&](const std::string& start, const std::string& payer) {
    std::string b = body;
    b.replace(b.find("START"), 5, start);
    b.replace(b.find("PAYER"), 5, payer);
    return test::error_of(dir.write("s.yaml", test::override_yaml(b)));
  };
  CHECK(with("2015-01", "council").empty());
  const std::string u =
      "{value: X, uncertainty: {distribution: uniform, min: 1, max: 2, source: s}}";
  std::string date = u, name = u;
  date.replace(date.find('X'), 1, "2015-01");
  name.replace(name.find('X'), 1, "council");
  CHECK_THAT(with(date, "council"), Catch::Contains("interventions.coach.start.uncertainty") &&
                                        Catch::Contains("a date cannot vary"));
  CHECK_THAT(with("2015-01", name),
             Catch::Contains("interventions.coach.costs.payer.uncertainty") &&
                 Catch::Contains("cannot vary"));
}
