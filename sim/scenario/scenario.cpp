#include "scenario/scenario.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "input/yaml.hpp"
#include "params/registry.hpp"
#include "scenario/policy.hpp"
#include "scenario/set.hpp"

namespace hwsim {

namespace fs = std::filesystem;

namespace {

struct Layer {
  std::string file;
  YAML::Node root;
};

// The value of a table parameter, a mapping by level of its first dimension nested by level
// of the others, into `data`. In the root layer every level must be given, unless the table
// allows missing levels, which then take the spec's missing value.
struct TableReader {
  const std::string& file;
  const ParamSpec& spec;
  const std::string& unit;
  bool root_layer;
  double* data;
  double factor = 1;  // a drawn factor on every level (uncertainty of a table)

  double level_value(const YAML::Node& n, const std::string& k) const {
    if (factor == 1) return as_stored(file, n, k, spec.kind, unit, spec.lo, spec.hi);
    const double raw = as_number(file, n, k) * factor;
    double stored = 0;
    if (convert_unit(spec.kind, unit, raw, stored)) return std::clamp(stored, spec.lo, spec.hi);
    return as_stored(file, n, k, spec.kind, unit, spec.lo, spec.hi);
  }

  // The mapping `n` by level of dimension d, whose first value is data[base].
  void read(const YAML::Node& n, std::size_t d, std::size_t base, const std::string& k) const {
    const auto levels = spec.dims[d];
    std::size_t stride = 1;
    for (std::size_t e = d + 1; e < spec.dims.size(); ++e) stride *= spec.dims[e].size();
    std::vector<std::string> valid(levels.begin(), levels.end());
    if (!n.IsMap())
      fail(file, n, k,
           fmt::format("expected a mapping keyed by level ({})", fmt::join(valid, ", ")));
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      const auto lvl = it->first.as<std::string>();
      auto pos = std::find(valid.begin(), valid.end(), lvl);
      if (pos == valid.end()) fail(file, it->first, k + "." + lvl, suggest(lvl, valid));
      seen.insert(lvl);
      const std::size_t off = base + static_cast<std::size_t>(pos - valid.begin()) * stride;
      if (d + 1 == spec.dims.size())
        data[off] = level_value(it->second, k + "." + lvl);
      else
        read(it->second, d + 1, off, k + "." + lvl);
    }
    if (root_layer) {
      for (std::size_t li = 0; li < valid.size(); ++li) {
        if (seen.count(valid[li])) continue;
        if (!spec.allow_missing_levels)
          fail(file, n, k, fmt::format("missing level '{}'", valid[li]));
        // Missing levels of optional tables take the spec's missing value.
        for (std::size_t c = 0; c < stride; ++c) data[base + li * stride + c] = spec.missing_value;
      }
    }
  }
};

// Applies one parameter entry {value, unit, source, note} to p, and records where it came from.
void apply_param(const std::string& file, const ParamSpec& spec, const YAML::Node& entry,
                 bool root_layer, Params& p, std::map<std::string, ResolvedParam>& prov) {
  const std::string& key = spec.key;
  const std::string unit = quantity_unit(file, entry, key, spec.kind, {}, "this parameter");
  double* data = spec.data(p);
  const YAML::Node value = entry["value"];
  const YAML::Node un = entry["uncertainty"];
  if (!un) {
    if (spec.dims.empty())
      data[0] = as_stored(file, value, key, spec.kind, unit, spec.lo, spec.hi);
    else
      TableReader{file, spec, unit, root_layer, data}.read(value, 0, 0, key);
    UncertainQuantity fixed;
    fixed.key = key;
    fixed.certain = true;
    note_uncertain(fixed);
  } else if (spec.dims.empty()) {
    const double stored = as_stored(file, value, key, spec.kind, unit, spec.lo, spec.hi);
    const double central = as_number(file, value, key);
    const Uncertainty u =
        read_uncertainty(file, un, key, spec.kind, unit, central, spec.lo, spec.hi);
    note_uncertain(UncertainQuantity{key, spec.kind, unit, flow_yaml(value), u, spec.lo, spec.hi});
    data[0] = drawn_stored(key, u, spec.kind, unit, central, stored, spec.lo, spec.hi);
  } else if (spec.sums_to_one) {
    // Each row (the last dimension) is a set of shares drawn from its Dirichlet.
    const Uncertainty u =
        read_uncertainty(file, un, key, spec.kind, unit, std::nullopt, spec.lo, spec.hi);
    note_uncertain(UncertainQuantity{key, spec.kind, unit, flow_yaml(value), u, spec.lo, spec.hi});
    TableReader{file, spec, unit, root_layer, data}.read(value, 0, 0, key);
    const std::size_t n = spec.dims.back().size();
    std::size_t cells = 1;
    for (const auto& d : spec.dims) cells *= d.size();
    for (std::size_t row = 0; row * n < cells; ++row)
      draw_shares(key, u, static_cast<int>(row), data + row * n, n);
  } else {
    // The distribution of one factor on every level, 1 at its centre.
    Uncertainty u = read_uncertainty(file, un, key, Kind::Ratio, "ratio", 1.0, 0, 1e300);
    u.factor = true;
    note_uncertain(UncertainQuantity{key, spec.kind, unit, flow_yaml(value), u, spec.lo, spec.hi});
    TableReader{file, spec, unit, root_layer, data, drawn_value(key, u, 1.0)}.read(value, 0, 0,
                                                                                   key);
  }
  ResolvedParam rp;
  rp.key = key;
  rp.value_yaml = flow_yaml(value);
  rp.unit = unit;
  rp.source = as_string(file, entry["source"], key + ".source");
  if (entry["note"]) rp.note = as_string(file, entry["note"], key + ".note");
  rp.file = file;
  rp.line = line_of(entry);
  if (!root_layer && prov.count(key)) {
    // A partial table override keeps the parent's value text for levels it does not name.
    if (!spec.dims.empty()) rp.value_yaml = prov[key].value_yaml + " <- " + rp.value_yaml;
  }
  prov[key] = rp;
}

void apply_simulation(const std::string& file, const YAML::Node& n, SimulationSettings& s,
                      Params& p) {
  if (!n.IsMap()) fail(file, n, "simulation", "expected a mapping");
  static const std::vector<std::string> keys{
      "start",       "months",      "seed",           "replications",    "target_esa_ib_claimants",
      "target_date", "equilibrium", "spin_up_months", "population_scale"};
  for (auto it = n.begin(); it != n.end(); ++it) {
    const auto k = it->first.as<std::string>();
    const std::string full = "simulation." + k;
    const YAML::Node v = it->second;
    if (k == "start" || k == "target_date") {
      (k == "start" ? s.start : s.target_date) = as_month(file, v, full);
    } else if (k == "months") {
      s.months = as_whole(file, v, full, 1, 1200, "months");
    } else if (k == "seed") {
      s.seed = as_whole<std::uint64_t>(file, v, full, 0, std::numeric_limits<std::uint64_t>::max());
    } else if (k == "replications") {
      s.replications = as_whole(file, v, full, 1, 100000);
    } else if (k == "spin_up_months") {
      s.spin_up_months = as_whole(file, v, full, 0, 600, "months");
    } else if (k == "target_esa_ib_claimants") {
      const double m = as_number(file, v, full);
      if (m < 0) fail(file, v, full, "expected a non-negative number of claimants");
      s.target_esa_ib = m;
    } else if (k == "population_scale") {
      const double m = as_number(file, v, full);
      if (!(m >= 0.01 && m <= 1000))
        fail(file, v, full,
             fmt::format("expected a scale from 0.01 to 1000 Islingtons (got {})", m));
      s.population_scale = m;
      s.population_scale_file = file;
      s.population_scale_line = line_of(v);
    } else if (k == "equilibrium") {
      p.equilibrium.enabled = as_bool(file, v, full);
    } else {
      fail(file, it->first, full, suggest(k, keys));
    }
  }
}

void apply_parameters(const std::string& file, const YAML::Node& n, bool root_layer, Params& p,
                      std::map<std::string, ResolvedParam>& prov) {
  if (!n.IsMap()) fail(file, n, "parameters", "expected a mapping of parameter groups");
  std::vector<std::string> groups;
  for (const auto& s : registry()) {
    const auto g = s.key.substr(0, s.key.find('.'));
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  for (auto git = n.begin(); git != n.end(); ++git) {
    const auto g = git->first.as<std::string>();
    if (std::find(groups.begin(), groups.end(), g) == groups.end())
      fail(file, git->first, "parameters." + g, suggest(g, groups));
    if (!git->second.IsMap()) fail(file, git->second, g, "expected a mapping of parameters");
    std::vector<std::string> names;
    for (const auto& s : registry())
      if (s.key.rfind(g + ".", 0) == 0) names.push_back(s.key.substr(g.size() + 1));
    for (auto pit = git->second.begin(); pit != git->second.end(); ++pit) {
      const auto name = pit->first.as<std::string>();
      const ParamSpec* spec = find_param(g + "." + name);
      if (!spec) fail(file, pit->first, g + "." + name, suggest(name, names));
      apply_param(file, *spec, pit->second, root_layer, p, prov);
    }
  }
}

// Every intervention's payer is a partner of the finance model, and per-job gain-sharing rules
// name interventions that exist.
void check_payers(const Scenario& s) {
  const std::vector<std::string> partners(kPartnerNames.begin(), kPartnerNames.end());
  std::vector<std::string> names;
  for (const auto& iv : s.interventions.list) {
    names.push_back(iv.name);
    if (!partner_of(iv.costs.payer))
      throw InputError(iv.file, iv.line, 1, iv.name + ".costs.payer",
                       fmt::format("'{}' is not a partner: {}", iv.costs.payer,
                                   suggest(iv.costs.payer, partners)));
  }
  for (const auto& r : s.finance.gain_sharing)
    for (const auto& n : r.interventions)
      if (std::find(names.begin(), names.end(), n) == names.end())
        throw InputError(
            r.file, r.line, 1, "finance.gain_sharing." + r.name + ".interventions",
            fmt::format(
                "no intervention named '{}' in this scenario{}", n,
                names.empty() ? "" : " (" + fmt::format("{}", fmt::join(names, ", ")) + ")"));
}

void check_cross_rules(const Scenario& s) {
  const auto& pp = s.params.population;
  const std::string& f = s.files.back();
  auto where = [&](const std::string& key) -> std::pair<std::string, int> {
    auto it = s.provenance.find(key);
    if (it == s.provenance.end()) return {f, 0};
    return {it->second.file, it->second.line};
  };
  auto bad = [&](const std::string& key, const std::string& msg) {
    auto [file, line] = where(key);
    throw InputError(file, line, 1, key, msg);
  };
  double sum = 0;
  for (double v : pp.age_share) sum += v;
  if (std::abs(sum - 1) > 1e-6)
    bad("population.age_share", fmt::format("shares add up to {}, not 1", sum));
  for (std::size_t c = 0; c < count_of<Condition>(); ++c) {
    double t = 0;
    for (double v : pp.severity_share[c]) t += v;
    if (std::abs(t - 1) > 1e-6)
      bad("population.severity_share",
          fmt::format("shares for '{}' add up to {}, not 1", kConditionNames[c], t));
  }
  for (std::size_t v = 0; v < count_of<Severity>(); ++v) {
    double t = 0;
    for (double x : s.params.claims.wca_outcome[v]) t += x;
    if (std::abs(t - 1) > 1e-6)
      bad("claims.wca_outcome",
          fmt::format("outcomes for '{}' add up to {}, not 1", kSeverityNames[v], t));
  }
  double conds = 0;
  for (std::size_t c = 1; c < count_of<Condition>(); ++c) conds += pp.condition_count[c];
  if (conds >= pp.size) bad("population.condition_count", "conditions outnumber the population");
  if (pp.employment_rate + pp.inactivity_rate >= 1)
    bad("population.inactivity_rate", "employment and inactivity rates add up to 1 or more");
  if (pp.esa_ib_count + pp.jsa_count + pp.employment_rate * pp.size > pp.size)
    bad("population.esa_ib_count", "claimants and people in work outnumber the population");
  if (s.params.claims.contributory_only_share + s.params.uc.new_style_with_uc_share > 1)
    bad("uc.new_style_with_uc_share",
        "with claims.contributory_only_share it adds up to more than 1 (the rest go to UC alone)");
}

// simulation.population_scale (scenario.hpp): the month-0 counts, the interventions' places and
// fixed yearly costs and the target, as that many Islingtons.
void scale_population(Scenario& s) {
  const double k = s.sim.population_scale;
  if (k == 1) return;
  for (Params* p : {&s.params, &s.start_params}) {
    auto& pp = p->population;
    pp.size = std::round(pp.size * k);
    for (auto& c : pp.condition_count) c = std::round(c * k);
    pp.jsa_count = std::round(pp.jsa_count * k);
    pp.esa_ib_count = std::round(pp.esa_ib_count * k);
  }
  if (s.params.population.size > 1e8 || s.params.population.size < 1000)
    throw InputError(s.sim.population_scale_file, s.sim.population_scale_line, 1,
                     "simulation.population_scale",
                     fmt::format("{} x {:.0f} residents is {:.0f}: the population must be from "
                                 "1,000 to 100,000,000",
                                 k, s.params.population.size / k, s.params.population.size));
  for (auto& iv : s.interventions.list) {
    if (!iv.capacity.unlimited) iv.capacity.places *= k;
    iv.costs.fixed_per_year *= k;
  }
  s.sim.target_esa_ib *= k;
  s.notes.push_back(
      fmt::format("the population is scaled x{}: {:.0f} residents at month 0; its counts, the "
                  "interventions' places and fixed costs and the target ({:.0f}) are {} times the "
                  "scenario's, every rate and share as calibrated",
                  k, s.params.population.size, s.sim.target_esa_ib, k));
}

// The files of the scenario at `path`, each after the files it extends (depth first, in the
// order listed), so that a file is applied after all it builds on; a file reached twice (a
// shared baseline) is listed once. Each file's text goes to `texts`, in the same order.
void collect_layers(const std::string& path, std::vector<Layer>& chain,
                    std::vector<std::string>& texts) {
  std::set<std::string> done, in_progress;
  std::function<void(const std::string&, const std::string&, int)> visit =
      [&](const std::string& current, const std::string& referrer, int ref_line) {
        std::error_code ec;
        const std::string canon = fs::weakly_canonical(current, ec).string();
        if (in_progress.count(canon))
          throw InputError(referrer, ref_line, 1, "extends",
                           fmt::format("'{}' is already in the extends chain (a cycle)", current));
        if (done.count(canon)) return;
        in_progress.insert(canon);
        const std::string text = read_text(current, referrer, ref_line, "extends");
        YAML::Node root = parse(current, text);
        check_duplicates(current, root, "");
        if (const YAML::Node ext = root["extends"]) {
          auto follow = [&](const YAML::Node& item) {
            const std::string target = as_string(current, item, "extends");
            visit((fs::path(current).parent_path() / target).lexically_normal().string(), current,
                  line_of(item));
          };
          if (ext.IsSequence()) {
            for (const auto& item : ext) follow(item);
          } else {
            follow(ext);
          }
        }
        chain.push_back({current, root});
        texts.push_back(text);
        in_progress.erase(canon);
        done.insert(canon);
      };
  visit(path, "", 0);
}

// One file of the chain: its top-level keys, name, description, simulation settings,
// parameters, network and interventions, and finance. The root layer must set every parameter.
void apply_layer(const Layer& layer, bool root_layer, Scenario& s,
                 InterventionLayers& intervention_layers, GainSharingLayers& rule_layers) {
  static const std::vector<std::string> top{
      "name",    "description",   "extends", "simulation", "parameters",
      "network", "interventions", "finance", "policy",     "trial"};
  const auto& [file, root] = layer;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const auto k = it->first.as<std::string>();
    if (std::find(top.begin(), top.end(), k) == top.end())
      fail(file, it->first, k, suggest(k, top));
  }
  if (root["name"]) s.name = as_string(file, root["name"], "name");
  if (root["description"]) s.description = as_string(file, root["description"], "description");
  if (root["simulation"]) apply_simulation(file, root["simulation"], s.sim, s.params);
  if (root["parameters"]) {
    apply_parameters(file, root["parameters"], root_layer, s.params, s.provenance);
    if (root_layer) {
      s.start_params = s.params;
    } else if (const YAML::Node pop = root["parameters"]["population"]) {
      // Changes to the starting population apply to the start-up too.
      YAML::Node only;
      only["population"] = pop;
      std::map<std::string, ResolvedParam> scratch = s.provenance;
      apply_parameters(file, only, false, s.start_params, scratch);
    }
  }
  if (root["policy"]) apply_policy(file, root["policy"], s.policy);
  if (root["trial"]) apply_trial(file, root["trial"], s.trial);
  intervention_layers.add_layer(file, root);
  if (root["finance"]) apply_finance(file, root["finance"], s.finance, rule_layers);
  if (root_layer) {
    for (const auto& spec : registry()) {
      if (!s.provenance.count(spec.key))
        throw InputError(file, 0, 0, spec.key,
                         "missing: a scenario that extends nothing must set every parameter");
    }
  }
}

// What the service map (`hwsim system-map`) says of each programme under its name: its type,
// places, who pays and when it runs; the sources of its places in its tooltip.
void describe_programmes(Scenario& s) {
  auto& g = s.interventions.network.graph;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    ServiceVertex& sv = g[v];
    if (sv.intervention < 0) continue;
    const Intervention& iv = s.interventions.list[static_cast<std::size_t>(sv.intervention)];
    std::string type(name_of(iv.type));
    std::replace(type.begin(), type.end(), '_', ' ');
    std::string places = "places: no limit";
    if (!iv.capacity.unlimited) {
      places = fmt::format("{:.0f} places", iv.capacity.places);
      const auto staff = iv.quantities.find("capacity.staff");
      const auto per = iv.quantities.find("capacity.caseload_per_staff");
      if (staff != iv.quantities.end() && per != iv.quantities.end())
        places +=
            fmt::format(" ({:.0f} staff x {:.0f} each)", staff->second.value, per->second.value);
    }
    const auto payer = partner_of(iv.costs.payer);
    sv.details = {type, places,
                  "paid by " + (payer ? std::string(kPartnerLabels[idx(*payer)]) : iv.costs.payer),
                  iv.start.str() + " to " + iv.end.str()};
    std::vector<std::string> sources{iv.file};
    for (const char* key : {"capacity.places", "capacity.staff", "capacity.caseload_per_staff"})
      if (const auto q = iv.quantities.find(key); q != iv.quantities.end())
        sources.push_back(fmt::format("{}: {}", key, q->second.source));
    sv.source = fmt::format("{}", fmt::join(sources, "\n"));
  }
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  Scenario s;
  s.path = path;
  std::optional<TextCache> texts;
  if (!TextCache::current()) texts.emplace();
  std::vector<UncertainQuantity> read;
  const DrawScope scope(DrawScope::current_points(), &read);
  std::vector<Layer> chain;  // in the order of application; never assigned into (YAML::Node)
  collect_layers(path, chain, s.texts);
  // Apply in order: the first file is the root and must be complete.
  InterventionLayers intervention_layers;
  GainSharingLayers rule_layers;
  std::vector<YAML::Node> roots;
  for (std::size_t li = 0; li < chain.size(); ++li) {
    s.files.push_back(chain[li].file);
    apply_layer(chain[li], li == 0, s, intervention_layers, rule_layers);
    roots.push_back(chain[li].root);
  }
  // Then each --set, as one more layer.
  for (const auto& a : sets) {
    const YAML::Node root = set_layer(a, roots, s.provenance);
    apply_layer(Layer{set_file(a), root}, false, s, intervention_layers, rule_layers);
    roots.push_back(root);
    s.set.push_back(a);
  }
  s.start_params.equilibrium = s.params.equilibrium;
  if (s.name.empty()) s.name = fs::path(path).stem().string();
  s.interventions = build_interventions(intervention_layers);
  scale_population(s);
  finish_finance(s.finance, rule_layers, s.files.back(), s.sim.start);
  finish_policy(s.policy, s.sim.start, s.sim.months, s.notes);
  check_payers(s);
  check_cross_rules(s);
  finish_trial(s);
  describe_programmes(s);
  // The latest reading of each uncertain quantity, in the order first read.
  std::map<std::string, std::size_t> at;
  for (auto& q : read) {
    if (auto it = at.find(q.key); it != at.end()) {
      s.uncertain[it->second] = std::move(q);
    } else {
      at.emplace(q.key, s.uncertain.size());
      s.uncertain.push_back(std::move(q));
    }
  }
  std::erase_if(s.uncertain, [](const UncertainQuantity& q) { return q.certain; });
  s.sources = TextCache::current()->texts();
  return s;
}

