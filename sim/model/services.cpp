// 5. Services (MODEL.md section 3.5): NHS services used this month - GP consultations, IAPT
// sessions, secondary mental health contacts, A&E attendances, inpatient days and prescription
// items - as Poisson
// counts whose means depend on condition, severity and being in work (people in work use
// fewer services, seed 3.2). They drive NHS costs and, later, referrals to interventions.
#include <cmath>

#include "core/rng.hpp"
#include "model/step.hpp"

namespace hwsim {

namespace {

// Poisson count by inversion of a 16-bit uniform, given exp(-mean) (means here are below 2 a
// month, where 16 bits resolve the tail well).
std::uint8_t poisson(double mean, double exp_minus_mean, std::uint32_t u16) {
  if (mean <= 0) return 0;
  const double u = static_cast<double>(u16) * 0x1.0p-16;
  double p = exp_minus_mean, cdf = p;
  unsigned k = 0;
  while (u >= cdf && k < 255) {
    ++k;
    p *= mean / k;
    cdf += p;
  }
  return static_cast<std::uint8_t>(k);
}

}  // namespace

ServiceTable ServiceTable::of(const Params& P) {
  ServiceTable t;
  for (std::size_t s = 0; s < count_of<Service>(); ++s)
    for (std::size_t c = 0; c < count_of<Condition>(); ++c)
      for (std::size_t v = 0; v < count_of<Severity>(); ++v)
        for (int e = 0; e < 2; ++e) {
          AgentState a{};
          a.condition = static_cast<Condition>(c);
          a.severity = static_cast<Severity>(v);
          a.labour = e ? Labour::Employed : Labour::InactiveOther;
          const double m = mean_service_use(P, a, static_cast<Service>(s));
          t.mean[s][c][v][e] = m;
          t.exp_minus_mean[s][c][v][e] = std::exp(-m);
          double p = std::exp(-m), cdf = p;
          for (unsigned k = 0; k < ServiceTable::kCounts; ++k) {
            t.cdf16[s][c][v][e][k] =
                static_cast<std::uint32_t>(std::min(65536.0, std::floor(cdf * 65536.0)));
            p *= m / (k + 1);
            cdf += p;
          }
        }
  return t;
}

void step_services(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally&) {
  const auto cond = idx(pop.condition[i]), sev = idx(pop.severity[i]);
  const int emp = pop.labour[i] == Labour::Employed ? 1 : 0;
  const ServiceTable& T = *c.services;
  auto draw = [&](Service s, std::uint32_t u16) -> std::uint8_t {
    // Counts below kCounts by table look-up; larger counts by the exact inversion.
    const auto& thr = T.cdf16[idx(s)][cond][sev][emp];
    for (std::uint8_t k = 0; k < ServiceTable::kCounts; ++k)
      if (u16 < thr[k]) return k;
    return poisson(T.mean[idx(s)][cond][sev][emp], T.exp_minus_mean[idx(s)][cond][sev][emp], u16);
  };
  // Six 16-bit uniforms from three words of one block.
  const std::uint32_t w0 = rng(), w1 = rng(), w2 = rng();
  auto put = [&](Service s, std::uint32_t u16) { (pop.*kServiceUse[idx(s)])[i] = draw(s, u16); };
  put(Service::GpConsultation, w0 >> 16);
  put(Service::AeAttendance, w0 & 0xffffu);
  put(Service::InpatientDay, w1 >> 16);
  put(Service::IaptSession, w1 & 0xffffu);
  put(Service::MentalHealthContact, w2 >> 16);
  put(Service::PrescriptionItem, w2 & 0xffffu);
}

}  // namespace hwsim
