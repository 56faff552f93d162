#include "finance/finance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "core/error.hpp"

namespace hwsim {

namespace fs = std::filesystem;

std::optional<Partner> partner_of(std::string_view name) {
  for (std::size_t p = 0; p < kPartners; ++p)
    if (kPartnerNames[p] == name) return static_cast<Partner>(p);
  return std::nullopt;
}

std::string line_key(std::size_t line) {
  return fmt::format("{}.{}", kPartnerNames[idx(kLineInfo[line].partner)], kLineInfo[line].name);
}

Line intervention_line(Partner p) {
  switch (p) {
    case Partner::Dwp:
      return Line::DwpInterventions;
    case Partner::Ccg:
      return Line::CcgInterventions;
    case Partner::NhsEngland:
      return Line::NhsEnglandInterventions;
    case Partner::Council:
      return Line::CouncilInterventions;
    case Partner::Esf:
      return Line::EsfInterventions;
    case Partner::HmTreasury:
      return Line::HmtInterventions;
    case Partner::Other:
    case Partner::Count:
      break;
  }
  return Line::OtherInterventions;
}

std::optional<int> parse_financial_year(std::string_view s) {
  // "2014/15"
  if (s.size() != 7 || s[4] != '/') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int y = std::stoi(std::string(s.substr(0, 4)));
  const int next = std::stoi(std::string(s.substr(5, 2)));
  if ((y + 1) % 100 != next) return std::nullopt;
  return y;
}

std::string financial_year_str(int year) {
  return fmt::format("{}/{:02d}", year, (year + 1) % 100);
}

double PriceIndex::factor(int from, int to) const {
  const auto a = by_year.find(from), b = by_year.find(to);
  if (a == by_year.end() || b == by_year.end())
    throw std::out_of_range(fmt::format("price index '{}' has no value for {} or {}", name,
                                        financial_year_str(from), financial_year_str(to)));
  return b->second / a->second;
}

double UnitCost::at_base(int fy, const PriceIndex& index, int base) const {
  if (by_year.empty()) return value * index.factor(price_year, base);
  auto it = by_year.upper_bound(fy);  // the first year after fy
  if (it != by_year.begin()) --it;    // the year itself, or the last before it
  return it->second * index.factor(it->first, base);
}

namespace {

std::vector<std::string> partner_list() { return {kPartnerNames.begin(), kPartnerNames.end()}; }

Partner read_partner(const std::string& file, const YAML::Node& n, const std::string& key) {
  const std::string s = as_string(file, n, key);
  if (const auto p = partner_of(s)) return *p;
  fail(file, n, key, fmt::format("'{}' is not a partner: {}", s, suggest(s, partner_list())));
}

std::vector<Partner> read_partners(const std::string& file, const YAML::Node& n,
                                   const std::string& key) {
  std::vector<Partner> out;
  if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i)
      out.push_back(read_partner(file, n[i], fmt::format("{}[{}]", key, i)));
  } else {
    out.push_back(read_partner(file, n, key));
  }
  if (out.empty()) fail(file, n, key, "expected at least one partner");
  return out;
}

int read_year(const std::string& file, const YAML::Node& n, const std::string& key) {
  const auto y = parse_financial_year(as_string(file, n, key));
  if (!y) fail(file, n, key, "expected a financial year written like 2014/15");
  return *y;
}

// A quantity with its price year (costs and money thresholds).
UnitCost read_cost(const std::string& file, const YAML::Node& n, const std::string& key, Kind kind,
                   UnitCosts& uc) {
  UnitCost c;
  c.q = read_quantity(file, n, key, kind, 0, 1e9, {"price_year"});
  c.value = c.q.value;
  if (!n["price_year"]) fail(file, n, key, "missing 'price_year' (written like 2014/15)");
  c.price_year = read_year(file, n["price_year"], key + ".price_year");
  uc.quantities[key] = c.q;
  uc.price_years[key] = c.price_year;
  return c;
}

