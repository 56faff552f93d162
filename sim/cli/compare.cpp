// `hwsim compare`: scenarios and their baseline run on the same random numbers, the paired
// analysis and the appraisal written to DIR (result.h5, the CSV files and report.html), with a
// summary on the terminal. With one scenario the files are in DIR; with several the baseline
// runs once, each scenario's files are in DIR/<its name>/ and the ranking of the scenarios
// (ranking.csv, report.html) in DIR.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "cli/common.hpp"
#include "compare/ranking.hpp"
#include "compare/summary.hpp"
#include "io/compare_writer.hpp"
#include "io/output_set.hpp"
#include "io/psa_writer.hpp"
#include "io/ranking_writer.hpp"
#include "run/psa.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

struct CompareOptions {
  std::string baseline, out, posterior;
  std::vector<std::string> scenarios;
  std::vector<std::string> sets;  // --set: changes to the scenarios, not the baseline
  int replications = 0, threads = 0;
  std::uint64_t seed = 0;
  bool quiet = false, force = false;
  bool psa = false;
  double max_memory = 0;  // bytes; 0: the machine's physical memory
};

// One scenario of a comparison: the scenario, its baseline (the baseline file costed as the
// scenario is, cli/common.hpp) and which of the baseline's runs it is paired with.
struct Arm {
  Scenario scenario, baseline;
  std::size_t base_run = 0;
};

// With several scenarios each one's files go in a folder named by its name: names must be
// folder names, unique, and not those of the ranking's own files.
void check_folder_names(const CompareOptions& o, const std::vector<Arm>& arms) {
  std::set<std::string> seen;
  for (std::size_t k = 0; k < arms.size(); ++k) {
    const std::string& name = arms[k].scenario.name;
    const std::string& file = o.scenarios[k];
    const bool safe = !name.empty() && name.front() != '.' &&
                      std::all_of(name.begin(), name.end(), [](unsigned char c) {
                        return std::isalnum(c) || c == '-' || c == '_' || c == '.';
                      });
    if (!safe)
      throw InputError(file, 0, 0, "name",
                       fmt::format("'{}' cannot name the scenario's output folder: with several "
                                   "scenarios use letters, digits, '-', '_' and '.' only",
                                   name));
    if (name == "ranking.csv" || name == "report.html" || name == "manifest.json")
      throw InputError(file, 0, 0, "name",
                       fmt::format("'{}' is the name of a file of the ranking; rename the "
                                   "scenario",
                                   name));
    if (!seen.insert(name).second) {
      const auto first = std::find_if(arms.begin(), arms.end(),
                                      [&](const Arm& a) { return a.scenario.name == name; });
      throw InputError(
          file, 0, 0, "name",
          fmt::format("the scenario name '{}' is also the name of {}: each scenario's files go "
                      "in a folder named by its name, so names must differ",
                      name, o.scenarios[static_cast<std::size_t>(first - arms.begin())]));
    }
  }
}

