// The target, judged honestly (MODEL.md section 8). It is written in legacy ESA/IB claimants
// (10,130 by March 2019); from UC full service new claims land on UC instead, so the legacy
// count falls for an administrative reason. Each run is therefore judged on the legacy count
// and on all incapacity benefits (ESA/IB plus UC health), and the change in the legacy count
// since month 0 is split into claims landing on UC, claimants moved to UC, and the rest.
#pragma once
#include <string>
#include <vector>

#include "run/indicators.hpp"
#include "run/simulation.hpp"

namespace hwsim {

// The measures the target is judged on: (indicator, label).
struct TargetMeasure {
  std::string indicator, label;
};
const std::vector<TargetMeasure>& target_measures();

// The month of the target date (or the last month simulated if the run ends before it).
int target_month(const SimulationSettings& s);

// Per replication: 1 if the indicator is at or below the target at the target month, else 0.
std::vector<double> target_met(const RunValues& v, const SimulationSettings& s,
                               const std::string& indicator);
std::vector<double> target_met(const RunResult& r, const SimulationSettings& s,
                               const std::string& indicator);

// Per replication, the change in legacy ESA/IB claimants from month 0 to `month` and its parts:
// UC claimants on a health claim whose claim was made on UC (diversion), who moved from ESA by
// natural or managed migration (each a fall in the legacy count), and the rest (everything
// else: the real change). total = rest - diversion - natural - managed.
struct LegacyChange {
  std::vector<double> total, diversion, natural_migration, managed_migration, rest;
};
LegacyChange legacy_change(const RunValues& v, int month);
LegacyChange legacy_change(const RunResult& r, int month);

}  // namespace hwsim