// A benefit rate: one value with its price year (held in real terms), or a value for each
// financial year at that year's prices: {unit, by_year: {2014/15: 72.40, ...}, source}. Every
// year must be in the price index.
UnitCost read_rate(const std::string& file, const YAML::Node& n, const std::string& key,
                   UnitCosts& uc) {
  if (!n.IsMap() || !n["by_year"]) {
    UnitCost c = read_cost(file, n, key, Kind::Money, uc);
    if (!uc.index.by_year.count(c.price_year))
      fail(file, n["price_year"], key + ".price_year",
           fmt::format("{} is not in the price index", financial_year_str(c.price_year)));
    return c;
  }
  check_keys(file, n, key, {"unit", "by_year", "source", "note"});
  if (!n["unit"])
    fail(file, n, key, fmt::format("missing 'unit' (one of: {})", kind_units(Kind::Money)));
  if (!n["source"] || as_string(file, n["source"], key + ".source").empty())
    fail(file, n, key, "missing 'source': every number needs one");
  UnitCost c;
  c.q.unit = as_string(file, n["unit"], key + ".unit");
  double probe = 0;
  if (!convert_unit(Kind::Money, c.q.unit, 0.0, probe))
    fail(file, n["unit"], key + ".unit",
         fmt::format("unit '{}' does not fit here (use {})", c.q.unit, kind_units(Kind::Money)));
  const YAML::Node y = n["by_year"];
  if (!y.IsMap() || y.size() == 0)
    fail(file, y, key + ".by_year", "expected a mapping of financial year to value");
  for (auto it = y.begin(); it != y.end(); ++it) {
    const int year = read_year(file, it->first, key + ".by_year");
    const std::string k = key + ".by_year." + financial_year_str(year);
    const double raw = as_number(file, it->second, k);
    double v = 0;
    if (!convert_unit(Kind::Money, c.q.unit, raw, v) || !(v >= 0) || !(v <= 1e9))
      fail(file, it->second, k, fmt::format("value {} {} is out of range", raw, c.q.unit));
    if (!uc.index.by_year.count(year))
      fail(file, it->first, k,
           fmt::format("{} is not in the price index", financial_year_str(year)));
    c.by_year[year] = v;
  }
  c.price_year = c.by_year.begin()->first;
  c.value = c.by_year.begin()->second;
  c.q.value = c.value;
  c.q.raw_yaml = flow_yaml(y);
  c.q.source = as_string(file, n["source"], key + ".source");
  if (n["note"]) c.q.note = as_string(file, n["note"], key + ".note");
  c.q.line = line_of(n);
  uc.quantities[key] = c.q;
  uc.price_years[key] = c.price_year;
  return c;
}

double read_share(const std::string& file, const YAML::Node& n, const std::string& key,
                  std::map<std::string, Quantity>& into, double hi = 1) {
  const Quantity q = read_quantity(file, n, key, Kind::Share, 0, hi);
  into[key] = q;
  return q.value;
}

}  // namespace

