// Interventions: reading and validating them, the service network, eligibility, places and
// waiting lists, and their effects against the baseline on common random numbers.
#include <catch2/catch.hpp>
#include <filesystem>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "helpers.hpp"
#include "model/step.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"

using namespace hwsim;
using hwsim::test::error_of;
using hwsim::test::series;
using hwsim::test::TempDir;

namespace {

// An intervention for ESA support-group claimants referred from GPs, with the given extras.
std::string intervention_yaml(const std::string& capacity, const std::string& effects,
                              const std::string& extra_route = "") {
  return test::override_yaml(R"(simulation: {months: 25}
interventions:
  prog:
    type: employment_support
    start: 2015-01
    end: 2019-03
    eligibility:
      benefits: [esa_support, esa_wrag]
    capacity:
)" + capacity + R"(
    take_up: {value: 1, unit: probability, source: test}
    duration_months: {value: 6, unit: months, source: test}
    effects:
)" + effects + R"(
    costs:
      payer: council
      per_month: {value: 0, unit: gbp_per_month, source: test}
network:
  routes:
    - {from: gp, to: prog, referral: {value: 0.5, unit: probability_per_month, source: test}}
)" + extra_route);
}

const char* kPlaces =
    "      places: {value: 50, unit: places, source: test}\n"
    "      queue: {order: first_come, max_wait_months: {value: 2, unit: months, source: test}}";
const char* kUnlimited = "      unlimited: true";
const char* kNoEffect = "      job_entry_hr: {value: 1, unit: hazard_ratio, source: test}";

}  // namespace

TEST_CASE("interventions and routes are read from YAML and mapped as a graph", "[interventions]") {
  TempDir d;
  const Scenario sc = load_scenario(d.write("p.yaml", intervention_yaml(kPlaces, kNoEffect)));
  REQUIRE(sc.interventions.list.size() == 1);
  const Intervention& iv = sc.interventions.list[0];
  CHECK(iv.capacity.places == 50);
  CHECK(iv.capacity.max_wait_months == 2);
  CHECK(iv.duration_months == 6);
  CHECK(iv.costs.payer == "council");
  CHECK(iv.eligibility.benefit[idx(Benefit::EsaSupport)]);
  CHECK_FALSE(iv.eligibility.benefit[idx(Benefit::Jsa)]);
  CHECK(sc.interventions.routes_by_contact[idx(Contact::GpConsultation)].size() == 1);
  const std::string dot = sc.interventions.network.dot();
  CHECK_THAT(dot,
             Catch::Contains("digraph") && Catch::Contains("->") && Catch::Contains("50% a month"));
  // The map says what the programme is: its type, places, payer and dates.
  CHECK_THAT(dot, Catch::Contains("50 places") && Catch::Contains("paid by the council") &&
                      Catch::Contains(iv.start.str() + " to " + iv.end.str()));
}

