#include "input/yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <type_traits>

#include "core/error.hpp"

namespace hwsim {

int line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }
int col_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().column + 1; }

[[noreturn]] void fail(const std::string& file, const YAML::Node& at, const std::string& key,
                       const std::string& msg) {
  throw InputError(file, line_of(at), col_of(at), key, msg);
}

namespace {

// The closest of `valid` to `got`, if it is close enough to be a likely misspelling.
std::string closest(const std::string& got, const std::vector<std::string>& valid) {
  std::string best;
  std::size_t best_d = 1000;
  for (const auto& v : valid) {
    const std::size_t d = edit_distance(got, v);
    if (d < best_d) {
      best_d = d;
      best = v;
    }
  }
  if (!best.empty() && best_d <= std::max<std::size_t>(2, got.size() / 3)) return best;
  return "";
}

// ", got 'x'" (or ", got a list" ...) for messages about the value of `n`.
std::string got_text(const YAML::Node& n) {
  if (n.IsScalar()) return fmt::format(", got '{}'", n.Scalar());
  if (n.IsSequence()) return ", got a list";
  if (n.IsMap()) return ", got a mapping";
  return ", got nothing";
}

}  // namespace

std::string suggest(const std::string& got, const std::vector<std::string>& valid) {
  const std::string best = closest(got, valid);
  const std::string list = fmt::format("{}", fmt::join(valid, ", "));
  if (!best.empty()) return fmt::format("unknown key; did you mean '{}'? (valid: {})", best, list);
  return fmt::format("unknown key (valid: {})", list);
}

std::string unknown(const std::string& what, const std::string& got,
                    const std::vector<std::string>& valid) {
  const std::string best = closest(got, valid);
  const std::string list = fmt::format("{}", fmt::join(valid, ", "));
  if (!best.empty())
    return fmt::format("unknown {} '{}'; did you mean '{}'? (known: {})", what, got, best, list);
  return fmt::format("unknown {} '{}' (known: {})", what, got, list);
}

namespace {

std::string read_file_text(const std::string& path, const std::string& referrer, int ref_line,
                           const std::string& ref_key) {
  // A problem with the file itself: said at the line of the file that named it, if any.
  auto refuse = [&](const std::string& what) -> InputError {
    if (!referrer.empty())
      return InputError(referrer, ref_line, 1, ref_key,
                        fmt::format("extended file '{}' {}", path, what));
    return InputError(path, 0, 0, "", what);
  };
  // Only a regular file of modest size: a folder, a device (/dev/zero) or a pipe could be read
  // without end, and no scenario or calibration file comes near the limit.
  constexpr std::uintmax_t kMaxBytes = 8u << 20;
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) {
    if (!referrer.empty())
      throw InputError(referrer, ref_line, 1, ref_key,
                       fmt::format("cannot open extended file '{}'", path));
    throw InputError(path, 0, 0, "", "cannot open file (does it exist?)");
  }
  if (std::filesystem::is_directory(st)) throw refuse("is a folder, not a YAML file");
  if (!std::filesystem::is_regular_file(st))
    throw refuse("is not a regular file (a device, pipe or socket), so it is not read");
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxBytes)
    throw refuse(fmt::format("is {:.1f} MB, more than the {} MB a YAML file may have",
                             static_cast<double>(size) / (1 << 20), kMaxBytes >> 20));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw refuse("cannot be opened for reading");
  // Read in pieces up to the limit (a file that grows after the check stops there), not into
  // a buffer of the limit's size: filling 8 MB cost more than reading a scenario.
  std::string text;
  text.reserve(ec ? 4096 : static_cast<std::size_t>(size) + 1);
  char piece[1 << 14];
  while (in.read(piece, sizeof piece) || in.gcount() > 0) {
    text.append(piece, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxBytes)  // it grew after the check
      throw refuse(fmt::format("is more than the {} MB a YAML file may have", kMaxBytes >> 20));
  }
  return text;
}

}  // namespace

