// Calibration targets (calibration/targets.yaml): observed figures the model must reproduce,
// each with the indicator and month it is compared at, a tolerance and a source.
#pragma once
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace hwsim {

struct Target {
  std::string name, indicator, source;
  YearMonth month;
  double observed = 0;
  double tolerance = 0;  // absolute, in the indicator's unit
  std::string file;
  int line = 0;
  // |simulated - observed| / tolerance: within tolerance when <= 1.
  double scaled_distance(double simulated) const;
};

// Reads and checks a targets file (indicators must exist); throws InputError.
std::vector<Target> load_targets(const std::string& path);

}  // namespace hwsim
