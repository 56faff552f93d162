// `hwsim calibrate`: ABC-SMC fit of the status quo's uncertain parameters to the targets, on
// one process (TBB threads) or several (mpirun), checkpointed after each generation.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "calibration/abc_smc.hpp"
#include "calibration/cluster.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "calibration/priors.hpp"
#include "calibration/scenario_model.hpp"
#include "calibration/targets.hpp"
#include "cli/common.hpp"
#include "scenario/scenario.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace hwsim::cli {

namespace {

struct CalibrateOptions {
  std::string config;
  std::string out;     // --out
  std::string resume;  // --resume
  std::optional<std::uint64_t> seed;
  int threads = 0;
  double max_hours = 0;  // 0: no budget
  bool quiet = false;
  bool check = false;              // --check: read and check the inputs, run nothing
  int stop_after_generation = -1;  // test hook: stop as if the budget ran out after it
  std::string command_line;
};

std::string number(double v) {
  if (std::abs(v) >= 1000) return thousands(v);
  return fmt::format("{:.3g}", v);
}

// The folder of the calibration: --out for a new one, --resume for one to continue.
std::string calibration_dir(const CalibrateOptions& o, const Cluster& cluster) {
  require_mpi_if_launched(cluster, "calibration");
  if (!o.resume.empty() && !o.out.empty() &&
      fs::weakly_canonical(o.out) != fs::weakly_canonical(o.resume))
    throw InputError("command line", 0, 0, "--out",
                     "--resume names the folder of the run to continue; give --out only for a "
                     "new run (or the same folder)");
  const std::string dir = o.resume.empty() ? o.out : o.resume;
  if (dir.empty())
    throw InputError("command line", 0, 0, "--out",
                     "give --out DIR for a new calibration or --resume DIR to continue one");
  return dir;
}

// What a calibration fits, to what, with what: read and checked before any work.
struct Inputs {
  CalibrationConfig cfg;
  Scenario sc;
  std::vector<Target> targets;
  std::vector<FittedParam> fitted;
  ScenarioModel model;
  Fingerprint fp;
  std::vector<abc::Prior> priors;
};

Inputs load_inputs(const CalibrateOptions& o) {
  CalibrationConfig cfg = load_calibration_config(o.config);
  if (o.seed) cfg.settings.seed = *o.seed;
  Scenario sc = load_scenario(cfg.scenario_path);
  std::vector<Target> targets = load_targets(cfg.targets_path);
  std::vector<FittedParam> fitted = load_priors(cfg.priors_path);
  ScenarioModel model(sc, targets, fitted, cfg.replications);
  Fingerprint fp = calibration_fingerprint(cfg, sc, targets, fitted, kVersion);
  std::vector<abc::Prior> priors;
  for (const auto& f : fitted) priors.push_back(f.prior);
  return {std::move(cfg),   std::move(sc), std::move(targets), std::move(fitted),
          std::move(model), std::move(fp), std::move(priors)};
}

// Process 0 starts the checkpoint of a new calibration or reads the one to resume; every
// process gets its state. Returns kDone, or the exit code when it could not (process 0 says
// why).
int open_checkpoint(const CalibrateOptions& o, const std::string& dir, const std::string& ckpt,
                    const Fingerprint& fp, const Cluster& cluster, abc::State& state) {
  std::string err;
  if (cluster.root()) {
    try {
      if (!o.resume.empty()) {
        state = read_checkpoint(ckpt, fp);
      } else {
        if (fs::exists(ckpt))
          throw InputError(ckpt, 0, 0, "",
                           fmt::format("a calibration is already here: continue it with "
                                       "--resume {}, or choose another --out folder",
                                       dir));
        ensure_writable_dir(dir);
        write_checkpoint(ckpt, state, fp);
      }
    } catch (const InputError& e) {
      err = std::to_string(kBadInput) + e.what();
    } catch (const std::exception& e) {
      err = std::to_string(kFailed) + e.what();
    }
  }
  err = cluster.share(err);
  if (!err.empty()) {
    if (cluster.root()) print_error(err.substr(1));
    return err[0] == '0' + kBadInput ? kBadInput : kFailed;
  }
  if (cluster.size() > 1)
    state = abc::from_bytes(cluster.share(cluster.root() ? abc::to_bytes(state) : ""));
  return kDone;
}

std::string banner(const Inputs& in, const Cluster& cluster, int threads) {
  return fmt::format(
      "hwsim {}: calibrating {} parameters of '{}' to {} targets: {} particles, up to {} "
      "generations, seed {}, {} threads x {} process{}\n",
      kVersion, in.fitted.size(), in.sc.name, in.targets.size(), in.cfg.settings.particles,
      in.cfg.settings.max_generations, in.cfg.settings.seed, threads, cluster.size(),
      cluster.size() == 1 ? "" : "es");
}

// The calibration as it goes: the checkpoint after each generation, progress on the terminal,
// and when to stop (an interrupt, the time budget, or the test hook). Counts the simulations
// of this session.
class Monitor {
 public:
  Monitor(const CalibrateOptions& o, const Cluster& cluster, const std::string& ckpt,
          const Fingerprint& fp, int max_generations, const abc::State& state, bool speak)
      : o_(o),
        cluster_(cluster),
        ckpt_(ckpt),
        fp_(fp),
        max_generations_(max_generations),
        speak_(speak),
        tty_(speak && isatty(STDERR_FILENO) != 0),
        counted_(state.history.size()),
        t0_(std::chrono::steady_clock::now()) {}
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Hooks that call back into this monitor, which must outlive them.
  abc::Hooks hooks() {
    abc::Hooks h;
    h.round_done = [this](const abc::RoundProgress& p) { round_done(p); };
    h.generation_done = [this](const abc::State& s) { generation_done(s); };
    h.should_stop = [this] { return should_stop(); };
    return h;
  }

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }
  std::int64_t simulations() const { return sims_before_ + sims_in_round_; }
  bool tty() const { return tty_; }