std::string read_text(const std::string& path, const std::string& referrer, int ref_line,
                      const std::string& ref_key) {
  TextCache* cache = TextCache::current();
  if (cache) {
    if (auto it = cache->texts_.find(path); it != cache->texts_.end()) return it->second;
  }
  std::string text = read_file_text(path, referrer, ref_line, ref_key);
  if (cache) cache->texts_.emplace(path, text);
  return text;
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

namespace {

// check_duplicates below: `seen` holds the positions of the mappings and lists already walked,
// so a node an alias refers to many times (an alias bomb) is walked once.
void check_duplicates_once(const std::string& file, const YAML::Node& n, const std::string& path,
                           std::set<std::pair<int, int>>& seen) {
  if (!n.IsMap() && !n.IsSequence()) return;
  if (!n.Mark().is_null() && !seen.emplace(n.Mark().pos, n.IsMap() ? 1 : 2).second) return;
  if (n.IsSequence()) {
    for (const auto& e : n) check_duplicates_once(file, e, path, seen);
    return;
  }
  std::set<std::string> keys;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar())
      throw InputError(file, line_of(it->first), col_of(it->first), path,
                       "a key must be a plain name, not a list or mapping");
    const std::string k = it->first.Scalar();
    const std::string full = path.empty() ? k : path + "." + k;
    if (!keys.insert(k).second)
      throw InputError(file, line_of(it->first), col_of(it->first), full,
                       "duplicate key (it appears twice in the same mapping)");
    check_duplicates_once(file, it->second, full, seen);
  }
}

}  // namespace

// yaml-cpp keeps the last of two equal keys without a word: refuse them, everywhere. Keys that
// are not plain names (`? [a]`) are refused too.
void check_duplicates(const std::string& file, const YAML::Node& n, const std::string& path) {
  std::set<std::pair<int, int>> seen;
  check_duplicates_once(file, n, path, seen);
}

double as_number(const std::string& file, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail(file, n, key, "expected a number");
  try {
    return n.as<double>();
  } catch (const YAML::Exception&) {
    fail(file, n, key, fmt::format("expected a number, got '{}'", n.Scalar()));
  }
}

namespace {

// A value that cannot vary (a date, a name) written as an uncertain quantity.
void refuse_uncertainty(const std::string& file, const YAML::Node& n, const std::string& key,
                        const char* what) {
  if (n.IsMap() && n["uncertainty"])
    fail(file, n["uncertainty"], key + ".uncertainty",
         fmt::format("{} cannot vary: uncertainty is for numbers with a unit", what));
}

}  // namespace

std::string as_string(const std::string& file, const YAML::Node& n, const std::string& key) {
  refuse_uncertainty(file, n, key, "a name or text");
  if (!n.IsScalar()) fail(file, n, key, "expected a text value");
  return n.Scalar();
}

YearMonth as_month(const std::string& file, const YAML::Node& n, const std::string& key) {
  refuse_uncertainty(file, n, key, "a date");
  const auto ym = n.IsScalar() ? YearMonth::parse(n.Scalar()) : std::nullopt;
  if (!ym) fail(file, n, key, "expected a month written YYYY-MM" + got_text(n));
  return *ym;
}

template <typename T>
T as_whole(const std::string& file, const YAML::Node& n, const std::string& key, T lo, T hi,
           const std::string& of) {
  const double v = as_number(file, n, key);
  std::string_view text = n.Scalar();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const bool digits = !text.empty() && std::all_of(text.begin() + (text.front() == '-'), text.end(),
                                                   [](char ch) { return ch >= '0' && ch <= '9'; });
  T x{};
  bool ok = false;
  if (digits) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), x);
    ok = r.ec == std::errc{} && r.ptr == text.data() + text.size();
  } else {
    // Up to 2^53 every whole number has an exact double; T's own limits too for int.
    constexpr double kExact = 9007199254740992.0;
    ok = std::isfinite(v) && v == std::floor(v) && std::abs(v) <= kExact &&
         v >= static_cast<double>(std::numeric_limits<T>::lowest()) &&
         v <= static_cast<double>(std::numeric_limits<T>::max());
    if (ok) x = static_cast<T>(v);
  }
  if (!ok || x < lo || x > hi)
    fail(file, n, key,
         fmt::format("expected a whole number{} from {} to {}, got {}",
                     of.empty() ? "" : " of " + of, lo, hi, n.Scalar()));
  return x;
}
template int as_whole<int>(const std::string&, const YAML::Node&, const std::string&, int, int,
                           const std::string&);