TEST_CASE("malformed interventions are rejected with file - line and key",
          "[interventions][errors]") {
  TempDir d;
  SECTION("a route that names an unknown service") {
    const auto p = d.write(
        "r.yaml",
        intervention_yaml(
            kPlaces, kNoEffect,
            "    - {from: gpp, to: prog, referral: {value: 0.1, unit: per_month, source: t}}\n"));
    CHECK_THAT(error_of(p), Catch::Contains(p + ":") && Catch::Contains("network.routes.from") &&
                                Catch::Contains("unknown service 'gpp'") &&
                                Catch::Contains("did you mean 'gp'"));
  }
  SECTION("an intervention no route reaches") {
    std::string y = intervention_yaml(kPlaces, kNoEffect);
    y = y.substr(0, y.find("network:"));
    const auto p = d.write("u.yaml", y);
    CHECK_THAT(error_of(p), Catch::Contains(p + ":4:") && Catch::Contains("interventions.prog") &&
                                Catch::Contains("unreachable"));
  }
  SECTION("a negative capacity") {
    const auto p =
        d.write("c.yaml",
                intervention_yaml("      places: {value: -5, unit: places, source: t}", kNoEffect));
    CHECK_THAT(error_of(p), Catch::Contains(p + ":") &&
                                Catch::Contains("interventions.prog.capacity.places") &&
                                Catch::Contains("out of range"));
  }
  SECTION("an unknown eligibility level and a misspelt key") {
    std::string y = intervention_yaml(kPlaces, kNoEffect);
    auto p = d.write("e.yaml",
                     std::string(y).replace(y.find("[esa_support, esa_wrag]"), 23, "[esa_suport]"));
    CHECK_THAT(error_of(p), Catch::Contains("eligibility.benefits.esa_suport") &&
                                Catch::Contains("did you mean 'esa_support'"));
    p = d.write("k.yaml", std::string(y).replace(y.find("take_up"), 7, "takeup"));
    CHECK_THAT(error_of(p), Catch::Contains("interventions.prog.takeup") &&
                                Catch::Contains("did you mean 'take_up'"));
  }
  SECTION("an unknown type and missing costs payer") {
    std::string y = intervention_yaml(kPlaces, kNoEffect);
    auto p = d.write("t.yaml", std::string(y).replace(y.find("employment_support"), 18, "magic"));
    CHECK_THAT(error_of(p), Catch::Contains("interventions.prog.type") &&
                                Catch::Contains("unknown type 'magic'"));
    p = d.write("pay.yaml", std::string(y).replace(y.find("payer: council"), 14,
                                                   "per_start: {value: 1, unit: gbp, source: t}"));
    CHECK_THAT(error_of(p),
               Catch::Contains("interventions.prog.costs") && Catch::Contains("payer"));
  }
  SECTION("a route into a contact service") {
    const auto p = d.write(
        "cc.yaml", intervention_yaml(kPlaces, kNoEffect,
                                     "    - {from: gp, to: jobcentre, referral: {value: 0.1, "
                                     "unit: per_month, source: t}}\n"));
    CHECK_THAT(error_of(p),
               Catch::Contains("network.routes.to") && Catch::Contains("contact service"));
  }
}

TEST_CASE("eligibility selects exactly the people it names", "[interventions]") {
  TempDir d;
  const Scenario sc = load_scenario(d.write("p.yaml", intervention_yaml(kPlaces, kNoEffect)));
  Intervention iv = sc.interventions.list[0];
  iv.eligibility.min_age = 30;
  iv.eligibility.max_age = 49;
  iv.eligibility.condition.fill(false);
  iv.eligibility.condition[idx(Condition::Smi)] = true;
  iv.eligibility.gp = {3};
  Population pop;
  pop.resize(8);
  const std::array<int, 8> age{29, 30, 49, 50, 40, 40, 40, 40};
  const std::array<Benefit, 8> ben{Benefit::EsaSupport, Benefit::EsaSupport, Benefit::EsaWrag,
                                   Benefit::EsaSupport, Benefit::Jsa,        Benefit::EsaSupport,
                                   Benefit::EsaSupport, Benefit::EsaSupport};
  const std::array<Condition, 8> cond{Condition::Smi, Condition::Smi, Condition::Smi,
                                      Condition::Smi, Condition::Smi, Condition::Msk,
                                      Condition::Smi, Condition::Smi};
  const std::array<int, 8> gp{3, 3, 3, 3, 3, 3, 4, 3};
  for (std::size_t i = 0; i < 8; ++i) {
    pop.age_months[i] = static_cast<std::uint16_t>(age[i] * 12);
    pop.benefit[i] = ben[i];
    pop.condition[i] = cond[i];
    pop.gp[i] = static_cast<std::uint8_t>(gp[i]);
    pop.labour[i] = Labour::InactiveSick;
  }
  std::vector<bool> got;
  for (std::size_t i = 0; i < 8; ++i) got.push_back(iv.eligible(pop, i));
  // Ages 30 and 49 are in; 29 and 50 out; JSA, MSK and practice 4 out.
  CHECK(got == std::vector<bool>{false, true, true, false, false, false, false, true});
}