Scenario reread_scenario(const Scenario& s, const DrawPoint& draw) {
  const TextCache texts(s.sources);
  const DrawScope scope(draw, nullptr);
  return load_scenario(s.path, s.set);
}

namespace {

// "file:line", or the file alone for a value that has no line (a --set).
std::string origin(const std::string& file, int line) {
  return line > 0 ? fmt::format("{}:{}", file, line) : file;
}

std::string entry_yaml(const std::string& key, const std::string& value, const std::string& unit,
                       const std::string& source, const std::string& note,
                       const std::string& from) {
  std::string out = fmt::format("{}:\n  value: {}\n  unit: {}\n  source: {}\n  from: \"{}\"\n", key,
                                value, unit, YAML::Dump(YAML::Node(source)), from);
  if (!note.empty()) out += fmt::format("  note: {}\n", YAML::Dump(YAML::Node(note)));
  return out;
}

}  // namespace

std::string resolved_parameters_yaml(const Scenario& s) {
  std::string out = fmt::format("# resolved parameters of scenario '{}'\n", s.name);
  for (const auto& [key, rp] : s.provenance)
    out += entry_yaml(key, rp.value_yaml, rp.unit, rp.source, rp.note, origin(rp.file, rp.line));
  // The numbers of the interventions and of the routes to them, by the keys --set takes.
  for (const auto& iv : s.interventions.list)
    for (const auto& [k, q] : iv.quantities)
      out += entry_yaml(fmt::format("interventions.{}.{}", iv.name, k), q.raw_yaml, q.unit,
                        q.source, q.note, origin(q.file, q.line));
  const auto& g = s.interventions.network.graph;
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const Quantity& q = g[e].quantity;
    out += entry_yaml(fmt::format("network.routes[{} -> {}].referral", g[boost::source(e, g)].name,
                                  g[boost::target(e, g)].name),
                      q.raw_yaml, q.unit, q.source, q.note, origin(q.file, q.line));
  }
  if (!s.set.empty()) {
    out += "# changed on the command line, after the files:\n";
    for (const auto& a : s.set) out += "#   --set " + a + "\n";
  }
  return out;
}

}  // namespace hwsim
