// The analysis of a simulated trial (hwsim trial), as a trial statistician would run it on each
// replication's data, and what the replications say together: how often the trial would find
// the effect (power), the smallest effect it could detect, the arms' outcomes with their bands.
//
// Each binary outcome at each follow-up point is analysed by intention to treat (everyone as
// randomised) and per protocol (the offer arm who started the intervention against the controls
// who got no such help elsewhere). Participants who left the population before a point are
// left out at it (a complete-case analysis).
//
// - Individual randomisation: the risk difference with its Wald 95% interval, the risk ratio with
//   the log-scale (Katz) interval, and the two-sided p-value of the two-proportion z test with
//   pooled variance (Pearson's chi-squared test without continuity correction).
// - Cluster randomisation: the analysis of cluster-level summaries (Hayes and Moulton, Cluster
//   Randomised Trials, 2nd ed. 2017, chapter 9): each practice's proportion, the difference of the
//   arms' means with a t test on k - 2 degrees of freedom (k practices), and the ratio of the
//   means with a delta-method interval on the same t. The intra-cluster correlation is the
//   one-way ANOVA estimator with arm-specific means (Donner and Klar 2000), and the design effect
//   1 + (m - 1) ICC for the mean practice size m.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/detectable.hpp"
#include "model/trial.hpp"
#include "run/trial.hpp"
#include "scenario/trial.hpp"