int compare_scenarios(const CompareOptions& options, std::optional<std::uint64_t> seed,
                      const Invocation& invocation, const Cluster& cluster) {
  const InterruptWatch watch;  // Ctrl-C and SIGTERM stop at the next safe point
  require_mpi_if_launched(cluster, "comparison");
  // Under mpirun every process runs its share of each arm's replications; process 0 speaks and
  // writes.
  CompareOptions o = options;
  o.quiet = o.quiet || !cluster.root();
  const bool several = o.scenarios.size() > 1;
  if (several && o.psa)
    throw InputError(o.scenarios[1], 0, 0, "",
                     "--psa compares one scenario with its baseline at a time: give one "
                     "scenario file");
  std::vector<Arm> arms;
  for (const auto& file : o.scenarios) {
    Scenario sc = load_with_notes(file, o.quiet, o.sets);
    Scenario base = baseline_for(o.baseline, file, sc);
    arms.push_back({std::move(sc), std::move(base), 0});
  }
  if (several) check_folder_names(o, arms);
  // The baseline runs once for every scenario costed alike (its ledgers are costed with the
  // scenario's unit costs; finance/finance.hpp, same_costing).
  std::vector<std::size_t> base_runs;  // the arm whose baseline each run is
  for (std::size_t k = 0; k < arms.size(); ++k) {
    const auto same = std::find_if(base_runs.begin(), base_runs.end(), [&](std::size_t j) {
      return same_costing(arms[j].baseline.finance, arms[k].baseline.finance);
    });
    arms[k].base_run = static_cast<std::size_t>(same - base_runs.begin());
    if (same == base_runs.end()) base_runs.push_back(k);
  }
  const Scenario& sc = arms.front().scenario;
  const std::unique_ptr<Posterior> posterior = posterior_from(o.posterior);
  const int reps = o.replications > 0 ? o.replications : sc.sim.replications;
  // What would stop any arm after the work started is checked before anything is claimed:
  // every arm keeps its replications until the files are written (in a file beside the output
  // folder, run_arms below), and a replication's shared start-up is kept beside the
  // population stepping (run_arms).
  const int runs = static_cast<int>(arms.size() + base_runs.size());
  for (const auto& a : arms) {
    check_population(a.baseline);
    check_before_run(a.scenario, estimate_spilled_memory(a.scenario, reps, runs, 2), o.max_memory);
  }
  // The output folder must be writable before the work of a run goes into filling it.
  std::optional<OutputFolder> folder;
  if (cluster.root()) folder.emplace(o.out, o.force);
  const Threads threads(o.threads);
  const std::uint64_t s = seed.value_or(sc.sim.seed);
  if (!o.quiet) {
    for (const auto& a : arms) std::cout << compare_header(a.baseline, a.scenario, reps, s);
    std::cout << processes_note(cluster);
    if (several && base_runs.size() > 1)
      std::cout << fmt::format(
          "  the baseline runs {} times: scenarios with unit costs of their own are each "
          "compared with the baseline costed as they are\n",
          base_runs.size());
    std::cout << std::flush;
  }
  ProgressLine progress(o.quiet);
  std::vector<Progress> base_arms, scen_arms;
  for (std::size_t j = 0; j < base_runs.size(); ++j)
    base_arms.push_back(progress.arm(j ? fmt::format("baseline {}", j + 1) : "baseline", reps,
                                     arms[base_runs[j]].baseline));
  for (const auto& a : arms)
    scen_arms.push_back(progress.arm(several ? a.scenario.name : "scenario", reps, a.scenario));
  progress.show();
  const ReplicationSetup setup = drawing_from(posterior.get(), s);
  // Under --psa both arms draw the same value of every quantity they share; the baseline is
  // costed with the scenario's drawn unit costs.
  const ReplicationSetup base_setup = o.psa ? psa_setup(s, setup, &sc) : setup;
  const ReplicationSetup scen_setup = o.psa ? psa_setup(s, setup) : setup;
  if (o.psa && !o.quiet) std::cout << psa_note(sc);
  RunInfo info = run_info(invocation, threads.count(), posterior.get(), s, reps);

  try {
    // Same seed for all: replication k of each draws the same random numbers. Arms run
    // replication by replication, sharing the start-up where they start alike.
    // Every arm keeps its replications for the analysis in an unnamed file beside the output
    // folder, not in memory (run/replications.hpp). Under mpirun only process 0 analyses and
    // writes: the others keep nothing.
    const std::string spill = cluster.root() ? scratch_folder(o.out) : std::string();
    const ReplicationSink drop =
        cluster.root() ? ReplicationSink{} : [](std::uint32_t, const ReplicationResult&) {};
    std::vector<RunArm> all;
    for (std::size_t j = 0; j < base_runs.size(); ++j)
      all.push_back({&arms[base_runs[j]].baseline, base_setup, base_arms[j], drop, spill});
    for (std::size_t k = 0; k < arms.size(); ++k)
      all.push_back({&arms[k].scenario, scen_setup, scen_arms[k], drop, spill});
    std::vector<RunResult> results = run_arms(all, s, reps, InterruptWatch::stop(), &cluster);
    std::vector<RunResult> base(
        std::make_move_iterator(results.begin()),
        std::make_move_iterator(results.begin() + static_cast<std::ptrdiff_t>(base_runs.size())));
    std::vector<RunResult> scen(
        std::make_move_iterator(results.begin() + static_cast<std::ptrdiff_t>(base_runs.size())),
        std::make_move_iterator(results.end()));
    progress.end();
    if (!cluster.root()) return kDone;
    std::vector<Paired> paired;
    std::vector<FinanceResult> finance;
    for (std::size_t k = 0; k < arms.size(); ++k) {
      paired.push_back({arms[k].baseline, arms[k].scenario, base[arms[k].base_run], scen[k]});
      finance.push_back(appraise_paired(paired.back()));
    }
    if (several) {
      const std::vector<RankedScenario> ranking = rank_scenarios(paired, finance);
      FileSet files(o.out, InterruptWatch::stop());
      write_ranked_compare(o.out, paired, finance, ranking, info, files);
      files.commit();
      if (!o.quiet && posterior) std::cout << posterior_note(*posterior);
      if (!o.quiet)
        std::cout << ranking_text(ranking, sc.sim.start.plus(paired.front().target_month()).str())
                  << fmt::format(
                         "  wrote ranking.csv, report.html, manifest.json and a folder "
                         "of each scenario's comparison in {}\n",
                         o.out);
      return kDone;
    }
    std::optional<PsaReport> psa;
    if (o.psa) {
      psa = psa_of_comparison(paired.front(), finance.front());
      info.psa = &*psa;
    }
    FileSet files(InterruptWatch::stop());
    write_compare(o.out, paired.front(), finance.front(), info, files);
    files.commit();
    if (!o.quiet && posterior) std::cout << posterior_note(*posterior);
    if (!o.quiet && psa) std::cout << psa_summary_text(*psa->summary);
    if (!o.quiet)
      std::cout << compare_summary(paired.front(), finance.front())
                << fmt::format(
                       "  wrote result.h5, difference.csv, target.csv, equality.csv, cohorts.csv, "
                       "finance.csv, cashflow.csv, report.html{}{}, manifest.json in {}\n",
                       sc.interventions.empty() ? "" : ", interventions.csv",
                       psa ? ", psa.csv, psa-replications.csv" : "", o.out);
  } catch (const Stopped&) {
    progress.end();
    return folder ? folder->leave(InterruptWatch::signal())
                  : interrupted_exit(InterruptWatch::signal());
  }
  return kDone;
}

}  // namespace

