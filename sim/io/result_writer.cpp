#include "io/result_writer.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"
#include "io/cohorts_writer.hpp"
#include "io/finance_writer.hpp"
#include "io/h5.hpp"
#include "io/manifest.hpp"
#include "io/psa_writer.hpp"
#include "io/run_h5.hpp"
#include "run/indicators.hpp"
#include "run/stats.hpp"
#include "run/target.hpp"

namespace hwsim {

namespace {

using h5::attr_scalar;
using h5::attr_string;
using h5::check;
using h5::dataset_nd;
using h5::dataset_string;
using h5::dataset_strings;
using h5::H5Id;

std::string levels_yaml(const RunResult& r) {
  std::string out;
  for (std::size_t k = 0; k < r.reps.size(); ++k) {
    const auto& b = r.reps[k].balance;
    out += fmt::format("replication_{}:\n", k);
    auto table = [&](const char* name, const auto& t, const auto& rows) {
      out += fmt::format("  {}:\n", name);
      for (std::size_t i = 0; i < t.size(); ++i) {
        out += fmt::format("    {}: [", rows[i]);
        for (std::size_t j = 0; j < t[i].size(); ++j)
          out += fmt::format("{}{:.6g}", j ? ", " : "", t[i][j]);
        out += "]\n";
      }
    };
    table("onset_monthly_probability_by_age_band", b.levels.onset, kConditionNames);
    for (std::size_t v = 0; v < count_of<Severity>(); ++v) {
      Table<Condition, AgeBand> t{};
      for (std::size_t c = 0; c < t.size(); ++c) t[c] = b.levels.claim[c][v];
      table(fmt::format("claim_multiplier_by_age_band_{}", kSeverityNames[v]).c_str(), t,
            kConditionNames);
    }
    table("job_entry_multiplier_by_age_band", b.levels.job_entry, kConditionNames);
    out += fmt::format("  jsa_claim_multiplier_by_age_band: [{:.6g}]\n",
                       fmt::join(b.levels.jsa_claim, ", "));
    out += fmt::format("  search_start_multiplier_by_age_band: [{:.6g}]\n",
                       fmt::join(b.levels.search_start, ", "));
    for (const auto& w : b.warnings) out += fmt::format("  warning: \"{}\"\n", w);
  }
  return out;
}

}  // namespace

namespace detail {

void write_run_scales(hid_t group, const Scenario& sc, hsize_t replications) {
  h5::scale_index(group, "replication", replications,
                  "replication, 0 to R-1: each on its own random numbers (in a comparison, "
                  "replication r of the baseline and of the scenario share them)");
  std::vector<std::string> months;
  for (int m = 0; m < sc.sim.months; ++m) months.push_back(sc.sim.start.plus(m).str());
  h5::scale_labels(group, "month", months,
                   "calendar month of each column, YYYY-MM; month 0 is the synthesised base month");
}

void write_format(hid_t file, const std::string& format, std::int64_t version) {
  attr_string(file, "format", format);
  h5::attr_int64(file, "format_version", version);
}

void write_run(hid_t file, const Scenario& sc, const RunResult& r) {
  const hsize_t R = r.reps.size(), M = static_cast<hsize_t>(sc.sim.months);
  {
    H5Id g(H5Gcreate2(file, "indicators", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create indicators");
    write_run_scales(g, sc, R);
    for (const auto& ind : indicators()) {
      std::vector<double> data(R * M);
      for (hsize_t k = 0; k < R; ++k)
        for (hsize_t m = 0; m < M; ++m) data[k * M + m] = ind.value(r.reps[k].months[m]);
      dataset_nd(g, ind.name, H5T_NATIVE_DOUBLE, {R, M}, data, ind.unit, ind.description,
                 {"replication", "month"});
    }
  }
  {
    // Stocks and flows by state, for the stock-flow identity
    // stock[m] = stock[m-1] + in[m] - out[m] + demographic_in[m] - demographic_out[m].
    H5Id g(H5Gcreate2(file, "states", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create states");
    write_run_scales(g, sc, R);
    h5::scale_labels(g, "benefit_state",
                     std::vector<std::string>(kBenefitNames.begin(), kBenefitNames.end()),
                     "benefit states, in the order of the last axis of benefit_*");
    h5::scale_labels(g, "labour_state",
                     std::vector<std::string>(kLabourNames.begin(), kLabourNames.end()),
                     "labour states, in the order of the last axis of labour_*");
    auto put = [&](const char* name, std::size_t n, auto&& get, const char* state,
                   const char* desc) {
      std::vector<std::int64_t> data(R * M * n);
      for (hsize_t k = 0; k < R; ++k)
        for (hsize_t m = 0; m < M; ++m)
          for (std::size_t s = 0; s < n; ++s)
            data[(k * M + m) * n + s] = get(r.reps[k].months[m], s);
      dataset_nd(g, name, H5T_NATIVE_INT64, {R, M, n}, data, "persons", desc,
                 {"replication", "month", state});
    };
    const std::string bl = "benefit_state", ll = "labour_state";
    constexpr auto NB = count_of<Benefit>(), NL = count_of<Labour>();
    put(
        "benefit_stock", NB,
        [](const MonthRecord& x, std::size_t s) { return x.stocks.benefit[s]; }, bl.c_str(),
        "people in each benefit state at the end of the month");
    put(
        "benefit_in", NB, [](const MonthRecord& x, std::size_t s) { return x.tally.benefit_in[s]; },
        bl.c_str(), "moves into each benefit state by the monthly processes");
    put(
        "benefit_out", NB,
        [](const MonthRecord& x, std::size_t s) { return x.tally.benefit_out[s]; }, bl.c_str(),
        "moves out of each benefit state by the monthly processes");
    put(
        "benefit_demographic_in", NB,
        [](const MonthRecord& x, std::size_t s) { return x.tally.benefit_dem_in[s]; }, bl.c_str(),
        "entrants (16-year-olds, in-migrants) by benefit state");
    put(
        "benefit_demographic_out", NB,
        [](const MonthRecord& x, std::size_t s) { return x.tally.benefit_dem_out[s]; }, bl.c_str(),
        "exits (deaths, out-migrants, turning 65) by benefit state");
    put(
        "labour_stock", NL, [](const MonthRecord& x, std::size_t s) { return x.stocks.labour[s]; },
        ll.c_str(), "people in each labour state at the end of the month");
    put(
        "labour_in", NL, [](const MonthRecord& x, std::size_t s) { return x.tally.labour_in[s]; },
        ll.c_str(), "moves into each labour state by the monthly processes");
    put(
        "labour_out", NL, [](const MonthRecord& x, std::size_t s) { return x.tally.labour_out[s]; },
        ll.c_str(), "moves out of each labour state by the monthly processes");
    put(
        "labour_demographic_in", NL,
        [](const MonthRecord& x, std::size_t s) { return x.tally.labour_dem_in[s]; }, ll.c_str(),
        "entrants by labour state");
    put(
        "labour_demographic_out", NL,
        [](const MonthRecord& x, std::size_t s) { return x.tally.labour_dem_out[s]; }, ll.c_str(),
        "exits by labour state");
  }
  if (!sc.interventions.empty()) {
    // One group per intervention: its measures month by month, with its definition.
    H5Id top(H5Gcreate2(file, "interventions", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
             "create interventions");
    for (std::size_t k = 0; k < sc.interventions.list.size(); ++k) {
      const Intervention& iv = sc.interventions.list[k];
      H5Id g(H5Gcreate2(top, iv.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
             ("create /interventions/" + iv.name).c_str());
      attr_string(g, "label", iv.label);
      attr_string(g, "type", std::string(name_of(iv.type)));
      attr_string(g, "payer", iv.costs.payer);
      attr_string(g, "start", iv.start.str());
      attr_string(g, "end", iv.end.str());
      write_run_scales(g, sc, R);
      for (const auto& pm : intervention_measures()) {
        std::vector<double> data(R * M);
        for (hsize_t rep = 0; rep < R; ++rep)
          for (hsize_t m = 0; m < M; ++m)
            data[rep * M + m] =
                pm.value(r.reps[rep].months[m], k, iv, sc.sim.start.plus(static_cast<int>(m)));
        dataset_nd(g, pm.name, H5T_NATIVE_DOUBLE, {R, M}, data, pm.unit, pm.description,
                   {"replication", "month"});
      }
    }
  }
  write_ledger_h5(file, sc, r);
  write_cohorts_h5(file, cohorts_of(r, sc.sim.start, sc.sim.months));
}

void write_meta(hid_t file, const std::string& name, const Scenario& sc, const RunResult& r,
                const RunInfo& info) {
  const hsize_t R = r.reps.size(), M = static_cast<hsize_t>(sc.sim.months);
  {
    H5Id g(H5Gcreate2(file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create /meta");
    std::string scenario_text;
    for (std::size_t k = 0; k < sc.files.size(); ++k)
      scenario_text += fmt::format("# ---- {} ----\n{}\n", sc.files[k], sc.texts[k]);
    if (!sc.set.empty()) {
      scenario_text += "# ---- changed on the command line, after the files ----\n";
      for (const auto& a : sc.set) scenario_text += "--set " + a + "\n";
      dataset_strings(g, "set", sc.set,
                      "values changed on the command line after the files (--set KEY=VALUE), in "
                      "the order applied");
    }
    dataset_string(g, "scenario", scenario_text);
    dataset_string(g, "parameters", resolved_parameters_yaml(sc));
    dataset_string(g, "balance", levels_yaml(r));
    dataset_string(g, "command_line", info.command_line);
    attr_string(g, "scenario_name", sc.name);
    attr_string(g, "scenario_path", sc.path);
    attr_string(g, "version", info.version);
    attr_string(g, "created", utc_now_iso());
    attr_string(g, "start_month", sc.sim.start.str());
    attr_scalar<std::uint64_t>(g, "seed", H5T_NATIVE_UINT64, r.seed);
    attr_scalar<std::int32_t>(g, "replications", H5T_NATIVE_INT32, static_cast<std::int32_t>(R));
    attr_scalar<std::int32_t>(g, "months", H5T_NATIVE_INT32, static_cast<std::int32_t>(M));
    attr_scalar<std::int32_t>(g, "threads", H5T_NATIVE_INT32, info.threads);
    attr_scalar<double>(g, "target_esa_ib_claimants", H5T_NATIVE_DOUBLE, sc.sim.target_esa_ib);
    attr_string(g, "target_date", sc.sim.target_date.str());
    if (!info.posterior.empty()) {
      attr_string(g, "posterior", info.posterior);
      dataset_nd(g, "posterior_particle", H5T_NATIVE_INT64, {info.posterior_particles.size()},
                 info.posterior_particles, "index",
                 "the particle of the posterior each replication drew its parameters from",
                 {"replication"});
    }
  }
}

}  // namespace detail

void ensure_writable_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::filesystem::path probe = std::filesystem::path(dir) / ".hwsim-write-test";
  std::ofstream test(probe);
  if (ec || !test)
    throw std::runtime_error(fmt::format("cannot write to output folder '{}'{}", dir,
                                         ec ? ": " + ec.message() : std::string()));
  test.close();
  std::filesystem::remove(probe, ec);
}

void write_result_h5(const std::string& path, const Scenario& sc, const RunResult& r,
                     const RunInfo& info) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  H5Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
            ("create " + path).c_str());
  detail::write_format(file, kResultFormat, kResultFormatVersion);
  detail::write_run(file, sc, r);
  detail::write_meta(file, "meta", sc, r, info);
  if (info.psa) write_psa_h5(file, *info.psa);
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + path);
}

std::vector<std::string> write_run_outputs(const std::string& dir, const Scenario& sc,
                                           const RunResult& r, const RunInfo& info,
                                           FileSet& files) {
  const std::filesystem::path d(dir);
  Manifest m{"run", &sc, nullptr, r.seed, r.reps.size(), {}};
  auto file = [&](const std::string& name, const std::string& description, auto&& write) {
    files.write((d / name).string(), write);
    m.files.push_back({name, description});
  };
  file("result.h5",
       "the complete record (HDF5): every indicator for every replication and month, stocks and "
       "flows by state, the finance ledger, the scenario text, resolved parameters and "
       "provenance; layout in outputs/README.md",
       [&](const std::string& tmp) { write_result_h5(tmp, sc, r, info); });
  file("summary.csv",
       "one row per indicator and month: mean, 5th, 50th and 95th percentiles across "
       "replications",
       [&](const std::string& tmp) { write_summary_csv(tmp, sc, r); });
  file("target.csv",
       fmt::format("the target ({:.0f} ESA/IB claimants by {}) on the legacy count and on all "
                   "incapacity benefits, the probability it is met, and the change in the legacy "
                   "count since month 0 with its parts",
                   sc.sim.target_esa_ib, sc.sim.target_date.str()),
       [&](const std::string& tmp) { write_target_csv(tmp, sc, r); });
  file("cohorts.csv",
       "cohort statistics of new ESA and UC health claims by quarter and year of claim: share "
       "still claiming at 13-104 weeks, in work 12-18 months after, leavers' destinations",
       [&](const std::string& tmp) { write_cohorts_csv(tmp, sc, r); });
  if (!sc.interventions.empty())
    file("interventions.csv",
         "each intervention's referrals, starts, waiting list, job outcomes and spend by month",
         [&](const std::string& tmp) { write_interventions_csv(tmp, sc, r); });
  if (info.psa) {
    file("psa.csv",
         "probabilistic sensitivity analysis: the probability the target is met, with the "
         "evidence's uncertainty drawn in every replication",
         [&](const std::string& tmp) { write_psa_csv(tmp, *info.psa); });
    file("psa-replications.csv",
         "one row per replication: whether the target was met and the value each uncertain "
         "quantity drew",
         [&](const std::string& tmp) { write_psa_replications_csv(tmp, *info.psa); });
  }
  write_manifest(dir, m, info, &files);
  std::vector<std::string> names;
  for (const auto& f : m.files) names.push_back(f.name);
  names.push_back("manifest.json");
  return names;
}

void write_interventions_csv(const std::string& path, const Scenario& sc, const RunResult& r) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "intervention,measure,unit,month,mean,p05,p50,p95,replications\n";
  for (std::size_t k = 0; k < sc.interventions.list.size(); ++k) {
    const Intervention& iv = sc.interventions.list[k];
    for (const auto& pm : intervention_measures())
      for (int m = 0; m < sc.sim.months; ++m) {
        std::vector<double> v;
        for (const auto& rep : r.reps)
          v.push_back(
              pm.value(rep.months[static_cast<std::size_t>(m)], k, iv, sc.sim.start.plus(m)));
        const Band b = band_of(v);
        out << fmt::format("{},{},\"{}\",{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", iv.name, pm.name,
                           pm.unit, sc.sim.start.plus(m).str(), b.mean, b.p05, b.p50, b.p95,
                           r.reps.size());
      }
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_target_csv(const std::string& path, const Scenario& sc, const RunResult& r) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  const int tm = target_month(sc.sim);
  const std::string month = sc.sim.start.plus(tm).str();
  out << "measure,month,mean,p05,p50,p95,target,probability_target_met,replications\n";
  for (const auto& m : target_measures()) {
    const Band b = band_of(across_replications(r, m.indicator, tm));
    out << fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.6g},{},{:.4g},{}\n", m.indicator, month,
                       b.mean, b.p05, b.p50, b.p95, sc.sim.target_esa_ib,
                       band_of(target_met(r, sc.sim, m.indicator)).mean, r.reps.size());
  }
  // The change in the legacy count since month 0 and its parts (no target).
  const LegacyChange c = legacy_change(r, tm);
  const std::pair<const char*, const std::vector<double>*> parts[]{
      {"legacy_change", &c.total},
      {"legacy_change_uc_diversion", &c.diversion},
      {"legacy_change_natural_migration", &c.natural_migration},
      {"legacy_change_managed_migration", &c.managed_migration},
      {"legacy_change_rest", &c.rest}};
  for (const auto& [name, v] : parts) {
    const Band b = band_of(*v);
    out << fmt::format("{},{} to {},{:.6g},{:.6g},{:.6g},{:.6g},,,{}\n", name, sc.sim.start.str(),
                       month, b.mean, b.p05, b.p50, b.p95, r.reps.size());
  }
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_cohorts_csv(const std::string& path, const Scenario& sc, const RunResult& r) {
  const Cohorts c = cohorts_of(r, sc.sim.start, sc.sim.months);
  write_cohorts_csv(path, {{sc.name, &c}});
}

void write_summary_csv(const std::string& path, const Scenario& sc, const RunResult& r) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "indicator,unit,month,mean,p05,p50,p95,replications\n";
  for (const auto& ind : indicators()) {
    for (int m = 0; m < sc.sim.months; ++m) {
      const Band b = band_of(across_replications(r, ind.name, m));
      out << fmt::format(
          "{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", ind.name,
          ind.unit.find(' ') == std::string::npos ? ind.unit : "\"" + ind.unit + "\"",
          sc.sim.start.plus(m).str(), b.mean, b.p05, b.p50, b.p95, r.reps.size());
    }
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

}  // namespace hwsim
