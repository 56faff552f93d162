#include "calibration/config.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <limits>

#include "input/yaml.hpp"

namespace hwsim {

namespace {

struct Setting {
  const char* key;
  const char* unit;
  double lo, hi;
  bool whole;
};

// {value, unit, reason}: the value in the one unit the setting takes.
double read_setting(const std::string& file, const YAML::Node& root, const Setting& s) {
  const YAML::Node n = root[s.key];
  const std::string k = s.key;
  if (!n.IsMap()) fail(file, n, k, "expected a mapping with value, unit and reason");
  check_keys(file, n, k, {"value", "unit", "reason"});
  require_keys(file, n, k, {"value", "unit", "reason"});
  const std::string unit = as_string(file, n["unit"], k + ".unit");
  if (unit != s.unit)
    fail(file, n["unit"], k + ".unit",
         fmt::format("unit '{}' does not fit (use {})", unit, s.unit));
  if (as_string(file, n["reason"], k + ".reason").empty())
    fail(file, n["reason"], k + ".reason", "every number needs a reason");
  if (s.whole)
    return static_cast<double>(as_whole<std::int64_t>(file, n["value"], k + ".value",
                                                      static_cast<std::int64_t>(s.lo),
                                                      static_cast<std::int64_t>(s.hi), s.unit));
  const double v = as_number(file, n["value"], k + ".value");
  if (!(v >= s.lo && v <= s.hi))
    fail(file, n["value"], k + ".value",
         fmt::format("{} is out of range (expected {} from {} to {})", n["value"].Scalar(), s.unit,
                     s.lo, s.hi));
  return v;
}

}  // namespace

CalibrationConfig load_calibration_config(const std::string& path) {
  CalibrationConfig c;
  c.path = path;
  c.text = read_text(path, "", 0, "");
  const YAML::Node root = parse(path, c.text);
  check_duplicates(path, root, "");
  const std::vector<std::string> keys{"scenario",
                                      "targets",
                                      "priors",
                                      "seed",
                                      "particles",
                                      "max_generations",
                                      "quantile",
                                      "min_tolerance",
                                      "min_acceptance_rate",
                                      "min_round",
                                      "replications_per_particle",
                                      "distance"};
  check_keys(path, root, "", keys);
  const auto dir = std::filesystem::path(path).parent_path();
  auto file = [&](const char* k) {
    if (!root[k])
      fail(path, root, k, fmt::format("missing '{}' (a file, relative to this one)", k));
    const std::string f = as_string(path, root[k], k);
    const auto p = (dir / f).lexically_normal().string();
    if (!std::filesystem::exists(p)) fail(path, root[k], k, fmt::format("no such file '{}'", p));
    return p;
  };
  c.scenario_path = file("scenario");
  c.targets_path = file("targets");
  c.priors_path = file("priors");
  require_keys(path, root, "", {"seed", "particles", "max_generations"});
  auto& st = c.settings;
  constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: every whole number up to it is exact
  st.seed =
      static_cast<std::uint64_t>(read_setting(path, root, {"seed", "seed", 0, kMaxSeed, true}));
  st.particles =
      static_cast<int>(read_setting(path, root, {"particles", "particles", 2, 1e6, true}));
  st.max_generations =
      static_cast<int>(read_setting(path, root, {"max_generations", "generations", 1, 1000, true}));
  if (root["quantile"])
    st.quantile = read_setting(path, root, {"quantile", "share", 0.01, 0.99, false});
  if (root["min_tolerance"])
    st.min_tolerance =
        read_setting(path, root, {"min_tolerance", "scaled_distance", 0, 1e9, false});
  if (root["min_acceptance_rate"])
    st.min_acceptance = read_setting(path, root, {"min_acceptance_rate", "share", 1e-6, 1, false});
  if (root["min_round"])
    st.min_round =
        static_cast<int>(read_setting(path, root, {"min_round", "candidates", 1, 1e7, true}));
  if (root["replications_per_particle"])
    c.replications = static_cast<int>(
        read_setting(path, root, {"replications_per_particle", "replications", 1, 1000, true}));
  if (root["distance"]) {
    const std::string d = as_string(path, root["distance"], "distance");
    if (d == "max")
      st.norm = abc::Norm::Max;
    else if (d == "rms")
      st.norm = abc::Norm::Rms;
    else
      fail(path, root["distance"], "distance",
           fmt::format("unknown distance '{}' (use max or rms)", d));
  }
  return c;
}

}  // namespace hwsim
