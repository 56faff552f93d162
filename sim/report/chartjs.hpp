// Chart.js (Debian's libjs-chart.js, MIT licence), read at build time and embedded in
// report.html so the page draws its charts offline (sim/CMakeLists.txt makes chartjs.cpp).
#pragma once
#include <string>
#include <string_view>

namespace hwsim {

std::string_view chartjs_source();

// The end of a self-contained page: its data as JSON (the element with id "data"), Chart.js, the
// page's own script that draws from them, and the closing tags.
inline std::string page_end(std::string_view data_json, std::string_view script) {
  std::string out = "<script type=\"application/json\" id=\"data\">";
  out += data_json;
  out += "</script>\n<script>";
  out += chartjs_source();
  out += "</script>\n<script>";
  out += script;
  out += "</script>\n</body></html>\n";
  return out;
}

}  // namespace hwsim
