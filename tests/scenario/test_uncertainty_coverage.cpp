// Every uncertain number in scenarios/ says how uncertain it is: each intervention's effects,
// take-up, drop-out and waiting-list give-up, each referral route, and every number whose source
// calls it thin carries an `uncertainty:` block, and every scenario still loads.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "helpers.hpp"

using namespace hwsim;
namespace fs = std::filesystem;

namespace {

bool says_thin(const std::string& source) {
  std::string s = source;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.find("thin") != std::string::npos;
}

// Numbers {value, source, ...} below `n` that must carry uncertainty and do not.
void walk(const YAML::Node& n, const std::string& path, std::vector<std::string>& missing) {
  if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i)
      walk(n[i], path + "[" + std::to_string(i) + "]", missing);
    return;
  }
  if (!n.IsMap()) return;
  if (n["value"] && n["source"] && n["source"].IsScalar()) {
    const bool intervention_number =
        path.rfind("interventions.", 0) == 0 &&
        (path.find(".effects.") != std::string::npos || path.ends_with(".take_up") ||
         path.ends_with(".drop_out") || path.ends_with(".give_up"));
    const bool referral = path.rfind("network.routes", 0) == 0 && path.ends_with(".referral");
    if ((intervention_number || referral || says_thin(n["source"].Scalar())) && !n["uncertainty"])
      missing.push_back(path);
    return;
  }
  for (auto it = n.begin(); it != n.end(); ++it)
    walk(it->second, path.empty() ? it->first.Scalar() : path + "." + it->first.Scalar(), missing);
}

}  // namespace

TEST_CASE("every effect, take-up, referral and thin number in scenarios/ has an uncertainty",
          "[uncertainty][scenarios]") {
  std::vector<std::string> missing;
  int files = 0;
  for (const auto& e : fs::directory_iterator(test::source_path("scenarios"))) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    std::vector<std::string> here;
    walk(YAML::LoadFile(e.path().string()), "", here);
    for (const auto& m : here) missing.push_back(e.path().filename().string() + ": " + m);
  }
  CHECK(files > 10);
  INFO("without uncertainty:\n"
       << [&] {
            std::string s;
            for (const auto& m : missing) s += "  " + m + "\n";
            return s;
          }());
  CHECK(missing.empty());
}

TEST_CASE("every scenario in scenarios/ loads with its uncertainties", "[uncertainty][scenarios]") {
  for (const auto& e : fs::directory_iterator(test::source_path("scenarios"))) {
    if (e.path().extension() != ".yaml" || e.path().filename() == "unit-costs.yaml") continue;
    INFO(e.path().filename().string());
    CHECK(test::error_of(e.path().string()).empty());
  }
}
