#include "io/compare_writer.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "compare/detectable.hpp"
#include "io/cohorts_writer.hpp"
#include "io/finance_writer.hpp"
#include "io/h5.hpp"
#include "io/manifest.hpp"
#include "io/psa_writer.hpp"
#include "io/run_h5.hpp"
#include "report/report.hpp"
#include "run/indicators.hpp"
#include "run/stats.hpp"
#include "run/target.hpp"

namespace hwsim {

namespace fs = std::filesystem;

std::vector<ManifestFile> write_compare(const std::string& dir, const Paired& p,
                                        const FinanceResult& finance, const RunInfo& info,
                                        FileSet& files) {
  const int M = p.scenario.sim.months;
  const auto R = static_cast<hsize_t>(p.scen.reps.size());
  const fs::path d(dir);
  Manifest manifest{"compare", &p.scenario, &p.baseline, p.scen.seed, p.scen.reps.size(), {}};
  auto listed = [&](const std::string& name, const std::string& description) {
    manifest.files.push_back({name, description});
  };
  files.write((d / "result.h5").string(), [&](const std::string& tmp) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    h5::Id file = h5::create_file(tmp);
    detail::write_format(file, kComparisonFormat, kResultFormatVersion);
    for (const auto& [name, sc, r] : {std::tuple<const char*, const Scenario*, const RunResult*>{
                                          "baseline", &p.baseline, &p.base},
                                      {"scenario", &p.scenario, &p.scen}}) {
      h5::Id g = h5::create_group(file, name);
      detail::write_run(g, *sc, *r);
      detail::write_meta(g, "meta", *sc, detail::balance_yaml(*r), r->reps.size(), r->seed, info);
    }
    {
      h5::Id diff = h5::create_group(file, "difference");
      detail::write_run_scales(diff, p.scenario, R);
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
                       {"replication", "month"});
      }
    }
    {
      h5::Id eq = h5::create_group(file, "equality");
      const auto rows = equality_breakdown(p, p.target_month());
      std::vector<double> data;
      std::string labels;
      std::vector<std::string> row_names;
      for (const auto& row : rows) {
        row_names.push_back(row.group + "/" + row.level + "/" + row.measure);
        labels += row_names.back() + "\n";
        data.insert(data.end(), row.difference.begin(), row.difference.end());
      }
      h5::scale_labels(eq, "row", row_names, "group/level/measure of each row");
      h5::scale_index(eq, "replication", R, "replication, 0 to R-1, paired");
      h5::dataset_nd(eq, "difference", H5T_NATIVE_DOUBLE, {rows.size(), R}, data, "persons",
                     "scenario minus baseline at the target month, by group (rows: see the rows "
                     "attribute of /equality)",
                     {"row", "replication"});
      h5::attr_string(eq, "rows", labels);
    }
    write_finance_h5(file, p, finance);
    if (info.psa) write_psa_h5(file, *info.psa);
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush");
  });
  listed("result.h5",
         "the complete record (HDF5): each run's record under /baseline and /scenario, the paired "
         "differences, the equality breakdown and the finance appraisal; layout in "
         "outputs/README.md");
  auto csv = [&](const std::string& name, auto&& body) {
    files.write((d / name).string(), [&](const std::string& tmp) {
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
  listed("difference.csv",
         "scenario minus baseline for each indicator and month, paired by replication: mean and "
         "5th, 50th and 95th percentiles");
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
    for (const auto& m : target_measures())
      row(m.indicator, p.scenario.sim.start.plus(tm).str(),
          across_replications(p.base, m.indicator, tm),
          across_replications(p.scen, m.indicator, tm), p.scenario.sim.target_esa_ib, true);
    row("ltc_employment_gap",
        p.scenario.sim.start.plus(g0).str() + " to " + p.scenario.sim.start.plus(g1).str(),
        mean_over(p.base, "ltc_employment_gap", g0, g1),
        mean_over(p.scen, "ltc_employment_gap", g0, g1), 13.2, true);
    // The change in the legacy count since month 0, split (run/target.hpp); no target.
    const std::string period =
        p.scenario.sim.start.str() + " to " + p.scenario.sim.start.plus(tm).str();
    const LegacyChange b = legacy_change(p.base, tm), sc = legacy_change(p.scen, tm);
    const std::pair<const char*, std::vector<double> LegacyChange::*> parts[]{
        {"legacy_change", &LegacyChange::total},
        {"legacy_change_uc_diversion", &LegacyChange::diversion},
        {"legacy_change_natural_migration", &LegacyChange::natural_migration},
        {"legacy_change_managed_migration", &LegacyChange::managed_migration},
        {"legacy_change_rest", &LegacyChange::rest}};
    for (const auto& [name, part] : parts) {
      const Band bb = band_of(b.*part), bs = band_of(sc.*part);
      std::vector<double> diff(b.total.size());
      for (std::size_t k = 0; k < diff.size(); ++k) diff[k] = (sc.*part)[k] - (b.*part)[k];
      const Band bd = band_of(diff);
      out << fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},,\n",
                         name, period, bb.mean, bb.p05, bb.p95, bs.mean, bs.p05, bs.p95, bd.mean,
                         bd.p05, bd.p95);
    }
    // The smallest change the legacy count could show, in persons (compare/detectable.hpp): the
    // two noises it is built from and the MDC in baseline_mean (figures of the baseline), the
    // scenario's change at the target month in the difference columns.
    const DetectableChange dc = detectable_change(p);
    const std::string at = p.scenario.sim.start.plus(tm).str();
    out << fmt::format("detectable_change_sd_month,{} to {},{:.6g},,,,,,,,,,\n",
                       p.scenario.sim.start.plus(dc.first_month).str(), at, dc.sd_month);
    out << fmt::format("detectable_change_sd_replication,{},{:.6g},,,,,,,,,,\n", at,
                       dc.sd_replication);
    const Band bc = band_of(dc.change);
    out << fmt::format("detectable_change,{},{:.6g},,,,,,{:.6g},{:.6g},{:.6g},,\n", at, dc.smallest,
                       bc.mean, bc.p05, bc.p95);
  });
  listed("target.csv",
         fmt::format("the target ({:.0f} ESA/IB claimants by {}) and the LTC employment gap: "
                     "baseline, scenario and difference, the probability the target is met, the "
                     "change in the legacy count with its parts, and the smallest change in the "
                     "legacy count distinguishable from its noise against the scenario's",
                     p.scenario.sim.target_esa_ib, p.scenario.sim.target_date.str()));
  csv("equality.csv", [&](std::ofstream& out) {
    out << "group,level,measure,month,mean_difference,p05,p95,replications\n";
    for (const auto& row : equality_breakdown(p, p.target_month())) {
      const Band b = band_of(row.difference);
      out << fmt::format("{},{},{},{},{:.6g},{:.6g},{:.6g},{}\n", row.group, row.level, row.measure,
                         p.scenario.sim.start.plus(p.target_month()).str(), b.mean, b.p05, b.p95,
                         R);
    }
  });
  listed("equality.csv",
         "who was helped: scenario minus baseline at the target month by condition, age band, "
         "sex, benefit and GP practice");
  files.write((d / "cohorts.csv").string(), [&](const std::string& tmp) {
    const Cohorts base = cohorts_of(p.base, p.baseline.sim.start, p.baseline.sim.months);
    const Cohorts scen = cohorts_of(p.scen, p.scenario.sim.start, p.scenario.sim.months);
    write_cohorts_csv(tmp, {{p.baseline.name, &base}, {p.scenario.name, &scen}});
  });
  listed("cohorts.csv",
         "cohort statistics of new ESA and UC health claims by quarter and year of claim, for "
         "the baseline and the scenario: share still claiming at 13-104 weeks, in work 12-18 "
         "months after, leavers' destinations");
  files.write((d / "finance.csv").string(),
              [&](const std::string& tmp) { write_finance_csv(tmp, finance); });
  listed("finance.csv",
         "who pays and who gains: cost, saving, NPV, benefit-cost ratio, return on investment, "
         "payback and transfers under gain sharing, by partner, over the replications");
  files.write((d / "cashflow.csv").string(),
              [&](const std::string& tmp) { write_cashflow_csv(tmp, finance); });
  listed("cashflow.csv",
         "the cash flows per partner, ledger line and financial year (April to March), "
         "undiscounted, with the discount factor and present value, mean and band");
  files.write((d / "report.html").string(), [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out << render_report(p, finance, info.psa && info.psa->summary ? &*info.psa->summary : nullptr,
                         info.psa && info.psa->outcomes ? &*info.psa->outcomes : nullptr);
    if (!out) throw std::runtime_error("cannot write " + tmp);
  });
  listed("report.html", "a self-contained page of charts of the comparison that opens offline");
  if (!p.scenario.interventions.empty()) {
    files.write((d / "interventions.csv").string(), [&](const std::string& tmp) {
      write_interventions_csv(tmp, p.scenario, KeptValues(p.scen, p.scenario.sim.start));
    });
    listed("interventions.csv",
           "each of the scenario's interventions: referrals, starts, waiting list, job outcomes "
           "and spend by month");
  }
  if (info.psa) {
    files.write((d / "psa.csv").string(),
                [&](const std::string& tmp) { write_psa_csv(tmp, *info.psa); });
    listed("psa.csv",
           "probabilistic sensitivity analysis: P(target met), P(NPV > 0) per partner before and "
           "after gain sharing, the acceptability curve and the value of information");
    files.write((d / "psa-replications.csv").string(),
                [&](const std::string& tmp) { write_psa_replications_csv(tmp, *info.psa); });
    listed("psa-replications.csv",
           "one row per replication: the outcomes, the cost-effectiveness plane and the value "
           "each uncertain quantity drew");
  }
  write_manifest(dir, manifest, info, &files);
  return manifest.files;
}

}  // namespace hwsim
