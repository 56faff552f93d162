// Finance (issue: finance): ledgers, tax, discounting, the appraisal and gain sharing.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "finance/appraisal.hpp"
#include "finance/ledger.hpp"
#include "helpers.hpp"
#include "interventions/interventions.hpp"
#include "io/finance_writer.hpp"
#include "model/hazards.hpp"
#include "model/step.hpp"
#include "population/population.hpp"
#include "run/simulation.hpp"

using namespace hwsim;

namespace {

constexpr double kWeeksPerMonth = 52.0 / 12.0;

FinanceSettings baseline_finance() { return load_scenario(test::baseline_path()).finance; }

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t L(Line l) { return static_cast<std::size_t>(l); }

}  // namespace

TEST_CASE("income tax and National Insurance follow the 2014/15 rules by hand", "[finance][tax]") {
  const TaxRules t = baseline_finance().costs.tax;
  // 2,000 a month: allowance 10,000 a year, thresholds 153 a week.
  const Taxes a = taxes_on(2000, t);
  const double pa = 10000.0 / 12, pt = 153 * kWeeksPerMonth, uel = 805 * kWeeksPerMonth;
  CHECK(a.income_tax == Approx((2000 - pa) * 0.20));
  CHECK(a.employee_ni == Approx((2000 - pt) * 0.12));
  CHECK(a.employer_ni == Approx((2000 - pt) * 0.138));
  // 5,000 a month: into the higher rate and above the upper earnings limit.
  const Taxes b = taxes_on(5000, t);
  const double basic = 31865.0 / 12;
  CHECK(b.income_tax == Approx(basic * 0.20 + (5000 - pa - basic) * 0.40));
  CHECK(b.employee_ni == Approx((uel - pt) * 0.12 + (5000 - uel) * 0.02));
  CHECK(b.employer_ni == Approx((5000 - pt) * 0.138));
  // Below every threshold: nothing.
  const Taxes c = taxes_on(500, t);
  CHECK(c.income_tax == 0);
  CHECK(c.employee_ni == 0);
  CHECK(c.employer_ni == 0);
}

TEST_CASE("pay of a new job rises to its established level over the progression period",
          "[finance][earnings]") {
  AccountingParams A;
  A.entrant_earnings_ratio = 0.7;
  A.earnings_progression_months = 36;
  CHECK(pay_in_month(A, 1000, 0) == Approx(700));
  CHECK(pay_in_month(A, 1000, 18) == Approx(1000 * std::sqrt(0.7)));
  CHECK(pay_in_month(A, 1000, 36) == Approx(1000));
  CHECK(pay_in_month(A, 1000, 400) == Approx(1000));
}

