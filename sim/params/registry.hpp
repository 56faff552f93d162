// The one parameter registry (STYLE example 1): each row is a key, its unit kind, valid
// range, level dimensions and description, bound to a field of Params. The YAML reader, the
// validator, the resolved-parameter dump in result.h5 and docs/parameters.md all come from it.
#pragma once
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "input/units.hpp"
#include "params/params.hpp"

namespace hwsim {

struct ParamSpec {
  std::string key;  // "group.name"
  Kind kind;
  double lo;  // valid range of the stored value
  double hi;
  std::string description;
  std::vector<std::span<const std::string_view>> dims;  // 0, 1 or 2 level dimensions
  std::function<double*(Params&)> data;                 // first of prod(dims) doubles
  bool allow_missing_levels = false;  // e.g. targets that only some conditions have
  double missing_value = 0;
  bool sums_to_one = false;  // a table whose rows (its last dimension) are shares adding up to 1
};

const std::vector<ParamSpec>& registry();
const ParamSpec* find_param(std::string_view key);

// Writes docs/parameters.md-style Markdown describing every parameter.
std::string parameter_dictionary_markdown();

}  // namespace hwsim
