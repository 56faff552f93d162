// The hwsim command: wires scenario loading, the simulation and the writers together.
#include <fmt/format.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "calibration/posterior.hpp"
#include "cli/calibrate.hpp"
#include "compare/summary.hpp"
#include "core/error.hpp"
#include "io/compare_writer.hpp"
#include "io/finance_writer.hpp"
#include "io/result_writer.hpp"
#include "params/registry.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"
#include "run/stats.hpp"
#include "scenario/scenario.hpp"
#include "version.hpp"

namespace fs = std::filesystem;
using namespace hwsim;

namespace {

std::string thousands(double v) {
  std::string s = fmt::format("{:.0f}", v);
  for (int i = static_cast<int>(s.size()) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

void print_summary(const Scenario& sc, const RunResult& r, int threads) {
  const int last = sc.sim.months - 1;
  const int target_m = months_between(sc.sim.start, sc.sim.target_date);
  const int tm = (target_m >= 0 && target_m <= last) ? target_m : last;
  auto line = [&](const char* label, const std::string& name, int m, const char* fmt_unit) {
    const Band b = band_of(across_replications(r, name, m));
    if (std::string(fmt_unit) == "persons")
      return fmt::format("  {:<28} {}: {:>7} (5-95%: {} to {})\n", label,
                         sc.sim.start.plus(m).str(), thousands(b.mean), thousands(b.p05),
                         thousands(b.p95));
    return fmt::format("  {:<28} {}: {:>7.1f} (5-95%: {:.1f} to {:.1f})\n", label,
                       sc.sim.start.plus(m).str(), b.mean, b.p05, b.p95);
  };
  std::string out = fmt::format("hwsim {}: scenario '{}', {} replications, seed {}, {} threads\n",
                                kVersion, sc.name, r.reps.size(), r.seed, threads);
  out += line("ESA/IB claimants", "esa_ib_claimants", 0, "persons");
  out += line("ESA/IB claimants", "esa_ib_claimants", tm, "persons");
  const auto at_target = across_replications(r, "esa_ib_claimants", tm);
  int met = 0;
  for (double v : at_target) met += v <= sc.sim.target_esa_ib ? 1 : 0;
  out +=
      fmt::format("  target: {} by {}; met in {} of {} replications (P = {:.2f})\n",
                  thousands(sc.sim.target_esa_ib), sc.sim.target_date.str(), met, at_target.size(),
                  static_cast<double>(met) / static_cast<double>(at_target.size()));
  out += line("employment rate (%)", "employment_rate", tm, "percent");
  out += line("LTC employment gap (points)", "ltc_employment_gap", tm, "points");
  out += line("ESA/IB on-flow (a month)", "esa_ib_onflow", tm, "persons");
  out += line("ESA/IB off-flow (a month)", "esa_ib_offflow", tm, "persons");
  for (std::size_t k = 0; k < sc.interventions.list.size(); ++k) {
    const auto& iv = sc.interventions.list[k];
    const InterventionTotals tot = intervention_totals(r, k);
    std::vector<double> caseload;
    for (const auto& rep : r.reps)
      caseload.push_back(static_cast<double>(
          rep.months.at(static_cast<std::size_t>(tm)).stocks.in_intervention[k]));
    const Band bs = band_of(tot.starts), bj = band_of(tot.job_starts), bc = band_of(caseload);
    out += fmt::format(
        "  {}: {} starts ({} to {}), caseload {} at {}, {} job starts by participants\n", iv.name,
        thousands(bs.mean), thousands(bs.p05), thousands(bs.p95), thousands(bc.mean),
        sc.sim.start.plus(tm).str(), thousands(bj.mean));
  }
  out += fmt::format("  {:.2f} s, {:.3g} agent-months/s\n", r.seconds,
                     r.seconds > 0 ? static_cast<double>(r.agent_months) / r.seconds : 0.0);
  std::cout << out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hwsim: agent-based microsimulation of health, benefits and work in Islington"};
  app.set_version_flag("--version", std::string("hwsim ") + kVersion);
  app.require_subcommand(1);

  std::string scenario_path, out_dir, posterior_path;
  int replications = 0, threads = 0;
  std::uint64_t seed = 0;
  bool seed_given = false, quiet = false;

  auto* run_cmd =
      app.add_subcommand("run", "run a scenario and write DIR/result.h5 and DIR/summary.csv");
  run_cmd->add_option("scenario", scenario_path, "scenario YAML file")->required();
  run_cmd->add_option("--out,-o", out_dir, "output folder (created if missing)")->required();
  run_cmd->add_option("--replications,-r", replications, "replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  auto* seed_opt = run_cmd->add_option("--seed,-s", seed, "master seed (default: the scenario's)");
  run_cmd->add_option("--threads,-t", threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_flag("--quiet,-q", quiet, "no progress or summary on the terminal");
  run_cmd->add_option(
      "--posterior", posterior_path,
      "posterior.h5 of a calibration: each replication draws its parameters from it");

  auto* validate_cmd = app.add_subcommand("validate", "check a scenario without running it");
  validate_cmd->add_option("scenario", scenario_path, "scenario YAML file")->required();

  auto* params_cmd = app.add_subcommand("params", "print the parameter dictionary (Markdown)");

  std::string map_out;
  auto* map_cmd =
      app.add_subcommand("system-map",
                         "write the scenario's service network (services, interventions, "
                         "referral routes) as Graphviz DOT");
  map_cmd->add_option("scenario", scenario_path, "scenario YAML file")->required();
  map_cmd->add_option("--out,-o", map_out, "DOT file to write (default: standard output)");

  std::string baseline_path;
  auto* compare_cmd = app.add_subcommand(
      "compare", "run a scenario and its baseline on the same random numbers and compare them");
  compare_cmd->add_option("baseline", baseline_path, "baseline scenario YAML file")->required();
  compare_cmd->add_option("scenario", scenario_path, "scenario YAML file")->required();
  compare_cmd->add_option("--out,-o", out_dir, "output folder (created if missing)")->required();
  compare_cmd
      ->add_option("--replications,-r", replications,
                   "paired replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  auto* compare_seed =
      compare_cmd->add_option("--seed,-s", seed, "master seed (default: the scenario's)");
  compare_cmd->add_option("--threads,-t", threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  compare_cmd->add_flag("--quiet,-q", quiet, "no progress or summary on the terminal");
  compare_cmd->add_option(
      "--posterior", posterior_path,
      "posterior.h5 of a calibration: replication r of both draws the same parameters from it");

  CalibrateOptions cal;
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate",
      "fit the status quo's uncertain parameters to the targets by ABC-SMC (several processes "
      "under mpirun); writes DIR/posterior.h5 and DIR/fit.csv, and DIR/checkpoint.h5 after each "
      "generation");
  calibrate_cmd->add_option("config", cal.config, "calibration YAML file")->required();
  calibrate_cmd->add_option("--out,-o", cal.out, "output folder of a new calibration");
  calibrate_cmd->add_option("--resume", cal.resume,
                            "continue the calibration whose output folder this is");
  auto* cal_seed =
      calibrate_cmd->add_option("--seed,-s", seed, "master seed (default: the file's)");
  calibrate_cmd
      ->add_option("--threads,-t", cal.threads, "worker threads per process (default: all cores)")
      ->check(CLI::Range(1, 1024));
  calibrate_cmd
      ->add_option("--max-hours", cal.max_hours,
                   "stop cleanly, with a resumable checkpoint, after this many hours")
      ->check(CLI::PositiveNumber);
  calibrate_cmd->add_flag("--quiet,-q", cal.quiet, "no progress or summary on the terminal");
  // Test hook: stop as a time budget would, once this generation is saved.
  calibrate_cmd->add_option("--stop-after-generation", cal.stop_after_generation)->group("");

  std::string finance_dir;
  auto* finance_cmd = app.add_subcommand(
      "finance", "print the finance table (per partner) of an existing comparison");
  finance_cmd->add_option("dir", finance_dir, "output folder of hwsim compare")->required();

  CLI11_PARSE(app, argc, argv);
  if (calibrate_cmd->parsed()) {
    if (cal_seed->count() > 0) cal.seed = seed;
    for (int k = 0; k < argc; ++k) cal.command_line += (k ? " " : "") + std::string(argv[k]);
    return calibrate_command(cal, argc, argv);
  }
  seed_given = seed_opt->count() > 0 || compare_seed->count() > 0;

  try {
    if (params_cmd->parsed()) {
      std::cout << parameter_dictionary_markdown();
      return 0;
    }
    if (finance_cmd->parsed()) {
      const std::string h5 = (fs::path(finance_dir) / "result.h5").string();
      const std::string table = finance_table(read_finance(h5));
      std::cout << fmt::format("hwsim finance: {}\n", h5) << table;
      return 0;
    }
    const Scenario sc = load_scenario(scenario_path);
    std::unique_ptr<Scenario> base;
    if (compare_cmd->parsed()) {
      base = std::make_unique<Scenario>(load_scenario(baseline_path));
      // Both runs are costed with the scenario's unit costs and interventions' payers, so the
      // ledgers differ only by what people do.
      base->finance = sc.finance;
      if (!(base->sim.start == sc.sim.start) || base->sim.months != sc.sim.months)
        throw InputError(
            scenario_path, 0, 0, "simulation",
            fmt::format("runs {} months from {}, but the baseline '{}' runs {} months from {}: "
                        "a paired comparison needs the same months",
                        sc.sim.months, sc.sim.start.str(), baseline_path, base->sim.months,
                        base->sim.start.str()));
    }
    std::unique_ptr<Posterior> posterior;
    if (!posterior_path.empty())
      posterior = std::make_unique<Posterior>(load_posterior(posterior_path));
    if (map_cmd->parsed()) {
      const std::string dot = sc.interventions.network.dot();
      if (map_out.empty()) {
        std::cout << dot;
      } else {
        write_atomically(map_out, [&](const std::string& tmp) {
          std::ofstream f(tmp);
          f << dot;
          if (!f) throw std::runtime_error("cannot write " + tmp);
        });
      }
      return 0;
    }
    if (validate_cmd->parsed()) {
      std::cout << fmt::format(
          "{}: valid scenario '{}' ({} files, {} parameters, {} interventions, {} months from "
          "{})\n",
          scenario_path, sc.name, sc.files.size(), sc.provenance.size(),
          sc.interventions.list.size(), sc.sim.months, sc.sim.start.str());
      return 0;
    }
    // The output folder must be writable before the work of a run goes into filling it.
    ensure_writable_dir(out_dir);
    const int n_threads =
        threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(n_threads));
    const int reps = replications > 0 ? replications : sc.sim.replications;
    const std::uint64_t s = seed_given ? seed : sc.sim.seed;

    ReplicationSetup setup;
    if (posterior) {
      // The draw depends on the seed and the replication only, so replication r of a
      // baseline and of a scenario run on the same parameters.
      setup = [&posterior, s](std::uint32_t rep, Scenario& x) { posterior->apply(s, rep, x); };
    }
    const bool tty = isatty(STDERR_FILENO) != 0 && !quiet;
    const auto t0 = std::chrono::steady_clock::now();
    Progress progress = [&](int done, int all) {
      if (!tty) return;
      const double el =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::cerr << fmt::format("\r  replication {}/{}  {:.1f} s elapsed, about {:.0f} s left   ",
                               done, all, el, el / done * (all - done))
                << (done == all ? "\n" : "") << std::flush;
    };
    RunInfo info;
    info.version = kVersion;
    info.threads = n_threads;
    for (int k = 0; k < argc; ++k) info.command_line += (k ? " " : "") + std::string(argv[k]);
    if (posterior) {
      info.posterior = posterior->path;
      for (int r = 0; r < reps; ++r)
        info.posterior_particles.push_back(
            static_cast<std::int64_t>(posterior->draw(s, static_cast<std::uint32_t>(r))));
    }
    if (base) {
      // Same seed for both: replication k of each draws the same random numbers.
      const RunResult b = run(*base, s, reps, progress, setup);
      const RunResult r = run(sc, s, reps, progress, setup);
      const Paired paired{*base, sc, b, r};
      const FinanceResult finance = appraise_paired(paired);
      write_compare(out_dir, paired, finance, info);
      if (!quiet && posterior)
        std::cout << fmt::format("  parameters drawn from {} ({} particles, {} parameters)\n",
                                 posterior->path, posterior->theta.size(),
                                 posterior->fitted.size());
      if (!quiet)
        std::cout << compare_summary(paired, finance)
                  << fmt::format(
                         "  wrote result.h5, difference.csv, target.csv, equality.csv, "
                         "finance.csv, report.html{} in {}\n",
                         sc.interventions.empty() ? "" : ", interventions.csv", out_dir);
      return 0;
    }
    const RunResult result = run(sc, s, reps, progress, setup);

    const std::string h5 = (fs::path(out_dir) / "result.h5").string();
    const std::string csv = (fs::path(out_dir) / "summary.csv").string();
    write_atomically(h5, [&](const std::string& tmp) { write_result_h5(tmp, sc, result, info); });
    write_atomically(csv, [&](const std::string& tmp) { write_summary_csv(tmp, sc, result); });
    if (!sc.interventions.empty())
      write_atomically((fs::path(out_dir) / "interventions.csv").string(),
                       [&](const std::string& tmp) { write_interventions_csv(tmp, sc, result); });
    if (!quiet) {
      print_summary(sc, result, n_threads);
      if (posterior)
        std::cout << fmt::format("  parameters drawn from {} ({} particles, {} parameters)\n",
                                 posterior->path, posterior->theta.size(),
                                 posterior->fitted.size());
      std::cout << fmt::format("  wrote {} and {}\n", h5, csv);
    }
    return 0;
  } catch (const InputError& e) {
    std::cerr << "hwsim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "hwsim: error: " << e.what() << "\n";
    return 1;
  }
}
