// What a run checks before it steps, beyond the checks of loading a scenario: that its starting
// population can be synthesised (the targets of the fit can be met together), and that the
// memory it will hold fits the machine. `hwsim validate` makes the same checks without stepping;
// `run`, `compare` and `sensitivity` make them before claiming their output folder.
#pragma once
#include <cstdint>
#include <string>

#include "scenario/scenario.hpp"

namespace hwsim {

// Throws InputError (file, line and key of the population's targets) when the synthesis of the
// month-0 population cannot meet its targets together (startup/synthesis.hpp, fit_table).
void check_population(const Scenario& sc);

// Memory held by a command, from its size. Measured with /usr/bin/time -v (maximum resident
// set size, Release build, outputs written) on runs of two sizes each: 162,300 against 1,623,000
// agents (1 replication of 6 months: about 110 bytes an agent, whatever the months) and tiny
// runs of 40 against 80 replications of 60 months (about 9.3 kB a month kept, HDF5 buffers
// included); the rounded-up figures below leave a margin.
inline constexpr double kBytesPerAgent = 120;
inline constexpr double kBytesPerMonthKept = 10 * 1024;
inline constexpr double kBytesFixed = 48.0 * 1024 * 1024;  // the program, libraries, tables
// What `hwsim run` keeps of each replication it streams to result.h5 (cohort counts, start-up
// balance; HDF5's buffers included): measured as kBytesPerMonthKept, on 10 against 60
// replications of the baseline's 112 months (36 kB a replication; 800 kB when every month of
// every replication was kept).
inline constexpr double kBytesPerReplicationStreamed = 40 * 1024;

struct MemoryEstimate {
  double agents = 0;             // persons at month 0
  int populations = 1;           // populations live at once (sensitivity runs arms in parallel)
  std::int64_t months_kept = 0;  // month records held until the files are written
  std::int64_t streamed = 0;     // replications streamed to result.h5 or kept in files
  double bytes = 0;
};

// The estimate for `runs` runs of `replications` replications of `sc` kept until the end (a
// comparison: 2), with `populations` populations stepping at once.
MemoryEstimate estimate_memory(const Scenario& sc, int replications, int runs = 1,
                               int populations = 1);
// The estimate for `hwsim run`, which streams its replications to result.h5 (run/simulation.hpp,
// ReplicationSink): the months of one replication a process at a time (a round, gathered), and
// of each replication only what is written after the last (cohort counts, start-up balance).
MemoryEstimate estimate_streamed_memory(const Scenario& sc, int replications, int processes = 1);

// The estimate for `runs` runs of `replications` replications kept in files, not memory
// (run/replications.hpp; a comparison): the months of one replication of each run at a time,
// and of each replication only what the analysis holds besides (start-up balance, appraisal,
// cohort counts: measured as about 35 kB a paired replication, within
// kBytesPerReplicationStreamed a run's).
MemoryEstimate estimate_spilled_memory(const Scenario& sc, int replications, int runs = 1,
                                       int populations = 1);

// The machine's physical memory in bytes (sysconf), or 0 when it cannot be told.
double physical_memory();

// "1.2 GB", "340 MB": bytes in the units people read (powers of 1024).
std::string bytes_text(double bytes);

// Throws InputError naming population.size when the estimate exceeds `limit` bytes. `limit_is`
// says where the limit comes from ("the 15.6 GB of physical memory this machine has").
void check_memory(const Scenario& sc, const MemoryEstimate& e, double limit,
                  const std::string& limit_is);

}  // namespace hwsim