namespace hwsim {

// x of n participants with the outcome.
struct Proportion {
  std::int64_t n = 0, x = 0;
  double p() const { return n > 0 ? static_cast<double>(x) / static_cast<double>(n) : 0.0; }
};

struct TrialEstimate {
  Proportion offer, control;
  double rd = 0, rd_low = 0, rd_high = 0;  // risk difference, offer minus control, and its 95% CI
  double rr = 1, rr_low = 1, rr_high = 1;  // risk ratio and its 95% CI (NaN where undefined)
  double p_value = 1;
  bool significant = false;  // p < 0.05, two-sided
  // The standard error of the difference from the control arm's risk alone (what the minimum
  // detectable effect is built from), its degrees of freedom (0: the normal) and, for a
  // cluster design, the ICC and design effect.
  double se_null = 0;
  int df = 0;
  double icc = 0, design_effect = 1;
};

// An individually randomised comparison of two proportions.
TrialEstimate estimate_individual(Proportion offer, Proportion control);
// A cluster-randomised comparison: one proportion per practice in each arm (at least two each;
// practices with nobody followed are left out).
TrialEstimate estimate_cluster(const std::vector<Proportion>& offer,
                               const std::vector<Proportion>& control);
// The one-way ANOVA estimator of the intra-cluster correlation of a binary outcome, with each
// arm's own mean (NaN with fewer than three practices or no variation).
double icc_anova(const std::vector<Proportion>& offer, const std::vector<Proportion>& control);
// The smallest true difference a two-sided 5% test detects with 80% power, given the standard
// error of the difference and its degrees of freedom (0: the normal).
double minimum_detectable(double se, int df);

enum class TrialAnalysis : std::uint8_t { IntentionToTreat, PerProtocol, Count };
inline constexpr std::array<std::string_view, 2> kTrialAnalysisNames{"itt", "per_protocol"};
template <>
constexpr auto& names_of<TrialAnalysis>() {
  return kTrialAnalysisNames;
}

// The first `n` participants of one replication's trial analysed on one outcome at follow-up
// point `at` (index in kFollowUpMonths).
TrialEstimate analyse(const TrialState& t, std::size_t n, TrialAnalysis a, std::size_t at,
                      TrialOutcome o);

// A figure across replications: its mean and the 2.5th and 97.5th percentiles.
struct TrialBand {
  double mean = 0, low = 0, high = 0;
};
TrialBand trial_band(std::vector<double> v);

// Power and the estimate across replications, for one sample size, analysis, point, outcome.
struct PowerRow {
  int participants = 0;  // the first this many randomised in each replication
  TrialAnalysis analysis{};
  int month = 0;  // months after randomisation
  TrialOutcome outcome{};
  double power = 0, power_low = 0, power_high = 0;  // share significant and its 95% (Wilson) CI
  TrialBand rd, rr;
  double mde = 0;  // mean over replications
  double icc = 0, design_effect = 1;
  TrialBand offer_risk, control_risk;
  double n_offer = 0, n_control = 0;  // followed to this point, mean over replications
};

// An arm's outcome across replications (trial.csv).
struct ArmRow {
  TrialAnalysis analysis{};
  std::string arm;  // offer, control, difference
  int month = 0;
  std::string outcome, unit;
  TrialBand value;
};

// The characteristics of the arms at randomisation, pooled over replications (balance.csv).
struct BalanceRow {
  std::string characteristic, level;
  double offer = 0, control = 0;  // shares of each arm
};

// What the trial does to the borough's own figures: the run with the trial against the same
// borough without the trialled intervention (run/trial.hpp trial_baseline), replication by
// replication on common random numbers. The board's minutes say the ESA/IB count alone will not
// show how well each part works; this says by how much, for this trial.
struct BoroughRow {
  std::string indicator, label, unit;
  std::string when;  // the month (YYYY-MM) or the period (YYYY-MM to YYYY-MM)
  TrialBand baseline, with_trial, difference;
  std::vector<double> by_replication;  // the difference in each replication
};
struct TrialBorough {
  std::vector<BoroughRow> rows;  // the target's measures at the target month, the LTC gap
  DetectableChange detectable;   // the legacy count's smallest detectable change
};
// From the paired runs of `run` (TrialPairing::WithBaseline); `with_trial` is the scenario the
// trial ran on (trial_scenario), `without` its trial_baseline.
TrialBorough trial_borough(const Scenario& with_trial, const Scenario& without,
                           const TrialRun& run);

struct TrialSummary {
  int replications = 0;
  TrialPlan plan;          // participants: the trial's own size
  std::vector<int> sizes;  // the power curve's sample sizes, the trial's among them
  TrialOutcome primary = TrialOutcome::Worked13Weeks;
  int primary_month = 12;
  std::vector<PowerRow> power;  // every size, analysis, point and outcome
  std::vector<ArmRow> arms;     // the trial's own size
  std::vector<BalanceRow> balance;
  std::vector<TrialBand> recruited;     // cumulative participants by month of the run
  TrialBand participants;               // recruited by the end of the window
  TrialBand offer_started;              // share of the offer arm who started
  double refused = 0;                   // referrals outside a cluster trial's practices
  std::optional<TrialBorough> borough;  // the trial's effect on the borough (paired runs)
  // The primary outcome at the trial's size: the estimates of each replication.
  const PowerRow& primary_row(TrialAnalysis a = TrialAnalysis::IntentionToTreat) const;
};

// Analyses every replication's trial at each of `sizes` and at the trial's own size
// (plan.participants; the run may have recruited more, for the larger sizes) and summarises.
// Bootstrap bands (cost per extra person in work) use `seed`.
TrialSummary summarise_trial(const TrialRun& run, const TrialPlan& plan, std::vector<int> sizes,
                             TrialOutcome primary, int primary_month, std::uint64_t seed);

// The per-replication estimates behind the summary: [size][analysis][point][outcome] for each
// replication, flattened in that order (result.h5 /trial).
std::vector<TrialEstimate> trial_estimates(const TrialRun& run, const std::vector<int>& sizes);

// The summary as text for the terminal.
std::string trial_summary_text(const TrialSummary& s);

// The translation check: a scenario that recreates a published trial (its population, follow-up
// and outcome) set beside what the paper reported, so a user sees whether the hazard ratio in the
// YAML reproduces the evidence it cites.
struct TranslationCheck {
  PublishedContrast published;
  double published_rr = 1, published_rd = 0;  // the published contrast on both scales
  double implied_hr = 1;  // the hazard ratio the published contrast converts to (contrast.hpp)
  double yaml_hr = 1;     // the intervention's job_entry_hr
  PowerRow model;         // the model's intention-to-treat estimate at the same point
  // Whether the model's mean contrast lies in the published 95% interval (on the scale the
  // paper reports), or, without one, the published contrast in the model's band.
  bool reproduces = false;
};
TranslationCheck translation_check(const TrialSummary& s, const PublishedContrast& p,
                                   double yaml_hr);
std::string translation_text(const TranslationCheck& t);

}  // namespace hwsim
