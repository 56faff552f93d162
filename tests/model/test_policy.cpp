// The policy timeline in the monthly step (MODEL.md section 8): where new claims land under
// Universal Credit full service, who keeps the WRA component and the LCW element, and who moves
// to UC by migration.
#include <catch2/catch.hpp>

#include "core/rng.hpp"
#include "finance/ledger.hpp"
#include "helpers.hpp"
#include "model/step.hpp"

using namespace hwsim;

namespace {

Population people(std::size_t n, Benefit b, Labour l = Labour::InactiveSick) {
  Population p;
  p.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    p.id[i] = i;
    p.age_months[i] = 40 * 12;
    p.condition[i] = Condition::Depression;
    p.severity[i] = Severity::Moderate;
    p.labour[i] = l;
    p.benefit[i] = b;
    p.months_labour[i] = p.months_benefit[i] = 30;
    p.months_claim[i] = on_health_claim(b) ? 30 : 0;
  }
  return p;
}

const Scenario& baseline() {
  static const Scenario s = load_scenario(test::baseline_path());
  return s;
}

// Everyone not on a health claim makes one this month.
Levels certain_claims() {
  Levels L = Levels::ones();
  for (auto& t : L.claim)
    for (auto& r : t) r.fill(1e6);
  return L;
}

}  // namespace

TEST_CASE("under UC full service no new claim starts income-related ESA", "[model][policy]") {
  const Params& P = baseline().params;
  const Levels L = certain_claims();
  const std::size_t n = 40000;
  for (const bool full : {false, true}) {
    StepContext ctx{.P = P,
                    .L = L,
                    .seed = 3,
                    .replication = 0,
                    .month = 50,
                    .ib_migration_open = true,
                    .id_base = 0};
    ctx.date = YearMonth{2018, 8};
    ctx.policy.uc_full = full;
    Population pop = people(n, Benefit::None);
    Tally t;
    std::size_t esa = 0, contrib = 0, beside = 0, uc = 0;
    for (std::size_t i = 0; i < n; ++i) {
      Stream rng(3, 0, i, 50, Process::Claims);
      step_claims(ctx, pop, i, rng, t);
      REQUIRE(on_health_claim(pop.benefit[i]));
      if (pop.benefit[i] == Benefit::EsaAssessment) {
        ++esa;
        contrib += pop.contrib_only[i];
        beside += pop.uc_beside[i];
        // Under full service an ESA claim is new-style (contribution-based) ESA.
        if (full) REQUIRE(pop.contrib_only[i] == 1);
      } else {
        REQUIRE(full);
        REQUIRE(pop.benefit[i] == Benefit::UcAssessment);
        REQUIRE(pop.uc_route[i] == static_cast<std::uint8_t>(UcRoute::NewClaim));
        ++uc;
      }
    }
    const double s_only = P.claims.contributory_only_share, s_both = P.uc.new_style_with_uc_share;
    auto near = [&](double count, double p) {
      return std::abs(count - n * p) < 5 * std::sqrt(n * p * (1 - p));
    };
    if (!full) {
      CHECK(esa == n);
      CHECK(near(static_cast<double>(contrib), s_only));
      CHECK(beside == 0);
    } else {
      CHECK(near(static_cast<double>(esa), s_only + s_both));
      CHECK(near(static_cast<double>(beside), s_both));
      CHECK(near(static_cast<double>(uc), 1 - s_only - s_both));
      CHECK(t.events[idx(Event::UcDivertedClaim)] == static_cast<Persons>(uc));
    }
  }
}

