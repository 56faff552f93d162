// Probabilistic sensitivity analysis (issue: uncertainty a decision can rest on): each
// replication reads its scenario again with every uncertain quantity drawn from its distribution
// (input/uncertainty.hpp), at a point keyed by the master seed, the replication and the
// quantity's key, so a baseline and a scenario draw the same value of what they share, and the
// bands carry the evidence's uncertainty as well as chance.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "input/uncertainty.hpp"
#include "run/simulation.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

// The points replication `replication` of master seed `seed` draws every uncertain quantity at.
DrawPoint psa_points(std::uint64_t seed, std::uint32_t replication);

// The setup of a replication under --psa: the scenario read again at the replication's points,
// then `then` (e.g. calibrated parameters drawn from a posterior). With `finance_from`, the
// replication's finance settings (unit costs, payers) are those of that scenario at the same
// points: a comparison's baseline is costed with its scenario's.
ReplicationSetup psa_setup(std::uint64_t seed, ReplicationSetup then = {},
                           const Scenario* finance_from = nullptr);
// The same for any points: replication r reads its scenario again at points_of(r) (one-way
// sensitivity gives every replication the same points).
ReplicationSetup reread_setup(std::function<DrawPoint(std::uint32_t)> points_of,
                              ReplicationSetup then = {}, const Scenario* finance_from = nullptr);

// What each replication drew: for each uncertain quantity of a scenario (its key, group and
// distribution), the point and the value (in its written unit; the factor of a table; NaN for
// the shares of a Dirichlet, which draw one point per share).
struct PsaDraws {
  std::vector<UncertainQuantity> quantities;
  std::vector<std::vector<double>> point, value;  // [replication][quantity]
};
// The draws of `replications` replications of each quantity in `quantities` (the union of a
// comparison's arms, each key once).
PsaDraws psa_draws(const std::vector<UncertainQuantity>& quantities, std::uint64_t seed,
                   int replications);
// The uncertain quantities of a comparison: the scenario's, then the baseline's it lacks.
std::vector<UncertainQuantity> union_of(const std::vector<UncertainQuantity>& a,
                                        const std::vector<UncertainQuantity>& b);

}  // namespace hwsim
