#include "startup/equilibrium.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>

#include "model/step.hpp"

namespace hwsim {

namespace {

constexpr std::size_t NA = count_of<AgeBand>(), NC = count_of<Condition>();

// Agents aggregated by everything the hazards read, so the balance is computed over a few
// thousand distinct states rather than every agent.
struct KeyedState {
  AgentState a;
  bool age_up;  // moves into the next age band next month
  double n;
};

std::uint32_t pack(const Population& p, std::size_t i, double limit) {
  const AgentState a = AgentState::of(p, i);
  const int next = p.age_months[i] + 1;
  const bool age_up = a.band != AgeBand::A50_64 && next == kAgeBandLo[idx(a.band) + 1] * 12;
  const bool at_limit =
      a.benefit == Benefit::EsaWrag && a.contrib_only && a.months_benefit + 1 >= limit;
  std::uint32_t k = 0;
  auto put = [&k](std::uint32_t v, int bits) { k = (k << bits) | v; };
  put(idx(a.band), 2);
  put(idx(a.sex), 1);
  put(idx(a.condition), 3);
  put(idx(a.severity), 2);
  put(a.comorbid, 1);
  put(idx(a.labour), 2);
  put(idx(a.benefit), 3);
  put(idx(dur_band_of(a.months_labour)), 2);
  put(idx(dur_band_of(a.months_claim)), 2);
  put(at_limit, 1);
  put(a.contrib_only, 1);
  put(a.appeal, 1);
  put(age_up, 1);
  put(a.age_out, 1);
  return k;
}

KeyedState unpack(std::uint32_t k, double n, double limit) {
  auto get = [&k](int bits) {
    const std::uint32_t v = k & ((1u << bits) - 1);
    k >>= bits;
    return v;
  };
  const bool age_out = get(1), age_up = get(1), appeal = get(1), contrib = get(1),
             at_limit = get(1);
  static constexpr std::array<int, 4> start{0, 6, 12, 24};
  const int claim = start[get(2)], lab = start[get(2)];
  const auto benefit = static_cast<Benefit>(get(3));
  const auto labour = static_cast<Labour>(get(2));
  const bool comorbid = get(1);
  const auto sev = static_cast<Severity>(get(2));
  const auto cond = static_cast<Condition>(get(3));
  const auto sex = static_cast<Sex>(get(1));
  const auto band = static_cast<AgeBand>(get(2));
  AgentState a{band,    sex,      cond,
               sev,     comorbid, labour,
               benefit, lab,      at_limit ? static_cast<int>(limit) - 1 : 0,
               claim,   contrib,  appeal,
               age_out};
  return {a, age_up, n};
}

std::vector<KeyedState> aggregate(const Population& pop, double limit) {
  std::vector<std::uint32_t> keys(pop.size());
  tbb::parallel_for(std::size_t{0}, pop.size(),
                    [&](std::size_t i) { keys[i] = pack(pop, i, limit); });
  tbb::parallel_sort(keys.begin(), keys.end());
  std::vector<KeyedState> out;
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    out.push_back(unpack(keys[i], static_cast<double>(j - i), limit));
    i = j;
  }
  return out;
}

// Severity rises at the rate that, with the falls, keeps each condition's severity mix.
void set_worsen(const Params& P, Levels& L) {
  for (std::size_t c = 0; c < NC; ++c)
    for (std::size_t v = 0; v + 1 < count_of<Severity>(); ++v) {
      const double lo = P.population.severity_share[c][v],
                   hi = P.population.severity_share[c][v + 1];
      L.worsen[c][v] = lo > 0 ? clamp01(P.health.severity_improve * hi / lo) : 0.0;
    }
}

}  // namespace

