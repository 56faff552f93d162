#include "startup/synthesis.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "startup/backcast.hpp"

namespace hwsim {

namespace {
constexpr std::size_t NA = count_of<AgeBand>(), NS = count_of<Sex>(), NC = count_of<Condition>(),
                      NV = count_of<Severity>(), NG = count_of<Group>();
}

std::size_t SynthesisTable::cell_index(std::size_t a, std::size_t s, std::size_t c, std::size_t v,
                                       std::size_t g) {
  return (((a * NS + s) * NC + c) * NV + v) * NG + g;
}

SynthesisTable fit_table(const Scenario& sc) {
  const auto& pp = sc.params.population;
  const double N = pp.size;
  SynthesisTable t;
  t.cells.assign(SynthesisTable::size(), 0.0);
  auto each = [&](auto&& f) {
    for (std::size_t a = 0; a < NA; ++a)
      for (std::size_t s = 0; s < NS; ++s)
        for (std::size_t c = 0; c < NC; ++c)
          for (std::size_t v = 0; v < NV; ++v)
            for (std::size_t g = 0; g < NG; ++g)
              f(a, s, c, v, g, SynthesisTable::cell_index(a, s, c, v, g));
  };
  const auto Cl = idx(Group::Claimant), Em = idx(Group::Employed);

  // Seed: independent structure times the relative odds of work and of claiming.
  each([&](std::size_t a, std::size_t s, std::size_t c, std::size_t v, std::size_t g,
           std::size_t k) {
    if (c == 0 && v != 0) return;   // no severity without a condition
    if (c == 0 && g == Cl) return;  // every ESA/IB claim has a primary condition
    double w = pp.age_share[a] * (s == idx(Sex::Female) ? pp.female_share : 1 - pp.female_share);
    w *= pp.condition_age_rr[c][a] * (c == 0 ? 1.0 : pp.severity_share[c][v]);
    if (g == Em) w *= pp.employment_odds[c][v] * pp.employment_age_odds[a];
    if (g == Cl) w *= pp.claim_odds[c][v] * pp.claim_age_odds[a];
    t.cells[k] = w;
  });

  // Margins.
  auto margin = [&](std::string name, std::size_t nclass, auto&& cls_of) {
    Margin m{std::move(name), std::vector<int>(SynthesisTable::size(), -1),
             std::vector<double>(nclass, 0.0)};
    each([&](std::size_t a, std::size_t s, std::size_t c, std::size_t v, std::size_t g,
             std::size_t k) { m.cls[k] = cls_of(a, s, c, v, g); });
    return m;
  };
  // 1. age x sex.
  Margin m1 = margin("age x sex", NA * NS,
                     [](auto a, auto s, auto, auto, auto) { return int(a * NS + s); });
  for (std::size_t a = 0; a < NA; ++a)
    for (std::size_t s = 0; s < NS; ++s)
      m1.target[a * NS + s] =
          N * pp.age_share[a] * (s == idx(Sex::Female) ? pp.female_share : 1 - pp.female_share);
  // 2. condition x age: each condition's count spread over ages by relative prevalence.
  Margin m2 = margin("condition x age", NC * NA,
                     [](auto a, auto, auto c, auto, auto) { return int(c * NA + a); });
  for (std::size_t a = 0; a < NA; ++a) m2.target[a] = N * pp.age_share[a];
  for (std::size_t c = 1; c < NC; ++c) {
    double denom = 0;
    for (std::size_t a = 0; a < NA; ++a) denom += pp.condition_age_rr[c][a] * pp.age_share[a];
    for (std::size_t a = 0; a < NA; ++a) {
      const double x =
          denom > 0 ? pp.condition_count[c] * pp.condition_age_rr[c][a] * pp.age_share[a] / denom
                    : 0.0;
      m2.target[c * NA + a] = x;
      m2.target[a] -= x;  // none is the remainder
    }
  }
  for (std::size_t a = 0; a < NA; ++a)
    if (m2.target[a] < 0)
      throw InputError(sc.provenance.at("population.condition_count").file,
                       sc.provenance.at("population.condition_count").line, 1,
                       "population.condition_count",
                       fmt::format("conditions outnumber the residents aged {}", kAgeBandNames[a]));
  // 3. condition x severity.
  Margin m3 = margin("condition x severity", NC * NV,
                     [](auto, auto, auto c, auto v, auto) { return int(c * NV + v); });
  double conds = 0;
  for (std::size_t c = 1; c < NC; ++c) {
    conds += pp.condition_count[c];
    for (std::size_t v = 0; v < NV; ++v)
      m3.target[c * NV + v] = pp.condition_count[c] * pp.severity_share[c][v];
  }
  m3.target[0] = N - conds;
  // 4. labour/benefit groups.
  Margin m4 =
      margin("labour and benefit", NG, [](auto, auto, auto, auto, auto g) { return int(g); });
  const double claim = pp.esa_ib_count;
  const double inactive = pp.inactivity_rate * N - claim * (1 - pp.esa_ilo_unemployed_share);
  m4.target[idx(Group::Employed)] = pp.employment_rate * N;
  m4.target[idx(Group::Claimant)] = claim;
  m4.target[idx(Group::Jsa)] = pp.jsa_count;
  m4.target[idx(Group::Inactive)] = inactive;
  m4.target[idx(Group::Unemployed)] = N - pp.employment_rate * N - claim - pp.jsa_count - inactive;
  for (double x : m4.target)
    if (x < 0)
      throw InputError(sc.provenance.at("population.inactivity_rate").file,
                       sc.provenance.at("population.inactivity_rate").line, 1,
                       "population.inactivity_rate",
                       "employment, inactivity and claimant targets leave no room for the "
                       "unemployed non-claimants");
  // 5. ESA/IB by mental or physical primary condition.
  Margin m5 = margin("ESA/IB x condition group", 2, [](auto, auto, auto c, auto, auto g) {
    return g == Cl ? (is_mental(static_cast<Condition>(c)) ? 0 : 1) : -1;
  });
  m5.target = {claim * pp.esa_ib_mental_share, claim * (1 - pp.esa_ib_mental_share)};
  // 6. employment of people with a long-term condition: the gap (seed 3.5, 4.6).
  double ltc = conds;
  Margin m6 = margin("employment x long-term condition", 2, [](auto, auto, auto c, auto, auto g) {
    return g == Em ? (c == 0 ? 0 : 1) : -1;
  });
  const double ltc_emp = (pp.employment_rate - pp.ltc_employment_gap / 100.0) * ltc;
  m6.target = {pp.employment_rate * N - ltc_emp, ltc_emp};
  // 7. employment rates known for particular conditions (SMI, learning disability).
  std::vector<std::size_t> targeted;
  for (std::size_t c = 1; c < NC; ++c)
    if (pp.employment_rate_target[c] >= 0) targeted.push_back(c);
  t.margins = {m1, m2, m3, m4, m5, m6};
  if (!targeted.empty()) {
    Margin m7 = margin("employment of named conditions", targeted.size() * 2,
                       [&](auto, auto, auto c, auto, auto g) {
                         for (std::size_t j = 0; j < targeted.size(); ++j)
                           if (targeted[j] == c) return int(j * 2 + (g == Em ? 0 : 1));
                         return -1;
                       });
    for (std::size_t j = 0; j < targeted.size(); ++j) {
      const double n = pp.condition_count[targeted[j]];
      m7.target[j * 2] = n * pp.employment_rate_target[targeted[j]];
      m7.target[j * 2 + 1] = n * (1 - pp.employment_rate_target[targeted[j]]);
    }
    t.margins.push_back(m7);
  }

  // Iterative proportional fitting.
  for (t.iterations = 1; t.iterations <= 500; ++t.iterations) {
    for (const auto& m : t.margins) {
      std::vector<double> sum(m.target.size(), 0.0);
      for (std::size_t k = 0; k < t.cells.size(); ++k)
        if (m.cls[k] >= 0) sum[m.cls[k]] += t.cells[k];
      for (std::size_t k = 0; k < t.cells.size(); ++k)
        if (m.cls[k] >= 0 && sum[m.cls[k]] > 0) t.cells[k] *= m.target[m.cls[k]] / sum[m.cls[k]];
    }
    t.max_rel_error = 0;
    for (const auto& m : t.margins) {
      std::vector<double> sum(m.target.size(), 0.0);
      for (std::size_t k = 0; k < t.cells.size(); ++k)
        if (m.cls[k] >= 0) sum[m.cls[k]] += t.cells[k];
      for (std::size_t j = 0; j < sum.size(); ++j)
        t.max_rel_error =
            std::max(t.max_rel_error, std::abs(sum[j] - m.target[j]) / std::max(1.0, m.target[j]));
    }
    if (t.max_rel_error < 1e-9) break;
  }
  if (t.max_rel_error > 1e-3) {
    const auto& p = sc.provenance.at("population.employment_rate");
    throw InputError(p.file, p.line, 1, "population",
                     fmt::format("the population targets cannot all be met together (fit is "
                                 "{:.2g} off after {} rounds): check the employment, "
                                 "claimant and condition targets",
                                 t.max_rel_error, t.iterations));
  }
  return t;
}

int sample_stationary_duration(const std::array<double, 4>& h, int max_months, double u1,
                               double u2) {
  // Survival S(d) = prod_{k<d} (1 - h(k)); P(d) proportional to S(d), d = 0..max_months.
  static constexpr std::array<int, 5> lo{0, 6, 12, 24, 1 << 20};
  std::array<double, 4> mass{};
  std::array<double, 4> s_start{};
  double s = 1, total = 0;
  for (std::size_t b = 0; b < 4; ++b) {
    s_start[b] = s;
    const int from = lo[b], to = std::min(lo[b + 1], max_months + 1);  // [from, to)
    if (from >= to) {
      mass[b] = 0;
      continue;
    }
    const int len = to - from;
    const double q = 1 - h[b];
    mass[b] = h[b] > 0 ? s * (1 - std::pow(q, len)) / h[b] : s * len;
    total += mass[b];
    s *= std::pow(q, len);
  }
  double x = u1 * total;
  std::size_t b = 0;
  while (b < 3 && x >= mass[b]) {
    x -= mass[b];
    ++b;
  }
  const int from = lo[b], to = std::min(lo[b + 1], max_months + 1);
  const int len = std::max(1, to - from);
  if (h[b] <= 0) return from + std::min(len - 1, static_cast<int>(u2 * len));
  // Truncated geometric on [0, len).
  const double q = 1 - h[b];
  const double tail = std::pow(q, len);
  const double k = std::floor(std::log(1 - u2 * (1 - tail)) / std::log(q));
  return from + std::clamp(static_cast<int>(k), 0, len - 1);
}

namespace {

// Months in the labour state (and on JSA) of a non-claimant, from the stationary
// distribution of the hazard of leaving that state.
void draw_durations(const Params& P, const Levels& L, Population& pop, std::size_t i, Stream& rng) {
  static constexpr std::array<int, 4> band_start{0, 6, 12, 24};
  const int max_months = std::max(0, pop.age_months[i] - 16 * 12);
  std::array<double, 4> h{};
  AgentState st = AgentState::of(pop, i);
  for (std::size_t b = 0; b < 4; ++b) {
    st.months_labour = band_start[b];
    // Every way of leaving the labour state ends the spell: work, or starting or stopping
    // the search for work.
    h[b] = st.labour == Labour::Employed
               ? p_job_loss(P, st)
               : clamp01(p_job_entry(P, L, st) + p_search_stop(P, st) + p_search_start(P, L, st) +
                         p_sick_recovery(P, L, st));
  }
  pop.months_labour[i] = static_cast<std::uint16_t>(
      sample_stationary_duration(h, max_months, rng.uniform(), rng.uniform()));
  if (pop.benefit[i] == Benefit::Jsa) {
    for (std::size_t b = 0; b < 4; ++b) {
      st.months_labour = band_start[b];
      h[b] = clamp01(p_job_entry(P, L, st) + P.labour.jsa_exit);
    }
    pop.months_benefit[i] = static_cast<std::uint16_t>(
        sample_stationary_duration(h, pop.months_labour[i], rng.uniform(), rng.uniform()));
  }
}

}  // namespace

void redraw_durations(const Scenario& sc, const Levels& levels, Population& pop, std::uint64_t seed,
                      std::uint32_t replication) {
  tbb::parallel_for(std::size_t{0}, pop.size(), [&](std::size_t i) {
    if (pop.labour[i] == Labour::Employed || is_esa_ib(pop.benefit[i])) return;
    // A stream of its own (month 1 of the synthesis process) so the first draw is untouched.
    Stream rng(seed, replication, pop.id[i], 1, Process::Synthesis);
    draw_durations(sc.params, levels, pop, i, rng);
  });
}

Population synthesise(const Scenario& sc, const SynthesisTable& table, std::uint64_t seed,
                      std::uint32_t replication) {
  const auto& P = sc.params;
  const auto& pp = P.population;
  // Whole people by systematic sampling: counts within 1 of the fitted cells, exact total.
  Stream rt(seed, replication, 0xffffffffull, 0, Process::Synthesis);
  const double offset = rt.uniform();
  std::vector<std::uint32_t> count(table.cells.size());
  double cum = 0;
  std::size_t n = 0;
  for (std::size_t k = 0; k < table.cells.size(); ++k) {
    const auto before = static_cast<long long>(std::floor(cum + offset));
    cum += table.cells[k];
    count[k] =
        static_cast<std::uint32_t>(static_cast<long long>(std::floor(cum + offset)) - before);
    n += count[k];
  }
  Population pop;
  pop.resize(n);
  const Levels ones = Levels::ones();
  // The cell of each agent, in table order; then every agent is built in parallel.
  std::vector<std::array<std::uint8_t, 5>> cell_of;
  cell_of.reserve(n);
  for (std::size_t a = 0; a < NA; ++a)
    for (std::size_t s = 0; s < NS; ++s)
      for (std::size_t c = 0; c < NC; ++c)
        for (std::size_t v = 0; v < NV; ++v)
          for (std::size_t g = 0; g < NG; ++g)
            for (std::uint32_t r = 0; r < count[SynthesisTable::cell_index(a, s, c, v, g)]; ++r)
              cell_of.push_back({static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(s),
                                 static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(v),
                                 static_cast<std::uint8_t>(g)});
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    const auto [a, s, c, v, g] = cell_of[i];
    Stream rng(seed, replication, i, 0, Process::Synthesis);
    pop.id[i] = i;
    // Age in months uniform within the band; GP practice uniform over the practices (list
    // sizes are not in the seed). Boost.Random distributions over the agent's stream.
    boost::random::uniform_int_distribution<int> age(kAgeBandLo[a] * 12, kAgeBandHi[a] * 12 + 11);
    boost::random::uniform_int_distribution<int> practice(0, static_cast<int>(pp.gp_practices) - 1);
    pop.age_months[i] = static_cast<std::uint16_t>(age(rng));
    pop.sex[i] = static_cast<Sex>(s);
    pop.gp[i] = static_cast<std::uint8_t>(practice(rng));
    pop.condition[i] = static_cast<Condition>(c);
    pop.severity[i] = static_cast<Severity>(v);
    pop.comorbid[i] = 0;
    pop.contrib_only[i] = 0;
    pop.appeal[i] = 0;
    pop.benefit[i] = Benefit::None;
    pop.months_benefit[i] = 0;
    pop.months_claim[i] = 0;
    switch (static_cast<Group>(g)) {
      case Group::Employed:
        pop.labour[i] = Labour::Employed;
        break;
      case Group::Unemployed:
        pop.labour[i] = Labour::Unemployed;
        break;
      case Group::Jsa:
        pop.labour[i] = Labour::Unemployed;
        pop.benefit[i] = Benefit::Jsa;
        break;
      case Group::Inactive:
        pop.labour[i] = (c != 0 && v != 0 && rng.uniform() < pp.inactive_sick_share)
                            ? Labour::InactiveSick
                            : Labour::InactiveOther;
        break;
      case Group::Claimant:
      case Group::Count:
        pop.labour[i] = Labour::InactiveSick;
        pop.benefit[i] = Benefit::EsaAssessment;  // history set by the backcast
        break;
    }
    if (static_cast<Condition>(c) == Condition::Msk) {
      // Comorbid depression at its balance share: onset / (onset + remission).
      const double prev = pp.condition_count[idx(Condition::Depression)] / pp.size;
      const double on = P.health.comorbid_onset_hr_msk *
                        P.health.remission[idx(Condition::Depression)] * prev / (1 - prev);
      const double rem = P.health.comorbid_remission;
      pop.comorbid[i] = (on + rem > 0 && rng.uniform() < on / (on + rem)) ? 1 : 0;
    }
    if (static_cast<Group>(g) != Group::Claimant) draw_durations(P, ones, pop, i, rng);
    // Established pay of people in work at month 0.
    Stream pay(seed, replication, i, 0, Process::Earnings);
    pop.earnings[i] =
        pop.labour[i] == Labour::Employed ? draw_established_pay(P, pop.condition[i], pay) : 0.0f;
  });
  // Claim histories of the month-0 claimants.
  backcast_claimants(sc, pop, seed, replication);
  return pop;
}

}  // namespace hwsim
