// Chart.js (Debian's libjs-chart.js, MIT licence), read at build time and embedded in
// report.html so the page draws its charts offline (sim/CMakeLists.txt makes chartjs.cpp).
#pragma once
#include <string_view>

namespace hwsim {

std::string_view chartjs_source();

}  // namespace hwsim
