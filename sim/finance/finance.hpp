// Finance (MODEL.md section 6; issue: finance): who pays and who gains. Unit costs, benefit
// rates, the tax system and a price index come from one YAML file (scenarios/unit-costs.yaml);
// a scenario's `finance:` block sets the appraisal (price base year, discount rate, horizon,
// optimism bias) and the gain-sharing rules between partners.
//
// Ledgers are posted month by month from the agents' states (sim/finance/ledger.cpp), in
// pounds at the prices of the price base year. The appraisal (sim/finance/appraisal.hpp)
// compares a scenario's ledgers with its paired baseline's.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/enums.hpp"
#include "input/yaml.hpp"
#include "params/params.hpp"

namespace hwsim {

// The prices the model's own money is in: earnings (accounting.*) and intervention costs.
inline constexpr int kModelPriceYear = 2014;  // financial year 2014/15

enum class Partner : std::uint8_t { Dwp, HmTreasury, Ccg, NhsEngland, Council, Esf, Other, Count };
inline constexpr std::array<std::string_view, 7> kPartnerNames{
    "dwp", "hm_treasury", "ccg", "nhs_england", "council", "esf", "other"};
inline constexpr std::array<std::string_view, 7> kPartnerLabels{
    "DWP",         "HM Treasury", "NHS: Islington CCG", "NHS England",
    "the council", "ESF",         "other funders"};
template <>
constexpr auto& names_of<Partner>() {
  return kPartnerNames;
}
inline constexpr std::size_t kPartners = count_of<Partner>();

// Ledger lines: each belongs to one partner; spending lines cost the partner money, receipt
// lines bring money in (tax and National Insurance).
enum class Line : std::uint8_t {
  DwpEsaAssessment,
  DwpEsaWrag,
  DwpEsaSupport,
  DwpIb,
  DwpJsa,
  DwpUc,
  DwpUcHealth,
  DwpInterventions,
  HmtIncomeTax,
  HmtEmployeeNi,
  HmtEmployerNi,
  HmtInterventions,
  CcgGp,
  CcgPrescriptions,
  CcgIapt,
  CcgMentalHealth,
  CcgAe,
  CcgInpatient,
  CcgInterventions,
  NhsEnglandInterventions,
  CouncilInterventions,
  EsfInterventions,
  OtherInterventions,
  Count
};
inline constexpr std::size_t kLines = static_cast<std::size_t>(Line::Count);

struct LineInfo {
  std::string_view name;
  Partner partner;
  bool receipt;       // money in (tax), not money out
  bool intervention;  // intervention spend (the investment), not a consequence of it
  std::string_view description;
};
inline constexpr std::array<LineInfo, kLines> kLineInfo{{
    {"esa_assessment", Partner::Dwp, false, false, "ESA paid in the assessment phase"},
    {"esa_wrag", Partner::Dwp, false, false, "ESA paid in the work-related activity group"},
    {"esa_support", Partner::Dwp, false, false, "ESA paid in the support group"},
    {"incapacity_benefit", Partner::Dwp, false, false, "Incapacity Benefit paid"},
    {"jsa", Partner::Dwp, false, false, "Jobseeker's Allowance paid"},
    {"universal_credit", Partner::Dwp, false, false,
     "Universal Credit standard allowance paid (and UC beside new-style ESA)"},
    {"uc_health_elements", Partner::Dwp, false, false,
     "UC limited capability for work (LCW) and LCWRA elements paid"},
    {"interventions", Partner::Dwp, false, true, "interventions DWP pays for"},
    {"income_tax", Partner::HmTreasury, true, false, "income tax on residents' earnings"},
    {"employee_ni", Partner::HmTreasury, true, false, "employee National Insurance"},
    {"employer_ni", Partner::HmTreasury, true, false, "employer National Insurance"},
    {"interventions", Partner::HmTreasury, false, true, "interventions HM Treasury pays for"},
    {"gp_consultations", Partner::Ccg, false, false, "GP consultations"},
    {"prescriptions", Partner::Ccg, false, false, "prescription items dispensed"},
    {"iapt", Partner::Ccg, false, false, "IAPT therapy sessions"},
    {"mental_health_contacts", Partner::Ccg, false, false, "secondary mental health contacts"},
    {"ae_attendances", Partner::Ccg, false, false, "A&E attendances"},
    {"inpatient_days", Partner::Ccg, false, false, "inpatient days"},
    {"interventions", Partner::Ccg, false, true, "interventions the CCG pays for"},
    {"interventions", Partner::NhsEngland, false, true, "interventions NHS England pays for"},
    {"interventions", Partner::Council, false, true, "interventions the council pays for"},
    {"interventions", Partner::Esf, false, true, "interventions ESF pays for"},
    {"interventions", Partner::Other, false, true, "interventions other funders pay for"},
}};
std::optional<Partner> partner_of(std::string_view name);
// "partner.line", e.g. "dwp.esa_wrag".
std::string line_key(std::size_t line);
// The spending line of each partner's interventions.
Line intervention_line(Partner p);

// A financial year, written "2014/15", held as the calendar year it starts in.
std::optional<int> parse_financial_year(std::string_view s);
std::string financial_year_str(int year);

// A price index by financial year: converts a cost from its price year to another.
struct PriceIndex {
  std::string name, source;
  std::map<int, double> by_year;
  // Multiplier taking prices of year `from` to prices of year `to`; throws if either is
  // missing (load_unit_costs checks every year it needs).
  double factor(int from, int to) const;
};

// The financial year a month falls in (April to March), as the calendar year it starts in.
inline int financial_year_of(YearMonth d) { return d.month >= 4 ? d.year : d.year - 1; }

// One unit cost or rate, with the price year it was published in; a benefit rate may instead be
// given for each financial year at that year's prices (by_year), as rates were set year by year.
struct UnitCost {
  double value = 0;  // in the stored unit (pounds a month for rates, pounds for events)
  int price_year = kModelPriceYear;
  std::map<int, double> by_year;  // financial year -> value at that year's prices (stored unit)
  Quantity q;
  // In pounds of the base year, for financial year `fy`: the rate of that year (the nearest
  // year given, before the first or after the last) taken to the base year's prices; a single
  // value is held in real terms.
  double at_base(int fy, const PriceIndex& index, int base) const;
};

// Income tax and National Insurance on employment income, as pounds a month and shares. One
// tax year's system is applied in real terms throughout (thresholds move with prices).
struct TaxRules {
  double personal_allowance = 0;  // pounds a month
  double basic_rate = 0, higher_rate = 0;
  double basic_rate_limit = 0;  // taxable income taxed at the basic rate, pounds a month
  double ni_primary_threshold = 0, ni_upper_earnings_limit = 0;  // pounds a month
  double ni_employee_rate = 0, ni_employee_rate_above_uel = 0;
  double ni_secondary_threshold = 0;  // pounds a month
  double ni_employer_rate = 0;
  int price_year = kModelPriceYear;
};

struct UnitCosts {
  std::string file;
  PriceIndex index;
  ByLevel<Benefit, UnitCost> benefit{};  // a month per claimant, legacy benefits ("none": zero)
  // Universal Credit, a month per claimant (single person): the standard allowance, and the
  // elements for limited capability for work (LCW) and for work and work-related activity.
  UnitCost uc_standard_allowance, uc_lcw_element, uc_lcwra_element;
  ByLevel<Service, UnitCost> service{};  // per event
  TaxRules tax;
  std::map<std::string, Quantity> quantities;  // every number read, by key
  std::map<std::string, int> price_years;      // by key
};

// Reads and checks a unit-costs file; throws InputError naming file, line and key.
UnitCosts load_unit_costs(const std::string& path, int price_base_year);

// Gain-sharing rules (MODEL.md section 6): how partners who save pay partners who spent.
enum class RuleKind : std::uint8_t { FixedShares, ProportionalToInvestment, PerJobOutcome, Count };
inline constexpr std::array<std::string_view, 3> kRuleKindNames{
    "fixed_shares", "proportional_to_investment", "per_job_outcome"};
template <>
constexpr auto& names_of<RuleKind>() {
  return kRuleKindNames;
}

struct GainRule {
  std::string name, file;
  int line = 0;
  RuleKind kind = RuleKind::FixedShares;
  // fixed_shares: `from` pays each recipient its share of from's saving.
  // proportional_to_investment: each partner in `from` pays `share` of its (positive) saving
  // into a pot split among the investors in `to` (all partners if empty) by their cost.
  std::vector<Partner> from;
  std::vector<std::pair<Partner, double>> shares;
  double share = 0;
  std::vector<Partner> to;
  bool gross = false;  // basis: the gross saving instead of the net saving (saving - cost)
  // per_job_outcome: `from[0]` pays `amount` to `to[0]` for each sustained job outcome of the
  // named interventions (all if empty), in the month it happens.
  double amount = 0;
  std::vector<std::string> interventions;
  // Bounds on each transfer (fixed_shares), on the pot (proportional) or on the total
  // (per job): it is at most `cap` and at least `collar`. No collar: a loss is not shared.
  std::optional<double> cap, collar;
};

struct FinanceSettings {
  std::string unit_costs_path;  // as resolved against the file that names it
  std::string unit_costs_file;  // that file, for messages
  int unit_costs_line = 0;
  int price_base_year = kModelPriceYear;
  double discount_rate = 0.035;  // a year
  // false: Green Book annual discounting by financial year (year 0 undiscounted)
  bool discount_monthly = false;
  // The date present values are taken to: year 0 of annual discounting is the financial year
  // of the month after it; unset: the simulation's start month.
  std::optional<YearMonth> discount_to;
  std::string discount_to_file;
  int discount_to_line = 0;
  YearMonth start;  // the simulation's month 0 (set on load)
  YearMonth horizon{2024, 3};
  std::string horizon_file;
  int horizon_line = 0;
  double optimism_bias = 0;  // uplift on intervention costs (share)
  std::vector<GainRule> gain_sharing;
  std::map<std::string, Quantity> quantities;
  UnitCosts costs;  // loaded from unit_costs_path
};

// The gain-sharing rules of the files of an extends chain, root first, read when all are in. A
// later file's list replaces the inherited rules (`gain_sharing: []` drops them), but an item
// named like an inherited rule takes from it what it does not name (merge_override; one that
// changes the rule's kind, `rule:`, starts afresh): `- name: x` alone keeps rule x as it was.
struct GainSharingLayers {
  struct Entry {
    std::string name;  // empty for a rule without one
    Block block;
  };
  std::vector<Entry> rules;
  void add_layer(const std::string& file, const YAML::Node& gain_sharing);
};

// Whether runs costed with `a` and with `b` post the same ledgers (finance/ledger.hpp): the same
// unit-costs file with every number (and its price year) the same, and the same price base
// year. Gain sharing, discounting and the horizon, which only the appraisal reads, may differ.
bool same_costing(const FinanceSettings& a, const FinanceSettings& b);

// Applies one scenario layer's `finance:` block: later layers override key by key, and its
// gain_sharing goes to `rules`.
void apply_finance(const std::string& file, const YAML::Node& n, FinanceSettings& f,
                   GainSharingLayers& rules);
// After all layers: reads the gain-sharing rules, loads the unit costs and checks the settings
// against the run's start.
void finish_finance(FinanceSettings& f, const GainSharingLayers& rules,
                    const std::string& last_file, YearMonth start);

}  // namespace hwsim
