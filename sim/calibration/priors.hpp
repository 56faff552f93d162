// The parameters a calibration fits (calibration/priors.yaml): each names a parameter of the
// registry (and a level, for a table), the unit its prior is written in (a unit the scenario
// YAML accepts for it), the prior and the reason for its range.
#pragma once
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "params/registry.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

struct FittedParam {
  std::string name;          // as in priors.yaml
  std::string key;           // registry key, "group.name"
  std::string level;         // "" for a scalar; "esa_wrag", or "moderate.fit" for two dimensions
  std::string unit;          // of the prior and of every value of the parameter in outputs
  std::string distribution;  // uniform, log_uniform or normal
  abc::Prior prior;
  std::string reason;
  std::string file;
  int line = 0;
  const ParamSpec* spec = nullptr;
  std::size_t offset = 0;  // of the level within the parameter's doubles

  // The stored value (e.g. a monthly probability) of x written in `unit`.
  double stored(double x) const;
};

// Reads and checks a priors file; throws InputError naming file, line and key.
std::vector<FittedParam> load_priors(const std::string& path);

// A fitted parameter from its key, level and unit (what posterior.h5 records); throws
// std::invalid_argument naming what does not fit the registry.
FittedParam fitted_param(const std::string& key, const std::string& level, const std::string& unit);

// Puts the values theta (one per fitted parameter, in its unit) into the status quo of the
// scenario: the start-up parameters, and the parameters of the run unless the scenario
// itself changes that value (a scenario's own change stands).
void apply_theta(const std::vector<FittedParam>& fitted, const std::vector<double>& theta,
                 Scenario& sc);

}  // namespace hwsim