UnitCosts load_unit_costs(const std::string& path, int price_base_year) {
  const std::string text = read_text(path, "", 0, "");
  const YAML::Node root = parse(path, text);
  check_duplicates(path, root, "");
  check_keys(path, root, "", {"unit_costs"});
  const YAML::Node top = root["unit_costs"];
  if (!top) throw InputError(path, 1, 1, "unit_costs", "missing: the file's one top-level key");
  check_keys(path, top, "unit_costs",
             {"description", "price_index", "benefits", "universal_credit", "nhs", "tax"});
  UnitCosts uc;
  uc.file = path;
  for (const char* k : {"price_index", "benefits", "universal_credit", "nhs", "tax"})
    if (!top[k]) fail(path, top, std::string("unit_costs.") + k, "missing");

  // Price index.
  {
    const YAML::Node pi = top["price_index"];
    const std::string key = "unit_costs.price_index";
    check_keys(path, pi, key, {"name", "unit", "source", "values"});
    for (const char* k : {"name", "unit", "source", "values"})
      if (!pi[k]) fail(path, pi, key + "." + k, "missing");
    uc.index.name = as_string(path, pi["name"], key + ".name");
    uc.index.source = as_string(path, pi["source"], key + ".source");
    if (as_string(path, pi["unit"], key + ".unit") != "index")
      fail(path, pi["unit"], key + ".unit", "expected 'index'");
    const YAML::Node v = pi["values"];
    if (!v.IsMap() || v.size() == 0)
      fail(path, v, key + ".values", "expected a mapping of financial year to index value");
    for (auto it = v.begin(); it != v.end(); ++it) {
      const int y = read_year(path, it->first, key + ".values");
      const std::string k = key + ".values." + financial_year_str(y);
      const double x = as_number(path, it->second, k);
      if (!(x > 0)) fail(path, it->second, k, "an index value must be positive");
      uc.index.by_year[y] = x;
    }
  }
  // Benefit rates: a week (or a month) per claimant, stored a month; one value held in real
  // terms, or a value for each financial year (by_year).
  {
    const std::string key = "unit_costs.benefits";
    const YAML::Node b = top["benefits"];
    std::vector<std::string> names;
    for (std::size_t l = 1; l < kLegacyBenefits; ++l) names.emplace_back(kBenefitNames[l]);
    check_keys(path, b, key, names);
    for (std::size_t l = 1; l < kLegacyBenefits; ++l) {
      const std::string k = key + "." + std::string(kBenefitNames[l]);
      if (!b[kBenefitNames[l].data()]) fail(path, b, k, "missing");
      uc.benefit[l] = read_rate(path, b[std::string(kBenefitNames[l])], k, uc);
    }
  }
  // Universal Credit, a month per claimant.
  {
    const std::string key = "unit_costs.universal_credit";
    const YAML::Node u = top["universal_credit"];
    const std::vector<std::string> names{"standard_allowance", "lcw_element", "lcwra_element"};
    check_keys(path, u, key, names);
    for (const auto& k : names)
      if (!u[k]) fail(path, u, key + "." + k, "missing");
    uc.uc_standard_allowance =
        read_rate(path, u["standard_allowance"], key + ".standard_allowance", uc);
    uc.uc_lcw_element = read_rate(path, u["lcw_element"], key + ".lcw_element", uc);
    uc.uc_lcwra_element = read_rate(path, u["lcwra_element"], key + ".lcwra_element", uc);
  }
  // NHS unit costs, per event.
  {
    const std::string key = "unit_costs.nhs";
    const YAML::Node n = top["nhs"];
    std::vector<std::string> names(kServiceNames.begin(), kServiceNames.end());
    check_keys(path, n, key, names);
    for (std::size_t s = 0; s < count_of<Service>(); ++s) {
      const std::string name(kServiceNames[s]);
      if (!n[name]) fail(path, n, key + "." + name, "missing");
      uc.service[s] = read_cost(path, n[name], key + "." + name, Kind::Pounds, uc);
    }
  }
  // Tax and National Insurance: thresholds converted to the model's prices.
  {
    const std::string key = "unit_costs.tax";
    const YAML::Node t = top["tax"];
    const std::vector<std::string> money{"personal_allowance", "basic_rate_limit",
                                         "ni_primary_threshold", "ni_upper_earnings_limit",
                                         "ni_secondary_threshold"};
    const std::vector<std::string> rates{"basic_rate", "higher_rate", "ni_employee_rate",
                                         "ni_employee_rate_above_uel", "ni_employer_rate"};
    std::vector<std::string> all(money);
    all.insert(all.end(), rates.begin(), rates.end());
    check_keys(path, t, key, all);
    for (const auto& k : all)
      if (!t[k]) fail(path, t, key + "." + k, "missing");
    std::map<std::string, double> m;
    for (const auto& k : money) {
      const UnitCost c = read_cost(path, t[k], key + "." + k, Kind::Money, uc);
      if (!uc.index.by_year.count(c.price_year))
        fail(path, t[k]["price_year"], key + "." + k + ".price_year",
             fmt::format("the price index has no value for {}", financial_year_str(c.price_year)));
      if (!uc.index.by_year.count(kModelPriceYear))
        fail(path, top["price_index"], "unit_costs.price_index.values",
             fmt::format("the price index needs {} (the model's prices)",
                         financial_year_str(kModelPriceYear)));
      m[k] = c.value * uc.index.factor(c.price_year, kModelPriceYear);
    }
    for (const auto& k : rates) m[k] = read_share(path, t[k], key + "." + k, uc.quantities);
    TaxRules& x = uc.tax;
    x.personal_allowance = m["personal_allowance"];
    x.basic_rate_limit = m["basic_rate_limit"];
    x.ni_primary_threshold = m["ni_primary_threshold"];
    x.ni_upper_earnings_limit = m["ni_upper_earnings_limit"];
    x.ni_secondary_threshold = m["ni_secondary_threshold"];
    x.basic_rate = m["basic_rate"];
    x.higher_rate = m["higher_rate"];
    x.ni_employee_rate = m["ni_employee_rate"];
    x.ni_employee_rate_above_uel = m["ni_employee_rate_above_uel"];
    x.ni_employer_rate = m["ni_employer_rate"];
    x.price_year = kModelPriceYear;
    if (x.ni_upper_earnings_limit < x.ni_primary_threshold)
      fail(path, t["ni_upper_earnings_limit"], key + ".ni_upper_earnings_limit",
           "the upper earnings limit is below the primary threshold");
  }
  // Every price year used must be in the index, and the price base year too.
  for (const auto& [k, y] : uc.price_years)
    if (!uc.index.by_year.count(y)) {
      // Find the node again for its line.
      throw InputError(path, uc.quantities[k].line, 1, k + ".price_year",
                       fmt::format("the price index ('{}') has no value for {}", uc.index.name,
                                   financial_year_str(y)));
    }
  if (!uc.index.by_year.count(price_base_year) || !uc.index.by_year.count(kModelPriceYear))
    fail(path, top["price_index"]["values"], "unit_costs.price_index.values",
         fmt::format("the price index needs values for {} (the price base year) and {} (the "
                     "model's prices)",
                     financial_year_str(price_base_year), financial_year_str(kModelPriceYear)));
  return uc;
}

