// `hwsim compare BASELINE S1 S2 ...`: the baseline runs once and every scenario against it on
// the same random numbers; each scenario's files are those of comparing it alone, in a folder
// named by the scenario, beside the ranking.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "command.hpp"
#include "helpers.hpp"

using Catch::Detail::Approx;
using hwsim::test::hwsim_cmd;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string c;
    while (std::getline(ls, c, ',')) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

// Small scenarios: a twentieth of Islington over four months, and two scenarios that change how
// fast people find work.
struct Scenarios {
  TempDir dir;
  std::string base, faster, slower;
  Scenarios() {
    const std::string tiny = hwsim::test::source_path("tests/calibration/data/tiny.yaml");
    base = dir.write("base.yaml",
                     "extends: " + tiny + "\nsimulation: {months: 4, spin_up_months: 2}\n");
    auto job_entry = [&](const std::string& name, const std::string& p) {
      return dir.write(name + ".yaml",
                       "extends: base.yaml\nname: " + name +
                           "\nparameters:\n  labour:\n    job_entry: {value: {unemployed: " + p +
                           ", jsa: " + p + "}, unit: probability_per_month, source: test}\n");
    };
    faster = job_entry("faster", "0.3");
    slower = job_entry("slower", "0.01");
  }
};

}  // namespace

TEST_CASE("compare with several scenarios gives each the figures of comparing it alone",
          "[cli][compare]") {
  const Scenarios s;
  TempDir d;
  const std::string many = d.file("many");
  const auto r = hwsim_cmd("compare " + s.base + " " + s.faster + " " + s.slower + " --out " +
                           many + " -r 2 --seed 7");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("ranking by the change in legacy ESA/IB claimants"));
  for (const char* f : {"ranking.csv", "report.html", "manifest.json"})
    CHECK(fs::exists(many + "/" + f));
  const char* files[] = {"difference.csv", "target.csv",  "equality.csv",
                         "cohorts.csv",    "finance.csv", "cashflow.csv"};
  for (const auto& [name, file] : {std::pair{"faster", s.faster}, std::pair{"slower", s.slower}}) {
    INFO(name);
    const std::string alone = d.file(std::string("alone-") + name);
    const auto a =
        hwsim_cmd("compare " + s.base + " " + file + " --out " + alone + " -r 2 --seed 7 -q");
    INFO(a.output);
    REQUIRE(a.code == 0);
    const std::string sub = many + "/" + name;
    for (const char* f : files) {
      INFO(f);
      CHECK(slurp(sub + "/" + f) == slurp(alone + "/" + f));
    }
    for (const char* f : {"result.h5", "report.html", "manifest.json"})
      CHECK(fs::exists(sub + "/" + std::string(f)));
    // Each folder is a complete set that hwsim finance reads.
    const auto f = hwsim_cmd("finance " + sub);
    INFO(f.output);
    CHECK(f.code == 0);
  }
  // ranking.csv: a header and a row per scenario in rank order, its figures those of target.csv.
  const auto rows = csv_rows(many + "/ranking.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0][0] == "rank");
  CHECK(rows[0][3] == "esa_ib_claimants_change_mean");
  CHECK(rows[0].back() == "replications");
  CHECK(rows[1][0] == "1");
  CHECK(rows[2][0] == "2");
  CHECK(std::stod(rows[1][3]) <= std::stod(rows[2][3]));
  for (std::size_t k = 1; k < rows.size(); ++k) {
    REQUIRE(rows[k].size() == rows[0].size());
    const std::string name = rows[k][1];
    CHECK((name == "faster" || name == "slower"));
    for (const auto& t : csv_rows(d.file("alone-" + name) + "/target.csv"))
      if (t[0] == "esa_ib_claimants") {
        CHECK(std::stod(rows[k][3]) == Approx(std::stod(t[8])));   // difference_mean
        CHECK(std::stod(rows[k][6]) == Approx(std::stod(t[12])));  // probability_target_met
      }
    CHECK(rows[k].back() == "2");
  }
  // The manifest lists every file, those in the scenarios' folders too.
  const std::string manifest = slurp(many + "/manifest.json");
  CHECK_THAT(manifest, Catch::Contains("\"name\": \"faster/result.h5\"") &&
                           Catch::Contains("\"name\": \"slower/manifest.json\"") &&
                           Catch::Contains("\"scenarios\": ["));
  // A rerun into the same folder replaces the set without --force.
  const auto again = hwsim_cmd("compare " + s.base + " " + s.faster + " " + s.slower + " --out " +
                               many + " -r 2 --seed 7 -q");
  INFO(again.output);
  CHECK(again.code == 0);
  CHECK(slurp(many + "/faster/target.csv") == slurp(d.file("alone-faster") + "/target.csv"));
}

TEST_CASE("compare refuses scenarios of the same name, and --psa with several, writing nothing",
          "[cli][compare][errors]") {
  const Scenarios s;
  TempDir d;
  const std::string twin =
      s.dir.write("twin.yaml", "extends: base.yaml\nname: faster\nsimulation: {replications: 3}\n");
  const std::string out = d.file("dup");
  const auto r =
      hwsim_cmd("compare " + s.base + " " + s.faster + " " + twin + " --out " + out + " -r 2 -q");
  INFO(r.output);
  CHECK(r.code == 2);
  CHECK_THAT(r.output,
             Catch::Contains(twin) && Catch::Contains("'faster'") && Catch::Contains(s.faster));
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(out));
  const auto p = hwsim_cmd("compare " + s.base + " " + s.faster + " " + s.slower + " --out " + out +
                           " -r 2 -q --psa");
  INFO(p.output);
  CHECK(p.code == 2);
  CHECK_THAT(p.output, Catch::Contains("--psa"));
  CHECK_FALSE(fs::exists(out));
  // A name that cannot be a folder.
  const std::string odd = s.dir.write("odd.yaml", "extends: base.yaml\nname: \"a/b\"\n");
  const auto o =
      hwsim_cmd("compare " + s.base + " " + s.faster + " " + odd + " --out " + out + " -r 2 -q");
  INFO(o.output);
  CHECK(o.code == 2);
  CHECK_THAT(o.output, Catch::Contains(odd) && Catch::Contains("name"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("the ranking page renders in headless Chromium with every chart drawn",
          "[cli][compare][report][slow]") {
  const Scenarios s;
  TempDir d;
  const std::string out = d.file("many");
  const auto r = hwsim_cmd("compare " + s.base + " " + s.faster + " " + s.slower + " --out " + out +
                           " -r 2 -q");
  INFO(r.output);
  REQUIRE(r.code == 0);
  const std::string page = slurp(out + "/report.html");
  CHECK_THAT(page, !Catch::Contains("src=") && !Catch::Contains("<link") &&
                       Catch::Contains("Chart.js v3"));
  const std::string dom = hwsim::test::rendered_dom(out + "/report.html", d.file("profile"));
  // Claimants, P(target met), the gap, jobs, costs per outcome and NPV by partner.
  CHECK_THAT(dom, Catch::Contains("data-drawn=\"6\""));
  CHECK_THAT(dom, Catch::Contains("data-overlaps=\"0\""));
  CHECK_THAT(dom, Catch::Contains("<table id=\"ranking-table\"") &&
                      Catch::Contains("<a href=\"faster/report.html\">faster</a>") &&
                      Catch::Contains("<table id=\"npv-table\""));
}
