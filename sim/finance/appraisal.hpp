// The appraisal (issue: finance, points 2 and 3): a scenario's ledgers against its paired
// baseline's, per partner and in total - incremental cost (intervention spend, with any
// optimism-bias uplift) and saving (less benefit and NHS spending, more tax), discounted at
// the Green Book rate to the start of the run, as NPV, benefit-cost ratio, return on
// investment and payback month - then the gain-sharing rules applied to the result.
#pragma once
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "finance/ledger.hpp"

namespace hwsim {

// Partners and, last, the total over all of them.
inline constexpr std::size_t kPositions = kPartners + 1;
std::string position_name(std::size_t k);  // partner name or "total"

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct PartnerResult {
  double cost = 0;        // present value of the extra intervention spend (with optimism bias)
  double saving = 0;      // present value of lower spending and higher receipts on other lines
  double npv = 0;         // saving - cost
  double bcr = kNaN;      // saving / cost (only where cost > 0)
  double roi = kNaN;      // (saving - cost) / cost (only where cost > 0)
  double payback = kNaN;  // month (1 = the first month of the run) from which the cumulative
                          // discounted net saving is never negative again; NaN if it is still
                          // negative at the horizon or there is no cost
};

// One replication's appraisal.
struct Appraisal {
  std::array<PartnerResult, kPositions> before{};
  Ledger line_pv{};  // present value of scenario minus baseline on each ledger line
  // Cash flows by appraisal year (financial years, April to March; 0: the financial year of
  // month 1): year_flow[y][l] is line l's part in its partner's net saving over the months of
  // year y in the appraisal, undiscounted - lower spending or higher receipts positive, extra
  // spending negative (intervention spend with any optimism bias) - and year_pv the same
  // discounted. Summed over a partner's lines and the years they give its NPV.
  std::vector<Ledger> year_flow, year_pv;
  std::vector<std::array<double, kPartners>> transfers;  // per rule: received (+), paid (-)
  std::array<double, kPositions> npv_after{};            // after all transfers
};

// The financial year (April to March, as the calendar year it starts in) of month m of the run
// (0 = the run's start month).
int financial_year_of_month(const FinanceSettings& f, int month);

// Green Book discount factor for financial year fy: 1 / (1 + r)^t with t the financial years
// since year 0, the financial year of the month after the discounting date
// (finance.discount_to, by default the run's start, so year 0 is the financial year of the
// run's first month); year 0 is not discounted, years before it are compounded.
double financial_year_discount(const FinanceSettings& f, int fy);

// The discount factor for month m (1 = the first month of the run): annual discounting gives
// the factor of the month's financial year; monthly gives 1 / (1 + r)^(k / 12), k the months
// since the discounting date less one.
double discount_factor(const FinanceSettings& f, int month);

// The last month of the appraisal: the horizon, or the last month simulated if earlier.
int appraisal_last_month(const FinanceSettings& f, YearMonth start, int months);

// base and scen: ledgers of months 0..; outcomes[m][k]: sustained job outcomes of intervention
// k in month m (scenario); names: the interventions' names (for per-job rules).
Appraisal appraise(const FinanceSettings& f, const std::vector<Ledger>& base,
                   const std::vector<Ledger>& scen,
                   const std::vector<std::vector<double>>& outcomes,
                   const std::vector<std::string>& names, int last_month);

// One rule's transfers given the positions before sharing and the discounted count of job
// outcomes it pays for. They sum to zero.
std::array<double, kPartners> apply_rule(const GainRule& rule,
                                         const std::array<PartnerResult, kPositions>& before,
                                         double discounted_outcomes);

}  // namespace hwsim
