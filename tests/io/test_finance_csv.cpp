// finance.csv and cashflow.csv as a spreadsheet reads them: plain numbers, the same rows for
// every partner, payback as a month or none, and the cash flows' present values adding up to
// the NPV.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "comparison.hpp"
#include "finance_files.hpp"
#include "io/finance_writer.hpp"

using namespace hwsim;

namespace {

std::size_t L(Line l) { return static_cast<std::size_t>(l); }

// Five replications over 40 months from November 2014 (to March 2018): NHS England spends
// 1m a month on an intervention in months 1-6, and DWP's support-group spending falls from
// month 7 by a different amount in each replication, so the total pays back in some of them.
// DWP passes half its saving to NHS England.
FinanceResult five_replications(const std::vector<double>& fall) {
  FinanceSettings f;
  f.discount_rate = 0.035;
  GainRule half;
  half.name = "half";
  half.kind = RuleKind::FixedShares;
  half.from = {Partner::Dwp};
  half.shares = {{Partner::NhsEngland, 0.5}};
  f.gain_sharing = {half};
  const int months = 40;
  FinanceResult r;
  r.start = f.start;
  r.discount_to = f.start;
  r.last_month = months;
  r.price_base_year = "2014/15";
  r.horizon_asked = "2018-03";
  r.discount_rate = f.discount_rate;
  r.rule_names = {"half"};
  r.first_year = financial_year_of_month(f, 1);
  for (int fy = r.first_year; fy <= financial_year_of_month(f, months); ++fy)
    r.year_discount.push_back(financial_year_discount(f, fy));
  for (const double x : fall) {
    std::vector<Ledger> base(months + 1, Ledger{}), scen(months + 1, Ledger{});
    for (std::size_t m = 1; m <= 6; ++m) scen[m][L(Line::NhsEnglandInterventions)] = 1e6;
    for (std::size_t m = 7; m <= months; ++m) scen[m][L(Line::DwpEsaSupport)] = -x;
    r.reps.push_back(appraise(f, base, scen, {}, {}, months));
  }
  return r;
}

std::string cell(const std::string& dir, const std::string& file, const std::string& partner,
                 const std::string& key, const std::string& column) {
  for (const auto& row : test::read_csv(dir + "/" + file, nullptr))
    if (row.at("partner") == partner &&
        (row.count("measure") ? row.at("measure")
                              : row.at("line") + "@" + row.at("financial_year")) == key)
      return row.at(column);
  FAIL("no row " << partner << " " << key << " in " << file);
  return {};
}

}  // namespace

TEST_CASE(
    "finance.csv and cashflow.csv: plain numbers, the same rows for every partner, "
    "present values adding up to the NPV",
    "[io][finance]") {
  test::TempDir d;
  auto write = [&](const FinanceResult& f) {
    write_finance_csv(d.file("finance.csv"), f);
    write_cashflow_csv(d.file("cashflow.csv"), f);
    return test::check_finance_files(d.path());
  };
  SECTION("a small comparison") { write(test::small_comparison().finance); }
  SECTION("millions over four financial years, paid back in three replications of five") {
    const FinanceResult f = five_replications({700e3, 500e3, 400e3, 100e3, 50e3});
    const auto mean = write(f);
    CHECK(mean.at("total/paid_back_share") == Approx(0.6));
    CHECK(mean.at("nhs_england/paid_back_share") == 0);
    CHECK(test::is_month_or_none(cell(d.path(), "finance.csv", "total", "payback_month", "p50")));
    CHECK(cell(d.path(), "finance.csv", "total", "payback_month", "p50") != "none");
    CHECK(cell(d.path(), "finance.csv", "total", "payback_month", "mean").empty());
    CHECK(cell(d.path(), "finance.csv", "nhs_england", "payback_month", "p50") == "none");
    CHECK(cell(d.path(), "finance.csv", "dwp", "payback_month", "p50").empty());  // no cost
    // DWP has no intervention line of its own spending: zero, not missing.
    CHECK(cell(d.path(), "finance.csv", "dwp", "change.interventions", "mean") == "0");
    CHECK(cell(d.path(), "finance.csv", "nhs_england", "change.esa_support", "mean") == "0");
    CHECK(cell(d.path(), "finance.csv", "total", "transfer.half", "mean") == "0");
    // 2014/15 (December to March) to 2017/18, each at its Green Book factor.
    CHECK(cell(d.path(), "cashflow.csv", "total", "total@2014/15", "first_month") == "2014-12");
    CHECK(cell(d.path(), "cashflow.csv", "total", "total@2014/15", "discount_factor") ==
          "1.000000");
    CHECK(cell(d.path(), "cashflow.csv", "total", "total@2016/17", "appraisal_year") == "2");
    CHECK(cell(d.path(), "cashflow.csv", "total", "total@2016/17", "discount_factor") ==
          "0.933511");
    CHECK(cell(d.path(), "cashflow.csv", "total", "total@2017/18", "last_month") == "2018-03");
    // NHS England's spending: 4m in 2014/15 (December to March), 2m in 2015/16 (April, May).
    CHECK(cell(d.path(), "cashflow.csv", "nhs_england", "interventions@2014/15", "flow_mean") ==
          "-4000000.00");
    CHECK(cell(d.path(), "cashflow.csv", "nhs_england", "interventions@2015/16",
               "present_value_mean") == fmt::format("{:.2f}", -2e6 / 1.035));
  }
  SECTION("paid back in two replications of five: no payback month") {
    const auto mean = write(five_replications({700e3, 500e3, 100e3, 50e3, 20e3}));
    CHECK(mean.at("total/paid_back_share") == Approx(0.4));
    CHECK(cell(d.path(), "finance.csv", "total", "payback_month", "p50") == "none");
    CHECK(cell(d.path(), "finance.csv", "total", "payback_month", "p05").empty());
  }
}
