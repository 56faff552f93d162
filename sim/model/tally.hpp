// What one month of the step counts: flows by state and events. Integers, merged per
// thread, so totals are exact whatever the thread count (DESIGN principle 3).
#pragma once
#include <array>
#include <cstdint>

#include "core/enums.hpp"
#include "params/params.hpp"
#include "population/population.hpp"

namespace hwsim {

using Persons = std::int64_t;

enum class Event : std::uint8_t {
  Death,
  AgeOut,
  MigrantOut,
  Entrant16,
  MigrantIn,
  Onset,
  Remission,
  SeverityUp,
  SeverityDown,
  NewClaim,
  WcaSupport,
  WcaWrag,
  WcaFit,
  AppealLodged,
  AppealWon,
  AppealLost,
  ClaimClosed,
  TimeLimited,
  IbMigrated,
  ClaimExitOther,
  JobStart,
  JobStartFromEsaIb,
  JobLoss,
  JsaClaim,
  JsaExit,
  SearchStart,
  SearchStop,
  SickRecovery,
  UcJobseekerClaim,
  UcDivertedClaim,
  UcNaturalMigration,
  UcManagedMigration,
  Count
};
inline constexpr std::array<std::string_view, static_cast<std::size_t>(Event::Count)> kEventNames{
    "deaths",
    "age_outs",
    "migrants_out",
    "entrants_16",
    "migrants_in",
    "health_onsets",
    "health_remissions",
    "severity_up",
    "severity_down",
    "esa_new_claims",
    "wca_support",
    "wca_wrag",
    "wca_fit_for_work",
    "appeals_lodged",
    "appeals_won",
    "appeals_lost",
    "esa_claims_closed",
    "esa_time_limited",
    "ib_migrated",
    "esa_ib_exit_other",
    "job_starts",
    "job_starts_from_esa_ib",
    "job_losses",
    "jsa_claims",
    "jsa_exits",
    "search_starts",
    "search_stops",
    "sick_recoveries",
    "uc_jobseeker_claims",
    "uc_diverted_claims",
    "uc_natural_migrations",
    "uc_managed_migrations"};
template <>
constexpr auto& names_of<Event>() {
  return kEventNames;
}

// Adds array b into array a, element by element (merging per-thread counts).
inline constexpr auto add_into = [](auto& a, const auto& b) {
  for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
};

// Up to this many interventions in one scenario.
inline constexpr std::size_t kMaxInterventions = 16;
// Up to this many GP practices (Islington has 36).
inline constexpr std::size_t kMaxGpPractices = 64;

// What happened in one intervention during the month.
struct InterventionCounts {
  Persons referrals = 0;  // eligible people referred who took it up
  Persons starts = 0;
  Persons wait_months = 0;  // months waited, summed over this month's starters
  Persons not_served = 0;   // referred with no place and no waiting list
  Persons gave_up = 0;      // left the waiting list (gave up or waited too long)
  Persons drop_outs = 0;
  Persons completions = 0;
  Persons job_starts_in = 0;     // participants entering work while in the intervention
  Persons job_starts_after = 0;  // former participants entering work
  Persons job_outcomes = 0;      // jobs reaching six months for participants (or those who
                                 // left within the year): sustained job outcomes
  void merge(const InterventionCounts& o) {
    referrals += o.referrals;
    starts += o.starts;
    wait_months += o.wait_months;
    not_served += o.not_served;
    gave_up += o.gave_up;
    drop_outs += o.drop_outs;
    completions += o.completions;
    job_starts_in += o.job_starts_in;
    job_starts_after += o.job_starts_after;
    job_outcomes += o.job_outcomes;
  }
};

struct Tally {
  // Transitions by the monthly processes (not demography).
  ByLevel<Benefit, Persons> benefit_in{}, benefit_out{};
  ByLevel<Labour, Persons> labour_in{}, labour_out{};
  // People entering (entrants) or leaving (exits) the population, by state.
  ByLevel<Benefit, Persons> benefit_dem_in{}, benefit_dem_out{};
  ByLevel<Labour, Persons> labour_dem_in{}, labour_dem_out{};
  Persons esa_ib_onflow = 0, esa_ib_offflow = 0, esa_ib_dem_in = 0, esa_ib_dem_out = 0;
  // The same for all incapacity benefits (ESA/IB and UC on a health claim).
  Persons incapacity_onflow = 0, incapacity_offflow = 0, incapacity_dem_in = 0,
          incapacity_dem_out = 0;
  ByLevel<Event, Persons> events{};

  std::array<InterventionCounts, kMaxInterventions> intervention{};

