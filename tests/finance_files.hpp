// Test helper: reads finance.csv and cashflow.csv as a spreadsheet would and checks what every
// comparison's pair of files must hold: every number in plain notation (never 1.85839e+06),
// the same rows for every partner, payback as YYYY-MM or none, and the present values of
// cashflow.csv adding up to the NPV of finance.csv to the pound.
#pragma once
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace hwsim::test {

using CsvRow = std::map<std::string, std::string>;  // column -> cell

// A CSV without quoted cells (these files have none) as rows keyed by the header's names.
inline std::vector<CsvRow> read_csv(const std::string& path, std::vector<std::string>* header) {
  std::ifstream in(path);
  REQUIRE(in);
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::size_t from = 0;
    for (;;) {
      const std::size_t comma = line.find(',', from);
      cells.push_back(line.substr(from, comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    return cells;
  };
  std::string line;
  REQUIRE(std::getline(in, line));
  const std::vector<std::string> names = split(line);
  if (header) *header = names;
  std::vector<CsvRow> rows;
  while (std::getline(in, line)) {
    INFO(path << ": " << line);
    CHECK(line.find('"') == std::string::npos);
    const auto cells = split(line);
    REQUIRE(cells.size() == names.size());
    CsvRow row;
    for (std::size_t k = 0; k < names.size(); ++k) row[names[k]] = cells[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

// A number as a spreadsheet reads it without guessing: digits, at most one point, a sign.
inline double plain_number(const std::string& cell) {
  INFO("cell '" << cell << "'");
  static const std::regex plain(R"(-?[0-9]+(\.[0-9]+)?)");
  CHECK(std::regex_match(cell, plain));
  double x = NAN;
  const auto r = std::from_chars(cell.data(), cell.data() + cell.size(), x);
  CHECK(r.ec == std::errc());
  CHECK(r.ptr == cell.data() + cell.size());
  return x;
}

inline bool is_month_or_none(const std::string& cell) {
  static const std::regex month(R"([0-9]{4}-(0[1-9]|1[0-2])|none)");
  return std::regex_match(cell, month);
}

// What the two files of a comparison written to `dir` must hold; returns finance.csv's means
// by "partner/measure" for further checks.
inline std::map<std::string, double> check_finance_files(const std::string& dir) {
  for (const char* name : {"/finance.csv", "/cashflow.csv"}) {
    std::ifstream in(dir + name);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(name);
    CHECK(!text.empty());
    CHECK(text.find("e+") == std::string::npos);
  }
  std::map<std::string, double> mean;
  std::map<std::string, std::vector<std::string>> measures;  // partner -> its rows, in order
  std::map<std::string, std::string> payback;                // partner -> median payback
  std::vector<std::string> header;
  for (const auto& row : read_csv(dir + "/finance.csv", &header)) {
    const std::string& partner = row.at("partner");
    const std::string& measure = row.at("measure");
    INFO(partner << "," << measure);
    measures[partner].push_back(measure);
    for (const char* col : {"mean", "p05", "p50", "p95"}) {
      const std::string& cell = row.at(col);
      if (cell.empty()) continue;
      if (measure == "payback_month") {
        CHECK(std::string(col) != "mean");
        CHECK(is_month_or_none(cell));
        continue;
      }
      const double x = plain_number(cell);
      if (row.at("unit") == "GBP") CHECK(cell.find('.') == std::string::npos);  // whole pounds
      if (std::string(col) == "mean") mean[partner + "/" + measure] = x;
    }
    if (measure == "payback_month") payback[partner] = row.at("p50");
    plain_number(row.at("replications"));
    plain_number(row.at("discount_rate"));
  }
  REQUIRE(measures.count("total") == 1);
  const auto& first = measures.begin()->second;
  for (const auto& [partner, list] : measures) {
    INFO(partner);
    CHECK(list == first);  // the same rows for every partner
  }
  // Payback shown as a month only where more than half the replications pay back.
  for (const auto& [partner, median] : payback) {
    const auto share = mean.find(partner + "/paid_back_share");
    INFO(partner << ": payback " << median);
    if (share == mean.end()) {
      CHECK(median.empty());  // no cost: payback does not apply
      continue;
    }
    CHECK(!median.empty());
    CHECK((median != "none") == (share->second > 0.5));
  }
  std::map<std::string, double> pv;  // partner -> sum of its total line's present values
  for (const auto& row : read_csv(dir + "/cashflow.csv", &header)) {
    INFO(row.at("partner") << "," << row.at("line") << "," << row.at("financial_year"));
    for (const auto& [col, cell] : row) {
      if (col == "partner" || col == "line" || col == "price_base_year" ||
          col == "financial_year" || col == "first_month" || col == "last_month")
        continue;
      if (!cell.empty()) plain_number(cell);
    }
    CHECK(std::regex_match(row.at("financial_year"), std::regex(R"([0-9]{4}/[0-9]{2})")));
    CHECK(is_month_or_none(row.at("first_month")));
    if (row.at("line") == "total")
      pv[row.at("partner")] += plain_number(row.at("present_value_mean"));
  }
  for (const auto& [partner, list] : measures) {
    INFO(partner << ": cashflow.csv present values " << pv[partner] << ", finance.csv NPV "
                 << mean.at(partner + "/npv"));
    CHECK(std::abs(pv[partner] - mean.at(partner + "/npv")) <= 1.0);
  }
  return mean;
}

}  // namespace hwsim::test
