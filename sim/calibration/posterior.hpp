// What a calibration writes: the checkpoint after each generation (checkpoint.h5), the
// posterior with its provenance (posterior.h5) and the fit to the targets (fit.csv); and the
// reading of a posterior by runs that draw their parameters from it. Layouts in
// outputs/README.md.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/config.hpp"
#include "calibration/priors.hpp"
#include "calibration/targets.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

// What a checkpoint must have been made with to be resumed: (name, value) pairs covering the
// version, seed, settings, priors, targets and the scenario's parameters.
using Fingerprint = std::vector<std::pair<std::string, std::string>>;
Fingerprint calibration_fingerprint(const CalibrationConfig& c, const Scenario& sc,
                                    const std::vector<Target>& targets,
                                    const std::vector<FittedParam>& fitted,
                                    const std::string& version);

// Written whole under a temporary name, then renamed.
void write_checkpoint(const std::string& path, const abc::State& state, const Fingerprint& fp);
// Throws InputError (a clear one-line message) if the file is missing, damaged, not a
// checkpoint, or was made with a different fingerprint.
abc::State read_checkpoint(const std::string& path, const Fingerprint& fp);

struct CalibrationInfo {
  std::string version, command_line;
  int ranks = 1, threads = 1;
  double seconds = 0;  // wall time of this session
};

void write_posterior_h5(const std::string& path, const abc::State& state,
                        const CalibrationConfig& c, const Scenario& sc,
                        const std::vector<Target>& targets, const std::vector<FittedParam>& fitted,
                        const CalibrationInfo& info);
void write_fit_csv(const std::string& path, const abc::State& state,
                   const std::vector<Target>& targets);

// Weighted 5th, 50th and 95th percentiles of column `k` of the particles' values.
struct WeightedBand {
  double p05 = 0, p50 = 0, p95 = 0;
};
WeightedBand band_of_column(const std::vector<abc::Particle>& pop,
                            std::vector<double> abc::Particle::*field, std::size_t k);

// A posterior read back for runs: the fitted parameters, particles and weights.
struct Posterior {
  std::string path;
  std::vector<FittedParam> fitted;
  std::vector<std::vector<double>> theta;  // [particle][parameter], in each parameter's unit
  std::vector<double> weight;              // normalised
  std::vector<double> cumulative;
  std::uint64_t calibration_seed = 0;
  // The particle replication r of a run with master seed `seed` uses: drawn by weight from a
  // stream keyed by (seed, r), so the baseline and the scenario of a comparison share it.
  std::size_t draw(std::uint64_t seed, std::uint32_t replication) const;
  void apply(std::uint64_t seed, std::uint32_t replication, Scenario& sc) const;
};
// Throws InputError if the file is missing, damaged or not a posterior of this version's
// parameters.
Posterior load_posterior(const std::string& path);

}  // namespace hwsim
