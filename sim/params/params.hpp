// The typed parameter set. Every field is filled from YAML through the registry
// (registry.cpp), which holds each one's key, unit, valid range and description; rates are
// stored here as monthly probabilities, converted once by the loader.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "core/calendar.hpp"
#include "core/enums.hpp"

namespace hwsim {

template <typename E>
using Vec = ByLevel<E, double>;
template <typename E1, typename E2>
using Table = std::array<std::array<double, count_of<E2>()>, count_of<E1>()>;

// Outcomes of a Work Capability Assessment.
enum class WcaOutcome : std::uint8_t { Support, Wrag, Fit, Count };
inline constexpr std::array<std::string_view, 3> kWcaOutcomeNames{"support", "wrag", "fit"};
template <>
constexpr auto& names_of<WcaOutcome>() {
  return kWcaOutcomeNames;
}

// Duration-in-state bands for duration-dependent hazards.
enum class DurBand : std::uint8_t { M0_5, M6_11, M12_23, M24_plus, Count };
inline constexpr std::array<std::string_view, 4> kDurBandNames{"m0_5", "m6_11", "m12_23",
                                                               "m24_plus"};
template <>
constexpr auto& names_of<DurBand>() {
  return kDurBandNames;
}
constexpr DurBand dur_band_of(int months) {
  return months < 6    ? DurBand::M0_5
         : months < 12 ? DurBand::M6_11
         : months < 24 ? DurBand::M12_23
                       : DurBand::M24_plus;
}

// Where a non-employed person looks for work from (job-entry origin).
enum class Origin : std::uint8_t {
  Unemployed,
  Jsa,
  InactiveSick,
  InactiveOther,
  EsaAssessment,
  EsaWrag,
  EsaSupport,
  Ib,
  Count
};
inline constexpr std::array<std::string_view, 8> kOriginNames{
    "unemployed",     "jsa",      "inactive_sick", "inactive_other",
    "esa_assessment", "esa_wrag", "esa_support",   "ib"};
template <>
constexpr auto& names_of<Origin>() {
  return kOriginNames;
}

struct PopulationParams {
  double size = 0;                               // persons, working age at month 0
  Vec<AgeBand> age_share{};                      // share of working-age population
  double female_share = 0;                       // share
  double gp_practices = 36;                      // count
  Vec<Condition> condition_count{};              // persons at month 0 (none: derived)
  Table<Condition, AgeBand> condition_age_rr{};  // relative prevalence by age
  Table<Condition, Severity> severity_share{};   // share of each condition by severity
  double employment_rate = 0;                    // share of working age
  double inactivity_rate = 0;                    // share of working age
  double jsa_count = 0;                          // persons
  double esa_ib_count = 0;                       // persons
  double esa_ib_mental_share = 0;                // share of ESA/IB
  double ltc_employment_gap = 0;                 // percentage points
  double inactive_sick_share = 0;                // share of inactive non-claimants with a
                                                 // moderate/severe condition who are
                                                 // inactive because of it
  Vec<Condition> employment_rate_target{};       // share; <0 = free (fitted by IPF)
  Table<Condition, Severity> employment_odds{};  // relative odds (seed of the fit)
  Table<Condition, Severity> claim_odds{};       // relative odds of ESA/IB (seed)
  Vec<AgeBand> claim_age_odds{};                 // relative odds of ESA/IB by age
  Vec<AgeBand> employment_age_odds{};            // relative odds of work by age
  double esa_ilo_unemployed_share = 0;           // share of ESA/IB who seek work
  bool operator==(const PopulationParams&) const = default;
};

struct DemographyParams {
  Table<AgeBand, Sex> mortality{};   // monthly probability
  Vec<Condition> mortality_hr{};     // hazard ratio
  Vec<AgeBand> migration_out{};      // monthly probability
  double migration_hr_claimant = 1;  // hazard ratio for ESA/IB claimants
  bool operator==(const DemographyParams&) const = default;
};

struct HealthParams {
  Vec<Condition> remission{};              // monthly probability
  double remission_hr_employed = 1;        // hazard ratio
  Vec<Condition> onset_hr_not_employed{};  // hazard ratio
  double severity_improve = 0;             // monthly probability
  double comorbid_onset_hr_msk = 1;        // hazard ratio (x depression onset)
  double comorbid_remission = 0;           // monthly probability
  bool operator==(const HealthParams&) const = default;
};

struct ClaimsParams {
  double new_claim = 0;                       // monthly probability (reference level)
  Vec<Severity> claim_rr_severity{};          // relative rate
  Vec<Labour> claim_rr_labour{};              // relative rate by origin labour state
  double claim_rr_comorbid = 1;               // relative rate
  double assessment_wca = 0;                  // monthly probability of a WCA decision
  double assessment_closure = 0;              // monthly probability claim closed
  Table<Severity, WcaOutcome> wca_outcome{};  // probability
  double appeal_share = 0;                    // probability a fit-for-work is appealed
  double appeal_decision = 0;                 // monthly probability of a hearing
  double appeal_success = 0;                  // probability
  double fit_to_jsa = 0;                      // probability
  double wrag_reassessment = 0;               // monthly probability
  double support_reassessment = 0;            // monthly probability
  double contributory_only_share = 0;         // probability
  double contributory_limit_months = 12;      // months
  double ib_migration = 0;                    // monthly probability
  Vec<Benefit> exit_other{};                  // monthly probability
  Vec<DurBand> exit_hr_duration{};            // hazard ratio by claim duration
  // Facts of law, not estimates: ESA replaced IB for new claims from 27 October 2008
  // (Welfare Reform Act 2007); reassessment of IB claimants for ESA ran nationally from
  // April 2011.
  YearMonth ib_closed{2008, 10};
  YearMonth ib_migration_start{2011, 4};
  bool operator==(const ClaimsParams&) const = default;
};

struct LabourParams {
  double job_loss = 0;                      // monthly probability
  Vec<Condition> job_loss_hr_condition{};   // hazard ratio
  Vec<Severity> job_loss_hr_severity{};     // hazard ratio
  Vec<DurBand> job_loss_hr_tenure{};        // hazard ratio by months in the job
  double job_loss_to_unemployed = 0;        // probability (else inactive)
  Vec<Origin> job_entry{};                  // monthly probability
  Vec<Condition> job_entry_hr_condition{};  // hazard ratio
  Vec<Severity> job_entry_hr_severity{};    // hazard ratio
  Vec<DurBand> job_entry_hr_duration{};     // hazard ratio by months out of work
  double job_entry_hr_comorbid = 1;         // hazard ratio
  Vec<AgeBand> job_entry_hr_age{};          // hazard ratio
  double search_start = 0;                  // monthly probability inactive -> ILO unemployed
  double search_stop = 0;                   // monthly probability unemployed -> inactive
  double sick_recovery = 0;                 // monthly probability inactive sick -> other
  double jsa_claim = 0;                     // monthly probability
  double jsa_exit = 0;                      // monthly probability (not to work)
  bool operator==(const LabourParams&) const = default;
};

// NHS services used in a month (MODEL.md section 2, service use).
enum class Service : std::uint8_t {
  GpConsultation,
  IaptSession,
  MentalHealthContact,
  AeAttendance,
  InpatientDay,
  PrescriptionItem,
  Count
};
inline constexpr std::array<std::string_view, 6> kServiceNames{
    "gp_consultations", "iapt_sessions",  "mental_health_contacts",
    "ae_attendances",   "inpatient_days", "prescription_items"};
template <>
constexpr auto& names_of<Service>() {
  return kServiceNames;
}

struct ServicesParams {
  Table<Service, Condition> use{};  // mean events a month by primary condition
  Vec<Severity> hr_severity{};      // ratio on use by severity (none: mild)
  double hr_employed = 1;           // ratio on use for people in work
  bool operator==(const ServicesParams&) const = default;
};

// Earnings of people in work (MODEL.md section 3.6), in the model's prices (2014/15): see
// draw_established_pay and pay_in_month (model/hazards.hpp). What benefits cost and what
// earnings pay in tax is the finance side (sim/finance, scenarios/unit-costs.yaml).
struct AccountingParams {
  Vec<Condition> earnings_median{};        // gross pounds a month, median of established employees
  double entrant_earnings_ratio = 1;       // pay of a new job relative to established pay
  double earnings_progression_months = 0;  // months for a new job's pay to reach it
  double earnings_lower_quartile_ratio = 0.6;  // lower quartile / median (spread)
  bool operator==(const AccountingParams&) const = default;
};

// Universal Credit (MODEL.md section 8): the rates that go with the policy timeline
// (params/policy.hpp), which says when each applies.
struct UcParams {
  double live_service_single_share = 0;  // share of new JSA-type claims made by single people
  double new_style_with_uc_share = 0;    // probability a new health claim under full service gets
                                         // new-style ESA with UC beside it
  double natural_migration = 0;          // monthly probability a legacy means-tested claim ends
                                         // through a change of circumstances (moves to UC)
  double managed_migration = 0;          // monthly probability, while managed migration runs
  bool operator==(const UcParams&) const = default;
};

// Whether entry hazards are levelled at start-up so that the month-0 stocks are in
// balance (expected inflow = expected outflow), as the seed reports a flat caseload.
struct EquilibriumParams {
  bool enabled = true;
  bool operator==(const EquilibriumParams&) const = default;
};

struct Params {
  PopulationParams population;
  DemographyParams demography;
  HealthParams health;
  ClaimsParams claims;
  LabourParams labour;
  ServicesParams services;
  AccountingParams accounting;
  UcParams uc;
  EquilibriumParams equilibrium;
  bool operator==(const Params&) const = default;
};

}  // namespace hwsim
