// The start-up of a replication: the month-0 population synthesised (synthesis.hpp), its claim
// histories reconstructed (backcast.hpp), the entry levels balanced (equilibrium.hpp) and the
// state spun up, so that month 0 is in balance with the model's own dynamics.
#pragma once
#include <cstdint>

#include "population/population.hpp"
#include "scenario/scenario.hpp"
#include "startup/equilibrium.hpp"
#include "startup/synthesis.hpp"

namespace hwsim {

// Runs the synthesised population forward for sc.sim.spin_up_months before month 0,
// re-balancing the entry levels every six months and steering the balanced stocks back to
// their synthesised sizes, so that the parts of the state the synthesis cannot fit (months in
// each state, who is between claims, severity among claimants) settle into the model's own
// dynamics while the stocks keep the seed's values. The last balance is a plain one.
void spin_up(const Scenario& sc, Population& pop, Balance& balance, std::uint64_t seed,
             std::uint32_t replication);

// The month-0 state of one replication: synthesised, balanced and spun up.
struct Prepared {
  Population pop;
  Balance balance;
};
Prepared prepare_replication(const Scenario& sc, const SynthesisTable& table, std::uint64_t seed,
                             std::uint32_t replication);

}  // namespace hwsim
