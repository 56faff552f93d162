#include "model/step.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <array>
#include <optional>

#include "core/rng.hpp"

namespace hwsim {

double migration_weight(const Params& P, const Population& p, std::size_t i) {
  return on_health_claim(p.benefit[i]) ? P.demography.migration_hr_claimant : 1.0;
}

Donors Donors::of(const Population& p, const Params& P) {
  Donors d;
  std::array<std::vector<std::uint32_t>, count_of<AgeBand>()> by_band;
  for (std::size_t i = 0; i < p.size(); ++i)
    by_band[idx(p.band(i))].push_back(static_cast<std::uint32_t>(i));
  d.rows.reserve(p.size());
  d.row_of.resize(p.size());
  d.max_weight = 0;
  for (std::size_t b = 0; b < count_of<AgeBand>(); ++b) {
    d.band_begin[b] = d.rows.size();
    for (const std::uint32_t i : by_band[b]) {
      d.row_of[i] = static_cast<std::uint32_t>(d.rows.size());
      d.rows.push_back({p.record(i), migration_weight(P, p, i)});
      d.max_weight = std::max(d.max_weight, d.rows.back().weight);
    }
  }
  d.band_begin[count_of<AgeBand>()] = d.rows.size();
  if (d.max_weight <= 0) {  // nobody moves more than anybody else: take donors uniformly
    for (auto& r : d.rows) r.weight = 1.0;
    d.max_weight = 1;
  }
  return d;
}

void set_benefit(Population& pop, std::size_t i, Benefit b, Tally& t) {
  const Benefit old = pop.benefit[i];
  if (old == b) return;
  ++t.benefit_out[idx(old)];
  ++t.benefit_in[idx(b)];
  if (!is_esa_ib(old) && is_esa_ib(b)) ++t.esa_ib_onflow;
  if (is_esa_ib(old) && !is_esa_ib(b)) ++t.esa_ib_offflow;
  if (!is_incapacity(old) && is_incapacity(b)) ++t.incapacity_onflow;
  if (is_incapacity(old) && !is_incapacity(b)) ++t.incapacity_offflow;
  pop.benefit[i] = b;
  // What belongs to a claim ends with it.
  if (!on_health_claim(b)) pop.uc_beside[i] = pop.no_wra[i] = 0;
  if (!is_uc(b)) pop.uc_route[i] = 0;
}

void new_jobseeker_claim(const StepContext& c, Population& pop, std::size_t i, Stream& rng,
                         Tally& t) {
  const bool uc =
      c.policy.uc_full || (c.policy.uc_live && rng.uniform() < c.P.uc.live_service_single_share);
  if (!uc) {
    set_benefit(pop, i, Benefit::Jsa, t);
    return;
  }
  t.add(Event::UcJobseekerClaim);
  set_benefit(pop, i, Benefit::UcSearching, t);
  pop.uc_route[i] = static_cast<std::uint8_t>(UcRoute::NewClaim);
}

void set_labour(Population& pop, std::size_t i, Labour l, Tally& t) {
  const Labour old = pop.labour[i];
  if (old == l) return;
  ++t.labour_out[idx(old)];
  ++t.labour_in[idx(l)];
  pop.labour[i] = l;
}

void count_stocks(const Population& pop, std::size_t i, Stocks& s) {
  ++s.population;
  ++s.labour[idx(pop.labour[i])];
  ++s.benefit[idx(pop.benefit[i])];
  ++s.condition[idx(pop.condition[i])];
  if (pop.labour[i] == Labour::Employed) {
    ++s.condition_employed[idx(pop.condition[i])];
    ++s.employed_age[idx(pop.band(i))];
    ++s.employed_sex[idx(pop.sex[i])];
    ++s.employed_gp[pop.gp[i] % kMaxGpPractices];
    if (pop.months_labour[i] == 6) ++s.sustained_6;
    if (pop.months_labour[i] == 12) ++s.sustained_12;
  }
  for (std::size_t k = 0; k < count_of<Service>(); ++k) s.service[k] += (pop.*kServiceUse[k])[i];
  ++s.age[idx(pop.band(i))];
  if (pop.condition[i] != Condition::None) {
    ++s.ltc;
    if (pop.labour[i] == Labour::Employed) ++s.ltc_employed;
  }
  if (pop.intervention[i]) ++s.in_intervention[pop.intervention[i] - 1u];
  if (pop.waiting[i]) ++s.waiting[pop.waiting[i] - 1u];
  if (is_esa_ib(pop.benefit[i])) {
    ++s.esa_ib;
    ++s.esa_ib_age[idx(pop.band(i))];
    ++s.esa_ib_sex[idx(pop.sex[i])];
    ++s.esa_ib_condition[idx(pop.condition[i])];
    ++s.esa_ib_gp[pop.gp[i] % kMaxGpPractices];
    if (is_mental(pop.condition[i])) ++s.esa_ib_mental;
    if (pop.months_claim[i] >= 12) ++s.esa_ib_over_12;
    if (pop.labour[i] == Labour::Unemployed) ++s.esa_ib_unemployed;
    if (pop.appeal[i]) ++s.appeals_pending;
  }
  const Benefit b = pop.benefit[i];
  if (is_uc(b) || pop.uc_beside[i]) ++s.uc;
  if (is_incapacity(b)) ++s.incapacity;
  if (pop.uc_beside[i]) ++s.with_uc[idx(b)];
  if (pop.no_wra[i] && b == Benefit::EsaWrag) ++s.no_wra_wrag;
  if (pop.no_wra[i] && b == Benefit::UcLcw) ++s.no_lcw_element;
  // UC claimants on a health claim (who would be on ESA in the legacy world), by route.
  if (is_uc(b) && on_health_claim(b)) ++s.uc_health_claim_by_route[pop.uc_route[i]];
}

namespace {

template <typename T>
T saturating_inc(T v) {
  return v == std::numeric_limits<T>::max() ? v : static_cast<T>(v + 1);
}

// The first Philox blocks of the agent-month's shared words and of its services stream, computed
// for a batch of agents at once (first_blocks).
struct FirstBlocks {
  std::array<std::uint32_t, 4> month, services;
};

// Whether phases 1-4 would change nothing this month but the age, for someone in work with no
// condition, no benefit and no intervention (about half of all agent-months): the first draw of
// each phase's stream is the word of the month's block the phase would read, compared with the
// same hazard functions in the same order. Demography: no death, no move away, not turning 65;
// health: no onset (at the age reached); claims: no condition, no claim; labour: no job loss.
// Anything else, or any doubt, goes through the phases.
bool quiet_month(const StepContext& c, const Population& pop, std::size_t i,
                 const std::array<std::uint32_t, 4>& words) {
  if (pop.labour[i] != Labour::Employed || pop.benefit[i] != Benefit::None ||
      pop.condition[i] != Condition::None || pop.intervention[i] || pop.last_intervention[i])
    return false;
  // The uniform a stream's first draw gives (Stream::uniform).
  auto uniform = [](std::uint32_t w) { return static_cast<double>(w) * 0x1.0p-32; };
  AgentState a = AgentState::of(pop, i);
  if (a.age_out) return false;
  const double ud = uniform(words[0]), pd = p_death(c.P, a);  // step_demography
  if (ud < pd || ud < pd + p_migrate_out(c.P, a)) return false;
  a.band = age_band_of_months(pop.age_months[i] + 1u);  // the later phases see the new age
  const double uh = uniform(words[1]);  // step_health: Stream::choose over the onset table
  for (const double cum : c.onset->cum[idx(a.band)][1])
    if (uh < cum) return false;
  // step_labour: someone in work keeps the job.
  return uniform(words[3]) >=
         p_job_loss(c.P, a) * intervention_hr(c, pop, i, &Effects::job_loss_hr);
}

// Phases 1-4 of agent i's month; false if the slot now holds a new person (who sits out the
// month: the rest of the step passes them by).
bool step_phases(const StepContext& c, Population& pop, std::size_t i, const Donors& d, Tally& t,
                 const MonthBlock& block) {
  // 1. Demography.
  {
    const std::uint16_t cohort_start = pop.cohort_start[i];
    const std::uint8_t cohort_flags = pop.cohort_flags[i];
    Stream rng = block.stream(Process::Demography, 0);
    if (step_demography(c, pop, i, d, rng, t)) {  // a new person: durations are set
      if (c.follow_claims) end_follow_on_exit(c, cohort_start, cohort_flags, t);
      pop.cohort_start[i] = 0;
      pop.cohort_flags[i] = 0;
      return false;
    }
  }
  // 2. Health.
  {
    Stream rng = block.stream(Process::Health, 1);
    step_health(c, pop, i, rng, t);
  }
  // 3. Claims and assessment.
  {
    Stream rng = block.stream(Process::Claims, 2);
    step_claims(c, pop, i, rng, t);
  }
  // 4. Labour market.
  {
    Stream rng = block.stream(Process::Labour, 3);
    step_labour(c, pop, i, rng, t);
  }
  return true;
}

void step_agent(const StepContext& c, Population& pop, std::size_t i, const Donors& d, Tally& t,
                std::vector<Candidate>& candidates, const FirstBlocks& first) {
  const Labour labour0 = pop.labour[i];
  const Benefit benefit0 = pop.benefit[i];
  const std::uint64_t id = pop.id[i];
  const auto month = static_cast<std::uint32_t>(c.month);

  if (c.quiet_shortcut && quiet_month(c, pop, i, first.month))
    pop.age_months[i] = static_cast<std::uint16_t>(pop.age_months[i] + 1);  // as demography does
  else if (!step_phases(c, pop, i, d, t, MonthBlock(c.seed, c.replication, id, month, first.month)))
    return;
  // 5. Services used this month.
  if (c.record_services) {
    Stream rng(c.seed, c.replication, id, month, Process::Services, first.services);
    step_services(c, pop, i, rng, t);
  }
  // 5b. Interventions: progress, waiting lists, referrals (places are allocated after the pass).
  if (c.interventions && !c.interventions->empty()) step_interventions(c, pop, i, t, candidates);
  // A job start: its established pay (what it pays once the progression period is over).
  if (pop.labour[i] == Labour::Employed && labour0 != Labour::Employed) {
    Stream rng(c.seed, c.replication, id, month, Process::Earnings);
    pop.earnings[i] = draw_established_pay(c.P, pop.condition[i], rng);
  }
  // Durations: months completed in the current state.
  pop.months_labour[i] = pop.labour[i] == labour0 ? saturating_inc(pop.months_labour[i]) : 0;
  // A move to UC in the same group (migration) keeps the months in it and the claim's months.
  pop.months_benefit[i] = legacy_equivalent(pop.benefit[i]) == legacy_equivalent(benefit0)
                              ? saturating_inc(pop.months_benefit[i])
                              : 0;
  if (on_health_claim(pop.benefit[i]))
    pop.months_claim[i] = on_health_claim(benefit0) ? saturating_inc(pop.months_claim[i]) : 0;
  else
    pop.months_claim[i] = 0;
  // 6. Cohorts of new health claims.
  if (c.follow_claims) follow_claim(c, pop, i, labour0, benefit0, t);
  // A sustained job outcome: a job reaching six months, for someone in an intervention or who
  // left one within the year (what outcome payments pay for).
  if (pop.labour[i] == Labour::Employed && pop.months_labour[i] == 6) {
    if (pop.intervention[i])
      ++t.intervention[pop.intervention[i] - 1u].job_outcomes;
    else if (pop.last_intervention[i] && pop.months_since_intervention[i] <= 12)
      ++t.intervention[pop.last_intervention[i] - 1u].job_outcomes;
  }
}

struct Accum {
  Tally tally;
  Stocks stocks;
  std::vector<Candidate> candidates;
};

// Agents are stepped in batches of this many, whose first blocks are computed together.
constexpr std::size_t kBatch = 128;

// Asks for agents [b, e)'s fields to be brought into the cache while the batch before them
// is stepped: some thirty arrays are read side by side, more streams than the processor's
// own prefetcher follows.
void prefetch_agents(const Population& pop, std::size_t b, std::size_t e) {
  if (b >= e) return;
#define HWSIM_PREFETCH(type, name, desc)                                        \
  {                                                                             \
    const char* first = reinterpret_cast<const char*>(pop.name.data() + b);     \
    const char* last = reinterpret_cast<const char*>(pop.name.data() + e);      \
    for (const char* p = first; p < last; p += 64) __builtin_prefetch(p, 1, 3); \
  }
  HWSIM_AGENT_FIELDS(HWSIM_PREFETCH)
#undef HWSIM_PREFETCH
}

}  // namespace

MonthResult step_month(const StepContext& ctx, Population& pop, const Donors& d) {
  // The service table, unless the caller built it (once per run) or services go unrecorded.
  std::optional<ServiceTable> own;
  StepContext c = ctx;
  if (c.record_services && !c.services) c.services = &own.emplace(ServiceTable::of(c.P));
  const OnsetTable onset = OnsetTable::of(c.P, c.L);
  c.onset = &onset;
  // Integer counts merged in any order give the same totals: the result does not depend
  // on how TBB splits the range.
  Accum total = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, pop.size(), 2048), Accum{},
      [&](const tbb::blocked_range<std::size_t>& r, Accum acc) {
        const auto month = static_cast<std::uint32_t>(c.month);
        std::array<std::array<std::uint32_t, 4>, kBatch> month_words, services_words{};
        prefetch_agents(pop, r.begin(), std::min(r.begin() + kBatch, r.end()));
        for (std::size_t b = r.begin(); b < r.end(); b += kBatch) {
          const std::size_t n = std::min(kBatch, r.end() - b);
          prefetch_agents(pop, b + n, std::min(b + n + kBatch, r.end()));
          first_blocks(c.seed, c.replication, month, Process::Month, &pop.id[b], n,
                       month_words.data());
          if (c.record_services)
            first_blocks(c.seed, c.replication, month, Process::Services, &pop.id[b], n,
                         services_words.data());
          for (std::size_t k = 0; k < n; ++k) {
            step_agent(c, pop, b + k, d, acc.tally, acc.candidates,
                       {month_words[k], services_words[k]});
            count_stocks(pop, b + k, acc.stocks);
          }
        }
        return acc;
      },
      [](Accum a, const Accum& b) {
        a.tally.merge(b.tally);
        a.stocks.merge(b.stocks);
        a.candidates.insert(a.candidates.end(), b.candidates.begin(), b.candidates.end());
        return a;
      });
  if (!total.candidates.empty())
    allocate_places(c, pop, total.candidates, total.tally, total.stocks);
  return {total.tally, total.stocks};
}

Stocks count_all_stocks(const Population& pop) {
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, pop.size(), 4096), Stocks{},
      [&](const tbb::blocked_range<std::size_t>& r, Stocks s) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) count_stocks(pop, i, s);
        return s;
      },
      [](Stocks a, const Stocks& b) {
        a.merge(b);
        return a;
      });
}

}  // namespace hwsim
