// `hwsim plan` end to end on a twentieth of Islington over six months: its output set, the
// report in a browser, recommended.yaml that hwsim validate accepts, a plan stopped and resumed
// that ends where an uninterrupted one does, and the bad input it refuses (exit 2, one line
// naming the file, line, column and key, nothing written).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "command.hpp"
#include "helpers.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string plan_file() { return hwsim::test::source_path("tests/plan/data/plan-tiny.yaml"); }

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The tiny plan with `from` replaced by `to`, its files named by absolute paths, in `d`.
std::string plan_variant(const TempDir& d, const std::string& from, const std::string& to) {
  std::string t = text_of(plan_file());
  const std::string dir = hwsim::test::source_path("tests/plan/data/");
  t = std::regex_replace(t, std::regex("scenario: coach-tiny.yaml"),
                         "scenario: " + dir + "coach-tiny.yaml");
  t = std::regex_replace(t, std::regex("baseline: \\.\\./"), "baseline: " + dir + "../");
  const auto at = t.find(from);
  REQUIRE(at != std::string::npos);
  t.replace(at, from.size(), to);
  return d.write("plan.yaml", t);
}

}  // namespace

TEST_CASE("hwsim plan writes the frontier, the report and a recommended scenario that validates",
          "[cli][plan]") {
  TempDir d;
  const std::string out = d.file("out");
  const auto r = hwsim_cmd("plan " + plan_file() + " --out " + out + " --threads 2");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("Recommended:") || Catch::Contains("cannot be met"));
  for (const char* f : {"frontier.csv", "candidates.csv", "recommended.yaml", "report.html",
                        "plan-checkpoint.txt", "manifest.json"})
    CHECK(fs::exists(out + "/" + f));
  const std::string frontier = text_of(out + "/frontier.csv");
  CHECK_THAT(frontier, Catch::StartsWith("point,interventions.coach.capacity.staff,"
                                         "interventions.coach.start,cost_total,cost_dwp"));
  CHECK(std::count(frontier.begin(), frontier.end(), '\n') >= 2);
  const std::string manifest = text_of(out + "/manifest.json");
  CHECK_THAT(manifest,
             Catch::Contains("\"command\": \"plan\"") && Catch::Contains("\"recommended.yaml\""));
  const std::string rec = text_of(out + "/recommended.yaml");
  CHECK_THAT(rec, Catch::Contains("extends: ") && Catch::Contains("coach:"));
  const auto v = hwsim_cmd("validate " + out + "/recommended.yaml");
  INFO(v.output);
  CHECK(v.code == 0);
  // The chart is drawn (Chart.js embedded, no network).
  const std::string dom = hwsim::test::rendered_dom(out + "/report.html", d.file("chromium"));
  CHECK_THAT(dom, Catch::Contains("data-drawn=\"1\"") && Catch::Contains("id=\"answer\""));
}

TEST_CASE("hwsim plan stopped after a stage and resumed ends where an uninterrupted plan ends",
          "[cli][plan]") {
  TempDir d;
  const std::string whole = d.file("whole"), part = d.file("part");
  REQUIRE(hwsim_cmd("plan " + plan_file() + " --out " + whole + " -q").code == 0);
  const auto s = hwsim_cmd("plan " + plan_file() + " --out " + part + " -q --stop-after-stage 2");
  INFO(s.output);
  CHECK(s.code == 3);
  CHECK_THAT(s.output, Catch::Contains("--resume"));
  CHECK(fs::exists(part + "/plan-checkpoint.txt"));
  CHECK_FALSE(fs::exists(part + "/frontier.csv"));
  // A new plan into the folder of one under way is refused.
  CHECK(hwsim_cmd("plan " + plan_file() + " --out " + part + " -q").code == 2);
  const auto r = hwsim_cmd("plan " + plan_file() + " --resume " + part + " -q");
  INFO(r.output);
  REQUIRE(r.code == 0);
  for (const char* f : {"frontier.csv", "candidates.csv", "recommended.yaml"})
    CHECK(text_of(part + "/" + f) == text_of(whole + "/" + f));
}

