// 4. Labour market (MODEL.md section 3.4): job loss (higher in the first months of a job:
// retention), job entry by origin state, condition, severity, age and months out of work,
// starting and stopping the search for work, and JSA claims and exits.
#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

void step_labour(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t) {
  const AgentState a = AgentState::of(pop, i);
  const auto& P = c.P;
  if (a.labour == Labour::Employed) {
    if (rng.uniform() >= p_job_loss(P, a) * intervention_hr(c, pop, i, &Effects::job_loss_hr))
      return;
    t.add(Event::JobLoss);
    const bool seeking = rng.uniform() < P.labour.job_loss_to_unemployed;
    set_labour(pop, i, labour_out_of_work(a, seeking), t);
    return;
  }
  const double u = rng.uniform();
  const double entry =
      clamp01(p_job_entry(P, c.L, a) * intervention_hr(c, pop, i, &Effects::job_entry_hr));
  if (u < entry) {
    t.add(Event::JobStart);
    if (is_esa_ib(a.benefit)) t.add(Event::JobStartFromEsaIb);
    if (pop.intervention[i])
      ++t.intervention[pop.intervention[i] - 1u].job_starts_in;
    else if (pop.last_intervention[i])
      ++t.intervention[pop.last_intervention[i] - 1u].job_starts_after;
    set_benefit(pop, i, Benefit::None, t);
    set_labour(pop, i, Labour::Employed, t);
    pop.appeal[i] = 0;
    pop.contrib_only[i] = 0;
    return;
  }
  if (is_esa_ib(a.benefit)) return;
  if (a.benefit == Benefit::Jsa) {
    if (u < entry + p_jsa_exit(P, a)) {
      t.add(Event::JsaExit);
      set_benefit(pop, i, Benefit::None, t);
    }
    return;
  }
  if (a.labour == Labour::Unemployed) {
    const double stop = p_search_stop(P, a);
    if (u < entry + stop) {
      t.add(Event::SearchStop);
      set_labour(pop, i, labour_out_of_work(a, false), t);
    } else if (u < entry + stop + p_jsa_claim(P, c.L, a)) {
      t.add(Event::JsaClaim);
      new_jobseeker_claim(c, pop, i, rng, t);
    }
    return;
  }
  const double start = p_search_start(P, c.L, a);
  if (u < entry + start) {
    t.add(Event::SearchStart);
    set_labour(pop, i, Labour::Unemployed, t);
  } else if (u < entry + start + p_sick_recovery(P, c.L, a)) {
    t.add(Event::SickRecovery);
    set_labour(pop, i, Labour::InactiveOther, t);
  }
}

}  // namespace hwsim
