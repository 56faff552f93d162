// The scenario's interventions and the service network they are reached through, read from
// the `network:` and `interventions:` blocks of the scenario files.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "interventions/intervention.hpp"
#include "system/network.hpp"

namespace hwsim {

struct Interventions {
  std::vector<Intervention> list;
  Network network;
  // For each contact kind, the routes out of the contact services of that kind:
  // (intervention index, referral probability), in a fixed order.
  std::array<std::vector<std::pair<int, double>>, count_of<Contact>()> routes_by_contact;
  // Routes out of each intervention (people in intervention k referred on to another).
  std::vector<std::vector<std::pair<int, double>>> routes_from_intervention;
  bool empty() const { return list.empty(); }
};

// The blocks of every file in an extends chain, root first. Later files add services, routes
// and interventions, or override them by name (a route by its from and to): an override names
// only what it changes (merge_override in input/yaml.hpp), and the block moves to the end.
struct InterventionLayers {
  struct Entry {
    std::string name;
    Block block;  // block.line: of the entry's key (of the list item for a route)
  };
  std::vector<Entry> services, routes, interventions;
  // Refuses a partial block naming an intervention no earlier file has.
  void add_layer(const std::string& file, const YAML::Node& root);
};

// Parses and validates; throws InputError naming file, line and key.
Interventions build_interventions(const InterventionLayers& layers);

}  // namespace hwsim