TEST_CASE("places are never exceeded and waiting lists are served in order",
          "[interventions][slow]") {
  TempDir d;
  const Scenario sc = load_scenario(d.write("p.yaml", intervention_yaml(kPlaces, kNoEffect)));
  const RunResult r = run(sc, 3, 2);
  bool filled = false;
  for (const auto& rep : r.reps)
    for (const auto& m : rep.months) {
      REQUIRE(m.stocks.in_intervention[0] <= 50);
      REQUIRE(m.stocks.in_intervention[0] >= 0);
      filled = filled || m.stocks.in_intervention[0] == 50;
    }
  CHECK(filled);  // the referral rate is high enough that places run out

  // First come, first served: people who have waited longest start first.
  Params P = sc.params;
  Levels L = Levels::ones();
  Population pop;
  pop.resize(4);
  Scenario one = sc;
  one.interventions.list[0].capacity.places = 3;
  const StepContext ctx{.P = P,
                        .L = L,
                        .seed = 1,
                        .month = 1,
                        .ib_migration_open = true,
                        .interventions = &one.interventions};
  std::vector<Candidate> c{
      {0, 0, 0, 0, 0, 5}, {1, 0, 2, 0, 0, 9}, {2, 0, 1, 0, 0, 1}, {3, 0, 0, 0, 0, 2}};
  pop.waiting = {0, 1, 1, 0};
  Tally t;
  Stocks s;
  s.in_intervention[0] = 1;  // one place already taken: two free
  s.waiting[0] = 2;
  allocate_places(ctx, pop, c, t, s);
  CHECK(pop.intervention[1] == 1);  // waited 2 months
  CHECK(pop.intervention[2] == 1);  // waited 1 month
  CHECK(pop.intervention[0] == 0);  // new referrals wait
  CHECK(pop.intervention[3] == 0);
  CHECK(pop.waiting[0] == 1);
  CHECK(pop.waiting[3] == 1);
  CHECK(s.in_intervention[0] == 3);
  CHECK(s.waiting[0] == 2);
  CHECK(t.intervention[0].starts == 2);
  CHECK(t.intervention[0].wait_months == 3);
}

TEST_CASE("an intervention with hazard ratio 1 and no cost changes nothing against the baseline",
          "[interventions][crn][slow]") {
  TempDir d;
  const Scenario null_sc =
      load_scenario(d.write("n.yaml", intervention_yaml(kUnlimited, kNoEffect)));
  Scenario base = load_scenario(test::baseline_path());
  base.sim.months = null_sc.sim.months;
  const RunResult a = run(base, 42, 2), b = run(null_sc, 42, 2);
  std::size_t participants = 0;
  for (const auto& rep : b.reps)
    for (const auto& m : rep.months)
      participants += static_cast<std::size_t>(m.tally.intervention[0].starts);
  CHECK(participants > 0);  // people did go through it
  for (const auto& ind : indicators()) {
    INFO(ind.name);
    REQUIRE(series(a, ind.name) == series(b, ind.name));
  }
}

TEST_CASE("a stronger effect gives fewer claimants on common random numbers",
          "[interventions][crn][slow]") {
  TempDir d;
  const Scenario weak = load_scenario(d.write("w.yaml", intervention_yaml(kUnlimited, kNoEffect)));
  const Scenario strong = load_scenario(d.write(
      "s.yaml",
      intervention_yaml(kUnlimited,
                        "      job_entry_hr: {value: 20, unit: hazard_ratio, source: test}")));
  const RunResult a = run(weak, 9, 2), b = run(strong, 9, 2);
  const auto wa = series(a, "esa_ib_claimants"), sb = series(b, "esa_ib_claimants");
  double diff = 0;
  for (std::size_t k = 0; k < wa.size(); ++k) diff += sb[k] - wa[k];
  CHECK(diff < 0);
  const auto ja = series(a, "events_job_starts_from_esa_ib"),
             jb = series(b, "events_job_starts_from_esa_ib");
  double jobs = 0;
  for (std::size_t k = 0; k < ja.size(); ++k) jobs += jb[k] - ja[k];
  CHECK(jobs > 0);
}

TEST_CASE("every scenario file in scenarios/ loads and every number has a source",
          "[interventions][scenarios]") {
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::source_path("scenarios"))) {
    if (e.path().extension() != ".yaml" || e.path().filename() == "unit-costs.yaml") continue;
    INFO(e.path().string());
    const Scenario sc = load_scenario(e.path().string());
    for (const auto& iv : sc.interventions.list)
      for (const auto& [key, q] : iv.quantities) {
        INFO(iv.name << "." << key);
        CHECK_FALSE(q.source.empty());
      }
    ++files;
  }
  CHECK(files >= 9);
}

