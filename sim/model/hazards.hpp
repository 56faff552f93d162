// Monthly transition probabilities ("when" functions, STYLE example 9). The monthly step
// samples from them; the start-up balance (startup/equilibrium.cpp) and the reconstruction of claim
// histories (startup/backcast.cpp) read the very same functions, so each rule is written
// once.
#pragma once
#include <algorithm>
#include <array>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>
#include <cstdint>

#include "params/params.hpp"
#include "population/population.hpp"

namespace hwsim {

// Entry levels set at start-up so that month-0 stocks are in balance (startup/equilibrium.cpp).
struct Levels {
  Table<Condition, AgeBand> onset{};  // monthly onset probability of each condition from none
  std::array<Table<Severity, AgeBand>, count_of<Condition>()> claim{};  // multiplier on new
                                                                        // ESA claims
  Table<Condition, AgeBand> job_entry{};  // multiplier on job entry of non-claimants
  Vec<AgeBand> jsa_claim{};               // multiplier on JSA claims
  Vec<AgeBand> search_start{};            // multiplier on starting to look for work
  Vec<AgeBand> sick_recovery{};           // multiplier on inactive sick -> inactive other
  Table<Condition, Severity> worsen{};    // monthly probability severity rises one level
  Vec<AgeBand> comorbid_onset{};          // monthly probability of comorbid depression (MSK)
  // Who takes the place of someone who leaves (dies, moves away, turns 65): a 16-year-old
  // with this probability, else an in-migrant whose age band is drawn from these
  // cumulative weights. Set at start-up so that each age band keeps its size.
  double entrant16 = 0;
  Vec<AgeBand> migrant_band_cum{};

  static Levels ones() {
    Levels l;
    for (auto& t : l.claim)
      for (auto& r : t) r.fill(1.0);
    for (auto& r : l.job_entry) r.fill(1.0);
    l.jsa_claim.fill(1.0);
    l.search_start.fill(1.0);
    l.sick_recovery.fill(1.0);
    return l;
  }
};

// A read-only view of one agent's state, as the hazard functions need it.
struct AgentState {
  AgeBand band;
  Sex sex;
  Condition condition;
  Severity severity;
  bool comorbid;
  Labour labour;
  Benefit benefit;
  int months_labour;
  int months_benefit;
  int months_claim;
  bool contrib_only;
  bool appeal;
  bool age_out;  // reaches 65 this month

