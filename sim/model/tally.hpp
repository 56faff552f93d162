// What one month of the step counts: flows by state and events. Integers, merged per
// thread, so totals are exact whatever the thread count (DESIGN principle 3).
#pragma once
#include <array>
#include <cstdint>
#include <type_traits>

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

// Adds b into a: a count, an array of counts, or a struct of counts with its own merge
// (merging per-thread counts).
template <typename T>
constexpr void add_counts(T& a, const T& b) {
  if constexpr (std::is_arithmetic_v<T>)
    a += b;
  else if constexpr (requires { a.merge(b); })
    a.merge(b);
  else
    for (std::size_t k = 0; k < a.size(); ++k) add_counts(a[k], b[k]);
}

// Up to this many interventions in one scenario.
inline constexpr std::size_t kMaxInterventions = 16;
// Up to this many GP practices (Islington has 36).
inline constexpr std::size_t kMaxGpPractices = 64;

// Counts by the levels of an enum, by intervention and by GP practice (names without commas,
// for the field lists below).
template <typename E>
using Counts = ByLevel<E, Persons>;
using PerIntervention = std::array<Persons, kMaxInterventions>;
using PerGpPractice = std::array<Persons, kMaxGpPractices>;

// What happened in one intervention during the month. X(name, measure, description): each
// field is a count of persons; measure says whether run/indicators.cpp publishes it as an
// intervention measure of its own, under its name and with this description.
#define HWSIM_INTERVENTION_COUNT_FIELDS(X)                                                        \
  X(referrals, true, "eligible people referred along a route who took up the offer")              \
  X(starts, true, "people starting the intervention")                                             \
  X(wait_months, false, "months waited, summed over this month's starters (gives mean_wait)")     \
  X(not_served, true, "referrals with no place and no waiting list")                              \
  X(gave_up, true, "people leaving the waiting list without a place")                             \
  X(drop_outs, true, "people leaving the intervention early")                                     \
  X(completions, true, "people completing the intervention")                                      \
  X(job_starts_in, true, "participants entering work while in the intervention")                  \
  X(job_starts_after, true, "former participants entering work")                                  \
  X(job_outcomes, true,                                                                           \
    "sustained job outcomes: jobs reaching six months for participants or those who left within " \
    "the year")

struct InterventionCounts {
#define HWSIM_DECLARE(name, measure, desc) Persons name = 0;
  HWSIM_INTERVENTION_COUNT_FIELDS(HWSIM_DECLARE)
#undef HWSIM_DECLARE
  void merge(const InterventionCounts& o) {
#define HWSIM_MERGE(name, measure, desc) name += o.name;
    HWSIM_INTERVENTION_COUNT_FIELDS(HWSIM_MERGE)
#undef HWSIM_MERGE
  }
};
using InterventionCountsPer = std::array<InterventionCounts, kMaxInterventions>;

// DWP-style cohort statistics of new health claims (MODEL.md section 8): each new claim for
// ESA (new-style included) or UC on health grounds is followed for 104 weeks. At 13, 26, 52,
// 65 and 104 weeks (3, 6, 12, 15 and 24 months) it is still on the claim or has left, and a
// leaver's status is where they went when the claim ended: work, JSA or UC searching for work,
// or other; one who died, moved away or turned 65 while on the claim has left the population.
enum class CohortKind : std::uint8_t { Esa, UcHealth, Count };
enum class CohortStatus : std::uint8_t {
  StillClaiming,
  Work,
  Searching,
  Other,
  LeftPopulation,
  Count
};
inline constexpr std::array<std::string_view, count_of<CohortKind>()> kCohortKindNames{"esa",
                                                                                       "uc_health"};
inline constexpr std::array<std::string_view, count_of<CohortStatus>()> kCohortStatusNames{
    "still_claiming", "left_to_work", "left_to_searching", "left_to_other", "left_population"};
