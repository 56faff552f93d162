// `hwsim trial SCENARIO --intervention NAME --out DIR`: a controlled trial of one intervention
// simulated inside the population run (model/trial.hpp), replicated, and analysed as a trial
// statistician would (compare/trial.hpp): each arm's outcomes at 6-24 months, the estimate with
// its confidence interval, power and the minimum detectable effect, and a power curve.
#include "compare/trial.hpp"

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
#include "io/trial_writer.hpp"
#include "report/trial.hpp"
#include "run/trial.hpp"
#include "scenario/policy.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

struct TrialOptions {
  std::string scenario, out, intervention, design, recruit_from, recruit_to, primary;
  std::vector<std::string> sets;
  std::vector<int> curve;
  int at = 12, replications = 0, threads = 0;
  std::optional<int> participants, clusters;
  std::optional<double> allocation, contamination, not_taken_up;
  bool no_effect = false, quiet = false, force = false;
  std::uint64_t seed = 0;
  double max_memory = 0;
};

// Whether the trial is the scenario's own trial: block (not another intervention named).
bool trial_from_file(const Scenario& sc, const TrialOptions& o) {
  return sc.trial && (o.intervention.empty() || o.intervention == sc.trial->intervention);
}

// The trial plan: the scenario's trial: block, if it has one for this intervention, with the
// options given on top. `where` learns which option or line gave each part.
TrialPlan plan_of(const Scenario& sc, const TrialOptions& o, TrialPlace& where) {
  const bool from_file = trial_from_file(sc, o);
  std::map<std::string, std::string> option;  // part -> the option that set it
  TrialPlan p;
  if (from_file) {
    p = sc.trial->plan;
  } else {
    if (o.intervention.empty()) {
      std::vector<std::string> names;
      for (const auto& iv : sc.interventions.list) names.push_back(iv.name);
      throw InputError("--intervention", 0, 0, "--intervention",
                       names.empty()
                           ? fmt::format("scenario '{}' has no interventions to trial", sc.name)
                           : fmt::format("name the intervention to trial (the scenario has no "
                                         "trial: block): one of {}",
                                         fmt::join(names, ", ")));
    }
    const TrialPlace by_option = [](const std::string&) {
      return TrialWhere{"--intervention", 0, "--intervention"};
    };
    p.intervention = trial_intervention(sc, o.intervention, by_option);
    const Intervention& iv = sc.interventions.list[static_cast<std::size_t>(p.intervention)];
    p.recruit_from = iv.start;
    p.recruit_to = iv.end;
  }
  auto month = [](const std::string& opt, const std::string& text) {
    const auto m = YearMonth::parse(text);
    if (!m)
      throw InputError(opt, 0, 0, opt, "expected a month written YYYY-MM (got '" + text + "')");
    return *m;
  };
  if (!o.design.empty()) {
    const auto d = parse_level<TrialDesign>(o.design);
    if (!d)
      throw InputError("--design", 0, 0, "--design",
                       unknown("design", o.design, {"individual", "cluster"}));
    p.design = *d;
    option["design"] = "--design";
  }
  if (o.participants) p.participants = *o.participants, option["participants"] = "--participants";
  if (!o.recruit_from.empty())
    p.recruit_from = month("--recruit-from", o.recruit_from),
    option["recruitment.from"] = "--recruit-from";
  if (!o.recruit_to.empty())
    p.recruit_to = month("--recruit-to", o.recruit_to), option["recruitment.to"] = "--recruit-to";
  if (o.allocation) p.allocation_ratio = *o.allocation, option["allocation_ratio"] = "--allocation";
  if (o.clusters) p.clusters_per_arm = *o.clusters, option["clusters_per_arm"] = "--clusters";
  if (o.contamination)
    p.contamination = *o.contamination, option["contamination"] = "--contamination";
  if (o.not_taken_up) p.not_taken_up = *o.not_taken_up, option["not_taken_up"] = "--not-taken-up";
  const TrialSettings* file = from_file ? &*sc.trial : nullptr;
  where = [option, file](const std::string& part) {
    if (const auto it = option.find(part); it != option.end())
      return TrialWhere{it->second, 0, it->second};
    if (file) {
      const auto it = file->lines.find(part);
      return TrialWhere{file->file, it != file->lines.end() ? it->second : file->line,
                        "trial." + part};
    }
    static const std::map<std::string, std::string> kOption{
        {"participants", "--participants"},   {"recruitment.from", "--recruit-from"},
        {"recruitment.to", "--recruit-to"},   {"allocation_ratio", "--allocation"},
        {"clusters_per_arm", "--clusters"},   {"design", "--design"},
        {"contamination", "--contamination"}, {"not_taken_up", "--not-taken-up"},
        {"intervention", "--intervention"}};
    const auto it = kOption.find(part);
    const std::string opt = it != kOption.end() ? it->second : part;
    return TrialWhere{opt, 0, opt};
  };
  check_trial_plan(sc, p, where);
  return p;
}

