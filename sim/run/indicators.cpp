#include "run/indicators.hpp"

#include <stdexcept>

namespace hwsim {

namespace {

double d(Persons c) { return static_cast<double>(c); }
double pct(Persons num, Persons den) { return den > 0 ? 100.0 * d(num) / d(den) : 0.0; }

std::vector<Indicator> build() {
  std::vector<Indicator> v;
  auto add = [&](std::string n, std::string u, std::string desc,
                 std::function<double(const MonthRecord&)> f) {
    v.push_back({std::move(n), std::move(u), std::move(desc), std::move(f)});
  };
  using R = const MonthRecord&;
  add("working_age_population", "persons", "residents aged 16-64 at the end of the month",
      [](R r) { return d(r.stocks.population); });
  add("employed", "persons", "residents in work (ILO)",
      [](R r) { return d(r.stocks.labour[idx(Labour::Employed)]); });
  add("unemployed", "persons", "residents ILO unemployed (out of work, looking for work)",
      [](R r) { return d(r.stocks.labour[idx(Labour::Unemployed)]); });
  add("inactive", "persons", "residents economically inactive (through sickness or other reasons)",
      [](R r) {
        return d(r.stocks.labour[idx(Labour::InactiveSick)] +
                 r.stocks.labour[idx(Labour::InactiveOther)]);
      });
  add("inactive_sick", "persons", "residents inactive through long-term sickness or disability",
      [](R r) { return d(r.stocks.labour[idx(Labour::InactiveSick)]); });
  add("employment_rate", "percent", "employed as a share of the working-age population",
      [](R r) { return pct(r.stocks.labour[idx(Labour::Employed)], r.stocks.population); });
  add("inactivity_rate", "percent",
      "economically inactive as a share of the working-age population", [](R r) {
        return pct(r.stocks.labour[idx(Labour::InactiveSick)] +
                       r.stocks.labour[idx(Labour::InactiveOther)],
                   r.stocks.population);
      });
  add("jsa", "persons", "Jobseeker's Allowance claimants",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::Jsa)]); });
  add("esa_assessment", "persons",
      "ESA claimants in the assessment phase (including appeals pending)",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::EsaAssessment)]); });
  add("esa_wrag", "persons", "ESA claimants in the work-related activity group",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::EsaWrag)]); });
  add("esa_support", "persons", "ESA claimants in the support group",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::EsaSupport)]); });
  add("ib", "persons", "Incapacity Benefit claimants",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::Ib)]); });
  add("esa_ib_claimants", "persons",
      "ESA or IB claimants (the seed's headline measure; target 10,130 by March 2019)",
      [](R r) { return d(r.stocks.esa_ib); });
  add("esa_ib_mental_health", "persons",
      "ESA/IB claimants whose primary condition is mental or behavioural",
      [](R r) { return d(r.stocks.esa_ib_mental); });
  add("esa_ib_mental_health_share", "percent",
      "share of ESA/IB claimants with a mental or behavioural primary condition",
      [](R r) { return pct(r.stocks.esa_ib_mental, r.stocks.esa_ib); });
  add("esa_ib_over_12_months", "persons",
      "ESA/IB claimants whose claim began 12 or more months ago",
      [](R r) { return d(r.stocks.esa_ib_over_12); });
  add("esa_ib_over_12_months_share", "percent",
      "share of ESA/IB claimants on benefit for over a year",
      [](R r) { return pct(r.stocks.esa_ib_over_12, r.stocks.esa_ib); });
  add("esa_assessment_support_share", "percent",
      "assessment phase and support group as a share of the ESA caseload", [](R r) {
        const Persons esa = r.stocks.benefit[idx(Benefit::EsaAssessment)] +
                            r.stocks.benefit[idx(Benefit::EsaWrag)] +
                            r.stocks.benefit[idx(Benefit::EsaSupport)];
        return pct(r.stocks.benefit[idx(Benefit::EsaAssessment)] +
                       r.stocks.benefit[idx(Benefit::EsaSupport)],
                   esa);
      });
  add("esa_ib_onflow", "persons per month",
      "new ESA claims by residents during the month (excluding people moving in)",
      [](R r) { return d(r.tally.esa_ib_onflow); });
  add("esa_ib_offflow", "persons per month",
      "claimants leaving ESA/IB during the month (excluding deaths, moves away and turning 65)",
      [](R r) { return d(r.tally.esa_ib_offflow); });
  add("esa_ib_offflow_to_work", "persons per month",
      "claimants leaving ESA/IB for work during the month",
      [](R r) { return d(r.tally.events[idx(Event::JobStartFromEsaIb)]); });
  add("esa_ib_demographic_in", "persons per month", "ESA/IB claimants moving into the borough",
      [](R r) { return d(r.tally.esa_ib_dem_in); });
  add("esa_ib_demographic_out", "persons per month",
      "ESA/IB claimants who died, moved away or turned 65",
      [](R r) { return d(r.tally.esa_ib_dem_out); });
  // Universal Credit and all incapacity benefits (MODEL.md section 8). The target is written in
  // esa_ib_claimants (legacy ESA, new-style ESA included, and IB); from UC full service new
  // claims land on UC instead, so the legacy count falls whatever any programme achieves.
  add("uc_claimants", "persons",
      "Universal Credit claimants (any conditionality group; with UC beside new-style ESA)",
      [](R r) { return d(r.stocks.uc); });
  add("uc_searching", "persons", "UC claimants searching for work (the JSA-type group)",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::UcSearching)]); });
  add("uc_assessment", "persons", "UC claimants awaiting a Work Capability Assessment",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::UcAssessment)]); });
  add("uc_lcw", "persons", "UC claimants with limited capability for work (LCW)",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::UcLcw)]); });
  add("uc_lcwra", "persons",
      "UC claimants with limited capability for work and work-related activity (LCWRA)",
      [](R r) { return d(r.stocks.benefit[idx(Benefit::UcLcwra)]); });
  add("uc_health_claimants", "persons",
      "UC claimants with LCW or LCWRA who are not also on ESA (\"UC health\")", [](R r) {
        return d(r.stocks.benefit[idx(Benefit::UcLcw)] + r.stocks.benefit[idx(Benefit::UcLcwra)]);
      });
  add("incapacity_benefits_claimants", "persons",
      "residents on an incapacity benefit, each once: ESA/IB (new-style ESA included), or UC with "
      "LCW or LCWRA or awaiting a WCA",
      [](R r) { return d(r.stocks.incapacity); });
  add("esa_with_uc", "persons", "new-style ESA claimants with Universal Credit beside it", [](R r) {
    Persons n = 0;
    for (Persons x : r.stocks.with_uc) n += x;
    return d(n);
  });
  add("incapacity_benefits_onflow", "persons per month",
      "residents starting an incapacity benefit (ESA/IB or UC health) during the month",
      [](R r) { return d(r.tally.incapacity_onflow); });
  add("incapacity_benefits_offflow", "persons per month",
      "residents leaving all incapacity benefits during the month (excluding deaths, moves away "
      "and turning 65)",
      [](R r) { return d(r.tally.incapacity_offflow); });
  add("incapacity_benefits_demographic_in", "persons per month",
      "incapacity benefit claimants moving into the borough",
      [](R r) { return d(r.tally.incapacity_dem_in); });
  add("incapacity_benefits_demographic_out", "persons per month",
      "incapacity benefit claimants who died, moved away or turned 65",
      [](R r) { return d(r.tally.incapacity_dem_out); });
  // Where the legacy count went: UC claimants on a health claim (awaiting a WCA, LCW or LCWRA),
  // who would be on ESA in the legacy world, by how their UC claim began.
  add("uc_health_claims_diverted", "persons",
      "UC claimants on a health claim whose claim was made on UC (would have been ESA)",
      [](R r) { return d(r.stocks.uc_health_claim_by_route[idx(UcRoute::NewClaim)]); });
  add("uc_health_claims_migrated", "persons",
      "UC claimants on a health claim who moved from ESA by natural migration",
      [](R r) { return d(r.stocks.uc_health_claim_by_route[idx(UcRoute::NaturalMigration)]); });
  add("uc_health_claims_managed", "persons",
      "UC claimants on a health claim who moved from ESA by managed migration",
      [](R r) { return d(r.stocks.uc_health_claim_by_route[idx(UcRoute::ManagedMigration)]); });
  add("sustained_jobs_6_months", "persons per month",
      "residents whose job reached 6 months this month (sustained job outcomes)",
      [](R r) { return d(r.stocks.sustained_6); });
  add("sustained_jobs_12_months", "persons per month",
      "residents whose job reached 12 months this month",
      [](R r) { return d(r.stocks.sustained_12); });
  add("ltc_population", "persons",
      "residents with a long-term health condition (any primary condition)",
      [](R r) { return d(r.stocks.ltc); });
  add("ltc_employment_rate", "percent", "employment rate of residents with a long-term condition",
      [](R r) { return pct(r.stocks.ltc_employed, r.stocks.ltc); });
  add("ltc_employment_gap", "percentage points",
      "employment rate of all working age minus that of people with a long-term condition (target "
      "13.2 by 2017/18)",
      [](R r) {
        return pct(r.stocks.labour[idx(Labour::Employed)], r.stocks.population) -
               pct(r.stocks.ltc_employed, r.stocks.ltc);
      });
  for (std::size_t c = 1; c < count_of<Condition>(); ++c)
    add("condition_" + std::string(kConditionNames[c]), "persons",
        "residents whose primary condition is " + std::string(kConditionNames[c]),
        [c](R r) { return d(r.stocks.condition[c]); });
  for (std::size_t c = 0; c < count_of<Condition>(); ++c)
    add("employment_rate_" + std::string(kConditionNames[c]), "percent",
        "employment rate of residents whose primary condition is " +
            std::string(kConditionNames[c]),
        [c](R r) { return pct(r.stocks.condition_employed[c], r.stocks.condition[c]); });
  for (std::size_t sv = 0; sv < count_of<Service>(); ++sv)
    add("nhs_" + std::string(kServiceNames[sv]), "events per month",
        "NHS " + std::string(kServiceNames[sv]) +
            " used by residents during the month (zero at month 0)",
        [sv](R r) { return d(r.stocks.service[sv]); });
  auto line = [](R r, Line l) { return r.accounts.ledger[static_cast<std::size_t>(l)]; };
  add("benefit_paid_esa_ib", "GBP per month (price base year)",
      "ESA and IB paid to residents in the month", [line](R r) {
        return line(r, Line::DwpEsaAssessment) + line(r, Line::DwpEsaWrag) +
               line(r, Line::DwpEsaSupport) + line(r, Line::DwpIb);
      });
  add("benefit_paid_jsa", "GBP per month (price base year)", "JSA paid to residents in the month",
      [line](R r) { return line(r, Line::DwpJsa); });
  add("benefit_paid_uc", "GBP per month (price base year)",
      "Universal Credit paid to residents in the month (standard allowance, health elements and "
      "UC beside new-style ESA)",
      [line](R r) { return line(r, Line::DwpUc) + line(r, Line::DwpUcHealth); });
  add("dwp_benefit_spending", "GBP per month (price base year)",
      "ESA, IB, JSA and UC paid to residents in the month", [line](R r) {
        double x = 0;
        for (Line l : {Line::DwpEsaAssessment, Line::DwpEsaWrag, Line::DwpEsaSupport, Line::DwpIb,
                       Line::DwpJsa, Line::DwpUc, Line::DwpUcHealth})
          x += line(r, l);
        return x;
      });
  add("earnings_in_work", "GBP per month (2014/15 prices)",
      "gross earnings of residents in work in the month",
      [](R r) { return static_cast<double>(r.accounts.pay.earnings) / 100.0; });
  add("tax_and_ni", "GBP per month (price base year)",
      "income tax and employee and employer National Insurance on residents' earnings",
      [line](R r) {
        return line(r, Line::HmtIncomeTax) + line(r, Line::HmtEmployeeNi) +
               line(r, Line::HmtEmployerNi);
      });
  add("nhs_cost", "GBP per month (price base year)",
      "cost of the NHS services residents used in the month (zero at month 0)", [](R r) {
        double x = 0;
        for (std::size_t l = 0; l < kLines; ++l)
          if (kLineInfo[l].partner == Partner::Ccg && !kLineInfo[l].intervention)
            x += r.accounts.ledger[l];
        return x;
      });
  for (std::size_t e = 0; e < count_of<Event>(); ++e)
    add("events_" + std::string(kEventNames[e]), "persons per month",
        "count of " + std::string(kEventNames[e]) + " during the month",
        [e](R r) { return d(r.tally.events[e]); });
  return v;
}

}  // namespace

