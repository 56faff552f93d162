#include "startup/backcast.hpp"

#include <tbb/parallel_for.h>

#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

void backcast_claimants(const Scenario& sc, Population& pop, std::uint64_t seed,
                        std::uint32_t replication) {
  const Params& P = sc.params;
  const Levels ones = Levels::ones();
  const int ib_closed = months_between(sc.sim.start, P.claims.ib_closed);         // < 0
  const int ib_open = months_between(sc.sim.start, P.claims.ib_migration_start);  // < 0
  tbb::parallel_for(std::size_t{0}, pop.size(), [&](std::size_t i) {
    if (!is_esa_ib(pop.benefit[i])) return;  // the fitted table's claimants are marked so
    const int max_start = std::min(kBackcastMaxMonths, std::max(0, pop.age_months[i] - 16 * 12));
    Stream pick(seed, replication, pop.id[i], 0, Process::Backcast);
    for (std::uint32_t trial = 0;; ++trial) {
      const int d = static_cast<int>(pick.uniform() * (max_start + 1));  // months ago
      // The claim starts d months before month 0.
      Tally scratch;
      const int start = -d;
      pop.benefit[i] = Benefit::EsaAssessment;
      pop.labour[i] = pick.uniform() < P.population.esa_ilo_unemployed_share ? Labour::Unemployed
                                                                             : Labour::InactiveSick;
      pop.contrib_only[i] = pick.uniform() < P.claims.contributory_only_share ? 1 : 0;
      pop.appeal[i] = 0;
      pop.months_benefit[i] = 0;
      pop.months_claim[i] = 0;
      pop.months_labour[i] = 0;
      bool open = true;
      // One stream a trial: its months draw in sequence (four draws a Philox block).
      Stream rc(seed, replication, pop.id[i], trial + 1, Process::Backcast);
      for (int m = start + 1; m <= 0 && open; ++m) {
        const Benefit b0 = pop.benefit[i];
        const Labour l0 = pop.labour[i];
        const StepContext ctx{.P = P,
                              .L = ones,
                              .seed = seed,
                              .replication = replication,
                              .month = m,
                              .ib_migration_open = m >= ib_open};
        step_claims(ctx, pop, i, rc, scratch);
        // Before October 2008 an award was Incapacity Benefit (after the Personal Capability
        // Assessment, modelled by the same assessment phase).
        if (m < ib_closed &&
            (pop.benefit[i] == Benefit::EsaWrag || pop.benefit[i] == Benefit::EsaSupport))
          pop.benefit[i] = Benefit::Ib;
        if (is_esa_ib(pop.benefit[i])) step_labour(ctx, pop, i, rc, scratch);
        open = is_esa_ib(pop.benefit[i]);
        if (!open) break;
        pop.months_benefit[i] =
            pop.benefit[i] == b0 ? static_cast<std::uint16_t>(pop.months_benefit[i] + 1) : 0;
        pop.months_labour[i] =
            pop.labour[i] == l0 ? static_cast<std::uint16_t>(pop.months_labour[i] + 1) : 0;
        pop.months_claim[i] = static_cast<std::uint16_t>(pop.months_claim[i] + 1);
      }
      if (open || trial == 4000) {
        if (!open) {  // practically unreachable: keep a new claim rather than loop forever
          pop.benefit[i] = Benefit::EsaAssessment;
          pop.labour[i] = Labour::InactiveSick;
          pop.months_benefit[i] = pop.months_claim[i] = pop.months_labour[i] = 0;
        }
        return;
      }
    }
  });
}

}  // namespace hwsim
