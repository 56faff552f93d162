// YAML helpers shared by every reader: positions, one-line errors with file, line and key,
// "did you mean" suggestions, typed scalars and quantities with unit and source.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/enums.hpp"
#include "core/error.hpp"
#include "input/uncertainty.hpp"
#include "input/units.hpp"

namespace hwsim {

int line_of(const YAML::Node& n);
int col_of(const YAML::Node& n);
[[noreturn]] void fail(const std::string& file, const YAML::Node& at, const std::string& key,
                       const std::string& msg);
// "unknown key; did you mean ...? (valid: ...)"
std::string suggest(const std::string& got, const std::vector<std::string>& valid);
// "unknown <what> '<got>'; did you mean ...? (known: ...)", for a value that is not one of a
// fixed set (a level, a rule kind, a contact).
std::string unknown(const std::string& what, const std::string& got,
                    const std::vector<std::string>& valid);
// Fails on the first key of map `n` not in `valid` (keys are reported as path.key).
void check_keys(const std::string& file, const YAML::Node& n, const std::string& path,
                const std::vector<std::string>& valid);
// Fails with "missing '<name>'" on the first of `names` that map `n` lacks (reported at `n`,
// under `path`, or under the name itself at the top level).
void require_keys(const std::string& file, const YAML::Node& n, const std::string& path,
                  const std::vector<std::string>& names);
std::string read_text(const std::string& path, const std::string& referrer, int ref_line,
                      const std::string& ref_key);
YAML::Node parse(const std::string& file, const std::string& text);
// yaml-cpp keeps the last of two equal keys without a word: refuse them, everywhere.
void check_duplicates(const std::string& file, const YAML::Node& n, const std::string& path);
double as_number(const std::string& file, const YAML::Node& n, const std::string& key);
std::string as_string(const std::string& file, const YAML::Node& n, const std::string& key);
// A month written YYYY-MM.
YearMonth as_month(const std::string& file, const YAML::Node& n, const std::string& key);
// A whole number from lo to hi. Digits are read exactly; other forms of a number (12.0, 1e3)
// are whole if their value is, up to 2^53. `of` names what is counted, for the message:
// "expected a whole number of months from 1 to 1200, got 0.5". For int, int64 and uint64.
template <typename T>
T as_whole(const std::string& file, const YAML::Node& n, const std::string& key, T lo, T hi,
           const std::string& of = "");
extern template int as_whole<int>(const std::string&, const YAML::Node&, const std::string&, int,
                                  int, const std::string&);
extern template std::int64_t as_whole<std::int64_t>(const std::string&, const YAML::Node&,
                                                    const std::string&, std::int64_t, std::int64_t,
                                                    const std::string&);
extern template std::uint64_t as_whole<std::uint64_t>(const std::string&, const YAML::Node&,
                                                      const std::string&, std::uint64_t,
                                                      std::uint64_t, const std::string&);
// true or false, written so (YAML 1.1's yes, no, on and off are refused).
bool as_bool(const std::string& file, const YAML::Node& n, const std::string& key);
// The value of a node written true or false, or nothing; for a key that takes only one of them.
std::optional<bool> bool_of(const YAML::Node& n);
std::string flow_yaml(const YAML::Node& n);

// One level of E by its name; `what` names it in the message ("unknown type 'x' (known: ...)").
template <typename E>
E as_level(const std::string& file, const YAML::Node& n, const std::string& key,
           const std::string& what) {
  const std::string s = as_string(file, n, key);
  if (const auto lvl = parse_level<E>(s)) return *lvl;
  const auto& names = names_of<E>();
  fail(file, n, key, unknown(what, s, {names.begin(), names.end()}));
}

// A list of levels of E, like [a, b]: those named are set, the others cleared. An unknown level
// is reported as key.level.
template <typename E>
void as_levels(const std::string& file, const YAML::Node& n, const std::string& key,
               ByLevel<E, bool>& out) {
  if (!n.IsSequence()) fail(file, n, key, "expected a list of levels, like [a, b]");
  out.fill(false);
  const auto& names = names_of<E>();
  for (const auto& item : n) {
    const std::string s = as_string(file, item, key);
    const auto lvl = parse_level<E>(s);
    if (!lvl) fail(file, item, key + "." + s, unknown("level", s, {names.begin(), names.end()}));
    out[idx(*lvl)] = true;
  }
}

// A number with its unit and source: {value: 0.3, unit: probability, source: "..."}.
struct Quantity {
  double value = 0;  // converted to the stored form of its kind
  std::string raw_yaml, unit, source, note;
  std::string file;  // the file it is written in
  int line = 0;
  std::optional<Uncertainty> uncertainty;  // its `uncertainty:`, if it has one
};
// Checks the frame of a quantity, {value, unit, source, note} and `extra_keys`: a mapping with
// a value, a unit `kind` accepts and a source. Returns the unit. `what` names the number in the
// message when the unit does not fit ("unit 'x' does not fit this parameter (use ...)").
std::string quantity_unit(const std::string& file, const YAML::Node& entry, const std::string& key,
                          Kind kind, const std::vector<std::string>& extra_keys = {},
                          const std::string& what = "this number");
// A number written in `unit`, converted to the stored form of `kind`, which must be from lo
// to hi ("value 2 per_year is out of range (allowed 0 to 0.1 as a monthly probability)").
double as_stored(const std::string& file, const YAML::Node& n, const std::string& key, Kind kind,
                 const std::string& unit, double lo, double hi);
// The stored value of an uncertain number under the current DrawScope (input/uncertainty.hpp):
// `stored` (its central value) when the scope gives it no point, else its draw in `unit`,
// converted and kept inside [lo, hi].
double drawn_stored(const std::string& key, const Uncertainty& u, Kind kind,
                    const std::string& unit, double central, double stored, double lo, double hi);
// `extra_keys` are further keys the caller reads itself (e.g. price_year). An `uncertainty:`
// block is read and checked, listed in the current DrawScope, and the value drawn under it.
Quantity read_quantity(const std::string& file, const YAML::Node& entry, const std::string& key,
                       Kind kind, double lo, double hi,
                       const std::vector<std::string>& extra_keys = {});

// A named block of a scenario (an intervention, a route, a gain-sharing rule) as the files of
// an extends chain left it. A later file may name only what it changes in a block of an earlier
// one (a partial override): merge_override fills the later block with the parts of the earlier
// one it does not name, and the block remembers the file each part kept is written in, so that
// an error about it names that file. Copy blocks, never assign them: assigning a YAML::Node
// writes through to the node it referred to.
struct Block {
  std::string file;  // the file of the block's latest mapping
  YAML::Node node;
  int line = 0;  // of the block's key (or list item) in `file`
  // Parts kept from earlier files, by path below the block ("capacity.staff"): their file.
  std::map<std::string, std::string> kept;
  // The file the part at `path` (below the block, dotted) is written in.
  const std::string& file_of(const std::string& path) const;
};

// Whether the inherited key `key` of the mapping at `path` (below the block; "" for the block
// itself) is kept when the override's mapping `over` there does not name it: false for keys
// that an override's keys replace (capacity: places, or staff and caseload_per_staff).
using KeepInherited =
    std::function<bool(const std::string& path, const YAML::Node& over, const std::string& key)>;

// Overrides `base` with `over`, a later file's block of the same name. Mappings merge key by key
// at any depth; a list, a plain value or a number with its unit and source (a mapping with a
// `value`) that `over` names replaces the inherited one whole. `over.node` is filled in place:
// its own keys keep their positions, and the parts taken from `base` keep theirs.
void merge_override(Block& over, const Block& base, const KeepInherited& keep = {});

// An InputError `e` raised while reading block `b` under `key` (e.g. interventions.trial), given
// the file of the part it is about when that part was kept from an earlier file; otherwise `e`.
InputError in_block(const Block& b, const std::string& key, const InputError& e);

// Runs `read` on block `b` read under `key`; errors name the file of the part they are about.
template <typename F>
auto read_block(const Block& b, const std::string& key, F&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const InputError& e) {
    throw in_block(b, key, e);
  }
}

// A copy of `n` with no positions (for values made up outside any file: --set).
YAML::Node unplaced(const YAML::Node& n);

}  // namespace hwsim