TEST_CASE("a hand-computable population gives the exact ledgers", "[finance][ledger]") {
  const FinanceSettings f = baseline_finance();
  Population pop;
  pop.resize(4);
  for (std::size_t i = 0; i < 4; ++i) {
    pop.id[i] = i;
    pop.age_months[i] = 40 * 12;
    pop.condition[i] = Condition::None;
    pop.labour[i] = Labour::InactiveOther;
    pop.benefit[i] = Benefit::None;
  }
  // 0: in work four years at an established 2,000 a month (progression over).
  pop.labour[0] = Labour::Employed;
  pop.earnings[0] = 2000;
  pop.months_labour[0] = 48;
  // 1: in the ESA support group, 3 GP consultations and 2 prescription items this month.
  pop.benefit[1] = Benefit::EsaSupport;
  pop.use_gp[1] = 3;
  pop.use_rx[1] = 2;
  // 2: on JSA, one A&E attendance; 3: on IB, two inpatient days.
  pop.benefit[2] = Benefit::Jsa;
  pop.use_ae[2] = 1;
  pop.benefit[3] = Benefit::Ib;
  pop.use_inpatient[3] = 2;
  Stocks s;
  for (std::size_t i = 0; i < 4; ++i) count_stocks(pop, i, s);
  AccountingParams A;
  A.entrant_earnings_ratio = 0.7;
  A.earnings_progression_months = 36;
  const PaySums pay = sum_pay(pop, A, f.costs.tax);
  CHECK(pay.earnings == 200000);  // pence
  const Taxes x = taxes_on(2000, f.costs.tax);
  CHECK(pay.income_tax == std::llround(x.income_tax * 100));
  const Ledger l = post_ledger(f, s, Tally{}, pay, Interventions{}, YearMonth{2015, 1});
  CHECK(l[L(Line::DwpEsaSupport)] == Approx(108.15 * kWeeksPerMonth));
  CHECK(l[L(Line::DwpJsa)] == Approx(72.40 * kWeeksPerMonth));
  CHECK(l[L(Line::DwpIb)] == Approx(104.10 * kWeeksPerMonth));
  CHECK(l[L(Line::DwpEsaWrag)] == 0);
  CHECK(l[L(Line::HmtIncomeTax)] ==
        Approx(static_cast<double>(std::llround(x.income_tax * 100)) / 100));
  CHECK(l[L(Line::CcgGp)] == Approx(3 * 44.0));
  CHECK(l[L(Line::CcgPrescriptions)] == Approx(2 * 8.32));
  CHECK(l[L(Line::CcgAe)] == Approx(132.0));
  // Inpatient days are priced in 2011/12: uprated by the index to 2014/15.
  const double up = f.costs.index.by_year.at(2014) / f.costs.index.by_year.at(2011);
  CHECK(l[L(Line::CcgInpatient)] == Approx(2 * 334.0 * up));
  // A later price base year uprates every line by the same index ratio.
  FinanceSettings g = f;
  g.price_base_year = 2015;
  const Ledger l2 = post_ledger(g, s, Tally{}, pay, Interventions{}, YearMonth{2015, 1});
  const double r = f.costs.index.factor(2014, 2015);
  CHECK(l2[L(Line::DwpJsa)] == Approx(l[L(Line::DwpJsa)] * r));
  CHECK(l2[L(Line::HmtIncomeTax)] == Approx(l[L(Line::HmtIncomeTax)] * r));
  // Net by partner: spending minus receipts.
  const auto net = net_by_partner(l);
  CHECK(
      net[idx(Partner::HmTreasury)] ==
      Approx(-(l[L(Line::HmtIncomeTax)] + l[L(Line::HmtEmployeeNi)] + l[L(Line::HmtEmployerNi)])));
}

TEST_CASE("discounting matches the Green Book formula, year by financial year",
          "[finance][discount]") {
  FinanceSettings f;
  f.discount_rate = 0.035;
  f.start = {2014, 11};
  // Annual: year 0 is the financial year of the run's first month (2014/15: months 1-4,
  // December to March, undiscounted), year t at 1 / 1.035^t.
  CHECK(discount_factor(f, 1) == 1.0);
  CHECK(discount_factor(f, 4) == 1.0);                 // 2015-03
  CHECK(discount_factor(f, 5) == Approx(1 / 1.035));   // 2015-04
  CHECK(discount_factor(f, 16) == Approx(1 / 1.035));  // 2016-03
  CHECK(discount_factor(f, 17) == Approx(1 / (1.035 * 1.035)));
  for (int t = 1; t < 10; ++t) {
    CHECK(discount_factor(f, 12 * t - 7) == Approx(std::pow(1.035, -t)).epsilon(1e-12));
    CHECK(financial_year_of_month(f, 12 * t - 7) == 2014 + t);
    CHECK(financial_year_discount(f, 2014 + t) == discount_factor(f, 12 * t - 7));
  }
  // Discounted to a year before the run starts: 2014/15 is already year 1.
  f.discount_to = YearMonth{2013, 11};
  CHECK(discount_factor(f, 1) == Approx(1 / 1.035));
  // To a date after the start: earlier years are compounded forward.
  f.discount_to = YearMonth{2015, 11};
  CHECK(discount_factor(f, 1) == Approx(1.035));
  CHECK(discount_factor(f, 5) == 1.0);
  // To the end of March: year 0 is the financial year that starts the next month.
  f.discount_to = YearMonth{2015, 3};
  CHECK(discount_factor(f, 4) == Approx(1.035));
  CHECK(discount_factor(f, 5) == 1.0);
  f.discount_to.reset();
  f.discount_monthly = true;
  CHECK(discount_factor(f, 7) == Approx(std::pow(1.035, -0.5)));
  f.discount_rate = 0.05;
  CHECK(discount_factor(f, 25) == Approx(1 / (1.05 * 1.05)));
}

