// What `hwsim compare` prints: claimants at the target date with the paired difference, the
// chance the target is met, the smallest change the legacy count could show against the
// scenario's change (compare/detectable.hpp), the long-term-condition employment gap, jobs
// caused, each intervention's starts and job starts, and the finance table.
#pragma once
#include <cstdint>
#include <string>

#include "compare/finance.hpp"
#include "compare/paired.hpp"
#include "run/indicators.hpp"

namespace hwsim {

// The line naming the comparison, printed before it runs.
std::string compare_header(const Scenario& baseline, const Scenario& scenario, int replications,
                           std::uint64_t seed);
// What follows the header once both have run.
std::string compare_summary(const Paired& p, const FinanceResult& finance);

// The change in the legacy count from month 0 to `month` and its parts (run/target.hpp), as
// lines of text (also printed by `hwsim run`).
std::string legacy_change_text(const RunValues& v, const SimulationSettings& sim, int month);

}  // namespace hwsim
