// report.html: the comparison as a strategy officer reads it. One self-contained file (no
// network access, opens from an email attachment). It leads with the answer in a sentence and
// the headline figures with their bands (change in claimants at the target date, the share of
// the fall the target needs, P(target met), extra sustained jobs, cost per extra sustained job
// and per claimant off benefit); then charts drawn by the embedded Chart.js (the difference with
// its band, both counts and the employment gap against their targets, each programme's
// caseload, who was helped, who pays and gains), each with its figures as a table; the finance
// and programme tables; and what the scenario changes and which of its numbers are thin.
#pragma once
#include <string>

#include "compare/finance.hpp"
#include "compare/psa.hpp"

namespace hwsim {

// With `psa` and `psa_outcomes` (--psa): a section of the chances, the cost-effectiveness plane,
// the acceptability curve and the value of information.
std::string render_report(const Paired& p, const FinanceResult& finance,
                          const PsaSummary* psa = nullptr,
                          const PsaOutcomes* psa_outcomes = nullptr);

}  // namespace hwsim
