// `hwsim sensitivity BASELINE SCENARIO --out DIR`: one-way sensitivity analysis of a comparison.
// Each uncertain quantity at its 5th and 95th percentile, every other central, both arms paired
// on common random numbers; tornado.csv and tornado.html (the tornado diagrams) in DIR.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/common.hpp"
#include "io/manifest.hpp"
#include "io/output_set.hpp"
#include "io/psa_writer.hpp"
#include "report/tornado.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

struct SensitivityOptions {
  std::string baseline, scenario, out;
  std::vector<std::string> sets, only;
  int replications = 5, threads = 0, bars = 20;
  std::uint64_t seed = 0;
  bool quiet = false, force = false;
  double max_memory = 0;  // bytes; 0: the machine's physical memory
};

int sensitivity(const SensitivityOptions& options, std::optional<std::uint64_t> seed,
                const Invocation& invocation, const Cluster& cluster) {
  const InterruptWatch watch;
  require_mpi_if_launched(cluster, "sensitivity analysis");
  // Under mpirun every process runs its share of the paired comparisons; process 0 speaks and
  // writes.
  SensitivityOptions o = options;
  o.quiet = o.quiet || !cluster.root();
  const Scenario sc = load_with_notes(o.scenario, o.quiet, o.sets);
  const Scenario base = baseline_for(o.baseline, o.scenario, sc);
  const Threads threads(o.threads);
  const std::uint64_t s = seed.value_or(sc.sim.seed);
  const std::size_t varied = varied_quantities(base, sc, o.only).size();
  if (varied == 0)
    throw InputError(o.scenario, 0, 0, o.only.empty() ? "" : "--only",
                     o.only.empty() ? "no uncertain quantity to vary (give numbers an uncertainty:)"
                                    : "no uncertain quantity's key starts with what --only names");
  const int arms = static_cast<int>(1 + 2 * varied);
  // The paired comparisons run in parallel, as many at once as there are threads, each keeping
  // both arms' replications until it ends (in a file beside the output folder) and, while it
  // steps, a replication's shared start-up beside the population stepping.
  const int at_once = std::min(arms, threads.count());
  check_population(base);
  check_before_run(sc, estimate_spilled_memory(sc, o.replications, 2 * at_once, 2 * at_once),
                   o.max_memory);
  std::optional<OutputFolder> folder;
  if (cluster.root()) folder.emplace(o.out, o.force);
  if (!o.quiet)
    std::cout << fmt::format(
                     "hwsim sensitivity: '{}' against '{}', {} uncertain quantities at their 5th "
                     "and 95th percentiles: {} paired comparisons of {} replications, seed {}, "
                     "{} threads\n",
                     sc.name, base.name, varied, arms, o.replications, s, threads.count())
              << (cluster.size() > 1 ? fmt::format("  comparisons spread over {} processes "
                                                   "(mpirun); process 0 writes\n",
                                                   cluster.size())
                                     : std::string())
              << std::flush;
  ProgressLine progress(o.quiet);
  // One line for all the paired runs: each arm steps a baseline and a scenario.
  const Progress all = progress.arm("paired replications", arms * 2 * o.replications, sc);
  progress.show();
  RunInfo info = run_info(invocation, threads.count(), nullptr, s, o.replications);
  try {
    const Sensitivity result =
        one_way_sensitivity(base, sc, s, o.replications, all, InterruptWatch::stop(), o.only,
                            &cluster, shared_scratch(cluster, o.out));
    progress.end();
    if (!cluster.root()) return kDone;
    FileSet files(InterruptWatch::stop());
    const std::filesystem::path d(o.out);
    Manifest manifest{"sensitivity", &sc, &base, s, static_cast<std::size_t>(o.replications), {}};
    files.write((d / "tornado.csv").string(),
                [&](const std::string& tmp) { write_tornado_csv(tmp, result); });
    manifest.files.push_back(
        {"tornado.csv",
         "each uncertain quantity at its 5th and 95th percentile, others central: the difference "
         "in claimants at the target date and the total NPV at each, sorted by swing"});
    files.write((d / "tornado.html").string(), [&](const std::string& tmp) {
      std::ofstream out(tmp, std::ios::binary);
      out << render_tornado(base, sc, result, o.bars);
      if (!out) throw std::runtime_error("cannot write " + tmp);
    });
    manifest.files.push_back(
        {"tornado.html", "the tornado diagrams, a self-contained page that opens offline"});
    write_manifest(o.out, manifest, info, &files);
    files.commit();
    if (!o.quiet) {
      std::cout << fmt::format(
          "  central: difference in claimants at {} {:.0f}, total NPV {:.0f}\n",
          sc.sim.target_date.str(), result.central.claimants, result.central.npv);
      for (const auto& [outcome, label, unit] :
           {std::tuple{TornadoOutcome::Claimants, "claimants", "persons"},
            std::tuple{TornadoOutcome::Npv, "total NPV", "GBP"}}) {
        std::cout << fmt::format("  widest bars for {}:\n", label);
        const auto bars = sorted_by_swing(result, outcome);
        for (std::size_t k = 0; k < bars.size() && k < 5; ++k)
          std::cout << fmt::format("    {:<58} {:>12.0f} to {:>12.0f} {}\n", bars[k].quantity.key,
                                   outcome_of(bars[k].low, outcome),
                                   outcome_of(bars[k].high, outcome), unit);
      }
      std::cout << fmt::format("  wrote tornado.csv, tornado.html, manifest.json in {}\n", o.out);
    }
  } catch (const Stopped&) {
    progress.end();
    return folder ? folder->leave(InterruptWatch::signal())
                  : interrupted_exit(InterruptWatch::signal());
  }
  return kDone;
}

}  // namespace

Command add_sensitivity(CLI::App& app, const Invocation& invocation) {
  auto o = std::make_shared<SensitivityOptions>();
  auto* cmd = app.add_subcommand(
      "sensitivity",
      "one-way sensitivity: each uncertain quantity at its 5th and 95th percentile, a tornado "
      "diagram of the difference in claimants and of the total NPV");
  cmd->add_option("baseline", o->baseline, "baseline scenario YAML file")->required();
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  cmd->add_option("--out,-o", o->out, "output folder (created if missing)")->required();
  cmd->add_option("--replications,-r", o->replications,
                  "paired replications of each comparison (default 5)")
      ->check(whole_number(1, 100000));
  auto* seed = cmd->add_option("--seed,-s", o->seed, "master seed (default: the scenario's)")
                   ->check(seed_number());
  cmd->add_option("--threads,-t", o->threads, "worker threads per process (default: all cores)")
      ->check(whole_number(1, 1024));
  cmd->add_option("--bars", o->bars, "bars in each tornado diagram (default 20)")
      ->check(whole_number(1, 10000));
  cmd->add_option("--only", o->only,
                  "vary only the quantities whose key starts with this (repeatable), e.g. "
                  "interventions. or labour.; the others stay central");
  cmd->add_flag("--quiet,-q", o->quiet, "no progress or summary on the terminal");
  add_set_option(*cmd, o->sets);
  add_force_option(*cmd, o->force);
  add_memory_option(*cmd, o->max_memory);
  return {cmd, [o, seed, invocation] {
            return on_cluster(invocation, [&](const Cluster& cluster) {
              return sensitivity(*o, seed->count() > 0 ? std::optional(o->seed) : std::nullopt,
                                 invocation, cluster);
            });
          }};
}

}  // namespace hwsim::cli