  // Why the calibration stopped early, and how to continue it.
  std::string stopped(const abc::State& state, const std::string& dir) const {
    const double secs = elapsed();
    const std::int64_t sims = simulations();
    return fmt::format(
        "hwsim: stopped {} after {} ({} simulations, {:.3g}/s); the checkpoint holds {} "
        "generation{}; continue with:\n  hwsim calibrate {} --resume {}\n",
        InterruptWatch::signal() != 0 ? "on request"
        : stop_requested_             ? "after the requested generation"
                                      : "by the time budget",
        duration_text(secs), sims, secs > 0 ? static_cast<double>(sims) / secs : 0.0,
        state.generations_done, state.generations_done == 1 ? "" : "s", o_.config, dir);
  }

 private:
  void round_done(const abc::RoundProgress& p) {
    sims_in_round_ = p.simulations;
    if (!tty_) return;
    const double rate = static_cast<double>(sims_before_ + p.simulations) / elapsed();
    const double acc_per_s = p.seconds > 0 ? p.accepted / p.seconds : 0;
    std::string budget;
    if (o_.max_hours > 0)
      budget = ", budget " + duration_text(o_.max_hours * 3600 - elapsed()) + " left";
    std::cerr << fmt::format(
                     "\r  generation {}: tolerance {:.3g}, {}/{} accepted of {} ({:.1f}%), {:.3g} "
                     "simulations/s, about {} left in it{}   ",
                     p.generation, p.tolerance, p.accepted, p.particles, p.candidates,
                     100.0 * p.accepted / std::max<double>(1, static_cast<double>(p.candidates)),
                     rate,
                     acc_per_s > 0 ? duration_text((p.particles - p.accepted) / acc_per_s) : "?",
                     budget)
              << std::flush;
  }

  void generation_done(const abc::State& s) {
    if (cluster_.root()) write_checkpoint(ckpt_, s, fp_);
    const bool new_generation = s.history.size() > counted_;
    sims_before_ += new_generation ? s.history.back().simulations : sims_in_round_;
    counted_ = s.history.size();
    sims_in_round_ = 0;
    if (o_.stop_after_generation >= 0 && s.generations_done > o_.stop_after_generation)
      stop_requested_ = true;
    if (!speak_) return;
    if (!new_generation) {
      std::cerr << (tty_ ? "\n" : "") << "  stopped: " << s.stop_reason << "\n" << std::flush;
      return;
    }
    const auto& g = s.history.back();
    const int left_gens = max_generations_ - s.generations_done;
    // Each generation tends to need more simulations than the last as the tolerance falls.
    double growth = 1.5;
    if (s.history.size() >= 2 && s.history[s.history.size() - 2].simulations > 0)
      growth = std::clamp(static_cast<double>(g.simulations) /
                              static_cast<double>(s.history[s.history.size() - 2].simulations),
                          1.0, 4.0);
    double left = 0, next = g.seconds;
    for (int k = 0; k < left_gens; ++k) left += (next *= growth);
    std::cerr << (tty_ ? "\r" : "")
              << fmt::format(
                     "  generation {}: tolerance {:.3g}, accepted {} of {} ({:.1f}%), {} "
                     "simulations, ESS {:.0f}, {}, {:.3g} simulations/s{}\n",
                     g.generation, g.tolerance, s.population.size(), g.candidates,
                     100 * g.acceptance_rate, g.simulations, g.ess, duration_text(g.seconds),
                     static_cast<double>(sims_before_) / elapsed(),
                     s.finished ? ""
                                : fmt::format("; about {} left for up to {} more generations",
                                              duration_text(left), left_gens))
              << std::flush;
  }

