// Test helper: one small comparison, run once per test binary, for the tests of what is made
// from a comparison (the paired analysis, the report, the finance files). The baseline is the
// tiny scenario of tests/calibration/data (a twentieth of Islington) over four months; the
// scenario is the same with the unemployed and JSA claimants finding work faster, so the two
// differ from the first month on. Two paired replications.
#pragma once
#include <string>

#include "compare/finance.hpp"
#include "compare/paired.hpp"
#include "helpers.hpp"
#include "run/simulation.hpp"
#include "scenario/scenario.hpp"

namespace hwsim::test {

struct SmallComparison {
  Scenario baseline, scenario;
  RunResult base, scen;
  FinanceResult finance;
  Paired paired() const { return {baseline, scenario, base, scen}; }
};

inline const SmallComparison& small_comparison() {
  static const SmallComparison c = [] {
    const TempDir dir;
    const std::string tiny = source_path("tests/calibration/data/tiny.yaml");
    const std::string b = dir.write(
        "base.yaml", "extends: " + tiny + "\nsimulation: {months: 4, spin_up_months: 2}\n");
    const std::string s = dir.write(
        "faster.yaml",
        "extends: base.yaml\nname: faster-job-entry\nparameters:\n  labour:\n"
        "    job_entry: {value: {unemployed: 0.3, jsa: 0.3}, unit: probability_per_month, "
        "source: test}\n");
    SmallComparison x{load_scenario(b), load_scenario(s), {}, {}, {}};
    x.base = run(x.baseline, 11, 2);
    x.scen = run(x.scenario, 11, 2);
    x.finance = appraise_paired(x.paired());
    return x;
  }();
  return c;
}

}  // namespace hwsim::test
