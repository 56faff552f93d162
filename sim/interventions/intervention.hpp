// Interventions as data (issue: interventions and scenarios). Each is a typed YAML object:
// who is eligible, how people are referred (along the service network's routes), how many
// places there are and how the waiting list works, take-up and drop-out, effects as hazard
// ratios while in the intervention and after it (decaying), costs and who pays. A new intervention
// of a known type is a YAML edit.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/enums.hpp"
#include "input/yaml.hpp"

namespace hwsim {

class Population;

enum class InterventionType : std::uint8_t {
  EmploymentSupport,
  HealthSupport,
  AppealSupport,
  Count
};
inline constexpr std::array<std::string_view, 3> kInterventionTypeNames{
    "employment_support", "health_support", "appeal_support"};
template <>
constexpr auto& names_of<InterventionType>() {
  return kInterventionTypeNames;
}

// Order in which a waiting list is served.
enum class QueueOrder : std::uint8_t { FirstCome, LongestOnBenefit, MostSevere, Count };
inline constexpr std::array<std::string_view, 3> kQueueOrderNames{
    "first_come", "longest_on_benefit", "most_severe"};
template <>
constexpr auto& names_of<QueueOrder>() {
  return kQueueOrderNames;
}

struct Eligibility {
  ByLevel<Condition, bool> condition{};
  ByLevel<Severity, bool> severity{};
  ByLevel<Benefit, bool> benefit{};
  ByLevel<Labour, bool> labour{};
  int min_age = 16, max_age = 64;
  int min_months_on_benefit = 0;  // months in the current claim (ESA/IB) or benefit
  int max_months_on_benefit = 100000;
  std::vector<std::uint8_t> gp;  // eligible GP practices; empty = all
  bool appealing_only = false;   // only people appealing a fit-for-work decision
  Eligibility();
};

struct Capacity {
  bool unlimited = false;
  double places = 0;  // people in the intervention at once
  QueueOrder order = QueueOrder::FirstCome;
  int max_wait_months = 0;  // leave the waiting list after this long (0 = no waiting list)
  double give_up = 0;       // monthly probability of leaving the waiting list
};

struct Effects {
  double job_entry_hr = 1;          // on entering work
  double job_loss_hr = 1;           // on leaving work (retention)
  double remission_hr = 1;          // on remission of the primary condition
  double appeal_success_ratio = 1;  // on the chance an appeal succeeds (appeal support)
  double after_half_life = 0;       // months for an effect (as log hazard ratio) to halve after
                                    // leaving; 0 = no effect after the intervention
};

struct Costs {
  double per_start = 0;        // pounds
  double per_month = 0;        // pounds a month per person in the intervention
  double fixed_per_year = 0;   // pounds a year while the intervention runs
  double per_job_outcome = 0;  // pounds per participant in work six months after starting
  std::string payer;
};

struct Intervention {
  std::string name, label, file;
  int line = 0;
  InterventionType type = InterventionType::EmploymentSupport;
  YearMonth start{2015, 10}, end{2019, 3};
  Eligibility eligibility;
  Capacity capacity;
  double take_up = 1;        // probability a referred, eligible person joins (or queues)
  double drop_out = 0;       // monthly probability of leaving early
  int duration_months = 12;  // months in the intervention if nobody leaves early
  Effects effects;
  Costs costs;
  std::map<std::string, Quantity> quantities;  // every number read, with unit and source

  bool active(YearMonth date) const {
    return date.index() >= start.index() && date.index() <= end.index();
  }
  // Cost of a month (pounds, 2014/15 prices): starts x per-start cost, caseload x monthly
  // cost, the fixed cost while it runs, and job outcomes x the outcome payment.
  double spend(double starts, double caseload, double job_outcomes, YearMonth date) const {
    return starts * costs.per_start + caseload * costs.per_month +
           (active(date) ? costs.fixed_per_year / 12.0 : 0.0) +
           job_outcomes * costs.per_job_outcome;
  }
  bool eligible(const Population& pop, std::size_t i) const;
};

}  // namespace hwsim
