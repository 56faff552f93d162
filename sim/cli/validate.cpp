// `hwsim validate`: loads and checks a scenario without running it: every check `hwsim run`
// makes before it steps, the synthesis of the starting population and the memory the run would
// hold included.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <vector>

#include "cli/common.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

struct ValidateOptions {
  std::string path;
  std::vector<std::string> sets;
  int replications = 0;
  double max_memory = 0;  // bytes; 0: the machine's physical memory
};

int validate(const ValidateOptions& o) {
  const Scenario sc = load_scenario(o.path, o.sets);
  const int reps = o.replications > 0 ? o.replications : sc.sim.replications;
  const MemoryEstimate memory = estimate_streamed_memory(sc, reps);
  check_before_run(sc, memory, o.max_memory);
  std::cout << fmt::format(
      "{}: valid scenario '{}' ({} files, {} parameters, {} interventions, {} months from {})\n",
      o.path, sc.name, sc.files.size(), sc.provenance.size(), sc.interventions.list.size(),
      sc.sim.months, sc.sim.start.str());
  const double phys = physical_memory();
  std::cout << fmt::format(
      "  a run of {} replications would hold about {} of memory{}\n", reps,
      bytes_text(memory.bytes),
      phys > 0 ? fmt::format(" (this machine has {})", bytes_text(phys)) : std::string());
  for (const auto& a : sc.set) std::cout << "  changed by --set " << a << "\n";
  return kDone;
}

}  // namespace

Command add_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateOptions>();
  auto* cmd = app.add_subcommand(
      "validate", "check a scenario without running it: every check a run makes before it steps");
  cmd->add_option("scenario", o->path, "scenario YAML file")->required();
  add_set_option(*cmd, o->sets);
  cmd->add_option("--replications,-r", o->replications,
                  "replications the memory estimate is for (default: the scenario's)")
      ->check(whole_number(1, 100000));
  add_memory_option(*cmd, o->max_memory);
  return {cmd, [o] { return guarded([&] { return validate(*o); }); }};
}

}  // namespace hwsim::cli