TEST_CASE("claims made from April 2017 get no WRA component or LCW element", "[model][policy]") {
  const Params& P = baseline().params;
  const Levels L = certain_claims();
  const int april_2017 = YearMonth{2017, 4}.index();
  for (const YearMonth date : {YearMonth{2017, 3}, YearMonth{2017, 4}, YearMonth{2019, 1}}) {
    StepContext ctx{.P = P,
                    .L = L,
                    .seed = 5,
                    .replication = 0,
                    .month = 30,
                    .ib_migration_open = true,
                    .id_base = 0};
    ctx.date = date;
    ctx.policy.no_wra_from = april_2017;
    ctx.policy.uc_full = date.index() >= YearMonth{2018, 7}.index();
    Population pop = people(500, Benefit::None);
    Tally t;
    for (std::size_t i = 0; i < 500; ++i) {
      Stream rng(5, 0, i, 30, Process::Claims);
      step_claims(ctx, pop, i, rng, t);
      REQUIRE(pop.no_wra[i] == (date.index() >= april_2017 ? 1 : 0));
    }
  }
  // The ledger pays the component and the element only to claims made before the change.
  const Scenario& sc = baseline();
  Stocks s;
  s.benefit[idx(Benefit::EsaWrag)] = 10;
  s.no_wra_wrag = 4;
  s.benefit[idx(Benefit::UcLcw)] = 10;
  s.no_lcw_element = 4;
  const YearMonth date{2018, 9};
  const Ledger l = post_ledger(sc.finance, s, Tally{}, PaySums{}, sc.interventions, date);
  const auto& uc = sc.finance.costs;
  const int fy = financial_year_of(date), base = sc.finance.price_base_year;
  auto rate = [&](const UnitCost& c) { return c.at_base(fy, uc.index, base); };
  CHECK(l[idx(Line::DwpEsaWrag)] == Approx(6 * rate(uc.benefit[idx(Benefit::EsaWrag)]) +
                                           4 * rate(uc.benefit[idx(Benefit::EsaAssessment)])));
  CHECK(l[idx(Line::DwpUcHealth)] == Approx(6 * rate(uc.uc_lcw_element)));
  CHECK(l[idx(Line::DwpUc)] == Approx(10 * rate(uc.uc_standard_allowance)));
}

TEST_CASE("migration moves legacy means-tested claims to UC and leaves the rest",
          "[model][policy]") {
  Params P = baseline().params;
  P.uc.natural_migration = 1;
  // No other claims event this month, so the only change is the move.
  P.claims.wrag_reassessment = P.claims.support_reassessment = 0;
  P.claims.assessment_wca = P.claims.assessment_closure = 0;
  P.claims.exit_other.fill(0);
  const Levels L = Levels::ones();
  StepContext ctx{.P = P,
                  .L = L,
                  .seed = 9,
                  .replication = 0,
                  .month = 60,
                  .ib_migration_open = false,
                  .id_base = 0};
  ctx.date = YearMonth{2019, 1};
  ctx.policy.uc_full = ctx.policy.natural_migration = true;
  struct Case {
    Benefit from;
    bool contrib;
    Benefit to;
  };
  for (const Case& k : {Case{Benefit::EsaWrag, false, Benefit::UcLcw},
                        Case{Benefit::EsaSupport, false, Benefit::UcLcwra},
                        Case{Benefit::EsaAssessment, false, Benefit::UcAssessment},
                        Case{Benefit::Jsa, false, Benefit::UcSearching},
                        Case{Benefit::EsaSupport, true, Benefit::EsaSupport},
                        Case{Benefit::Ib, false, Benefit::Ib}}) {
    Population pop =
        people(50, k.from, k.from == Benefit::Jsa ? Labour::Unemployed : Labour::InactiveSick);
    for (std::size_t i = 0; i < 50; ++i) pop.contrib_only[i] = k.contrib ? 1 : 0;
    Tally t;
    for (std::size_t i = 0; i < 50; ++i) {
      Stream rng(9, 0, i, 60, Process::Claims);
      step_claims(ctx, pop, i, rng, t);
      INFO(kBenefitNames[idx(k.from)] << (k.contrib ? " (contribution-based)" : ""));
      REQUIRE(pop.benefit[i] == k.to);
      if (k.to != k.from)
        REQUIRE(pop.uc_route[i] == static_cast<std::uint8_t>(UcRoute::NaturalMigration));
      REQUIRE(pop.months_claim[i] == (on_health_claim(k.from) ? 30 : 0));
    }
  }
}

TEST_CASE("with the timeline off nobody is ever on Universal Credit", "[model][policy][slow]") {
  Scenario sc = load_scenario(test::source_path("scenarios/legacy-benefits.yaml"));
  sc.sim.months = 60;  // past UC full service
  const RunResult r = run(sc, 11, 1);
  for (const auto& m : r.reps[0].months) {
    REQUIRE(m.stocks.uc == 0);
    REQUIRE(m.stocks.incapacity == m.stocks.esa_ib);
    for (Benefit b :
         {Benefit::UcSearching, Benefit::UcAssessment, Benefit::UcLcw, Benefit::UcLcwra})
      REQUIRE(m.stocks.benefit[idx(b)] == 0);
  }
}
