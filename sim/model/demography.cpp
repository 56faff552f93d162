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

// A month-0 resident of age band b, uniformly: their row.
const Donors::Row& pick(const Donors& d, std::size_t b, Stream& rng) {
  return d.rows[d.band_begin[b] +
                static_cast<std::size_t>(rng.uniform() * static_cast<double>(d.band_size(b)))];
}
// Any month-0 resident, uniformly by slot.
const Donors::Row& pick_any(const Donors& d, Stream& rng) {
  return d.rows[d.row_of[static_cast<std::size_t>(rng.uniform() * static_cast<double>(d.size()))]];
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
    const std::size_t band =
        std::min(er.choose(c.L.migrant_band_cum.begin(), c.L.migrant_band_cum.end()),
                 count_of<AgeBand>() - 1);
    if (d.band_size(band) == 0) {  // no month-0 resident of that band: any resident will do
      pop.set_record(i, pick_any(d, er).agent);
    } else {
      // In-migrants resemble out-migrants: a month-0 resident is taken with probability in
      // proportion to their own chance of moving (claimants move less).
      const Donors::Row* j = &pick(d, band, er);
      for (int tries = 0; tries < 64 && er.uniform() * d.max_weight >= j->weight; ++tries)
        j = &pick(d, band, er);
      pop.set_record(i, j->agent);
    }
    t.add(Event::MigrantIn);
  } else {
    // A new 16-year-old: health from a month-0 resident aged 16-24, in education.
    const std::size_t young = idx(AgeBand::A16_24);
    const AgentRecord& j =
        d.band_size(young) == 0 ? pick_any(d, er).agent : pick(d, young, er).agent;
    pop.age_months[i] = 16 * 12;
    pop.sex[i] = er.uniform() < c.P.population.female_share ? Sex::Female : Sex::Male;
    pop.gp[i] = static_cast<std::uint8_t>(er.uniform() * c.P.population.gp_practices);
    pop.condition[i] = j.condition;
    pop.severity[i] = j.severity;
    pop.comorbid[i] = j.comorbid;
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
