#include "calibration/abc_smc.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "core/rng.hpp"

namespace hwsim::abc {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Sub-streams of a candidate (the month word of its stream's counter).
constexpr std::uint32_t kProposalStream = 0;
constexpr std::uint32_t kSimulationStream = 1;
// A proposal that keeps landing outside the prior's support means a kernel far wider than
// the support: give up rather than loop for ever.
constexpr int kMaxProposalAttempts = 100000;

Stream candidate_stream(std::uint64_t seed, int generation, std::int64_t candidate,
                        std::uint32_t sub) {
  return Stream(seed, static_cast<std::uint32_t>(generation), static_cast<std::uint64_t>(candidate),
                sub, Process::Calibration);
}

// Uniform on (0, 1), never 0 or 1 (for inverse distribution functions).
double open_uniform(Stream& s) { return (static_cast<double>(s()) + 0.5) * 0x1.0p-32; }

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// What generation t >= 1 proposes from: the previous population in transformed space.
struct Kernel {
  std::vector<std::vector<double>> z;  // [particle][parameter]
  std::vector<double> weight;          // normalised
  std::vector<double> cumulative;      // of weight, the last exactly 1
  std::vector<double> sigma;           // per parameter
};

Kernel make_kernel(const std::vector<Prior>& priors, const std::vector<Particle>& pop) {
  Kernel k;
  const std::size_t n = pop.size(), np = priors.size();
  double total = 0;
  for (const auto& p : pop) total += p.weight;
  k.z.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    k.z[i].resize(np);
    for (std::size_t q = 0; q < np; ++q) k.z[i][q] = priors[q].to_z(pop[i].theta[q]);
    k.weight.push_back(pop[i].weight / total);
  }
  double c = 0;
  for (double w : k.weight) k.cumulative.push_back(c += w);
  k.cumulative.back() = 1.0;
  // Beaumont et al. (2009): twice the weighted variance of the previous population.
  for (std::size_t q = 0; q < np; ++q) {
    double mean = 0;
    for (std::size_t i = 0; i < n; ++i) mean += k.weight[i] * k.z[i][q];
    double var = 0;
    for (std::size_t i = 0; i < n; ++i)
      var += k.weight[i] * (k.z[i][q] - mean) * (k.z[i][q] - mean);
    double s = std::sqrt(2.0 * var);
    if (!(s > 0) || !std::isfinite(s)) s = 1e-9 * std::max(1.0, std::abs(mean));
    k.sigma.push_back(s);
  }
  return k;
}

std::vector<double> propose(const std::vector<Prior>& priors, const Kernel* kernel,
                            const Settings& st, int generation, std::int64_t candidate) {
  Stream s = candidate_stream(st.seed, generation, candidate, kProposalStream);
  std::vector<double> theta(priors.size());
  if (!kernel) {
    for (std::size_t q = 0; q < priors.size(); ++q) theta[q] = priors[q].quantile(open_uniform(s));
    return theta;
  }
  boost::random::normal_distribution<double> normal;
  for (int attempt = 0; attempt < kMaxProposalAttempts; ++attempt) {
    const double u = s.uniform();
    const auto j = static_cast<std::size_t>(
        std::upper_bound(kernel->cumulative.begin(), kernel->cumulative.end(), u) -
        kernel->cumulative.begin());
    const auto& parent = kernel->z[std::min(j, kernel->z.size() - 1)];
    bool inside = true;
    for (std::size_t q = 0; q < priors.size(); ++q) {
      theta[q] = priors[q].from_z(parent[q] + kernel->sigma[q] * normal(s));
      inside = inside && priors[q].in_support(theta[q]);
    }
    if (inside) return theta;
  }
  throw std::runtime_error(
      fmt::format("generation {}: {} proposals in a row fell outside the prior", generation,
                  kMaxProposalAttempts));
}

// w_i ∝ prior(θ_i) / Σ_j w_j K(θ_i | θ_j), in transformed space; normalised.
void set_weights(const std::vector<Prior>& priors, const Kernel& k, std::vector<Particle>& pop) {
  const std::size_t np = priors.size();
  std::vector<double> logw(pop.size());
  for (std::size_t i = 0; i < pop.size(); ++i) {
    std::vector<double> z(np);
    double log_prior = 0;
    for (std::size_t q = 0; q < np; ++q) {
      z[q] = priors[q].to_z(pop[i].theta[q]);
      log_prior += priors[q].log_density_z(z[q]);
    }
    // log Σ_j w_j Π_q φ((z_q - z_jq) / σ_q), with the constant factors (the same for every i)
    // left out; summed in particle order with a running maximum.
    double m = -kInf, acc = 0;
    for (std::size_t j = 0; j < k.z.size(); ++j) {
      double e = std::log(k.weight[j]);
      for (std::size_t q = 0; q < np; ++q) {
        const double d = (z[q] - k.z[j][q]) / k.sigma[q];
        e -= 0.5 * d * d;
      }
      if (e > m) {
        acc = acc * std::exp(m - e) + 1.0;
        m = e;
      } else {
        acc += std::exp(e - m);
      }
    }
    logw[i] = log_prior - (m + std::log(acc));
  }
  const double top = *std::max_element(logw.begin(), logw.end());
  double total = 0;
  for (std::size_t i = 0; i < pop.size(); ++i) total += (pop[i].weight = std::exp(logw[i] - top));
  for (auto& p : pop) p.weight /= total;
}

double ess_of(const std::vector<Particle>& pop) {
  double s = 0;
  for (const auto& p : pop) s += p.weight * p.weight;
  return s > 0 ? 1.0 / s : 0.0;
}

double next_tolerance(const State& state, const Settings& st) {
  std::vector<double> d, w;
  for (const auto& p : state.population) {
    d.push_back(p.distance);
    w.push_back(p.weight);
  }
  return std::max(weighted_quantile(d, w, st.quantile), st.min_tolerance);
}

void check_settings(const std::vector<Prior>& priors, const Settings& st) {
  if (priors.empty()) throw std::invalid_argument("ABC-SMC needs at least one parameter");
  if (st.particles < 2) throw std::invalid_argument("ABC-SMC needs at least 2 particles");
  if (st.max_generations < 1) throw std::invalid_argument("ABC-SMC needs a generation");
  if (!(st.quantile > 0 && st.quantile < 1))
    throw std::invalid_argument("the tolerance quantile must be between 0 and 1");
  if (!(st.min_acceptance > 0 && st.min_acceptance <= 1))
    throw std::invalid_argument("the minimum acceptance rate must be in (0, 1]");
  if (st.min_round < 1) throw std::invalid_argument("a round needs a candidate");
}

}  // namespace

