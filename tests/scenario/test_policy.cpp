// The policy: block of a scenario file: dates with sources, rules switched off by a later file,
// and bad input refused with file, line and key.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace hwsim;
using hwsim::test::error_of;
using hwsim::test::TempDir;

TEST_CASE("the baseline's timeline: the rules and the months they apply from", "[policy]") {
  const Scenario sc = load_scenario(test::baseline_path());
  const Policy& p = sc.policy;
  auto from = [&](PolicyRule r) { return p.rules[idx(r)].from.str(); };
  CHECK(p.rules[idx(PolicyRule::UcLiveService)].enabled);
  CHECK(from(PolicyRule::UcLiveService) == "2015-11");          // 9 November
  CHECK(from(PolicyRule::WraComponentAbolished) == "2017-04");  // 3 April
  CHECK(from(PolicyRule::UcFullService) == "2018-07");          // 20 June: most of June before
  CHECK_FALSE(p.rules[idx(PolicyRule::ManagedMigration)].enabled);
  for (const auto& r : p.rules) CHECK(!r.source.empty());
  const PolicyMonth june = policy_month(p, YearMonth{2018, 6}), july = policy_month(p, {2018, 7});
  CHECK(june.uc_live);
  CHECK_FALSE(june.uc_full);
  CHECK(july.uc_full);
  CHECK(july.natural_migration);

  const Scenario legacy = load_scenario(test::source_path("scenarios/legacy-benefits.yaml"));
  for (const auto& r : legacy.policy.rules) CHECK_FALSE(r.enabled);
  CHECK_FALSE(policy_month(legacy.policy, {2020, 1}).any());
  CHECK(policy_month(legacy.policy, {2020, 1}).no_wra_from == INT_MAX);
}

TEST_CASE("a policy date after the run's end does not apply and a note says so", "[policy]") {
  TempDir d;
  const auto path = d.write("short.yaml", test::override_yaml("simulation: {months: 13}\n"));
  const Scenario sc = load_scenario(path);
  REQUIRE(sc.notes.size() >= 3);
  CHECK_THAT(sc.notes[0], Catch::Contains("after the run's last month (2015-11)"));
}

TEST_CASE("bad policy input is refused with file - line and key", "[policy][errors]") {
  TempDir d;
  struct Case {
    std::string yaml, expect;
  };
  const std::vector<Case> cases{
      {"policy:\n  uc_full_service: {date: 2018-13-20, source: x}\n",
       "uc_full_service.date': expected a date written YYYY-MM-DD"},
      {"policy:\n  uc_full_servise: {date: 2018-06-20, source: x}\n",
       "did you mean 'uc_full_service'"},
      {"policy:\n  uc_full_service: {date: 2018-06-20}\n", "missing 'source'"},
      {"policy:\n  uc_full_service: {date: 2015-06-20, source: x}\n",
       "UC full service (2015-06-20) before the live service"},
      {"policy:\n  uc_live_service: {date: 2014-10-01, source: x}\n", "not after the run's first"},
      {"policy:\n  natural_migration: {date: 2018-03-01, source: x}\n",
       "is before UC full service"},
      {"policy:\n  managed_migration: {enabled: maybe, date: 2022-05-09, source: x}\n",
       "policy.managed_migration.enabled"},
      {"parameters:\n  uc:\n    natural_migration: {value: 1.5, unit: probability_per_month, "
       "source: x}\n",
       "uc.natural_migration"},
      // A migration rate above 1 a year, whatever its unit.
      {"parameters:\n  uc:\n    natural_migration: {value: 1.5, unit: per_year, source: x}\n",
       "a rate of at most 1 a year"},
      {"parameters:\n  uc:\n    managed_migration: {value: 0.2, unit: per_month, source: x}\n",
       "uc.managed_migration"},
  };
  for (const auto& c : cases) {
    const auto path = d.write("bad.yaml", test::override_yaml(c.yaml));
    const std::string err = error_of(path);
    INFO(c.yaml << " -> " << err);
    CHECK_THAT(err, Catch::Contains(c.expect));
    CHECK_THAT(err, Catch::Contains("bad.yaml:"));
  }
}
