// `hwsim system-map`: the scenario's service network as a map (Graphviz DOT, or SVG or PNG drawn
// by Graphviz's `dot`), to a file or the terminal.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "cli/common.hpp"
#include "io/graphviz.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::cli {

namespace {

struct MapOptions {
  std::string scenario, out, format;
};

// --format, or the extension of --out (.svg, .png), else DOT.
std::string format_of(const MapOptions& o) {
  if (!o.format.empty()) return o.format;
  const std::string ext = std::filesystem::path(o.out).extension().string();
  if (ext == ".svg") return "svg";
  if (ext == ".png") return "png";
  return "dot";
}

int system_map(const MapOptions& o) {
  const Scenario sc = load_scenario(o.scenario);
  const std::string title = "Services and programmes of scenario '" + sc.name + "'";
  const std::string dot = sc.interventions.network.dot(title);
  const std::string format = format_of(o);
  if (format != "dot") {
    render_dot(dot, format, o.out);
    return kDone;
  }
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
  auto* cmd = app.add_subcommand(
      "system-map",
      "draw the scenario's service network (services, programmes, referral routes, a legend) "
      "as Graphviz DOT, SVG or PNG");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  cmd->add_option("--out,-o", o->out, "file to write (default: standard output)");
  cmd->add_option("--format,-f", o->format,
                  "dot, svg or png (default: from the extension of --out, else dot); svg and png "
                  "are drawn by Graphviz's dot program")
      ->check(CLI::IsMember({"dot", "svg", "png"}));
  return {cmd, [o] { return guarded([&] { return system_map(*o); }); }};
}

}  // namespace hwsim::cli
