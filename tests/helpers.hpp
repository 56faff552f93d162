// Test helpers: paths into the source tree, temporary folders and files.
#pragma once
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/error.hpp"
#include "run/indicators.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::test {

inline std::string source_path(const std::string& rel) {
  return (std::filesystem::path(HWSIM_SOURCE_DIR) / rel).string();
}
inline std::string baseline_path() { return source_path("scenarios/baseline.yaml"); }

// A fresh temporary folder, removed when the object goes.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("hwsim-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = file(name);
    std::ofstream(p) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// A scenario that extends the baseline with the given YAML body (parameters: ... etc).
inline std::string override_yaml(const std::string& body) {
  return "extends: " + baseline_path() + "\n" + body;
}

// Loads a scenario and returns its error message (empty if it loaded).
inline std::string error_of(const std::string& path) {
  try {
    load_scenario(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// One indicator over every replication and month of a run, in order.
inline std::vector<double> series(const RunResult& r, const std::string& name) {
  std::vector<double> v;
  for (const auto& rep : r.reps)
    for (const auto& m : rep.months) v.push_back(indicator(name).value(m));
  return v;
}

}  // namespace hwsim::test
