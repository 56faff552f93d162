// Rules of the monthly processes: degenerate parameters give exact results, and realised
// rates match the inputs within sampling error.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "core/rng.hpp"
#include "helpers.hpp"
#include "model/step.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"
#include "startup/startup.hpp"

using namespace hwsim;
using hwsim::test::TempDir;

namespace {

// n identical agents: male, age 40, given condition, labour and benefit states.
Population uniform_population(std::size_t n, Condition c, Severity v, Labour l, Benefit b) {
  Population p;
  p.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    p.id[i] = i;
    p.age_months[i] = 40 * 12;
    p.sex[i] = Sex::Male;
    p.gp[i] = 0;
    p.condition[i] = c;
    p.severity[i] = v;
    p.comorbid[i] = 0;
    p.labour[i] = l;
    p.benefit[i] = b;
    p.months_labour[i] = p.months_benefit[i] = p.months_claim[i] = 30;
    p.contrib_only[i] = 0;
    p.appeal[i] = 0;
  }
  return p;
}

Params zero_params() {
  Params P = load_scenario(test::baseline_path()).params;
  return P;
}

double total_event(const RunResult& r, Event e) {
  double s = 0;
  for (const auto& rep : r.reps)
    for (const auto& m : rep.months) s += static_cast<double>(m.tally.events[idx(e)]);
  return s;
}

}  // namespace