int trial(const TrialOptions& options, std::optional<std::uint64_t> seed,
          const Invocation& invocation, const Cluster& cluster) {
  const InterruptWatch watch;
  require_mpi_if_launched(cluster, "trial");
  // Under mpirun every process runs its share of the replications; process 0 speaks and writes.
  TrialOptions o = options;
  o.quiet = o.quiet || !cluster.root();
  // The run goes on past the scenario's months to follow the last participant: its notes (a
  // policy date after the run's end) are said of the months the trial runs.
  Scenario sc = load_with_notes(o.scenario, true, o.sets);
  TrialPlace where;
  const TrialPlan plan = plan_of(sc, o, where);
  const auto primary = parse_level<TrialOutcome>(o.primary);
  if (!primary)
    throw InputError(
        "--primary", 0, 0, "--primary",
        unknown("outcome", o.primary, {kTrialOutcomeNames.begin(), kTrialOutcomeNames.end()}));
  if (std::find(kFollowUpMonths.begin(), kFollowUpMonths.end(), o.at) == kFollowUpMonths.end())
    throw InputError(
        "--at", 0, 0, "--at",
        fmt::format("outcomes are measured at 6, 12, 18 and 24 months (got {})", o.at));
  for (int n : o.curve)
    if (n < 2)
      throw InputError("--power-curve", 0, 0, "--power-curve",
                       fmt::format("each sample size must be at least 2 (got {})", n));
  Intervention& iv = sc.interventions.list[static_cast<std::size_t>(plan.intervention)];
  if (o.no_effect) {
    // Every effect of the intervention set to none: what the trial finds is then chance (and
    // anything being in the intervention does besides its effects).
    iv.effects.job_entry_hr = iv.effects.job_loss_hr = iv.effects.remission_hr =
        iv.effects.appeal_success_ratio = 1;
  }
  // The run recruits for the largest sample asked for; smaller ones are its first participants.
  TrialPlan run_plan = plan;
  const int largest = o.curve.empty() ? 0 : *std::max_element(o.curve.begin(), o.curve.end());
  if (plan.participants > 0) run_plan.participants = std::max(plan.participants, largest);
  const Scenario run_sc = trial_scenario(sc, run_plan);
  if (!o.quiet) {
    std::vector<std::string> notes;
    finish_policy(run_sc.policy, run_sc.sim.start, run_sc.sim.months, notes);
    for (const auto& n : notes) std::cerr << "hwsim: note: " << n << "\n";
  }
  const int reps = o.replications > 0 ? o.replications : sc.sim.replications;
  // Each replication's months of the trial's world and of its baseline are kept for the
  // analysis, in files beside the output folder (run/replications.hpp).
  check_before_run(run_sc, estimate_spilled_memory(run_sc, reps, 2), o.max_memory);
  std::optional<OutputFolder> folder;
  if (cluster.root()) folder.emplace(o.out, o.force);
  const Threads threads(o.threads);
  const std::uint64_t s = seed.value_or(sc.sim.seed);
  if (!o.quiet)
    std::cout << fmt::format(
                     "hwsim trial: '{}' in scenario '{}', {} randomisation, {} participants "
                     "recruited {} to {}, {} : 1 offer to control; {} replications, seed {}, {} "
                     "threads{}\n",
                     iv.name, sc.name, name_of(plan.design),
                     plan.participants > 0 ? std::to_string(plan.participants) : "all",
                     plan.recruit_from.str(), plan.recruit_to.str(), plan.allocation_ratio, reps, s,
                     threads.count(), o.no_effect ? "; the intervention's effects set to none" : "")
              << processes_note(cluster) << std::flush;
  ProgressLine progress(o.quiet);
  // Each replication runs the borough with the trial, then without it from the same month 0
  // (no start-up of its own).
  Scenario without = trial_baseline(run_sc, run_plan);
  without.sim.spin_up_months = 0;
  const Progress with_arm = progress.arm("trial", reps, run_sc),
                 without_arm = progress.arm("without trial", reps, without);
  const Progress arm = [&](int done, int /*all*/) {
    if (done % 2 == 1)
      with_arm((done + 1) / 2, reps);
    else
      without_arm(done / 2, reps);
  };
  progress.show();
  RunInfo info = run_info(invocation, threads.count(), nullptr, s, reps);
  // The referrals must supply the sample: said after the first replication, before more work.
  const TrialCheck check = [&](const TrialState& t) {
    if (t.replication != 0 || run_plan.participants == 0) return;
    const auto got = static_cast<int>(t.participants.size());
    if (got >= run_plan.participants) return;
    progress.end();
    const bool curve = plan.participants > 0 && got >= plan.participants;
    const TrialWhere w =
        curve ? TrialWhere{"--power-curve", 0, "--power-curve"} : where("participants");
    throw InputError(
        w.file, w.line, 1, w.key,
        fmt::format("a sample of {} is more than the referrals can supply: {} eligible residents "
                    "who consent were referred to '{}' from {} to {} (replication 1); ask for "
                    "at most {}, or recruit for longer",
                    run_plan.participants, got, iv.name, plan.recruit_from.str(),
                    plan.recruit_to.str(), got));
  };
  try {
    const TrialRun run =
        run_trial(run_sc, run_plan, s, reps, arm, InterruptWatch::stop(), check,
                  TrialPairing::WithBaseline, &cluster, shared_scratch(cluster, o.out));
    if (!cluster.root()) return kDone;
    TrialPlan summary_plan = plan;
    if (summary_plan.participants == 0) {  // everyone in the window: the smallest replication's
      std::size_t least = SIZE_MAX;
      for (const auto& t : run.reps) least = std::min(least, t.participants.size());
      summary_plan.participants = static_cast<int>(least);
    }
    TrialSummary summary = summarise_trial(run, summary_plan, o.curve, *primary, o.at, s);
    summary.borough = trial_borough(run_sc, trial_baseline(run_sc, run_plan), run);
    progress.end();
    // A scenario that recreates a published trial: the model's contrast beside the paper's.
    std::optional<TranslationCheck> translation;
    if (trial_from_file(sc, o) && sc.trial->published)
      translation = translation_check(summary, *sc.trial->published, iv.effects.job_entry_hr);
    FileSet files(InterruptWatch::stop());
    const std::filesystem::path d(o.out);
    Manifest manifest{"trial", &sc, nullptr, s, static_cast<std::size_t>(reps), {}};
    auto add = [&](const std::string& name, const std::string& description, auto write) {
      files.write((d / name).string(), write);
      manifest.files.push_back({name, description});
    };
    add("result.h5", "each replication's trial estimates (/trial) and the provenance (/meta)",
        [&](const std::string& tmp) { write_trial_h5(tmp, run_sc, run, summary, info); });
    add("trial.csv",
        "each arm's outcomes at 6, 12, 18 and 24 months, with bands across replications",
        [&](const std::string& tmp) { write_trial_csv(tmp, summary); });
    add("power.csv",
        "power, the estimate and the minimum detectable difference for each sample size, analysis, "
        "point and outcome",
        [&](const std::string& tmp) { write_power_csv(tmp, summary); });
    add("recruitment.csv", "participants randomised by month of the recruitment window",
        [&](const std::string& tmp) { write_recruitment_csv(tmp, run_sc, summary); });
    add("balance.csv", "the arms at randomisation: age, sex, condition and benefit",
        [&](const std::string& tmp) { write_balance_csv(tmp, summary); });
    add("borough.csv",
        "the borough with the trial against without it, paired on common random numbers, and "
        "the smallest change its legacy count could show",
        [&](const std::string& tmp) { write_borough_csv(tmp, summary); });
    if (translation)
      add("translation.csv",
          "the published trial this scenario recreates beside the model's: risks, contrasts, "
          "and the hazard ratio the published contrast converts to",
          [&](const std::string& tmp) { write_translation_csv(tmp, *translation); });
    add("report.html", "the trial's answer, recruitment, power curve and outcomes; opens offline",
        [&](const std::string& tmp) {
          std::ofstream out(tmp, std::ios::binary);
          out << render_trial(run_sc, summary, s, translation ? &*translation : nullptr);
          out.flush();
          if (!out) throw std::runtime_error("cannot write " + tmp);
        });
    write_manifest(o.out, manifest, info, &files);
    files.commit();
    if (!o.quiet)
      std::cout << trial_summary_text(summary)
                << (translation ? translation_text(*translation) : std::string())
                << fmt::format(
                       "  wrote result.h5, trial.csv, power.csv, recruitment.csv, "
                       "balance.csv, borough.csv, {}report.html, manifest.json in {}\n",
                       translation ? "translation.csv, " : "", o.out);
  } catch (const Stopped&) {
    progress.end();
    return folder ? folder->leave(InterruptWatch::signal())
                  : interrupted_exit(InterruptWatch::signal());
  }
  return kDone;
}

}  // namespace

