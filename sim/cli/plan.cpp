// `hwsim plan PLAN.yaml --out DIR`: searches the plan's levers for the portfolio that meets its
// objective within its limits, with the simulation itself on common random numbers
// (plan/search.hpp: Latin hypercube, racing with successive halving, local refinement), and writes
// frontier.csv, candidates.csv, recommended.yaml, report.html and manifest.json as one set. The
// search's state is saved in DIR/plan-checkpoint.txt after each stage; --resume DIR continues it.
#include "plan/plan.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/common.hpp"
#include "plan/evaluate.hpp"
#include "plan/output.hpp"
#include "plan/search.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace hwsim::cli {

namespace {

struct PlanOptions {
  std::string plan, out, resume;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  bool quiet = false, force = false;
  bool grid = false;          // --grid: every point of the levers' grid, no race
  int stop_after_stage = -1;  // test hook: stop cleanly once this many stages are saved
};

// FNV-1a of what the search depends on: a checkpoint is resumed only by the same plan.
std::string fingerprint(const plan::PlanFile& p, const Scenario& sc, const Scenario& base,
                        bool grid) {
  std::uint64_t h = 1469598103934665603ULL;
  auto add = [&](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  };
  add(p.text);
  for (const auto& t : sc.texts) add(t);
  for (const auto& t : base.texts) add(t);
  add(std::to_string(p.seed));
  add(kVersion);
  if (grid) add("grid");
  return fmt::format("{:016x}", h);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Process 0 reads the checkpoint to resume (or checks that none is in the way of a new plan);
// every process gets its state. Throws InputError as process 0 found it.
plan::State open_checkpoint(const PlanOptions& o, const std::string& dir, const std::string& ckpt,
                            const std::string& fp, const Cluster& cluster) {
  std::string err, text;
  std::exception_ptr refused;
  plan::State state;
  if (cluster.root()) {
    try {
      if (!o.resume.empty()) {
        if (!fs::is_regular_file(ckpt))
          throw InputError(dir, 0, 0, "--resume",
                           "no plan to continue here (no plan-checkpoint.txt); start one with "
                           "--out");
        text = read_all(ckpt);
        const auto nl = text.find('\n');
        if (nl == std::string::npos || text.substr(0, nl) != "fingerprint " + fp)
          throw InputError(ckpt, 1, 1, "fingerprint",
                           "the plan, its scenario, its baseline, the seed or hwsim changed "
                           "since this checkpoint: start a new plan with --out");
        text = text.substr(nl + 1);
        state = plan::from_text(text);  // a damaged checkpoint is refused here, on process 0
      } else if (fs::exists(ckpt)) {
        throw InputError(ckpt, 0, 0, "",
                         fmt::format("a plan is already here: continue it with --resume {}, or "
                                     "choose another --out folder",
                                     dir));
      }
    } catch (const InputError& e) {
      err = e.what();
      refused = std::current_exception();
    }
  }
  err = cluster.share(err);
  if (refused) std::rethrow_exception(refused);
  if (!err.empty()) throw InputError(dir, 0, 0, "", err);  // said by process 0
  if (cluster.size() > 1 && !o.resume.empty()) {
    text = cluster.share(text);
    if (!cluster.root()) state = plan::from_text(text);
  }
  return state;
}

int plan_command(const PlanOptions& o, const Invocation& invocation, const Cluster& cluster) {
  const InterruptWatch watch;
  require_mpi_if_launched(cluster, "plan");
  if (!o.resume.empty() && !o.out.empty() &&
      fs::weakly_canonical(o.out) != fs::weakly_canonical(o.resume))
    throw InputError("command line", 0, 0, "--out",
                     "--resume names the folder of the plan to continue; give --out only for a "
                     "new plan (or the same folder)");
  const std::string dir = o.resume.empty() ? o.out : o.resume;
  if (dir.empty())
    throw InputError("command line", 0, 0, "--out",
                     "give --out DIR for a new plan or --resume DIR to continue one");
  plan::PlanFile p = plan::load_plan(o.plan);
  if (o.seed) p.seed = *o.seed;
  plan::Settings s = plan::settings_of(p);
  if (o.grid) {
    s.grid = true;
    const std::int64_t points = plan::grid_size(s.levers);
    for (std::size_t j = 0; j < p.levers.size(); ++j)
      if (!(s.levers[j].step > 0))
        throw InputError(p.path, p.levers[j].line, 1, p.levers[j].key,
                         "--grid needs a step on every lever (this one is continuous)");
    if (points > 1000000)
      throw InputError("command line", 0, 0, "--grid",
                       fmt::format("the levers' grid has {} points; --grid runs at most "
                                   "1,000,000 (give the levers coarser steps)",
                                   points));
  }
  const Threads threads(o.threads);
  plan::SimulationEvaluator evaluator(p, InterruptWatch::stop());
  const std::string fp = fingerprint(p, evaluator.scenario(), evaluator.baseline(), o.grid);
  const std::string ckpt = (fs::path(dir) / "plan-checkpoint.txt").string();
  plan::State state = open_checkpoint(o, dir, ckpt, fp, cluster);
  // Process 0 alone writes; the others only simulate.
  std::optional<OutputFolder> folder;
  if (cluster.root()) folder.emplace(dir, o.force || !o.resume.empty());
  const bool speak = cluster.root() && !o.quiet;
  const bool tty = speak && isatty(STDERR_FILENO) != 0;
  const int stages = plan::stage_count(s);
  if (speak) {
    const std::string workers = cluster.size() > 1 ? fmt::format("{} threads x {} processes",
                                                                 threads.count(), cluster.size())
                                                   : fmt::format("{} threads", threads.count());
    std::cout << fmt::format(
        "hwsim {}: plan '{}' ({}) over {} levers of '{}' against '{}', seed {}, {}\n", kVersion,
        p.name, plan::goal_name(p.goal), p.levers.size(), evaluator.scenario().name,
        evaluator.baseline().name, p.seed, workers);
    if (state.stages_done > 0)
      std::cout << fmt::format("  resuming {} after stage {} of {}\n", dir, state.stages_done,
                               stages);
    std::cout << std::flush;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  const std::int64_t sims_at_start = state.simulations;
  bool line_open = false;
  plan::Hooks hooks;
  int saved = 0;
  // Process 0 decides, so every process stops at the same stage.
  hooks.stop = [&] {
    return cluster.agree(InterruptWatch::stop()() ||
                         (o.stop_after_stage >= 0 && saved >= o.stop_after_stage &&
                          state.stages_done >= o.stop_after_stage));
  };
  hooks.progress = [&](std::int64_t done, std::int64_t left) {
    if (!tty) return;
    const double t = elapsed();
    const double run = static_cast<double>(done - sims_at_start);
    const double secs = run > 0 ? t / run * static_cast<double>(left) : -1;
    std::cerr << fmt::format("\r  stage {}/{}, {} simulations  {} elapsed, about {} left   ",
                             state.stages_done + 1, stages, done, duration_text(t),
                             duration_text(secs))
              << std::flush;
    line_open = true;
  };
  hooks.stage_done = [&](const plan::State& st) {
    ++saved;
    if (!cluster.root()) return;
    fs::create_directories(dir);
    write_atomically(ckpt, [&](const std::string& tmp) {
      std::ofstream out(tmp, std::ios::binary);
      out << "fingerprint " << fp << "\n" << plan::to_text(st);
      out.flush();
      if (!out) throw std::runtime_error("could not write " + tmp);
    });
    if (speak && !tty) {
      std::size_t alive = 0;
      for (const auto& c : st.candidates) alive += c.alive ? 1 : 0;
      std::cerr << fmt::format("  stage {}/{}: {} portfolios in the race, {} simulations, {}\n",
                               st.stages_done, stages, alive, st.simulations,
                               duration_text(elapsed()));
    }
  };
  try {
    if (!state.finished) plan::search(s, plan::spread(cluster, std::ref(evaluator)), state, hooks);
  } catch (const Stopped&) {
    if (line_open) std::cerr << "\n";
    const int sig = InterruptWatch::signal();
    if (cluster.root())
      std::cerr << fmt::format(
                       "hwsim: {}; the search is saved after stage {} of {} in {}: continue it "
                       "with hwsim plan {} --resume {}\n",
                       sig ? "interrupted" : "stopped", state.stages_done, stages, ckpt, o.plan,
                       dir)
                << std::flush;
    return sig ? interrupted_exit(sig) : static_cast<int>(kStopped);
  }
  if (line_open) std::cerr << "\n";
  // The baseline's replications at the end, spread over the processes (a resumed search runs
  // those it needs again).
  const int base_reps = s.rungs.back();
  double level = 0;
  try {
    level = plan::baseline_level(cluster, evaluator, base_reps);
  } catch (const Stopped&) {
    return folder ? folder->leave(InterruptWatch::signal())
                  : interrupted_exit(InterruptWatch::signal());
  }
  if (!cluster.root()) return kDone;
  const plan::PlanResult result{
      p, s, state, evaluator.scenario(), evaluator.baseline(), level, base_reps, elapsed()};
  RunInfo info;
  info.command_line = invocation.command_line();
  info.version = kVersion;
  info.threads = threads.count();
  try {
    FileSet files(InterruptWatch::stop());
    write_plan_outputs(dir, result, "fingerprint " + fp + "\n" + plan::to_text(state), info, files);
    files.commit();
  } catch (const Stopped&) {
    return folder->leave(InterruptWatch::signal());
  }
  if (speak) {
    const auto f = plan::frontier(s, state);
    std::cout << "  " << plan::headline(result) << "\n"
              << fmt::format(
                     "  {} portfolios on the frontier; {} simulations of portfolios and {} "
                     "of the baseline in {}\n",
                     f.size(), state.simulations, base_reps, duration_text(elapsed()))
              << fmt::format(
                     "  wrote frontier.csv, candidates.csv, recommended.yaml, report.html, "
                     "plan-checkpoint.txt, manifest.json in {}\n",
                     dir);
  }
  return kDone;
}

}  // namespace

Command add_plan(CLI::App& app, const Invocation& invocation) {
  auto o = std::make_shared<PlanOptions>();
  auto seed = std::make_shared<std::uint64_t>(0);
  auto* cmd = app.add_subcommand(
      "plan",
      "search the plan's levers (staff, places, start dates, eligibility, parameters) for the "
      "portfolio that meets its objective within its limits, with the simulation on common "
      "random numbers (several processes under mpirun); writes frontier.csv, recommended.yaml and "
      "report.html");
  cmd->add_option("plan", o->plan, "plan YAML file")->required();
  cmd->add_option("--out,-o", o->out, "output folder of a new plan");
  cmd->add_option("--resume", o->resume, "continue the plan whose output folder this is");
  auto* seed_opt = cmd->add_option("--seed,-s", *seed, "master seed (default: the plan's)")
                       ->check(seed_number());
  cmd->add_option("--threads,-t", o->threads, "worker threads per process (default: all cores)")
      ->check(whole_number(1, 1024));
  cmd->add_flag("--quiet,-q", o->quiet, "no progress or summary on the terminal");
  cmd->add_flag("--grid", o->grid,
                "no search: run every point of the levers' grid (each lever from min to max by "
                "its step) at the last rung's replications, to check the search against");
  add_force_option(*cmd, o->force);
  // Test hook: stop as Ctrl-C would, once this many stages are saved.
  cmd->add_option("--stop-after-stage", o->stop_after_stage)->group("");
  return {cmd, [o, seed, seed_opt, invocation] {
            if (seed_opt->count() > 0) o->seed = *seed;
            return on_cluster(invocation, [&](const Cluster& cluster) {
              return plan_command(*o, invocation, cluster);
            });
          }};
}

}  // namespace hwsim::cli