  bool should_stop() {
    const bool mine = stop_requested_ || InterruptWatch::signal() != 0 ||
                      (o_.max_hours > 0 && elapsed() > o_.max_hours * 3600);
    return cluster_.agree(cluster_.root() && mine);
  }

  const CalibrateOptions& o_;
  const Cluster& cluster_;
  const std::string& ckpt_;
  const Fingerprint& fp_;
  const int max_generations_;
  const bool speak_, tty_;
  std::int64_t sims_before_ = 0;    // in earlier generations of this session
  std::int64_t sims_in_round_ = 0;  // of the generation in progress
  std::size_t counted_;             // generations counted in sims_before_
  bool stop_requested_ = false;
  const std::chrono::steady_clock::time_point t0_;
  const InterruptWatch watch_;  // Ctrl-C and SIGTERM stop between rounds
};

std::string fit_summary(const abc::State& state, const std::vector<Target>& targets,
                        const std::vector<FittedParam>& fitted) {
  const double tol = state.history.empty() ? 0 : state.history.back().tolerance;
  std::string out = fmt::format("  posterior: generation {}, tolerance {:.3g} ({})\n",
                                state.generations_done - 1, tol, state.stop_reason);
  out += fmt::format("  {:<44} {:>8} {:>10}  {:<24} {}\n", "target (month)", "observed",
                     "simulated", "(5-95% over particles)", "within tolerance");
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const auto& t = targets[k];
    const WeightedBand b = band_of_column(state.population, &abc::Particle::values, k);
    out += fmt::format("  {:<44} {:>8} {:>10}  {:<24} {}\n",
                       fmt::format("{} ({})", t.name, t.month.str()), number(t.observed),
                       number(b.p50), fmt::format("({} to {})", number(b.p05), number(b.p95)),
                       t.scaled_distance(b.p50) <= 1 ? "yes" : "no");
  }
  out += "  parameter: prior 5-95% -> posterior median (5-95%)\n";
  for (std::size_t q = 0; q < fitted.size(); ++q) {
    const auto& f = fitted[q];
    const WeightedBand b = band_of_column(state.population, &abc::Particle::theta, q);
    out += fmt::format("  {:<44} {} to {} -> {} ({} to {}) {}\n",
                       f.key + (f.level.empty() ? "" : "[" + f.level + "]"),
                       number(f.prior.quantile(0.05)), number(f.prior.quantile(0.95)),
                       number(b.p50), number(b.p05), number(b.p95), f.unit);
  }
  return out;
}

// Process 0 writes DIR/posterior.h5 and DIR/fit.csv, and says what it found.
void write_results(const CalibrateOptions& o, const std::string& dir, const Inputs& in,
                   const abc::State& state, const Cluster& cluster, int threads,
                   const Monitor& monitor, bool speak) {
  if (!cluster.root()) return;
  const double secs = monitor.elapsed();
  const std::int64_t sims = monitor.simulations();
  const CalibrationInfo info{kVersion, o.command_line, cluster.size(), threads, secs};
  const std::string h5 = (fs::path(dir) / "posterior.h5").string();
  const std::string csv = (fs::path(dir) / "fit.csv").string();
  write_atomically(h5, [&](const std::string& tmp) {
    write_posterior_h5(tmp, state, in.cfg, in.sc, in.targets, in.fitted, info);
  });
  write_atomically(csv, [&](const std::string& tmp) { write_fit_csv(tmp, state, in.targets); });
  if (speak)
    std::cout << fit_summary(state, in.targets, in.fitted)
              << fmt::format("  {} simulations in {} ({:.3g}/s)\n  wrote {} and {}\n", sims,
                             duration_text(secs), secs > 0 ? static_cast<double>(sims) / secs : 0.0,
                             h5, csv);
}