template std::int64_t as_whole<std::int64_t>(const std::string&, const YAML::Node&,
                                             const std::string&, std::int64_t, std::int64_t,
                                             const std::string&);
template std::uint64_t as_whole<std::uint64_t>(const std::string&, const YAML::Node&,
                                               const std::string&, std::uint64_t, std::uint64_t,
                                               const std::string&);

std::optional<bool> bool_of(const YAML::Node& n) {
  if (n.IsScalar() && n.Scalar() == "true") return true;
  if (n.IsScalar() && n.Scalar() == "false") return false;
  return std::nullopt;
}

bool as_bool(const std::string& file, const YAML::Node& n, const std::string& key) {
  const auto b = bool_of(n);
  if (!b) fail(file, n, key, "expected true or false" + got_text(n));
  return *b;
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

void require_keys(const std::string& file, const YAML::Node& n, const std::string& path,
                  const std::vector<std::string>& names) {
  for (const auto& k : names)
    if (!n[k]) fail(file, n, path.empty() ? k : path, fmt::format("missing '{}'", k));
}

std::string quantity_unit(const std::string& file, const YAML::Node& entry, const std::string& key,
                          Kind kind, const std::vector<std::string>& extra_keys,
                          const std::string& what) {
  if (!entry.IsMap()) fail(file, entry, key, "expected a mapping with value, unit and source");
  std::vector<std::string> keys{"value", "unit", "source", "note", "uncertainty"};
  keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
  check_keys(file, entry, key, keys);
  if (!entry["value"]) fail(file, entry, key, "missing 'value'");
  if (!entry["unit"])
    fail(file, entry, key, fmt::format("missing 'unit' (one of: {})", kind_units(kind)));
  if (!entry["source"] || as_string(file, entry["source"], key + ".source").empty())
    fail(file, entry, key, "missing 'source': every number needs one");
  const std::string unit = as_string(file, entry["unit"], key + ".unit");
  double probe = 0;
  if (!convert_unit(kind, unit, 0.0, probe))
    fail(file, entry["unit"], key + ".unit",
         fmt::format("unit '{}' does not fit {} (use {})", unit, what, kind_units(kind)));
  return unit;
}

double drawn_stored(const std::string& key, const Uncertainty& u, Kind kind,
                    const std::string& unit, double central, double stored, double lo, double hi) {
  const double raw = drawn_value(key, u, central);
  if (raw == central) return stored;
  double x = 0;
  if (!convert_unit(kind, unit, raw, x)) return stored;
  // The rare draw outside the valid range (at most 0.1% in each tail) takes the nearest bound.
  return std::clamp(x, lo, hi);
}

double as_stored(const std::string& file, const YAML::Node& n, const std::string& key, Kind kind,
                 const std::string& unit, double lo, double hi) {
  const double raw = as_number(file, n, key);
  double stored = 0;
  if (!convert_in_range(kind, unit, raw, lo, hi, stored))
    fail(file, n, key,
         fmt::format("value {} {} is out of range ({})", raw, unit, allowed_range(kind, lo, hi)));
  return stored;
}

Quantity read_quantity(const std::string& file, const YAML::Node& entry, const std::string& key,
                       Kind kind, double lo, double hi,
                       const std::vector<std::string>& extra_keys) {
  Quantity q;
  q.unit = quantity_unit(file, entry, key, kind, extra_keys);
  q.value = as_stored(file, entry["value"], key, kind, q.unit, lo, hi);
  q.raw_yaml = flow_yaml(entry["value"]);
  if (const YAML::Node un = entry["uncertainty"]) {
    const double central = as_number(file, entry["value"], key);
    q.uncertainty = read_uncertainty(file, un, key, kind, q.unit, central, lo, hi);
    note_uncertain(UncertainQuantity{key, kind, q.unit, q.raw_yaml, *q.uncertainty, lo, hi});
    q.value = drawn_stored(key, *q.uncertainty, kind, q.unit, central, q.value, lo, hi);
  } else {
    UncertainQuantity fixed;
    fixed.key = key;
    fixed.certain = true;
    note_uncertain(fixed);
  }
  q.source = as_string(file, entry["source"], key + ".source");
  if (entry["note"]) q.note = as_string(file, entry["note"], key + ".note");
  q.file = file;
  q.line = line_of(entry);
  return q;
}

namespace {

// True when `path` is `prefix` or lies below it (prefix.x or prefix[x]).
bool under(const std::string& path, const std::string& prefix) {
  if (prefix.empty()) return true;
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

// A number with its unit and source: replaced whole by an override, never merged.
bool is_quantity(const YAML::Node& n) { return n.IsMap() && n["value"]; }

void merge_maps(YAML::Node over, const YAML::Node& base, const std::string& path, Block& out,
                const Block& from, const KeepInherited& keep) {
  const YAML::Node& mine = over;  // read without adding keys
  for (auto it = base.begin(); it != base.end(); ++it) {
    const std::string k = it->first.Scalar();
    const std::string sub = path.empty() ? k : path + "." + k;
    if (const YAML::Node named = mine[k]) {
      if (named.IsMap() && it->second.IsMap() && !is_quantity(named) && !is_quantity(it->second))
        merge_maps(named, it->second, sub, out, from, keep);
      continue;
    }
    if (keep && !keep(path, over, k)) continue;
    // The inherited key and value themselves, so both keep their place in the earlier file.
    over[it->first] = it->second;
    out.kept[sub] = from.file_of(sub);
    for (const auto& [p, f] : from.kept)
      if (p != sub && under(p, sub)) out.kept[p] = f;
  }
}

}  // namespace

const std::string& Block::file_of(const std::string& path) const {
  const std::string* best = &file;
  std::size_t best_len = 0;
  for (const auto& [p, f] : kept)
    if (under(path, p) && (best == &file || p.size() > best_len)) {
      best = &f;
      best_len = p.size();
    }
  return *best;
}

void merge_override(Block& over, const Block& base, const KeepInherited& keep) {
  if (!over.node.IsMap() || !base.node.IsMap()) return;  // the readers say what is wrong
  merge_maps(over.node, base.node, "", over, base, keep);
}

InputError in_block(const Block& b, const std::string& key, const InputError& e) {
  if (b.kept.empty() || !under(e.key(), key)) return e;
  std::string rel = e.key().substr(key.size());
  if (!rel.empty() && rel[0] == '.') rel.erase(0, 1);
  const std::string& f = b.file_of(rel);
  if (f == e.file()) return e;
  return InputError(
      f, e.line(), e.column(), e.key(),
      fmt::format("{} (kept under the override at {}:{})", e.message(), b.file, b.line));
}

YAML::Node unplaced(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      YAML::Node m(YAML::NodeType::Map);
      for (auto it = n.begin(); it != n.end(); ++it) m[it->first.Scalar()] = unplaced(it->second);
      return m;
    }
    case YAML::NodeType::Sequence: {
      YAML::Node l(YAML::NodeType::Sequence);
      for (const auto& item : n) l.push_back(unplaced(item));
      return l;
    }
    case YAML::NodeType::Scalar:
      return YAML::Node(n.Scalar());
    default:
      return YAML::Node();
  }
}

}  // namespace hwsim
