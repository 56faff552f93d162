#include "cli/common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <thread>

#include "version.hpp"

namespace hwsim::cli {

std::string Invocation::command_line() const {
  std::string line;
  for (int k = 0; k < argc; ++k) line += (k ? " " : "") + std::string(argv[k]);
  return line;
}

void print_error(const std::string& message) {
  // One line whatever the message quotes: a value read from a file may hold line breaks (a
  // quoted scalar left open runs on over the lines after it) or other control characters.
  std::string line = message;
  for (char& c : line)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  std::cerr << "hwsim: error: " << line << "\n";
}

namespace {

// The whole number written in s (an optional sign, then digits only), if it is one that fits.
std::optional<long double> whole_number_in(const std::string& s) {
  const std::size_t digits = s.find_first_not_of("+-") == 1 ? 1 : 0;
  if (s.size() <= digits || s.find_first_not_of("0123456789", digits) != std::string::npos)
    return std::nullopt;
  // Digits too many for 64 bits are still a whole number, out of any range asked for.
  constexpr long double kHuge = std::numeric_limits<long double>::infinity();
  if (s[0] == '-') {
    long long v = 0;
    const auto r = std::from_chars(s.data() + 1, s.data() + s.size(), v);
    if (r.ec == std::errc::result_out_of_range) return -kHuge;
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return -static_cast<long double>(v);
  }
  unsigned long long v = 0;
  const auto r = std::from_chars(s.data() + digits, s.data() + s.size(), v);
  if (r.ec == std::errc::result_out_of_range) return kHuge;
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return static_cast<long double>(v);
}

CLI::Validator whole_number_between(long double lo, long double hi, const std::string& desc) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        const auto v = whole_number_in(s);
        if (!v) return fmt::format("must be a whole number (got '{}')", s);
        if (*v < lo) return fmt::format("must be at least {:.0f} (got {})", lo, s);
        if (*v > hi) return fmt::format("must be at most {:.0f} (got {})", hi, s);
        return {};
      },
      desc);
}

}  // namespace

CLI::Validator whole_number(long long lo, long long hi) {
  return whole_number_between(static_cast<long double>(lo), static_cast<long double>(hi),
                              fmt::format("{} to {}", lo, hi));
}

CLI::Validator seed_number() {
  return whole_number_between(
      0, static_cast<long double>(std::numeric_limits<std::uint64_t>::max()), "0 or more");
}

CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        double v = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
          return fmt::format("must be a number (got '{}')", s);
        if (v <= 0) return fmt::format("must be more than 0 (got {})", s);
        return {};
      },
      "above 0");
}

int usage_error(const CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  const auto commands = app.get_subcommands([](const CLI::App*) { return true; });
  std::string names;
  for (const CLI::App* c : commands) names += (names.empty() ? "" : ", ") + c->get_name();
  // The subcommand the error is in: the first argument that is not an option.
  std::string command, unknown;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a.empty() || a[0] == '-') continue;
    for (const CLI::App* c : commands)
      if (c->get_name() == a) command = a;
    if (command.empty()) unknown = a;
    break;
  }
  std::string problem = e.what();
  const std::string kind = e.get_name();
  if (command.empty() && !unknown.empty()) {
    problem = fmt::format("unknown command '{}' (commands: {})", unknown, names);
  } else if (command.empty() && kind == "RequiredError") {
    problem = fmt::format("a command is required ({})", names);
  } else if (kind == "ValidationError") {
    // CLI11 writes "NAME: what is wrong"; the checks above say it as "must be ...".
    if (const auto colon = problem.find(": "); colon != std::string::npos)
      problem.replace(colon, 2, " ");
  } else if (kind == "ArgumentMismatch") {
    // "--out: 1 required TEXT missing"
    if (const auto colon = problem.find(": "); colon != std::string::npos)
      problem = problem.substr(0, colon) + " needs a value";
  } else if (!problem.empty()) {
    problem[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(problem[0])));
  }
  std::cerr << fmt::format("hwsim: {}; see hwsim{} --help\n", problem,
                           command.empty() ? "" : " " + command);
  return kBadInput;
}

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

void add_memory_option(CLI::App& cmd, double& bytes) {
  cmd.add_option("--max-memory", bytes,
                 "the memory the command may hold, as 512M or 64G (default: the machine's "
                 "physical memory); a run estimated to need more is refused before it starts")
      ->transform(CLI::Validator(
          [](std::string& s) -> std::string {
            double v = 0;
            const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
            if (r.ec != std::errc() || !std::isfinite(v) || v <= 0)
              return fmt::format("must be a size such as 512M or 64G (got '{}')", s);
            std::string unit(r.ptr, static_cast<const char*>(s.data() + s.size()));
            auto upper = [](char c) {
              return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            };
            if (unit.size() == 2 && upper(unit[1]) == 'B') unit.pop_back();  // 64GB as 64G
            double scale = 1;
            if (!unit.empty()) {
              const auto k =
                  unit.size() == 1 ? std::string("KMGT").find(upper(unit[0])) : std::string::npos;
              if (k == std::string::npos)
                return fmt::format("must be a size such as 512M or 64G (got '{}')", s);
              scale = std::pow(1024.0, static_cast<double>(k + 1));
            }
            s = fmt::format("{:.0f}", v * scale);
            return {};
          },
          "SIZE"));
}