// --check: the inputs read and checked as a calibration reads them (the starting population
// of the scenario synthesised), on this process alone, and nothing run or written.
int check_inputs(const CalibrateOptions& o) {
  return guarded([&] {
    const Inputs in = load_inputs(o);
    std::cout << fmt::format(
        "{}: valid calibration of {} parameters of '{}' to {} targets ({} particles, up to {} "
        "generations)\n",
        o.config, in.fitted.size(), in.sc.name, in.targets.size(), in.cfg.settings.particles,
        in.cfg.settings.max_generations);
    return static_cast<int>(kDone);
  });
}

// Exit codes: kDone, kFailed, kBadInput, or kStopped with a resumable checkpoint.
int calibrate(const CalibrateOptions& o, int& argc, char**& argv) {
  if (o.check) return check_inputs(o);
  Cluster cluster(argc, argv);
  const bool speak = cluster.root() && !o.quiet;
  return guarded(
      [&] {
        const std::string dir = calibration_dir(o, cluster);
        const Inputs in = load_inputs(o);
        const Threads threads(o.threads);

        const std::string ckpt = (fs::path(dir) / "checkpoint.h5").string();
        abc::State state;
        if (const int code = open_checkpoint(o, dir, ckpt, in.fp, cluster, state); code != kDone)
          return code;

        if (speak) {
          std::cout << banner(in, cluster, threads.count());
          if (state.generations_done > 0)
            std::cout << fmt::format("  resuming {} after generation {}\n", dir,
                                     state.generations_done - 1);
          std::cout << std::flush;
        }

        Monitor monitor(o, cluster, ckpt, in.fp, in.cfg.settings.max_generations, state, speak);
        const ScenarioModel& model = in.model;
        const abc::Evaluate local = [&model](const std::vector<abc::Candidate>& b) {
          return model.evaluate(b);
        };
        const abc::Status status = state.finished
                                       ? abc::Status::Finished
                                       : abc::run(in.priors, in.cfg.settings,
                                                  spread(cluster, local), state, monitor.hooks());
        if (status == abc::Status::Stopped) {
          if (speak) std::cerr << (monitor.tty() ? "\n" : "") << monitor.stopped(state, dir);
          return static_cast<int>(kStopped);
        }
        write_results(o, dir, in, state, cluster, threads.count(), monitor, speak);
        return static_cast<int>(kDone);
      },
      root_says(cluster), abort_others(cluster), each_says(cluster));
}

}  // namespace

Command add_calibrate(CLI::App& app, const Invocation& invocation) {
  auto o = std::make_shared<CalibrateOptions>();
  auto seed = std::make_shared<std::uint64_t>(0);
  auto* cmd = app.add_subcommand(
      "calibrate",
      "fit the status quo's uncertain parameters to the targets by ABC-SMC (several processes "
      "under mpirun); writes DIR/posterior.h5 and DIR/fit.csv, and DIR/checkpoint.h5 after each "
      "generation");
  cmd->add_option("config", o->config, "calibration YAML file")->required();
  cmd->add_option("--out,-o", o->out, "output folder of a new calibration");
  cmd->add_option("--resume", o->resume, "continue the calibration whose output folder this is");
  auto* seed_opt = cmd->add_option("--seed,-s", *seed, "master seed (default: the file's)")
                       ->check(seed_number());
  cmd->add_option("--threads,-t", o->threads, "worker threads per process (default: all cores)")
      ->check(whole_number(1, 1024));
  cmd->add_option("--max-hours", o->max_hours,
                  "stop cleanly, with a resumable checkpoint, after this many hours")
      ->check(positive_number());
  cmd->add_flag("--quiet,-q", o->quiet, "no progress or summary on the terminal");
  cmd->add_flag("--check", o->check,
                "read and check the calibration's files (settings, targets, priors, scenario) "
                "and run nothing");
  // Test hook: stop as a time budget would, once this generation is saved.
  cmd->add_option("--stop-after-generation", o->stop_after_generation)->group("");
  return {cmd, [o, seed, seed_opt, invocation] {
            if (seed_opt->count() > 0) o->seed = *seed;
            o->command_line = invocation.command_line();
            return calibrate(*o, invocation.argc, invocation.argv);
          }};
}

}  // namespace hwsim::cli
