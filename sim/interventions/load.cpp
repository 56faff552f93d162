#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "interventions/interventions.hpp"

namespace hwsim {

namespace {

// The quantities of one intervention: each is read with its unit and source and kept in
// iv.quantities under its key below interventions.<name>.
struct QuantityReader {
  const std::string& file;
  const std::string& k0;  // interventions.<name>
  Intervention& iv;

  double operator()(const YAML::Node& node, const std::string& key, Kind kind, double lo,
                    double hi) const {
    const Quantity x = read_quantity(file, node, key, kind, lo, hi);
    iv.quantities.emplace(key.substr(k0.size() + 1), x);
    return x.value;
  }
  // Reads node[name] into `field` if it is there (the field keeps its default otherwise).
  void opt(const YAML::Node& node, const std::string& path, const char* field_name, double& field,
           Kind kind, double lo, double hi, double scale = 1.0) const {
    if (node[field_name])
      field = scale * (*this)(node[field_name], path + "." + field_name, kind, lo, hi);
  }
};

// eligibility: levels of condition, severity, benefit and labour, age and months on benefit
// (min, max), whether appealing, and GP practices.
void read_eligibility(const std::string& file, const YAML::Node& e, const std::string& k,
                      Eligibility& el) {
  check_keys(file, e, k,
             {"conditions", "severities", "benefits", "labour", "age", "months_on_benefit",
              "gp_practices", "appealing"});
  if (e["conditions"]) as_levels<Condition>(file, e["conditions"], k + ".conditions", el.condition);
  if (e["severities"]) as_levels<Severity>(file, e["severities"], k + ".severities", el.severity);
  if (e["benefits"]) as_levels<Benefit>(file, e["benefits"], k + ".benefits", el.benefit);
  if (e["labour"]) as_levels<Labour>(file, e["labour"], k + ".labour", el.labour);
  if (e["age"]) {
    check_keys(file, e["age"], k + ".age", {"min", "max"});
    if (e["age"]["min"]) el.min_age = as_whole(file, e["age"]["min"], k + ".age.min", 16, 64);
    if (e["age"]["max"]) el.max_age = as_whole(file, e["age"]["max"], k + ".age.max", 16, 64);
    if (el.max_age < el.min_age) fail(file, e["age"], k + ".age", "max is below min");
  }
  if (e["months_on_benefit"]) {
    const YAML::Node m = e["months_on_benefit"];
    check_keys(file, m, k + ".months_on_benefit", {"min", "max"});
    if (m["min"])
      el.min_months_on_benefit = as_whole(file, m["min"], k + ".months_on_benefit.min", 0, 1200);
    if (m["max"])
      el.max_months_on_benefit = as_whole(file, m["max"], k + ".months_on_benefit.max", 0, 1200);
  }
  if (e["appealing"]) el.appealing_only = as_bool(file, e["appealing"], k + ".appealing");
  if (e["gp_practices"]) {
    const YAML::Node g = e["gp_practices"];
    if (!g.IsSequence())
      fail(file, g, k + ".gp_practices", "expected a list of practice numbers (0-35)");
    for (const auto& x : g)
      el.gp.push_back(static_cast<std::uint8_t>(as_whole(file, x, k + ".gp_practices", 0, 254)));
  }
}

// capacity: unlimited, places, or staff x caseload_per_staff; and the queue (order,
// max_wait_months, give_up).
void read_capacity(const QuantityReader& q, const YAML::Node& c, const std::string& k,
                   Capacity& cap) {
  const std::string& file = q.file;
  check_keys(file, c, k, {"places", "staff", "caseload_per_staff", "unlimited", "queue"});
  if (c["unlimited"]) {
    if (bool_of(c["unlimited"]) != true)
      fail(file, c["unlimited"], k + ".unlimited", "expected true (or give places)");
    cap.unlimited = true;
  } else if (c["places"]) {
    cap.places = q(c["places"], k + ".places", Kind::Count, 0, 1e7);
  } else if (c["staff"] && c["caseload_per_staff"]) {
    cap.places = q(c["staff"], k + ".staff", Kind::Count, 0, 1e6) *
                 q(c["caseload_per_staff"], k + ".caseload_per_staff", Kind::Count, 0, 1e4);
  } else {
    fail(file, c, k, "give places, or staff and caseload_per_staff, or unlimited: true");
  }
  if (c["queue"]) {
    const YAML::Node w = c["queue"];
    const std::string kq = k + ".queue";
    check_keys(file, w, kq, {"order", "max_wait_months", "give_up"});
    if (w["order"]) cap.order = as_level<QueueOrder>(file, w["order"], kq + ".order", "order");
    if (w["max_wait_months"])
      cap.max_wait_months = static_cast<int>(
          std::lround(q(w["max_wait_months"], kq + ".max_wait_months", Kind::Months, 0, 120)));
    if (w["give_up"]) cap.give_up = q(w["give_up"], kq + ".give_up", Kind::Rate, 0, 1);
  }
}

// effects: hazard ratios on job entry, job loss and remission, the appeal success ratio, and
// the half-life of the effect after leaving.
void read_effects(const QuantityReader& q, const YAML::Node& e, const std::string& k, Effects& fx) {
  check_keys(q.file, e, k,
             {"job_entry_hr", "job_loss_hr", "remission_hr", "appeal_success_ratio",
              "after_half_life_months"});
  q.opt(e, k, "job_entry_hr", fx.job_entry_hr, Kind::Ratio, 0, 100);
  q.opt(e, k, "job_loss_hr", fx.job_loss_hr, Kind::Ratio, 0, 100);
  q.opt(e, k, "remission_hr", fx.remission_hr, Kind::Ratio, 0, 100);
  q.opt(e, k, "appeal_success_ratio", fx.appeal_success_ratio, Kind::Ratio, 0, 100);
  q.opt(e, k, "after_half_life_months", fx.after_half_life, Kind::Months, 0, 600);
}

// costs: who pays, and the cost per start, per month, fixed a year and per job outcome.
void read_costs(const QuantityReader& q, const YAML::Node& c, const std::string& k, Costs& costs) {
  const std::string& file = q.file;
  check_keys(file, c, k, {"per_start", "per_month", "fixed_per_year", "per_job_outcome", "payer"});
  if (!c["payer"]) fail(file, c, k, "missing 'payer' (who pays)");
  costs.payer = as_string(file, c["payer"], k + ".payer");
  q.opt(c, k, "per_start", costs.per_start, Kind::Pounds, 0, 1e7);
  q.opt(c, k, "per_month", costs.per_month, Kind::Money, 0, 1e7);
  // Money is stored a month; the fixed cost is kept a year.
  q.opt(c, k, "fixed_per_year", costs.fixed_per_year, Kind::Money, 0, 1e9, 12.0);
  q.opt(c, k, "per_job_outcome", costs.per_job_outcome, Kind::Pounds, 0, 1e7);
}

Intervention read_intervention(const std::string& file, const std::string& name,
                               const YAML::Node& n) {
  Intervention iv;
  iv.name = name;
  iv.file = file;
  iv.line = line_of(n);
  const std::string k0 = "interventions." + name;
  check_keys(file, n, k0,
             {"type", "label", "start", "end", "eligibility", "capacity", "take_up", "drop_out",
              "duration_months", "effects", "costs", "note"});
  const QuantityReader q{file, k0, iv};

  if (!n["type"]) fail(file, n, k0, "missing 'type' (employment_support or health_support)");
  iv.type = as_level<InterventionType>(file, n["type"], k0 + ".type", "type");
  iv.label = n["label"] ? as_string(file, n["label"], k0 + ".label") : name;
  if (n["start"]) iv.start = as_month(file, n["start"], k0 + ".start");
  if (n["end"]) iv.end = as_month(file, n["end"], k0 + ".end");
  if (iv.end.index() < iv.start.index())
    fail(file, n["end"] ? n["end"] : n, k0 + ".end", "ends before it starts");
  if (n["eligibility"])
    read_eligibility(file, n["eligibility"], k0 + ".eligibility", iv.eligibility);
  if (!n["capacity"])
    fail(file, n, k0, "missing 'capacity' (places, staff and caseload, or unlimited: true)");
  read_capacity(q, n["capacity"], k0 + ".capacity", iv.capacity);
  if (n["take_up"]) iv.take_up = q(n["take_up"], k0 + ".take_up", Kind::Probability, 0, 1);
  if (n["drop_out"]) iv.drop_out = q(n["drop_out"], k0 + ".drop_out", Kind::Rate, 0, 1);
  if (!n["duration_months"]) fail(file, n, k0, "missing 'duration_months'");
  iv.duration_months = static_cast<int>(
      std::lround(q(n["duration_months"], k0 + ".duration_months", Kind::Months, 1, 120)));
  if (n["effects"]) read_effects(q, n["effects"], k0 + ".effects", iv.effects);
  if (!n["costs"]) fail(file, n, k0, "missing 'costs' (and who pays: costs.payer)");
  read_costs(q, n["costs"], k0 + ".costs", iv.costs);
  return iv;
}

// Keys of an intervention's capacity that replace each other: an override that names one of
// places, staff and caseload_per_staff, or unlimited keeps none of the others inherited.
bool keep_capacity(const std::string& path, const YAML::Node& over, const std::string& key) {
  if (path != "capacity") return true;
  static const std::vector<std::vector<std::string>> kWays{
      {"places"}, {"staff", "caseload_per_staff"}, {"unlimited"}};
  const auto own = std::find_if(kWays.begin(), kWays.end(), [&](const auto& way) {
    return std::find(way.begin(), way.end(), key) != way.end();
  });
  if (own == kWays.end()) return true;  // the queue
  for (auto way = kWays.begin(); way != kWays.end(); ++way)
    if (way != own)
      for (const auto& k : *way)
        if (over[k]) return false;
  return true;
}

}  // namespace

void InterventionLayers::add_layer(const std::string& file, const YAML::Node& root) {
  // A later file's block of a name already given overrides it; the block moves to the end.
  auto put = [&](std::vector<Entry>& v, const std::string& name, const YAML::Node& node, int line,
                 const KeepInherited& keep = {}) {
    Block block{file, node, line, {}};
    // Rebuilt rather than erased from: erasing would assign YAML::Nodes, which writes through
    // to the nodes they refer to.
    std::vector<Entry> rest;
    rest.reserve(v.size() + 1);
    for (const auto& e : v)
      if (e.name == name)
        merge_override(block, e.block, keep);
      else
        rest.push_back(e);
    rest.push_back(Entry{name, block});
    v.swap(rest);
  };
  if (const YAML::Node net = root["network"]) {
    check_keys(file, net, "network", {"services", "routes"});
    if (const YAML::Node s = net["services"]) {
      if (!s.IsMap()) fail(file, s, "network.services", "expected a mapping of services by name");
      for (auto it = s.begin(); it != s.end(); ++it)
        put(services, it->first.as<std::string>(), it->second, line_of(it->first));
    }
    if (const YAML::Node r = net["routes"]) {
      if (!r.IsSequence()) fail(file, r, "network.routes", "expected a list of routes");
      for (const auto& route : r) {
        check_keys(file, route, "network.routes", {"from", "to", "referral"});
        if (!route["from"] || !route["to"])
          fail(file, route, "network.routes", "a route needs from and to");
        put(routes,
            as_string(file, route["from"], "network.routes.from") + " -> " +
                as_string(file, route["to"], "network.routes.to"),
            route, line_of(route));
      }
    }
  }
  if (const YAML::Node iv = root["interventions"]) {
    if (!iv.IsMap()) fail(file, iv, "interventions", "expected a mapping of interventions by name");
    for (auto it = iv.begin(); it != iv.end(); ++it) {
      const auto name = it->first.as<std::string>();
      std::vector<std::string> known;
      for (const auto& e : interventions) known.push_back(e.name);
      // A handle of its own: it-> gives a temporary pair, whose member a reference would
      // outlive (AddressSanitizer: stack-use-after-scope).
      const YAML::Node block = it->second;
      if (block.IsMap() && !block["type"] &&
          std::find(known.begin(), known.end(), name) == known.end())
        fail(file, it->first, "interventions." + name,
             (known.empty() ? "no intervention of this name in the files this one extends"
                            : unknown("intervention", name, known)) +
                 ": an override names an intervention of the files it extends, and a new one "
                 "gives its whole block, with its 'type'");
      put(interventions, name, block, line_of(it->first), keep_capacity);
    }
  }
}

Interventions build_interventions(const InterventionLayers& layers) {
  Interventions p;
  auto& g = p.network.graph;
  // Contact services.
  for (const auto& e : layers.services) {
    const std::string k = "network.services." + e.name;
    const Block& b = e.block;
    read_block(b, k, [&] {
      check_keys(b.file, b.node, k, {"contact", "label", "source"});
      if (!b.node["contact"]) fail(b.file, b.node, k, "missing 'contact' (how residents reach it)");
      const std::string c = as_string(b.file, b.node["contact"], k + ".contact");
      const auto contact = parse_level<Contact>(c);
      if (!contact || *contact == Contact::Intervention) {
        const std::vector<std::string> valid(kContactNames.begin(), kContactNames.end() - 1);
        fail(b.file, b.node["contact"], k + ".contact", unknown("contact", c, valid));
      }
      ServiceVertex v;
      v.name = e.name;
      v.label = b.node["label"] ? as_string(b.file, b.node["label"], k + ".label") : e.name;
      if (b.node["source"]) v.source = as_string(b.file, b.node["source"], k + ".source");
      v.contact = *contact;
      boost::add_vertex(v, g);
    });
  }
  // Interventions.
  for (const auto& e : layers.interventions) {
    const Block& b = e.block;
    const std::string k = "interventions." + e.name;
    if (p.network.vertex_of(e.name) >= 0)
      fail(b.file, b.node, k, "has the name of a contact service");
    p.list.push_back(read_block(b, k, [&] { return read_intervention(b.file, e.name, b.node); }));
    Intervention& iv = p.list.back();
    iv.line = b.line;
    for (auto& [key, q] : iv.quantities) q.file = b.file_of(key);
    ServiceVertex v;
    v.name = e.name;
    v.label = iv.label;
    v.contact = Contact::Intervention;
    v.intervention = static_cast<int>(p.list.size() - 1);
    boost::add_vertex(v, g);
  }
  std::vector<std::string> names;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) names.push_back(g[v].name);
  // Routes.
  for (const auto& e : layers.routes) {
    const std::string k = "network.routes";
    const Block& r = e.block;
    const std::string from = as_string(r.file, r.node["from"], k + ".from");
    const std::string to = as_string(r.file, r.node["to"], k + ".to");
    const int a = p.network.vertex_of(from), b = p.network.vertex_of(to);
    if (a < 0)
      fail(r.file, r.node["from"], k + ".from",
           fmt::format("unknown service '{}': {}", from, suggest(from, names)));
    if (b < 0)
      fail(r.file, r.node["to"], k + ".to",
           fmt::format("unknown service '{}': {}", to, suggest(to, names)));
    if (g[static_cast<std::size_t>(b)].contact != Contact::Intervention)
      fail(r.file, r.node["to"], k + ".to",
           fmt::format("'{}' is a contact service; routes lead to interventions", to));
    if (!r.node["referral"])
      fail(r.file, r.node, k, fmt::format("route {} -> {} needs a referral probability", from, to));
    const std::string kr = fmt::format("{}[{} -> {}]", k, from, to);
    RouteEdge edge;
    edge.quantity = read_block(r, kr, [&] {
      return read_quantity(r.file, r.node["referral"], kr + ".referral", Kind::Rate, 0, 1);
    });
    edge.quantity.file = r.file_of("referral");
    edge.referral = edge.quantity.value;
    boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b), edge, g);
  }
  // Every intervention must be reachable from a contact service.
  std::vector<boost::default_color_type> color(boost::num_vertices(g), boost::white_color);
  auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g));
  for (auto v : boost::make_iterator_range(boost::vertices(g)))
    if (g[v].contact != Contact::Intervention && color[v] == boost::white_color)
      boost::breadth_first_visit(g, v,
                                 boost::visitor(boost::default_bfs_visitor()).color_map(cmap));
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (g[v].contact != Contact::Intervention || color[v] != boost::white_color) continue;
    const auto& iv = p.list[static_cast<std::size_t>(g[v].intervention)];
    throw InputError(iv.file, iv.line, 1, "interventions." + iv.name,
                     "unreachable: no referral route leads to it from a contact service "
                     "(add one under network.routes)");
  }
  // Routes by contact kind and by intervention, for the monthly step.
  p.routes_from_intervention.resize(p.list.size());
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const auto& from = g[boost::source(e, g)];
    const auto& to = g[boost::target(e, g)];
    const std::pair<int, double> r{to.intervention, g[e].referral};
    if (from.contact == Contact::Intervention)
      p.routes_from_intervention[static_cast<std::size_t>(from.intervention)].push_back(r);
    else
      p.routes_by_contact[idx(from.contact)].push_back(r);
  }
  return p;
}

}  // namespace hwsim
