#include "params/registry.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hwsim {

namespace {

double* ptr(double& d) { return &d; }
template <std::size_t N>
double* ptr(std::array<double, N>& a) {
  return a.data();
}
template <std::size_t N, std::size_t M>
double* ptr(std::array<std::array<double, M>, N>& a) {
  return a[0].data();
}

template <typename E>
std::span<const std::string_view> dim() {
  const auto& n = names_of<E>();
  return {n.data(), n.size()};
}

// Tables by benefit are written for the legacy benefits: a UC state follows the rules of the
// legacy group it replaces (legacy_equivalent).
std::span<const std::string_view> legacy_benefits() {
  return {kBenefitNames.data(), kLegacyBenefits};
}

#define HWSIM_FIELD(expr) [](Params& p) -> double* { return ptr(p.expr); }

constexpr double kInf = 1e300;

std::vector<ParamSpec> build() {
  using K = Kind;
  std::vector<ParamSpec> r;
  auto add = [&](std::string key, Kind kind, double lo, double hi, std::string desc,
                 std::vector<std::span<const std::string_view>> dims,
                 std::function<double*(Params&)> data) {
    r.push_back(
        ParamSpec{std::move(key), kind, lo, hi, std::move(desc), std::move(dims), std::move(data)});
    return &r.back();
  };
  // --- population: the month-0 synthesis targets (MODEL.md section 4) ---
  add("population.size", K::Count, 1000, 1e8, "working-age residents at month 0", {},
      HWSIM_FIELD(population.size));
  add("population.age_share", K::Share, 0, 1, "share of working-age residents by age band",
      {dim<AgeBand>()}, HWSIM_FIELD(population.age_share))
      ->sums_to_one = true;
  add("population.female_share", K::Share, 0, 1, "share of working-age residents who are female",
      {}, HWSIM_FIELD(population.female_share));
  add("population.gp_practices", K::Count, 1, 64, "GP practices residents are registered with", {},
      HWSIM_FIELD(population.gp_practices));
  add("population.condition_count", K::Count, 0, 1e8,
      "residents with each primary condition at month 0 (none is the remainder)",
      {dim<Condition>()}, HWSIM_FIELD(population.condition_count))
      ->allow_missing_levels = true;
  add("population.condition_age_rr", K::Ratio, 0, 1e3,
      "relative prevalence of each condition by age band", {dim<Condition>(), dim<AgeBand>()},
      HWSIM_FIELD(population.condition_age_rr));
  add("population.severity_share", K::Share, 0, 1, "share of each condition at each severity",
      {dim<Condition>(), dim<Severity>()}, HWSIM_FIELD(population.severity_share))
      ->sums_to_one = true;
  add("population.employment_rate", K::Share, 0, 1, "employment rate, working age", {},
      HWSIM_FIELD(population.employment_rate));
  add("population.inactivity_rate", K::Share, 0, 1, "economic inactivity rate, working age", {},
      HWSIM_FIELD(population.inactivity_rate));
  add("population.jsa_count", K::Count, 0, 1e8, "JSA claimants at month 0", {},
      HWSIM_FIELD(population.jsa_count));
  add("population.esa_ib_count", K::Count, 0, 1e8, "ESA/IB claimants at month 0", {},
      HWSIM_FIELD(population.esa_ib_count));
  add("population.esa_ib_mental_share", K::Share, 0, 1,
      "share of ESA/IB claimants whose primary condition is mental or behavioural", {},
      HWSIM_FIELD(population.esa_ib_mental_share));
  add("population.ltc_employment_gap", K::Points, 0, 100,
      "employment rate of all working age minus that of people with a long-term condition", {},
      HWSIM_FIELD(population.ltc_employment_gap));
  add("population.inactive_sick_share", K::Share, 0, 1,
      "share of inactive non-claimants with a moderate or severe condition who are inactive "
      "because of it",
      {}, HWSIM_FIELD(population.inactive_sick_share));
  {
    auto* s = add("population.employment_rate_target", K::Share, -1, 1,
                  "employment rate that the synthesis must hit for a condition (omit to leave "
                  "it to the fit)",
                  {dim<Condition>()}, HWSIM_FIELD(population.employment_rate_target));
    s->allow_missing_levels = true;
    s->missing_value = -1;
  }
  add("population.employment_odds", K::Ratio, 0, 1e6,
      "relative odds of being in work by condition and severity (seed of the fit)",
      {dim<Condition>(), dim<Severity>()}, HWSIM_FIELD(population.employment_odds));
  add("population.claim_odds", K::Ratio, 0, 1e6,
      "relative odds of claiming ESA/IB by condition and severity (seed of the fit)",
      {dim<Condition>(), dim<Severity>()}, HWSIM_FIELD(population.claim_odds));
  add("population.claim_age_odds", K::Ratio, 0, 1e6, "relative odds of claiming ESA/IB by age",
      {dim<AgeBand>()}, HWSIM_FIELD(population.claim_age_odds));
  add("population.employment_age_odds", K::Ratio, 0, 1e6, "relative odds of work by age",
      {dim<AgeBand>()}, HWSIM_FIELD(population.employment_age_odds));
  add("population.esa_ilo_unemployed_share", K::Share, 0, 1,
      "share of ESA/IB claimants who are ILO unemployed (looking for work)", {},
      HWSIM_FIELD(population.esa_ilo_unemployed_share));

  // --- demography ---
  add("demography.mortality", K::Rate, 0, 1, "death rate by age band and sex",
      {dim<AgeBand>(), dim<Sex>()}, HWSIM_FIELD(demography.mortality));
  add("demography.mortality_hr", K::Ratio, 0, 100, "mortality hazard ratio by condition",
      {dim<Condition>()}, HWSIM_FIELD(demography.mortality_hr));
  add("demography.migration_out", K::Rate, 0, 1, "out-migration rate by age band", {dim<AgeBand>()},
      HWSIM_FIELD(demography.migration_out));

  add("demography.migration_hr_claimant", K::Ratio, 0, 100,
      "hazard ratio on moving away for ESA/IB claimants", {},
      HWSIM_FIELD(demography.migration_hr_claimant));

  // --- health ---
  add("health.remission", K::Rate, 0, 1, "remission rate of each condition", {dim<Condition>()},
      HWSIM_FIELD(health.remission));
  add("health.remission_hr_employed", K::Ratio, 0, 100,
      "hazard ratio on remission for people in work", {},
      HWSIM_FIELD(health.remission_hr_employed));
  add("health.onset_hr_not_employed", K::Ratio, 0, 100,
      "hazard ratio on onset for people out of work, by condition", {dim<Condition>()},
      HWSIM_FIELD(health.onset_hr_not_employed));
  add("health.severity_improve", K::Rate, 0, 1,
      "rate at which severity falls one level (the rate up is set by balance)", {},
      HWSIM_FIELD(health.severity_improve));
  add("health.comorbid_onset_hr_msk", K::Ratio, 0, 100,
      "hazard ratio of depression for people with MSK conditions", {},
      HWSIM_FIELD(health.comorbid_onset_hr_msk));
  add("health.comorbid_remission", K::Rate, 0, 1, "remission rate of comorbid depression", {},
      HWSIM_FIELD(health.comorbid_remission));

  // --- claims and assessment ---
  add("claims.new_claim", K::Rate, 0, 1,
      "rate of new ESA claims for a moderate condition, inactive through sickness (reference "
      "level before the start-up balance)",
      {}, HWSIM_FIELD(claims.new_claim));
  add("claims.claim_rr_severity", K::Ratio, 0, 1e3, "relative rate of a new ESA claim by severity",
      {dim<Severity>()}, HWSIM_FIELD(claims.claim_rr_severity));
  add("claims.claim_rr_labour", K::Ratio, 0, 1e3,
      "relative rate of a new ESA claim by labour state", {dim<Labour>()},
      HWSIM_FIELD(claims.claim_rr_labour));
  add("claims.claim_rr_comorbid", K::Ratio, 0, 1e3,
      "relative rate of a new ESA claim with comorbid depression", {},
      HWSIM_FIELD(claims.claim_rr_comorbid));
  add("claims.assessment_wca", K::Rate, 0, 1,
      "rate of Work Capability Assessment decisions in the assessment phase", {},
      HWSIM_FIELD(claims.assessment_wca));
  add("claims.assessment_closure", K::Rate, 0, 1,
      "rate at which claims close before a WCA decision", {},
      HWSIM_FIELD(claims.assessment_closure));
  add("claims.wca_outcome", K::Probability, 0, 1, "WCA outcome by severity",
      {dim<Severity>(), dim<WcaOutcome>()}, HWSIM_FIELD(claims.wca_outcome))
      ->sums_to_one = true;
  add("claims.appeal_share", K::Probability, 0, 1, "share of fit-for-work decisions appealed", {},
      HWSIM_FIELD(claims.appeal_share));
  add("claims.appeal_decision", K::Rate, 0, 1, "rate at which appeals are heard", {},
      HWSIM_FIELD(claims.appeal_decision));
  add("claims.appeal_success", K::Probability, 0, 1, "share of appeals found for the claimant", {},
      HWSIM_FIELD(claims.appeal_success));
  add("claims.fit_to_jsa", K::Probability, 0, 1,
      "share of people leaving ESA found fit for work who claim JSA", {},
      HWSIM_FIELD(claims.fit_to_jsa));
  add("claims.wrag_reassessment", K::Rate, 0, 1, "reassessment rate in the WRAG", {},
      HWSIM_FIELD(claims.wrag_reassessment));
  add("claims.support_reassessment", K::Rate, 0, 1, "reassessment rate in the support group", {},
      HWSIM_FIELD(claims.support_reassessment));
  add("claims.contributory_only_share", K::Probability, 0, 1,
      "share of new claims on contribution-based ESA only", {},
      HWSIM_FIELD(claims.contributory_only_share));
  add("claims.contributory_limit_months", K::Months, 1, 120,
      "time limit of contribution-based ESA in the WRAG", {},
      HWSIM_FIELD(claims.contributory_limit_months));
  add("claims.ib_migration", K::Rate, 0, 1,
      "rate at which IB claimants are reassessed for ESA (from the start month)", {},
      HWSIM_FIELD(claims.ib_migration));
  add("claims.exit_other", K::Rate, 0, 1,
      "rate of leaving the benefit for reasons other than work, WCA or time limit",
      {legacy_benefits()}, HWSIM_FIELD(claims.exit_other));
  add("claims.exit_hr_duration", K::Ratio, 0, 100,
      "hazard ratio on leaving ESA/IB by months since the claim began", {dim<DurBand>()},
      HWSIM_FIELD(claims.exit_hr_duration));

  // --- labour market ---
  add("labour.job_loss", K::Rate, 0, 1, "rate of leaving work", {}, HWSIM_FIELD(labour.job_loss));
  add("labour.job_loss_hr_condition", K::Ratio, 0, 100, "hazard ratio on leaving work by condition",
      {dim<Condition>()}, HWSIM_FIELD(labour.job_loss_hr_condition));
  add("labour.job_loss_hr_severity", K::Ratio, 0, 100, "hazard ratio on leaving work by severity",
      {dim<Severity>()}, HWSIM_FIELD(labour.job_loss_hr_severity));
  add("labour.job_loss_hr_tenure", K::Ratio, 0, 100,
      "hazard ratio on leaving work by months in the job (retention)", {dim<DurBand>()},
      HWSIM_FIELD(labour.job_loss_hr_tenure));
  add("labour.job_loss_to_unemployed", K::Probability, 0, 1,
      "share of people leaving work who become ILO unemployed (else inactive)", {},
      HWSIM_FIELD(labour.job_loss_to_unemployed));
  add("labour.job_entry", K::Rate, 0, 1, "rate of entering work by origin state", {dim<Origin>()},
      HWSIM_FIELD(labour.job_entry));
  add("labour.job_entry_hr_condition", K::Ratio, 0, 100,
      "hazard ratio on entering work by condition", {dim<Condition>()},
      HWSIM_FIELD(labour.job_entry_hr_condition));
  add("labour.job_entry_hr_severity", K::Ratio, 0, 100, "hazard ratio on entering work by severity",
      {dim<Severity>()}, HWSIM_FIELD(labour.job_entry_hr_severity));
  add("labour.job_entry_hr_duration", K::Ratio, 0, 100,
      "hazard ratio on entering work by months out of work", {dim<DurBand>()},
      HWSIM_FIELD(labour.job_entry_hr_duration));
  add("labour.job_entry_hr_comorbid", K::Ratio, 0, 100,
      "hazard ratio on entering work with comorbid depression", {},
      HWSIM_FIELD(labour.job_entry_hr_comorbid));
  add("labour.job_entry_hr_age", K::Ratio, 0, 100, "hazard ratio on entering work by age band",
      {dim<AgeBand>()}, HWSIM_FIELD(labour.job_entry_hr_age));
  add("labour.search_start", K::Rate, 0, 1, "rate at which inactive people start looking for work",
      {}, HWSIM_FIELD(labour.search_start));
  add("labour.search_stop", K::Rate, 0, 1, "rate at which unemployed people stop looking", {},
      HWSIM_FIELD(labour.search_stop));
  add("labour.sick_recovery", K::Rate, 0, 1,
      "rate at which inactive non-claimants stop being inactive because of sickness (reference "
      "level before the start-up balance)",
      {}, HWSIM_FIELD(labour.sick_recovery));
  add("labour.jsa_claim", K::Rate, 0, 1, "rate at which unemployed non-claimants claim JSA", {},
      HWSIM_FIELD(labour.jsa_claim));
  add("labour.jsa_exit", K::Rate, 0, 1, "rate of leaving JSA other than into work", {},
      HWSIM_FIELD(labour.jsa_exit));

  // --- services (NHS use) ---
  add("services.use", K::Frequency, 0, 1000, "mean use of each NHS service by primary condition",
      {dim<Service>(), dim<Condition>()}, HWSIM_FIELD(services.use));
  add("services.hr_severity", K::Ratio, 0, 100, "ratio on service use by severity",
      {dim<Severity>()}, HWSIM_FIELD(services.hr_severity));
  add("services.hr_employed", K::Ratio, 0, 100, "ratio on service use for people in work", {},
      HWSIM_FIELD(services.hr_employed));

  // --- accounting ---
  add("accounting.earnings_median", K::Money, 0, 1e6,
      "median gross earnings of established employees by primary condition (2014/15 prices)",
      {dim<Condition>()}, HWSIM_FIELD(accounting.earnings_median));
  add("accounting.entrant_earnings_ratio", K::Ratio, 0.05, 1,
      "pay of a new job relative to its established pay", {},
      HWSIM_FIELD(accounting.entrant_earnings_ratio));
  add("accounting.earnings_progression_months", K::Months, 0, 600,
      "months in a job for pay to rise from the entrant level to the established level", {},
      HWSIM_FIELD(accounting.earnings_progression_months));
  add("accounting.earnings_lower_quartile_ratio", K::Ratio, 0.2, 0.99,
      "lower quartile of established pay over the median (the spread of the log-normal)", {},
      HWSIM_FIELD(accounting.earnings_lower_quartile_ratio));
  // --- Universal Credit: the rates of the policy timeline (policy:, params/policy.hpp) ---
  add("uc.live_service_single_share", K::Share, 0, 1,
      "share of new JSA-type claims made by single people (those the UC live service took)", {},
      HWSIM_FIELD(uc.live_service_single_share));
  add("uc.new_style_with_uc_share", K::Probability, 0, 1,
      "probability a new health claim under UC full service gets new-style ESA with UC beside it "
      "(claims.contributory_only_share get new-style ESA alone; the rest UC alone)",
      {}, HWSIM_FIELD(uc.new_style_with_uc_share));
  // Migration rates of more than 1 a year are refused (a monthly probability of 1 - e^(-1/12)).
  const double one_a_year = -std::expm1(-1.0 / 12.0);
  add("uc.natural_migration", K::Rate, 0, one_a_year,
      "monthly chance a legacy means-tested claim (JSA, income-related ESA) ends through a change "
      "of circumstances and moves to UC, from policy.natural_migration (at most 1 a year)",
      {}, HWSIM_FIELD(uc.natural_migration));
  add("uc.managed_migration", K::Rate, 0, one_a_year,
      "monthly chance DWP moves a remaining legacy claimant to UC, from policy.managed_migration "
      "(at most 1 a year)",
      {}, HWSIM_FIELD(uc.managed_migration));
  return r;
}

}  // namespace

const std::vector<ParamSpec>& registry() {
  static const std::vector<ParamSpec> r = build();
  return r;
}

const ParamSpec* find_param(std::string_view key) {
  for (const auto& s : registry())
    if (s.key == key) return &s;
  return nullptr;
}

std::string parameter_dictionary_markdown() {
  std::string out =
      "# Parameter dictionary\n\nGenerated by `hwsim params` from the registry in "
      "sim/params/registry.cpp. Values, units and sources live in baseline.yaml beside this "
      "file.\n\n"
      "| key | units accepted | levels | description |\n| --- | --- | --- | --- |\n";
  for (const auto& s : registry()) {
    std::string levels;
    for (std::size_t d = 0; d < s.dims.size(); ++d) {
      if (d) levels += " x ";
      std::string names;
      for (auto n : s.dims[d]) names += (names.empty() ? "" : ", ") + std::string(n);
      levels += "(" + names + ")";
    }
    out += fmt::format("| `{}` | {} | {} | {} |\n", s.key, kind_units(s.kind),
                       levels.empty() ? "-" : levels, s.description);
  }
  return out;
}

}  // namespace hwsim
