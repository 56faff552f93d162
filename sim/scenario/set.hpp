// --set KEY=VALUE: one value of a scenario changed from the command line, applied after the
// scenario's files as one more layer, read and checked as a file's would be. KEY is the name
// hwsim gives the value in its messages and in the resolved parameters:
//
//   a parameter by its key, and a level of a table after it: claims.appeal_share,
//     claims.exit_other.esa_wrag;
//   the other blocks of a scenario file by their path: simulation.months,
//     interventions.nhs_trial_ips.capacity.staff, policy.managed_migration.enabled,
//     finance.discount_rate;
//   an item of a list of named items by its name in brackets: a route by its from and to,
//     network.routes[gp -> nhs_trial_ips].referral, a gain-sharing rule by its name,
//     finance.gain_sharing[exchequer-returns-half].share.
//
// VALUE is YAML: a number, a word, a month, [a, b] or {k: v}. Where the files give a number with
// its unit and source (a parameter, an intervention's staff), VALUE is in the unit the files give
// and the source becomes the --set; a mapping with its own value, unit and source replaces the
// number whole. A dated rule's source (policy.*) becomes the --set too.
#pragma once
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace hwsim {

// The name a --set goes by in messages and provenance, as a file's name would: "--set KEY=VALUE".
std::string set_file(const std::string& assignment);

// The layer of one --set: a scenario file's top-level mapping holding the one value. `roots` are
// the layers applied before it (files root first, then earlier --set), whose latest block at KEY
// gives the unit of a number; `provenance` gives a parameter's. Throws InputError naming the
// --set and the key (no '=', an unknown key, a value that is not YAML).
YAML::Node set_layer(const std::string& assignment, const std::vector<YAML::Node>& roots,
                     const std::map<std::string, ResolvedParam>& provenance);

}  // namespace hwsim