template <>
constexpr auto& names_of<CohortKind>() {
  return kCohortKindNames;
}
template <>
constexpr auto& names_of<CohortStatus>() {
  return kCohortStatusNames;
}
// The checkpoints, in months since the claim began and in DWP's weeks.
inline constexpr std::array<int, 5> kCohortCheckpointMonths{3, 6, 12, 15, 24};
inline constexpr std::array<int, 5> kCohortCheckpointWeeks{13, 26, 52, 65, 104};
inline constexpr int kCohortFollowMonths = 24;
// In work 12 to 18 months after the claim, split by work in the month before it.
inline constexpr int kCohortWorkFrom = 12, kCohortWorkTo = 18;

// [kind][worked in the month before (0/1)]: new claims.
using CohortStarts = std::array<std::array<Persons, 2>, count_of<CohortKind>()>;
// [kind][checkpoint][status]: claims reaching a checkpoint this month.
using CohortAtCheckpoint =
    std::array<std::array<Counts<CohortStatus>, kCohortCheckpointMonths.size()>,
               count_of<CohortKind>()>;
// [kind][months since the claim began, 0..24][status]: follow-ups ended before 104 weeks (the
// person left the population, or made a new claim after leaving this one); each counts, with
// this status, at every checkpoint from that month on.
using CohortEnded =
    std::array<std::array<Counts<CohortStatus>, kCohortFollowMonths + 1>, count_of<CohortKind>()>;
// [kind][worked in the month before][in work in any month 12-18 months after]: claims followed
// to 18 months.
using CohortWork = std::array<std::array<std::array<Persons, 2>, 2>, count_of<CohortKind>()>;

// The month's flows. X(type, name, description).
#define HWSIM_TALLY_FIELDS(X)                                                                 \
  X(Counts<Benefit>, benefit_in, "moves into each benefit state by the monthly processes")    \
  X(Counts<Benefit>, benefit_out, "moves out of each benefit state by the monthly processes") \
  X(Counts<Labour>, labour_in, "moves into each labour state by the monthly processes")       \
  X(Counts<Labour>, labour_out, "moves out of each labour state by the monthly processes")    \
  X(Counts<Benefit>, benefit_dem_in, "entrants (16-year-olds, in-migrants) by benefit state") \
  X(Counts<Benefit>, benefit_dem_out, "exits (deaths, out-migrants, turning 65) by benefit")  \
  X(Counts<Labour>, labour_dem_in, "entrants by labour state")                                \
  X(Counts<Labour>, labour_dem_out, "exits by labour state")                                  \
  X(Persons, esa_ib_onflow, "moves onto ESA/IB by the monthly processes")                     \
  X(Persons, esa_ib_offflow, "moves off ESA/IB by the monthly processes")                     \
  X(Persons, esa_ib_dem_in, "ESA/IB claimants entering the population")                       \
  X(Persons, esa_ib_dem_out, "ESA/IB claimants leaving the population")                       \
  X(Persons, incapacity_onflow, "moves onto an incapacity benefit (ESA/IB, UC health claim)") \
  X(Persons, incapacity_offflow, "moves off all incapacity benefits")                         \
  X(Persons, incapacity_dem_in, "incapacity benefit claimants entering the population")       \
  X(Persons, incapacity_dem_out, "incapacity benefit claimants leaving the population")       \
  X(Counts<Event>, events, "events by kind")                                                  \
  X(InterventionCountsPer, intervention, "what happened in each intervention")                \
  X(CohortStarts, cohort_starts, "new health claims followed, by kind and prior work")        \
  X(CohortAtCheckpoint, cohort_checkpoint, "followed claims reaching each checkpoint")        \
  X(CohortEnded, cohort_ended, "follow-ups ended early, by months since the claim")           \
  X(CohortWork, cohort_work, "followed claims reaching 18 months, by work 12-18 months")

struct Tally {
#define HWSIM_DECLARE(type, name, desc) type name{};
  HWSIM_TALLY_FIELDS(HWSIM_DECLARE)
#undef HWSIM_DECLARE

  void add(Event e) { ++events[idx(e)]; }
  void merge(const Tally& o) {
#define HWSIM_MERGE(type, name, desc) add_counts(name, o.name);
    HWSIM_TALLY_FIELDS(HWSIM_MERGE)
#undef HWSIM_MERGE
  }
};

