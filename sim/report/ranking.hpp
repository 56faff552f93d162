// report.html of `hwsim compare` with several scenarios: the scenarios ranked against one
// baseline. The answer in a sentence, then the ranking table (each figure a mean with its 5-95%
// band across the paired replications, each scenario linking to its own report), and charts
// drawn by the embedded Chart.js: the change in claimants, P(target met), the change in the
// long-term-condition employment gap, extra sustained jobs, cost per claimant off benefit and
// per sustained job, and NPV per partner. A self-contained page that opens offline.
#pragma once
#include <string>
#include <vector>

#include "compare/ranking.hpp"

namespace hwsim {

// `paired[k]` and `finance[k]` are scenario k's comparison (in the order given), `ranking` is
// rank_scenarios(paired, finance).
std::string render_ranking(const std::vector<Paired>& paired,
                           const std::vector<FinanceResult>& finance,
                           const std::vector<RankedScenario>& ranking);

}  // namespace hwsim
