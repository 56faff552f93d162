// Partial overrides and --set: a scenario that extends another names only what it changes in an
// inherited intervention, route or gain-sharing rule, and --set KEY=VALUE changes one value after
// the files; both read and checked as a whole block would be.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "helpers.hpp"
#include "scenario/scenario.hpp"

using namespace hwsim;
using hwsim::test::error_of;
using hwsim::test::source_path;
using hwsim::test::TempDir;

namespace {

std::string trial_path() { return source_path("scenarios/nhs-england-trial.yaml"); }

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Everything a scenario resolves to that a run uses, without where each value came from: the
// resolved parameters (intervention numbers and routes among them, "from" lines left out) and
// each intervention's and gain-sharing rule's other fields.
std::string resolved(const Scenario& s) {
  std::string out;
  std::istringstream in(resolved_parameters_yaml(s));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("  from:", 0) != 0 && line.rfind('#', 0) != 0) out += line + "\n";
  for (const auto& iv : s.interventions.list) {
    const auto& e = iv.eligibility;
    const auto& c = iv.capacity;
    std::ostringstream o;
    o << iv.name << " " << iv.label << " " << static_cast<int>(iv.type) << " " << iv.start.str()
      << " " << iv.end.str() << " ages " << e.min_age << "-" << e.max_age << " months "
      << e.min_months_on_benefit << "-" << e.max_months_on_benefit << " appealing "
      << e.appealing_only << " places " << c.places << " unlimited " << c.unlimited << " order "
      << static_cast<int>(c.order) << " wait " << c.max_wait_months << " give_up " << c.give_up
      << " take_up " << iv.take_up << " drop_out " << iv.drop_out << " duration "
      << iv.duration_months << " hr " << iv.effects.job_entry_hr << " " << iv.effects.job_loss_hr
      << " " << iv.effects.remission_hr << " " << iv.effects.appeal_success_ratio << " "
      << iv.effects.after_half_life << " costs " << iv.costs.per_start << " " << iv.costs.per_month
      << " " << iv.costs.fixed_per_year << " " << iv.costs.per_job_outcome << " " << iv.costs.payer
      << " levels";
    for (bool b : e.condition) o << b;
    for (bool b : e.severity) o << b;
    for (bool b : e.benefit) o << b;
    for (bool b : e.labour) o << b;
    for (auto g : e.gp) o << " gp" << static_cast<int>(g);
    out += o.str() + "\n";
  }
  for (const auto& r : s.finance.gain_sharing)
    out += "rule " + r.name + " " + std::to_string(static_cast<int>(r.kind)) + " " +
           std::to_string(r.share) + " " + std::to_string(r.from.size()) + " " +
           std::to_string(r.to.size()) + "\n";
  return out;
}

// The NHS England trial's file with one line changed, extending the baseline by its full path:
// the hand-written whole block a partial override stands for.
std::string trial_with(const TempDir& d, const std::string& name, const std::string& from,
                       const std::string& to) {
  std::string text = text_of(trial_path());
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  text = std::regex_replace(text, std::regex("extends: baseline.yaml"),
                            "extends: " + test::baseline_path());
  return d.write(name, text);
}

const char* kStaff10 =
    "staff: {value: 10, unit: persons, source: \"Assumption: ten employment specialists (the "
    "trial's scale was not set, seed 7.8).\"}";
const char* kStaff20 = "staff: {value: 20, unit: persons, source: \"what-if: twice the staff\"}";

}  // namespace

TEST_CASE("a partial override of an intervention equals the hand-written whole block",
          "[scenario][overrides]") {
  TempDir d;
  const auto partial = d.write("double.yaml", "extends: " + trial_path() + R"(
name: nhs-england-trial
interventions:
  nhs_trial_ips:
    capacity:
      staff: {value: 20, unit: persons, source: "what-if: twice the staff"}
)");
  const Scenario a = load_scenario(partial);
  const Scenario b = load_scenario(trial_with(d, "whole.yaml", kStaff10, kStaff20));
  const Scenario trial = load_scenario(trial_path());
  CHECK(a.interventions.list.at(0).capacity.places == 400);
  CHECK(trial.interventions.list.at(0).capacity.places == 200);
  CHECK(resolved(a) == resolved(b));
  CHECK(resolved(a) != resolved(trial));
  // What the override did not name keeps the file it is written in; what it named, its own.
  const Intervention& iv = a.interventions.list.at(0);
  CHECK(iv.file == partial);
  CHECK(iv.quantities.at("capacity.staff").file == partial);
  CHECK(iv.quantities.at("capacity.caseload_per_staff").file == trial_path());
  CHECK(iv.quantities.at("take_up").file == trial_path());
  CHECK(iv.quantities.at("take_up").line > 0);
}

