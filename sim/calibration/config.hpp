// A calibration run as data (calibration/calibrate.yaml): the scenario whose status quo is
// fitted, the targets, the priors and the ABC-SMC settings, each number with its unit and
// reason. Paths are relative to the file.
#pragma once
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"

namespace hwsim {

struct CalibrationConfig {
  std::string path, text;
  std::string scenario_path, targets_path, priors_path;
  abc::Settings settings;
  int replications = 1;  // replications per particle; their mean is compared with the targets
};

// Reads and checks the file; throws InputError naming file, line and key.
CalibrationConfig load_calibration_config(const std::string& path);

}  // namespace hwsim
