// What the subcommands of hwsim share: how each one is registered and dispatched, the command
// line, exit codes and error messages, worker threads, replication progress on the terminal,
// and the provenance (RunInfo) a run writes.
#pragma once
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "calibration/posterior.hpp"
#include "core/error.hpp"
#include "io/result_writer.hpp"
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

// Exit codes: done, failed, bad input (a file, a line, a key), and stopped early with a
// resumable checkpoint (calibrate).
enum Exit : int { kDone = 0, kFailed = 1, kBadInput = 2, kStopped = 3 };

// "hwsim: error: <message>" on standard error.
void print_error(const std::string& message);

// Runs a subcommand: bad input (InputError) gives kBadInput, any other failure kFailed, each
// said once through `say`; `on_failure` runs after saying a failure that is not bad input.
template <typename F>
int guarded(F&& body, const std::function<void(const std::string&)>& say = print_error,
            const std::function<void()>& on_failure = {}) {
  try {
    return body();
  } catch (const InputError& e) {
    say(e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    say(e.what());
    if (on_failure) on_failure();
    return kFailed;
  }
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

// "replication 3/10, 4.2 s elapsed, about 9 s left" on standard error, only when it is a
// terminal and not `quiet`; time counts from this call.
Progress replication_progress(bool quiet);

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

// A whole number with thousands separators: 12,820.
std::string thousands(double v);

}  // namespace hwsim::cli
