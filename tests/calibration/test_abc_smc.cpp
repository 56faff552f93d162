// The ABC-SMC engine on a closed-form problem with a known posterior: no simulation model.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "calibration/abc_smc.hpp"
#include "core/rng.hpp"

using namespace hwsim;
using namespace hwsim::abc;

namespace {

// Three parameters, each observed through the mean of n = 25 draws with sd 1 (standard error
// 0.2): a location with a uniform prior, a location with a normal prior, and a scale observed
// on the log scale with a log-uniform prior. With flat priors (in the space each is observed
// in) the exact posterior of each is normal around its observed summary with sd 0.2; the
// normal prior N(0, 2) shrinks it by a factor 4 / 4.04, which is negligible here.
constexpr double kSe = 0.2;
const std::vector<double> kTruth{1.3, -0.7, 2.5};

std::vector<Prior> priors() {
  return {Prior::uniform(-5, 5), Prior::normal(0, 2, -10, 10), Prior::log_uniform(0.1, 10)};
}

double normal_draw(Stream& s) {
  const double u1 = (s() + 0.5) * 0x1.0p-32, u2 = s() * 0x1.0p-32;
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

// Summaries of a data set simulated with parameters theta and its own random numbers.
std::vector<double> summaries(const std::vector<double>& theta, std::uint64_t key) {
  Stream s(key, 0, 0, 0, Process::Calibration);
  return {theta[0] + kSe * normal_draw(s), theta[1] + kSe * normal_draw(s),
          std::log(theta[2]) + kSe * normal_draw(s)};
}

// The observed data: drawn once with a fixed key. Each summary lies within 0.6 standard errors
// of the truth (as about 45% of draws do), so the truth lies in the exact 90% interval.
const std::vector<double>& observed() {
  static const std::vector<double> obs = summaries(kTruth, 2015);
  return obs;
}

Outcome model(const Candidate& c) {
  const auto sim = summaries(c.theta, c.key);
  Outcome o;
  for (std::size_t k = 0; k < sim.size(); ++k) {
    o.values.push_back(sim[k]);
    o.distances.push_back(std::abs(sim[k] - observed()[k]) / kSe);
  }
  return o;
}

std::vector<Outcome> in_parallel(const std::vector<Candidate>& batch) {
  std::vector<Outcome> out(batch.size());
  tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) { out[i] = model(batch[i]); });
  return out;
}

// As MPI spreads a batch: in three interleaved parts, each evaluated on its own, gathered back.
std::vector<Outcome> in_three_parts(const std::vector<Candidate>& batch) {
  std::vector<Outcome> out(batch.size());
  for (std::size_t part = 3; part-- > 0;) {
    std::vector<Candidate> mine;
    for (std::size_t i = part; i < batch.size(); i += 3) mine.push_back(batch[i]);
    const auto done = in_parallel(mine);
    for (std::size_t j = 0; j < done.size(); ++j) out[part + 3 * j] = done[j];
  }
  return out;
}

Settings settings() {
  Settings s;
  s.particles = 300;
  s.max_generations = 20;
  s.quantile = 0.3;
  s.min_tolerance = 0.5;
  s.min_acceptance = 0.005;
  s.min_round = 64;
  s.seed = 2024;
  return s;
}

struct Summary {
  double mean = 0, sd = 0, p05 = 0, p95 = 0;
};
Summary summarise(const State& st, std::size_t q, bool log_scale) {
  std::vector<double> x, w;
  double m = 0;
  for (const auto& p : st.population) {
    x.push_back(log_scale ? std::log(p.theta[q]) : p.theta[q]);
    w.push_back(p.weight);
    m += p.weight * x.back();
  }
  double v = 0;
  for (std::size_t i = 0; i < x.size(); ++i) v += w[i] * (x[i] - m) * (x[i] - m);
  return {m, std::sqrt(v), weighted_quantile(x, w, 0.05), weighted_quantile(x, w, 0.95)};
}

void require_identical(const State& a, const State& b) {
  REQUIRE(a.generations_done == b.generations_done);
  REQUIRE(a.population.size() == b.population.size());
  for (std::size_t i = 0; i < a.population.size(); ++i) {
    REQUIRE(a.population[i].theta == b.population[i].theta);
    REQUIRE(a.population[i].weight == b.population[i].weight);
    REQUIRE(a.population[i].distance == b.population[i].distance);
    REQUIRE(a.population[i].values == b.population[i].values);
  }
  REQUIRE(a.history.size() == b.history.size());
  for (std::size_t g = 0; g < a.history.size(); ++g) {
    REQUIRE(a.history[g].tolerance == b.history[g].tolerance);
    REQUIRE(a.history[g].candidates == b.history[g].candidates);
  }
}

}  // namespace

