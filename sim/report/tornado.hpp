// tornado.html: the one-way sensitivity analysis of a comparison as two tornado diagrams (the
// March 2019 difference in claimants, and the total NPV), each bar a quantity from its 5th to its
// 95th percentile, widest first, with the figures as a table; a self-contained page with Chart.js
// embedded, so it opens offline.
#pragma once
#include <string>

#include "compare/sensitivity.hpp"

namespace hwsim {

std::string render_tornado(const Scenario& baseline, const Scenario& scenario, const Sensitivity& s,
                           int bars = 20);

}  // namespace hwsim