const std::vector<Indicator>& indicators() {
  static const std::vector<Indicator> v = build();
  return v;
}

const std::vector<InterventionMeasure>& intervention_measures() {
  static const std::vector<InterventionMeasure> v = [] {
    std::vector<InterventionMeasure> m;
    using R = const MonthRecord&;
    using I = const Intervention&;
    auto add = [&](std::string n, std::string u, std::string d,
                   std::function<double(R, std::size_t, I, YearMonth)> f) {
      m.push_back({std::move(n), std::move(u), std::move(d), std::move(f)});
    };
    auto count = [&](std::string n, std::string d, Persons InterventionCounts::*field) {
      add(std::move(n), "persons per month", std::move(d),
          [field](R r, std::size_t k, I, YearMonth) {
            return static_cast<double>(r.tally.intervention[k].*field);
          });
    };
    // The intervention's counts published as measures of their own (model/tally.hpp).
#define HWSIM_COUNT(name, measure, desc) \
  if (measure) count(#name, desc, &InterventionCounts::name);
    HWSIM_INTERVENTION_COUNT_FIELDS(HWSIM_COUNT)
#undef HWSIM_COUNT
    add("caseload", "persons", "people in the intervention at the end of the month",
        [](R r, std::size_t k, I, YearMonth) {
          return static_cast<double>(r.stocks.in_intervention[k]);
        });
    add("waiting", "persons", "people on the waiting list at the end of the month",
        [](R r, std::size_t k, I, YearMonth) { return static_cast<double>(r.stocks.waiting[k]); });
    add("mean_wait", "months", "mean months waited by this month's starters",
        [](R r, std::size_t k, I, YearMonth) {
          const auto& p = r.tally.intervention[k];
          return p.starts > 0 ? static_cast<double>(p.wait_months) / static_cast<double>(p.starts)
                              : 0.0;
        });
    add("spend", "GBP per month",
        "cost of the month: starts x per-start cost, caseload x monthly cost, the fixed cost while "
        "it runs, "
        "and job outcomes x the outcome payment",
        [](R r, std::size_t k, I iv, YearMonth date) {
          return iv.spend(static_cast<double>(r.tally.intervention[k].starts),
                          static_cast<double>(r.stocks.in_intervention[k]),
                          static_cast<double>(r.tally.intervention[k].job_outcomes), date);
        });
    return m;
  }();
  return v;
}

InterventionTotals intervention_totals(const RunValues& v, std::size_t k, const Intervention& iv) {
  InterventionTotals t;
  const auto M = static_cast<std::size_t>(v.months());
  const auto starts = v.measure(k, iv, "starts"), in = v.measure(k, iv, "job_starts_in"),
             after = v.measure(k, iv, "job_starts_after");
  for (std::size_t rep = 0; rep < v.replications(); ++rep) {
    double s = 0, j = 0;
    for (std::size_t m = rep * M; m < (rep + 1) * M; ++m) {
      s += starts[m];
      j += in[m] + after[m];
    }
    t.starts.push_back(s);
    t.job_starts.push_back(j);
  }
  return t;
}

std::vector<double> RunValues::across(const std::string& name, int month) const {
  return column(indicator(name), month);
}

std::vector<double> RunValues::column(const std::vector<double>& all, int month) const {
  const auto M = static_cast<std::size_t>(months());
  std::vector<double> v;
  for (std::size_t rep = 0; rep < replications(); ++rep)
    v.push_back(all.at(rep * M + static_cast<std::size_t>(month)));
  return v;
}

int KeptValues::months() const {
  return r_.reps.empty() ? 0 : static_cast<int>(r_.reps.front().months.size());
}

std::vector<double> KeptValues::indicator(const std::string& name) const {
  const Indicator& ind = hwsim::indicator(name);
  std::vector<double> v;
  for (const auto& rep : r_.reps)
    for (const auto& m : rep.months) v.push_back(ind.value(m));
  return v;
}

std::vector<double> KeptValues::measure(std::size_t k, const Intervention& iv,
                                        const std::string& measure) const {
  const InterventionMeasure& pm = intervention_measure(measure);
  std::vector<double> v;
  for (const auto& rep : r_.reps)
    for (std::size_t m = 0; m < rep.months.size(); ++m)
      v.push_back(pm.value(rep.months[m], k, iv, start_.plus(static_cast<int>(m))));
  return v;
}

const InterventionMeasure& intervention_measure(const std::string& name) {
  for (const auto& m : intervention_measures())
    if (m.name == name) return m;
  throw std::out_of_range("no intervention measure named " + name);
}

std::vector<double> across_replications(const RunResult& r, const std::string& name, int month) {
  const auto& ind = indicator(name);
  std::vector<double> v;
  for (const auto& rep : r.reps) v.push_back(ind.value(rep.at(static_cast<std::size_t>(month))));
  return v;
}

const Indicator& indicator(const std::string& name) {
  for (const auto& i : indicators())
    if (i.name == name) return i;
  throw std::out_of_range("no indicator named " + name);
}

}  // namespace hwsim
