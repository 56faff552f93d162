// `hwsim compare`: a scenario and its baseline run on the same random numbers, the paired
// analysis and the appraisal written to DIR (result.h5, the CSV files and report.html), with a
// summary on the terminal.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "cli/common.hpp"
#include "compare/summary.hpp"
#include "io/compare_writer.hpp"
#include "io/psa_writer.hpp"
#include "run/psa.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

struct CompareOptions {
  std::string baseline, scenario, out, posterior;
  std::vector<std::string> sets;  // --set: changes to the scenario, not the baseline
  int replications = 0, threads = 0;
  std::uint64_t seed = 0;
  bool quiet = false, force = false;
  bool psa = false;
  double max_memory = 0;  // bytes; 0: the machine's physical memory
};

int compare_scenarios(const CompareOptions& o, std::optional<std::uint64_t> seed,
                      const Invocation& invocation) {
  const InterruptWatch watch;  // Ctrl-C and SIGTERM stop at the next safe point
  const Scenario sc = load_with_notes(o.scenario, o.quiet, o.sets);
  const Scenario base = baseline_for(o.baseline, o.scenario, sc);
  const std::unique_ptr<Posterior> posterior = posterior_from(o.posterior);
  const int reps = o.replications > 0 ? o.replications : sc.sim.replications;
  // What would stop either arm after the work started is checked before anything is claimed:
  // both keep their replications until the files are written.
  check_population(base);
  check_before_run(sc, estimate_memory(sc, reps, 2), o.max_memory);
  // The output folder must be writable before the work of a run goes into filling it.
  const OutputFolder folder(o.out, o.force);
  const Threads threads(o.threads);
  const std::uint64_t s = seed.value_or(sc.sim.seed);
  if (!o.quiet) std::cout << compare_header(base, sc, reps, s) << std::flush;
  ProgressLine progress(o.quiet);
  const Progress base_arm = progress.arm("baseline", reps, base);
  const Progress scen_arm = progress.arm("scenario", reps, sc);
  progress.show();
  const ReplicationSetup setup = drawing_from(posterior.get(), s);
  // Under --psa both arms draw the same value of every quantity they share; the baseline is
  // costed with the scenario's drawn unit costs.
  const ReplicationSetup base_setup = o.psa ? psa_setup(s, setup, &sc) : setup;
  const ReplicationSetup scen_setup = o.psa ? psa_setup(s, setup) : setup;
  if (o.psa && !o.quiet) std::cout << psa_note(sc);
  RunInfo info = run_info(invocation, threads.count(), posterior.get(), s, reps);

  try {
    // Same seed for both: replication k of each draws the same random numbers.
    const RunResult b = run(base, s, reps, base_arm, base_setup, InterruptWatch::stop());
    const RunResult r = run(sc, s, reps, scen_arm, scen_setup, InterruptWatch::stop());
    const Paired paired{base, sc, b, r};
    const FinanceResult finance = appraise_paired(paired);
    std::optional<PsaReport> psa;
    if (o.psa) {
      psa = psa_of_comparison(paired, finance);
      info.psa = &*psa;
    }
    FileSet files(InterruptWatch::stop());
    write_compare(o.out, paired, finance, info, files);
    files.commit();
    if (!o.quiet && posterior) std::cout << posterior_note(*posterior);
    if (!o.quiet && psa) std::cout << psa_summary_text(*psa->summary);
    if (!o.quiet)
      std::cout << compare_summary(paired, finance)
                << fmt::format(
                       "  wrote result.h5, difference.csv, target.csv, equality.csv, cohorts.csv, "
                       "finance.csv, cashflow.csv, report.html{}{}, manifest.json in {}\n",
                       sc.interventions.empty() ? "" : ", interventions.csv",
                       psa ? ", psa.csv, psa-replications.csv" : "", o.out);
  } catch (const Stopped&) {
    progress.end();
    return folder.leave(InterruptWatch::signal());
  }
  return kDone;
}

}  // namespace

Command add_compare(CLI::App& app, const Invocation& invocation) {
  auto o = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand(
      "compare", "run a scenario and its baseline on the same random numbers and compare them");
  cmd->add_option("baseline", o->baseline, "baseline scenario YAML file")->required();
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  cmd->add_option("--out,-o", o->out, "output folder (created if missing)")->required();
  cmd->add_option("--replications,-r", o->replications,
                  "paired replications (default: the scenario's)")
      ->check(whole_number(1, 100000));
  auto* seed = cmd->add_option("--seed,-s", o->seed, "master seed (default: the scenario's)")
                   ->check(seed_number());
  cmd->add_option("--threads,-t", o->threads, "worker threads (default: all cores)")
      ->check(whole_number(1, 1024));
  cmd->add_flag("--quiet,-q", o->quiet, "no progress or summary on the terminal");
  cmd->add_option(
      "--posterior", o->posterior,
      "posterior.h5 of a calibration: replication r of both draws the same parameters from it");
  add_set_option(*cmd, o->sets);
  cmd->add_flag("--psa", o->psa,
                "probabilistic sensitivity analysis: each replication draws every uncertain "
                "quantity from its distribution, the same in both arms (psa.csv, "
                "psa-replications.csv, and a section of report.html)");
  add_force_option(*cmd, o->force);
  add_memory_option(*cmd, o->max_memory);
  return {cmd, [o, seed, invocation] {
            return guarded([&] {
              return compare_scenarios(
                  *o, seed->count() > 0 ? std::optional(o->seed) : std::nullopt, invocation);
            });
          }};
}

}  // namespace hwsim::cli
