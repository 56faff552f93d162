// The `policy:` block of a scenario file: the dated rules of the policy timeline
// (params/policy.hpp), each with its date and source. Later files of an extends chain override
// rule by rule (e.g. `uc_full_service: {enabled: false}`).
#pragma once
#include <string>
#include <vector>

#include "input/yaml.hpp"
#include "params/policy.hpp"

namespace hwsim {

// Applies one layer's `policy:` block; throws InputError naming file, line and key.
void apply_policy(const std::string& file, const YAML::Node& n, Policy& p);

// After all layers: checks the rules against each other and against the run (first and last
// month). A rule dated before the run starts is refused; one that falls after it ends does
// not apply, and a note says so.
void finish_policy(const Policy& p, YearMonth start, int months, std::vector<std::string>& notes);

}  // namespace hwsim
