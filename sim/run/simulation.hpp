// A run: for each replication, synthesise the month-0 population, set the start-up balance,
// and step it month by month, recording stocks and flows.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "finance/ledger.hpp"
#include "model/tally.hpp"
#include "population/population.hpp"
#include "run/cluster.hpp"
#include "run/replications.hpp"
#include "scenario/scenario.hpp"
#include "startup/startup.hpp"

namespace hwsim {

Accounts account(const Scenario& sc, const Population& pop, const Stocks& s, const Tally& t,
                 YearMonth date);

struct RunResult {
  Replications reps;             // empty when each went to a ReplicationSink
  std::size_t replications = 0;  // how many ran
  std::uint64_t seed = 0;
  double seconds = 0;
  std::int64_t agent_months = 0;
};

// Takes each replication of a run as it is done, in replication order, instead of the run
// keeping it (results streamed to a file: memory does not grow with the replications). With a
// cluster, every process is given every replication, gathered after each round of one
// replication per process.
using ReplicationSink = std::function<void(std::uint32_t replication, const ReplicationResult&)>;

// Progress callback: (replications done, replications in all).
using Progress = std::function<void(int, int)>;
// Asked between replications and between months: true stops the run there, by throwing
// Stopped (core/error.hpp). For Ctrl-C and SIGTERM (sim/cli/common.hpp).
using StopRequested = std::function<bool()>;

struct TrialState;

// Records month 0 and steps months 1.. of a prepared replication; with a trial, randomises its
// participants and follows them (model/trial.hpp).
ReplicationResult run_months(const Scenario& sc, Prepared prepared, std::uint64_t seed,
                             std::uint32_t replication, const StopRequested& stop = {},
                             TrialState* trial = nullptr);
// prepare_replication then run_months.
ReplicationResult run_replication(const Scenario& sc, const SynthesisTable& table,
                                  std::uint64_t seed, std::uint32_t replication);
// Changes the scenario a replication runs on (e.g. parameters drawn from a posterior, or every
// uncertain quantity drawn for a probabilistic sensitivity analysis). Replications share one
// synthesis table; one whose starting population (population.*) differs fits its own.
using ReplicationSetup = std::function<void(std::uint32_t replication, Scenario& sc)>;
// With a cluster of several processes, each runs the replications Cluster::mine gives it and
// the results are gathered back in replication order on every process: the same RunResult as
// one process (seconds: this process's wall time; progress: this process's share, scaled to the
// whole).
// With a sink, the result keeps no replication (reps empty; replications and agent_months
// count them).
RunResult run(const Scenario& sc, std::uint64_t seed, int replications,
              const Progress& progress = {}, const ReplicationSetup& setup = {},
              const StopRequested& stop = {}, const Cluster* cluster = nullptr,
              const ReplicationSink& sink = {});

// Several arms on one seed (a comparison: the baseline and each scenario), replication by
// replication: arm k runs `scenario` changed by its `setup`, reporting to its `progress`. Arms
// whose starting points are the same (the start-up reads only the start parameters, the
// population parameters its synthesis table is fitted to, and the simulation's start, spin-up
// and scale: same_start) share one start-up, copied, which is the
// population and balance each would have made for itself; the results are those of run() for
// each arm alone.
struct RunArm {
  const Scenario* scenario = nullptr;
  ReplicationSetup setup;
  Progress progress;
  ReplicationSink sink;  // when set, the arm's replications go to it (run above)
  // Otherwise, when set, the folder the arm's kept replications are spilled to
  // (run/replications.hpp), so its memory does not grow with the replications.
  std::string spill;
};
std::vector<RunResult> run_arms(const std::vector<RunArm>& arms, std::uint64_t seed,
                                int replications, const StopRequested& stop = {},
                                const Cluster* cluster = nullptr);
// Whether prepare_replication gives a and b the same population and balance.
bool same_start(const Scenario& a, const Scenario& b);

// A replication's record as bytes and back (between the processes of a cluster, which run the
// same build).
std::string to_bytes(ReplicationView r);
ReplicationResult replication_from_bytes(const std::string& bytes, std::size_t& pos);

}  // namespace hwsim
