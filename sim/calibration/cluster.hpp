// A calibration over the processes of a Cluster (run/cluster.hpp): every process runs the same
// ABC-SMC loop on the same state; only the simulations of a batch are spread, round-robin by
// candidate index, and gathered back in index order on every process, so each holds the same
// results as a single process would.
#pragma once
#include "calibration/abc_smc.hpp"
#include "run/cluster.hpp"

namespace hwsim {

// `local` evaluates this process's share of each batch; the result is the whole batch.
abc::Evaluate spread(const Cluster& cluster, abc::Evaluate local);

}  // namespace hwsim
