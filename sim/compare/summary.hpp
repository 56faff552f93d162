// What `hwsim compare` prints: claimants at the target date with the paired difference, the
// chance the target is met, the long-term-condition employment gap, jobs caused, each
// intervention's starts and job starts, and the finance table.
#pragma once
#include <string>

#include "compare/finance.hpp"
#include "compare/paired.hpp"

namespace hwsim {

std::string compare_summary(const Paired& p, const FinanceResult& finance);

}  // namespace hwsim