TEST_CASE("a hand-computable appraisal gives the exact NPV and payback", "[finance][appraisal]") {
  FinanceSettings f;
  f.discount_rate = 0.035;
  f.start = {2015, 3};  // months 1-12: financial year 2015/16, 13-24: 2016/17
  std::vector<Ledger> base(25, Ledger{}), scen(25, Ledger{});
  // DWP spends 1,000 on an intervention in month 1; ESA WRAG falls by 100 a month in year 1.
  scen[1][L(Line::DwpInterventions)] = 1000;
  for (int m = 13; m <= 24; ++m) scen[static_cast<std::size_t>(m)][L(Line::DwpEsaWrag)] = -100;
  // HM Treasury receives 10 more a month from month 2 on.
  for (int m = 2; m <= 24; ++m) scen[static_cast<std::size_t>(m)][L(Line::HmtIncomeTax)] = 10;
  const Appraisal a = appraise(f, base, scen, {}, {}, 24);
  const auto& dwp = a.before[idx(Partner::Dwp)];
  CHECK(dwp.cost == Approx(1000));
  CHECK(dwp.saving == Approx(1200 / 1.035));
  CHECK(dwp.npv == Approx(1200 / 1.035 - 1000));
  CHECK(dwp.bcr == Approx(1200 / 1.035 / 1000));
  CHECK(dwp.roi == Approx((1200 / 1.035 - 1000) / 1000));
  // Cumulative: -1000 until month 12, then +96.62 a month: first non-negative at month 23.
  CHECK(dwp.payback == 23);
  const auto& hmt = a.before[idx(Partner::HmTreasury)];
  CHECK(hmt.cost == 0);
  CHECK(hmt.saving == Approx(11 * 10 + 12 * 10 / 1.035));
  CHECK(std::isnan(hmt.bcr));
  CHECK(std::isnan(hmt.payback));
  const auto& total = a.before[kPartners];
  CHECK(total.npv == Approx(dwp.npv + hmt.npv));
  CHECK(a.line_pv[L(Line::DwpEsaWrag)] == Approx(-1200 / 1.035));
  // The cash flows by financial year: each line's part in its partner's net saving.
  REQUIRE(a.year_flow.size() == 2);
  REQUIRE(a.year_pv.size() == 2);
  CHECK(a.year_flow[0][L(Line::DwpInterventions)] == Approx(-1000));
  CHECK(a.year_flow[1][L(Line::DwpEsaWrag)] == Approx(1200));
  CHECK(a.year_pv[1][L(Line::DwpEsaWrag)] == Approx(1200 / 1.035));
  CHECK(a.year_flow[0][L(Line::HmtIncomeTax)] == Approx(110));
  CHECK(a.year_pv[1][L(Line::HmtIncomeTax)] == Approx(120 / 1.035));
  for (std::size_t p = 0; p < kPositions; ++p) {
    double pv = 0;
    for (const auto& year : a.year_pv)
      for (std::size_t l = 0; l < kLines; ++l)
        if (p == kPartners || idx(kLineInfo[l].partner) == p) pv += year[l];
    CHECK(pv == Approx(a.before[p].npv).margin(1e-9));
  }
  // Not paid back by a horizon of 20 months.
  const Appraisal b = appraise(f, base, scen, {}, {}, 20);
  CHECK(std::isnan(b.before[idx(Partner::Dwp)].payback));
  // Optimism bias raises the cost only.
  f.optimism_bias = 0.2;
  const Appraisal c = appraise(f, base, scen, {}, {}, 24);
  CHECK(c.before[idx(Partner::Dwp)].cost == Approx(1200));
  CHECK(c.before[idx(Partner::Dwp)].saving == Approx(dwp.saving));
  CHECK(c.year_flow[0][L(Line::DwpInterventions)] == Approx(-1200));
}

