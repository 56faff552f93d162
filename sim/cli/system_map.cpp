// `hwsim system-map`: the scenario's service network as Graphviz DOT, to a file or the terminal.
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "cli/common.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

struct MapOptions {
  std::string scenario, out;
};

int system_map(const MapOptions& o) {
  const Scenario sc = load_scenario(o.scenario);
  const std::string dot = sc.interventions.network.dot();
  if (o.out.empty()) {
    std::cout << dot;
    return kDone;
  }
  write_atomically(o.out, [&](const std::string& tmp) {
    std::ofstream f(tmp);
    f << dot;
    if (!f) throw std::runtime_error("cannot write " + tmp);
  });
  return kDone;
}

}  // namespace

Command add_system_map(CLI::App& app) {
  auto o = std::make_shared<MapOptions>();
  auto* cmd = app.add_subcommand("system-map",
                                 "write the scenario's service network (services, interventions, "
                                 "referral routes) as Graphviz DOT");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  cmd->add_option("--out,-o", o->out, "DOT file to write (default: standard output)");
  return {cmd, [o] { return guarded([&] { return system_map(*o); }); }};
}

}  // namespace hwsim::cli
