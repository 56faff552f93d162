// `hwsim trial` end to end: its output set, the report in a browser, and the bad input it refuses
// (exit 2, one line naming the file or option and the key, nothing written).
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "command.hpp"
#include "helpers.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string trial_file() { return hwsim::test::source_path("tests/run/data/trial-tiny.yaml"); }

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int lines_of(const std::string& path) {
  const std::string t = text_of(path);
  return static_cast<int>(std::count(t.begin(), t.end(), '\n'));
}

void refused(const std::string& args, const std::vector<std::string>& says,
             const std::string& out) {
  const auto r = hwsim_cmd(args);
  INFO("hwsim " << args << "\n" << r.output);
  CHECK(r.code == 2);
  for (const auto& s : says) CHECK_THAT(r.output, Catch::Contains(s));
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(out));
}

}  // namespace

TEST_CASE("hwsim trial writes its outputs, and a power curve over the sizes asked for",
          "[cli][trial]") {
  TempDir d;
  const std::string out = d.file("out");
  const auto r = hwsim_cmd("trial " + trial_file() + " --out " + out +
                           " -r 4 --power-curve 20,60 --contamination 0.1");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("power by sample size: 20:") &&
                           Catch::Contains("worked_13_weeks at 12 months (intention to treat)"));
  for (const char* f : {"result.h5", "trial.csv", "power.csv", "recruitment.csv", "balance.csv",
                        "borough.csv", "report.html", "manifest.json"})
    CHECK(fs::exists(out + "/" + f));
  // Three sizes x two analyses x four points x six outcomes, and a header.
  CHECK(lines_of(out + "/power.csv") == 1 + 3 * 2 * 4 * 6);
  const std::string trial = text_of(out + "/trial.csv");
  CHECK_THAT(trial, Catch::StartsWith("analysis,arm,months_after_randomisation,outcome,unit,mean"));
  CHECK_THAT(trial, Catch::Contains("itt,difference,12,worked_13_weeks,\"share\"") &&
                        Catch::Contains("per_protocol,control,24,ae_attendances") &&
                        Catch::Contains("itt,difference,12,cost_per_extra_person_in_work"));
  // Recruitment covers the window, 2015-01 to 2015-12.
  CHECK(lines_of(out + "/recruitment.csv") == 1 + 12);
  CHECK_THAT(text_of(out + "/manifest.json"), Catch::Contains("\"command\": \"trial\""));
  // The borough with the trial against without it: the target's two measures and the gap.
  const std::string borough = text_of(out + "/borough.csv");
  CHECK(lines_of(out + "/borough.csv") == 1 + 3);
  CHECK_THAT(borough, Catch::Contains("\nesa_ib_claimants,") &&
                          Catch::Contains("\nincapacity_benefits_claimants,") &&
                          Catch::Contains("\nltc_employment_gap,"));
  CHECK_THAT(r.output, Catch::Contains("the borough with the trial against without it, paired"));
}

TEST_CASE("the trial's report.html draws its charts in headless Chromium", "[cli][trial][report]") {
  TempDir d;
  const std::string out = d.file("out");
  const auto r = hwsim_cmd("trial " + trial_file() + " --out " + out +
                           " -r 3 -q --design cluster "
                           "--clusters 3 -n 20");
  INFO(r.output);
  REQUIRE(r.code == 0);
  const std::string page = text_of(out + "/report.html");
  CHECK_THAT(page, !Catch::Contains("src=") && !Catch::Contains("<link"));
  const std::string dom = hwsim::test::rendered_dom(out + "/report.html", d.file("profile"));
  // Recruitment, the power curve, the outcomes by arm.
  CHECK_THAT(dom, Catch::Contains("data-drawn=\"3\""));
  CHECK_THAT(dom, Catch::Contains("A cluster-randomised (3 practices an arm) trial of 20") &&
                      Catch::Contains("intra-cluster correlation"));
}

TEST_CASE("hwsim trial refuses bad designs with the option or line and key, writing nothing",
          "[cli][trial][errors]") {
  TempDir d;
  const std::string out = d.file("out");
  const std::string base = "trial " + trial_file() + " --out " + out + " -r 1 -q ";
  refused(base + "--allocation 0", {"--allocation", "allocation ratio", "above 0 (got 0)"}, out);
  refused(base + "--allocation -2", {"--allocation", "above 0"}, out);
  refused(base + "-n 5000",
          {"--participants", "a sample of 5000 is more than the referrals can supply",
           "ask for at most"},
          out);
  refused(base + "--power-curve 100,5000", {"--power-curve", "more than the referrals"}, out);
  refused(base + "--intervention coch", {"--intervention", "did you mean 'coach'"}, out);
  refused(base + "--design cluster --clusters 1",
          {"--clusters", "at least two practices in each arm (got 1)"}, out);
  refused(base + "--design cluster --clusters 19", {"--clusters", "the borough has 36"}, out);
  refused(base + "--design clustered", {"--design", "did you mean 'cluster'"}, out);
  refused(base + "--recruit-from 2014-11", {"--recruit-from", "after the run's first month"}, out);
  refused(base + "--recruit-to 2017-06", {"--recruit-to", "while 'coach' runs"}, out);
  refused(base + "--contamination 1.5", {"--contamination", "share from 0"}, out);
  refused(base + "--primary work", {"--primary", "unknown outcome 'work'"}, out);
  refused(base + "--at 7", {"--at", "6, 12, 18 and 24 months (got 7)"}, out);
  // A scenario with interventions but no trial: block must be told which.
  refused("trial " + hwsim::test::source_path("scenarios/nhs-england-trial.yaml") + " --out " +
              out + " -q",
          {"--intervention", "name the intervention to trial", "nhs_trial_ips"}, out);
}