TEST_CASE("an appraisal from November discounts by financial year", "[finance][appraisal]") {
  FinanceSettings f;
  f.discount_rate = 0.035;  // from the default start, November 2014
  std::vector<Ledger> base(21, Ledger{}), scen(21, Ledger{});
  for (std::size_t m = 1; m <= 20; ++m) scen[m][L(Line::DwpJsa)] = -10;
  const Appraisal a = appraise(f, base, scen, {}, {}, 20);
  // 2014/15: December to March (4 months); 2015/16 (12); 2016/17: April to July (4): the cash
  // flows fall in the financial years of their months.
  REQUIRE(a.year_flow.size() == 3);
  CHECK(a.year_flow[0][L(Line::DwpJsa)] == Approx(40));
  CHECK(a.year_flow[1][L(Line::DwpJsa)] == Approx(120));
  CHECK(a.year_flow[2][L(Line::DwpJsa)] == Approx(40));
  CHECK(a.year_pv[2][L(Line::DwpJsa)] == Approx(40 / (1.035 * 1.035)));
  CHECK(a.before[idx(Partner::Dwp)].npv == Approx(40 + 120 / 1.035 + 40 / (1.035 * 1.035)));
}

namespace {
double sum(const std::array<double, kPartners>& t) {
  double s = 0;
  for (double x : t) s += x;
  return s;
}
std::array<PartnerResult, kPositions> positions() {
  std::array<PartnerResult, kPositions> b{};
  b[idx(Partner::Dwp)] = {0, 1500, 1000, kNaN, kNaN, kNaN};
  b[idx(Partner::HmTreasury)] = {0, 600, 600, kNaN, kNaN, kNaN};
  b[idx(Partner::NhsEngland)] = {300, 0, -300, 0, -1, kNaN};
  b[idx(Partner::Esf)] = {100, 0, -100, 0, -1, kNaN};
  return b;
}
}  // namespace

