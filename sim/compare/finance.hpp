// The appraisal of a comparison (issue: finance): each replication of the scenario appraised
// against its paired baseline (finance/appraisal.hpp), kept per replication, summarised across
// replications and set out as the finance table.
#pragma once
#include <array>
#include <optional>
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
  bool discount_monthly = false;
  std::vector<std::string> rule_names;
  // The appraisal's financial years, from the one of month 1 (Appraisal::year_flow), and each
  // one's Green Book discount factor (NaN with monthly discounting, where each month has its
  // own).
  int first_year = 0;
  std::vector<double> year_discount;
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

// The payback of a position across replications: whether it applies (a cost in some
// replication), how many replications pay back by the horizon, and, only when more than half
// do, the median payback month and its 5th and 95th percentiles, counting those that do not
// pay back as never (no `late` month: the 95th percentile does not pay back by the horizon).
struct PaybackSummary {
  bool applies = false;
  std::size_t paid = 0, reps = 0;
  std::optional<YearMonth> month, early, late;
};
PaybackSummary payback_of(const FinanceResult& f, std::size_t position);

// Every ledger line's name once, in ledger order (the partners share "interventions").
std::vector<std::string_view> ledger_line_names();
// The lines named `name` of a position (the partner's own; for the total, every partner's);
// none where the partner has no such line.
std::vector<std::size_t> lines_of(std::size_t position, std::string_view name);

// The first and last month of appraisal year y that the appraisal covers.
YearMonth year_first_month(const FinanceResult& f, std::size_t year);
YearMonth year_last_month(const FinanceResult& f, std::size_t year);

// The finance table as text (cost, saving, NPV with band, BCR, ROI, payback, transfers).
std::string finance_table(const FinanceResult& f);

}  // namespace hwsim