Prior Prior::uniform(double min, double max) { return {Type::Uniform, min, max, min, max}; }
Prior Prior::log_uniform(double min, double max) { return {Type::LogUniform, min, max, min, max}; }
Prior Prior::normal(double mean, double sd, double lo, double hi) {
  return {Type::Normal, mean, sd, lo, hi};
}

bool Prior::in_support(double x) const { return std::isfinite(x) && x >= lo && x <= hi; }
double Prior::to_z(double x) const { return type == Type::LogUniform ? std::log(x) : x; }
double Prior::from_z(double z) const { return type == Type::LogUniform ? std::exp(z) : z; }

double Prior::log_density_z(double z) const {
  if (!in_support(from_z(z))) return -kInf;
  if (type == Type::Normal) return -0.5 * ((z - a) / b) * ((z - a) / b);
  return 0;  // uniform in x, or uniform in log x
}

double Prior::quantile(double p) const {
  switch (type) {
    case Type::Uniform:
      return a + (b - a) * p;
    case Type::LogUniform:
      return std::exp(std::log(a) + (std::log(b) - std::log(a)) * p);
    case Type::Normal: {
      const boost::math::normal_distribution<double> n(a, b);
      const double flo = std::isfinite(lo) ? boost::math::cdf(n, lo) : 0.0;
      const double fhi = std::isfinite(hi) ? boost::math::cdf(n, hi) : 1.0;
      const double f = std::clamp(flo + p * (fhi - flo), 1e-300, 1.0 - 1e-16);
      return std::clamp(boost::math::quantile(n, f), lo, hi);
    }
  }
  return a;
}

std::uint64_t simulation_key(std::uint64_t seed, int generation, std::int64_t candidate) {
  Stream s = candidate_stream(seed, generation, candidate, kSimulationStream);
  const std::uint64_t hi = s();
  return (hi << 32) | s();
}

