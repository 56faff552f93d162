// 1. Demography (MODEL.md section 3.1): ageing, exits at 65, deaths and migration out.
// The population is held at a fixed size and age structure (MODEL.md section 1: the
// working-age total stays near 160,000): each slot left by a death, a move away or someone
// turning 65 is taken by a new 16-year-old or by an in-migrant, in the proportions set at
// start-up (plan_demography) that keep each age band's size; an in-migrant has the
// attributes of a month-0 resident of their band.
#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

namespace {

void record_exit(const Population& pop, std::size_t i, Tally& t) {
  ++t.benefit_dem_out[idx(pop.benefit[i])];
  ++t.labour_dem_out[idx(pop.labour[i])];
  if (is_esa_ib(pop.benefit[i])) ++t.esa_ib_dem_out;
  if (is_incapacity(pop.benefit[i])) ++t.incapacity_dem_out;
}
void record_entry(const Population& pop, std::size_t i, Tally& t) {
  ++t.benefit_dem_in[idx(pop.benefit[i])];
  ++t.labour_dem_in[idx(pop.labour[i])];
  if (is_esa_ib(pop.benefit[i])) ++t.esa_ib_dem_in;
  if (is_incapacity(pop.benefit[i])) ++t.incapacity_dem_in;
}

std::uint32_t pick(const std::vector<std::uint32_t>& v, Stream& rng) {
  return v[static_cast<std::size_t>(rng.uniform() * static_cast<double>(v.size()))];
}

}  // namespace

bool step_demography(const StepContext& c, Population& pop, std::size_t i, const Donors& d,
                     Stream& rng, Tally& t) {
  const AgentState a = AgentState::of(pop, i);
  Event exit;
  if (a.age_out) {
    exit = Event::AgeOut;
  } else {
    const double u = rng.uniform();
    const double pd = p_death(c.P, a);
    if (u < pd)
      exit = Event::Death;
    else if (u < pd + p_migrate_out(c.P, a))
      exit = Event::MigrantOut;
    else {
      pop.age_months[i] = static_cast<std::uint16_t>(pop.age_months[i] + 1);
      return false;
    }
  }
  t.add(exit);
  record_exit(pop, i, t);

  const std::uint64_t new_id = c.id_base + static_cast<std::uint64_t>(c.month) * pop.size() + i;
  Stream er(c.seed, c.replication, pop.id[i], static_cast<std::uint32_t>(c.month),
            Process::Entrant);
  if (er.uniform() >= c.L.entrant16) {
    const std::size_t band = er.choose(c.L.migrant_band_cum.begin(), c.L.migrant_band_cum.end());
    const auto& pool = d.by_band[std::min(band, count_of<AgeBand>() - 1)];
    if (pool.empty()) {  // no month-0 resident of that band: any resident will do
      pop.copy_agent(i, d.pop,
                     static_cast<std::size_t>(er.uniform() * static_cast<double>(d.pop.size())));
    } else {
      // In-migrants resemble out-migrants: a month-0 resident is taken with probability in
      // proportion to their own chance of moving (claimants move less).
      std::uint32_t j = pick(pool, er);
      for (int tries = 0; tries < 64 && er.uniform() * d.max_weight >= d.weight[j]; ++tries)
        j = pick(pool, er);
      pop.copy_agent(i, d.pop, j);
    }
    t.add(Event::MigrantIn);
  } else {
    // A new 16-year-old: health from a month-0 resident aged 16-24, in education.
    const auto& pool = d.by_band[idx(AgeBand::A16_24)];
    const std::size_t j =
        pool.empty() ? static_cast<std::size_t>(er.uniform() * static_cast<double>(d.pop.size()))
                     : pick(pool, er);
    pop.age_months[i] = 16 * 12;
    pop.sex[i] = er.uniform() < c.P.population.female_share ? Sex::Female : Sex::Male;
    pop.gp[i] = static_cast<std::uint8_t>(er.uniform() * c.P.population.gp_practices);
    pop.condition[i] = d.pop.condition[j];
    pop.severity[i] = d.pop.severity[j];
    pop.comorbid[i] = d.pop.comorbid[j];
    pop.labour[i] = Labour::InactiveOther;
    pop.benefit[i] = Benefit::None;
    pop.months_labour[i] = 0;
    pop.months_benefit[i] = 0;
    pop.months_claim[i] = 0;
    pop.contrib_only[i] = 0;
    pop.appeal[i] = 0;
    pop.uc_beside[i] = pop.uc_route[i] = pop.no_wra[i] = 0;
    pop.use_gp[i] = pop.use_iapt[i] = pop.use_mh[i] = pop.use_ae[i] = pop.use_inpatient[i] =
        pop.use_rx[i] = 0;
    pop.intervention[i] = pop.waiting[i] = pop.months_waiting[i] = pop.last_intervention[i] = 0;
    pop.months_intervention[i] = pop.months_since_intervention[i] = 0;
    t.add(Event::Entrant16);
  }
  pop.id[i] = new_id;
  record_entry(pop, i, t);
  return true;
}

}  // namespace hwsim
