// Text for the formats hwsim writes by hand: JSON string literals (manifest.json, the data
// embedded in report.html) and text inside HTML or XML (report.html, Graphviz labels).
#pragma once
#include <string>
#include <vector>

namespace hwsim {

// A JSON string literal of `s`: quotes, backslashes and control characters escaped, and '<'
// as \u003c so the literal can sit inside an HTML <script> element; UTF-8 passes through.
std::string json_quote(const std::string& s);
// `s` with &, <, > and " as character references.
std::string html_escape(const std::string& s);
// A number for JSON: null where there is none (JSON has no NaN or infinity), else 6 digits.
std::string json_number(double v);
std::string json_numbers(const std::vector<double>& v);

}  // namespace hwsim
