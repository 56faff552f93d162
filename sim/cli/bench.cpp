// hwsim_bench: speed of the engine, for scripts/bench. Runs a scenario's replications with a
// given thread count and reports agent-months per second and seconds per replication, with
// the start-up (synthesis, balance and spin-up) and the recorded months timed apart.
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "core/error.hpp"
#include "run/simulation.hpp"
#include "scenario/scenario.hpp"
#include "startup/synthesis.hpp"

using namespace hwsim;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  CLI::App app{"hwsim_bench: engine speed"};
  std::string path;
  int threads = 1, reps = 5;
  app.add_option("scenario", path)->required();
  app.add_option("--threads,-t", threads)->check(CLI::Range(1, 1024));
  app.add_option("--replications,-r", reps)->check(CLI::Range(1, 100000));
  CLI11_PARSE(app, argc, argv);
  try {
    const Scenario sc = load_scenario(path);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    const SynthesisTable table = fit_table(sc);
    double t_start = 0, t_step = 0;
    std::int64_t agent_months = 0;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      Prepared p = prepare_replication(sc, table, sc.sim.seed, static_cast<std::uint32_t>(r));
      const auto t1 = Clock::now();
      const std::size_t n = p.pop.size();
      run_months(sc, std::move(p), sc.sim.seed, static_cast<std::uint32_t>(r));
      const auto t2 = Clock::now();
      t_start += std::chrono::duration<double>(t1 - t0).count();
      t_step += std::chrono::duration<double>(t2 - t1).count();
      agent_months += static_cast<std::int64_t>(n) * (sc.sim.months - 1);
    }
    const double am = static_cast<double>(agent_months);
    std::cout << fmt::format(
        "threads={} replications={} agents={} months={} | step: {:.3g} agent-months/s | "
        "start-up (synthesis, balance, {}-month spin-up) {:.3f} s/replication | whole replication "
        "{:.3f} s | overall {:.3g} agent-months/s\n",
        threads, reps, static_cast<int>(sc.params.population.size), sc.sim.months - 1, am / t_step,
        sc.sim.spin_up_months, t_start / reps, (t_start + t_step) / reps, am / (t_start + t_step));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "hwsim_bench: error: " << e.what() << "\n";
    return 1;
  }
}