TEST_CASE("gain-sharing transfers sum to zero and respect caps and collars", "[finance][sharing]") {
  auto b = positions();
  SECTION("fixed shares of the net saving, with a cap") {
    GainRule r;
    r.kind = RuleKind::FixedShares;
    r.from = {Partner::Dwp};
    r.shares = {{Partner::NhsEngland, 0.5}, {Partner::Ccg, 0.25}};
    r.cap = 400;
    const auto t = apply_rule(r, b, 0);
    CHECK(t[idx(Partner::NhsEngland)] == Approx(400));  // 500, capped
    CHECK(t[idx(Partner::Ccg)] == Approx(250));
    CHECK(t[idx(Partner::Dwp)] == Approx(-650));
    CHECK(sum(t) == Approx(0).margin(1e-9));
    // On the gross saving instead.
    r.gross = true;
    r.cap.reset();
    const auto g = apply_rule(r, b, 0);
    CHECK(g[idx(Partner::NhsEngland)] == Approx(750));
  }
  SECTION("a loss is not shared without a collar, and shared down to the collar with one") {
    b[idx(Partner::Dwp)].npv = -1000;
    GainRule r;
    r.kind = RuleKind::FixedShares;
    r.from = {Partner::Dwp};
    r.shares = {{Partner::NhsEngland, 0.5}};
    auto t = apply_rule(r, b, 0);
    CHECK(t[idx(Partner::NhsEngland)] == 0);
    r.collar = -100;
    t = apply_rule(r, b, 0);
    CHECK(t[idx(Partner::NhsEngland)] == Approx(-100));  // NHS England pays DWP 100
    CHECK(t[idx(Partner::Dwp)] == Approx(100));
    CHECK(sum(t) == Approx(0).margin(1e-9));
  }
  SECTION("in proportion to investment") {
    GainRule r;
    r.kind = RuleKind::ProportionalToInvestment;
    r.from = {Partner::Dwp, Partner::HmTreasury};
    r.share = 0.5;
    auto t = apply_rule(r, b, 0);
    // Pot: 500 + 300 = 800, split 3:1 between NHS England and ESF by their costs.
    CHECK(t[idx(Partner::NhsEngland)] == Approx(600));
    CHECK(t[idx(Partner::Esf)] == Approx(200));
    CHECK(t[idx(Partner::Dwp)] == Approx(-500));
    CHECK(t[idx(Partner::HmTreasury)] == Approx(-300));
    CHECK(sum(t) == Approx(0).margin(1e-9));
    r.cap = 400;
    t = apply_rule(r, b, 0);
    CHECK(t[idx(Partner::NhsEngland)] + t[idx(Partner::Esf)] == Approx(400));
    CHECK(t[idx(Partner::Dwp)] == Approx(-250));
    CHECK(sum(t) == Approx(0).margin(1e-9));
    // Only named recipients.
    r.cap.reset();
    r.to = {Partner::Esf};
    t = apply_rule(r, b, 0);
    CHECK(t[idx(Partner::Esf)] == Approx(800));
    CHECK(t[idx(Partner::NhsEngland)] == 0);
  }
  SECTION("per sustained job outcome, capped") {
    GainRule r;
    r.kind = RuleKind::PerJobOutcome;
    r.from = {Partner::Dwp};
    r.to = {Partner::NhsEngland};
    r.amount = 2000;
    auto t = apply_rule(r, b, 3.5);
    CHECK(t[idx(Partner::NhsEngland)] == Approx(7000));
    r.cap = 5000;
    t = apply_rule(r, b, 3.5);
    CHECK(t[idx(Partner::NhsEngland)] == Approx(5000));
    CHECK(t[idx(Partner::Dwp)] == Approx(-5000));
    CHECK(sum(t) == Approx(0).margin(1e-9));
  }
}

TEST_CASE("the appraisal applies the rules and keeps the total", "[finance][sharing]") {
  FinanceSettings f;
  f.start = {2015, 3};  // months 1-12: one financial year, undiscounted
  std::vector<Ledger> base(13, Ledger{}), scen(13, Ledger{});
  scen[1][L(Line::NhsEnglandInterventions)] = 1000;
  for (int m = 1; m <= 12; ++m) scen[static_cast<std::size_t>(m)][L(Line::DwpJsa)] = -200;
  GainRule r;
  r.name = "half";
  r.kind = RuleKind::FixedShares;
  r.from = {Partner::Dwp};
  r.shares = {{Partner::NhsEngland, 0.5}};
  GainRule j;
  j.name = "jobs";
  j.kind = RuleKind::PerJobOutcome;
  j.from = {Partner::Dwp};
  j.to = {Partner::NhsEngland};
  j.amount = 100;
  j.interventions = {"ips"};
  f.gain_sharing = {r, j};
  std::vector<std::vector<double>> outcomes(13, std::vector<double>{0, 0});
  outcomes[6] = {2, 5};  // two outcomes of "ips", five of "other"
  const Appraisal a = appraise(f, base, scen, outcomes, {"ips", "other"}, 12);
  CHECK(a.transfers.size() == 2);
  CHECK(a.transfers[0][idx(Partner::NhsEngland)] == Approx(1200));
  CHECK(a.transfers[1][idx(Partner::NhsEngland)] == Approx(200));
  CHECK(a.npv_after[idx(Partner::Dwp)] == Approx(2400 - 1200 - 200));
  CHECK(a.npv_after[idx(Partner::NhsEngland)] == Approx(-1000 + 1400));
  CHECK(a.npv_after[kPartners] == Approx(a.before[kPartners].npv));
}

