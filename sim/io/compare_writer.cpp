#include "io/compare_writer.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "io/finance_writer.hpp"
#include "io/h5.hpp"
#include "io/stats.hpp"
#include "model/indicators.hpp"
#include "report/report.hpp"

namespace hwsim {

namespace detail {
void write_run(hid_t file, const Scenario& sc, const RunResult& r);
void write_meta(hid_t file, const std::string& name, const Scenario& sc, const RunResult& r,
                const RunInfo& info);
}  // namespace detail

namespace fs = std::filesystem;

int Paired::target_month() const {
  const int m = months_between(scenario.sim.start, scenario.sim.target_date);
  return (m >= 0 && m < scenario.sim.months) ? m : scenario.sim.months - 1;
}

std::pair<int, int> Paired::gap_year() const {
  const int last = scenario.sim.months - 1;
  const int a = std::clamp(months_between(scenario.sim.start, YearMonth{2017, 4}), 0, last);
  const int b = std::clamp(months_between(scenario.sim.start, YearMonth{2018, 3}), 0, last);
  return {a, b};
}

std::vector<double> paired_difference(const Paired& p, const std::string& name, int month) {
  const auto b = across_replications(p.base, name, month),
             s = across_replications(p.scen, name, month);
  std::vector<double> d(b.size());
  for (std::size_t k = 0; k < b.size(); ++k) d[k] = s[k] - b[k];
  return d;
}

std::vector<double> paired_total_difference(const Paired& p, const std::string& name) {
  std::vector<double> d(p.base.reps.size(), 0.0);
  for (int m = 1; m < p.scenario.sim.months; ++m) {
    const auto x = paired_difference(p, name, m);
    for (std::size_t k = 0; k < d.size(); ++k) d[k] += x[k];
  }
  return d;
}

std::vector<double> mean_over(const RunResult& r, const std::string& name, int from, int to) {
  std::vector<double> v(r.reps.size(), 0.0);
  for (int m = from; m <= to; ++m) {
    const auto x = across_replications(r, name, m);
    for (std::size_t k = 0; k < v.size(); ++k) v[k] += x[k] / (to - from + 1);
  }
  return v;
}

std::vector<EqualityRow> equality_breakdown(const Paired& p, int month) {
  std::vector<EqualityRow> rows;
  const std::size_t R = p.base.reps.size();
  auto add = [&](const std::string& group, const std::string& level, const std::string& measure,
                 auto&& get) {
    EqualityRow row{group, level, measure, std::vector<double>(R)};
    for (std::size_t k = 0; k < R; ++k)
      row.difference[k] =
          static_cast<double>(get(p.scen.reps[k].months[static_cast<std::size_t>(month)].stocks)) -
          static_cast<double>(get(p.base.reps[k].months[static_cast<std::size_t>(month)].stocks));
    rows.push_back(std::move(row));
  };
  for (std::size_t c = 0; c < count_of<Condition>(); ++c) {
    add("condition", std::string(kConditionNames[c]), "employed",
        [c](const Stocks& s) { return s.condition_employed[c]; });
    add("condition", std::string(kConditionNames[c]), "esa_ib_claimants",
        [c](const Stocks& s) { return s.esa_ib_condition[c]; });
  }
  for (std::size_t a = 0; a < count_of<AgeBand>(); ++a) {
    add("age_band", std::string(kAgeBandNames[a]), "employed",
        [a](const Stocks& s) { return s.employed_age[a]; });
    add("age_band", std::string(kAgeBandNames[a]), "esa_ib_claimants",
        [a](const Stocks& s) { return s.esa_ib_age[a]; });
  }
  for (std::size_t x = 0; x < count_of<Sex>(); ++x) {
    add("sex", std::string(kSexNames[x]), "employed",
        [x](const Stocks& s) { return s.employed_sex[x]; });
    add("sex", std::string(kSexNames[x]), "esa_ib_claimants",
        [x](const Stocks& s) { return s.esa_ib_sex[x]; });
  }
  for (std::size_t b = 0; b < count_of<Benefit>(); ++b)
    add("benefit", std::string(kBenefitNames[b]), "people",
        [b](const Stocks& s) { return s.benefit[b]; });
  const auto practices = static_cast<std::size_t>(p.scenario.params.population.gp_practices);
  for (std::size_t g = 0; g < practices && g < kMaxGpPractices; ++g) {
    add("gp_practice", std::to_string(g), "employed",
        [g](const Stocks& s) { return s.employed_gp[g]; });
    add("gp_practice", std::to_string(g), "esa_ib_claimants",
        [g](const Stocks& s) { return s.esa_ib_gp[g]; });
  }
  return rows;
}

namespace {

std::string band_text(const std::vector<double>& v, const char* fmt_spec = "{:.0f}") {
  const Band b = band_of(v);
  return fmt::format(
      fmt::runtime(std::string(fmt_spec) + " (5-95%: " + fmt_spec + " to " + fmt_spec + ")"),
      b.mean, b.p05, b.p95);
}

}  // namespace

std::string compare_summary(const Paired& p, const FinanceResult& finance) {
  const int tm = p.target_month();
  const auto [g0, g1] = p.gap_year();
  const YearMonth date = p.scenario.sim.start.plus(tm);
  const double target = p.scenario.sim.target_esa_ib;
  std::string out =
      fmt::format("hwsim compare: '{}' against '{}', {} paired replications, seed {}\n",
                  p.scenario.name, p.baseline.name, p.scen.reps.size(), p.scen.seed);
  const auto b = across_replications(p.base, "esa_ib_claimants", tm);
  const auto s = across_replications(p.scen, "esa_ib_claimants", tm);
  out += fmt::format("  ESA/IB claimants {}: baseline {}; scenario {}\n", date.str(), band_text(b),
                     band_text(s));
  out += fmt::format("  difference (scenario - baseline): {}\n",
                     band_text(paired_difference(p, "esa_ib_claimants", tm)));
  int met = 0;
  for (double x : s) met += x <= target ? 1 : 0;
  out += fmt::format("  target {:.0f} by {}: met in {} of {} replications (P = {:.2f})\n", target,
                     p.scenario.sim.target_date.str(), met, s.size(),
                     static_cast<double>(met) / static_cast<double>(s.size()));
  out +=
      fmt::format("  LTC employment gap {} to {} (points): baseline {}; scenario {}; target 13.2\n",
                  p.scenario.sim.start.plus(g0).str(), p.scenario.sim.start.plus(g1).str(),
                  band_text(mean_over(p.base, "ltc_employment_gap", g0, g1), "{:.2f}"),
                  band_text(mean_over(p.scen, "ltc_employment_gap", g0, g1), "{:.2f}"));
  out += fmt::format("  job starts caused: {}; sustained 6 months: {}; 12 months: {}\n",
                     band_text(paired_total_difference(p, "events_job_starts")),
                     band_text(paired_total_difference(p, "sustained_jobs_6_months")),
                     band_text(paired_total_difference(p, "sustained_jobs_12_months")));
  for (std::size_t k = 0; k < p.scenario.programmes.list.size(); ++k) {
    const auto& iv = p.scenario.programmes.list[k];
    const ProgrammeTotals tot = programme_totals(p.scen, k);
    out += fmt::format("  {}: starts {}; job starts by participants {}\n", iv.name,
                       band_text(tot.starts), band_text(tot.job_starts));
  }
  out += finance_table(finance);
  return out;
}

void write_compare(const std::string& dir, const Paired& p, const FinanceResult& finance,
                   const RunInfo& info) {
  const int M = p.scenario.sim.months;
  const auto R = static_cast<hsize_t>(p.scen.reps.size());
  const fs::path d(dir);
  write_atomically((d / "result.h5").string(), [&](const std::string& tmp) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    h5::Id file = h5::create_file(tmp);
    for (const auto& [name, sc, r] : {std::tuple<const char*, const Scenario*, const RunResult*>{
                                          "baseline", &p.baseline, &p.base},
                                      {"scenario", &p.scenario, &p.scen}}) {
      h5::Id g = h5::create_group(file, name);
      detail::write_run(g, *sc, *r);
      detail::write_meta(g, "meta", *sc, *r, info);
    }
    {
      h5::Id diff = h5::create_group(file, "difference");
      for (const auto& ind : indicators()) {
        std::vector<double> data(R * static_cast<hsize_t>(M));
        for (int m = 0; m < M; ++m) {
          const auto v = paired_difference(p, ind.name, m);
          for (hsize_t k = 0; k < R; ++k)
            data[k * static_cast<hsize_t>(M) + static_cast<hsize_t>(m)] = v[k];
        }
        h5::dataset_nd(diff, ind.name, H5T_NATIVE_DOUBLE, {R, static_cast<hsize_t>(M)}, data,
                       ind.unit,
                       "scenario minus baseline, paired by replication: " + ind.description,
                       "replication,month");
      }
    }
    {
      h5::Id eq = h5::create_group(file, "equality");
      const auto rows = equality_breakdown(p, p.target_month());
      std::vector<double> data;
      std::string labels;
      for (const auto& row : rows) {
        labels += row.group + "/" + row.level + "/" + row.measure + "\n";
        data.insert(data.end(), row.difference.begin(), row.difference.end());
      }
      h5::dataset_nd(eq, "difference", H5T_NATIVE_DOUBLE, {rows.size(), R}, data, "persons",
                     "scenario minus baseline at the target month, by group (rows: see the rows "
                     "attribute of /equality)",
                     "row,replication");
      h5::attr_string(eq, "rows", labels);
    }
    write_finance_h5(file, p, finance);
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush");
  });
  auto csv = [&](const std::string& name, auto&& body) {
    write_atomically((d / name).string(), [&](const std::string& tmp) {
      std::ofstream out(tmp, std::ios::binary);
      if (!out) throw std::runtime_error("cannot write " + tmp);
      body(out);
      if (!out) throw std::runtime_error("error while writing " + tmp);
    });
  };
  csv("difference.csv", [&](std::ofstream& out) {
    out << "indicator,unit,month,mean_difference,p05,p50,p95,replications\n";
    for (const auto& ind : indicators())
      for (int m = 0; m < M; ++m) {
        const Band b = band_of(paired_difference(p, ind.name, m));
        out << fmt::format("{},\"{}\",{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", ind.name, ind.unit,
                           p.scenario.sim.start.plus(m).str(), b.mean, b.p05, b.p50, b.p95, R);
      }
  });
  csv("target.csv", [&](std::ofstream& out) {
    const int tm = p.target_month();
    const auto [g0, g1] = p.gap_year();
    out << "measure,period,baseline_mean,baseline_p05,baseline_p95,scenario_mean,scenario_p05,"
           "scenario_p95,"
           "difference_mean,difference_p05,difference_p95,target,probability_target_met\n";
    auto row = [&](const std::string& measure, const std::string& period,
                   const std::vector<double>& b, const std::vector<double>& s, double target,
                   bool below) {
      std::vector<double> diff(b.size());
      int met = 0;
      for (std::size_t k = 0; k < b.size(); ++k) {
        diff[k] = s[k] - b[k];
        met += below ? (s[k] <= target) : (s[k] >= target);
      }
      const Band bb = band_of(b), bs = band_of(s), bd = band_of(diff);
      out << fmt::format(
          "{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{:.4g}\n",
          measure, period, bb.mean, bb.p05, bb.p95, bs.mean, bs.p05, bs.p95, bd.mean, bd.p05,
          bd.p95, target, static_cast<double>(met) / static_cast<double>(b.size()));
    };
    row("esa_ib_claimants", p.scenario.sim.start.plus(tm).str(),
        across_replications(p.base, "esa_ib_claimants", tm),
        across_replications(p.scen, "esa_ib_claimants", tm), p.scenario.sim.target_esa_ib, true);
    row("ltc_employment_gap",
        p.scenario.sim.start.plus(g0).str() + " to " + p.scenario.sim.start.plus(g1).str(),
        mean_over(p.base, "ltc_employment_gap", g0, g1),
        mean_over(p.scen, "ltc_employment_gap", g0, g1), 13.2, true);
  });
  csv("equality.csv", [&](std::ofstream& out) {
    out << "group,level,measure,month,mean_difference,p05,p95,replications\n";
    for (const auto& row : equality_breakdown(p, p.target_month())) {
      const Band b = band_of(row.difference);
      out << fmt::format("{},{},{},{},{:.6g},{:.6g},{:.6g},{}\n", row.group, row.level, row.measure,
                         p.scenario.sim.start.plus(p.target_month()).str(), b.mean, b.p05, b.p95,
                         R);
    }
  });
  write_atomically((d / "finance.csv").string(),
                   [&](const std::string& tmp) { write_finance_csv(tmp, finance); });
  write_atomically((d / "report.html").string(), [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out << render_report(p, finance);
    if (!out) throw std::runtime_error("cannot write " + tmp);
  });
  if (!p.scenario.programmes.empty())
    write_atomically((d / "interventions.csv").string(), [&](const std::string& tmp) {
      write_interventions_csv(tmp, p.scenario, p.scen);
    });
}

}  // namespace hwsim
