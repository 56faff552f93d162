// report.html of `hwsim trial`: the answer first (would a trial of this size find the effect,
// and what would it measure), then recruitment by month, the power curve, each arm's outcomes
// at 6 to 24 months, and the arms' balance at randomisation; a self-contained page with
// Chart.js embedded, so it opens offline.
#pragma once
#include <string>

#include "compare/trial.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

// With `translation`, the page sets the recreated published trial beside the model's.
std::string render_trial(const Scenario& sc, const TrialSummary& s, std::uint64_t seed,
                         const TranslationCheck* translation = nullptr);

}  // namespace hwsim
