// The plan file: levers of each kind (a number with a step, a month, a choice, a parameter), the
// search settings derived from it, and the --set assignments of a candidate.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "plan/plan.hpp"

using Catch::Detail::Approx;
using hwsim::test::TempDir;

TEST_CASE("a plan file reads number, month, choice and parameter levers", "[plan]") {
  TempDir d;
  const std::string data = hwsim::test::source_path("tests/plan/data/");
  const std::string path =
      d.write("plan.yaml", "scenario: " + data +
                               "coach-tiny.yaml\n"
                               "baseline: " +
                               data +
                               "../../calibration/data/tiny.yaml\n"
                               "levers:\n"
                               "  - {key: interventions.coach.capacity.staff, "
                               "min: 0, max: 4, step: 1, source: test}\n"
                               "  - {key: interventions.coach.start, min: "
                               "2014-12, max: 2015-03, source: test}\n"
                               "  - key: interventions.coach.eligibility.labour\n"
                               "    choices: [[unemployed], [unemployed, "
                               "inactive_sick]]\n"
                               "    source: test\n"
                               "  - {key: claims.appeal_share, min: 0.2, max: "
                               "0.6, source: test}\n"
                               "objective: {find: most_npv, payer: council, "
                               "at: 2015-04}\n");
  const auto p = hwsim::plan::load_plan(path);
  REQUIRE(p.levers.size() == 4);
  CHECK(p.levers[1].kind == hwsim::plan::LeverKind::Month);
  CHECK(p.levers[2].kind == hwsim::plan::LeverKind::Choice);
  CHECK(p.levers[2].hi == 1);
  const auto s = hwsim::plan::settings_of(p);
  CHECK(s.goal == hwsim::plan::Goal::MostNpv);
  CHECK(s.positions[s.npv_position] == "council");
  CHECK(s.levers[1].hi - s.levers[1].lo == 3);
  const auto a = hwsim::plan::assignments(p, {2, s.levers[1].lo + 1, 1, 0.35});
  CHECK(a[0] == "interventions.coach.capacity.staff=2");
  CHECK(a[1] == "interventions.coach.start=2015-01");
  CHECK(a[2] == "interventions.coach.eligibility.labour=[unemployed, inactive_sick]");
  CHECK(a[3] == "claims.appeal_share=0.35");
  CHECK_NOTHROW(hwsim::load_scenario(p.scenario_path, a));
}
