#include "finance/ledger.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "interventions/interventions.hpp"
#include "model/hazards.hpp"
#include "model/tally.hpp"
#include "population/population.hpp"

namespace hwsim {

Taxes taxes_on(double pay, const TaxRules& t) {
  Taxes x;
  if (pay <= 0) return x;
  const double taxable = std::max(0.0, pay - t.personal_allowance);
  const double basic = std::min(taxable, t.basic_rate_limit);
  x.income_tax = basic * t.basic_rate + (taxable - basic) * t.higher_rate;
  const double main_band =
      std::clamp(pay, t.ni_primary_threshold, t.ni_upper_earnings_limit) - t.ni_primary_threshold;
  x.employee_ni = main_band * t.ni_employee_rate +
                  std::max(0.0, pay - t.ni_upper_earnings_limit) * t.ni_employee_rate_above_uel;
  x.employer_ni = std::max(0.0, pay - t.ni_secondary_threshold) * t.ni_employer_rate;
  return x;
}

namespace {
// Whole pence, rounded half up (amounts here are never negative).
std::int64_t pence(double pounds) { return static_cast<std::int64_t>(pounds * 100.0 + 0.5); }
}  // namespace

PayTable PayTable::of(const AccountingParams& A, const TaxRules& t) {
  PayTable p;
  p.tax = t;
  const int T = static_cast<int>(std::ceil(std::max(0.0, A.earnings_progression_months)));
  p.progression.resize(static_cast<std::size_t>(T) + 1);
  for (int m = 0; m <= T; ++m) p.progression[static_cast<std::size_t>(m)] = pay_in_month(A, 1.0, m);
  return p;
}

void PayTable::add(const Population& pop, std::size_t i, PaySums& s) const {
  if (pop.labour[i] != Labour::Employed) return;
  const std::size_t m = std::min<std::size_t>(pop.months_labour[i], progression.size() - 1);
  const double pay = pop.earnings[i] * progression[m];
  const Taxes x = taxes_on(pay, tax);
  s.earnings += pence(pay);
  s.income_tax += pence(x.income_tax);
  s.employee_ni += pence(x.employee_ni);
  s.employer_ni += pence(x.employer_ni);
}

void merge_into(PaySums& a, const PaySums& b) {
  a.earnings += b.earnings;
  a.income_tax += b.income_tax;
  a.employee_ni += b.employee_ni;
  a.employer_ni += b.employer_ni;
}

PaySums sum_pay(const Population& pop, const AccountingParams& A, const TaxRules& t) {
  const PayTable table = PayTable::of(A, t);
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, pop.size(), 4096), PaySums{},
      [&](const tbb::blocked_range<std::size_t>& r, PaySums s) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) table.add(pop, i, s);
        return s;
      },
      [](PaySums a, const PaySums& b) {
        merge_into(a, b);
        return a;
      });
}

Ledger post_ledger(const FinanceSettings& f, const Stocks& s, const Tally& t, const PaySums& pay,
                   const Interventions& interventions, YearMonth date) {
  const UnitCosts& uc = f.costs;
  const int base = f.price_base_year;
  const int fy = financial_year_of(date);
  auto at_base = [&](const UnitCost& c) { return c.at_base(fy, uc.index, base); };
  const double model_to_base = uc.index.factor(kModelPriceYear, base);
  Ledger l{};
  auto set = [&](Line line, double v) { l[static_cast<std::size_t>(line)] = v; };
  auto n = [](std::int64_t x) { return static_cast<double>(x); };
  // Claimant-months at the month's rates. WRAG claims that began after the April 2017 change
  // get the basic (assessment) rate only; UC LCW claims likewise get no LCW element.
  const auto rate = [&](Benefit b) { return at_base(uc.benefit[idx(b)]); };
  constexpr std::pair<Line, Benefit> kBenefitLines[]{
      {Line::DwpEsaAssessment, Benefit::EsaAssessment},
      {Line::DwpEsaSupport, Benefit::EsaSupport},
      {Line::DwpIb, Benefit::Ib},
      {Line::DwpJsa, Benefit::Jsa}};
  for (const auto& [line, b] : kBenefitLines) set(line, n(s.benefit[idx(b)]) * rate(b));
  const Persons wrag = s.benefit[idx(Benefit::EsaWrag)];
  set(Line::DwpEsaWrag, n(wrag - s.no_wra_wrag) * rate(Benefit::EsaWrag) +
                            n(s.no_wra_wrag) * rate(Benefit::EsaAssessment));
  // Universal Credit: the standard allowance for every UC claimant, the health elements, and UC
  // beside new-style ESA, which tops the ESA up to the UC award (ESA counts as income in full).
  const double sa = at_base(uc.uc_standard_allowance), lcw = at_base(uc.uc_lcw_element),
               lcwra = at_base(uc.uc_lcwra_element);
  Persons on_uc = 0;
  for (Benefit b : {Benefit::UcSearching, Benefit::UcAssessment, Benefit::UcLcw, Benefit::UcLcwra})
    on_uc += s.benefit[idx(b)];
  double top_up = 0;
  for (Benefit b : {Benefit::EsaAssessment, Benefit::EsaWrag, Benefit::EsaSupport}) {
    const double uc_award = sa + (b == Benefit::EsaWrag      ? lcw
                                  : b == Benefit::EsaSupport ? lcwra
                                                             : 0);
    top_up += n(s.with_uc[idx(b)]) * std::max(0.0, uc_award - rate(b));
  }
  set(Line::DwpUc, n(on_uc) * sa + top_up);
  set(Line::DwpUcHealth, n(s.benefit[idx(Benefit::UcLcw)] - s.no_lcw_element) * lcw +
                             n(s.benefit[idx(Benefit::UcLcwra)]) * lcwra);
  // NHS events at their unit costs.
  constexpr std::pair<Line, Service> kServiceLines[]{
      {Line::CcgGp, Service::GpConsultation}, {Line::CcgPrescriptions, Service::PrescriptionItem},
      {Line::CcgIapt, Service::IaptSession},  {Line::CcgMentalHealth, Service::MentalHealthContact},
      {Line::CcgAe, Service::AeAttendance},   {Line::CcgInpatient, Service::InpatientDay}};
  for (const auto& [line, sv] : kServiceLines)
    set(line, n(s.service[idx(sv)]) * at_base(uc.service[idx(sv)]));
  set(Line::HmtIncomeTax, n(pay.income_tax) / 100.0 * model_to_base);
  set(Line::HmtEmployeeNi, n(pay.employee_ni) / 100.0 * model_to_base);
  set(Line::HmtEmployerNi, n(pay.employer_ni) / 100.0 * model_to_base);
  for (std::size_t k = 0; k < interventions.list.size() && k < kMaxInterventions; ++k) {
    const Intervention& iv = interventions.list[k];
    const auto payer = partner_of(iv.costs.payer).value_or(Partner::Other);
    const double spend = iv.spend(n(t.intervention[k].starts), n(s.in_intervention[k]),
                                  n(t.intervention[k].job_outcomes), date);
    l[static_cast<std::size_t>(intervention_line(payer))] += spend * model_to_base;
  }
  return l;
}

std::array<double, kPartners> net_by_partner(const Ledger& l) {
  std::array<double, kPartners> out{};
  for (std::size_t k = 0; k < kLines; ++k)
    out[idx(kLineInfo[k].partner)] += kLineInfo[k].receipt ? -l[k] : l[k];
  return out;
}

}  // namespace hwsim
