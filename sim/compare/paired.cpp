#include "compare/paired.hpp"

#include <algorithm>

#include "run/indicators.hpp"
#include "run/target.hpp"

namespace hwsim {

int Paired::target_month() const { return hwsim::target_month(scenario.sim); }

std::pair<int, int> Paired::gap_year() const {
  const int last = scenario.sim.months - 1;
  const int a = std::clamp(months_between(scenario.sim.start, YearMonth{2017, 4}), 0, last);
  const int b = std::clamp(months_between(scenario.sim.start, YearMonth{2018, 3}), 0, last);
  return {a, b};
}

std::vector<double> paired_difference(const Paired& p, const std::string& name, int month) {
  const auto b = across_replications(p.base, name, month),
             s = across_replications(p.scen, name, month);
  std::vector<double> d(b.size());
  for (std::size_t k = 0; k < b.size(); ++k) d[k] = s[k] - b[k];
  return d;
}

std::vector<double> paired_total_difference(const Paired& p, const std::string& name) {
  std::vector<double> d(p.base.reps.size(), 0.0);
  for (int m = 1; m < p.scenario.sim.months; ++m) {
    const auto x = paired_difference(p, name, m);
    for (std::size_t k = 0; k < d.size(); ++k) d[k] += x[k];
  }
  return d;
}

std::vector<double> mean_over(const RunResult& r, const std::string& name, int from, int to) {
  std::vector<double> v(r.reps.size(), 0.0);
  for (int m = from; m <= to; ++m) {
    const auto x = across_replications(r, name, m);
    for (std::size_t k = 0; k < v.size(); ++k) v[k] += x[k] / (to - from + 1);
  }
  return v;
}

std::vector<EqualityRow> equality_breakdown(const Paired& p, int month) {
  std::vector<EqualityRow> rows;
  const std::size_t R = p.base.reps.size();
  auto add = [&](const std::string& group, const std::string& level, const std::string& measure,
                 auto&& get) {
    EqualityRow row{group, level, measure, std::vector<double>(R)};
    for (std::size_t k = 0; k < R; ++k)
      row.difference[k] =
          static_cast<double>(get(p.scen.reps[k].months[static_cast<std::size_t>(month)].stocks)) -
          static_cast<double>(get(p.base.reps[k].months[static_cast<std::size_t>(month)].stocks));
    rows.push_back(std::move(row));
  };
  for (std::size_t c = 0; c < count_of<Condition>(); ++c) {
    add("condition", std::string(kConditionNames[c]), "employed",
        [c](const Stocks& s) { return s.condition_employed[c]; });
    add("condition", std::string(kConditionNames[c]), "esa_ib_claimants",
        [c](const Stocks& s) { return s.esa_ib_condition[c]; });
  }
  for (std::size_t a = 0; a < count_of<AgeBand>(); ++a) {
    add("age_band", std::string(kAgeBandNames[a]), "employed",
        [a](const Stocks& s) { return s.employed_age[a]; });
    add("age_band", std::string(kAgeBandNames[a]), "esa_ib_claimants",
        [a](const Stocks& s) { return s.esa_ib_age[a]; });
  }
  for (std::size_t x = 0; x < count_of<Sex>(); ++x) {
    add("sex", std::string(kSexNames[x]), "employed",
        [x](const Stocks& s) { return s.employed_sex[x]; });
    add("sex", std::string(kSexNames[x]), "esa_ib_claimants",
        [x](const Stocks& s) { return s.esa_ib_sex[x]; });
  }
  for (std::size_t b = 0; b < count_of<Benefit>(); ++b)
    add("benefit", std::string(kBenefitNames[b]), "people",
        [b](const Stocks& s) { return s.benefit[b]; });
  const auto practices = static_cast<std::size_t>(p.scenario.params.population.gp_practices);
  for (std::size_t g = 0; g < practices && g < kMaxGpPractices; ++g) {
    add("gp_practice", std::to_string(g), "employed",
        [g](const Stocks& s) { return s.employed_gp[g]; });
    add("gp_practice", std::to_string(g), "esa_ib_claimants",
        [g](const Stocks& s) { return s.esa_ib_gp[g]; });
  }
  return rows;
}

}  // namespace hwsim
