// The headline figures of a comparison, per replication (what report.html leads with), and the
// ranking of several scenarios compared with one baseline on common random numbers (`hwsim
// compare BASELINE S1 S2 ...`): each scenario's headline figures as a mean with its 5-95% band
// across the paired replications, ranked by the fall in legacy ESA/IB claimants at the target
// date.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "compare/finance.hpp"
#include "compare/paired.hpp"
#include "run/stats.hpp"

namespace hwsim {

// Per replication, scenario against its paired baseline.
struct Headline {
  std::vector<double> claimants_change;  // legacy ESA/IB at the target month (persons)
  std::vector<double> target_met;        // 1 where the scenario meets the target, else 0
  std::vector<double> gap_change;        // LTC employment gap, mean over the gap year (points)
  std::vector<double> extra_jobs;        // jobs sustained 6 months caused, whole run
  std::vector<double> cost;              // cost to all partners (present value)
  std::array<std::vector<double>, kPositions> npv;  // before gain sharing, per partner and total
  // cost / claimants off ESA/IB (replications where claimants fell) and cost / extra sustained
  // jobs (replications with extra jobs); fewer values than replications where not.
  std::vector<double> cost_per_off, cost_per_job;
};
Headline headline_of(const Paired& p, const FinanceResult& finance);

// num[k] / den[k] for each replication whose denominator is positive (above a half).
std::vector<double> ratios(const std::vector<double>& num, const std::vector<double>& den);

// A cost per unit of outcome: the mean cost over the mean outcome (NaN unless the mean outcome
// is above a half), and the band of the per-replication ratios over the `n` replications that
// have one (NaN when none).
struct RatioSummary {
  double value = 0;
  Band band;
  std::size_t n = 0;
};
RatioSummary ratio_summary(const std::vector<double>& cost, const std::vector<double>& outcome,
                           const std::vector<double>& per_replication);

// One scenario's row of the ranking.
struct RankedScenario {
  std::string name;
  int rank = 0;  // 1: the largest fall in claimants
  Band claimants_change, gap_change, extra_jobs, cost;
  double p_target_met = 0;
  std::array<Band, kPositions> npv;
  RatioSummary cost_per_off, cost_per_job;
};

// The scenarios, each with its comparison against the baseline (`paired[k]` with
// `finance[k]`), in rank order: the largest mean fall in legacy ESA/IB claimants at the target
// date first; ties by name.
std::vector<RankedScenario> rank_scenarios(const std::vector<Paired>& paired,
                                           const std::vector<FinanceResult>& finance);

// The ranking as a table of text for the terminal.
std::string ranking_text(const std::vector<RankedScenario>& ranking, const std::string& date);

}  // namespace hwsim
