// Ledgers (issue: finance, point 1): each month, each partner's money, posted from the agents'
// states by the accounting step. Tax and National Insurance are worked out person by person on
// each one's pay; benefits and NHS use are the month's claimant and event counts at their unit
// costs; intervention spend goes to the partner who pays. Amounts are pounds a month at the
// prices of the price base year. Per-person sums are in whole pence, so they are exact and the
// same for any thread count.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "finance/finance.hpp"

namespace hwsim {

class Population;
struct Stocks;
struct Tally;
struct Interventions;

using Ledger = std::array<double, kLines>;

// Income tax and National Insurance on one person's gross pay for a month.
struct Taxes {
  double income_tax = 0, employee_ni = 0, employer_ni = 0;
};
Taxes taxes_on(double monthly_pay, const TaxRules& t);

// Sums over the residents in work, in pence at the model's prices (2014/15).
struct PaySums {
  std::int64_t earnings = 0, income_tax = 0, employee_ni = 0, employer_ni = 0;
};
// What the accounting step needs per person: the tax system and the pay progression by months
// in the job (looked up, not raised to a power per person).
struct PayTable {
  TaxRules tax;
  std::vector<double> progression;  // by months in the job, 0..T; 1 after
  static PayTable of(const AccountingParams& A, const TaxRules& t);
  // Adds person i's pay, tax and National Insurance (if in work) to s.
  void add(const Population& pop, std::size_t i, PaySums& s) const;
};
void merge_into(PaySums& a, const PaySums& b);
// Over the whole population (the step sums the same per person in its own pass).
PaySums sum_pay(const Population& pop, const AccountingParams& A, const TaxRules& t);

// The month's ledger from its stocks (claimants, service use, caseloads), flows (starts, job
// outcomes) and pay sums.
Ledger post_ledger(const FinanceSettings& f, const Stocks& s, const Tally& t, const PaySums& pay,
                   const Interventions& interventions, YearMonth date);

// Each partner's net spending in a ledger (spending minus receipts).
std::array<double, kPartners> net_by_partner(const Ledger& l);

}  // namespace hwsim