void check_before_run(const Scenario& sc, const MemoryEstimate& e, double max_memory) {
  check_population(sc);
  if (max_memory > 0) {
    check_memory(sc, e, max_memory, fmt::format("--max-memory {}", bytes_text(max_memory)));
  } else if (const double phys = physical_memory(); phys > 0) {
    check_memory(sc, e, phys,
                 fmt::format("the {} of physical memory this machine has", bytes_text(phys)));
  }
}

void add_set_option(CLI::App& cmd, std::vector<std::string>& sets) {
  cmd.add_option("--set", sets,
                 "change one value after the files, KEY=VALUE (repeatable): a parameter "
                 "(claims.appeal_share=0.3) or a field of the scenario "
                 "(interventions.nhs_trial_ips.capacity.staff=20)")
      ->allow_extra_args(false);
}

namespace {

// The signal received; a lock-free atomic, so the handler may set it.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_interrupt(int sig) {
  if (g_signal.load() != 0) {  // a second interrupt ends at once
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal.store(sig);
}

}  // namespace

InterruptWatch::InterruptWatch() {
  g_signal.store(0);
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
}

InterruptWatch::~InterruptWatch() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

int InterruptWatch::signal() { return g_signal.load(); }

StopRequested InterruptWatch::stop() {
  return [] { return g_signal.load() != 0; };
}

int interrupted_exit(int signal) { return 128 + signal; }

std::function<void(const std::string&)> root_says(const Cluster& cluster) {
  return [&cluster](const std::string& m) {
    if (cluster.root()) print_error(m);
  };
}

std::function<void(const std::string&)> each_says(const Cluster& cluster) {
  return [&cluster](const std::string& m) {
    print_error(cluster.root() ? m : fmt::format("process {}: {}", cluster.rank(), m));
  };
}

std::function<void()> abort_others(const Cluster& cluster) {
  return [&cluster] {
    if (cluster.size() > 1) cluster.abort(kFailed);
  };
}

std::string processes_note(const Cluster& cluster) {
  if (cluster.size() == 1) return "";
  return fmt::format("  replications spread over {} processes (mpirun); process 0 writes\n",
                     cluster.size());
}

std::string shared_scratch(const Cluster& cluster, const std::string& out) {
  const std::string folder = cluster.share(cluster.root() ? scratch_folder(out) : std::string());
  std::error_code ec;
  return !folder.empty() && std::filesystem::is_directory(folder, ec) ? folder : std::string();
}

OutputFolder::OutputFolder(std::string dir, bool force)
    : dir_(std::move(dir)), claim_(dir_, force) {}

int OutputFolder::leave(int signal) const {
  std::cerr << fmt::format("hwsim: interrupted; nothing written to {}\n", dir_) << std::flush;
  return interrupted_exit(signal);
}

void add_force_option(CLI::App& cmd, bool& force) {
  cmd.add_flag("--force", force,
               "write into an output folder that holds files hwsim did not write");
}

std::string duration_text(double s) {
  if (!(s >= 0) || !std::isfinite(s)) return "?";
  if (s < 90) return fmt::format("{:.0f} s", s);
  if (s < 5400) return fmt::format("{:.0f} min", s / 60);
  return fmt::format("{:.0f} h {:02.0f} min", std::floor(s / 3600), std::fmod(s, 3600) / 60);
}

ProgressLine::ProgressLine(bool quiet)
    : tty_(isatty(STDERR_FILENO) != 0 && !quiet), t0_(std::chrono::steady_clock::now()) {}

Progress ProgressLine::arm(const std::string& name, int replications, const Scenario& sc) {
  const int k = work_.add(name, replications, sc.sim.months + sc.sim.spin_up_months);
  return [this, k](int done, int /*all*/) {
    work_.done(k, done);
    show();
  };
}

void ProgressLine::show() {
  if (!tty_) return;
  const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  const bool all_done = work_.fraction_done() >= 1;
  const double left = work_.seconds_left(el);
  std::cerr << fmt::format("\r  {}  {} elapsed{}   ", work_.counts(), duration_text(el),
                           left < 0 || all_done ? "" : ", about " + duration_text(left) + " left")
            << (all_done ? "\n" : "") << std::flush;
  open_ = !all_done;
}

void ProgressLine::end() {
  if (open_) std::cerr << "\n" << std::flush;
  open_ = false;
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

Scenario baseline_for(const std::string& baseline, const std::string& scenario_file,
                      const Scenario& sc) {
  Scenario base = load_scenario(baseline);
  base.finance = sc.finance;
  if (!(base.sim.start == sc.sim.start) || base.sim.months != sc.sim.months)
    throw InputError(
        scenario_file, 0, 0, "simulation",
        fmt::format("runs {} months from {}, but the baseline '{}' runs {} months from {}: "
                    "a paired comparison needs the same months",
                    sc.sim.months, sc.sim.start.str(), baseline, base.sim.months,
                    base.sim.start.str()));
  return base;
}

}  // namespace hwsim::cli
