#include "calibration/targets.hpp"

#include <fmt/format.h>

#include <cmath>

#include "input/yaml.hpp"
#include "run/indicators.hpp"

namespace hwsim {

double Target::scaled_distance(double simulated) const {
  return std::abs(simulated - observed) / tolerance;
}

std::vector<Target> load_targets(const std::string& path) {
  const std::string text = read_text(path, "", 0, "");
  const YAML::Node root = parse(path, text);
  check_duplicates(path, root, "");
  check_keys(path, root, "", {"targets"});
  if (!root["targets"] || !root["targets"].IsMap())
    fail(path, root, "targets", "expected a mapping of targets");
  std::vector<std::string> names;
  for (const auto& ind : indicators()) names.push_back(ind.name);
  std::vector<Target> out;
  for (auto it = root["targets"].begin(); it != root["targets"].end(); ++it) {
    Target t;
    t.name = it->first.as<std::string>();
    t.file = path;
    t.line = line_of(it->first);
    const YAML::Node n = it->second;
    const std::string k = "targets." + t.name;
    check_keys(path, n, k, {"indicator", "month", "observed", "tolerance", "source"});
    require_keys(path, n, k, {"indicator", "month", "observed", "tolerance", "source"});
    t.indicator = as_string(path, n["indicator"], k + ".indicator");
    if (std::find(names.begin(), names.end(), t.indicator) == names.end())
      fail(path, n["indicator"], k + ".indicator",
           "no such indicator: " + suggest(t.indicator, names));
    t.month = as_month(path, n["month"], k + ".month");
    t.observed = as_number(path, n["observed"], k + ".observed");
    if (!std::isfinite(t.observed))
      fail(path, n["observed"], k + ".observed",
           fmt::format("expected an observed figure, got '{}'", n["observed"].Scalar()));
    t.source = as_string(path, n["source"], k + ".source");
    if (t.source.empty()) fail(path, n["source"], k + ".source", "every target needs a source");
    const YAML::Node tol = n["tolerance"];
    check_keys(path, tol, k + ".tolerance", {"absolute", "relative"});
    if (tol["absolute"])
      t.tolerance = as_number(path, tol["absolute"], k + ".tolerance.absolute");
    else if (tol["relative"])
      t.tolerance =
          as_number(path, tol["relative"], k + ".tolerance.relative") * std::abs(t.observed);
    else
      fail(path, tol, k + ".tolerance", "give absolute or relative");
    if (!(t.tolerance > 0)) fail(path, tol, k + ".tolerance", "must be positive");
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace hwsim