namespace {

// finance.discount_rate: a rate a year, in percent_per_year or share_per_year, from 0 to 50%.
void read_discount_rate(const std::string& file, const YAML::Node& d, FinanceSettings& f) {
  const std::string key = "finance.discount_rate";
  if (!d.IsMap() || !d["unit"]) fail(file, d, key, "expected value, unit and source");
  const std::string unit = as_string(file, d["unit"], key + ".unit");
  if (unit != "percent_per_year" && unit != "share_per_year")
    fail(file, d["unit"], key + ".unit", "expected percent_per_year or share_per_year");
  check_keys(file, d, key, {"value", "unit", "source", "note"});
  if (!d["value"]) fail(file, d, key, "missing 'value'");
  if (!d["source"] || as_string(file, d["source"], key + ".source").empty())
    fail(file, d, key, "missing 'source': every number needs one");
  const double raw = as_number(file, d["value"], key);
  const double rate = unit == "percent_per_year" ? raw / 100 : raw;
  if (!(rate >= 0 && rate <= 0.5))
    fail(file, d["value"], key,
         fmt::format("{} {} is out of range (allowed 0 to {})", raw, unit,
                     unit == "percent_per_year" ? "50" : "0.5"));
  Quantity q;
  q.value = rate;
  q.raw_yaml = flow_yaml(d["value"]);
  q.source = as_string(file, d["source"], key + ".source");
  f.discount_rate = q.value;
  f.quantities[key] = q;
}

// finance.discount_timing, discount_to and horizon: how and to which month costs are
// discounted, and the month the appraisal ends.
void read_discounting(const std::string& file, const YAML::Node& n, FinanceSettings& f) {
  if (const auto t = n["discount_timing"]) {
    const std::string s = as_string(file, t, "finance.discount_timing");
    if (s != "annual" && s != "monthly")
      fail(file, t, "finance.discount_timing", "expected annual (the Green Book's) or monthly");
    f.discount_monthly = s == "monthly";
  }
  if (const auto h = n["discount_to"]) {
    f.discount_to = as_month(file, h, "finance.discount_to");
    f.discount_to_file = file;
    f.discount_to_line = line_of(h);
  }
  if (const auto h = n["horizon"]) {
    f.horizon_file = file;
    f.horizon_line = line_of(h);
    f.horizon = as_month(file, h, "finance.horizon");
  }
}

// A rule's name: letters, digits, '_' and '-' (it names columns of finance.csv), and not the
// name of an earlier rule; rule_<i+1> if none is given.
std::string read_rule_name(const std::string& file, const YAML::Node& r, const std::string& key,
                           std::size_t i, const std::vector<GainRule>& earlier) {
  const std::string name =
      r["name"] ? as_string(file, r["name"], key + ".name") : fmt::format("rule_{}", i + 1);
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
      }))
    fail(file, r["name"], key + ".name",
         "a rule's name is letters, digits, '_' and '-' only (it names columns of finance.csv)");
  for (const auto& other : earlier)
    if (other.name == name)
      fail(file, r["name"] ? r["name"] : r, key + ".name",
           fmt::format("two rules are named '{}'", name));
  return name;
}

