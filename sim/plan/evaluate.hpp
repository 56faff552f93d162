// The planner's evaluator on the simulation: a candidate's lever values applied to the plan's
// scenario as --set assignments (scenario/set.hpp), one replication run and paired with the same
// replication of the baseline (same seed, same replication index: common random numbers), and
// appraised against it (compare/finance.hpp). Baseline replications are run once and kept.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "plan/plan.hpp"
#include "plan/search.hpp"
#include "run/cluster.hpp"
#include "run/simulation.hpp"
#include "startup/synthesis.hpp"

namespace hwsim::plan {

class SimulationEvaluator {
 public:
  // Throws InputError (naming the plan file) when the baseline does not run over the scenario's
  // months.
  SimulationEvaluator(const PlanFile& plan, StopRequested stop = {});
  // Runs a batch in parallel (TBB), the baseline's missing replications first.
  std::vector<Observation> operator()(const std::vector<Request>& batch);
  const Scenario& scenario() const { return sc_; }
  const Scenario& baseline() const { return base_; }
  // Runs the baseline's replications among `replications` not yet run (a resumed plan runs again
  // those its report needs).
  void run_baseline(const std::vector<int>& replications);
  // The baseline's measure at the target month in each of `replications` (run if not yet).
  std::vector<double> baseline_levels(const std::vector<int>& replications);

 private:
  const PlanFile& plan_;
  StopRequested stop_;
  Scenario sc_, base_;
  SynthesisTable sc_table_, base_table_;
  int month_ = 0;
  mutable std::mutex mu_;
  std::map<int, std::shared_ptr<const ReplicationResult>> base_reps_;
  // The start-up of each replication (synthesis, balance, spin-up), made once and copied for the
  // baseline and every candidate that starts alike (same_start): a population of the
  // scenario's size for each replication the plan runs.
  bool shared_start_ = false;
  std::map<int, std::shared_ptr<const Prepared>> starts_;
  Prepared start_of(int replication);
};

// The processes of a plan (mpirun): every process runs the same search; the requests of each
// batch are spread round-robin by index, each process evaluates its share with `local`, and the
// observations are gathered back in the batch's order on every process, so each holds what one
// process would have. One process: `local` itself.
Evaluator spread(const Cluster& cluster, Evaluator local);

// The baseline's mean measure at the target month over replications 0 .. n-1, each run on one
// of the processes; the same figure on every process, and for any number of processes.
double baseline_level(const Cluster& cluster, SimulationEvaluator& evaluator, int n);

}  // namespace hwsim::plan
