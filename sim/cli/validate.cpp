// `hwsim validate`: loads and checks a scenario without running it.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <vector>

#include "cli/common.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

int validate(const std::string& path, const std::vector<std::string>& sets) {
  const Scenario sc = load_scenario(path, sets);
  std::cout << fmt::format(
      "{}: valid scenario '{}' ({} files, {} parameters, {} interventions, {} months from {})\n",
      path, sc.name, sc.files.size(), sc.provenance.size(), sc.interventions.list.size(),
      sc.sim.months, sc.sim.start.str());
  for (const auto& a : sc.set) std::cout << "  changed by --set " << a << "\n";
  return kDone;
}

}  // namespace

Command add_validate(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("validate", "check a scenario without running it");
  cmd->add_option("scenario", *path, "scenario YAML file")->required();
  add_set_option(*cmd, *sets);
  return {cmd, [path, sets] { return guarded([&] { return validate(*path, *sets); }); }};
}

}  // namespace hwsim::cli
