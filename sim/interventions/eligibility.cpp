// Who an intervention may take: the eligibility rules of its YAML block, applied to one
// resident's state.
#include <algorithm>

#include "interventions/intervention.hpp"
#include "population/population.hpp"

namespace hwsim {

Eligibility::Eligibility() {
  condition.fill(true);
  severity.fill(true);
  benefit.fill(true);
  labour.fill(true);
}

bool Intervention::eligible(const Population& pop, std::size_t i) const {
  const auto& e = eligibility;
  const int age = pop.age_years(i);
  if (age < e.min_age || age > e.max_age) return false;
  if (!e.condition[idx(pop.condition[i])] || !e.severity[idx(pop.severity[i])] ||
      !e.benefit[idx(pop.benefit[i])] || !e.labour[idx(pop.labour[i])])
    return false;
  const int on = on_health_claim(pop.benefit[i]) ? pop.months_claim[i] : pop.months_benefit[i];
  if (on < e.min_months_on_benefit || on > e.max_months_on_benefit) return false;
  if (!e.gp.empty() && std::find(e.gp.begin(), e.gp.end(), pop.gp[i]) == e.gp.end()) return false;
  if (e.appealing_only && !pop.appeal[i]) return false;
  return true;
}

}  // namespace hwsim
