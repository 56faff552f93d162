// `hwsim validate`: loads and checks a scenario without running it.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/common.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

int validate(const std::string& path) {
  const Scenario sc = load_scenario(path);
  std::cout << fmt::format(
      "{}: valid scenario '{}' ({} files, {} parameters, {} interventions, {} months from {})\n",
      path, sc.name, sc.files.size(), sc.provenance.size(), sc.interventions.list.size(),
      sc.sim.months, sc.sim.start.str());
  return kDone;
}

}  // namespace

Command add_validate(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("validate", "check a scenario without running it");
  cmd->add_option("scenario", *path, "scenario YAML file")->required();
  return {cmd, [path] { return guarded([&] { return validate(*path); }); }};
}

}  // namespace hwsim::cli
