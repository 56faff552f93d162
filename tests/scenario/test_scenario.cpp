// Scenario files: loading the baseline, extends and overrides, and one clear message for bad
// input.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "helpers.hpp"
#include "params/registry.hpp"
#include "scenario/scenario.hpp"

using namespace hwsim;
using hwsim::test::error_of;
using hwsim::test::series;
using hwsim::test::TempDir;

namespace {}  // namespace

TEST_CASE("the baseline loads - with a unit and a source for every parameter", "[scenario]") {
  const Scenario s = load_scenario(test::baseline_path());
  CHECK(s.provenance.size() == registry().size());
  for (const auto& [key, p] : s.provenance) {
    INFO(key);
    CHECK_FALSE(p.source.empty());
    CHECK_FALSE(p.unit.empty());
  }
  CHECK(s.sim.months == 113);  // to March 2024, the finance horizon
  CHECK(s.sim.start.str() == "2014-11");
  CHECK(s.params.population.esa_ib_count == 12820);
}

TEST_CASE("a scenario that extends the baseline overrides only what it names", "[scenario]") {
  TempDir d;
  const auto path = d.write("s.yaml", test::override_yaml(R"(name: tweak
parameters:
  labour:
    job_loss: {value: 0.24, unit: per_year, source: "test"}
  health:
    remission: {value: {depression: 0.5}, unit: per_year, source: "test"}
)"));
  const Scenario base = load_scenario(test::baseline_path());
  const Scenario s = load_scenario(path);
  CHECK(s.name == "tweak");
  CHECK(s.files.size() == 2);
  CHECK(s.params.labour.job_loss == Approx(1 - std::exp(-0.02)));
  CHECK(s.params.health.remission[idx(Condition::Depression)] == Approx(1 - std::exp(-0.5 / 12)));
  // Levels not named keep the parent's value; other parameters are untouched.
  CHECK(s.params.health.remission[idx(Condition::Anxiety)] ==
        base.params.health.remission[idx(Condition::Anxiety)]);
  CHECK(s.params.labour.job_entry == base.params.labour.job_entry);
  CHECK(s.provenance.at("labour.job_loss").file == path);
  CHECK(s.provenance.at("labour.job_entry").file == test::baseline_path());
}

TEST_CASE("bad input gives one message naming file - line and key", "[scenario][errors]") {
  TempDir d;
  SECTION("malformed YAML") {
    const auto p = d.write("bad.yaml", "extends: x.yaml\nparameters:\n  labour: {job_loss: [\n");
    const auto msg = error_of(p);
    CHECK_THAT(msg,
               Catch::Contains(p) && Catch::Contains("malformed YAML") && Catch::Contains(":4:"));
  }
  SECTION("an unknown key gets a suggestion") {
    const auto p = d.write(
        "typo.yaml",
        test::override_yaml(
            "parameters:\n  labour:\n    job_los: {value: 0.1, unit: per_year, source: x}\n"));
    const auto msg = error_of(p);
    CHECK_THAT(msg, Catch::Contains(p + ":4:5") && Catch::Contains("labour.job_los") &&
                        Catch::Contains("did you mean 'job_loss'"));
  }
  SECTION("an unknown group and an unknown level") {
    CHECK_THAT(error_of(d.write("g.yaml", test::override_yaml("parameters:\n  labor: {}\n"))),
               Catch::Contains("did you mean 'labour'"));
    CHECK_THAT(error_of(d.write("l.yaml", test::override_yaml(
                                              "parameters:\n  health:\n    remission: {value: "
                                              "{depresion: 0.1}, unit: per_year, source: x}\n"))),
               Catch::Contains("health.remission.depresion") &&
                   Catch::Contains("did you mean 'depression'"));
  }
  SECTION("a value out of range") {
    const auto p =
        d.write("range.yaml", test::override_yaml("parameters:\n  claims:\n    appeal_success: "
                                                  "{value: 1.5, unit: probability, source: x}\n"));
    CHECK_THAT(error_of(p), Catch::Contains(p + ":4:") &&
                                Catch::Contains("claims.appeal_success") &&
                                Catch::Contains("out of range"));
    const auto q = d.write(
        "neg.yaml",
        test::override_yaml(
            "parameters:\n  labour:\n    job_loss: {value: -0.1, unit: per_year, source: x}\n"));
    CHECK_THAT(error_of(q), Catch::Contains("labour.job_loss") && Catch::Contains("out of range"));
  }
  SECTION("a number that is not a number, a wrong unit, a missing source") {
    CHECK_THAT(error_of(d.write("nan.yaml",
                                test::override_yaml("parameters:\n  labour:\n    job_loss: {value: "
                                                    "lots, unit: per_year, source: x}\n"))),
               Catch::Contains("expected a number, got 'lots'"));
    CHECK_THAT(
        error_of(d.write(
            "unit.yaml",
            test::override_yaml(
                "parameters:\n  labour:\n    job_loss: {value: 0.1, unit: persons, source: x}\n"))),
        Catch::Contains("labour.job_loss.unit") && Catch::Contains("does not fit"));
    CHECK_THAT(error_of(d.write(
                   "src.yaml",
                   test::override_yaml(
                       "parameters:\n  labour:\n    job_loss: {value: 0.1, unit: per_year}\n"))),
               Catch::Contains("missing 'source'"));
  }
  SECTION("a missing file, and a scenario that extends a missing file") {
    const auto missing = d.file("nowhere.yaml");
    CHECK_THAT(error_of(missing), Catch::Contains(missing) && Catch::Contains("cannot open"));
    const auto p = d.write("ext.yaml", "name: x\nextends: nowhere-else.yaml\n");
    CHECK_THAT(error_of(p), Catch::Contains(p + ":2:") && Catch::Contains("extends") &&
                                Catch::Contains("nowhere-else.yaml"));
  }
  SECTION("a duplicate key") {
    const auto p = d.write(
        "dup.yaml",
        test::override_yaml(
            "parameters:\n  labour:\n    job_loss: {value: 0.1, unit: per_year, source: a}\n"
            "    job_loss: {value: 0.2, unit: per_year, source: b}\n"));
    CHECK_THAT(error_of(p), Catch::Contains(p + ":5:5") && Catch::Contains("labour.job_loss") &&
                                Catch::Contains("duplicate key"));
  }
  SECTION("an extends cycle") {
    d.write("a.yaml", "extends: b.yaml\n");
    d.write("b.yaml", "extends: a.yaml\n");
    CHECK_THAT(error_of(d.file("a.yaml")), Catch::Contains("cycle"));
  }
  SECTION("a root scenario must set every parameter") {
    const auto p = d.write("root.yaml", "name: bare\nparameters: {}\n");
    CHECK_THAT(error_of(p), Catch::Contains("missing") && Catch::Contains("population.size"));
  }
  SECTION("cross-parameter rules") {
    const auto p = d.write("shares.yaml",
                           test::override_yaml("parameters:\n  population:\n    age_share: {value: "
                                               "{a16_24: 0.5}, unit: share, source: x}\n"));
    CHECK_THAT(error_of(p),
               Catch::Contains("population.age_share") && Catch::Contains("add up to"));
  }
  SECTION("simulation settings") {
    CHECK_THAT(error_of(d.write("m.yaml", test::override_yaml("simulation: {months: 0}\n"))),
               Catch::Contains("simulation.months"));
    CHECK_THAT(error_of(d.write("st.yaml", test::override_yaml("simulation: {start: 2014-13}\n"))),
               Catch::Contains("simulation.start") && Catch::Contains("YYYY-MM"));
    CHECK_THAT(error_of(d.write("k.yaml", test::override_yaml("simulation: {replication: 3}\n"))),
               Catch::Contains("did you mean 'replications'"));
  }
}

TEST_CASE("a scenario may extend several files - each applied once in order", "[scenario]") {
  TempDir d;
  d.write("a.yaml", test::override_yaml("name: a\nparameters:\n  labour:\n    job_loss: {value: "
                                        "0.12, unit: per_year, source: a}\n"));
  d.write("b.yaml", test::override_yaml(
                        "name: b\nparameters:\n  labour:\n    job_loss: {value: 0.24, unit: "
                        "per_year, source: b}\n"
                        "    jsa_exit: {value: 0.1, unit: probability_per_month, source: b}\n"));
  const auto c = d.write("c.yaml", "extends: [a.yaml, b.yaml]\nname: c\n");
  const Scenario s = load_scenario(c);
  CHECK(s.files.size() == 4);  // baseline once, then a, b, c
  CHECK(s.files.front() == test::baseline_path());
  CHECK(s.params.labour.job_loss == Approx(1 - std::exp(-0.02)));  // b, listed last, wins
  CHECK(s.params.labour.jsa_exit == Approx(0.1));
  CHECK(s.name == "c");
}