TEST_CASE("an override merges mappings at any depth and replaces lists and numbers whole",
          "[scenario][overrides]") {
  TempDir d;
  const Scenario trial = load_scenario(trial_path());
  SECTION("a key deep inside: the other ages and the lists stay") {
    const Scenario s = load_scenario(d.write("s.yaml", "extends: " + trial_path() + R"(
interventions:
  nhs_trial_ips:
    eligibility: {age: {min: 25}, conditions: [smi]}
    capacity: {queue: {order: most_severe}}
)"));
    const auto& e = s.interventions.list.at(0).eligibility;
    CHECK(e.min_age == 25);
    CHECK(e.max_age == 64);
    CHECK(e.condition[idx(Condition::Smi)]);
    CHECK_FALSE(e.condition[idx(Condition::Depression)]);  // the list is replaced whole
    CHECK(e.benefit == trial.interventions.list.at(0).eligibility.benefit);
    const auto& c = s.interventions.list.at(0).capacity;
    CHECK(c.order == QueueOrder::MostSevere);
    CHECK(c.max_wait_months == 3);
    CHECK(c.places == 200);
  }
  SECTION("places replace staff and caseload_per_staff") {
    const Scenario s = load_scenario(d.write("s.yaml", "extends: " + trial_path() + R"(
interventions:
  nhs_trial_ips:
    capacity: {places: {value: 75, unit: places, source: "what-if"}}
)"));
    CHECK(s.interventions.list.at(0).capacity.places == 75);
    CHECK(s.interventions.list.at(0).quantities.count("capacity.staff") == 0);
    CHECK(s.interventions.list.at(0).capacity.max_wait_months == 3);
  }
  SECTION("a number is replaced whole: it needs its unit and source") {
    const auto p = d.write("s.yaml", "extends: " + trial_path() + R"(
interventions:
  nhs_trial_ips:
    take_up: {value: 0.7}
)");
    CHECK_THAT(error_of(p), Catch::Contains(p + ":4:") &&
                                Catch::Contains("interventions.nhs_trial_ips.take_up") &&
                                Catch::Contains("missing 'unit'"));
  }
  SECTION("an override of an override") {
    const auto mid = d.write("mid.yaml", "extends: " + trial_path() + R"(
interventions:
  nhs_trial_ips:
    capacity: {staff: {value: 20, unit: persons, source: "what-if"}}
)");
    const Scenario s = load_scenario(d.write("top.yaml", R"(extends: mid.yaml
interventions:
  nhs_trial_ips:
    capacity: {caseload_per_staff: {value: 10, unit: persons, source: "what-if"}}
    take_up: {value: 0.6, unit: probability, source: "what-if"}
)"));
    const Intervention& iv = s.interventions.list.at(0);
    CHECK(iv.capacity.places == 200);
    CHECK(iv.take_up == Approx(0.6));
    CHECK(iv.quantities.at("capacity.staff").file == mid);
    CHECK(iv.quantities.at("drop_out").file == trial_path());
  }
  SECTION("a route by its from and to, a gain-sharing rule by its name") {
    const Scenario s = load_scenario(d.write("s.yaml", "extends: " + trial_path() + R"(
network:
  routes:
    - {from: gp, to: nhs_trial_ips, referral: {value: 0.06, unit: probability_per_month, source: "what-if"}}
finance:
  gain_sharing:
    - name: exchequer-returns-half
      share: {value: 25, unit: percent, source: "what-if: a quarter"}
)"));
    REQUIRE(s.finance.gain_sharing.size() == 1);
    const GainRule& r = s.finance.gain_sharing[0];
    CHECK(r.kind == RuleKind::ProportionalToInvestment);
    CHECK(r.share == Approx(0.25));
    CHECK(r.from.size() == 2);
    double gp = 0;
    const auto& g = s.interventions.network.graph;
    for (auto e : boost::make_iterator_range(boost::edges(g)))
      if (g[boost::source(e, g)].name == "gp") gp = g[e].referral;
    CHECK(gp == Approx(0.06));
    CHECK(boost::num_edges(g) == boost::num_edges(trial.interventions.network.graph));
  }
}

TEST_CASE("a list of gain-sharing rules replaces the inherited ones - an item naming one keeps it",
          "[scenario][overrides]") {
  TempDir d;
  const std::string jobs =
      "    - {name: jobs, rule: per_job_outcome, from: dwp, to: nhs_england, amount: {value: "
      "2000, unit: gbp, source: test}}\n";
  const Scenario replaced = load_scenario(
      d.write("a.yaml", "extends: " + trial_path() + "\nfinance:\n  gain_sharing:\n" + jobs));
  REQUIRE(replaced.finance.gain_sharing.size() == 1);
  CHECK(replaced.finance.gain_sharing[0].name == "jobs");
  const Scenario kept = load_scenario(d.write(
      "b.yaml", "extends: " + trial_path() +
                    "\nfinance:\n  gain_sharing:\n    - name: exchequer-returns-half\n" + jobs));
  REQUIRE(kept.finance.gain_sharing.size() == 2);
  CHECK(kept.finance.gain_sharing[0].name == "exchequer-returns-half");
  CHECK(kept.finance.gain_sharing[0].share == Approx(0.5));
  CHECK(kept.finance.gain_sharing[1].name == "jobs");
  const Scenario none = load_scenario(
      d.write("c.yaml", "extends: " + trial_path() + "\nfinance:\n  gain_sharing: []\n"));
  CHECK(none.finance.gain_sharing.empty());
  // --set on one rule keeps the others.
  const Scenario set = load_scenario(d.file("b.yaml"), {"finance.gain_sharing[jobs].amount=500"});
  REQUIRE(set.finance.gain_sharing.size() == 2);
  CHECK(set.finance.gain_sharing[0].share == Approx(0.5));
  CHECK(set.finance.gain_sharing[1].amount == Approx(500));
}

TEST_CASE("a partial override is checked as a whole block is", "[scenario][overrides][errors]") {
  TempDir d;
  SECTION("a misspelt key names the file, line, column and key") {
    const auto p = d.write("typo.yaml", "extends: " + trial_path() + R"(
interventions:
  nhs_trial_ips:
    capacity:
      staf: {value: 20, unit: persons, source: "what-if"}
)");
    CHECK_THAT(error_of(p), Catch::StartsWith(p + ":5:7: key "
                                                  "'interventions.nhs_trial_ips.capacity.staf': "
                                                  "unknown key; did you mean 'staff'?"));
  }
  SECTION("an intervention the files it extends do not have") {
    const auto p = d.write("none.yaml", "extends: " + trial_path() + R"(
interventions:
  nhs_trail_ips:
    capacity: {staff: {value: 20, unit: persons, source: "what-if"}}
)");
    CHECK_THAT(error_of(p), Catch::StartsWith(p + ":3:3: key 'interventions.nhs_trail_ips': "
                                                  "unknown intervention 'nhs_trail_ips'; did you "
                                                  "mean 'nhs_trial_ips'?"));
  }
  SECTION("a rule the files it extends do not have") {
    const auto p = d.write("rule.yaml", "extends: " + trial_path() + R"(
finance:
  gain_sharing:
    - name: exchequer-returns-hlf
      share: {value: 25, unit: percent, source: "what-if"}
)");
    CHECK_THAT(error_of(p), Catch::Contains(p + ":4:13") &&
                                Catch::Contains("unknown rule 'exchequer-returns-hlf'"));
  }
  SECTION("an inherited part the override makes wrong names the file it is written in") {
    const auto p = d.write("late.yaml", "extends: " + trial_path() + R"(
interventions:
  nhs_trial_ips:
    start: 2019-06
)");
    const std::string msg = error_of(p);
    CHECK_THAT(msg,
               Catch::StartsWith(trial_path() + ":16:") &&
                   Catch::Contains("'interventions.nhs_trial_ips.end': ends before it starts") &&
                   Catch::Contains("kept under the override at " + p + ":3"));
  }
}

TEST_CASE("a --set changes one value after the files", "[scenario][set]") {
  const Scenario trial = load_scenario(trial_path());
  SECTION("a parameter, in the unit the files give it, recorded in the resolved parameters") {
    const Scenario s = load_scenario(trial_path(), {"claims.appeal_share=0.4"});
    CHECK(s.params.claims.appeal_share == Approx(0.4));
    const ResolvedParam& rp = s.provenance.at("claims.appeal_share");
    CHECK(rp.file == "--set claims.appeal_share=0.4");
    CHECK(rp.source == "command line: --set claims.appeal_share=0.4");
    CHECK(s.set == std::vector<std::string>{"claims.appeal_share=0.4"});
    CHECK_THAT(resolved_parameters_yaml(s),
               Catch::Contains("from: \"--set claims.appeal_share=0.4\"") &&
                   Catch::Contains("#   --set claims.appeal_share=0.4"));
    CHECK(s.params.labour.job_entry == trial.params.labour.job_entry);
  }
  SECTION("a level of a table") {
    const Scenario s = load_scenario(trial_path(), {"health.remission.depression=0.5"});
    CHECK(s.params.health.remission[idx(Condition::Depression)] == Approx(1 - std::exp(-0.5 / 12)));
    CHECK(s.params.health.remission[idx(Condition::Anxiety)] ==
          trial.params.health.remission[idx(Condition::Anxiety)]);
  }
  SECTION("an intervention's field: the same as the partial override") {
    TempDir d;
    const Scenario s =
        load_scenario(trial_path(), {"interventions.nhs_trial_ips.capacity.staff=20"});
    const Scenario f =
        load_scenario(trial_with(d, "whole.yaml", kStaff10,
                                 "staff: {value: 20, unit: persons, source: \"command line: --set "
                                 "interventions.nhs_trial_ips.capacity.staff=20\"}"));
    CHECK(s.interventions.list.at(0).capacity.places == 400);
    CHECK(resolved(s) == resolved(f));
    CHECK_THAT(resolved_parameters_yaml(s),
               Catch::Contains("interventions.nhs_trial_ips.capacity.staff:\n  value: 20\n  unit: "
                               "persons\n  source: \"command line: --set "
                               "interventions.nhs_trial_ips.capacity.staff=20\"\n  from: \"--set "
                               "interventions.nhs_trial_ips.capacity.staff=20\""));
  }
  SECTION("settings, a list, a route, a gain-sharing rule and a policy date") {
    const Scenario s = load_scenario(
        trial_path(),
        {"simulation.months=60", "interventions.nhs_trial_ips.eligibility.conditions=[smi]",
         "network.routes[gp -> nhs_trial_ips].referral=0.06",
         "finance.gain_sharing[exchequer-returns-half].share=25", "finance.discount_rate=1.5",
         "policy.uc_full_service.date=2018-05-10"});
    CHECK(s.sim.months == 60);
    CHECK(s.interventions.list.at(0).eligibility.condition[idx(Condition::Smi)]);
    CHECK_FALSE(s.interventions.list.at(0).eligibility.condition[idx(Condition::Msk)]);
    CHECK(s.finance.gain_sharing.at(0).share == Approx(0.25));
    CHECK(s.finance.discount_rate == Approx(0.015));
    CHECK(s.policy.rules[idx(PolicyRule::UcFullService)].date == "2018-05-10");
    CHECK(s.policy.rules[idx(PolicyRule::UcFullService)].source ==
          "command line: --set policy.uc_full_service.date=2018-05-10");
    CHECK_THAT(resolved_parameters_yaml(s),
               Catch::Contains("network.routes[gp -> nhs_trial_ips].referral:\n  value: 0.06"));
  }
  SECTION("later --set win") {
    const Scenario s =
        load_scenario(trial_path(), {"claims.appeal_share=0.4", "claims.appeal_share=0.2"});
    CHECK(s.params.claims.appeal_share == Approx(0.2));
  }
}

TEST_CASE("a bad --set names the option and the key", "[scenario][set][errors]") {
  auto error = [](const std::string& set) {
    try {
      load_scenario(trial_path(), {set});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(error("claims.apeal_share=0.4"),
             Catch::StartsWith("--set claims.apeal_share=0.4: key 'claims.apeal_share': unknown "
                               "key; did you mean 'appeal_share'?"));
  CHECK_THAT(error("interventions.nhs_trial_ips.capacity.staf=20"),
             Catch::StartsWith("--set interventions.nhs_trial_ips.capacity.staf=20: key "
                               "'interventions.nhs_trial_ips.capacity.staf': unknown key; did you "
                               "mean 'staff'?"));
  CHECK_THAT(error("interventions.nhs_trail.capacity.staff=20"),
             Catch::StartsWith("--set interventions.nhs_trail.capacity.staff=20: key "
                               "'interventions.nhs_trail': unknown intervention 'nhs_trail'"));
  CHECK_THAT(error("claims.appeal_share=abc"),
             Catch::StartsWith("--set claims.appeal_share=abc: key 'claims.appeal_share': "
                               "expected a number, got 'abc'"));
  CHECK_THAT(error("claims.appeal_share=2"),
             Catch::StartsWith("--set claims.appeal_share=2: key 'claims.appeal_share': value 2 "
                               "probability is out of range"));
  CHECK_THAT(error("claims.appeal_share"),
             Catch::StartsWith("--set claims.appeal_share: expected KEY=VALUE"));
  CHECK_THAT(error("claims.appeal_share="),
             Catch::StartsWith("--set claims.appeal_share=: key 'claims.appeal_share': no value"));
  CHECK_THAT(error("clams.appeal_share=0.4"),
             Catch::StartsWith("--set clams.appeal_share=0.4: key 'clams': unknown key; did you "
                               "mean 'claims'?"));
  CHECK_THAT(error("simulation.monts=5"),
             Catch::StartsWith("--set simulation.monts=5: key 'simulation.monts': unknown key; "
                               "did you mean 'months'?"));
  CHECK_THAT(error("parameters.claims.appeal_share=0.4"), Catch::Contains("without 'parameters.'"));
}
