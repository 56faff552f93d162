// The appraisal of a comparison (issue: finance): each replication of the scenario appraised
// against its paired baseline (finance/appraisal.hpp), kept per replication, summarised across
// replications and set out as the finance table.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "compare/paired.hpp"
#include "finance/appraisal.hpp"
#include "run/stats.hpp"

namespace hwsim {

// What the appraisal of a comparison gives, per replication, in plain arrays (the layout of
// /finance in result.h5, so the table can be rebuilt from the file).
struct FinanceResult {
  std::vector<Appraisal> reps;
  YearMonth start;
  YearMonth discount_to;  // the date present values are taken to
  int last_month = 0;     // the appraisal's last month (the horizon, or the run's end)
  std::string price_base_year, horizon_asked;
  double discount_rate = 0, optimism_bias = 0;
  std::vector<std::string> rule_names;
};

// Appraises each replication of a comparison.
FinanceResult appraise_paired(const Paired& p);

// Measures of /finance/appraisal, per partner and the total.
inline constexpr std::array<std::string_view, 7> kFinanceMeasures{
    "cost", "saving", "npv", "bcr", "roi", "payback_month", "npv_after_sharing"};
// Measure `measure` (an index into kFinanceMeasures) of one replication at one position.
double measure_of(const Appraisal& a, std::size_t position, std::size_t measure);
std::vector<double> measure_values(const FinanceResult& f, std::size_t position,
                                   std::size_t measure);

// Mean and band over the values that exist (NaN: no cost, or not paid back), and how many.
struct Summary {
  Band band;
  std::size_t n = 0;
};
Summary summarise(const std::vector<double>& v);

// The finance table as text (cost, saving, NPV with band, BCR, ROI, payback, transfers).
std::string finance_table(const FinanceResult& f);

}  // namespace hwsim
