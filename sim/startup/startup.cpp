#include "startup/startup.hpp"

#include "model/step.hpp"

namespace hwsim {

namespace {
// Stream months of the spin-up: far from the months of the run itself.
constexpr int kSpinUpMonthBase = 0x800000;
constexpr int kRebalanceEvery = 6;
}  // namespace

void spin_up(const Scenario& sc, Population& pop, Balance& balance, std::uint64_t seed,
             std::uint32_t replication) {
  if (sc.sim.spin_up_months <= 0) return;
  const Donors donors = Donors::of(pop, sc.params);
  const Population aim = pop;  // the synthesised state: the stocks to keep
  const std::uint64_t id_base = pop.size();
  for (int k = 1; k <= sc.sim.spin_up_months; ++k) {
    const StepContext ctx{.P = sc.params,
                          .L = balance.levels,
                          .seed = seed,
                          .replication = replication,
                          .month = kSpinUpMonthBase + k,
                          .ib_migration_open = true,
                          .id_base = id_base,
                          .record_services = false,
                          .date = sc.sim.start.plus(k - sc.sim.spin_up_months)};  // before month 0
    step_month(ctx, pop, donors);
    // Re-balance, steering the stocks back to the synthesised ones; the last balance is a
    // plain one, so the run itself starts in balance.
    if (k == sc.sim.spin_up_months)
      balance = balance_levels(sc, pop);
    else if (k % kRebalanceEvery == 0)
      balance = balance_levels(sc, pop, &aim);
  }
}

Prepared prepare_replication(const Scenario& scenario, const SynthesisTable& table,
                             std::uint64_t seed, std::uint32_t replication) {
  // The start-up runs on the status quo (Scenario::start_params), so that a scenario starts
  // from the same calibrated month 0 as its baseline.
  Scenario sc = scenario;
  sc.params = scenario.start_params;
  Prepared p{synthesise(sc, table, seed, replication), {}};
  if (sc.params.equilibrium.enabled) {
    // Balance, redraw the months out of work at the balanced levels, balance again.
    p.balance = balance_levels(sc, p.pop);
    redraw_durations(sc, p.balance.levels, p.pop, seed, replication);
    p.balance = balance_levels(sc, p.pop);
    spin_up(sc, p.pop, p.balance, seed, replication);
  } else {
    p.balance.levels = reference_levels(sc, p.pop);
  }
  return p;
}

}  // namespace hwsim
