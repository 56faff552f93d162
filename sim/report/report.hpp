// report.html: the comparison as a strategy officer reads it. One self-contained file (no
// network access, opens from an email attachment): the data as embedded JSON and a small
// script that draws the charts as SVG - ESA/IB claimants baseline vs scenario with 5-95%
// bands and the target line, the long-term-condition employment gap, each intervention's
// caseload and waiting list, who was helped, and who pays and who gains (before and after
// gain sharing).
#pragma once
#include <string>

#include "compare/finance.hpp"

namespace hwsim {

std::string render_report(const Paired& p, const FinanceResult& finance);

}  // namespace hwsim