Command add_compare(CLI::App& app, const Invocation& invocation) {
  auto o = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand(
      "compare",
      "run scenarios and their baseline on the same random numbers and compare them (several "
      "scenarios: the baseline runs once, each scenario has a folder, and they are ranked)");
  cmd->add_option("baseline", o->baseline, "baseline scenario YAML file")->required();
  cmd->add_option("scenario", o->scenarios,
                  "scenario YAML file(s); with more than one, DIR/<name>/ for each and "
                  "ranking.csv")
      ->required();
  cmd->add_option("--out,-o", o->out, "output folder (created if missing)")->required();
  cmd->add_option("--replications,-r", o->replications,
                  "paired replications (default: the scenario's)")
      ->check(whole_number(1, 100000));
  auto* seed = cmd->add_option("--seed,-s", o->seed, "master seed (default: the scenario's)")
                   ->check(seed_number());
  cmd->add_option("--threads,-t", o->threads, "worker threads per process (default: all cores)")
      ->check(whole_number(1, 1024));
  cmd->add_flag("--quiet,-q", o->quiet, "no progress or summary on the terminal");
  cmd->add_option(
      "--posterior", o->posterior,
      "posterior.h5 of a calibration: replication r of every run draws the same parameters "
      "from it");
  add_set_option(*cmd, o->sets);
  cmd->add_flag("--psa", o->psa,
                "probabilistic sensitivity analysis: each replication draws every uncertain "
                "quantity from its distribution, the same in both arms (psa.csv, "
                "psa-replications.csv, and a section of report.html)");
  add_force_option(*cmd, o->force);
  add_memory_option(*cmd, o->max_memory);
  return {cmd, [o, seed, invocation] {
            return on_cluster(invocation, [&](const Cluster& cluster) {
              return compare_scenarios(*o,
                                       seed->count() > 0 ? std::optional(o->seed) : std::nullopt,
                                       invocation, cluster);
            });
          }};
}

}  // namespace hwsim::cli
