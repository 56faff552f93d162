// The finance outputs of `hwsim compare` (issue: finance, point 4): the /finance group of
// result.h5, finance.csv (one row per partner and measure), the table on the terminal and in
// report.html, and `hwsim finance DIR`, which prints the same table from result.h5.
#pragma once
#include <hdf5.h>

#include <string>
#include <vector>

#include "finance/appraisal.hpp"
#include "io/compare_writer.hpp"

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
std::vector<double> measure_values(const FinanceResult& f, std::size_t position,
                                   std::size_t measure);

void write_finance_h5(hid_t file, const Paired& p, const FinanceResult& f);
void write_finance_csv(const std::string& path, const FinanceResult& f);
// The finance table as text (cost, saving, NPV with band, BCR, ROI, payback, transfers).
std::string finance_table(const FinanceResult& f);
// Reads /finance of a comparison's result.h5 back (throws with the file's name).
FinanceResult read_finance(const std::string& result_h5);

// /finance/ledger of a single run: each partner's ledger lines month by month.
void write_ledger_h5(hid_t file, const Scenario& sc, const RunResult& r);

}  // namespace hwsim
