// What the pages of the report floor share: numbers for people (whole numbers, pounds), a band
// as JSON, a table with its caption, and the stylesheet.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "run/stats.hpp"

namespace hwsim {

// Whole numbers with thousands separators, signed where asked: 12,820 / -412; "n/a" for NaN.
std::string whole(double v, bool sign = false);
// Pounds for people: £950, £12k, £1.3m; "n/a" for NaN.
std::string pounds(double v);
// {"mean": m, "p05": a, "p95": b}.
std::string json_band(const Band& b);

struct Cell {
  std::string text;
  bool number = false;  // right-aligned, tabular figures
};
// A table whose first column heads its rows; texts are escaped here.
std::string table(const std::string& id, const std::string& caption,
                  const std::vector<std::string>& head, const std::vector<std::vector<Cell>>& rows);

// The stylesheet of the pages.
std::string_view report_style();
// The end of a page's script, after its charts: body[data-drawn] set to the number of charts
// drawn and body[data-overlaps] to the pairs of text boxes that overlap (read by the tests that
// render the pages).
std::string_view drawn_and_layout_check();

}  // namespace hwsim
