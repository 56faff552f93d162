// `hwsim effect`: a trial's reported contrast (risk ratio or risk difference by T months, on a
// control-arm risk) as the hazard ratio an intervention's effects take
// (interventions/contrast.hpp).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

#include "cli/common.hpp"
#include "interventions/contrast.hpp"

namespace hwsim::cli {

namespace {

struct EffectOptions {
  std::optional<double> risk_ratio, risk_difference;
  int months = 12;
  double control_risk = 0;
};

int effect(const EffectOptions& o) {
  if (o.risk_ratio.has_value() == o.risk_difference.has_value()) {
    print_error("give one of --risk-ratio and --risk-difference; see hwsim effect --help");
    return kBadInput;
  }
  const TrialContrast c{o.risk_ratio ? ContrastKind::RiskRatio : ContrastKind::RiskDifference,
                        o.risk_ratio ? *o.risk_ratio : *o.risk_difference, o.months,
                        o.control_risk};
  double hr = 0;
  try {
    hr = hazard_ratio_of(c);
  } catch (const std::invalid_argument& e) {
    print_error(e.what());
    return kBadInput;
  }
  std::cout << fmt::format(
      "trial contrast: risk {} {:g} by {} months on a control-arm risk of {:g}\n"
      "  offer arm's risk by then: {:.4g}\n"
      "  hazard ratio on the monthly probability, for an intervention's effects: {:.4g}\n",
      o.risk_ratio ? "ratio" : "difference", c.value, c.months, c.control_risk, treated_risk(c),
      hr);
  return kDone;
}

}  // namespace

Command add_effect(CLI::App& app) {
  auto o = std::make_shared<EffectOptions>();
  auto* cmd = app.add_subcommand(
      "effect", "turn a trial's risk ratio or risk difference into the model's hazard ratio");
  cmd->add_option("--risk-ratio", o->risk_ratio, "offer arm's risk over the control arm's");
  cmd->add_option("--risk-difference", o->risk_difference,
                  "offer arm's risk minus the control arm's (a share: 0.1 is 10 points)");
  cmd->add_option("--months", o->months, "months from randomisation to the outcome (default 12)");
  cmd->add_option("--control-risk", o->control_risk,
                  "the control arm's risk of the outcome by then (a share)")
      ->required();
  return {cmd, [o] { return guarded([o] { return effect(*o); }); }};
}

}  // namespace hwsim::cli
