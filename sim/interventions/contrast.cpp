#include "interventions/contrast.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace hwsim {

double treated_risk(const TrialContrast& c) {
  return c.kind == ContrastKind::RiskRatio ? c.value * c.control_risk : c.control_risk + c.value;
}

double hazard_ratio_of(const TrialContrast& c) {
  if (c.months < 1)
    throw std::invalid_argument(
        fmt::format("the outcome's time ({} months) must be at least 1", c.months));
  if (!(c.control_risk > 0 && c.control_risk < 1))
    throw std::invalid_argument(
        fmt::format("the control arm's risk ({}) must be above 0 and below 1", c.control_risk));
  const double p1 = treated_risk(c);
  if (!(p1 >= 0 && p1 < 1))
    throw std::invalid_argument(
        fmt::format("the contrast gives the offer arm a risk of {:.4g}, outside 0 to below 1", p1));
  // Monthly probabilities that compound to each arm's risk over T months.
  const double T = c.months;
  const double q0 = -std::expm1(std::log1p(-c.control_risk) / T);
  const double q1 = -std::expm1(std::log1p(-p1) / T);
  return q1 / q0;
}

}  // namespace hwsim
