#include "cli/calibrate.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "calibration/abc_smc.hpp"
#include "calibration/cluster.hpp"
#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "calibration/priors.hpp"
#include "calibration/scenario_model.hpp"
#include "calibration/targets.hpp"
#include "core/error.hpp"
#include "io/result_writer.hpp"
#include "scenario/scenario.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace hwsim {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int sig) {
  if (g_interrupted) {  // a second interrupt ends at once
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  g_interrupted = 1;
}

std::string duration(double s) {
  if (!(s >= 0) || !std::isfinite(s)) return "?";
  if (s < 90) return fmt::format("{:.0f} s", s);
  if (s < 5400) return fmt::format("{:.0f} min", s / 60);
  return fmt::format("{:.0f} h {:02.0f} min", std::floor(s / 3600), std::fmod(s, 3600) / 60);
}

std::string number(double v) {
  if (std::abs(v) >= 1000) {
    std::string s = fmt::format("{:.0f}", v);
    for (int i = static_cast<int>(s.size()) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3)
      s.insert(static_cast<std::size_t>(i), ",");
    return s;
  }
  return fmt::format("{:.3g}", v);
}

int world_size_from_launcher() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* s = std::getenv(v)) return std::atoi(s);
  return 1;
}

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

}  // namespace

int calibrate_command(const CalibrateOptions& o, int& argc, char**& argv) {
  Cluster cluster(argc, argv);
  const bool speak = cluster.root() && !o.quiet;
  auto say_error = [&](const std::string& m) {
    if (cluster.root()) std::cerr << "hwsim: error: " << m << "\n";
  };
  try {
    if (cluster.size() == 1 && world_size_from_launcher() > 1)
      throw std::runtime_error(
          "this hwsim was built without MPI, so its processes would each run the whole "
          "calibration: run it without mpirun, or build with OpenMPI and Boost.MPI");
    if (!o.resume.empty() && !o.out.empty() &&
        fs::weakly_canonical(o.out) != fs::weakly_canonical(o.resume))
      throw InputError("command line", 0, 0, "--out",
                       "--resume names the folder of the run to continue; give --out only for a "
                       "new run (or the same folder)");
    const std::string dir = o.resume.empty() ? o.out : o.resume;
    if (dir.empty())
      throw InputError("command line", 0, 0, "--out",
                       "give --out DIR for a new calibration or --resume DIR to continue one");

    CalibrationConfig cfg = load_calibration_config(o.config);
    if (o.seed) cfg.settings.seed = *o.seed;
    const Scenario sc = load_scenario(cfg.scenario_path);
    const std::vector<Target> targets = load_targets(cfg.targets_path);
    const std::vector<FittedParam> fitted = load_priors(cfg.priors_path);
    const ScenarioModel model(sc, targets, fitted, cfg.replications);
    const Fingerprint fp = calibration_fingerprint(cfg, sc, targets, fitted, kVersion);
    std::vector<abc::Prior> priors;
    for (const auto& f : fitted) priors.push_back(f.prior);

    const int n_threads = o.threads > 0
                              ? o.threads
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(n_threads));

    // Process 0 starts or reads the checkpoint; every process gets its state.
    const std::string ckpt = (fs::path(dir) / "checkpoint.h5").string();
    abc::State state;
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
        err = std::string("2") + e.what();
      } catch (const std::exception& e) {
        err = std::string("1") + e.what();
      }
    }
    err = cluster.share(err);
    if (!err.empty()) {
      say_error(err.substr(1));
      return err[0] == '2' ? 2 : 1;
    }
    if (cluster.size() > 1)
      state = abc::from_bytes(cluster.share(cluster.root() ? abc::to_bytes(state) : ""));

    if (speak) {
      std::cout << fmt::format(
          "hwsim {}: calibrating {} parameters of '{}' to {} targets: {} particles, up to {} "
          "generations, seed {}, {} threads x {} process{}\n",
          kVersion, fitted.size(), sc.name, targets.size(), cfg.settings.particles,
          cfg.settings.max_generations, cfg.settings.seed, n_threads, cluster.size(),
          cluster.size() == 1 ? "" : "es");
      if (state.generations_done > 0)
        std::cout << fmt::format("  resuming {} after generation {}\n", dir,
                                 state.generations_done - 1);
      std::cout << std::flush;
    }

    const auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    const bool tty = speak && isatty(STDERR_FILENO) != 0;
    std::int64_t sims_before = 0;                // in earlier generations of this session
    std::int64_t sims_in_round = 0;              // of the generation in progress
    std::size_t counted = state.history.size();  // generations counted in sims_before
    bool stop_requested = false;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    abc::Hooks hooks;
    hooks.round_done = [&](const abc::RoundProgress& p) {
      sims_in_round = p.simulations;
      if (!tty) return;
      const double rate = static_cast<double>(sims_before + p.simulations) / elapsed();
      const double acc_per_s = p.seconds > 0 ? p.accepted / p.seconds : 0;
      std::string budget;
      if (o.max_hours > 0)
        budget = ", budget " + duration(o.max_hours * 3600 - elapsed()) + " left";
      std::cerr
          << fmt::format(
                 "\r  generation {}: tolerance {:.3g}, {}/{} accepted of {} ({:.1f}%), {:.3g} "
                 "simulations/s, about {} left in it{}   ",
                 p.generation, p.tolerance, p.accepted, p.particles, p.candidates,
                 100.0 * p.accepted / std::max<double>(1, static_cast<double>(p.candidates)), rate,
                 acc_per_s > 0 ? duration((p.particles - p.accepted) / acc_per_s) : "?", budget)
          << std::flush;
    };
    hooks.generation_done = [&](const abc::State& s) {
      if (cluster.root()) write_checkpoint(ckpt, s, fp);
      const bool new_generation = s.history.size() > counted;
      sims_before += new_generation ? s.history.back().simulations : sims_in_round;
      counted = s.history.size();
      sims_in_round = 0;
      if (o.stop_after_generation >= 0 && s.generations_done > o.stop_after_generation)
        stop_requested = true;
      if (!speak) return;
      if (!new_generation) {
        std::cerr << (tty ? "\n" : "") << "  stopped: " << s.stop_reason << "\n" << std::flush;
        return;
      }
      const auto& g = s.history.back();
      const int left_gens = cfg.settings.max_generations - s.generations_done;
      // Each generation tends to need more simulations than the last as the tolerance falls.
      double growth = 1.5;
      if (s.history.size() >= 2 && s.history[s.history.size() - 2].simulations > 0)
        growth = std::clamp(static_cast<double>(g.simulations) /
                                static_cast<double>(s.history[s.history.size() - 2].simulations),
                            1.0, 4.0);
      double left = 0, next = g.seconds;
      for (int k = 0; k < left_gens; ++k) left += (next *= growth);
      std::cerr << (tty ? "\r" : "")
                << fmt::format(
                       "  generation {}: tolerance {:.3g}, accepted {} of {} ({:.1f}%), {} "
                       "simulations, ESS {:.0f}, {}, {:.3g} simulations/s{}\n",
                       g.generation, g.tolerance, s.population.size(), g.candidates,
                       100 * g.acceptance_rate, g.simulations, g.ess, duration(g.seconds),
                       static_cast<double>(sims_before) / elapsed(),
                       s.finished ? ""
                                  : fmt::format("; about {} left for up to {} more generations",
                                                duration(left), left_gens))
                << std::flush;
    };
    hooks.should_stop = [&] {
      const bool mine =
          stop_requested || g_interrupted || (o.max_hours > 0 && elapsed() > o.max_hours * 3600);
      return cluster.agree(cluster.root() && mine);
    };

    const abc::Evaluate local = [&model](const std::vector<abc::Candidate>& b) {
      return model.evaluate(b);
    };
    const abc::Status status =
        state.finished ? abc::Status::Finished
                       : abc::run(priors, cfg.settings, cluster.spread(local), state, hooks);
    const double secs = elapsed();
    const std::int64_t sims = sims_before + sims_in_round;
    if (status == abc::Status::Stopped) {
      if (speak)
        std::cerr << (tty ? "\n" : "")
                  << fmt::format(
                         "hwsim: stopped {} after {} ({} simulations, {:.3g}/s); the checkpoint "
                         "holds {} generation{}; continue with:\n  hwsim calibrate {} --resume "
                         "{}\n",
                         g_interrupted    ? "on request"
                         : stop_requested ? "after the requested generation"
                                          : "by the time budget",
                         duration(secs), sims, secs > 0 ? static_cast<double>(sims) / secs : 0.0,
                         state.generations_done, state.generations_done == 1 ? "" : "s", o.config,
                         dir);
      return 3;
    }
    if (cluster.root()) {
      CalibrationInfo info{kVersion, o.command_line, cluster.size(), n_threads, secs};
      const std::string h5 = (fs::path(dir) / "posterior.h5").string();
      const std::string csv = (fs::path(dir) / "fit.csv").string();
      write_atomically(h5, [&](const std::string& tmp) {
        write_posterior_h5(tmp, state, cfg, sc, targets, fitted, info);
      });
      write_atomically(csv, [&](const std::string& tmp) { write_fit_csv(tmp, state, targets); });
      if (speak)
        std::cout << fit_summary(state, targets, fitted)
                  << fmt::format("  {} simulations in {} ({:.3g}/s)\n  wrote {} and {}\n", sims,
                                 duration(secs), secs > 0 ? static_cast<double>(sims) / secs : 0.0,
                                 h5, csv);
    }
    return 0;
  } catch (const InputError& e) {
    say_error(e.what());
    return 2;
  } catch (const std::exception& e) {
    say_error(e.what());
    if (cluster.size() > 1) cluster.abort(1);
    return 1;
  }
}

}  // namespace hwsim
