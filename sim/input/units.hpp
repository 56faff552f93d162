// Units at the YAML boundary: each kind of quantity, the units it may be written in, and the
// conversion to its stored form (rates to monthly probabilities, money to pounds a month, ...).
#pragma once
#include <string>
#include <string_view>

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

// Converts a value written in `unit` to the stored form of `kind`; returns false if the
// unit is not one `kind` accepts.
bool convert_unit(Kind kind, std::string_view unit, double raw, double& stored);

// As convert_unit, and false too if the stored value is outside [lo, hi].
bool convert_in_range(Kind kind, std::string_view unit, double raw, double lo, double hi,
                      double& stored);

// The range of stored values, for messages: "allowed 0 to 1 as a monthly probability".
std::string allowed_range(Kind kind, double lo, double hi);

}  // namespace hwsim