DemographyPlan plan_demography(const Params& P, const Population& pop, Levels& L) {
  DemographyPlan d;
  Vec<AgeBand> ageing_out{}, leave{};
  for (std::size_t i = 0; i < pop.size(); ++i) {
    const AgentState a = AgentState::of(pop, i);
    const auto b = idx(a.band);
    d.band_size[b] += 1;
    d.band_weight[b] += migration_weight(P, pop, i);
    const int next = pop.age_months[i] + 1;
    if (a.age_out || (a.band != AgeBand::A50_64 && next == kAgeBandLo[b + 1] * 12))
      ageing_out[b] += 1;
    if (!a.age_out) leave[b] += p_death(P, a) + p_migrate_out(P, a);
  }
  // The youngest band's cohort renews itself: as many turn 16 as turn 25.
  d.entrants16 = ageing_out[0];
  double total_in = 0;
  for (std::size_t b = 0; b < NA; ++b) {
    const double in_from_below = b == 0 ? d.entrants16 : ageing_out[b - 1];
    d.migrants_in[b] = std::max(0.0, ageing_out[b] + leave[b] - in_from_below);
    total_in += d.migrants_in[b];
  }
  d.exits = ageing_out[NA - 1];
  for (std::size_t b = 0; b < NA; ++b) d.exits += leave[b];
  L.entrant16 = d.exits > 0 ? std::min(1.0, d.entrants16 / d.exits) : 0.0;
  double cum = 0;
  for (std::size_t b = 0; b < NA; ++b) {
    cum += total_in > 0 ? d.migrants_in[b] / total_in : 1.0 / NA;
    L.migrant_band_cum[b] = cum;
  }
  return d;
}

Levels reference_levels(const Scenario& sc, const Population& pop) {
  const Params& P = sc.params;
  Levels L = Levels::ones();
  set_worsen(P, L);
  plan_demography(P, pop, L);
  // Onset at the level that balances remission at each condition's prevalence.
  double conds = 0;
  for (std::size_t c = 1; c < NC; ++c) conds += P.population.condition_count[c];
  const double none = P.population.size - conds;
  for (std::size_t c = 1; c < NC; ++c)
    for (std::size_t b = 0; b < NA; ++b)
      L.onset[c][b] =
          none > 0 ? clamp01(P.health.remission[c] * P.population.condition_count[c] / none) : 0.0;
  for (std::size_t b = 0; b < NA; ++b)
    L.comorbid_onset[b] =
        clamp01(P.health.comorbid_onset_hr_msk * L.onset[idx(Condition::Depression)][b]);
  return L;
}

namespace {

// Sizes of the balanced stocks.
struct StockSizes {
  Table<Condition, AgeBand> condition{};                        // 1. any condition
  std::array<Table<Severity, AgeBand>, NC> claimants{};         // 2. ESA/IB
  Table<Condition, AgeBand> employed{};                         // 3. in work
  Vec<AgeBand> jsa{}, unemployed_none{}, inactive_sick_none{};  // 4, 5, 6
};

StockSizes stock_sizes(const Population& pop) {
  StockSizes s;
  for (std::size_t i = 0; i < pop.size(); ++i) {
    const auto c = idx(pop.condition[i]), v = idx(pop.severity[i]), b = idx(pop.band(i));
    s.condition[c][b] += 1;
    if (is_esa_ib(pop.benefit[i])) s.claimants[c][v][b] += 1;
    if (pop.labour[i] == Labour::Employed) s.employed[c][b] += 1;
    if (pop.benefit[i] == Benefit::Jsa) s.jsa[b] += 1;
    if (pop.benefit[i] == Benefit::None && pop.labour[i] == Labour::Unemployed)
      s.unemployed_none[b] += 1;
    if (pop.benefit[i] == Benefit::None && pop.labour[i] == Labour::InactiveSick)
      s.inactive_sick_none[b] += 1;
  }
  return s;
}

// Excess of each stock over its aim, a month's share of it: inflows are cut (or outflows
// raised) by this much. Zero without an aim.
StockSizes steering_excess(const Population& pop, const Population* aim, double aim_months) {
  StockSizes excess;
  if (!aim) return excess;
  const StockSizes now = stock_sizes(pop), want = stock_sizes(*aim);
  const double k = 1.0 / aim_months;
  for (std::size_t c = 0; c < NC; ++c)
    for (std::size_t b = 0; b < NA; ++b) {
      excess.condition[c][b] = k * (now.condition[c][b] - want.condition[c][b]);
      excess.employed[c][b] = k * (now.employed[c][b] - want.employed[c][b]);
      for (std::size_t v = 0; v < count_of<Severity>(); ++v)
        excess.claimants[c][v][b] = k * (now.claimants[c][v][b] - want.claimants[c][v][b]);
    }
  for (std::size_t b = 0; b < NA; ++b) {
    excess.jsa[b] = k * (now.jsa[b] - want.jsa[b]);
    excess.unemployed_none[b] = k * (now.unemployed_none[b] - want.unemployed_none[b]);
    excess.inactive_sick_none[b] = k * (now.inactive_sick_none[b] - want.inactive_sick_none[b]);
  }
  return excess;
}

// What every block of the balance reads: the parameters, the population aggregated by state,
// the demographic plan and the steering excess; and the warnings the blocks collect.
struct Balancing {
  const Params& P;
  std::vector<KeyedState> states;
  bool ib_open;  // IB reassessment running in the first month
  DemographyPlan plan;
  StockSizes excess;
  std::vector<std::string>& warnings;

