#include "calibration/priors.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <stdexcept>

#include "core/error.hpp"
#include "input/yaml.hpp"

namespace hwsim {

namespace {

// Parameters that cannot be fitted, with the reason.
std::string not_fittable(const std::string& key) {
  if (key.rfind("population.", 0) == 0)
    return "the starting population is synthesised from the seed's figures and held there by "
           "the start-up; it is not fitted";
  if (key == "claims.wca_outcome")
    return "WCA outcomes of a severity must add up to 1; changing one alone breaks that";
  return "";
}

// Offset of `level` ("a" or "a.b") within the parameter's doubles, or an error text.
std::string level_offset(const ParamSpec& spec, const std::string& level, std::size_t& offset) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = level.find('.', start);
    parts.push_back(level.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (spec.dims.empty()) {
    if (!level.empty()) return "this parameter has no levels; leave 'level' out";
    offset = 0;
    return "";
  }
  if (level.empty() || parts.size() != spec.dims.size())
    return fmt::format("give a level for each of its {} dimension(s), joined by '.' ({})",
                       spec.dims.size(), [&] {
                         std::string s;
                         for (std::size_t d = 0; d < spec.dims.size(); ++d) {
                           std::vector<std::string> v(spec.dims[d].begin(), spec.dims[d].end());
                           s += (d ? " x " : "") + fmt::format("{}", fmt::join(v, ", "));
                         }
                         return s;
                       }());
  offset = 0;
  for (std::size_t d = 0; d < spec.dims.size(); ++d) {
    std::vector<std::string> valid(spec.dims[d].begin(), spec.dims[d].end());
    const auto it = std::find(valid.begin(), valid.end(), parts[d]);
    if (it == valid.end()) return "level '" + parts[d] + "': " + suggest(parts[d], valid);
    offset = offset * valid.size() + static_cast<std::size_t>(it - valid.begin());
  }
  return "";
}

}  // namespace

double FittedParam::stored(double x) const {
  double s = 0;
  if (!convert_in_range(spec->kind, unit, x, spec->lo, spec->hi, s))
    throw std::domain_error(
        fmt::format("{} = {} {} is outside the parameter's range", key, x, unit));
  return s;
}

FittedParam fitted_param(const std::string& key, const std::string& level,
                         const std::string& unit) {
  FittedParam f;
  f.key = key;
  f.level = level;
  f.unit = unit;
  f.spec = find_param(key);
  if (!f.spec) {
    std::vector<std::string> keys;
    for (const auto& s : registry())
      if (not_fittable(s.key).empty()) keys.push_back(s.key);
    throw std::invalid_argument(fmt::format("parameter '{}': {}", key, suggest(key, keys)));
  }
  if (const auto why = not_fittable(key); !why.empty())
    throw std::invalid_argument(fmt::format("parameter '{}': {}", key, why));
  if (const auto err = level_offset(*f.spec, level, f.offset); !err.empty())
    throw std::invalid_argument(fmt::format("parameter '{}': {}", key, err));
  double probe = 0;
  if (!convert_unit(f.spec->kind, unit, 0.0, probe))
    throw std::invalid_argument(fmt::format("parameter '{}': unit '{}' does not fit it (use {})",
                                            key, unit, kind_units(f.spec->kind)));
  return f;
}

std::vector<FittedParam> load_priors(const std::string& path) {
  const std::string text = read_text(path, "", 0, "");
  const YAML::Node root = parse(path, text);
  check_duplicates(path, root, "");
  check_keys(path, root, "", {"priors"});
  if (!root["priors"] || !root["priors"].IsMap() || root["priors"].size() == 0)
    fail(path, root, "priors", "expected a mapping of fitted parameters");
  std::vector<FittedParam> out;
  std::set<std::string> seen;
  for (auto it = root["priors"].begin(); it != root["priors"].end(); ++it) {
    const std::string name = it->first.as<std::string>();
    const std::string k = "priors." + name;
    const YAML::Node n = it->second;
    check_keys(
        path, n, k,
        {"parameter", "level", "unit", "distribution", "min", "max", "mean", "sd", "reason"});
    require_keys(path, n, k, {"parameter", "unit", "distribution", "reason"});
    const std::string key = as_string(path, n["parameter"], k + ".parameter");
    const std::string level = n["level"] ? as_string(path, n["level"], k + ".level") : "";
    const std::string unit = as_string(path, n["unit"], k + ".unit");
    FittedParam f;
    try {
      f = fitted_param(key, level, unit);
    } catch (const std::invalid_argument& e) {
      const bool unit_problem = std::string(e.what()).find("unit '") != std::string::npos;
      const bool level_problem = std::string(e.what()).find("level") != std::string::npos;
      const YAML::Node at = unit_problem    ? n["unit"]
                            : level_problem ? (n["level"] ? n["level"] : n["parameter"])
                                            : n["parameter"];
      fail(path, at,
           unit_problem    ? k + ".unit"
           : level_problem ? k + ".level"
                           : k + ".parameter",
           e.what());
    }
    f.name = name;
    f.file = path;
    f.line = line_of(it->first);
    f.reason = as_string(path, n["reason"], k + ".reason");
    if (f.reason.empty()) fail(path, n["reason"], k + ".reason", "every range needs a reason");
    if (!seen.insert(key + "/" + level).second)
      fail(path, it->first, k,
           fmt::format("{}{} is fitted twice", key, level.empty() ? "" : " level " + level));
    f.distribution = as_string(path, n["distribution"], k + ".distribution");
    auto num = [&](const char* field) -> double {
      if (!n[field])
        fail(path, n, k, fmt::format("missing '{}' for a {} prior", field, f.distribution));
      return as_number(path, n[field], k + "." + field);
    };
    auto refuse = [&](const char* field) {
      if (n[field])
        fail(path, n[field], k + "." + field,
             fmt::format("a {} prior has no '{}'", f.distribution, field));
    };
    if (f.distribution == "uniform" || f.distribution == "log_uniform") {
      refuse("mean");
      refuse("sd");
      const double lo = num("min"), hi = num("max");
      if (!(lo < hi)) fail(path, n["max"], k + ".max", "must be greater than min");
      if (f.distribution == "log_uniform" && !(lo > 0))
        fail(path, n["min"], k + ".min", "a log-uniform prior needs min > 0");
      f.prior = f.distribution == "uniform" ? abc::Prior::uniform(lo, hi)
                                            : abc::Prior::log_uniform(lo, hi);
    } else if (f.distribution == "normal") {
      const double mean = num("mean"), sd = num("sd");
      if (!(sd > 0)) fail(path, n["sd"], k + ".sd", "must be positive");
      const double lo = num("min"), hi = num("max");
      if (!(lo < hi)) fail(path, n["max"], k + ".max", "must be greater than min");
      f.prior = abc::Prior::normal(mean, sd, lo, hi);
    } else {
      fail(path, n["distribution"], k + ".distribution",
           fmt::format("unknown distribution '{}' (use uniform, log_uniform or normal)",
                       f.distribution));
    }
    // Every value the prior can take must be a valid value of the parameter.
    for (const char* end : {"min", "max"}) {
      const double x = end[1] == 'i' ? f.prior.lo : f.prior.hi;
      double s = 0;
      if (!convert_in_range(f.spec->kind, unit, x, f.spec->lo, f.spec->hi, s))
        fail(path, n[end], k + "." + end,
             fmt::format("{} {} is out of the parameter's range ({})", x, unit,
                         allowed_range(f.spec->kind, f.spec->lo, f.spec->hi)));
    }
    out.push_back(std::move(f));
  }
  return out;
}

void apply_theta(const std::vector<FittedParam>& fitted, const std::vector<double>& theta,
                 Scenario& sc) {
  if (theta.size() != fitted.size())
    throw std::logic_error("apply_theta: one value per fitted parameter");
  for (std::size_t q = 0; q < fitted.size(); ++q) {
    const FittedParam& f = fitted[q];
    const double v = f.stored(theta[q]);
    double& start = f.spec->data(sc.start_params)[f.offset];
    double& run = f.spec->data(sc.params)[f.offset];
    if (run == start) run = v;  // else the scenario changes this value itself: it stands
    start = v;
  }
}

}  // namespace hwsim
