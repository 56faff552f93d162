// What the subcommands of hwsim share: how each one is registered and dispatched, the command
// line, exit codes and error messages, worker threads, replication progress on the terminal,
// and the provenance (RunInfo) a run writes.
#pragma once
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "calibration/posterior.hpp"
#include "core/error.hpp"
#include "io/output_set.hpp"
#include "io/result_writer.hpp"
#include "run/cluster.hpp"
#include "run/preflight.hpp"
#include "run/progress.hpp"
#include "run/simulation.hpp"

namespace hwsim::cli {

// The process's arguments as main() got them (MPI may take some of them in place).
struct Invocation {
  int& argc;
  char**& argv;
  // The command line as typed, for the provenance of the files written.
  std::string command_line() const;
};

// A registered subcommand and what running it does (returns the exit code).
struct Command {
  CLI::App* app;
  std::function<int()> run;
};

// One file per subcommand registers it; main() adds them in the order of --help.
Command add_run(CLI::App& app, const Invocation& invocation);
Command add_validate(CLI::App& app);
Command add_params(CLI::App& app);
Command add_system_map(CLI::App& app);
Command add_compare(CLI::App& app, const Invocation& invocation);
Command add_calibrate(CLI::App& app, const Invocation& invocation);
Command add_finance(CLI::App& app);
Command add_effect(CLI::App& app);
Command add_sensitivity(CLI::App& app, const Invocation& invocation);
Command add_trial(CLI::App& app, const Invocation& invocation);
Command add_plan(CLI::App& app, const Invocation& invocation);

// Exit codes: done, failed, bad input (a file, a line, a key), and stopped early with a
// resumable checkpoint (calibrate).
enum Exit : int { kDone = 0, kFailed = 1, kBadInput = 2, kStopped = 3 };

// "hwsim: error: <message>" on standard error, on one line (control characters in the message,
// line breaks among them, are said as spaces).
void print_error(const std::string& message);

// Checks of option values that say what is wrong in words ("must be at least 1 (got 0)"): a
// whole number from lo to hi, a seed (a whole number from 0), a number above zero.
CLI::Validator whole_number(long long lo, long long hi);
CLI::Validator seed_number();
CLI::Validator positive_number();

// A usage error - no or an unknown subcommand, a missing, unknown or bad option (CLI11's parse
// errors) - said in one line on standard error, naming the problem and the --help to read
// ("hwsim: --replications must be at least 1 (got 0); see hwsim run --help"); gives kBadInput.
int usage_error(const CLI::App& app, const CLI::ParseError& e, int argc, char** argv);

// Runs a subcommand: bad input (InputError) gives kBadInput, said through `say`; any other
// failure kFailed, said through `say_failure` (`say` if none), after which `on_failure` runs.
template <typename F>
int guarded(F&& body, const std::function<void(const std::string&)>& say = print_error,
            const std::function<void()>& on_failure = {},
            const std::function<void(const std::string&)>& say_failure = {}) {
  try {
    return body();
  } catch (const InputError& e) {
    say(e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    (say_failure ? say_failure : say)(e.what());
    if (on_failure) on_failure();
    return kFailed;
  }
}

// Under mpirun (run/cluster.hpp): bad input said by process 0 alone (every process reads the
// same files); a failure said by the process it happened on, naming it if it is not process 0
// (its own disk may be full while process 0's is not), and ending them all (the others would
// wait for it, and process 0 may be ended before it could say anything); " on N processes" for
// a header line, or nothing for one process.
std::function<void(const std::string&)> root_says(const Cluster& cluster);
std::function<void(const std::string&)> each_says(const Cluster& cluster);
std::function<void()> abort_others(const Cluster& cluster);
std::string processes_note(const Cluster& cluster);

// Runs a subcommand on the processes mpirun started (one process without it): `body(cluster)`,
// guarded, bad input said by process 0 alone, and a failure said where it happened and
// ending every process.
template <typename F>
int on_cluster(const Invocation& invocation, F&& body) {
  const Cluster cluster(invocation.argc, invocation.argv);
  return guarded([&] { return body(cluster); }, root_says(cluster), abort_others(cluster),
                 each_says(cluster));
}

// The worker threads asked for (all cores for 0), with TBB held to them while this lives.
class Threads {
 public:
  explicit Threads(int asked);
  int count() const { return count_; }

 private:
  int count_;
  tbb::global_control limit_;
};

// Ctrl-C (SIGINT) and SIGTERM while one lives: the first asks the command to stop at its next
// safe point (between replications, months or output files); a second ends it at once.
class InterruptWatch {
 public:
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;
  // The signal received (SIGINT or SIGTERM), or 0.
  static int signal();
  // Asked by the loops: true once a signal came.
  static StopRequested stop();

 private:
  struct sigaction old_int_ {
  }, old_term_{};
};

// The exit code of a command stopped by `signal`: 128 + its number (130 for SIGINT, 143 for
// SIGTERM), as a shell reports a process the signal ended.
int interrupted_exit(int signal);

// The folder beside `out` where a command keeps its replications (io/output_set.hpp,
// scratch_folder) as process 0 sees it, on every process (a collective call: every process
// makes it at the same point); empty, so kept in memory, where that is not a folder here.
std::string shared_scratch(const Cluster& cluster, const std::string& out);

// An output folder, claimed before a run's work goes into filling it (io/output_set.hpp: a
// lock, no files hwsim did not write unless `force`); the folder is made only when the files
// are moved into place. If the command stops on request, leave() says "hwsim: interrupted;
// nothing written to DIR" and gives the exit code.
class OutputFolder {
 public:
  explicit OutputFolder(std::string dir, bool force = false);
  const std::string& dir() const { return dir_; }
  int leave(int signal) const;

 private:
  std::string dir_;
  OutputClaim claim_;
};

// --force on a subcommand that writes an output folder, into `force`.
void add_force_option(CLI::App& cmd, bool& force);

// A duration for people: "42 s", "12 min", "3 h 05 min"; "?" when not known.
std::string duration_text(double seconds);

// The replications of a command's arms (a run: one; a comparison: the baseline, then the
// scenario) on standard error, updated in place when it is a terminal and not `quiet`:
// "  baseline 12/20, scenario 0/20  31 s elapsed, about 44 s left", where the time left is for
// all the arms' work still to do (run/progress.hpp). Time counts from construction.
class ProgressLine {
 public:
  explicit ProgressLine(bool quiet);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  // An arm of `replications` replications of `sc` (weighted by the months each steps, spin-up
  // included), and the callback its run reports to. Add every arm before running any.
  Progress arm(const std::string& name, int replications, const Scenario& sc);
  // Shows the line as it stands (at the start: nothing done yet).
  void show();
  // Ends a line left open (before a message).
  void end();

 private:
  const bool tty_;
  const std::chrono::steady_clock::time_point t0_;
  Work work_;
  bool open_ = false;
};

// --posterior: the posterior read (null for no file), the setup that makes each replication
// draw its parameters from it, and the line that says so.
std::unique_ptr<Posterior> posterior_from(const std::string& path);
ReplicationSetup drawing_from(const Posterior* posterior, std::uint64_t seed);
std::string posterior_note(const Posterior& posterior);

// The provenance written with a run's results.
RunInfo run_info(const Invocation& invocation, int threads, const Posterior* posterior,
                 std::uint64_t seed, int replications);

// Loads a scenario with the values changed by --set (`sets`, KEY=VALUE) and, unless `quiet`,
// prints its notes (e.g. a policy date after the run's end) on standard error.
Scenario load_with_notes(const std::string& path, bool quiet,
                         const std::vector<std::string>& sets = {});

// --set KEY=VALUE (repeatable) on a subcommand, into `sets`.
void add_set_option(CLI::App& cmd, std::vector<std::string>& sets);

// The baseline of a comparison, read from `baseline`, costed with the scenario's unit costs and
// interventions' payers so the ledgers differ only by what people do; refused (naming
// `scenario_file`) unless it runs over the same months.
Scenario baseline_for(const std::string& baseline, const std::string& scenario_file,
                      const Scenario& sc);

// --max-memory SIZE on a subcommand that runs, into `bytes` (0: the machine's physical memory).
// SIZE is a number of bytes or a number with K, M, G or T (powers of 1024): 512M, 64G.
void add_memory_option(CLI::App& cmd, double& bytes);

// What a command checks before it claims its output folder and steps: the starting population
// of `sc` can be synthesised, and the memory `e` estimates is within `max_memory` (0: the
// machine's physical memory). Throws InputError (exit code 2).
void check_before_run(const Scenario& sc, const MemoryEstimate& e, double max_memory);

// A whole number with thousands separators: 12,820.
std::string thousands(double v);

}  // namespace hwsim::cli
