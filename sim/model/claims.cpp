// 3. Claims and assessment (MODEL.md section 3.3): new ESA claims; the assessment phase
// (waiting for the Work Capability Assessment, or closing first); WCA outcomes by severity;
// appeals against fit-for-work decisions (paid at the assessment rate while pending);
// reassessment in the WRAG and support group; the 12-month limit of contribution-based ESA
// in the WRAG; the remaining IB claimants and their reassessment for ESA. Under the policy
// timeline (MODEL.md section 8) the same rules run for UC claimants on a health claim, in the
// UC group that replaces each ESA group; new claims land on UC or new-style ESA from full
// service, and legacy means-tested claims move to UC by natural or managed migration.
#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

namespace {

// The state of group `legacy` (an ESA group) for agent i: its UC equivalent if the agent's
// claim is on UC.
Benefit in_regime(const Population& pop, std::size_t i, Benefit legacy) {
  return is_uc(pop.benefit[i]) ? uc_equivalent(legacy) : legacy;
}

// Leaves ESA/IB (or UC health) other than into work. A claimant found fit for work looks for
// work on JSA, or on UC where the claim was on UC, had UC beside it or new claims go to UC.
void leave(const StepContext& c, Population& pop, std::size_t i, bool to_jsa, Stream& rng,
           Tally& t) {
  pop.appeal[i] = 0;
  pop.contrib_only[i] = 0;
  if (to_jsa) {
    if (is_uc(pop.benefit[i]) || pop.uc_beside[i]) {
      const bool was_on_uc = is_uc(pop.benefit[i]);
      set_benefit(pop, i, Benefit::UcSearching, t);
      if (!was_on_uc) pop.uc_route[i] = static_cast<std::uint8_t>(UcRoute::NewClaim);
    } else {
      new_jobseeker_claim(c, pop, i, rng, t);
    }
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
    set_benefit(pop, i, in_regime(pop, i, Benefit::EsaSupport), t);
  } else if (u < o[idx(WcaOutcome::Support)] + o[idx(WcaOutcome::Wrag)]) {
    t.add(Event::WcaWrag);
    set_benefit(pop, i, in_regime(pop, i, Benefit::EsaWrag), t);
  } else {
    t.add(Event::WcaFit);
    if (rng.uniform() < c.P.claims.appeal_share) {
      t.add(Event::AppealLodged);
      pop.appeal[i] = 1;
      set_benefit(pop, i, in_regime(pop, i, Benefit::EsaAssessment), t);
    } else {
      leave(c, pop, i, rng.uniform() < c.P.claims.fit_to_jsa, rng, t);
    }
  }
}

// A new claim on the grounds of sickness. In the legacy world it is ESA (contribution-based
// only with probability claims.contributory_only_share). Under UC full service, or for someone
// already on UC, the same draw gives new-style ESA alone (the contributory-only share), new-style
// ESA with UC beside it (uc.new_style_with_uc_share), or UC awaiting a WCA (the rest: a claim
// that would have been ESA, diverted to UC).
void new_claim(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t) {
  const auto& C = c.P.claims;
  t.add(Event::NewClaim);
  const bool on_uc = is_uc(pop.benefit[i]);
  const bool seeking = rng.uniform() < c.P.population.esa_ilo_unemployed_share;
  const double u = rng.uniform();
  Benefit b = Benefit::EsaAssessment;
  bool contrib = u < C.contributory_only_share, beside = false;
  if (c.policy.uc_full || on_uc) {
    beside = on_uc ? u < C.contributory_only_share + c.P.uc.new_style_with_uc_share
                   : !contrib && u < C.contributory_only_share + c.P.uc.new_style_with_uc_share;
    contrib = contrib || beside;
    if (!contrib) b = Benefit::UcAssessment;
  }
  set_benefit(pop, i, b, t);
  set_labour(pop, i, seeking ? Labour::Unemployed : Labour::InactiveSick, t);
  pop.contrib_only[i] = contrib ? 1 : 0;
  pop.uc_beside[i] = beside ? 1 : 0;
  pop.appeal[i] = 0;
  pop.no_wra[i] = c.date.index() >= c.policy.no_wra_from ? 1 : 0;
  if (b == Benefit::UcAssessment) {
    t.add(Event::UcDivertedClaim);
    pop.uc_route[i] = static_cast<std::uint8_t>(UcRoute::NewClaim);
  }
}

// Natural and managed migration: a legacy means-tested claim (JSA, income-related ESA) moves to
// the UC group that replaces it, keeping its months and its claim's date. Contribution-based
// ESA continues as new-style ESA; IB claimants are left on IB (few remained, and their
// reassessment for ESA came first).
void migrate(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t) {
  const Benefit b = pop.benefit[i];
  if (!(b == Benefit::Jsa || (is_esa(b) && !pop.contrib_only[i]))) return;
  const double natural = c.policy.natural_migration ? c.P.uc.natural_migration : 0.0;
  const double managed = c.policy.managed_migration ? c.P.uc.managed_migration : 0.0;
  const double u = rng.uniform();
  UcRoute route;
  if (u < natural) {
    route = UcRoute::NaturalMigration;
    t.add(Event::UcNaturalMigration);
  } else if (u < natural + (1 - natural) * managed) {
    route = UcRoute::ManagedMigration;
    t.add(Event::UcManagedMigration);
  } else {
    return;
  }
  set_benefit(pop, i, uc_equivalent(b), t);
  pop.uc_route[i] = static_cast<std::uint8_t>(route);
}

}  // namespace

void step_claims(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t) {
  if (c.policy.natural_migration || c.policy.managed_migration) migrate(c, pop, i, rng, t);
  const AgentState a = AgentState::of(pop, i);
  const auto& C = c.P.claims;
  if (!is_esa_ib(a.benefit)) {
    if (rng.uniform() >= p_new_claim(c.P, c.L, a)) return;
    new_claim(c, pop, i, rng, t);
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
        set_benefit(pop, i, in_regime(pop, i, support ? Benefit::EsaSupport : Benefit::EsaWrag), t);
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
      if (pop.uc_beside[i]) {
        // New-style ESA ends; the UC beside it goes on, with the LCW the WCA found.
        pop.contrib_only[i] = 0;
        pop.uc_beside[i] = 0;
        set_benefit(pop, i, Benefit::UcLcw, t);
        pop.uc_route[i] = static_cast<std::uint8_t>(UcRoute::NewClaim);
        return;
      }
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
