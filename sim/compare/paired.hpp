// The paired analysis of a comparison: a scenario against its baseline on common random numbers
// (both runs use the same seed, so replication k of the scenario is paired with replication k
// of the baseline): differences by replication, totals over the run, means over a period, and
// the equality breakdown (who was helped).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "run/simulation.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

struct Paired {
  const Scenario& baseline;
  const Scenario& scenario;
  const RunResult& base;
  const RunResult& scen;
  int target_month() const;              // the month of the target date (or the last)
  std::pair<int, int> gap_year() const;  // months of April 2017 - March 2018, clamped
};

// Per replication: scenario minus baseline for an indicator at month m.
std::vector<double> paired_difference(const Paired& p, const std::string& indicator, int month);
// Per replication: scenario minus baseline, summed over months 1..last (flows).
std::vector<double> paired_total_difference(const Paired& p, const std::string& indicator);
// Per replication: the scenario's mean of an indicator over months [from, to].
std::vector<double> mean_over(const RunResult& r, const std::string& indicator, int from, int to);

// Equality breakdown at a month: (group, level, measure, per-replication differences).
struct EqualityRow {
  std::string group, level, measure;
  std::vector<double> difference;
};
std::vector<EqualityRow> equality_breakdown(const Paired& p, int month);

}  // namespace hwsim
