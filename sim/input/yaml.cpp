#include "input/yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"

namespace hwsim {

int line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }
int col_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().column + 1; }

[[noreturn]] void fail(const std::string& file, const YAML::Node& at, const std::string& key,
                       const std::string& msg) {
  throw InputError(file, line_of(at), col_of(at), key, msg);
}

std::string suggest(const std::string& got, const std::vector<std::string>& valid) {
  std::string best;
  std::size_t best_d = 1000;
  for (const auto& v : valid) {
    const std::size_t d = edit_distance(got, v);
    if (d < best_d) {
      best_d = d;
      best = v;
    }
  }
  std::string list;
  for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
  if (!best.empty() && best_d <= std::max<std::size_t>(2, got.size() / 3))
    return fmt::format("unknown key; did you mean '{}'? (valid: {})", best, list);
  return fmt::format("unknown key (valid: {})", list);
}

std::string read_text(const std::string& path, const std::string& referrer, int ref_line,
                      const std::string& ref_key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!referrer.empty())
      throw InputError(referrer, ref_line, 1, ref_key,
                       fmt::format("cannot open extended file '{}'", path));
    throw InputError(path, 0, 0, "", "cannot open file (does it exist?)");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

YAML::Node parse(const std::string& file, const std::string& text) {
  try {
    YAML::Node n = YAML::Load(text);
    if (!n.IsMap()) throw InputError(file, 1, 1, "", "expected a mapping of keys at the top level");
    return n;
  } catch (const YAML::ParserException& e) {
    throw InputError(file, e.mark.line + 1, e.mark.column + 1, "",
                     fmt::format("malformed YAML: {}", e.msg));
  }
}

// yaml-cpp keeps the last of two equal keys without a word: refuse them, everywhere.
void check_duplicates(const std::string& file, const YAML::Node& n, const std::string& path) {
  if (n.IsMap()) {
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string k = it->first.Scalar();
      const std::string full = path.empty() ? k : path + "." + k;
      if (!seen.insert(k).second)
        throw InputError(file, line_of(it->first), col_of(it->first), full,
                         "duplicate key (it appears twice in the same mapping)");
      check_duplicates(file, it->second, full);
    }
  } else if (n.IsSequence()) {
    for (const auto& e : n) check_duplicates(file, e, path);
  }
}

double as_number(const std::string& file, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail(file, n, key, "expected a number");
  try {
    return n.as<double>();
  } catch (const YAML::Exception&) {
    fail(file, n, key, fmt::format("expected a number, got '{}'", n.Scalar()));
  }
}

std::string as_string(const std::string& file, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail(file, n, key, "expected a text value");
  return n.Scalar();
}

std::string flow_yaml(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

void check_keys(const std::string& file, const YAML::Node& n, const std::string& path,
                const std::vector<std::string>& valid) {
  if (!n.IsMap()) fail(file, n, path, "expected a mapping");
  for (auto it = n.begin(); it != n.end(); ++it) {
    const auto k = it->first.as<std::string>();
    if (std::find(valid.begin(), valid.end(), k) == valid.end())
      fail(file, it->first, path.empty() ? k : path + "." + k, suggest(k, valid));
  }
}

Quantity read_quantity(const std::string& file, const YAML::Node& entry, const std::string& key,
                       Kind kind, double lo, double hi,
                       const std::vector<std::string>& extra_keys) {
  if (!entry.IsMap()) fail(file, entry, key, "expected a mapping with value, unit and source");
  std::vector<std::string> keys{"value", "unit", "source", "note"};
  keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
  check_keys(file, entry, key, keys);
  if (!entry["value"]) fail(file, entry, key, "missing 'value'");
  if (!entry["unit"])
    fail(file, entry, key, fmt::format("missing 'unit' (one of: {})", kind_units(kind)));
  if (!entry["source"] || as_string(file, entry["source"], key + ".source").empty())
    fail(file, entry, key, "missing 'source': every number needs one");
  Quantity q;
  q.unit = as_string(file, entry["unit"], key + ".unit");
  const double raw = as_number(file, entry["value"], key);
  if (!convert_unit(kind, q.unit, 0.0, q.value))
    fail(file, entry["unit"], key + ".unit",
         fmt::format("unit '{}' does not fit here (use {})", q.unit, kind_units(kind)));
  if (!convert_unit(kind, q.unit, raw, q.value) || !(q.value >= lo) || !(q.value <= hi))
    fail(file, entry["value"], key,
         fmt::format("value {} {} is out of range (allowed {} to {}{})", raw, q.unit, lo, hi,
                     kind == Kind::Rate ? " as a monthly probability" : ""));
  q.raw_yaml = flow_yaml(entry["value"]);
  q.source = as_string(file, entry["source"], key + ".source");
  if (entry["note"]) q.note = as_string(file, entry["note"], key + ".note");
  q.line = line_of(entry);
  return q;
}

}  // namespace hwsim