  // Net demographic outflow of a keyed state from its stock (ageing into the next band is
  // added back to that band by the callers). In-migrants are copies of month-0 residents of
  // their band, so they bring each stock in proportion to its share of the band.
  double dem_out(const KeyedState& k) const {
    const auto b = idx(k.a.band);
    const double leave = k.a.age_out ? 1.0 : p_death(P, k.a) + p_migrate_out(P, k.a);
    const double w = is_esa_ib(k.a.benefit) ? P.demography.migration_hr_claimant : 1.0;
    const double arrive =
        plan.band_weight[b] > 0 ? plan.migrants_in[b] * w / plan.band_weight[b] : 0.0;
    return k.n * (leave + (k.age_up ? 1.0 : 0.0) - arrive);
  }
  static double ageing_in(const KeyedState& k) { return k.age_up ? k.n : 0.0; }
  static std::size_t next_band(AgeBand b) { return static_cast<std::size_t>(idx(b) + 1); }
  void warn(const std::string& what, std::size_t b, double v) {
    warnings.push_back(
        fmt::format("{} ({}): fixed inflows exceed outflows by {:.1f} a month; "
                    "level set to 0",
                    what, kAgeBandNames[b], v));
  }
};

// 1. Onset, by condition and age band: it makes up for remission and the net demographic
//    outflow of each condition, less the conditions 16-year-old entrants bring.
void balance_onset(Balancing& B, Levels& L) {
  const Params& P = B.P;
  // Entrants at 16 take their health from a month-0 resident aged 16-24.
  double young = 0;
  std::array<double, NC> young_cond{};
  for (const auto& k : B.states)
    if (k.a.band == AgeBand::A16_24) {
      young += k.n;
      young_cond[idx(k.a.condition)] += k.n;
    }
  Table<Condition, AgeBand> need{}, base{};
  for (const auto& k : B.states) {
    const auto c = idx(k.a.condition), b = idx(k.a.band);
    if (c != 0) {
      need[c][b] += k.n * p_remission(P, k.a) + B.dem_out(k);
      if (k.age_up) need[c][B.next_band(k.a.band)] -= B.ageing_in(k);
    } else {
      for (std::size_t cc = 1; cc < NC; ++cc)
        base[cc][b] +=
            k.n * (k.a.labour == Labour::Employed ? 1.0 : P.health.onset_hr_not_employed[cc]);
    }
  }
  for (std::size_t c = 1; c < NC; ++c) {
    need[c][0] -= young > 0 ? B.plan.entrants16 * young_cond[c] / young : 0.0;
    for (std::size_t b = 0; b < NA; ++b) need[c][b] -= B.excess.condition[c][b];
    for (std::size_t b = 0; b < NA; ++b) {
      if (need[c][b] < 0) {
        B.warn(fmt::format("onset of {}", kConditionNames[c]), b, -need[c][b]);
        need[c][b] = 0;
      }
      L.onset[c][b] = base[c][b] > 0 ? clamp01(need[c][b] / base[c][b]) : 0.0;
    }
  }
  for (std::size_t b = 0; b < NA; ++b)
    L.comorbid_onset[b] =
        clamp01(P.health.comorbid_onset_hr_msk * L.onset[idx(Condition::Depression)][b]);
}

// 2. New ESA claims, by condition, severity and age band, against every way of leaving
//    ESA/IB (so that the mix of new claims matches the mix of exits, and the caseload's
//    composition holds as well as its size).
void balance_claims(Balancing& B, Levels& L) {
  const Params& P = B.P;
  std::array<Table<Severity, AgeBand>, NC> need{}, base{};
  Levels unit = L;
  for (auto& t : unit.claim)
    for (auto& r : t) r.fill(1.0);
  for (const auto& k : B.states) {
    const auto c = idx(k.a.condition), v = idx(k.a.severity), b = idx(k.a.band);
    if (is_esa_ib(k.a.benefit)) {
      need[c][v][b] += k.n * claim_exit(P, k.a, B.ib_open).total() + B.dem_out(k);
      if (k.age_up) need[c][v][B.next_band(k.a.band)] -= B.ageing_in(k);
    } else if (c != 0) {
      base[c][v][b] += k.n * p_new_claim(P, unit, k.a);
    }
  }
  for (std::size_t c = 1; c < NC; ++c)
    for (std::size_t v = 0; v < count_of<Severity>(); ++v)
      for (std::size_t b = 0; b < NA; ++b) {
        need[c][v][b] -= B.excess.claimants[c][v][b];
        if (need[c][v][b] < 0) {
          B.warn(fmt::format("ESA claims for {} {}", kSeverityNames[v], kConditionNames[c]), b,
                 -need[c][v][b]);
          need[c][v][b] = 0;
        }
        L.claim[c][v][b] = base[c][v][b] > 0 ? need[c][v][b] / base[c][v][b] : 1.0;
      }
}

// 3. Job entry of non-claimants, by condition and age band, against job loss, new claims from
//    work and the net demographic outflow of people in work, less claimants entering work;
//    health changes move people in work between conditions.
void balance_job_entry(Balancing& B, Levels& L) {
  const Params& P = B.P;
  Table<Condition, AgeBand> need{}, base{};
  Levels unit = L;
  for (auto& r : unit.job_entry) r.fill(1.0);
  for (const auto& k : B.states) {
    const auto c = idx(k.a.condition), b = idx(k.a.band);
    if (k.a.labour == Labour::Employed) {
      need[c][b] += k.n * (p_job_loss(P, k.a) + p_new_claim(P, L, k.a)) + B.dem_out(k);
      if (k.age_up) need[c][B.next_band(k.a.band)] -= B.ageing_in(k);
      if (c == 0) {
        for (std::size_t cc = 1; cc < NC; ++cc) {
          const double f = k.n * p_onset(P, L, k.a, static_cast<Condition>(cc));
          need[0][b] += f;
          need[cc][b] -= f;
        }
      } else {
        const double f = k.n * p_remission(P, k.a);
        need[c][b] += f;
        need[0][b] -= f;
      }
    } else if (is_esa_ib(k.a.benefit)) {
      need[c][b] -= k.n * claim_exit(P, k.a, B.ib_open).to_work;
    } else {
      base[c][b] += k.n * p_job_entry(P, unit, k.a);
    }
  }
  for (std::size_t c = 0; c < NC; ++c)
    for (std::size_t b = 0; b < NA; ++b) {
      need[c][b] -= B.excess.employed[c][b];
      if (need[c][b] < 0) {
        B.warn(fmt::format("job entry for {}", kConditionNames[c]), b, -need[c][b]);
        need[c][b] = 0;
      }
      L.job_entry[c][b] = base[c][b] > 0 ? need[c][b] / base[c][b] : 1.0;
    }
}

// 4. JSA claims and 5. starting to look for work, by age band. JSA claims make up for JSA's
//    outflows, less claimants found fit for work; starting to look for work then makes up
//    for the outflows of the ILO-unemployed non-claimants, JSA claims among them.
void balance_jsa_and_search(Balancing& B, Levels& L) {
  const Params& P = B.P;
  Vec<AgeBand> jsa_need{}, jsa_base{}, u_need{}, u_base{};
  Levels unit = L;
  unit.jsa_claim.fill(1.0);
  unit.search_start.fill(1.0);
  for (const auto& k : B.states) {
    const auto b = idx(k.a.band);
    const auto& a = k.a;
    if (a.benefit == Benefit::Jsa) {
      const double leaving = p_job_entry(P, L, a) + p_jsa_exit(P, a) + p_new_claim(P, L, a);
      jsa_need[b] += k.n * leaving + B.dem_out(k);
      if (k.age_up) jsa_need[B.next_band(a.band)] -= B.ageing_in(k);
      u_need[b] -= k.n * p_jsa_exit(P, a);  // leaving JSA, still unemployed
    } else if (is_esa_ib(a.benefit)) {
      const ClaimExit e = claim_exit(P, a, B.ib_open);
      jsa_need[b] -= k.n * e.to_jsa;
      const double seek = a.labour == Labour::Unemployed ? 1.0 : P.labour.job_loss_to_unemployed;
      u_need[b] -= k.n * e.to_none * seek;
    } else if (a.labour == Labour::Employed) {
      u_need[b] -= k.n * p_job_loss(P, a) * P.labour.job_loss_to_unemployed;
    } else if (a.labour == Labour::Unemployed) {
      jsa_base[b] += k.n * p_jsa_claim(P, unit, a);
      const double leaving = p_job_entry(P, L, a) + p_search_stop(P, a) + p_new_claim(P, L, a);
      u_need[b] += B.dem_out(k) + k.n * leaving;  // JSA claims added once the JSA level is known
      if (k.age_up) u_need[B.next_band(a.band)] -= B.ageing_in(k);
    } else {
      u_base[b] += k.n * p_search_start(P, unit, a);
    }
  }
  for (std::size_t b = 0; b < NA; ++b) {
    jsa_need[b] -= B.excess.jsa[b];
    u_need[b] -= B.excess.unemployed_none[b];
    if (jsa_need[b] < 0) {
      B.warn("JSA claims", b, -jsa_need[b]);
      jsa_need[b] = 0;
    }
    L.jsa_claim[b] = jsa_base[b] > 0 ? jsa_need[b] / jsa_base[b] : 1.0;
    u_need[b] += L.jsa_claim[b] * jsa_base[b];
    if (u_need[b] < 0) {
      B.warn("starting to look for work", b, -u_need[b]);
      u_need[b] = 0;
    }
    L.search_start[b] = u_base[b] > 0 ? u_need[b] / u_base[b] : 1.0;
  }
}

// 6. Inactive non-claimants ceasing to be inactive through sickness, by age band. This
//    multiplier scales an outflow: it takes up what the stock's inflows (people leaving ESA
//    or work through ill health, onsets among the inactive) leave over after its other
//    outflows.
void balance_sick_recovery(Balancing& B, Levels& L) {
  const Params& P = B.P;
  Vec<AgeBand> in{}, out_other{}, base{};
  Levels unit = L;
  unit.sick_recovery.fill(1.0);
  const double to_u = P.labour.job_loss_to_unemployed;
  for (const auto& k : B.states) {
    const auto b = idx(k.a.band);
    const auto& a = k.a;
    const bool ill = a.condition != Condition::None && a.severity != Severity::Mild;
    if (is_esa_ib(a.benefit)) {
      if (ill && a.labour != Labour::Unemployed)
        in[b] += k.n * claim_exit(P, a, B.ib_open).to_none * (1 - to_u);
    } else if (a.benefit == Benefit::Jsa) {
      continue;
    } else if (a.labour == Labour::Employed) {
      if (ill) in[b] += k.n * p_job_loss(P, a) * (1 - to_u);
    } else if (a.labour == Labour::Unemployed) {
      if (ill) in[b] += k.n * p_search_stop(P, a);
    } else if (a.labour == Labour::InactiveOther) {
      if (a.condition == Condition::None) {
        for (std::size_t c = 1; c < NC; ++c)
          in[b] += k.n * p_onset(P, L, a, static_cast<Condition>(c)) *
                   (1 - P.population.severity_share[c][0]) * P.population.inactive_sick_share;
      }
    } else {  // inactive through sickness, not claiming
      out_other[b] += k.n * (p_job_entry(P, L, a) + p_search_start(P, L, a) + p_new_claim(P, L, a) +
                             p_remission(P, a)) +
                      B.dem_out(k);
      if (k.age_up) out_other[B.next_band(a.band)] -= B.ageing_in(k);
      base[b] += k.n * p_sick_recovery(P, unit, a);
    }
  }
  for (std::size_t b = 0; b < NA; ++b) {
    double need = in[b] - out_other[b] + B.excess.inactive_sick_none[b];
    if (need < 0) {
      B.warnings.push_back(
          fmt::format("inactive through sickness ({}): outflows exceed inflows by "
                      "{:.1f} a month with no recovery; level set to 0",
                      kAgeBandNames[b], -need));
      need = 0;
    }
    L.sick_recovery[b] = base[b] > 0 ? need / base[b] : 1.0;
  }
}

}  // namespace

Balance balance_levels(const Scenario& sc, const Population& pop, const Population* aim,
                       double aim_months) {
  const Params& P = sc.params;
  Balance out;
  Levels& L = out.levels;
  L = Levels::ones();
  set_worsen(P, L);  // severity: detailed balance, no population needed
  const bool ib_open = months_between(P.claims.ib_migration_start, sc.sim.start.plus(1)) >= 0;
  Balancing B{.P = P,
              .states = aggregate(pop, P.claims.contributory_limit_months),
              .ib_open = ib_open,
              .plan = plan_demography(P, pop, L),
              .excess = steering_excess(pop, aim, aim_months),
              .warnings = out.warnings};
  // In dependency order: each block reads the levels the ones before it set.
  balance_onset(B, L);
  balance_claims(B, L);
  balance_job_entry(B, L);
  balance_jsa_and_search(B, L);
  balance_sick_recovery(B, L);
  return out;
}

}  // namespace hwsim
