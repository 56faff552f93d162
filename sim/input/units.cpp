#include "input/units.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hwsim {

std::string_view kind_units(Kind k) {
  switch (k) {
    case Kind::Rate:
      return "per_year, per_month, probability_per_year or probability_per_month";
    case Kind::Probability:
      return "probability";
    case Kind::Share:
      return "share or percent";
    case Kind::Count:
      return "persons or places";
    case Kind::Ratio:
      return "hazard_ratio, relative_risk, odds_ratio or ratio";
    case Kind::Months:
      return "months";
    case Kind::Points:
      return "percentage_points";
    case Kind::Money:
      return "gbp_per_week, gbp_per_month or gbp_per_year";
    case Kind::Frequency:
      return "events_per_year or events_per_month";
    case Kind::Pounds:
      return "gbp";
  }
  return "";
}

bool convert_unit(Kind kind, std::string_view unit, double raw, double& stored) {
  switch (kind) {
    case Kind::Rate:
      // Rates in their published unit, converted once to a monthly probability
      // (STYLE example 10): p = 1 - exp(-r dt) for rates, 1 - (1 - P)^(dt) for probabilities.
      if (unit == "per_year") {
        stored = 1.0 - std::exp(-raw / 12.0);
        return raw >= 0;
      }
      if (unit == "per_month") {
        stored = 1.0 - std::exp(-raw);
        return raw >= 0;
      }
      if (unit == "probability_per_year") {
        stored = 1.0 - std::pow(1.0 - raw, 1.0 / 12.0);
        return raw >= 0 && raw <= 1;
      }
      if (unit == "probability_per_month") {
        stored = raw;
        return true;
      }
      return false;
    case Kind::Probability:
      stored = raw;
      return unit == "probability";
    case Kind::Share:
      if (unit == "share") {
        stored = raw;
        return true;
      }
      if (unit == "percent") {
        stored = raw / 100.0;
        return true;
      }
      return false;
    case Kind::Count:
      stored = raw;
      return unit == "persons" || unit == "places";
    case Kind::Ratio:
      stored = raw;
      return unit == "hazard_ratio" || unit == "relative_risk" || unit == "odds_ratio" ||
             unit == "ratio";
    case Kind::Months:
      stored = raw;
      return unit == "months";
    case Kind::Points:
      stored = raw;
      return unit == "percentage_points";
    case Kind::Money:
      // Pounds a month; a year has 52 weeks (benefit and pay years as DWP and ASHE count them).
      if (unit == "gbp_per_week") {
        stored = raw * 52.0 / 12.0;
        return true;
      }
      if (unit == "gbp_per_month") {
        stored = raw;
        return true;
      }
      if (unit == "gbp_per_year") {
        stored = raw / 12.0;
        return true;
      }
      return false;
    case Kind::Frequency:
      if (unit == "events_per_year") {
        stored = raw / 12.0;
        return true;
      }
      if (unit == "events_per_month") {
        stored = raw;
        return true;
      }
      return false;
    case Kind::Pounds:
      stored = raw;
      return unit == "gbp";
  }
  return false;
}

bool convert_in_range(Kind kind, std::string_view unit, double raw, double lo, double hi,
                      double& stored) {
  return convert_unit(kind, unit, raw, stored) && stored >= lo && stored <= hi;
}

std::string allowed_range(Kind kind, double lo, double hi) {
  if (kind == Kind::Rate && hi < 1)  // say it as the rate a year it comes from too
    return fmt::format(
        "allowed {} to {:.4g} as a monthly probability: a rate of at most {:.3g} a "
        "year",
        lo, hi, -12.0 * std::log1p(-hi));
  return fmt::format("allowed {} to {}{}", lo, hi,
                     kind == Kind::Rate ? " as a monthly probability" : "");
}

}  // namespace hwsim
