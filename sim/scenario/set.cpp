#include "scenario/set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/error.hpp"
#include "input/yaml.hpp"
#include "params/registry.hpp"

namespace hwsim {

namespace {

// One part of a key: a mapping's key, and for a list of named items, the item picked by its
// name in brackets (a route: "from -> to"; a rule: its name).
struct Step {
  std::string key;
  std::optional<std::string> pick;
};

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

[[noreturn]] void bad(const std::string& assignment, const std::string& key,
                      const std::string& msg) {
  throw InputError(set_file(assignment), 0, 0, key, msg);
}

std::vector<Step> split_key(const std::string& a, const std::string& key) {
  std::vector<Step> steps;
  std::string part;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '[') {
      const auto close = key.find(']', i);
      if (close == std::string::npos) bad(a, key, "'[' without its ']'");
      if (part.empty()) bad(a, key, "a name in brackets follows the list it picks from");
      steps.push_back({part, trim(key.substr(i + 1, close - i - 1))});
      part.clear();
      i = close;
      if (i + 1 < key.size() && key[i + 1] != '.') bad(a, key, "expected '.' after ']'");
      if (i + 1 < key.size()) ++i;
    } else if (c == '.') {
      if (part.empty()) bad(a, key, "an empty part between dots");
      steps.push_back({part, std::nullopt});
      part.clear();
    } else {
      part += c;
    }
  }
  if (!part.empty()) steps.push_back({part, std::nullopt});
  if (key.back() == '.') bad(a, key, "an empty part after the last dot");
  return steps;
}

YAML::Node parse_value(const std::string& a, const std::string& key, const std::string& text) {
  if (text.empty()) bad(a, key, "no value after '='");
  try {
    return unplaced(YAML::Load(text));
  } catch (const YAML::ParserException& e) {
    bad(a, key, fmt::format("the value is not YAML: {}", e.msg));
  }
}

bool is_quantity(const YAML::Node& n) { return n.IsMap() && n["value"]; }

// Whether list item `item` is the one picked: a route by "from -> to", anything else by name.
bool picks(const YAML::Node& item, const std::string& pick) {
  if (!item.IsMap()) return false;
  const auto arrow = pick.find("->");
  if (arrow == std::string::npos) return item["name"] && item["name"].Scalar() == pick;
  return item["from"] && item["to"] && item["from"].Scalar() == trim(pick.substr(0, arrow)) &&
         item["to"].Scalar() == trim(pick.substr(arrow + 2));
}

// The node at steps[i..] below `n`, if there is one.
std::optional<YAML::Node> find_at(const YAML::Node& n, const std::vector<Step>& steps,
                                  std::size_t i) {
  if (i == steps.size()) return n;
  if (!n.IsMap()) return std::nullopt;
  const YAML::Node child = n[steps[i].key];
  if (!child) return std::nullopt;
  if (!steps[i].pick) return find_at(child, steps, i + 1);
  if (!child.IsSequence()) return std::nullopt;
  for (const auto& item : child)
    if (picks(item, *steps[i].pick)) return find_at(item, steps, i + 1);
  return std::nullopt;
}

// What the layers give at `steps`: the latest layer that has it (a later file's block holds
// what it kept of the earlier ones).
std::optional<YAML::Node> in_effect(const std::vector<YAML::Node>& roots,
                                    const std::vector<Step>& steps) {
  for (auto r = roots.rbegin(); r != roots.rend(); ++r)
    if (auto n = find_at(*r, steps, 0)) return n;
  return std::nullopt;
}