TEST_CASE("a scenario's trial: block is checked like any other, file and line",
          "[cli][trial][errors]") {
  TempDir d;
  const std::string out = d.file("out");
  auto with = [&](const std::string& name, const std::string& block) {
    return d.write(name, "extends: " + trial_file() + "\ntrial:\n" + block);
  };
  const std::string misspelt =
      with("a.yaml",
           "  intervention: coach\n  partcipants: {value: 10, unit: persons, source: t}\n  "
           "source: t\n");
  refused("trial " + misspelt + " --out " + out + " -q",
          {misspelt + ":4:3", "trial.partcipants", "did you mean 'participants'"}, out);
  const std::string ratio = with("b.yaml",
                                 "  intervention: coach\n  allocation_ratio: {value: 0, unit: "
                                 "ratio, source: t}\n  source: t\n");
  refused("trial " + ratio + " --out " + out + " -q",
          {ratio + ":4:", "trial.allocation_ratio", "above 0"}, out);
  const std::string unknown = with("c.yaml", "  intervention: coatch\n  source: t\n");
  refused("validate " + unknown, {unknown + ":3:", "trial.intervention", "did you mean 'coach'"},
          out);
  const std::string unsourced = with("e.yaml", "  intervention: coach\n");
  refused("validate " + unsourced, {unsourced + ":", "source"}, out);
}

TEST_CASE("a scenario that recreates a published trial sets its contrast beside the model's",
          "[cli][trial]") {
  TempDir d;
  const std::string out = d.file("out");
  // The tiny trial's coach read as if a paper had reported a risk ratio of 1.7 on a control risk
  // of 0.2 for being in work at 12 months.
  const std::string file = d.write(
      "p.yaml", "extends: " + trial_file() +
                    "\ntrial:\n  intervention: coach\n  published:\n    outcome: in_work\n    "
                    "months: 12\n    risk_ratio: {value: 1.7, unit: ratio, source: t}\n    ci95: "
                    "[1.2, 2.4]\n    control_risk: {value: 0.2, unit: share, source: t}\n    "
                    "source: a paper\n  source: t\n");
  const auto r = hwsim_cmd("trial " + file + " --out " + out + " -r 3 -n 100");
  INFO(r.output);
  REQUIRE(r.code == 0);
  // RR 1.7 on 0.2 over 12 months: q0 = 1 - 0.8^(1/12), q1 = 1 - 0.66^(1/12), q1/q0 = 1.85.
  CHECK_THAT(r.output, Catch::Contains("translation check, in_work at 12 months: published risk "
                                       "ratio 1.70") &&
                           Catch::Contains("converts to a hazard ratio of 1.85") &&
                           Catch::Contains("the scenario's is 4.00"));
  const std::string csv = text_of(out + "/translation.csv");
  CHECK_THAT(csv, Catch::Contains("risk_ratio,in_work,12,1.7000,") &&
                      Catch::Contains("control_risk,in_work,12,0.2000,") &&
                      Catch::Contains("hazard_ratio_implied,in_work,12,1.8473"));
  // An interval that leaves out the contrast is refused at its line.
  const std::string bad = d.write(
      "q.yaml", "extends: " + trial_file() +
                    "\ntrial:\n  intervention: coach\n  published:\n    outcome: in_work\n    "
                    "months: 12\n    risk_ratio: {value: 1.7, unit: ratio, source: t}\n    ci95: "
                    "[1.8, 2.4]\n    control_risk: {value: 0.2, unit: share, source: t}\n    "
                    "source: a paper\n  source: t\n");
  refused("validate " + bad, {bad + ":8:", "trial.published.ci95", "must contain the contrast 1.7"},
          d.file("none"));
  const std::string month = d.write(
      "m.yaml",
      "extends: " + trial_file() +
          "\ntrial:\n  intervention: coach\n  published:\n    outcome: in_work\n    "
          "months: 9\n    risk_ratio: {value: 1.7, unit: ratio, source: t}\n    "
          "control_risk: {value: 0.2, unit: share, source: t}\n    source: p\n  source: t\n");
  refused("validate " + month, {month + ":6:", "trial.published.months", "6, 12, 18 and 24"},
          d.file("none"));
}