TEST_CASE("a scenario identical to the baseline has zero incremental cost and saving",
          "[finance][appraisal][slow]") {
  test::TempDir dir;
  const std::string short_base =
      dir.write("base.yaml", test::override_yaml("simulation: {months: 16, spin_up_months: 6}\n"));
  const std::string same =
      dir.write("same.yaml", "extends: base.yaml\nname: same\ndescription: no change\n");
  const Scenario b = load_scenario(short_base), s = load_scenario(same);
  const RunResult rb = run(b, 7, 2), rs = run(s, 7, 2);
  const Paired p{b, s, rb, rs};
  const FinanceResult f = appraise_paired(p);
  REQUIRE(f.reps.size() == 2);
  for (const auto& a : f.reps) {
    for (std::size_t k = 0; k < kPositions; ++k) {
      CHECK(a.before[k].cost == 0);
      CHECK(a.before[k].saving == 0);
      CHECK(a.npv_after[k] == 0);
    }
    for (double x : a.line_pv) CHECK(x == 0);
  }
  // And the ledgers were not empty.
  CHECK(rb.reps[0].months[3].accounts.ledger[L(Line::DwpEsaWrag)] > 0);
  CHECK(rb.reps[0].months[3].accounts.ledger[L(Line::HmtIncomeTax)] > 0);
  CHECK(rb.reps[0].months[3].accounts.ledger[L(Line::CcgGp)] > 0);
}

TEST_CASE("changing a unit cost changes only the ledger lines that use it",
          "[finance][ledger][slow]") {
  test::TempDir dir;
  std::string costs = read_all(test::source_path("scenarios/unit-costs.yaml"));
  const std::string from = "    gp_consultations:\n      value: 44\n";
  REQUIRE(costs.find(from) != std::string::npos);
  costs.replace(costs.find(from), from.size(), "    gp_consultations:\n      value: 55\n");
  const std::string dearer = dir.write("dearer.yaml", costs);
  const std::string a =
      dir.write("a.yaml", test::override_yaml("simulation: {months: 8, spin_up_months: 4}\n"));
  const std::string b =
      dir.write("b.yaml", "extends: a.yaml\nfinance: {unit_costs: " + dearer + "}\n");
  const RunResult ra = run(load_scenario(a), 11, 1), rb = run(load_scenario(b), 11, 1);
  for (std::size_t m = 1; m < ra.reps[0].months.size(); ++m)
    for (std::size_t l = 0; l < kLines; ++l) {
      const double x = ra.reps[0].months[m].accounts.ledger[l],
                   y = rb.reps[0].months[m].accounts.ledger[l];
      INFO(line_key(l) << " month " << m);
      if (l == L(Line::CcgGp)) {
        CHECK(x > 0);
        CHECK(y == Approx(x * 55 / 44));
      } else {
        CHECK(x == y);
      }
    }
}