// The mapping {steps[i]: {steps[i+1]: ... leaf}}. A picked item becomes a list holding it, with
// its name (or from and to) and what is below it; a list that replaces the inherited one whole
// (gain_sharing) also names each other inherited item, so that it stays as it was.
YAML::Node nest(const std::string& a, const std::string& key, const std::vector<YAML::Node>& roots,
                const std::vector<Step>& steps, std::size_t i, const YAML::Node& leaf) {
  if (i == steps.size()) return leaf;
  const YAML::Node inner = nest(a, key, roots, steps, i + 1, leaf);
  YAML::Node m(YAML::NodeType::Map);
  if (!steps[i].pick) {
    m[steps[i].key] = inner;
    return m;
  }
  if (!inner.IsMap()) bad(a, key, "expected a mapping for the item in brackets");
  YAML::Node item(YAML::NodeType::Map);
  const std::string& pick = *steps[i].pick;
  const auto arrow = pick.find("->");
  if (arrow == std::string::npos) {
    item["name"] = pick;
  } else {
    item["from"] = trim(pick.substr(0, arrow));
    item["to"] = trim(pick.substr(arrow + 2));
  }
  for (auto it = inner.begin(); it != inner.end(); ++it) item[it->first.Scalar()] = it->second;
  YAML::Node list(YAML::NodeType::Sequence);
  bool placed = false;
  if (steps[i].key == "gain_sharing") {
    std::vector<Step> to_list(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    to_list.back().pick.reset();
    const auto inherited = in_effect(roots, to_list);
    for (std::size_t k = 0; inherited && inherited->IsSequence() && k < inherited->size(); ++k) {
      const YAML::Node other = (*inherited)[k];
      if (picks(other, pick)) {
        list.push_back(item);
        placed = true;
      } else if (other.IsMap() && other["name"]) {
        YAML::Node named(YAML::NodeType::Map);
        named["name"] = other["name"].Scalar();
        list.push_back(named);
      } else {
        list.push_back(other);  // a rule without a name: as it is written
      }
    }
  }
  if (!placed) list.push_back(item);
  m[steps[i].key] = list;
  return m;
}

// {value, unit, source}: VALUE in the unit the files give the number.
YAML::Node number(const YAML::Node& value, const std::string& unit, const std::string& source) {
  YAML::Node q(YAML::NodeType::Map);
  q["value"] = value;
  q["unit"] = unit;
  q["source"] = source;
  return q;
}

std::vector<std::string> groups() {
  std::vector<std::string> out;
  for (const auto& s : registry()) {
    const auto g = s.key.substr(0, s.key.find('.'));
    if (std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
  }
  return out;
}

// A parameter: parameters.<group>.<name> with its value, the unit it stands in and the --set as
// its source; levels after the key make a partial table.
YAML::Node parameter_layer(const std::string& a, const std::string& key,
                           const std::vector<Step>& steps, const YAML::Node& value,
                           const std::map<std::string, ResolvedParam>& provenance) {
  const std::string& group = steps[0].key;
  if (steps.size() < 2 || steps[0].pick || steps[1].pick)
    bad(a, key, fmt::format("name a parameter of '{}', like {}", group, registry().front().key));
  const std::string pkey = group + "." + steps[1].key;
  const ParamSpec* spec = find_param(pkey);
  if (!spec) {
    std::vector<std::string> names;
    for (const auto& s : registry())
      if (s.key.rfind(group + ".", 0) == 0) names.push_back(s.key.substr(group.size() + 1));
    bad(a, pkey, suggest(steps[1].key, names));
  }
  const std::vector<Step> levels(steps.begin() + 2, steps.end());
  for (const auto& l : levels)
    if (l.pick) bad(a, key, "levels of a table are named after dots, not in brackets");
  if (spec->dims.empty() && !levels.empty())
    bad(a, key, fmt::format("'{}' is one number, not a table by level", pkey));
  if (levels.size() > spec->dims.size())
    bad(a, key,
        fmt::format("'{}' has {} level dimension{}", pkey, spec->dims.size(),
                    spec->dims.size() == 1 ? "" : "s"));
  const YAML::Node entry = levels.empty() && is_quantity(value)
                               ? value
                               : number(nest(a, key, {}, levels, 0, value),
                                        provenance.at(pkey).unit, "command line: " + set_file(a));
  YAML::Node root(YAML::NodeType::Map);
  root["parameters"][group][steps[1].key] = entry;
  return root;
}

}  // namespace

std::string set_file(const std::string& assignment) { return "--set " + assignment; }

YAML::Node set_layer(const std::string& a, const std::vector<YAML::Node>& roots,
                     const std::map<std::string, ResolvedParam>& provenance) {
  const auto eq = a.find('=');
  if (eq == std::string::npos)
    throw InputError(set_file(a), 0, 0, "",
                     "expected KEY=VALUE, like claims.appeal_share=0.3 or "
                     "interventions.nhs_trial_ips.capacity.staff=20");
  const std::string key = trim(a.substr(0, eq));
  if (key.empty()) bad(a, key, "no key before '='");
  const std::vector<Step> steps = split_key(a, key);
  const YAML::Node value = parse_value(a, key, trim(a.substr(eq + 1)));
  const std::string& top = steps[0].key;
  const std::vector<std::string> gs = groups();
  if (std::find(gs.begin(), gs.end(), top) != gs.end())
    return parameter_layer(a, key, steps, value, provenance);

  static const std::vector<std::string> blocks{"simulation", "policy", "interventions", "network",
                                               "finance"};
  if (top == "parameters")
    bad(a, key, "name a parameter by its key, without 'parameters.' (like claims.appeal_share)");
  if (std::find(blocks.begin(), blocks.end(), top) == blocks.end() || steps[0].pick) {
    std::vector<std::string> valid = blocks;
    valid.insert(valid.end(), gs.begin(), gs.end());
    bad(a, top, suggest(top, valid));
  }
  if (steps.size() < 2) bad(a, key, fmt::format("name a value inside '{}'", top));
  const std::string source = "command line: " + set_file(a);
  const auto now = in_effect(roots, steps);
  // A number with its unit and source takes VALUE in its unit.
  const YAML::Node leaf = now && is_quantity(*now) && !is_quantity(value)
                              ? number(value, (*now)["unit"] ? (*now)["unit"].Scalar() : "", source)
                              : value;
  // A dated rule (a mapping with a source that is not a number) gets the --set as its source.
  const std::vector<Step> up(steps.begin(), steps.end() - 1);
  const auto parent = in_effect(roots, up);
  if (!steps.back().pick && steps.back().key != "source" && parent && parent->IsMap() &&
      (*parent)["source"] && !is_quantity(*parent)) {
    YAML::Node rule(YAML::NodeType::Map);
    rule[steps.back().key] = leaf;
    rule["source"] = source;
    return nest(a, key, roots, up, 0, rule);
  }
  return nest(a, key, roots, steps, 0, leaf);
}

}  // namespace hwsim
