// 5b-5c. Interventions in the monthly step (MODEL.md section 3.5): people in a programme
// progress, drop out or complete it; people on a waiting list wait, give up or time out;
// contacts with services this month lead to referrals along the network's routes; each
// programme's places are then allocated in its stated order. Effects act on the hazards of
// the following months through programme_hr.
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

double programme_hr_slow(const StepContext& c, const Population& pop, std::size_t i,
                         double Effects::*outcome) {
  if (pop.programme[i]) return c.programmes->list[pop.programme[i] - 1u].effects.*outcome;
  if (pop.last_programme[i]) {
    const Effects& e = c.programmes->list[pop.last_programme[i] - 1u].effects;
    if (e.after_half_life <= 0) return 1.0;
    // The log hazard ratio halves every after_half_life months.
    return std::pow(e.*outcome, std::exp2(-pop.months_since_programme[i] / e.after_half_life));
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
      return pop.benefit[i] == Benefit::Jsa || pop.benefit[i] == Benefit::EsaWrag;
    default:
      return false;
  }
}

void leave_programme(Population& pop, std::size_t i) {
  pop.last_programme[i] = pop.programme[i];
  pop.months_since_programme[i] = 0;
  pop.programme[i] = 0;
  pop.months_programme[i] = 0;
}

}  // namespace

void step_programmes(const StepContext& c, Population& pop, std::size_t i, Tally& t,
                     std::vector<Candidate>& candidates) {
  const Programmes& P = *c.programmes;
  Stream rng(c.seed, c.replication, pop.id[i], static_cast<std::uint32_t>(c.month),
             Process::Referral);
  if (pop.last_programme[i] && pop.months_since_programme[i] < 0xffff)
    ++pop.months_since_programme[i];
  // In a programme: progress, drop out, complete.
  if (const int k = pop.programme[i]; k > 0) {
    const Intervention& iv = P.list[static_cast<std::size_t>(k - 1)];
    ++pop.months_programme[i];
    if (rng.uniform() < iv.drop_out) {
      ++t.programme[static_cast<std::size_t>(k - 1)].drop_outs;
      leave_programme(pop, i);
    } else if (pop.months_programme[i] >= iv.duration_months) {
      ++t.programme[static_cast<std::size_t>(k - 1)].completions;
      leave_programme(pop, i);
    } else {
      // Referred on to another programme (e.g. from therapy to employment support) happens
      // on completion only; while in a programme nothing else is offered.
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
      ++t.programme[kk].gave_up;
      pop.waiting[i] = 0;
      pop.months_waiting[i] = 0;
      return;
    }
    candidates.push_back(
        {static_cast<std::uint32_t>(i), static_cast<std::uint8_t>(kk), pop.months_waiting[i],
         static_cast<std::uint8_t>(idx(pop.severity[i])),
         static_cast<std::uint16_t>(is_esa_ib(pop.benefit[i]) ? pop.months_claim[i]
                                                              : pop.months_benefit[i]),
         rng()});
    return;
  }
  // New referrals: each contact this month may lead along its routes to a programme.
  auto try_route = [&](int programme, double referral) {
    const Intervention& iv = P.list[static_cast<std::size_t>(programme)];
    // Nobody is referred back to a programme they left within the year.
    if (pop.last_programme[i] == programme + 1 && pop.months_since_programme[i] < 12) return false;
    if (!iv.active(c.date) || rng.uniform() >= referral) return false;
    if (!iv.eligible(pop, i) || rng.uniform() >= iv.take_up) return false;
    ++t.programme[static_cast<std::size_t>(programme)].referrals;
    candidates.push_back(
        {static_cast<std::uint32_t>(i), static_cast<std::uint8_t>(programme), 0,
         static_cast<std::uint8_t>(idx(pop.severity[i])),
         static_cast<std::uint16_t>(is_esa_ib(pop.benefit[i]) ? pop.months_claim[i]
                                                              : pop.months_benefit[i]),
         rng()});
    return true;
  };
  // People who just completed a programme may be referred on along its routes.
  if (pop.last_programme[i] && pop.months_since_programme[i] == 0)
    for (const auto& [to, p] : P.routes_from_programme[pop.last_programme[i] - 1u])
      if (try_route(to, p)) return;
  for (std::size_t k = 0; k + 1 < count_of<Contact>(); ++k) {
    if (P.routes_by_contact[k].empty() || !in_contact(pop, i, static_cast<Contact>(k))) continue;
    for (const auto& [to, p] : P.routes_by_contact[k])
      if (try_route(to, p)) return;
  }
}

void allocate_places(const StepContext& c, Population& pop, std::vector<Candidate>& cands, Tally& t,
                     Stocks& s) {
  const Programmes& P = *c.programmes;
  // A total order that does not depend on how threads gathered the candidates.
  auto key = [&](const Candidate& a) {
    const QueueOrder o = P.list[a.programme].capacity.order;
    const int primary = o == QueueOrder::LongestOnBenefit ? -static_cast<int>(a.months_on_benefit)
                        : o == QueueOrder::MostSevere     ? -static_cast<int>(a.severity)
                                                          : 0;
    return std::make_tuple(a.programme, primary, -static_cast<int>(a.months_waiting), a.tie,
                           a.agent);
  };
  std::sort(cands.begin(), cands.end(),
            [&](const Candidate& a, const Candidate& b) { return key(a) < key(b); });
  std::size_t pos = 0;
  while (pos < cands.size()) {
    const std::size_t k = cands[pos].programme;
    const Intervention& iv = P.list[k];
    const double places = iv.capacity.unlimited ? 1e18 : std::floor(iv.capacity.places);
    auto free =
        static_cast<long long>(std::max(0.0, places - static_cast<double>(s.in_programme[k])));
    for (; pos < cands.size() && cands[pos].programme == k; ++pos) {
      const Candidate& cd = cands[pos];
      const std::size_t i = cd.agent;
      const bool was_waiting = pop.waiting[i] != 0;
      if (free > 0) {
        --free;
        pop.programme[i] = static_cast<std::uint8_t>(k + 1);
        pop.months_programme[i] = 0;
        pop.last_programme[i] = 0;
        pop.months_since_programme[i] = 0;
        if (was_waiting) --s.waiting[k];
        pop.waiting[i] = 0;
        pop.months_waiting[i] = 0;
        ++s.in_programme[k];
        ++t.programme[k].starts;
        t.programme[k].wait_months += cd.months_waiting;
      } else if (!was_waiting) {
        if (iv.capacity.max_wait_months > 0) {
          pop.waiting[i] = static_cast<std::uint8_t>(k + 1);
          pop.months_waiting[i] = 0;
          ++s.waiting[k];
        } else {
          ++t.programme[k].not_served;
        }
      }
    }
  }
  (void)c;
}

}  // namespace hwsim
