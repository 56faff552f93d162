// `hwsim run`: a scenario's replications, written to DIR (result.h5, summary.csv, target.csv,
// interventions.csv for a scenario with interventions, manifest.json), with a summary on the
// terminal.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "cli/common.hpp"
#include "compare/summary.hpp"
#include "io/psa_writer.hpp"
#include "run/indicators.hpp"
#include "run/psa.hpp"
#include "run/stats.hpp"
#include "run/target.hpp"
#include "scenario/scenario.hpp"
#include "version.hpp"

namespace hwsim::cli {

namespace {

struct RunOptions {
  std::string scenario, out, posterior;
  std::vector<std::string> sets;
  int replications = 0, threads = 0;
  std::uint64_t seed = 0;
  bool quiet = false, force = false;
  bool psa = false;
  double max_memory = 0;  // bytes; 0: the machine's physical memory
};

// The line naming the run, printed before it starts.
std::string header(const Scenario& sc, int replications, std::uint64_t seed, int threads) {
  return fmt::format("hwsim {}: scenario '{}', {} replications, seed {}, {} threads\n", kVersion,
                     sc.name, replications, seed, threads);
}

std::string summary(const Scenario& sc, const RunResult& r, const RunValues& v) {
  const int tm = target_month(sc.sim);
  auto line = [&](const char* label, const std::string& name, int m, const char* fmt_unit) {
    const Band b = band_of(v.across(name, m));
    if (std::string(fmt_unit) == "persons")
      return fmt::format("  {:<28} {}: {:>7} (5-95%: {} to {})\n", label,
                         sc.sim.start.plus(m).str(), thousands(b.mean), thousands(b.p05),
                         thousands(b.p95));
    return fmt::format("  {:<28} {}: {:>7.1f} (5-95%: {:.1f} to {:.1f})\n", label,
                       sc.sim.start.plus(m).str(), b.mean, b.p05, b.p95);
  };
  std::string out;
  // The target on the legacy count as written and on all incapacity benefits (run/target.hpp).
  const std::pair<const char*, const char*> labels[]{
      {"ESA/IB claimants", "esa_ib_claimants"},
      {"all incapacity benefits", "incapacity_benefits_claimants"}};
  for (const auto& [label, name] : labels) {
    out += line(label, name, 0, "persons");
    out += line(label, name, tm, "persons");
    const Band met = band_of(target_met(v, sc.sim, name));
    out +=
        fmt::format("  target: {} by {}; met in {:.0f} of {} replications (P = {:.2f})\n",
                    thousands(sc.sim.target_esa_ib), sc.sim.target_date.str(),
                    met.mean * static_cast<double>(v.replications()), v.replications(), met.mean);
  }
  out += legacy_change_text(v, sc.sim, tm);
  {
    // The legacy count as a rate, comparable across populations of any size (population_scale).
    std::vector<double> rate;
    const auto claimants = v.across("esa_ib_claimants", tm);
    const auto residents = v.across("working_age_population", tm);
    for (std::size_t k = 0; k < claimants.size(); ++k)
      rate.push_back(residents[k] > 0 ? 100 * claimants[k] / residents[k] : 0.0);
    const Band b = band_of(rate);
    out +=
        fmt::format("  {:<28} {}: {:>7.2f} (5-95%: {:.2f} to {:.2f})\n", "ESA/IB per 100 residents",
                    sc.sim.start.plus(tm).str(), b.mean, b.p05, b.p95);
  }
  out += line("employment rate (%)", "employment_rate", tm, "percent");
  out += line("LTC employment gap (points)", "ltc_employment_gap", tm, "points");
  out += line("ESA/IB on-flow (a month)", "esa_ib_onflow", tm, "persons");
  out += line("ESA/IB off-flow (a month)", "esa_ib_offflow", tm, "persons");
  for (std::size_t k = 0; k < sc.interventions.list.size(); ++k) {
    const auto& iv = sc.interventions.list[k];
    const InterventionTotals tot = intervention_totals(v, k, iv);
    const std::vector<double> caseload = v.column(v.measure(k, iv, "caseload"), tm);
    const Band bs = band_of(tot.starts), bj = band_of(tot.job_starts), bc = band_of(caseload);
    out += fmt::format(
        "  {}: {} starts ({} to {}), caseload {} at {}, {} job starts by participants\n", iv.name,
        thousands(bs.mean), thousands(bs.p05), thousands(bs.p95), thousands(bc.mean),
        sc.sim.start.plus(tm).str(), thousands(bj.mean));
  }
  out += fmt::format("  {:.2f} s, {:.3g} agent-months/s\n", r.seconds,
                     r.seconds > 0 ? static_cast<double>(r.agent_months) / r.seconds : 0.0);
  return out;
}

int run_scenario(const RunOptions& o, std::optional<std::uint64_t> seed,
                 const Invocation& invocation, const Cluster& cluster) {
  const InterruptWatch watch;  // Ctrl-C and SIGTERM stop at the next safe point
  require_mpi_if_launched(cluster, "run");
  // Under mpirun every process runs its share of the replications; process 0 speaks and writes.
  const bool quiet = o.quiet || !cluster.root();
  const Scenario sc = load_with_notes(o.scenario, quiet, o.sets);
  const std::unique_ptr<Posterior> posterior = posterior_from(o.posterior);
  const int reps = o.replications > 0 ? o.replications : sc.sim.replications;
  // What would stop the run after it started is checked before anything is claimed.
  check_before_run(sc, estimate_streamed_memory(sc, reps, cluster.size()), o.max_memory);
  // The output folder must be writable before the work of a run goes into filling it.
  std::optional<OutputFolder> folder;
  if (cluster.root()) folder.emplace(o.out, o.force);
  const Threads threads(o.threads);
  const std::uint64_t s = seed.value_or(sc.sim.seed);
  if (!quiet)
    std::cout << header(sc, reps, s, threads.count()) << processes_note(cluster) << std::flush;
  ProgressLine progress(quiet);
  const Progress arm = progress.arm(sc.name, reps, sc);
  progress.show();
  RunInfo info = run_info(invocation, threads.count(), posterior.get(), s, reps);
  ReplicationSetup setup = drawing_from(posterior.get(), s);
  if (o.psa) {
    setup = psa_setup(s, setup);
    if (!quiet) std::cout << psa_note(sc);
  }
  try {
    // result.h5 is written as the replications come (io/result_writer.hpp: RunOutputs), so
    // memory does not grow with them; the other files follow the last.
    FileSet files(InterruptWatch::stop());
    std::optional<RunOutputs> outputs;
    if (cluster.root()) outputs.emplace(o.out, sc, static_cast<std::size_t>(reps), files);
    const ReplicationSink sink = [&](std::uint32_t k, const ReplicationResult& rep) {
      if (outputs) outputs->add(k, rep);
    };
    const RunResult result = run(sc, s, reps, arm, setup, InterruptWatch::stop(), &cluster, sink);
    progress.end();
    if (!cluster.root()) return kDone;
    const RunValues& values = outputs->values();
    std::optional<PsaReport> psa;
    if (o.psa) {
      psa = psa_of_run(sc, s, values);
      info.psa = &*psa;
    }
    const std::string text = quiet ? std::string() : summary(sc, result, values);
    const std::vector<std::string> written = outputs->finish(s, info);
    files.commit();
    if (!quiet) {
      std::cout << text;
      if (posterior) std::cout << posterior_note(*posterior);
      std::cout << fmt::format("  wrote {} in {}\n", fmt::join(written, ", "), o.out);
    }
  } catch (const Stopped&) {
    progress.end();
    return folder ? folder->leave(InterruptWatch::signal())
                  : interrupted_exit(InterruptWatch::signal());
  }
  return kDone;
}

}  // namespace

Command add_run(CLI::App& app, const Invocation& invocation) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd =
      app.add_subcommand("run", "run a scenario and write DIR/result.h5 and DIR/summary.csv");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  cmd->add_option("--out,-o", o->out, "output folder (created if missing)")->required();
  cmd->add_option("--replications,-r", o->replications, "replications (default: the scenario's)")
      ->check(whole_number(1, 100000));
  auto* seed = cmd->add_option("--seed,-s", o->seed, "master seed (default: the scenario's)")
                   ->check(seed_number());
  cmd->add_option("--threads,-t", o->threads, "worker threads per process (default: all cores)")
      ->check(whole_number(1, 1024));
  cmd->add_flag("--quiet,-q", o->quiet, "no progress or summary on the terminal");
  cmd->add_option("--posterior", o->posterior,
                  "posterior.h5 of a calibration: each replication draws its parameters from it");
  add_set_option(*cmd, o->sets);
  cmd->add_flag("--psa", o->psa,
                "probabilistic sensitivity analysis: each replication draws every uncertain "
                "quantity from its distribution (psa.csv, psa-replications.csv)");
  add_force_option(*cmd, o->force);
  add_memory_option(*cmd, o->max_memory);
  return {cmd, [o, seed, invocation] {
            return on_cluster(invocation, [&](const Cluster& cluster) {
              return run_scenario(*o, seed->count() > 0 ? std::optional(o->seed) : std::nullopt,
                                  invocation, cluster);
            });
          }};
}

}  // namespace hwsim::cli