TEST_CASE("appeal support raises the chance an appeal succeeds for those in it",
          "[interventions][claims]") {
  const Scenario sc = load_scenario(test::source_path("scenarios/imax-appeal-support.yaml"));
  Interventions prog = sc.interventions;
  prog.list[0].effects.appeal_success_ratio = 2.0;  // 0.53 x 2 > 1: every appeal succeeds
  Params P = sc.params;
  P.claims.appeal_decision = 1;
  const Levels L = Levels::ones();
  const StepContext ctx{
      .P = P, .L = L, .seed = 5, .month = 1, .ib_migration_open = true, .interventions = &prog};
  Population pop;
  pop.resize(400);
  for (std::size_t i = 0; i < pop.size(); ++i) {
    pop.id[i] = i;
    pop.age_months[i] = 40 * 12;
    pop.condition[i] = Condition::Msk;
    pop.severity[i] = Severity::Moderate;
    pop.labour[i] = Labour::InactiveSick;
    pop.benefit[i] = Benefit::EsaAssessment;
    pop.appeal[i] = 1;
    pop.intervention[i] = i < 200 ? 1 : 0;  // the first half have the council's support
  }
  CHECK(prog.list[0].eligible(pop, 0));
  Tally t;
  int won_supported = 0, won_alone = 0;
  for (std::size_t i = 0; i < pop.size(); ++i) {
    Stream r(5, 0, i, 1, Process::Claims);
    step_claims(ctx, pop, i, r, t);
    const bool won = is_esa(pop.benefit[i]) && pop.benefit[i] != Benefit::EsaAssessment;
    (i < 200 ? won_supported : won_alone) += won ? 1 : 0;
  }
  CHECK(won_supported == 200);
  CHECK(won_alone > 70);
  CHECK(won_alone < 140);  // about 53% of 200
}

TEST_CASE("an intervention's spend adds starts - caseload - fixed cost and outcome payments",
          "[interventions][costs]") {
  Intervention iv;
  iv.start = {2016, 1};
  iv.end = {2016, 12};
  iv.costs.per_start = 100;
  iv.costs.per_month = 50;
  iv.costs.fixed_per_year = 1200;
  iv.costs.per_job_outcome = 1000;
  MonthRecord r;
  r.tally.intervention[0].starts = 3;
  r.stocks.in_intervention[0] = 10;
  r.tally.intervention[0].job_outcomes = 2;
  const InterventionMeasure* spend = nullptr;
  for (const auto& m : intervention_measures())
    if (m.name == "spend") spend = &m;
  REQUIRE(spend);
  CHECK(spend->value(r, 0, iv, {2016, 6}) == Approx(3 * 100 + 10 * 50 + 100 + 2 * 1000));
  // After it ends: no fixed cost, but outcomes earned are still paid.
  r.tally.intervention[0].starts = 0;
  r.stocks.in_intervention[0] = 0;
  CHECK(spend->value(r, 0, iv, {2017, 3}) == Approx(2 * 1000));
}

TEST_CASE("a waiting list ordered by time on benefit serves the longest claims first",
          "[interventions]") {
  TempDir d;
  Scenario sc = load_scenario(d.write("p.yaml", intervention_yaml(kPlaces, kNoEffect)));
  sc.interventions.list[0].capacity.order = QueueOrder::LongestOnBenefit;
  sc.interventions.list[0].capacity.places = 2;
  const Levels L = Levels::ones();
  const StepContext ctx{.P = sc.params,
                        .L = L,
                        .seed = 1,
                        .month = 1,
                        .ib_migration_open = true,
                        .interventions = &sc.interventions};
  Population pop;
  pop.resize(4);
  // (agent, intervention, months waiting, severity, months on benefit, tie)
  std::vector<Candidate> c{
      {0, 0, 0, 0, 5, 1}, {1, 0, 0, 0, 60, 2}, {2, 0, 0, 0, 30, 3}, {3, 0, 0, 0, 2, 4}};
  Tally t;
  Stocks s;
  allocate_places(ctx, pop, c, t, s);
  CHECK(pop.intervention[1] == 1);
  CHECK(pop.intervention[2] == 1);
  CHECK(pop.intervention[0] == 0);
  CHECK(pop.intervention[3] == 0);
}
