#include "cli/common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "version.hpp"

namespace hwsim::cli {

std::string Invocation::command_line() const {
  std::string line;
  for (int k = 0; k < argc; ++k) line += (k ? " " : "") + std::string(argv[k]);
  return line;
}

void print_error(const std::string& message) { std::cerr << "hwsim: error: " << message << "\n"; }

Threads::Threads(int asked)
    : count_(asked > 0 ? asked
                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      limit_(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(count_)) {}

Scenario load_with_notes(const std::string& path, bool quiet,
                         const std::vector<std::string>& sets) {
  Scenario sc = load_scenario(path, sets);
  if (!quiet)
    for (const auto& n : sc.notes) std::cerr << "hwsim: note: " << n << "\n";
  return sc;
}

void add_set_option(CLI::App& cmd, std::vector<std::string>& sets) {
  cmd.add_option("--set", sets,
                 "change one value after the files, KEY=VALUE (repeatable): a parameter "
                 "(claims.appeal_share=0.3) or a field of the scenario "
                 "(interventions.nhs_trial_ips.capacity.staff=20)")
      ->allow_extra_args(false);
}

Progress replication_progress(bool quiet) {
  const bool tty = isatty(STDERR_FILENO) != 0 && !quiet;
  const auto t0 = std::chrono::steady_clock::now();
  return [tty, t0](int done, int all) {
    if (!tty) return;
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << fmt::format("\r  replication {}/{}  {:.1f} s elapsed, about {:.0f} s left   ",
                             done, all, el, el / done * (all - done))
              << (done == all ? "\n" : "") << std::flush;
  };
}

std::unique_ptr<Posterior> posterior_from(const std::string& path) {
  if (path.empty()) return nullptr;
  return std::make_unique<Posterior>(load_posterior(path));
}

ReplicationSetup drawing_from(const Posterior* posterior, std::uint64_t seed) {
  if (!posterior) return {};
  // The draw depends on the seed and the replication only, so replication r of a baseline and
  // of a scenario run on the same parameters.
  return [posterior, seed](std::uint32_t rep, Scenario& x) { posterior->apply(seed, rep, x); };
}

std::string posterior_note(const Posterior& posterior) {
  return fmt::format("  parameters drawn from {} ({} particles, {} parameters)\n", posterior.path,
                     posterior.theta.size(), posterior.fitted.size());
}

RunInfo run_info(const Invocation& invocation, int threads, const Posterior* posterior,
                 std::uint64_t seed, int replications) {
  RunInfo info;
  info.version = kVersion;
  info.threads = threads;
  info.command_line = invocation.command_line();
  if (posterior) {
    info.posterior = posterior->path;
    for (int r = 0; r < replications; ++r)
      info.posterior_particles.push_back(
          static_cast<std::int64_t>(posterior->draw(seed, static_cast<std::uint32_t>(r))));
  }
  return info;
}

std::string thousands(double v) {
  std::string s = fmt::format("{:.0f}", v);
  for (int i = static_cast<int>(s.size()) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

}  // namespace hwsim::cli