// Stocks at the end of a month. X(type, name, description).
#define HWSIM_STOCKS_FIELDS(X)                                                           \
  X(Persons, population, "residents")                                                    \
  X(Counts<Labour>, labour, "by labour state")                                           \
  X(Counts<Benefit>, benefit, "by benefit state")                                        \
  X(Counts<Condition>, condition, "by primary condition")                                \
  X(Counts<Condition>, condition_employed, "in work, by primary condition")              \
  X(Counts<Service>, service, "NHS services used during the month")                      \
  X(PerIntervention, in_intervention, "caseload of each intervention")                   \
  X(PerIntervention, waiting, "waiting list of each intervention")                       \
  /* Who: employment and ESA/IB by group (the equality breakdown, seed 9.3). */          \
  X(Counts<AgeBand>, employed_age, "in work, by age band")                               \
  X(Counts<AgeBand>, esa_ib_age, "ESA/IB claimants, by age band")                        \
  X(Counts<Sex>, employed_sex, "in work, by sex")                                        \
  X(Counts<Sex>, esa_ib_sex, "ESA/IB claimants, by sex")                                 \
  X(Counts<Condition>, esa_ib_condition, "ESA/IB claimants, by primary condition")       \
  X(PerGpPractice, employed_gp, "in work, by GP practice")                               \
  X(PerGpPractice, esa_ib_gp, "ESA/IB claimants, by GP practice")                        \
  X(Persons, sustained_6, "jobs reaching 6 months by the end of this month")             \
  X(Persons, sustained_12, "jobs reaching 12 months by the end of this month")           \
  X(Persons, ltc, "residents with a long-term condition")                                \
  X(Persons, ltc_employed, "residents with a long-term condition in work")               \
  X(Persons, esa_ib, "ESA/IB claimants")                                                 \
  X(Persons, esa_ib_mental, "ESA/IB claimants with a mental or behavioural condition")   \
  X(Persons, esa_ib_over_12, "ESA/IB claimants whose claim began 12 or more months ago") \
  X(Persons, esa_ib_unemployed, "ESA/IB claimants ILO unemployed")                       \
  X(Persons, appeals_pending, "ESA claimants with an appeal pending")                    \
  X(Counts<AgeBand>, age, "by age band")                                                 \
  /* Universal Credit (MODEL.md section 8). */                                           \
  X(Persons, uc, "on UC (UC beside new-style ESA included)")                             \
  X(Persons, incapacity, "on an incapacity benefit: ESA/IB or UC on a health claim")     \
  X(Persons, no_wra_wrag, "WRAG claimants whose claim began after the WRA change")       \
  X(Persons, no_lcw_element, "UC LCW claimants whose claim began after that change")     \
  X(Counts<Benefit>, with_uc, "new-style ESA claimants with UC beside, by ESA group")    \
  X(Counts<UcRoute>, uc_health_claim_by_route, "UC on a health claim, by how UC began")

struct Stocks {
#define HWSIM_DECLARE(type, name, desc) type name{};
  HWSIM_STOCKS_FIELDS(HWSIM_DECLARE)
#undef HWSIM_DECLARE

  void merge(const Stocks& o) {
#define HWSIM_MERGE(type, name, desc) add_counts(name, o.name);
    HWSIM_STOCKS_FIELDS(HWSIM_MERGE)
#undef HWSIM_MERGE
  }
};

// Every field of these structs is in its list (nothing declared beside it that merge would
// miss): their sizes are the sums of the listed fields' sizes.
#define HWSIM_SIZE_OF(type, name, desc) +sizeof(type)
static_assert(sizeof(Tally) == 0 HWSIM_TALLY_FIELDS(HWSIM_SIZE_OF));
static_assert(sizeof(Stocks) == 0 HWSIM_STOCKS_FIELDS(HWSIM_SIZE_OF));
#undef HWSIM_SIZE_OF
#define HWSIM_SIZE_OF(name, measure, desc) +sizeof(Persons)
static_assert(sizeof(InterventionCounts) == 0 HWSIM_INTERVENTION_COUNT_FIELDS(HWSIM_SIZE_OF));
#undef HWSIM_SIZE_OF

}  // namespace hwsim