  void add(Event e) { ++events[idx(e)]; }
  void merge(const Tally& o) {
    constexpr auto m = add_into;
    m(benefit_in, o.benefit_in);
    m(benefit_out, o.benefit_out);
    m(labour_in, o.labour_in);
    m(labour_out, o.labour_out);
    m(benefit_dem_in, o.benefit_dem_in);
    m(benefit_dem_out, o.benefit_dem_out);
    m(labour_dem_in, o.labour_dem_in);
    m(labour_dem_out, o.labour_dem_out);
    esa_ib_onflow += o.esa_ib_onflow;
    esa_ib_offflow += o.esa_ib_offflow;
    esa_ib_dem_in += o.esa_ib_dem_in;
    esa_ib_dem_out += o.esa_ib_dem_out;
    incapacity_onflow += o.incapacity_onflow;
    incapacity_offflow += o.incapacity_offflow;
    incapacity_dem_in += o.incapacity_dem_in;
    incapacity_dem_out += o.incapacity_dem_out;
    m(events, o.events);
    for (std::size_t k = 0; k < kMaxInterventions; ++k) intervention[k].merge(o.intervention[k]);
  }
};

// Stocks at the end of a month.
struct Stocks {
  Persons population = 0;
  ByLevel<Labour, Persons> labour{};
  ByLevel<Benefit, Persons> benefit{};
  ByLevel<Condition, Persons> condition{};
  ByLevel<Condition, Persons> condition_employed{};
  ByLevel<Service, Persons> service{};  // NHS services used during the month
  std::array<Persons, kMaxInterventions> in_intervention{}, waiting{};  // caseloads, waiting lists
  // Who: employment and ESA/IB by group (the equality breakdown, seed 9.3).
  ByLevel<AgeBand, Persons> employed_age{}, esa_ib_age{};
  ByLevel<Sex, Persons> employed_sex{}, esa_ib_sex{};
  ByLevel<Condition, Persons> esa_ib_condition{};
  std::array<Persons, kMaxGpPractices> employed_gp{}, esa_ib_gp{};
  // Jobs that have lasted 6 and 12 months by the end of this month (sustained employment).
  Persons sustained_6 = 0, sustained_12 = 0;
  Persons ltc = 0, ltc_employed = 0;
  Persons esa_ib = 0, esa_ib_mental = 0, esa_ib_over_12 = 0;
  Persons esa_ib_unemployed = 0;  // ILO unemployed claimants
  Persons appeals_pending = 0;
  ByLevel<AgeBand, Persons> age{};
  // Universal Credit (MODEL.md section 8): everyone on UC (UC beside new-style ESA included),
  // everyone on an incapacity benefit (ESA/IB or UC health, each once), new-style ESA claimants
  // with UC beside by ESA phase, WRAG and UC LCW claims without the component or element, and
  // UC claimants on a health claim by how their UC claim began (UcRoute).
  Persons uc = 0, incapacity = 0, no_wra_wrag = 0, no_lcw_element = 0;
  ByLevel<Benefit, Persons> with_uc{};
  ByLevel<UcRoute, Persons> uc_health_claim_by_route{};
  void merge(const Stocks& o) {
    constexpr auto m = add_into;
    population += o.population;
    m(labour, o.labour);
    m(benefit, o.benefit);
    m(condition, o.condition);
    m(age, o.age);
    m(condition_employed, o.condition_employed);
    m(service, o.service);
    m(in_intervention, o.in_intervention);
    m(waiting, o.waiting);
    m(employed_age, o.employed_age);
    m(esa_ib_age, o.esa_ib_age);
    m(employed_sex, o.employed_sex);
    m(esa_ib_sex, o.esa_ib_sex);
    m(esa_ib_condition, o.esa_ib_condition);
    m(employed_gp, o.employed_gp);
    m(esa_ib_gp, o.esa_ib_gp);
    sustained_6 += o.sustained_6;
    sustained_12 += o.sustained_12;
    ltc += o.ltc;
    ltc_employed += o.ltc_employed;
    esa_ib += o.esa_ib;
    esa_ib_mental += o.esa_ib_mental;
    esa_ib_over_12 += o.esa_ib_over_12;
    esa_ib_unemployed += o.esa_ib_unemployed;
    appeals_pending += o.appeals_pending;
    uc += o.uc;
    incapacity += o.incapacity;
    no_wra_wrag += o.no_wra_wrag;
    no_lcw_element += o.no_lcw_element;
    m(with_uc, o.with_uc);
    m(uc_health_claim_by_route, o.uc_health_claim_by_route);
  }
};

}  // namespace hwsim
