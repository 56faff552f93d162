// The outputs of a probabilistic sensitivity analysis (--psa): /psa in result.h5, psa.csv (the
// answers: chance the target is met, chance each partner gains, the acceptability curve, the
// value of information) and psa-replications.csv (one row per replication: the outcomes, the
// points on the cost-effectiveness plane, and the value each uncertain quantity drew). Layout in
// outputs/README.md.
#pragma once
#include <hdf5.h>

#include <string>

#include "compare/psa.hpp"
#include "compare/sensitivity.hpp"
#include "run/indicators.hpp"

namespace hwsim {

// What --psa adds to a run's or a comparison's outputs: the draws, and for a comparison the
// outcomes and their summary.
struct PsaReport {
  PsaDraws draws;
  std::array<std::vector<double>, 2> run_met;  // a run: met on each target measure (0/1)
  std::optional<PsaOutcomes> outcomes;         // a comparison
  std::optional<PsaSummary> summary;
};
PsaReport psa_of_run(const Scenario& sc, std::uint64_t seed, const RunValues& r);
PsaReport psa_of_comparison(const Paired& p, const FinanceResult& f);

void write_psa_h5(hid_t file, const PsaReport& psa);
void write_psa_csv(const std::string& path, const PsaReport& psa);
void write_psa_replications_csv(const std::string& path, const PsaReport& psa);

// tornado.csv of `hwsim sensitivity`: for each outcome, each quantity at its 5th and 95th
// percentile and the outcome at each, sorted by swing (widest first), after the central row.
void write_tornado_csv(const std::string& path, const Sensitivity& s);

}  // namespace hwsim
