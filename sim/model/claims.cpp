// 3. Claims and assessment (MODEL.md section 3.3): new ESA claims; the assessment phase
// (waiting for the Work Capability Assessment, or closing first); WCA outcomes by severity;
// appeals against fit-for-work decisions (paid at the assessment rate while pending);
// reassessment in the WRAG and support group; the 12-month limit of contribution-based ESA
// in the WRAG; the remaining IB claimants and their reassessment for ESA.
#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

namespace {

// Leaves ESA/IB other than into work.
void leave(const StepContext& c, Population& pop, std::size_t i, bool to_jsa, Stream& rng,
           Tally& t) {
  pop.appeal[i] = 0;
  pop.contrib_only[i] = 0;
  if (to_jsa) {
    set_benefit(pop, i, Benefit::Jsa, t);
    set_labour(pop, i, Labour::Unemployed, t);
    return;
  }
  set_benefit(pop, i, Benefit::None, t);
  const AgentState a = AgentState::of(pop, i);
  const bool seeking =
      a.labour == Labour::Unemployed || rng.uniform() < c.P.labour.job_loss_to_unemployed;
  set_labour(pop, i, labour_out_of_work(a, seeking), t);
}

// A WCA decision (initial, reassessment or IB migration).
void wca(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t) {
  const auto& o = c.P.claims.wca_outcome[idx(pop.severity[i])];
  const double u = rng.uniform();
  if (u < o[idx(WcaOutcome::Support)]) {
    t.add(Event::WcaSupport);
    set_benefit(pop, i, Benefit::EsaSupport, t);
  } else if (u < o[idx(WcaOutcome::Support)] + o[idx(WcaOutcome::Wrag)]) {
    t.add(Event::WcaWrag);
    set_benefit(pop, i, Benefit::EsaWrag, t);
  } else {
    t.add(Event::WcaFit);
    if (rng.uniform() < c.P.claims.appeal_share) {
      t.add(Event::AppealLodged);
      pop.appeal[i] = 1;
      set_benefit(pop, i, Benefit::EsaAssessment, t);
    } else {
      leave(c, pop, i, rng.uniform() < c.P.claims.fit_to_jsa, rng, t);
    }
  }
}

}  // namespace

void step_claims(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t) {
  const AgentState a = AgentState::of(pop, i);
  const auto& C = c.P.claims;
  if (!is_esa_ib(a.benefit)) {
    if (rng.uniform() >= p_new_claim(c.P, c.L, a)) return;
    t.add(Event::NewClaim);
    set_benefit(pop, i, Benefit::EsaAssessment, t);
    const bool seeking = rng.uniform() < c.P.population.esa_ilo_unemployed_share;
    set_labour(pop, i, seeking ? Labour::Unemployed : Labour::InactiveSick, t);
    pop.contrib_only[i] = rng.uniform() < C.contributory_only_share ? 1 : 0;
    pop.appeal[i] = 0;
    return;
  }
  // One draw picks the phase event (claim_phase, which the start-up balance reads too).
  const double u = rng.uniform();
  switch (claim_phase(c.P, a, c.ib_migration_open).pick(u)) {
    case ClaimEvent::AppealDecision:
      pop.appeal[i] = 0;
      if (rng.uniform() <
          p_appeal_success(c.P, intervention_hr(c, pop, i, &Effects::appeal_success_ratio))) {
        t.add(Event::AppealWon);
        // A successful appeal places the claimant in the WRAG or the support group in the
        // proportions a WCA gives at this severity.
        const auto& o = C.wca_outcome[idx(a.severity)];
        const double awarded = o[idx(WcaOutcome::Support)] + o[idx(WcaOutcome::Wrag)];
        const bool support = awarded > 0 && rng.uniform() * awarded < o[idx(WcaOutcome::Support)];
        set_benefit(pop, i, support ? Benefit::EsaSupport : Benefit::EsaWrag, t);
      } else {
        t.add(Event::AppealLost);
        leave(c, pop, i, rng.uniform() < C.fit_to_jsa, rng, t);
      }
      return;
    case ClaimEvent::Closure:
      t.add(Event::ClaimClosed);
      leave(c, pop, i, false, rng, t);
      return;
    case ClaimEvent::TimeLimit:
      t.add(Event::TimeLimited);
      leave(c, pop, i, false, rng, t);
      return;
    case ClaimEvent::IbMigration:
      t.add(Event::IbMigrated);
      wca(c, pop, i, rng, t);
      return;
    case ClaimEvent::Wca:
      wca(c, pop, i, rng, t);
      return;
    case ClaimEvent::ExitOther:
      t.add(Event::ClaimExitOther);
      leave(c, pop, i, false, rng, t);
      return;
    case ClaimEvent::None:
      return;
  }
}

}  // namespace hwsim
