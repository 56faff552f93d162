// Claim histories of the month-0 ESA/IB claimants, reconstructed with the model's own claim
// process: for each claimant a start month is drawn (a flat caseload means a steady inflow,
// so uniformly over the past 20 years), the claim is run forward to month 0 with the same
// phase rules as the monthly step (assessment, WCA, appeals, reassessment, time limit, exits
// to work; an award before October 2008 is Incapacity Benefit, reassessed for ESA from April
// 2011), and the history is kept if the claim is still open at month 0. Phase shares and months on
// benefit then follow from the hazards rather than being imposed: the share over 12 months (seed fn
// 14: 75%) is a check of them.
#pragma once
#include <cstdint>

#include "population/population.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

inline constexpr int kBackcastMaxMonths = 240;

void backcast_claimants(const Scenario& sc, Population& pop, std::uint64_t seed,
                        std::uint32_t replication);

}  // namespace hwsim
