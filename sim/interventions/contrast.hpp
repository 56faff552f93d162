// From a trial's reported contrast to the model's hazard ratio. A trial reports a risk ratio
// or a risk difference of an outcome (e.g. entering work) by T months after randomisation, in
// a population whose control arm reached risk p0 by then. The model multiplies a monthly
// probability by the intervention's hazard ratio (model/labour.cpp), held for the T months. With
// a constant monthly probability in each arm, the control arm's is q0 = 1 - (1 - p0)^(1/T) and
// the offer arm's q1 = 1 - (1 - p1)^(1/T), where p1 = RR p0 or p0 + RD; the hazard ratio that
// reproduces the trial's contrast in the model is q1 / q0. For rare outcomes it is close to the
// risk ratio; for common ones it is larger (RR 1.7 on a control risk of 20% over 12 months is a
// hazard ratio of 1.85).
#pragma once

namespace hwsim {

enum class ContrastKind { RiskRatio, RiskDifference };

struct TrialContrast {
  ContrastKind kind = ContrastKind::RiskRatio;
  double value = 1;         // the risk ratio, or the risk difference (a share, 0.1 = 10 points)
  int months = 12;          // T: months from randomisation to the outcome's measurement
  double control_risk = 0;  // p0: the control arm's risk by then, in (0, 1)
};

// The offer arm's risk p1 by T months.
double treated_risk(const TrialContrast& c);
// The hazard ratio on the monthly probability that gives the contrast in the model. Throws
// std::invalid_argument naming the problem when the contrast is impossible (p0 not in (0, 1),
// p1 not in [0, 1), T < 1).
double hazard_ratio_of(const TrialContrast& c);

}  // namespace hwsim
