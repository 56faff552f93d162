#include "model/trial.hpp"

#include <algorithm>
#include <numeric>

#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

namespace {

// The stream of the practices' draw: no agent has this id (ids are below 2^40).
constexpr std::uint64_t kPracticeDraw = (std::uint64_t{1} << 40) - 1;

}  // namespace

TrialState::TrialState(const TrialPlan& p, std::uint64_t s, std::uint32_t r, int practices,
                       int months)
    : plan(p),
      seed(s),
      replication(r),
      recruited_by_month(static_cast<std::size_t>(std::max(months, 1)), 0) {
  if (plan.design != TrialDesign::Cluster) return;
  // A random order of the practices (Fisher-Yates on the trial's own stream): the first
  // clusters_per_arm are offered the intervention, the next as many are controls.
  std::vector<int> order(static_cast<std::size_t>(practices));
  std::iota(order.begin(), order.end(), 0);
  Stream rng(seed, replication, kPracticeDraw, 0, Process::Trial);
  for (std::size_t k = order.size(); k > 1; --k) {
    const auto j = static_cast<std::size_t>(rng.uniform() * static_cast<double>(k));
    std::swap(order[k - 1], order[std::min(j, k - 1)]);
  }
  practice_arm.assign(static_cast<std::size_t>(practices), TrialArm::None);
  const auto k = static_cast<std::size_t>(plan.clusters_per_arm);
  for (std::size_t j = 0; j < 2 * k && j < order.size(); ++j)
    practice_arm[static_cast<std::size_t>(order[j])] = j < k ? TrialArm::Offer : TrialArm::Control;
}

bool TrialState::recruiting(YearMonth date) const {
  return date.index() >= plan.recruit_from.index() && date.index() <= plan.recruit_to.index() &&
         (plan.participants <= 0 || static_cast<int>(participants.size()) < plan.participants);
}

TrialAdmission admit_to_trial(const StepContext& c, Population& pop, std::size_t i, TrialState& t) {
  const bool cluster = t.plan.design == TrialDesign::Cluster;
  TrialArm practice = TrialArm::Offer;
  if (cluster) {
    const std::size_t g = pop.gp[i];
    practice = g < t.practice_arm.size() ? t.practice_arm[g] : TrialArm::None;
    // The intervention runs in the offer practices only; a control practice's referrals are
    // the trial's controls while it recruits.
    if (practice == TrialArm::None) {
      ++t.refused;
      return TrialAdmission::Refuse;
    }
  }
  if (!t.recruiting(c.date)) {
    if (practice == TrialArm::Control) {
      ++t.refused;
      return TrialAdmission::Refuse;
    }
    return TrialAdmission::Serve;
  }
  Stream rng(c.seed, c.replication, pop.id[i], static_cast<std::uint32_t>(c.month), Process::Trial);
  const double u = rng.uniform();  // drawn in both designs: the other draws do not shift
  TrialArm arm = practice;
  if (!cluster)
    arm = u < t.plan.allocation_ratio / (1 + t.plan.allocation_ratio) ? TrialArm::Offer
                                                                      : TrialArm::Control;
  Participant p;
  p.agent = static_cast<std::uint32_t>(i);
  p.id = pop.id[i];
  p.month = static_cast<std::uint16_t>(c.month);
  p.arm = arm;
  p.practice = pop.gp[i];
  p.band = pop.band(i);
  p.sex = pop.sex[i];
  p.condition = pop.condition[i];
  p.benefit = pop.benefit[i];
  const double v = rng.uniform();
  if (arm == TrialArm::Offer)
    p.not_taken_up = v < t.plan.not_taken_up;
  else
    p.contaminated = v < t.plan.contamination;
  t.participants.push_back(p);
  const auto m = static_cast<std::size_t>(c.month);
  if (m < t.recruited_by_month.size()) ++t.recruited_by_month[m];
  pop.trial_arm[i] = static_cast<std::uint8_t>(arm);
  // Controls who get the same help elsewhere are served as the offer would serve them.
  if (arm == TrialArm::Offer)
    return p.not_taken_up ? TrialAdmission::Withhold : TrialAdmission::Serve;
  return p.contaminated ? TrialAdmission::Serve : TrialAdmission::Withhold;
}

void follow_participants(const StepContext& c, const Population& pop, TrialState& t) {
  const Interventions& P = *c.interventions;
  const auto trial_k = static_cast<std::uint8_t>(t.plan.intervention + 1);
  for (Participant& p : t.participants) {
    if (p.lost) continue;
    const int since = c.month - p.month;
    if (since > t.plan.follow_up_months) continue;
    const std::size_t i = p.agent;
    if (pop.id[i] != p.id) {  // the slot holds someone else: the participant left
      p.lost = true;
      continue;
    }
    // The cost of interventions this month: a start, a month in one, a job outcome payment.
    if (const int k = pop.intervention[i]; k > 0) {
      const Intervention& iv = P.list[static_cast<std::size_t>(k - 1)];
      p.cost += iv.costs.per_month;
      if (pop.months_intervention[i] == 0) p.cost += iv.costs.per_start;
      if (k == trial_k) p.started = true;
    }
    if (pop.labour[i] == Labour::Employed && pop.months_labour[i] == 6) {
      const int k = pop.intervention[i]
                        ? pop.intervention[i]
                        : (pop.last_intervention[i] && pop.months_since_intervention[i] <= 12
                               ? pop.last_intervention[i]
                               : 0);
      if (k > 0) p.cost += P.list[static_cast<std::size_t>(k - 1)].costs.per_job_outcome;
    }
    if (since == 0) continue;  // the month of randomisation: its start only
    p.followed = static_cast<std::uint16_t>(since);
    const bool employed = pop.labour[i] == Labour::Employed;
    p.work_bits = static_cast<std::uint16_t>((p.work_bits << 1) | (employed ? 1u : 0u));
    p.worked = p.worked || employed;
    // A job begun after randomisation (its months completed are fewer than the months since).
    if (employed && pop.months_labour[i] < since) {
      if (pop.months_labour[i] >= 6) p.sustained6 = true;
      if (pop.months_labour[i] >= 12) p.sustained12 = true;
    }
    p.use[0] += pop.use_gp[i];
    p.use[1] += pop.use_iapt[i];
    p.use[2] += pop.use_mh[i];
    p.use[3] += pop.use_ae[i];
    for (std::size_t s = 0; s < kFollowUpMonths.size(); ++s) {
      if (since != kFollowUpMonths[s]) continue;
      TrialSnapshot& at = p.at[s];
      at.reached = true;
      const int window = std::min(since, 12);
      const int worked = std::popcount(static_cast<unsigned>(p.work_bits & ((1u << window) - 1u)));
      auto set = [&](TrialOutcome o, bool v) {
        if (v) at.outcomes |= static_cast<std::uint8_t>(1u << static_cast<int>(o));
      };
      set(TrialOutcome::InWork, employed);
      set(TrialOutcome::Worked13Weeks, worked >= 3);
      set(TrialOutcome::OffHealthBenefit, !on_health_claim(pop.benefit[i]));
      set(TrialOutcome::SustainedJob6, p.sustained6);
      set(TrialOutcome::SustainedJob12, p.sustained12);
      set(TrialOutcome::WorkedSince, p.worked);
      for (std::size_t k = 0; k < at.use.size(); ++k)
        at.use[k] = static_cast<std::uint16_t>(std::min<std::uint32_t>(p.use[k], 0xffff));
      at.cost = static_cast<float>(p.cost);
    }
  }
}

}  // namespace hwsim