TEST_CASE("bad finance input is refused with the file and key", "[finance][errors]") {
  test::TempDir dir;
  const std::string costs_text = read_all(test::source_path("scenarios/unit-costs.yaml"));
  // A scenario whose unit-costs file has `from` replaced by `to`.
  auto with_costs = [&](const std::string& name, const std::string& from, const std::string& to) {
    std::string t = costs_text;
    REQUIRE(t.find(from) != std::string::npos);
    t.replace(t.find(from), from.size(), to);
    const std::string c = dir.write(name + "-costs.yaml", t);
    return dir.write(name + ".yaml", test::override_yaml("finance: {unit_costs: " + c + "}\n"));
  };
  auto with_finance = [&](const std::string& name, const std::string& body) {
    return dir.write(name + ".yaml", test::override_yaml("finance:\n" + body));
  };
  SECTION("a unit cost without a source") {
    const auto e = test::error_of(with_costs("nosource", "      source: \"Average net ingredient",
                                             "      note: \"Average net ingredient"));
    CHECK_THAT(e, Catch::Contains("nosource-costs.yaml"));
    CHECK_THAT(e, Catch::Contains("unit_costs.nhs.prescription_items"));
    CHECK_THAT(e, Catch::Contains("source"));
  }
  SECTION("a negative cost") {
    const auto e =
        test::error_of(with_costs("negative", "      value: 132\n", "      value: -132\n"));
    CHECK_THAT(e, Catch::Contains("unit_costs.nhs.ae_attendances"));
    CHECK_THAT(e, Catch::Contains("out of range"));
  }
  SECTION("a price year the index does not have") {
    const auto e = test::error_of(
        with_costs("year", "      price_year: 2013/14\n", "      price_year: 2003/04\n"));
    CHECK_THAT(e, Catch::Contains("unit_costs.nhs.mental_health_contacts.price_year"));
    CHECK_THAT(e, Catch::Contains("2003/04"));
  }
  SECTION("a misspelt cost") {
    const auto e =
        test::error_of(with_costs("misspelt", "    gp_consultations:\n", "    gp_consultation:\n"));
    CHECK_THAT(e, Catch::Contains("unit_costs.nhs.gp_consultation"));
    CHECK_THAT(e, Catch::Contains("gp_consultations"));
  }
  SECTION("a missing unit-costs file") {
    const auto e = test::error_of(with_finance("missing", "  unit_costs: nowhere.yaml\n"));
    CHECK_THAT(e, Catch::Contains("missing.yaml"));
    CHECK_THAT(e, Catch::Contains("finance.unit_costs"));
    CHECK_THAT(e, Catch::Contains("nowhere.yaml"));
  }
  SECTION("a price base year outside the index") {
    const auto e = test::error_of(with_finance("base", "  price_base_year: 2030/31\n"));
    CHECK_THAT(e, Catch::Contains("2030/31"));
  }
  SECTION("an unknown partner in a rule") {
    const auto e = test::error_of(with_finance(
        "partner",
        "  gain_sharing:\n    - {rule: fixed_shares, from: dwp, shares: {nhs-england: {value: "
        "50, unit: percent, source: policy}}}\n"));
    CHECK_THAT(e, Catch::Contains("finance.gain_sharing[0].shares"));
    CHECK_THAT(e, Catch::Contains("nhs_england"));
  }
  SECTION("shares of more than the whole saving") {
    const auto e = test::error_of(with_finance(
        "shares",
        "  gain_sharing:\n    - rule: fixed_shares\n      from: dwp\n      shares:\n        "
        "ccg: {value: 60, unit: percent, source: policy}\n        nhs_england: {value: 60, unit: "
        "percent, source: policy}\n"));
    CHECK_THAT(e, Catch::Contains("more than the whole saving"));
  }
  SECTION("a cap below the collar") {
    const auto e = test::error_of(with_finance(
        "cap",
        "  gain_sharing:\n    - rule: per_job_outcome\n      from: dwp\n      to: nhs_england\n    "
        "  amount: {value: 1000, unit: gbp, source: policy}\n      cap: {value: 10, unit: gbp, "
        "source: policy}\n      collar: {value: 20, unit: gbp, source: policy}\n"));
    CHECK_THAT(e, Catch::Contains("finance.gain_sharing[0].cap"));
    CHECK_THAT(e, Catch::Contains("below the collar"));
  }
  SECTION("an unknown rule") {
    const auto e = test::error_of(
        with_finance("rule", "  gain_sharing:\n    - {rule: fixed_share, from: dwp}\n"));
    CHECK_THAT(e, Catch::Contains("fixed_shares"));
  }
  SECTION("a per-job rule for an intervention the scenario does not have") {
    const auto e = test::error_of(with_finance(
        "jobs",
        "  gain_sharing:\n    - rule: per_job_outcome\n      from: dwp\n      to: nhs_england\n    "
        "  amount: {value: 1000, unit: gbp, source: policy}\n      interventions: [ips]\n"));
    CHECK_THAT(e, Catch::Contains("no intervention named 'ips'"));
  }
  SECTION("a negative cap without a collar") {
    const auto e = test::error_of(with_finance(
        "negcap",
        "  gain_sharing:\n    - rule: fixed_shares\n      from: dwp\n      shares: {ccg: {value: "
        "50, unit: percent, source: policy}}\n      cap: {value: -500, unit: gbp, source: "
        "policy}\n"));
    CHECK_THAT(e, Catch::Contains("finance.gain_sharing[0].cap"));
  }
  SECTION("a partner named twice") {
    const auto e = test::error_of(with_finance(
        "twice",
        "  gain_sharing:\n    - rule: proportional_to_investment\n      from: [dwp, dwp]\n    "
        "  share: {value: 50, unit: percent, source: policy}\n"));
    CHECK_THAT(e, Catch::Contains("finance.gain_sharing[0].from"));
    CHECK_THAT(e, Catch::Contains("named twice"));
  }
  SECTION("a proportional rule with a negative collar") {
    const auto e = test::error_of(with_finance(
        "propcollar",
        "  gain_sharing:\n    - rule: proportional_to_investment\n      from: dwp\n      share: "
        "{value: 50, unit: percent, source: policy}\n      collar: {value: -10, unit: gbp, "
        "source: policy}\n"));
    CHECK_THAT(e, Catch::Contains("finance.gain_sharing[0].collar"));
  }
  SECTION("interventions on a rule that shares a whole saving") {
    const auto e = test::error_of(with_finance(
        "progs",
        "  gain_sharing:\n    - rule: fixed_shares\n      from: dwp\n      shares: {ccg: {value: "
        "50, unit: percent, source: policy}}\n      interventions: [x]\n"));
    CHECK_THAT(e, Catch::Contains("finance.gain_sharing[0].interventions"));
  }
  SECTION("a rule name that would break finance.csv and a name used twice") {
    const std::string rule =
        "rule: fixed_shares, from: dwp, shares: {ccg: {value: 10, unit: percent, source: p}}}";
    auto e = test::error_of(
        with_finance("comma", "  gain_sharing:\n    - {name: \"a,b\", " + rule + "\n"));
    CHECK_THAT(e, Catch::Contains("finance.gain_sharing[0].name"));
    e = test::error_of(with_finance(
        "dup", "  gain_sharing:\n    - {name: a, " + rule + "\n    - {name: a, " + rule + "\n"));
    CHECK_THAT(e, Catch::Contains("two rules are named 'a'"));
  }
  SECTION("a horizon before the run starts") {
    const auto e = test::error_of(with_finance("early", "  horizon: 2010-01\n"));
    CHECK_THAT(e, Catch::Contains("early.yaml:3"));
    CHECK_THAT(e, Catch::Contains("finance.horizon"));
  }
  SECTION("a discount rate out of range names its line") {
    const auto e = test::error_of(with_finance(
        "rate", "  discount_rate: {value: 60, unit: percent_per_year, source: policy}\n"));
    CHECK_THAT(e, Catch::Contains("rate.yaml:3"));
    CHECK_THAT(e, Catch::Contains("allowed 0 to 50"));
  }
  SECTION("a misspelt payer") {
    std::string t = read_all(test::source_path("scenarios/nhs-england-trial.yaml"));
    t.replace(t.find("extends: baseline.yaml"), 22, "extends: " + test::baseline_path());
    t.replace(t.find("payer: nhs_england"), 18, "payer: nhs-england");
    const auto e = test::error_of(dir.write("payer.yaml", t));
    CHECK_THAT(e, Catch::Contains("payer.yaml"));
    CHECK_THAT(e, Catch::Contains("costs.payer"));
    CHECK_THAT(e, Catch::Contains("nhs_england"));
  }
}
