// The one parameter registry (STYLE example 1): each row is a key, its unit kind, valid
// range, level dimensions and description, bound to a field of Params. The YAML reader, the
// validator, the resolved-parameter dump in result.h5 and docs/parameters.md all come from it.
#pragma once
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "params/params.hpp"

namespace hwsim {

// How a value is written in YAML and stored in Params.
enum class Kind {
  Rate,         // stored as a monthly probability; YAML: per_year, per_month,
                // probability_per_year or probability_per_month
  Probability,  // a one-off probability; YAML: probability
  Share,        // a share of a total; YAML: share or percent
  Count,        // YAML: persons
  Ratio,        // YAML: hazard_ratio, relative_risk, odds_ratio or ratio
  Months,       // YAML: months
  Points,       // YAML: percentage_points
  Money,        // stored as pounds a month; YAML: gbp_per_week, gbp_per_month or gbp_per_year
  Frequency,    // mean count of events, stored per month; YAML: events_per_year or events_per_month
  Pounds,       // a sum of money; YAML: gbp
};
std::string_view kind_units(Kind k);  // the accepted units, for messages

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
};

const std::vector<ParamSpec>& registry();
const ParamSpec* find_param(std::string_view key);

// Converts a value written in `unit` to the stored form of `kind`; returns false if the
// unit is not one `kind` accepts.
bool convert_unit(Kind kind, std::string_view unit, double raw, double& stored);

// Writes docs/parameters.md-style Markdown describing every parameter.
std::string parameter_dictionary_markdown();

}  // namespace hwsim
