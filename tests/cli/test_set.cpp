// hwsim run, compare and validate with --set KEY=VALUE: the value changed after the files,
// recorded in result.h5, and a bad --set refused with exit code 2 and nothing written.
#include <catch2/catch.hpp>
#include <filesystem>

#include "command.hpp"
#include "helpers.hpp"
#include "io/h5.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::source_path;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("hwsim run --set changes a value and result.h5 records it", "[cli][set][slow]") {
  TempDir d;
  const std::string out = d.file("out");
  const auto r =
      hwsim_cmd("run --set simulation.months=3 " + hwsim::test::baseline_path() + " --out " + out +
                " -r 1 --seed 3 --threads 2 --set claims.appeal_share=0.4 --quiet");
  INFO(r.output);
  REQUIRE(r.code == 0);
  hwsim::h5::Id file = hwsim::h5::open_file(out + "/result.h5");
  hwsim::h5::Id meta = hwsim::h5::open_group(file, "meta");
  CHECK(hwsim::h5::read_strings(meta, "set") ==
        std::vector<std::string>{"simulation.months=3", "claims.appeal_share=0.4"});
  CHECK(hwsim::h5::read_attr_int64(meta, "months") == 3);
  const std::string params = hwsim::h5::read_string(meta, "parameters");
  CHECK_THAT(params, Catch::Contains("claims.appeal_share:\n  value: 0.4\n  unit: probability\n  "
                                     "source: \"command line: --set claims.appeal_share=0.4\"\n  "
                                     "from: \"--set claims.appeal_share=0.4\""));
  CHECK_THAT(hwsim::h5::read_string(meta, "scenario"),
             Catch::Contains("--set simulation.months=3\n--set claims.appeal_share=0.4\n"));
}

TEST_CASE("hwsim validate --set says what it changed", "[cli][set]") {
  const auto r = hwsim_cmd("validate " + source_path("scenarios/nhs-england-trial.yaml") +
                           " --set interventions.nhs_trial_ips.capacity.staff=20");
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK_THAT(r.output,
             Catch::Contains("changed by --set interventions.nhs_trial_ips.capacity.staff=20"));
}

TEST_CASE("a bad --set: exit code 2, the option and the key named, nothing written",
          "[cli][set][errors]") {
  TempDir d;
  const std::string out = d.file("out");
  const std::string base = hwsim::test::baseline_path();
  const std::string trial = source_path("scenarios/nhs-england-trial.yaml");
  struct Case {
    std::string set, says;
  };
  const std::vector<Case> cases{
      {"claims.apeal_share=0.4",
       "--set claims.apeal_share=0.4: key 'claims.apeal_share': unknown key; did you mean "
       "'appeal_share'?"},
      {"interventions.nhs_trial_ips.capacity.staff=lots",
       "--set interventions.nhs_trial_ips.capacity.staff=lots: key "
       "'interventions.nhs_trial_ips.capacity.staff': expected a number, got 'lots'"},
      {"claims.appeal_share", "--set claims.appeal_share: expected KEY=VALUE"},
  };
  for (const auto& c : cases) {
    INFO(c.set);
    for (const std::string& cmd :
         {"run " + trial + " --out " + out + " -r 1",
          "compare " + base + " " + trial + " --out " + out + " -r 1", "validate " + trial}) {
      const auto r = hwsim_cmd(cmd + " --set " + c.set);
      INFO(cmd << "\n" << r.output);
      CHECK(r.code == 2);
      CHECK_THAT(r.output, Catch::StartsWith("hwsim: error: " + c.says));
      CHECK_FALSE(fs::exists(out));
    }
  }
}
