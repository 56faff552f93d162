// The policy timeline (MODEL.md section 8; issue: policy timeline): dated changes to the benefit
// system, read from a scenario's `policy:` block, each with the date it took effect and its
// source. The rates that go with them (the share of claims the UC live service took, the
// migration rates, new-style ESA) are parameters (uc.*, params.hpp).
#pragma once
#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/enums.hpp"

namespace hwsim {

enum class PolicyRule : std::uint8_t {
  UcLiveService,          // new JSA-type claims by single people go to UC (searching for work)
  WraComponentAbolished,  // no WRA component (ESA) or LCW element (UC) for claims from then
  UcFullService,          // new claims for legacy means-tested benefits go to UC
  NaturalMigration,       // legacy means-tested claims end and move to UC at a monthly rate
  ManagedMigration,       // DWP moves the remaining legacy claimants to UC at a monthly rate
  Count
};
inline constexpr std::array<std::string_view, 5> kPolicyRuleNames{
    "uc_live_service", "wra_component_abolished", "uc_full_service", "natural_migration",
    "managed_migration"};
template <>
constexpr auto& names_of<PolicyRule>() {
  return kPolicyRuleNames;
}

struct PolicyDate {
  bool enabled = false;
  std::string date;  // as written, YYYY-MM-DD
  YearMonth from{};  // the first month the rule applies in (see month_in_force)
  std::string source, file;
  int line = 0;
};

struct Policy {
  ByLevel<PolicyRule, PolicyDate> rules{};
  bool in_force(PolicyRule r, YearMonth d) const {
    const auto& x = rules[idx(r)];
    return x.enabled && d.index() >= x.from.index();
  }
};

// A rule dated day D of a month applies from that month if D <= 15 (it covers most of the
// month), else from the next month: the model steps whole months.
inline YearMonth month_in_force(int year, int month, int day) {
  const YearMonth m{year, month};
  return day <= 15 ? m : m.plus(1);
}

// What the monthly step needs of the timeline in one month.
struct PolicyMonth {
  bool uc_live = false;            // new JSA-type claims by single people go to UC
  bool uc_full = false;            // every new means-tested claim goes to UC
  bool natural_migration = false;  // legacy means-tested claims move to UC
  bool managed_migration = false;
  // Claims that began in this month (index) or later get no WRA component or LCW element.
  int no_wra_from = INT_MAX;
  bool any() const { return uc_live || uc_full || natural_migration || managed_migration; }
};
inline PolicyMonth policy_month(const Policy& p, YearMonth d) {
  PolicyMonth m;
  m.uc_live = p.in_force(PolicyRule::UcLiveService, d);
  m.uc_full = p.in_force(PolicyRule::UcFullService, d);
  m.natural_migration = p.in_force(PolicyRule::NaturalMigration, d);
  m.managed_migration = p.in_force(PolicyRule::ManagedMigration, d);
  const auto& w = p.rules[idx(PolicyRule::WraComponentAbolished)];
  if (w.enabled) m.no_wra_from = w.from.index();
  return m;
}

}  // namespace hwsim
