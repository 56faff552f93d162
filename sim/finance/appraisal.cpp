#include "finance/appraisal.hpp"

#include <algorithm>
#include <cmath>

namespace hwsim {

std::string position_name(std::size_t k) {
  return k < kPartners ? std::string(kPartnerNames[k]) : std::string("total");
}

int financial_year_of_month(const FinanceSettings& f, int month) {
  return financial_year_of(f.start.plus(month));
}

double financial_year_discount(const FinanceSettings& f, int fy) {
  const int year0 = financial_year_of(f.discount_to.value_or(f.start).plus(1));
  return std::pow(1.0 + f.discount_rate, -static_cast<double>(fy - year0));
}

double discount_factor(const FinanceSettings& f, int month) {
  if (!f.discount_monthly) return financial_year_discount(f, financial_year_of_month(f, month));
  // Months since the discounting date, the first month after it counting 0.
  const int k = months_between(f.discount_to.value_or(f.start), f.start.plus(month)) - 1;
  return std::pow(1.0 + f.discount_rate, -k / 12.0);
}

int appraisal_last_month(const FinanceSettings& f, YearMonth start, int months) {
  return std::clamp(months_between(start, f.horizon), 0, months - 1);
}

namespace {

double clamp_transfer(const GainRule& r, double t) {
  t = std::max(t, r.collar.value_or(0.0));
  if (r.cap) t = std::min(t, *r.cap);
  return t;
}

}  // namespace

std::array<double, kPartners> apply_rule(const GainRule& r,
                                         const std::array<PartnerResult, kPositions>& before,
                                         double discounted_outcomes) {
  std::array<double, kPartners> tr{};
  auto pay = [&](Partner from, Partner to, double amount) {
    tr[idx(from)] -= amount;
    tr[idx(to)] += amount;
  };
  auto basis = [&](Partner p) {
    const auto& b = before[idx(p)];
    return r.gross ? b.saving : b.npv;
  };
  switch (r.kind) {
    case RuleKind::FixedShares: {
      const Partner from = r.from.at(0);
      for (const auto& [to, share] : r.shares)
        pay(from, to, clamp_transfer(r, share * basis(from)));
      break;
    }
    case RuleKind::ProportionalToInvestment: {
      // Investors: the recipients (all partners if none named) with a positive cost.
      std::vector<Partner> investors;
      double invested = 0;
      for (std::size_t p = 0; p < kPartners; ++p) {
        const Partner pp = static_cast<Partner>(p);
        const bool named = r.to.empty() || std::find(r.to.begin(), r.to.end(), pp) != r.to.end();
        if (named && before[p].cost > 0) {
          investors.push_back(pp);
          invested += before[p].cost;
        }
      }
      if (investors.empty()) break;
      std::vector<double> due(r.from.size());
      double pot = 0;
      for (std::size_t k = 0; k < r.from.size(); ++k) {
        due[k] = r.share * std::max(0.0, basis(r.from[k]));
        pot += due[k];
      }
      const double bounded = clamp_transfer(r, pot);
      for (std::size_t k = 0; k < r.from.size(); ++k) {
        const double paid =
            pot > 0 ? bounded * due[k] / pot : bounded / static_cast<double>(r.from.size());
        for (const Partner to : investors)
          pay(r.from[k], to, paid * before[idx(to)].cost / invested);
      }
      break;
    }
    case RuleKind::PerJobOutcome:
      pay(r.from.at(0), r.to.at(0), clamp_transfer(r, r.amount * discounted_outcomes));
      break;
    case RuleKind::Count:
      break;
  }
  return tr;
}

Appraisal appraise(const FinanceSettings& f, const std::vector<Ledger>& base,
                   const std::vector<Ledger>& scen,
                   const std::vector<std::vector<double>>& outcomes,
                   const std::vector<std::string>& names, int last_month) {
  Appraisal a;
  const double uplift = 1.0 + f.optimism_bias;
  std::array<std::vector<double>, kPositions> net;  // discounted net saving by month
  for (auto& v : net) v.assign(static_cast<std::size_t>(last_month) + 1, 0.0);
  std::array<int, kPositions> first_cost{};
  first_cost.fill(0);
  const int first_year = financial_year_of_month(f, 1);
  if (last_month >= 1) {
    const auto years =
        static_cast<std::size_t>(financial_year_of_month(f, last_month) - first_year + 1);
    a.year_flow.assign(years, Ledger{});
    a.year_pv.assign(years, Ledger{});
  }
  for (int m = 1; m <= last_month; ++m) {
    const double df = discount_factor(f, m);
    const auto mm = static_cast<std::size_t>(m);
    const auto y = static_cast<std::size_t>(financial_year_of_month(f, m) - first_year);
    std::array<double, kPositions> cost{}, saving{};
    for (std::size_t l = 0; l < kLines; ++l) {
      const auto& info = kLineInfo[l];
      const double d = scen[mm][l] - base[mm][l];  // scenario minus baseline
      a.line_pv[l] += df * d;
      const std::size_t p = idx(info.partner);
      double part = 0;  // the line's part in the partner's net saving this month
      if (info.intervention) {
        const double c = d > 0 ? d * uplift : d;  // the uplift is on extra spend, not on savings
        cost[p] += c;
        part = -c;
      } else {
        part = info.receipt ? d : -d;
        saving[p] += part;
      }
      a.year_flow[y][l] += part;
      a.year_pv[y][l] += df * part;
    }
    for (std::size_t p = 0; p < kPartners; ++p) {
      cost[kPartners] += cost[p];
      saving[kPartners] += saving[p];
    }
    for (std::size_t p = 0; p < kPositions; ++p) {
      a.before[p].cost += df * cost[p];
      a.before[p].saving += df * saving[p];
      net[p][mm] = net[p][mm - 1] + df * (saving[p] - cost[p]);
      if (cost[p] != 0 && first_cost[p] == 0) first_cost[p] = m;
    }
  }
  for (std::size_t p = 0; p < kPositions; ++p) {
    PartnerResult& r = a.before[p];
    r.npv = r.saving - r.cost;
    if (r.cost > 0) {
      r.bcr = r.saving / r.cost;
      r.roi = r.npv / r.cost;
      int last_negative = 0;
      for (int m = 1; m <= last_month; ++m)
        if (net[p][static_cast<std::size_t>(m)] < 0) last_negative = m;
      if (last_negative == 0)
        r.payback = first_cost[p];
      else if (last_negative < last_month)
        r.payback = last_negative + 1;
    }
  }
  // Gain sharing.
  for (std::size_t p = 0; p < kPositions; ++p) a.npv_after[p] = a.before[p].npv;
  for (const GainRule& rule : f.gain_sharing) {
    double outcomes_pv = 0;
    if (rule.kind == RuleKind::PerJobOutcome) {
      for (int m = 1; m <= last_month; ++m) {
        const auto& row = outcomes.at(static_cast<std::size_t>(m));
        for (std::size_t k = 0; k < row.size() && k < names.size(); ++k) {
          const bool counted = rule.interventions.empty() ||
                               std::find(rule.interventions.begin(), rule.interventions.end(),
                                         names[k]) != rule.interventions.end();
          if (counted) outcomes_pv += discount_factor(f, m) * row[k];
        }
      }
    }
    const auto tr = apply_rule(rule, a.before, outcomes_pv);
    for (std::size_t p = 0; p < kPartners; ++p) a.npv_after[p] += tr[p];
    a.transfers.push_back(tr);
  }
  return a;
}

}  // namespace hwsim
