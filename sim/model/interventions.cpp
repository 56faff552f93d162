// 5b-5c. Interventions in the monthly step (MODEL.md section 3.5): people in an intervention
// progress, drop out or complete it; people on a waiting list wait, give up or time out;
// contacts with services this month lead to referrals along the network's routes; each
// intervention's places are then allocated in its stated order. Effects act on the hazards of
// the following months through intervention_hr.
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "model/step.hpp"
#include "model/trial.hpp"

namespace hwsim {

double intervention_hr_slow(const StepContext& c, const Population& pop, std::size_t i,
                            double Effects::*outcome) {
  if (pop.intervention[i]) return c.interventions->list[pop.intervention[i] - 1u].effects.*outcome;
  if (pop.last_intervention[i]) {
    const Effects& e = c.interventions->list[pop.last_intervention[i] - 1u].effects;
    if (e.after_half_life <= 0) return 1.0;
    // The log hazard ratio halves every after_half_life months.
    return std::pow(e.*outcome, std::exp2(-pop.months_since_intervention[i] / e.after_half_life));
  }
  return 1.0;
}

namespace {

bool in_contact(const Population& pop, std::size_t i, Contact k) {
  switch (k) {
    case Contact::GpConsultation:
      return pop.use_gp[i] > 0;
    case Contact::IaptSession:
      return pop.use_iapt[i] > 0;
    case Contact::MentalHealthContact:
      return pop.use_mh[i] > 0;
    case Contact::AeAttendance:
      return pop.use_ae[i] > 0;
    // Claimants required to see a work coach: JSA and the work-related activity group.
    case Contact::Jobcentre:
      return legacy_equivalent(pop.benefit[i]) == Benefit::Jsa ||
             legacy_equivalent(pop.benefit[i]) == Benefit::EsaWrag;
    default:
      return false;
  }
}

void leave_intervention(Population& pop, std::size_t i) {
  pop.last_intervention[i] = pop.intervention[i];
  pop.months_since_intervention[i] = 0;
  pop.intervention[i] = 0;
  pop.months_intervention[i] = 0;
}

}  // namespace

void step_interventions(const StepContext& c, Population& pop, std::size_t i, Tally& t,
                        std::vector<Candidate>& candidates) {
  const Interventions& P = *c.interventions;
  Stream rng(c.seed, c.replication, pop.id[i], static_cast<std::uint32_t>(c.month),
             Process::Referral);
  if (pop.last_intervention[i] && pop.months_since_intervention[i] < 0xffff)
    ++pop.months_since_intervention[i];
  // In an intervention: progress, drop out, complete.
  if (const int k = pop.intervention[i]; k > 0) {
    const Intervention& iv = P.list[static_cast<std::size_t>(k - 1)];
    ++pop.months_intervention[i];
    if (rng.uniform() < iv.drop_out) {
      ++t.intervention[static_cast<std::size_t>(k - 1)].drop_outs;
      leave_intervention(pop, i);
    } else if (pop.months_intervention[i] >= iv.duration_months) {
      ++t.intervention[static_cast<std::size_t>(k - 1)].completions;
      leave_intervention(pop, i);
    } else {
      // Referred on to another intervention (e.g. from therapy to employment support) happens
      // on completion only; while in an intervention nothing else is offered.
      return;
    }
  }
  // On a waiting list: give up, time out, or stay in the queue for a place.
  if (const int k = pop.waiting[i]; k > 0) {
    const auto kk = static_cast<std::size_t>(k - 1);
    const Intervention& iv = P.list[kk];
    pop.months_waiting[i] = static_cast<std::uint8_t>(std::min(255, pop.months_waiting[i] + 1));
    if (!iv.active(c.date) || rng.uniform() < iv.capacity.give_up ||
        pop.months_waiting[i] > iv.capacity.max_wait_months || !iv.eligible(pop, i)) {
      ++t.intervention[kk].gave_up;
      pop.waiting[i] = 0;
      pop.months_waiting[i] = 0;
      return;
    }
    candidates.push_back(
        {static_cast<std::uint32_t>(i), static_cast<std::uint8_t>(kk), pop.months_waiting[i],
         static_cast<std::uint8_t>(idx(pop.severity[i])),
         static_cast<std::uint16_t>(on_health_claim(pop.benefit[i]) ? pop.months_claim[i]
                                                                    : pop.months_benefit[i]),
         rng()});
    return;
  }
  // New referrals: each contact this month may lead along its routes to an intervention.
  auto try_route = [&](int intervention, double referral) {
    const Intervention& iv = P.list[static_cast<std::size_t>(intervention)];
    // Nobody is referred back to an intervention they left within the year.
    if (pop.last_intervention[i] == intervention + 1 && pop.months_since_intervention[i] < 12)
      return false;
    // A trial's participants, in either arm, are not referred to its intervention again.
    if (pop.trial_arm[i] && c.trial && c.trial->plan.intervention == intervention) return false;
    if (!iv.active(c.date) || rng.uniform() >= referral) return false;
    if (!iv.eligible(pop, i) || rng.uniform() >= iv.take_up) return false;
    ++t.intervention[static_cast<std::size_t>(intervention)].referrals;
    candidates.push_back(
        {static_cast<std::uint32_t>(i), static_cast<std::uint8_t>(intervention), 0,
         static_cast<std::uint8_t>(idx(pop.severity[i])),
         static_cast<std::uint16_t>(on_health_claim(pop.benefit[i]) ? pop.months_claim[i]
                                                                    : pop.months_benefit[i]),
         rng()});
    return true;
  };
  // People who just completed an intervention may be referred on along its routes.
  if (pop.last_intervention[i] && pop.months_since_intervention[i] == 0)
    for (const auto& [to, p] : P.routes_from_intervention[pop.last_intervention[i] - 1u])
      if (try_route(to, p)) return;
  for (std::size_t k = 0; k + 1 < count_of<Contact>(); ++k) {
    if (P.routes_by_contact[k].empty() || !in_contact(pop, i, static_cast<Contact>(k))) continue;
    for (const auto& [to, p] : P.routes_by_contact[k])
      if (try_route(to, p)) return;
  }
}

void allocate_places(const StepContext& c, Population& pop, std::vector<Candidate>& cands, Tally& t,
                     Stocks& s) {
  const Interventions& P = *c.interventions;
  // A total order that does not depend on how threads gathered the candidates.
  auto key = [&](const Candidate& a) {
    const QueueOrder o = P.list[a.intervention].capacity.order;
    const int primary = o == QueueOrder::LongestOnBenefit ? -static_cast<int>(a.months_on_benefit)
                        : o == QueueOrder::MostSevere     ? -static_cast<int>(a.severity)
                                                          : 0;
    return std::make_tuple(a.intervention, primary, -static_cast<int>(a.months_waiting), a.tie,
                           a.agent);
  };
  std::sort(cands.begin(), cands.end(),
            [&](const Candidate& a, const Candidate& b) { return key(a) < key(b); });
  std::size_t pos = 0;
  while (pos < cands.size()) {
    const std::size_t k = cands[pos].intervention;
    const Intervention& iv = P.list[k];
    const double places = iv.capacity.unlimited ? 1e18 : std::floor(iv.capacity.places);
    auto free =
        static_cast<long long>(std::max(0.0, places - static_cast<double>(s.in_intervention[k])));
    for (; pos < cands.size() && cands[pos].intervention == k; ++pos) {
      const Candidate& cd = cands[pos];
      const std::size_t i = cd.agent;
      const bool was_waiting = pop.waiting[i] != 0;
      // A new referral to an intervention under trial is randomised while the trial recruits.
      if (c.trial && !was_waiting && static_cast<int>(k) == c.trial->plan.intervention) {
        const TrialAdmission a = admit_to_trial(c, pop, i, *c.trial);
        if (a == TrialAdmission::Refuse) ++t.intervention[k].not_served;
        if (a != TrialAdmission::Serve) continue;
      }
      if (free > 0) {
        --free;
        pop.intervention[i] = static_cast<std::uint8_t>(k + 1);
        pop.months_intervention[i] = 0;
        pop.last_intervention[i] = 0;
        pop.months_since_intervention[i] = 0;
        if (was_waiting) --s.waiting[k];
        pop.waiting[i] = 0;
        pop.months_waiting[i] = 0;
        ++s.in_intervention[k];
        ++t.intervention[k].starts;
        t.intervention[k].wait_months += cd.months_waiting;
      } else if (!was_waiting) {
        if (iv.capacity.max_wait_months > 0) {
          pop.waiting[i] = static_cast<std::uint8_t>(k + 1);
          pop.months_waiting[i] = 0;
          ++s.waiting[k];
        } else {
          ++t.intervention[k].not_served;
        }
      }
    }
  }
}

}  // namespace hwsim