TEST_CASE("hwsim plan refuses bad plans with the file, line, column and key", "[cli][plan]") {
  struct Case {
    std::string from, to, says;
  };
  const std::vector<Case> cases{
      {"interventions.coach.capacity.staff", "interventions.coahc.capacity.staff",
       "plan.yaml:7:10: key 'interventions.coahc.capacity.staff': unknown intervention 'coahc'; "
       "did you mean 'coach'?"},
      {"    min: 0\n", "    min: 20\n",
       "plan.yaml:8:10: key 'interventions.coach.capacity.staff': the range's min (20) is above "
       "its max (12)"},
      {"measure: esa_ib_claimants", "measure: esa_ib_claimant",
       "key 'objective.measure': unknown measure 'esa_ib_claimant'; did you mean "
       "'esa_ib_claimants'?"},
      {"value: 100000,", "value: -5,",
       "key 'limits.budget_per_year.council.value': a budget cannot be below zero"},
      {"probability: 0.5", "probability: 1.5",
       "key 'objective.probability': q = 1.5 is outside 0 to 1"},
      {"interventions.coach.start", "claims.apeal_share",
       "key 'claims.apeal_share': unknown key; did you mean 'appeal_share'?"},
  };
  for (const auto& c : cases) {
    TempDir d;
    const std::string plan = plan_variant(d, c.from, c.to);
    const std::string out = d.file("out");
    const auto r = hwsim_cmd("plan " + plan + " --out " + out);
    INFO(r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains(c.says));
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("hwsim plan --grid runs every point of the levers' grid, the race's check",
          "[cli][plan]") {
  TempDir d;
  const std::string grid = d.file("grid"), race = d.file("race");
  const auto r = hwsim_cmd("plan " + plan_file() + " --out " + grid + " --grid -q");
  INFO(r.output);
  REQUIRE(r.code == 0);
  // 13 staff levels x 3 start months, each at the last rung's 3 replications.
  const std::string cands = text_of(grid + "/candidates.csv");
  CHECK(std::count(cands.begin(), cands.end(), '\n') == 1 + 13 * 3);
  CHECK_THAT(text_of(grid + "/report.html"), Catch::Contains("Every point of the levers' grid"));
  // The same portfolio gives the same figures in the grid as in the race (common random
  // numbers): the race's recommended portfolio is the grid's least-cost one at zero staff.
  REQUIRE(hwsim_cmd("plan " + plan_file() + " --out " + race + " -q").code == 0);
  const std::string gf = text_of(grid + "/frontier.csv"), rf = text_of(race + "/frontier.csv");
  CHECK(gf.substr(0, gf.find('\n', gf.find('\n') + 1)) ==
        rf.substr(0, rf.find('\n', rf.find('\n') + 1)));
  // A lever without a step has no grid.
  const std::string plan = plan_variant(d, "    step: 1\n", "");
  const auto bad = hwsim_cmd("plan " + plan + " --out " + d.file("bad") + " --grid");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("plan.yaml:7:") &&
                             Catch::Contains("--grid needs a step on every lever"));
  CHECK_FALSE(fs::exists(d.file("bad")));
}

// Registered as its own CTest test with the calibration's when MPI and mpiexec are found
// (tests/CMakeLists.txt): the batches of a plan spread over 2 processes give the files of one.
TEST_CASE("hwsim plan under mpirun with 2 processes equals one process", "[.mpi][slow]") {
  const char* mpiexec = std::getenv("HWSIM_MPIEXEC");
  REQUIRE(mpiexec != nullptr);
  TempDir d;
  const std::string one = d.file("one"), two = d.file("two"), part = d.file("part");
  REQUIRE(hwsim_cmd("plan " + plan_file() + " --out " + one + " -t 1 -q").code == 0);
  const std::string mpi = std::string(mpiexec) + " -np 2 --oversubscribe " + HWSIM_BINARY;
  const auto r = hwsim::test::shell(mpi + " plan " + plan_file() + " --out " + two + " -t 1");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("1 threads x 2 processes"));
  for (const char* f : {"frontier.csv", "candidates.csv", "recommended.yaml"})
    CHECK(text_of(one + "/" + f) == text_of(two + "/" + f));
  SECTION("and stops and resumes under mpirun as one process does") {
    const auto s = hwsim::test::shell(mpi + " plan " + plan_file() + " --out " + part +
                                      " -t 1 -q --stop-after-stage 2");
    INFO(s.output);
    REQUIRE(s.code == 3);
    CHECK_FALSE(fs::exists(part + "/frontier.csv"));
    const auto resumed =
        hwsim::test::shell(mpi + " plan " + plan_file() + " --resume " + part + " -t 1 -q");
    INFO(resumed.output);
    REQUIRE(resumed.code == 0);
    for (const char* f : {"frontier.csv", "candidates.csv", "recommended.yaml"})
      CHECK(text_of(one + "/" + f) == text_of(part + "/" + f));
  }
}