// A rule's rule (its kind), from and to (partners, each named once) and basis.
void read_rule_frame(const std::string& file, const YAML::Node& r, const std::string& key,
                     GainRule& rule) {
  if (!r["rule"])
    fail(file, r, key + ".rule",
         "missing (fixed_shares, proportional_to_investment or per_job_outcome)");
  rule.kind = as_level<RuleKind>(file, r["rule"], key + ".rule", "rule");
  if (!r["from"]) fail(file, r, key + ".from", "missing: the partner(s) who pay");
  rule.from = read_partners(file, r["from"], key + ".from");
  if (r["to"]) rule.to = read_partners(file, r["to"], key + ".to");
  for (const auto* list : {&rule.from, &rule.to})
    for (std::size_t a = 0; a < list->size(); ++a)
      for (std::size_t b = a + 1; b < list->size(); ++b)
        if ((*list)[a] == (*list)[b])
          fail(file, r[list == &rule.from ? "from" : "to"],
               key + (list == &rule.from ? ".from" : ".to"),
               fmt::format("'{}' is named twice", kPartnerNames[idx((*list)[a])]));
  if (const auto b = r["basis"]) {
    const std::string s = as_string(file, b, key + ".basis");
    if (s != "net_saving" && s != "gross_saving")
      fail(file, b, key + ".basis", "expected net_saving or gross_saving");
    rule.gross = s == "gross_saving";
  }
}

// Refuses key `k` of rule `r`, which its kind does not take.
void forbid(const std::string& file, const YAML::Node& r, const std::string& key, const char* k,
            const char* why) {
  if (r[k]) fail(file, r[k], key + "." + k, why);
}

// A fixed_shares rule: one payer, and a share of its saving for each other partner.
void read_fixed_shares(const std::string& file, const YAML::Node& r, const std::string& key,
                       GainRule& rule, FinanceSettings& f) {
  forbid(file, r, key, "share", "fixed_shares takes 'shares' (a share for each recipient)");
  forbid(file, r, key, "to", "fixed_shares names its recipients in 'shares'");
  forbid(file, r, key, "amount", "only per_job_outcome takes an amount");
  forbid(file, r, key, "interventions",
         "fixed_shares shares a partner's whole saving, not one intervention's");
  if (rule.from.size() != 1) fail(file, r["from"], key + ".from", "expected one partner");
  const YAML::Node s = r["shares"];
  if (!s || !s.IsMap() || s.size() == 0)
    fail(file, r, key + ".shares", "expected a mapping of recipient to share");
  double sum = 0;
  for (auto it = s.begin(); it != s.end(); ++it) {
    const Partner p = read_partner(file, it->first, key + ".shares");
    const std::string k = key + ".shares." + std::string(kPartnerNames[idx(p)]);
    if (p == rule.from[0]) fail(file, it->first, k, "a partner cannot pay itself");
    for (const auto& [q, x] : rule.shares)
      if (q == p) fail(file, it->first, k, "named twice");
    const double v = read_share(file, it->second, k, f.quantities);
    rule.shares.emplace_back(p, v);
    sum += v;
  }
  if (sum > 1 + 1e-9)
    fail(file, s, key + ".shares",
         fmt::format("shares add up to {:.4g}, more than the whole saving", sum));
}

// A proportional_to_investment rule: the share of the savers' saving that is pooled.
void read_proportional(const std::string& file, const YAML::Node& r, const std::string& key,
                       GainRule& rule, FinanceSettings& f) {
  forbid(file, r, key, "shares",
         "proportional_to_investment takes one 'share' of the savers' saving");
  forbid(file, r, key, "amount", "only per_job_outcome takes an amount");
  forbid(file, r, key, "interventions",
         "proportional_to_investment pools the partners' whole saving, not one "
         "intervention's");
  if (!r["share"]) fail(file, r, key + ".share", "missing: the share of saving pooled");
  rule.share = read_share(file, r["share"], key + ".share", f.quantities);
}