TEST_CASE("ABC-SMC recovers known parameters of a normal model with a known posterior",
          "[calibration][abc]") {
  State st;
  REQUIRE(run(priors(), settings(), in_parallel, st) == Status::Finished);
  INFO("stopped: " << st.stop_reason << " after " << st.generations_done << " generations");
  REQUIRE(st.generations_done >= 4);
  REQUIRE(st.population.size() == 300);
  double total = 0;
  for (const auto& p : st.population) total += p.weight;
  CHECK(total == Approx(1.0));
  const auto pr = priors();
  for (std::size_t q = 0; q < 3; ++q) {
    const bool log_scale = q == 2;
    const Summary s = summarise(st, q, log_scale);
    const double truth = log_scale ? std::log(kTruth[q]) : kTruth[q];
    INFO("parameter " << q << ": posterior mean " << s.mean << " sd " << s.sd << ", 90% " << s.p05
                      << " to " << s.p95 << "; truth " << truth << ", observed " << observed()[q]);
    // The truth lies within the 90% credible interval.
    CHECK(s.p05 <= truth);
    CHECK(truth <= s.p95);
    // The posterior is close to the exact one: centred on the observed summary, with about
    // its spread (ABC's tolerance widens it a little).
    CHECK(std::abs(s.mean - observed()[q]) < 0.5 * kSe);
    CHECK(s.sd > 0.7 * kSe);
    CHECK(s.sd < 1.5 * kSe);
    // And far narrower than the prior.
    const double prior_width = log_scale ? std::log(pr[q].quantile(0.95) / pr[q].quantile(0.05))
                                         : pr[q].quantile(0.95) - pr[q].quantile(0.05);
    CHECK(s.p95 - s.p05 < prior_width / 5);
  }
  // Tolerances fall generation by generation.
  for (std::size_t g = 2; g < st.history.size(); ++g)
    CHECK(st.history[g].tolerance < st.history[g - 1].tolerance);
}

TEST_CASE("ABC-SMC gives the same posterior for any thread count and any spread of the batches",
          "[calibration][abc][determinism]") {
  Settings s = settings();
  s.particles = 100;
  s.max_generations = 4;
  State one, two, parts;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    run(priors(), s, in_parallel, one);
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    run(priors(), s, in_parallel, two);
    run(priors(), s, in_three_parts, parts);
  }
  require_identical(one, two);
  require_identical(one, parts);
  SECTION("and another seed gives another") {
    State other;
    s.seed += 1;
    run(priors(), s, in_parallel, other);
    CHECK(other.population[0].theta != one.population[0].theta);
  }
}

TEST_CASE("ABC-SMC resumed from the state after a generation ends as an uninterrupted run",
          "[calibration][abc][resume]") {
  Settings s = settings();
  s.particles = 100;
  s.max_generations = 5;
  State whole;
  run(priors(), s, in_parallel, whole);

  State part;
  Hooks hooks;
  std::string saved;
  hooks.generation_done = [&](const State& st) { saved = to_bytes(st); };
  hooks.should_stop = [&] { return part.generations_done == 2; };
  REQUIRE(run(priors(), s, in_parallel, part, hooks) == Status::Stopped);
  REQUIRE(part.generations_done == 2);
  State resumed = from_bytes(saved);  // as read back from the checkpoint
  require_identical(resumed, part);
  REQUIRE(run(priors(), s, in_parallel, resumed) == Status::Finished);
  require_identical(resumed, whole);
  CHECK(resumed.stop_reason == whole.stop_reason);
}

TEST_CASE("ABC-SMC stops when the acceptance rate falls below the minimum", "[calibration][abc]") {
  Settings s = settings();
  s.particles = 50;
  s.min_tolerance = 0;
  s.max_generations = 50;
  s.min_acceptance = 0.05;
  State st;
  REQUIRE(run(priors(), s, in_parallel, st) == Status::Finished);
  CHECK(st.generations_done < 50);
  CHECK_THAT(st.stop_reason, Catch::Contains("acceptance"));
  CHECK(st.population.size() == 50);
}

TEST_CASE("prior support transformed space and quantiles", "[calibration][abc]") {
  const Prior u = Prior::uniform(2, 4), l = Prior::log_uniform(0.1, 10),
              n = Prior::normal(0, 1, -1, 5);
  CHECK(u.in_support(2));
  CHECK_FALSE(u.in_support(4.001));
  CHECK(u.quantile(0.5) == Approx(3));
  CHECK(l.quantile(0.5) == Approx(1));
  CHECK(l.to_z(l.from_z(0.3)) == Approx(0.3));
  CHECK(l.log_density_z(std::log(20.0)) == -std::numeric_limits<double>::infinity());
  CHECK(n.quantile(0.0) >= -1);
  CHECK_FALSE(n.in_support(-1.5));
  CHECK(n.log_density_z(0) > n.log_density_z(1));
  CHECK(weighted_quantile({3, 1, 2}, {1, 1, 1}, 0.5) == 2);
  CHECK(weighted_quantile({3, 1, 2}, {0, 0, 1}, 0.1) == 2);
  CHECK(combine({0.5, 2, 1}, Norm::Max) == 2);
  CHECK(combine({3, 4}, Norm::Rms) == Approx(std::sqrt(12.5)));
}