namespace {
template <typename T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put_vec(std::string& out, const std::vector<double>& v) {
  put(out, static_cast<std::uint64_t>(v.size()));
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
}
struct Reader {
  const std::string& s;
  std::size_t pos = 0;
  template <typename T>
  T get() {
    if (pos + sizeof(T) > s.size()) throw std::runtime_error("ABC state: truncated");
    T v;
    std::memcpy(&v, s.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
  std::vector<double> vec() {
    const auto n = get<std::uint64_t>();
    if (pos + n * sizeof(double) > s.size()) throw std::runtime_error("ABC state: truncated");
    std::vector<double> v(n);
    if (n) std::memcpy(v.data(), s.data() + pos, n * sizeof(double));
    pos += n * sizeof(double);
    return v;
  }
};
}  // namespace

std::string to_bytes(const State& st) {
  std::string out;
  put(out, static_cast<std::int64_t>(st.generations_done));
  put(out, static_cast<std::int64_t>(st.finished));
  put(out, static_cast<std::uint64_t>(st.stop_reason.size()));
  out += st.stop_reason;
  put(out, static_cast<std::uint64_t>(st.population.size()));
  for (const auto& p : st.population) {
    put_vec(out, p.theta);
    put(out, p.weight);
    put(out, p.distance);
    put_vec(out, p.distances);
    put_vec(out, p.values);
  }
  put(out, static_cast<std::uint64_t>(st.history.size()));
  for (const auto& g : st.history) {  // field by field: no padding bytes
    put(out, static_cast<std::int64_t>(g.generation));
    put(out, g.tolerance);
    put(out, g.candidates);
    put(out, g.simulations);
    put(out, g.failures);
    put(out, g.acceptance_rate);
    put(out, g.ess);
    put(out, g.seconds);
  }
  return out;
}

State from_bytes(const std::string& bytes) {
  Reader r{bytes};
  State st;
  st.generations_done = static_cast<int>(r.get<std::int64_t>());
  st.finished = r.get<std::int64_t>() != 0;
  const auto n = r.get<std::uint64_t>();
  if (r.pos + n > bytes.size()) throw std::runtime_error("ABC state: truncated");
  st.stop_reason = bytes.substr(r.pos, n);
  r.pos += n;
  const auto np = r.get<std::uint64_t>();
  for (std::uint64_t i = 0; i < np; ++i) {
    Particle p;
    p.theta = r.vec();
    p.weight = r.get<double>();
    p.distance = r.get<double>();
    p.distances = r.vec();
    p.values = r.vec();
    st.population.push_back(std::move(p));
  }
  const auto ng = r.get<std::uint64_t>();
  for (std::uint64_t i = 0; i < ng; ++i) {
    GenerationSummary g;
    g.generation = static_cast<int>(r.get<std::int64_t>());
    g.tolerance = r.get<double>();
    g.candidates = r.get<std::int64_t>();
    g.simulations = r.get<std::int64_t>();
    g.failures = r.get<std::int64_t>();
    g.acceptance_rate = r.get<double>();
    g.ess = r.get<double>();
    g.seconds = r.get<double>();
    st.history.push_back(g);
  }
  return st;
}

double combine(const std::vector<double>& distances, Norm norm) {
  if (distances.empty()) return 0;
  if (norm == Norm::Max) return *std::max_element(distances.begin(), distances.end());
  double s = 0;
  for (double d : distances) s += d * d;
  return std::sqrt(s / static_cast<double>(distances.size()));
}

double weighted_quantile(std::vector<double> x, std::vector<double> w, double p) {
  if (x.empty()) return std::nan("");
  std::vector<std::size_t> order(x.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto i, auto j) { return x[i] < x[j]; });
  double total = 0;
  for (double v : w) total += v;
  double c = 0;
  for (auto i : order) {
    c += w[i];
    if (c >= p * total) return x[i];
  }
  return x[order.back()];
}

Status run(const std::vector<Prior>& priors, const Settings& st, const Evaluate& evaluate,
           State& state, const Hooks& hooks) {
  check_settings(priors, st);
  const auto N = static_cast<std::size_t>(st.particles);
  const auto max_candidates =
      static_cast<std::int64_t>(std::ceil(static_cast<double>(N) / st.min_acceptance));
  while (!state.finished) {
    const int t = state.generations_done;
    const auto t0 = std::chrono::steady_clock::now();
    const double tolerance = t == 0 ? kInf : next_tolerance(state, st);
    Kernel kernel;
    if (t > 0) kernel = make_kernel(priors, state.population);
    const double rate_before = t == 0 ? 1.0 : state.history.back().acceptance_rate;

    std::vector<Particle> accepted;
    std::int64_t next = 0, considered = 0, simulations = 0, failures = 0;
    while (accepted.size() < N) {
      if (hooks.should_stop && hooks.should_stop()) return Status::Stopped;
      if (next >= max_candidates) {
        if (t == 0)
          throw std::runtime_error(
              fmt::format("generation 0: only {} of {} draws from the prior could be simulated",
                          accepted.size(), next));
        // The tolerance is out of reach at a useful acceptance rate: the last generation done
        // is the posterior.
        state.finished = true;
        state.stop_reason = fmt::format(
            "generation {} accepted {} of {} candidates at tolerance {:.4g}, below the minimum "
            "acceptance rate {}; the posterior is generation {}",
            t, accepted.size(), next, tolerance, st.min_acceptance, t - 1);
        if (hooks.generation_done) hooks.generation_done(state);
        return Status::Finished;
      }
      // Round size from the state alone (never from threads or processes): enough candidates
      // to fill the population at the acceptance rate seen so far in this generation, or at
      // first at three-quarters of the last generation's (rates fall as the tolerance does;
      // a round too small costs another round, one too large costs simulations). Generation 0
      // accepts every candidate the model can run.
      const double rate = t == 0             ? 1.0
                          : accepted.empty() ? std::max(0.75 * rate_before, st.min_acceptance)
                                             : static_cast<double>(accepted.size()) /
                                                   static_cast<double>(considered);
      const auto remaining = static_cast<double>(N - accepted.size());
      auto size = static_cast<std::int64_t>(std::ceil(remaining / std::max(rate, 1e-6)));
      size = std::clamp<std::int64_t>(size, st.min_round, max_candidates - next);
      std::vector<Candidate> batch(static_cast<std::size_t>(size));
      tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
        const std::int64_t c = next + static_cast<std::int64_t>(i);
        batch[i].theta = propose(priors, t == 0 ? nullptr : &kernel, st, t, c);
        batch[i].key = simulation_key(st.seed, t, c);
      });
      const std::vector<Outcome> out = evaluate(batch);
      if (out.size() != batch.size())
        throw std::logic_error("the model returned a wrong number of outcomes");
      simulations += size;
      for (std::size_t i = 0; i < batch.size() && accepted.size() < N; ++i) {
        ++considered;
        if (!out[i].ok) {
          ++failures;
          continue;
        }
        const double d = combine(out[i].distances, st.norm);
        if (d <= tolerance)
          accepted.push_back({batch[i].theta, 1.0, d, out[i].distances, out[i].values});
      }
      next += size;
      if (hooks.round_done)
        hooks.round_done({t, tolerance, static_cast<int>(accepted.size()), st.particles, considered,
                          simulations, seconds_since(t0)});
    }
    if (t == 0) {
      for (auto& p : accepted) p.weight = 1.0 / static_cast<double>(N);
    } else {
      set_weights(priors, kernel, accepted);
    }
    GenerationSummary g;
    g.generation = t;
    g.tolerance = tolerance;
    g.candidates = considered;
    g.simulations = simulations;
    g.failures = failures;
    g.acceptance_rate = static_cast<double>(N) / static_cast<double>(considered);
    g.ess = ess_of(accepted);
    g.seconds = seconds_since(t0);
    state.population = std::move(accepted);
    state.history.push_back(g);
    state.generations_done = t + 1;

    if (state.generations_done >= st.max_generations) {
      state.finished = true;
      state.stop_reason = fmt::format("reached {} generations", st.max_generations);
    } else if (tolerance <= st.min_tolerance) {
      state.finished = true;
      state.stop_reason = fmt::format("reached the minimum tolerance {}", st.min_tolerance);
    } else if (g.acceptance_rate < st.min_acceptance) {
      state.finished = true;
      state.stop_reason =
          fmt::format("acceptance rate {:.3g} fell below {}", g.acceptance_rate, st.min_acceptance);
    } else if (t > 0 && next_tolerance(state, st) >= tolerance) {
      state.finished = true;
      state.stop_reason = "the tolerance no longer falls";
    }
    if (hooks.generation_done) hooks.generation_done(state);
  }
  return Status::Finished;
}

}  // namespace hwsim::abc