// A per_job_outcome rule: one payer, one recipient, pounds per job outcome, and the
// interventions whose outcomes count (all if none are named).
void read_per_job(const std::string& file, const YAML::Node& r, const std::string& key,
                  GainRule& rule, FinanceSettings& f) {
  forbid(file, r, key, "shares", "per_job_outcome takes an 'amount' per outcome");
  forbid(file, r, key, "share", "per_job_outcome takes an 'amount' per outcome");
  forbid(file, r, key, "basis", "per_job_outcome pays per outcome, not from a saving");
  if (rule.from.size() != 1) fail(file, r["from"], key + ".from", "expected one partner");
  if (rule.to.size() != 1) fail(file, r["to"] ? r["to"] : r, key + ".to", "expected one recipient");
  if (rule.to[0] == rule.from[0]) fail(file, r["to"], key + ".to", "a partner cannot pay itself");
  if (!r["amount"]) fail(file, r, key + ".amount", "missing: pounds per job outcome");
  const Quantity q = read_quantity(file, r["amount"], key + ".amount", Kind::Pounds, 0, 1e7);
  f.quantities[key + ".amount"] = q;
  rule.amount = q.value;
  if (const auto p = r["interventions"]) {
    if (!p.IsSequence()) fail(file, p, key + ".interventions", "expected a list of names");
    for (std::size_t j = 0; j < p.size(); ++j)
      rule.interventions.push_back(
          as_string(file, p[j], fmt::format("{}.interventions[{}]", key, j)));
  }
}

// A rule's cap and collar: pounds, the cap not below the collar (or zero without one), and no
// negative collar on a proportional rule.
void read_cap_and_collar(const std::string& file, const YAML::Node& r, const std::string& key,
                         GainRule& rule, FinanceSettings& f) {
  for (const char* k : {"cap", "collar"}) {
    if (!r[k]) continue;
    const Quantity q = read_quantity(file, r[k], key + "." + k, Kind::Pounds, -1e12, 1e12);
    f.quantities[key + "." + k] = q;
    (std::string(k) == "cap" ? rule.cap : rule.collar) = q.value;
  }
  if (rule.cap && *rule.cap < rule.collar.value_or(0.0))
    fail(file, r["cap"], key + ".cap",
         rule.collar ? "the cap is below the collar"
                     : "the cap is below zero, the collar when none is given");
  if (rule.kind == RuleKind::ProportionalToInvestment && rule.collar && *rule.collar < 0)
    fail(file, r["collar"], key + ".collar",
         "proportional_to_investment pools positive savings only: a loss is not shared, so "
         "the collar cannot be negative");
}

// Rule i of finance.gain_sharing, after the rules before it in `f`.
GainRule read_gain_rule(const std::string& file, const YAML::Node& r, std::size_t i,
                        FinanceSettings& f) {
  const std::string key = fmt::format("finance.gain_sharing[{}]", i);
  check_keys(file, r, key,
             {"name", "rule", "from", "to", "shares", "share", "basis", "amount", "interventions",
              "cap", "collar", "note"});
  GainRule rule;
  rule.file = file;
  rule.line = line_of(r);
  rule.name = read_rule_name(file, r, key, i, f.gain_sharing);
  read_rule_frame(file, r, key, rule);
  switch (rule.kind) {
    case RuleKind::FixedShares:
      read_fixed_shares(file, r, key, rule, f);
      break;
    case RuleKind::ProportionalToInvestment:
      read_proportional(file, r, key, rule, f);
      break;
    case RuleKind::PerJobOutcome:
      read_per_job(file, r, key, rule, f);
      break;
    case RuleKind::Count:
      break;
  }
  read_cap_and_collar(file, r, key, rule, f);
  return rule;
}

}  // namespace

