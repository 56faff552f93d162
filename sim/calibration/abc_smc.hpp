// ABC-SMC: sequential Monte Carlo approximate Bayesian computation with an adaptive
// tolerance and importance weights (Toni et al. 2009, J R Soc Interface 6:187; Beaumont et
// al. 2009, Biometrika 96:983; Del Moral, Doucet & Jasra 2012, Stat Comput 22:1009).
//
// Generation 0 samples the prior. Generation t >= 1 sets its tolerance to the weighted
// `quantile` of the previous generation's distances (never below `min_tolerance`), proposes
// particles by drawing a parent by weight and perturbing it with a component-wise Gaussian
// kernel whose variance is twice the weighted variance of the previous population (Beaumont
// 2009), in the prior's transformed space (log for log-uniform priors), and keeps those whose
// distance is within the tolerance. Weights: w_i ∝ prior(θ_i) / Σ_j w_j K(θ_i | θ_j).
//
// The engine knows nothing of the model: it calls `Evaluate` on batches of candidates. Every
// random draw is keyed by (seed, generation, candidate index) through Philox, never by thread
// or process; candidates are proposed in rounds of a size that depends only on the state, and
// accepted in index order until the population is full. So the posterior is the same, bit for
// bit, however the batches are spread over threads and processes, and a run resumed from the
// state saved after a generation ends as an uninterrupted one does.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace hwsim::abc {

// A prior for one parameter. Uniform and log-uniform on [a, b]; normal with mean a and
// standard deviation b, truncated to [lo, hi]. The proposal kernel works in the transformed
// space z (z = log x for log-uniform, z = x otherwise).
struct Prior {
  enum class Type { Uniform, LogUniform, Normal };
  Type type = Type::Uniform;
  double a = 0, b = 1;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();

  static Prior uniform(double min, double max);
  static Prior log_uniform(double min, double max);
  static Prior normal(double mean, double sd, double lo, double hi);

  bool in_support(double x) const;
  double to_z(double x) const;
  double from_z(double z) const;
  // log density of z, up to a constant
  double log_density_z(double z) const;
  // The prior's p-quantile (inverse distribution function); also how the prior is sampled.
  double quantile(double p) const;
};

enum class Norm {
  Max,  // the largest scaled distance: within tolerance t means every target within t
  Rms,  // root mean square of the scaled distances
};

struct Settings {
  int particles = 100;
  int max_generations = 8;       // generation 0 (the prior) included
  double quantile = 0.5;         // the next tolerance is this weighted quantile of the distances
  double min_tolerance = 0;      // stop once the tolerance reaches it
  double min_acceptance = 0.01;  // stop when fewer candidates than this share are accepted
  int min_round = 32;            // candidates proposed in a round, at least
  std::uint64_t seed = 1;
  Norm norm = Norm::Max;
};

struct Candidate {
  std::vector<double> theta;
  std::uint64_t key = 0;  // seeds the model's own random numbers
};

// What the model returns for a candidate: per target, the scaled distance
// |simulated - observed| / tolerance and the simulated value. ok = false (a parameter set the
// model cannot run, e.g. a start-up balance that fails) is a rejection.
struct Outcome {
  bool ok = true;
  std::vector<double> distances;
  std::vector<double> values;
};

// Evaluates a batch; the result for candidate i is at i. Implementations spread the batch over
// threads (and processes); they must not change any result.
using Evaluate = std::function<std::vector<Outcome>(const std::vector<Candidate>&)>;

// The simulation seed of a candidate (also what Candidate::key is set to).
std::uint64_t simulation_key(std::uint64_t seed, int generation, std::int64_t candidate);

struct Particle {
  std::vector<double> theta;
  double weight = 0;
  double distance = 0;
  std::vector<double> distances;  // per target, scaled
  std::vector<double> values;     // per target, simulated
};

struct GenerationSummary {
  int generation = 0;
  double tolerance = 0;          // +inf for generation 0
  std::int64_t candidates = 0;   // proposed and inside the prior's support, up to the last accepted
  std::int64_t simulations = 0;  // run, including those after the last accepted in its round
  std::int64_t failures = 0;     // simulations the model could not run
  double acceptance_rate = 0;    // particles / candidates
  double ess = 0;                // effective sample size, 1 / Σ w²
  double seconds = 0;            // wall time of the generation
};

// Everything the next generation depends on; saved as the checkpoint after each generation.
struct State {
  int generations_done = 0;
  std::vector<Particle> population;  // the last generation done (the posterior when finished)
  std::vector<GenerationSummary> history;
  bool finished = false;
  std::string stop_reason;
};

struct RoundProgress {
  int generation = 0;
  double tolerance = 0;
  int accepted = 0;
  int particles = 0;
  std::int64_t candidates = 0;
  std::int64_t simulations = 0;
  double seconds = 0;  // in this generation so far
};

struct Hooks {
  std::function<void(const State&)> generation_done;  // after each generation (checkpoint)
  std::function<void(const RoundProgress&)> round_done;
  // Checked before each round: true abandons the generation in progress (the state stays at
  // the last generation done, so it can be resumed).
  std::function<bool()> should_stop;
};

enum class Status { Finished, Stopped };

// Runs generations from `state` (fresh: default State) until a stopping rule holds or
// hooks.should_stop() returns true.
Status run(const std::vector<Prior>& priors, const Settings& settings, const Evaluate& evaluate,
           State& state, const Hooks& hooks = {});

// The state as bytes and back (to send it between processes; the same build on both ends).
std::string to_bytes(const State& state);
State from_bytes(const std::string& bytes);

// Combines scaled distances per the norm.
double combine(const std::vector<double>& distances, Norm norm);

// Weighted quantile (weights need not be normalised): the smallest x whose cumulative weight,
// in increasing order of x, reaches p of the total.
double weighted_quantile(std::vector<double> x, std::vector<double> w, double p);

}  // namespace hwsim::abc
