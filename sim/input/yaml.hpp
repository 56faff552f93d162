// YAML helpers shared by every reader: positions, one-line errors with file, line and key,
// "did you mean" suggestions, typed scalars and quantities with unit and source.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "input/units.hpp"

namespace hwsim {

int line_of(const YAML::Node& n);
int col_of(const YAML::Node& n);
[[noreturn]] void fail(const std::string& file, const YAML::Node& at, const std::string& key,
                       const std::string& msg);
// "unknown key; did you mean ...? (valid: ...)"
std::string suggest(const std::string& got, const std::vector<std::string>& valid);
// Fails on the first key of map `n` not in `valid` (keys are reported as path.key).
void check_keys(const std::string& file, const YAML::Node& n, const std::string& path,
                const std::vector<std::string>& valid);
std::string read_text(const std::string& path, const std::string& referrer, int ref_line,
                      const std::string& ref_key);
YAML::Node parse(const std::string& file, const std::string& text);
// yaml-cpp keeps the last of two equal keys without a word: refuse them, everywhere.
void check_duplicates(const std::string& file, const YAML::Node& n, const std::string& path);
double as_number(const std::string& file, const YAML::Node& n, const std::string& key);
std::string as_string(const std::string& file, const YAML::Node& n, const std::string& key);
std::string flow_yaml(const YAML::Node& n);

// A number with its unit and source: {value: 0.3, unit: probability, source: "..."}.
struct Quantity {
  double value = 0;  // converted to the stored form of its kind
  std::string raw_yaml, unit, source, note;
  int line = 0;
};
// `extra_keys` are further keys the caller reads itself (e.g. price_year).
Quantity read_quantity(const std::string& file, const YAML::Node& entry, const std::string& key,
                       Kind kind, double lo, double hi,
                       const std::vector<std::string>& extra_keys = {});

}  // namespace hwsim
