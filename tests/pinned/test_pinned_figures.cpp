// The figures of fixed-seed runs, pinned: every numeric dataset of the result.h5 of `hwsim run`
// (the baseline, and the legacy-benefits world without the policy timeline) and `hwsim compare`
// (the NHS England trial against the baseline), 4 replications each,
// and of the posterior.h5 of a short `hwsim calibrate`, as a digest per dataset
// (tests/pinned/figures.txt). A change that alters results on purpose refreshes the file in
// the same commit and says why:
//
//   HWSIM_REFRESH_PINNED=1 build/tests/hwsim_tests "[pinned]"
//
// then `git diff tests/pinned/figures.txt` shows which datasets moved.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "command.hpp"
#include "h5_digest.hpp"
#include "helpers.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::source_path;
using hwsim::test::TempDir;

namespace {

using Pins = std::map<std::string, std::string>;  // "file:/path" -> digest

Pins read_pins(const std::string& path) {
  Pins p;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string key, digest;
    ss >> key >> digest;
    p[key] = digest;
  }
  return p;
}

void add(Pins& pins, const std::string& label, const std::string& file) {
  // Wall times are the only numbers that may differ between two runs of the same seed.
  for (const auto& [path, digest] : hwsim::test::h5_digests(file, {"seconds"}))
    pins[label + ":" + path] = digest;
}

}  // namespace

TEST_CASE("fixed-seed runs, comparisons and calibrations give the pinned figures",
          "[pinned][slow]") {
  TempDir d;
  const std::string base = source_path("scenarios/baseline.yaml");
  const std::string trial = source_path("scenarios/nhs-england-trial.yaml");
  auto ok = [](const hwsim::test::CmdResult& r) {
    INFO(r.output);
    REQUIRE(r.code == 0);
  };
  ok(hwsim_cmd("run " + base + " --out " + d.file("run") +
               " --replications 4 --seed 20150715 --threads 2 --quiet"));
  ok(hwsim_cmd("run " + source_path("scenarios/legacy-benefits.yaml") + " --out " +
               d.file("legacy") + " --replications 4 --seed 20150715 --threads 2 --quiet"));
  ok(hwsim_cmd("compare " + base + " " + trial + " --out " + d.file("compare") +
               " --replications 4 --seed 20150715 --threads 2 --quiet"));
  ok(hwsim_cmd("calibrate " + source_path("tests/calibration/data/tiny_calibrate.yaml") +
               " --out " + d.file("calibrate") + " --threads 2 --quiet"));
  Pins now;
  add(now, "run", d.file("run/result.h5"));
  add(now, "legacy", d.file("legacy/result.h5"));
  add(now, "compare", d.file("compare/result.h5"));
  add(now, "calibrate", d.file("calibrate/posterior.h5"));
  REQUIRE(now.size() > 100);

  const std::string pinned_file = source_path("tests/pinned/figures.txt");
  if (std::getenv("HWSIM_REFRESH_PINNED")) {
    std::ofstream out(pinned_file);
    out << "# Digests of every numeric dataset of fixed-seed runs "
           "(tests/pinned/test_pinned_figures.cpp says how to refresh them).\n";
    for (const auto& [k, v] : now) out << k << ' ' << v << '\n';
    WARN("refreshed " << pinned_file);
    return;
  }
  const Pins pinned = read_pins(pinned_file);
  REQUIRE(!pinned.empty());
  std::vector<std::string> changed;
  for (const auto& [k, v] : pinned) {
    const auto it = now.find(k);
    if (it == now.end())
      changed.push_back(k + " (gone)");
    else if (it->second != v)
      changed.push_back(k);
  }
  for (const auto& [k, v] : now)
    if (!pinned.count(k)) changed.push_back(k + " (new)");
  std::string list;
  for (std::size_t i = 0; i < changed.size() && i < 40; ++i) list += "\n  " + changed[i];
  INFO(changed.size() << " datasets differ from tests/pinned/figures.txt:" << list);
  CHECK(changed.empty());
}
