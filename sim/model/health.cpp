// 2. Health (MODEL.md section 3.2): onset, remission and severity of the primary condition,
// and depression comorbid with musculoskeletal conditions (seed 4.6: four times the risk).
// Work changes health: onset of common mental disorders is higher out of work
// (health.onset_hr_not_employed) and remission is faster in work (remission_hr_employed).
#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

OnsetTable OnsetTable::of(const Params& P, const Levels& L) {
  OnsetTable t;
  for (std::size_t b = 0; b < count_of<AgeBand>(); ++b)
    for (int e = 0; e < 2; ++e) {
      AgentState a{};
      a.band = static_cast<AgeBand>(b);
      a.labour = e ? Labour::Employed : Labour::InactiveOther;
      double acc = 0;
      for (std::size_t k = 1; k < count_of<Condition>(); ++k) {
        acc += p_onset(P, L, a, static_cast<Condition>(k));
        t.cum[b][static_cast<std::size_t>(e)][k - 1] = acc;
      }
    }
  return t;
}

void step_health(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t) {
  const AgentState a = AgentState::of(pop, i);
  const auto& P = c.P;
  const bool claimant = is_esa_ib(a.benefit) || a.benefit == Benefit::Jsa;
  if (a.condition == Condition::None) {
    const auto& cum = c.onset->cum[idx(a.band)][a.labour == Labour::Employed ? 1 : 0];
    const std::size_t k = rng.choose(cum.begin(), cum.end());
    if (k == cum.size()) return;
    const auto cond = static_cast<Condition>(k + 1);
    const auto& shares = P.population.severity_share[idx(cond)];
    const double u = rng.uniform();
    const Severity sev = u < shares[0]               ? Severity::Mild
                         : u < shares[0] + shares[1] ? Severity::Moderate
                                                     : Severity::Severe;
    pop.condition[i] = cond;
    pop.severity[i] = sev;
    pop.comorbid[i] = 0;
    t.add(Event::Onset);
    if (a.labour == Labour::InactiveOther && !claimant && sev != Severity::Mild &&
        rng.uniform() < P.population.inactive_sick_share)
      set_labour(pop, i, Labour::InactiveSick, t);
    return;
  }
  const double u = rng.uniform();
  const double pr = clamp01(p_remission(P, a) * intervention_hr(c, pop, i, &Effects::remission_hr));
  if (u < pr) {
    pop.condition[i] = Condition::None;
    pop.severity[i] = Severity::Mild;
    pop.comorbid[i] = 0;
    t.add(Event::Remission);
    if (a.labour == Labour::InactiveSick && !claimant) set_labour(pop, i, Labour::InactiveOther, t);
    return;
  }
  const double up =
      a.severity == Severity::Severe ? 0.0 : c.L.worsen[idx(a.condition)][idx(a.severity)];
  const double down = a.severity == Severity::Mild ? 0.0 : P.health.severity_improve;
  if (u < pr + up) {
    pop.severity[i] = static_cast<Severity>(idx(a.severity) + 1);
    t.add(Event::SeverityUp);
  } else if (u < pr + up + down) {
    pop.severity[i] = static_cast<Severity>(idx(a.severity) - 1);
    t.add(Event::SeverityDown);
  }
  if (a.condition == Condition::Msk) {
    const double v = rng.uniform();
    if (!a.comorbid && v < c.L.comorbid_onset[idx(a.band)])
      pop.comorbid[i] = 1;
    else if (a.comorbid && v < P.health.comorbid_remission)
      pop.comorbid[i] = 0;
  }
}

}  // namespace hwsim