Command add_trial(CLI::App& app, const Invocation& invocation) {
  auto o = std::make_shared<TrialOptions>();
  o->primary = "worked_13_weeks";
  auto* cmd = app.add_subcommand(
      "trial",
      "simulate a controlled trial of one intervention inside the population run: outcomes by "
      "arm, the estimate, power and the minimum detectable effect");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  cmd->add_option("--out,-o", o->out, "output folder (created if missing)")->required();
  cmd->add_option("--intervention,-i", o->intervention,
                  "the intervention to trial (default: the scenario's trial: block)");
  cmd->add_option("--design", o->design, "individual (default) or cluster (by GP practice)");
  cmd->add_option("--participants,-n", o->participants,
                  "participants to recruit (default: the trial: block's, else everyone referred "
                  "in the window)")
      ->check(whole_number(2, 10000000));
  cmd->add_option("--recruit-from", o->recruit_from, "first month of recruitment, YYYY-MM");
  cmd->add_option("--recruit-to", o->recruit_to, "last month of recruitment, YYYY-MM");
  cmd->add_option("--allocation", o->allocation,
                  "allocation ratio, offer : control (default 1; 2 offers two for each control)");
  cmd->add_option("--clusters", o->clusters,
                  "cluster design: GP practices in each arm (default 2)");
  cmd->add_option("--contamination", o->contamination,
                  "share of controls who get the same help elsewhere (default 0)");
  cmd->add_option("--not-taken-up", o->not_taken_up,
                  "share of the offer arm who never start (default 0)");
  cmd->add_option("--power-curve", o->curve,
                  "sample sizes for the power curve, e.g. 250,500,1000,2000 (the run recruits "
                  "the largest; each is its first participants)")
      ->delimiter(',');
  cmd->add_option(
      "--primary", o->primary,
      "outcome for the answer and the power curve (default worked_13_weeks): "
      "in_work, worked_13_weeks, off_health_benefit, sustained_job_6, sustained_job_12, "
      "worked_since_randomisation");
  cmd->add_option("--at", o->at,
                  "months after randomisation of the primary outcome: 6, 12 "
                  "(default), 18 or 24");
  cmd->add_flag("--no-effect", o->no_effect,
                "set every effect of the intervention to none: the share of significant trials "
                "is then the false-positive rate (about 5% for a sound analysis)");
  cmd->add_option("--replications,-r", o->replications, "replications (default: the scenario's)")
      ->check(whole_number(1, 100000));
  auto* seed = cmd->add_option("--seed,-s", o->seed, "master seed (default: the scenario's)")
                   ->check(seed_number());
  cmd->add_option("--threads,-t", o->threads, "worker threads per process (default: all cores)")
      ->check(whole_number(1, 1024));
  cmd->add_flag("--quiet,-q", o->quiet, "no progress or summary on the terminal");
  add_set_option(*cmd, o->sets);
  add_force_option(*cmd, o->force);
  add_memory_option(*cmd, o->max_memory);
  return {cmd, [o, seed, invocation] {
            return on_cluster(invocation, [&](const Cluster& cluster) {
              return trial(*o, seed->count() > 0 ? std::optional(o->seed) : std::nullopt,
                           invocation, cluster);
            });
          }};
}

}  // namespace hwsim::cli
