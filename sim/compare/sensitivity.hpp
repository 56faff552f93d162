// One-way sensitivity analysis (issue: uncertainty a decision can rest on): each uncertain
// quantity of a comparison at the 5th and then the 95th percentile of its distribution, every
// other at its central value, the baseline and scenario paired on common random numbers; the
// swing of the March 2019 difference in claimants and of the total NPV, for a tornado diagram.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "compare/finance.hpp"
#include "run/cluster.hpp"
#include "run/psa.hpp"

namespace hwsim {

// The outcomes of one paired comparison (means over its replications).
struct SensitivityOutcome {
  double claimants = 0;  // scenario minus baseline, legacy ESA/IB at the target month
  double npv = 0;        // total NPV over all partners, before gain sharing
};

struct TornadoBar {
  UncertainQuantity quantity;
  double low_value = 0, high_value = 0;  // the quantity at its 5th and 95th percentiles (its unit)
  SensitivityOutcome low, high;
};

struct Sensitivity {
  SensitivityOutcome central;
  std::vector<TornadoBar> bars;       // in the order of the quantities
  std::vector<std::string> left_out;  // Dirichlet tables: no single 5th or 95th percentile
  int replications = 0;
  std::uint64_t seed = 0;
};

// `baseline` is costed with the scenario's finance, as a comparison's is. The quantities of
// `baseline` and `scenario` (union_of), each run low and high; with `only`,
// just those whose key starts with one of its prefixes (e.g. "interventions."), the others
// staying central. `progress` is told the paired replications done and in all; `stop` as for
// run(). Arms run in parallel; with a cluster of several processes, each runs the arms
// Cluster::mine gives it and the outcomes are gathered on every process (the same result as one
// process; progress counts this process's share, scaled to the whole). With `scratch`, each
// arm keeps its replications in a file there, not in memory (run/replications.hpp).
Sensitivity one_way_sensitivity(const Scenario& baseline, const Scenario& scenario,
                                std::uint64_t seed, int replications,
                                const std::function<void(int, int)>& progress = {},
                                const StopRequested& stop = {},
                                const std::vector<std::string>& only = {},
                                const Cluster* cluster = nullptr, const std::string& scratch = {});
// The quantities one_way_sensitivity varies (not a Dirichlet's shares; those `only` names).
std::vector<UncertainQuantity> varied_quantities(const Scenario& baseline, const Scenario& scenario,
                                                 const std::vector<std::string>& only = {});

// The bars sorted by swing (|high - low|) of one outcome, widest first.
enum class TornadoOutcome { Claimants, Npv };
std::vector<TornadoBar> sorted_by_swing(const Sensitivity& s, TornadoOutcome outcome);
double outcome_of(const SensitivityOutcome& o, TornadoOutcome outcome);

}  // namespace hwsim