  // A UC claimant is seen as the legacy group it replaces (legacy_equivalent): the hazards
  // treat UC searching like JSA, UC awaiting a WCA like the ESA assessment phase, UC with LCW
  // like the WRAG and UC with LCWRA like the support group (MODEL.md section 8).
  static AgentState of(const Population& p, std::size_t i) {
    return {p.band(i),
            p.sex[i],
            p.condition[i],
            p.severity[i],
            p.comorbid[i] != 0,
            p.labour[i],
            legacy_equivalent(p.benefit[i]),
            p.months_labour[i],
            p.months_benefit[i],
            p.months_claim[i],
            p.contrib_only[i] != 0,
            p.appeal[i] != 0,
            p.age_months[i] + 1 >= 65 * 12};
  }
};

inline double clamp01(double p) { return std::clamp(p, 0.0, 1.0); }

// --- demography ---
inline double p_death(const Params& P, const AgentState& a) {
  return clamp01(P.demography.mortality[idx(a.band)][idx(a.sex)] *
                 P.demography.mortality_hr[idx(a.condition)]);
}
inline double p_migrate_out(const Params& P, const AgentState& a) {
  return clamp01(P.demography.migration_out[idx(a.band)] *
                 (is_esa_ib(a.benefit) ? P.demography.migration_hr_claimant : 1.0));
}

// --- health ---
inline double p_onset(const Params& P, const Levels& L, const AgentState& a, Condition c) {
  const bool employed = a.labour == Labour::Employed;
  return clamp01(L.onset[idx(c)][idx(a.band)] *
                 (employed ? 1.0 : P.health.onset_hr_not_employed[idx(c)]));
}
// Claimants keep their condition while on ESA/IB (it is the ground of the claim); recovery
// shows as leaving the benefit (claims.exit_other).
inline double p_remission(const Params& P, const AgentState& a) {
  if (a.condition == Condition::None || is_esa_ib(a.benefit)) return 0.0;
  const bool employed = a.labour == Labour::Employed;
  return clamp01(P.health.remission[idx(a.condition)] *
                 (employed ? P.health.remission_hr_employed : 1.0));
}

// --- claims ---
inline double p_new_claim(const Params& P, const Levels& L, const AgentState& a) {
  if (a.condition == Condition::None || is_esa_ib(a.benefit)) return 0.0;
  const auto& C = P.claims;
  return clamp01(C.new_claim * C.claim_rr_severity[idx(a.severity)] *
                 C.claim_rr_labour[idx(a.labour)] * (a.comorbid ? C.claim_rr_comorbid : 1.0) *
                 L.claim[idx(a.condition)][idx(a.severity)][idx(a.band)]);
}
inline double p_claim_exit_other(const Params& P, const AgentState& a) {
  return clamp01(P.claims.exit_other[idx(a.benefit)] *
                 P.claims.exit_hr_duration[idx(dur_band_of(a.months_claim))]);
}

// The phase events of an ESA/IB claim this month, other than leaving for work (MODEL.md
// section 3.3). The step draws one uniform u: the first event happens if u < p[0], else the
// second if u < p[0] + p[1], else nothing.
enum class ClaimEvent : std::uint8_t {
  None,
  AppealDecision,  // an appeal against a fit-for-work decision is decided
  Closure,         // the claim closes in the assessment phase
  Wca,             // a WCA: the initial one, or a reassessment in the WRAG or support group
  IbMigration,     // an IB claimant is reassessed for ESA (a WCA)
  TimeLimit,       // contribution-based ESA in the WRAG reaches its limit (certain)
  ExitOther,       // leaves the benefit for other reasons (recovery, other benefits...)
};
struct ClaimPhase {
  std::array<ClaimEvent, 2> event{ClaimEvent::None, ClaimEvent::None};
  std::array<double, 2> p{};
  ClaimEvent pick(double u) const {
    if (u < p[0]) return event[0];
    if (u < p[0] + p[1]) return event[1];
    return ClaimEvent::None;
  }
};
inline ClaimPhase claim_phase(const Params& P, const AgentState& a, bool ib_migration_open) {
  const auto& C = P.claims;
  using E = ClaimEvent;
  switch (a.benefit) {
    case Benefit::EsaAssessment:
      if (a.appeal) return {{E::AppealDecision, E::None}, {C.appeal_decision, 0.0}};
      return {{E::Closure, E::Wca}, {C.assessment_closure, C.assessment_wca}};
    case Benefit::EsaWrag:
      // The time limit applies this month if the claim completes its limit in the phase.
      if (a.contrib_only && a.months_benefit + 1 >= C.contributory_limit_months)
        return {{E::TimeLimit, E::None}, {1.0, 0.0}};
      return {{E::Wca, E::ExitOther}, {C.wrag_reassessment, p_claim_exit_other(P, a)}};
    case Benefit::EsaSupport:
      return {{E::Wca, E::ExitOther}, {C.support_reassessment, p_claim_exit_other(P, a)}};
    case Benefit::Ib:
      return {{E::IbMigration, E::ExitOther},
              {ib_migration_open ? C.ib_migration : 0.0, p_claim_exit_other(P, a)}};
    default:
      return {};
  }
}
// An appeal decided this month succeeds with this probability (hr: an intervention's ratio).
inline double p_appeal_success(const Params& P, double hr) {
  return clamp01(P.claims.appeal_success * hr);
}
// A WCA at this severity ends the claim with this probability: found fit for work, and no
// appeal lodged.
inline double p_wca_fit_exit(const Params& P, Severity s) {
  const auto& C = P.claims;
  return C.wca_outcome[idx(s)][idx(WcaOutcome::Fit)] * (1 - C.appeal_share);
}

// --- labour market ---
inline Origin origin_of(const AgentState& a) {
  switch (legacy_equivalent(a.benefit)) {
    case Benefit::Jsa:
      return Origin::Jsa;
    case Benefit::EsaAssessment:
      return Origin::EsaAssessment;
    case Benefit::EsaWrag:
      return Origin::EsaWrag;
    case Benefit::EsaSupport:
      return Origin::EsaSupport;
    case Benefit::Ib:
      return Origin::Ib;
    case Benefit::None:
    case Benefit::UcSearching:  // not after legacy_equivalent
    case Benefit::UcAssessment:
    case Benefit::UcLcw:
    case Benefit::UcLcwra:
    case Benefit::Count:
      break;
  }
  switch (a.labour) {
    case Labour::Unemployed:
      return Origin::Unemployed;
    case Labour::InactiveSick:
      return Origin::InactiveSick;
    default:
      return Origin::InactiveOther;
  }
}
inline double p_job_loss(const Params& P, const AgentState& a) {
  if (a.labour != Labour::Employed) return 0.0;
  const auto& Lb = P.labour;
  const double sev =
      a.condition == Condition::None ? 1.0 : Lb.job_loss_hr_severity[idx(a.severity)];
  return clamp01(Lb.job_loss * Lb.job_loss_hr_condition[idx(a.condition)] * sev *
                 Lb.job_loss_hr_tenure[idx(dur_band_of(a.months_labour))]);
}
inline double p_job_entry(const Params& P, const Levels& L, const AgentState& a) {
  if (a.labour == Labour::Employed) return 0.0;
  const auto& Lb = P.labour;
  const Origin o = origin_of(a);
  const double sev =
      a.condition == Condition::None ? 1.0 : Lb.job_entry_hr_severity[idx(a.severity)];
  const int dur = is_esa_ib(a.benefit) ? a.months_claim : a.months_labour;
  double p = Lb.job_entry[idx(o)] * Lb.job_entry_hr_condition[idx(a.condition)] * sev *
             Lb.job_entry_hr_duration[idx(dur_band_of(dur))] * Lb.job_entry_hr_age[idx(a.band)] *
             (a.comorbid ? Lb.job_entry_hr_comorbid : 1.0);
  if (!is_esa_ib(a.benefit)) p *= L.job_entry[idx(a.condition)][idx(a.band)];
  return clamp01(p);
}
inline double p_search_start(const Params& P, const Levels& L, const AgentState& a) {
  if (is_esa_ib(a.benefit) || a.benefit == Benefit::Jsa) return 0.0;
  if (a.labour != Labour::InactiveOther && a.labour != Labour::InactiveSick) return 0.0;
  return clamp01(P.labour.search_start * L.search_start[idx(a.band)]);
}
inline double p_sick_recovery(const Params& P, const Levels& L, const AgentState& a) {
  if (a.labour != Labour::InactiveSick || a.benefit != Benefit::None) return 0.0;
  return clamp01(P.labour.sick_recovery * L.sick_recovery[idx(a.band)]);
}
inline double p_search_stop(const Params& P, const AgentState& a) {
  if (a.labour != Labour::Unemployed || a.benefit != Benefit::None) return 0.0;
  return P.labour.search_stop;
}
inline double p_jsa_claim(const Params& P, const Levels& L, const AgentState& a) {
  if (a.labour != Labour::Unemployed || a.benefit != Benefit::None) return 0.0;
  return clamp01(P.labour.jsa_claim * L.jsa_claim[idx(a.band)]);
}
inline double p_jsa_exit(const Params& P, const AgentState& a) {
  return a.benefit == Benefit::Jsa ? P.labour.jsa_exit : 0.0;
}

// --- services ---
// Mean use of a service this month.
inline double mean_service_use(const Params& P, const AgentState& a, Service s) {
  const auto& S = P.services;
  const double sev = a.condition == Condition::None ? 1.0 : S.hr_severity[idx(a.severity)];
  return S.use[idx(s)][idx(a.condition)] * sev *
         (a.labour == Labour::Employed ? S.hr_employed : 1.0);
}

// Pay (MODEL.md section 3.6), in 2014/15 pounds a month. Each job gets an "established" pay
// drawn from a log-normal with the median of established employees with the condition and the
// spread given by the lower quartile's ratio to the median. A new job starts lower (the
// entrant ratio) and rises to it over the progression period, evenly on the log scale, so the
// pay of people in work keeps its distribution while jobs turn over.
template <typename Engine>
float draw_established_pay(const Params& P, Condition c, Engine& rng) {
  constexpr double kZ25 = 0.6744897501960817;  // standard normal upper quartile
  const auto& A = P.accounting;
  const double median = A.earnings_median[idx(c)];
  if (median <= 0) return 0.0f;
  const double sigma = -std::log(A.earnings_lower_quartile_ratio) / kZ25;
  boost::random::lognormal_distribution<double> d(std::log(median), sigma);
  return static_cast<float>(d(rng));
}
inline double pay_in_month(const AccountingParams& A, double established, int months_in_job) {
  const double T = A.earnings_progression_months;
  const double done = T > 0 ? std::min(1.0, months_in_job / T) : 1.0;
  return established * std::pow(A.entrant_earnings_ratio, 1.0 - done);
}

// How a claimant may leave ESA/IB this month, to first order (used by the start-up balance).
// Read from claim_phase, the rule the step samples, so the balance cannot drift from it.
struct ClaimExit {
  double to_jsa = 0;   // found fit for work (no appeal, or appeal lost) and claims JSA
  double to_none = 0;  // any other exit except into work
  double to_work = 0;
  double total() const { return to_jsa + to_none + to_work; }
};
inline ClaimExit claim_exit(const Params& P, const AgentState& a, bool ib_migration_open) {
  ClaimExit e;
  if (!is_esa_ib(a.benefit)) return e;
  const auto& C = P.claims;
  const ClaimPhase phase = claim_phase(P, a, ib_migration_open);
  double fit_exit = 0, other = 0;
  for (std::size_t k = 0; k < phase.event.size(); ++k) {
    const double p = phase.p[k];
    switch (phase.event[k]) {
      case ClaimEvent::AppealDecision:
        fit_exit += p * (1 - p_appeal_success(P, 1.0));
        break;
      case ClaimEvent::Wca:
      case ClaimEvent::IbMigration:
        fit_exit += p * p_wca_fit_exit(P, a.severity);
        break;
      case ClaimEvent::Closure:
      case ClaimEvent::TimeLimit:
      case ClaimEvent::ExitOther:
        other += p;
        break;
      case ClaimEvent::None:
        break;
    }
  }
  e.to_jsa = fit_exit * C.fit_to_jsa;
  e.to_none = fit_exit * (1 - C.fit_to_jsa) + other;
  e.to_work = (1 - std::min(1.0, e.to_jsa + e.to_none)) * p_job_entry(P, Levels::ones(), a);
  return e;
}

// Labour state for someone leaving work or benefit other than into work.
inline Labour labour_out_of_work(const AgentState& a, bool seeking) {
  if (seeking) return Labour::Unemployed;
  if (a.condition != Condition::None && a.severity != Severity::Mild) return Labour::InactiveSick;
  return Labour::InactiveOther;
}

}  // namespace hwsim