TEST_CASE("zero hazards give no events", "[model][degenerate][slow]") {
  TempDir d;
  const auto path = d.write("zero.yaml", test::override_yaml(R"(simulation: {months: 13}
parameters:
  demography:
    mortality: {value: {a16_24: {female: 0, male: 0}, a25_34: {female: 0, male: 0}, a35_49: {female: 0, male: 0}, a50_64: {female: 0, male: 0}}, unit: per_year, source: test}
    migration_out: {value: {a16_24: 0, a25_34: 0, a35_49: 0, a50_64: 0}, unit: per_year, source: test}
  labour:
    job_loss: {value: 0, unit: per_year, source: test}
  claims:
    assessment_wca: {value: 0, unit: per_month, source: test}
    wrag_reassessment: {value: 0, unit: per_year, source: test}
    support_reassessment: {value: 0, unit: per_year, source: test}
    ib_migration: {value: 0, unit: per_year, source: test}
    appeal_share: {value: 0, unit: probability, source: test}
)"));
  const Scenario sc = load_scenario(path);
  const RunResult r = run(sc, 11, 1);
  CHECK(total_event(r, Event::Death) == 0);
  CHECK(total_event(r, Event::MigrantOut) == 0);
  CHECK(total_event(r, Event::MigrantIn) == 0);
  CHECK(total_event(r, Event::JobLoss) == 0);
  CHECK(total_event(r, Event::WcaSupport) + total_event(r, Event::WcaWrag) +
            total_event(r, Event::WcaFit) ==
        0);
  CHECK(total_event(r, Event::IbMigrated) == 0);
  CHECK(total_event(r, Event::AppealLodged) == 0);
  // People still turn 65 and are replaced by 16-year-olds.
  CHECK(total_event(r, Event::AgeOut) > 0);
  CHECK(total_event(r, Event::AgeOut) == total_event(r, Event::Entrant16));
}

TEST_CASE("realised death and job-loss rates match the inputs", "[model][statistical]") {
  Params P = zero_params();
  P.demography.mortality[idx(AgeBand::A35_49)][idx(Sex::Male)] = 0.01;
  P.labour.job_loss = 0.02;
  const Levels L = Levels::ones();
  Population pop =
      uniform_population(200000, Condition::None, Severity::Mild, Labour::Employed, Benefit::None);
  const Donors donors = Donors::of(pop, P);
  const StepContext ctx{
      .P = P, .L = L, .seed = 1, .month = 1, .ib_migration_open = true, .id_base = pop.size()};
  const MonthResult r = step_month(ctx, pop, donors);
  const double n = 200000;
  const double deaths = static_cast<double>(r.tally.events[idx(Event::Death)]);
  const double sd_d = std::sqrt(n * 0.01 * 0.99);
  CHECK(std::abs(deaths - n * 0.01) < 4 * sd_d);
  // Job loss applies to those who did not leave; tenure 30 months -> hazard ratio m24_plus.
  const double p_loss = 0.02 * P.labour.job_loss_hr_tenure[idx(DurBand::M24_plus)];
  const double at_risk = n - static_cast<double>(r.tally.events[idx(Event::Death)] +
                                                 r.tally.events[idx(Event::MigrantOut)]);
  const double losses = static_cast<double>(r.tally.events[idx(Event::JobLoss)]);
  CHECK(std::abs(losses - at_risk * p_loss) < 4 * std::sqrt(at_risk * p_loss));
}

TEST_CASE("WCA decisions follow the outcome table exactly when it is certain", "[model][claims]") {
  Params P = zero_params();
  P.claims.assessment_closure = 0;
  P.claims.assessment_wca = 1;
  P.claims.wca_outcome[idx(Severity::Severe)] = {1.0, 0.0, 0.0};
  P.claims.wca_outcome[idx(Severity::Mild)] = {0.0, 0.0, 1.0};
  P.claims.appeal_share = 0;
  P.claims.fit_to_jsa = 1;
  for (auto& v : P.labour.job_entry) v = 0;
  const Levels L = Levels::ones();
  const StepContext ctx{.P = P, .L = L, .seed = 2, .month = 1, .ib_migration_open = true};
  Tally t;
  Population severe = uniform_population(500, Condition::Smi, Severity::Severe,
                                         Labour::InactiveSick, Benefit::EsaAssessment);
  Population mild = uniform_population(500, Condition::Msk, Severity::Mild, Labour::InactiveSick,
                                       Benefit::EsaAssessment);
  for (std::size_t i = 0; i < 500; ++i) {
    Stream r1(2, 0, i, 1, Process::Claims), r2(2, 0, i, 1, Process::Claims);
    step_claims(ctx, severe, i, r1, t);
    step_claims(ctx, mild, i, r2, t);
    REQUIRE(severe.benefit[i] == Benefit::EsaSupport);
    REQUIRE(mild.benefit[i] == Benefit::Jsa);
    REQUIRE(mild.labour[i] == Labour::Unemployed);
  }
  CHECK(t.events[idx(Event::WcaSupport)] == 500);
  CHECK(t.events[idx(Event::WcaFit)] == 500);
  CHECK(t.esa_ib_offflow == 500);
}

TEST_CASE("contribution-based ESA ends after 12 months in the WRAG", "[model][claims]") {
  Params P = zero_params();
  P.claims.wrag_reassessment = 0;
  for (auto& v : P.claims.exit_other) v = 0;
  const Levels L = Levels::ones();
  const StepContext ctx{.P = P, .L = L, .seed = 3, .month = 1, .ib_migration_open = true};
  Population pop = uniform_population(4, Condition::Msk, Severity::Moderate, Labour::InactiveSick,
                                      Benefit::EsaWrag);
  pop.contrib_only = {1, 1, 0, 0};
  pop.months_benefit = {11, 10, 11, 40};
  Tally t;
  for (std::size_t i = 0; i < 4; ++i) {
    Stream r(3, 0, i, 1, Process::Claims);
    step_claims(ctx, pop, i, r, t);
  }
  CHECK(pop.benefit[0] != Benefit::EsaWrag);  // reaches 12 months: time-limited
  CHECK(pop.benefit[1] == Benefit::EsaWrag);  // 11 months
  CHECK(pop.benefit[2] == Benefit::EsaWrag);  // income-related: no limit
  CHECK(pop.benefit[3] == Benefit::EsaWrag);
  CHECK(t.events[idx(Event::TimeLimited)] == 1);
}

TEST_CASE("IB claimants are reassessed only once reassessment has begun", "[model][claims]") {
  Params P = zero_params();
  P.claims.ib_migration = 1;
  for (auto& v : P.claims.exit_other) v = 0;
  const Levels L = Levels::ones();
  Population pop =
      uniform_population(100, Condition::Msk, Severity::Severe, Labour::InactiveSick, Benefit::Ib);
  Tally t;
  const StepContext closed{.P = P, .L = L, .seed = 4, .month = 1, .ib_migration_open = false};
  for (std::size_t i = 0; i < 100; ++i) {
    Stream r(4, 0, i, 1, Process::Claims);
    step_claims(closed, pop, i, r, t);
  }
  CHECK(t.events[idx(Event::IbMigrated)] == 0);
  const StepContext open{.P = P, .L = L, .seed = 4, .month = 2, .ib_migration_open = true};
  for (std::size_t i = 0; i < 100; ++i) {
    Stream r(4, 0, i, 2, Process::Claims);
    step_claims(open, pop, i, r, t);
  }
  CHECK(t.events[idx(Event::IbMigrated)] == 100);
}

namespace {

// A claimant's state in each phase the claims rule distinguishes.
struct ClaimCase {
  const char* name;
  Benefit benefit;
  bool appeal, at_limit, ib_open;
};
constexpr ClaimCase kClaimCases[] = {
    {"assessment", Benefit::EsaAssessment, false, false, true},
    {"appeal pending", Benefit::EsaAssessment, true, false, true},
    {"WRAG", Benefit::EsaWrag, false, false, true},
    {"WRAG at the time limit", Benefit::EsaWrag, false, true, true},
    {"support group", Benefit::EsaSupport, false, false, true},
    {"IB, reassessment open", Benefit::Ib, false, false, true},
    {"IB, reassessment not begun", Benefit::Ib, false, false, false},
};

Population claim_population(std::size_t n, const Params& P, const ClaimCase& k, Severity v,
                            int months_claim) {
  Population pop = uniform_population(n, Condition::Msk, v, Labour::InactiveSick, k.benefit);
  for (std::size_t i = 0; i < n; ++i) {
    pop.appeal[i] = k.appeal ? 1 : 0;
    pop.contrib_only[i] = k.at_limit ? 1 : 0;
    pop.months_benefit[i] = static_cast<std::uint16_t>(
        k.at_limit ? static_cast<int>(P.claims.contributory_limit_months) - 1 : 5);
    pop.months_claim[i] = static_cast<std::uint16_t>(months_claim);
  }
  return pop;
}

}  // namespace

TEST_CASE("the start-up balance's claim exits are the step's claims rule", "[model][claims]") {
  Params P = zero_params();
  P.claims.ib_migration = 0.05;  // something to see when reassessment is open
  const Levels L = Levels::ones();
  for (const ClaimCase& k : kClaimCases)
    for (Severity v : {Severity::Mild, Severity::Moderate, Severity::Severe})
      for (int months_claim : {2, 30}) {
        INFO(k.name << ", " << kSeverityNames[idx(v)] << ", " << months_claim
                    << " months on the claim");
        const Population one = claim_population(1, P, k, v, months_claim);
        const AgentState a = AgentState::of(one, 0);
        const ClaimPhase phase = claim_phase(P, a, k.ib_open);
        const ClaimExit e = claim_exit(P, a, k.ib_open);
        // Exactly: each phase event's probability times its chance of ending the claim other
        // than into work, read from the parameters.
        const auto& C = P.claims;
        const auto& o = C.wca_outcome[idx(v)];
        const double wca_fit =
            (1 - o[idx(WcaOutcome::Support)] - o[idx(WcaOutcome::Wrag)]) * (1 - C.appeal_share);
        double fit = 0, other = 0;
        for (std::size_t j = 0; j < phase.event.size(); ++j) switch (phase.event[j]) {
            case ClaimEvent::AppealDecision:
              fit += phase.p[j] * (1 - C.appeal_success);
              break;
            case ClaimEvent::Wca:
            case ClaimEvent::IbMigration:
              fit += phase.p[j] * wca_fit;
              break;
            case ClaimEvent::None:
              break;
            default:
              other += phase.p[j];
          }
        CHECK(e.to_jsa == Approx(fit * C.fit_to_jsa).margin(1e-12));
        CHECK(e.to_none == Approx(fit * (1 - C.fit_to_jsa) + other).margin(1e-12));
        CHECK(e.to_work == Approx((1 - std::min(1.0, e.to_jsa + e.to_none)) *
                                  p_job_entry(P, Levels::ones(), a)));

        // Sampled: the step realises those exits within sampling error.
        const std::size_t n = 20000;
        Population pop = claim_population(n, P, k, v, months_claim);
        const StepContext ctx{
            .P = P, .L = L, .seed = 12, .month = 1, .ib_migration_open = k.ib_open};
        Tally t;
        for (std::size_t i = 0; i < n; ++i) {
          Stream r(12, 0, i, 1, Process::Claims);
          step_claims(ctx, pop, i, r, t);
        }
        double to_jsa = 0, to_none = 0;
        for (std::size_t i = 0; i < n; ++i) {
          to_jsa += pop.benefit[i] == Benefit::Jsa ? 1 : 0;
          to_none += pop.benefit[i] == Benefit::None ? 1 : 0;
        }
        const double N = static_cast<double>(n);
        auto within = [N](double got, double p) {
          return std::abs(got - N * p) <= 5 * std::sqrt(N * p * (1 - p)) + 1e-9;
        };
        CHECK(within(to_jsa, e.to_jsa));
        CHECK(within(to_none, e.to_none));
      }
}

namespace {

// Pointers to every count in x, in field-list order (arrays and structs flattened).
template <typename T>
void add_counts_of(T& x, std::vector<Persons*>& out);
std::vector<Persons*> counts_of(InterventionCounts& x) {
  std::vector<Persons*> out;
#define HWSIM_FIELD(name, measure, desc) add_counts_of(x.name, out);
  HWSIM_INTERVENTION_COUNT_FIELDS(HWSIM_FIELD)
#undef HWSIM_FIELD
  return out;
}
std::vector<Persons*> counts_of(Tally& x) {
  std::vector<Persons*> out;
#define HWSIM_FIELD(type, name, desc) add_counts_of(x.name, out);
  HWSIM_TALLY_FIELDS(HWSIM_FIELD)
#undef HWSIM_FIELD
  return out;
}
std::vector<Persons*> counts_of(Stocks& x) {
  std::vector<Persons*> out;
#define HWSIM_FIELD(type, name, desc) add_counts_of(x.name, out);
  HWSIM_STOCKS_FIELDS(HWSIM_FIELD)
#undef HWSIM_FIELD
  return out;
}
template <typename T>
void add_counts_of(T& x, std::vector<Persons*>& out) {
  if constexpr (std::is_same_v<T, Persons>) {
    out.push_back(&x);
  } else if constexpr (std::is_same_v<T, InterventionCounts>) {
    for (Persons* p : counts_of(x)) out.push_back(p);
  } else {
    for (auto& e : x) add_counts_of(e, out);
  }
}

// Fills a and b with distinct counts through the field list, merges b into a, and checks that
// every count is the sum and that the list covers the whole struct.
template <typename S>
void check_merge_adds_every_field() {
  S a, b;
  const auto pa = counts_of(a), pb = counts_of(b);
  REQUIRE(pa.size() * sizeof(Persons) == sizeof(S));
  for (std::size_t k = 0; k < pa.size(); ++k) {
    *pa[k] = static_cast<Persons>(k + 1);
    *pb[k] = static_cast<Persons>((k + 1) << 20);
  }
  a.merge(b);
  for (std::size_t k = 0; k < pa.size(); ++k) {
    INFO("count " << k);
    REQUIRE(*pa[k] == static_cast<Persons>((k + 1) + ((k + 1) << 20)));
    REQUIRE(*pb[k] == static_cast<Persons>((k + 1) << 20));
  }
}

}  // namespace

TEST_CASE("merging tallies and stocks adds every field", "[model][tally]") {
  check_merge_adds_every_field<InterventionCounts>();
  check_merge_adds_every_field<Tally>();
  check_merge_adds_every_field<Stocks>();
}

TEST_CASE("service use matches its mean and is zero where the mean is zero",
          "[model][services][statistical]") {
  Params P = zero_params();
  const Levels L = Levels::ones();
  Population pop = uniform_population(100000, Condition::Smi, Severity::Severe,
                                      Labour::InactiveSick, Benefit::EsaSupport);
  P.services.use[idx(Service::IaptSession)][idx(Condition::Smi)] = 0;
  const Donors donors = Donors::of(pop, P);
  const StepContext ctx{
      .P = P, .L = L, .seed = 8, .month = 1, .ib_migration_open = true, .id_base = pop.size()};
  const MonthResult r = step_month(ctx, pop, donors);
  CHECK(r.stocks.service[idx(Service::IaptSession)] == 0);
  // The survivors are all severe SMI, out of work: mean = use x severity ratio.
  const double n = static_cast<double>(r.stocks.condition[idx(Condition::Smi)]);
  const auto a = AgentState::of(pop, 0);
  for (Service s : {Service::GpConsultation, Service::MentalHealthContact, Service::InpatientDay}) {
    const double mean = mean_service_use(P, a, s);
    const double got = static_cast<double>(r.stocks.service[idx(s)]);
    INFO(kServiceNames[idx(s)] << ": mean " << mean << " per person");
    CHECK(std::abs(got - n * mean) < 5 * std::sqrt(n * mean) + 0.01 * n * mean);
  }
}

// The step's shortcut past phases 1-4 for quiet months (model/step.cpp: quiet_month) changes
// nothing: two copies of a spun-up population, one stepped with it and one without, stay equal
// field by field, and every month's flows and stocks are the same bytes. A twentieth of
// Islington with an employment service referred from GPs (so some agents are in it or have left
// it), over five years: the policy timeline's UC states are reached.
TEST_CASE("the shortcut past phases 1-4 for quiet months gives the four phases' results",
          "[model][slow]") {
  TempDir d;
  const auto path =
      d.write("long.yaml", "extends: " + test::source_path("tests/plan/data/coach-tiny.yaml") +
                               "\nsimulation: {months: 60}\n");
  const Scenario sc = load_scenario(path);
  Prepared prepared = prepare_replication(sc, fit_table(sc), 7, 0);
  Levels levels = prepared.balance.levels;
  plan_demography(sc.params, prepared.pop, levels);
  const Donors donors = Donors::of(prepared.pop, sc.params);
  Population with = prepared.pop, without = prepared.pop;
  const ServiceTable services = ServiceTable::of(sc.params);
  static_assert(std::has_unique_object_representations_v<Tally> &&
                std::has_unique_object_representations_v<Stocks>);
  auto same = [](const auto& a, const auto& b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  for (int m = 1; m < sc.sim.months; ++m) {
    const YearMonth date = sc.sim.start.plus(m);
    StepContext ctx{
        .P = sc.params,
        .L = levels,
        .seed = 7,
        .month = m,
        .ib_migration_open = months_between(sc.params.claims.ib_migration_start, date) >= 0,
        .id_base = with.size(),
        .services = &services,
        .interventions = &sc.interventions,
        .date = date,
        .policy = policy_month(sc.policy, date),
        .follow_claims = true};
    const MonthResult a = step_month(ctx, with, donors);
    ctx.quiet_shortcut = false;
    const MonthResult b = step_month(ctx, without, donors);
    INFO("month " << m);
    REQUIRE(same(a.tally, b.tally));
    REQUIRE(same(a.stocks, b.stocks));
  }
  CHECK(with.size() == prepared.pop.size());
#define HWSIM_SAME_FIELD(type, name, desc) CHECK(with.name == without.name);
  HWSIM_AGENT_FIELDS(HWSIM_SAME_FIELD)
#undef HWSIM_SAME_FIELD
}