void GainSharingLayers::add_layer(const std::string& file, const YAML::Node& g) {
  if (!g.IsSequence() && !(g.IsScalar() && g.Scalar().empty()) && !g.IsNull())
    fail(file, g, "finance.gain_sharing", "expected a list of rules");
  // The list replaces the inherited rules; an item named like one of them takes from it what it
  // does not name. Rebuilt, never assigned into: assigning a YAML::Node writes through to it.
  std::vector<Entry> now;
  std::set<std::string> here;
  for (std::size_t i = 0; g.IsSequence() && i < g.size(); ++i) {
    const YAML::Node r = g[i];
    const std::string key = fmt::format("finance.gain_sharing[{}]", i);
    std::string name;
    if (r.IsMap() && r["name"]) name = as_string(file, r["name"], key + ".name");
    if (!name.empty() && !here.insert(name).second)
      fail(file, r["name"], key + ".name", fmt::format("two rules are named '{}'", name));
    Block block{file, r, line_of(r), {}};
    const auto same = std::find_if(rules.begin(), rules.end(),
                                   [&](const Entry& e) { return !name.empty() && e.name == name; });
    if (same == rules.end()) {
      if (r.IsMap() && !r["rule"] && !name.empty()) {
        std::vector<std::string> known;
        for (const auto& e : rules)
          if (!e.name.empty()) known.push_back(e.name);
        fail(file, r["name"], key + ".name",
             (known.empty() ? "no rule of this name in the files this one extends"
                            : unknown("rule", name, known)) +
                 ": an item named like a rule of the files this one extends takes what it does "
                 "not name from it, and a new rule gives its 'rule'");
      }
    } else {
      // A change of kind starts the rule afresh.
      const YAML::Node& old = same->block.node;
      if (!(r.IsMap() && r["rule"] && old.IsMap() && old["rule"] &&
            r["rule"].Scalar() != old["rule"].Scalar()))
        merge_override(block, same->block);
    }
    now.push_back(Entry{name, block});
  }
  rules.swap(now);
}

bool same_costing(const FinanceSettings& a, const FinanceSettings& b) {
  if (a.price_base_year != b.price_base_year || a.costs.file != b.costs.file ||
      a.costs.price_years != b.costs.price_years ||
      a.costs.quantities.size() != b.costs.quantities.size())
    return false;
  for (const auto& [key, q] : a.costs.quantities) {
    const auto it = b.costs.quantities.find(key);
    if (it == b.costs.quantities.end() || it->second.value != q.value ||
        it->second.raw_yaml != q.raw_yaml)
      return false;
  }
  return true;
}

void apply_finance(const std::string& file, const YAML::Node& n, FinanceSettings& f,
                   GainSharingLayers& rules) {
  if (!n.IsMap()) fail(file, n, "finance", "expected a mapping");
  check_keys(file, n, "finance",
             {"unit_costs", "price_base_year", "discount_rate", "discount_timing", "discount_to",
              "horizon", "optimism_bias", "gain_sharing"});
  if (const auto u = n["unit_costs"]) {
    f.unit_costs_path = (fs::path(file).parent_path() / as_string(file, u, "finance.unit_costs"))
                            .lexically_normal()
                            .string();
    f.unit_costs_file = file;
    f.unit_costs_line = line_of(u);
  }
  if (const auto y = n["price_base_year"])
    f.price_base_year = read_year(file, y, "finance.price_base_year");
  if (const auto d = n["discount_rate"]) read_discount_rate(file, d, f);
  read_discounting(file, n, f);
  if (const auto o = n["optimism_bias"])
    f.optimism_bias = read_share(file, o, "finance.optimism_bias", f.quantities, 10);
  if (const auto g = n["gain_sharing"]) rules.add_layer(file, g);
}

void finish_finance(FinanceSettings& f, const GainSharingLayers& rules,
                    const std::string& last_file, YearMonth start) {
  f.gain_sharing.clear();
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Block& b = rules.rules[i].block;
    f.gain_sharing.push_back(read_block(b, fmt::format("finance.gain_sharing[{}]", i),
                                        [&] { return read_gain_rule(b.file, b.node, i, f); }));
  }
  if (months_between(start, f.horizon) < 1)
    throw InputError(
        f.horizon_file.empty() ? last_file : f.horizon_file, f.horizon_line, 1, "finance.horizon",
        fmt::format("{} is not after the start of the run ({})", f.horizon.str(), start.str()));
  if (!f.discount_to) f.discount_to = start;
  f.start = start;
  if (f.unit_costs_path.empty())
    throw InputError(last_file, 0, 0, "finance.unit_costs",
                     "missing: name the unit-costs file (e.g. unit-costs.yaml)");
  if (!fs::is_regular_file(f.unit_costs_path))
    throw InputError(f.unit_costs_file, f.unit_costs_line, 1, "finance.unit_costs",
                     fmt::format("cannot open unit-costs file '{}'", f.unit_costs_path));
  f.costs = load_unit_costs(f.unit_costs_path, f.price_base_year);
}

}  // namespace hwsim
