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

// One replication's start-up balance, as YAML (meta/balance).
std::string levels_yaml(std::size_t k, const Balance& b) {
  std::string out = fmt::format("replication_{}:\n", k);
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
  return out;
}

// The datasets of states/: (name, what it counts, benefit or labour, description); the values
// of one month as a row.
struct StateSeries {
  const char* name;
  bool benefit;  // by benefit state (else by labour state)
  const char* description;
  std::function<void(const MonthRecord&, std::vector<std::int64_t>&)> append;
};
const std::vector<StateSeries>& state_series() {
  static const std::vector<StateSeries> v = [] {
    std::vector<StateSeries> out;
    auto add = [&](const char* name, bool benefit, const char* desc, auto&& field) {
      out.push_back(
          {name, benefit, desc, [field](const MonthRecord& x, std::vector<std::int64_t>& row) {
             const auto& a = field(x);
             row.insert(row.end(), a.begin(), a.end());
           }});
    };
    add(
        "benefit_stock", true, "people in each benefit state at the end of the month",
        [](const MonthRecord& x) -> const auto& { return x.stocks.benefit; });
    add(
        "benefit_in", true, "moves into each benefit state by the monthly processes",
        [](const MonthRecord& x) -> const auto& { return x.tally.benefit_in; });
    add(
        "benefit_out", true, "moves out of each benefit state by the monthly processes",
        [](const MonthRecord& x) -> const auto& { return x.tally.benefit_out; });
    add(
        "benefit_demographic_in", true, "entrants (16-year-olds, in-migrants) by benefit state",
        [](const MonthRecord& x) -> const auto& { return x.tally.benefit_dem_in; });
    add(
        "benefit_demographic_out", true,
        "exits (deaths, out-migrants, turning 65) by benefit state",
        [](const MonthRecord& x) -> const auto& { return x.tally.benefit_dem_out; });
    add(
        "labour_stock", false, "people in each labour state at the end of the month",
        [](const MonthRecord& x) -> const auto& { return x.stocks.labour; });
    add(
        "labour_in", false, "moves into each labour state by the monthly processes",
        [](const MonthRecord& x) -> const auto& { return x.tally.labour_in; });
    add(
        "labour_out", false, "moves out of each labour state by the monthly processes",
        [](const MonthRecord& x) -> const auto& { return x.tally.labour_out; });
    add(
        "labour_demographic_in", false, "entrants by labour state",
        [](const MonthRecord& x) -> const auto& { return x.tally.labour_dem_in; });
    add(
        "labour_demographic_out", false, "exits by labour state",
        [](const MonthRecord& x) -> const auto& { return x.tally.labour_dem_out; });
    return out;
  }();
  return v;
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

RunRecorder::RunRecorder(hid_t group, const Scenario& sc, std::size_t replications)
    : group_(group), sc_(sc), replications_(replications) {
  const hsize_t R = replications, M = static_cast<hsize_t>(sc.sim.months);
  cohorts_.periods = cohort_periods(sc.sim.start, sc.sim.months);
  {
    H5Id g(H5Gcreate2(group, "indicators", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create indicators");
    write_run_scales(g, sc, R);
    for (const auto& ind : indicators())
      h5::dataset_rows(g, ind.name, H5T_NATIVE_DOUBLE, {R, M}, ind.unit, ind.description,
                       {"replication", "month"});
  }
  {
    // Stocks and flows by state, for the stock-flow identity
    // stock[m] = stock[m-1] + in[m] - out[m] + demographic_in[m] - demographic_out[m].
    H5Id g(H5Gcreate2(group, "states", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create states");
    write_run_scales(g, sc, R);
    h5::scale_labels(g, "benefit_state",
                     std::vector<std::string>(kBenefitNames.begin(), kBenefitNames.end()),
                     "benefit states, in the order of the last axis of benefit_*");
    h5::scale_labels(g, "labour_state",
                     std::vector<std::string>(kLabourNames.begin(), kLabourNames.end()),
                     "labour states, in the order of the last axis of labour_*");
    for (const auto& st : state_series()) {
      const hsize_t n = st.benefit ? count_of<Benefit>() : count_of<Labour>();
      h5::dataset_rows(g, st.name, H5T_NATIVE_INT64, {R, M, n}, "persons", st.description,
                       {"replication", "month", st.benefit ? "benefit_state" : "labour_state"});
    }
  }
  if (!sc.interventions.empty()) {
    // One group per intervention: its measures month by month, with its definition.
    H5Id top(H5Gcreate2(group, "interventions", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
             "create interventions");
    for (const Intervention& iv : sc.interventions.list) {
      H5Id g(H5Gcreate2(top, iv.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
             ("create /interventions/" + iv.name).c_str());
      attr_string(g, "label", iv.label);
      attr_string(g, "type", std::string(name_of(iv.type)));
      attr_string(g, "payer", iv.costs.payer);
      attr_string(g, "start", iv.start.str());
      attr_string(g, "end", iv.end.str());
      write_run_scales(g, sc, R);
      for (const auto& pm : intervention_measures())
        h5::dataset_rows(g, pm.name, H5T_NATIVE_DOUBLE, {R, M}, pm.unit, pm.description,
                         {"replication", "month"});
    }
  }
  create_ledger_h5(group, sc, R);
}

void RunRecorder::add(std::uint32_t replication, ReplicationView r) {
  if (replication != added_ || added_ >= replications_ ||
      r.months.size() != static_cast<std::size_t>(sc_.sim.months))
    throw std::logic_error(
        fmt::format("RunRecorder: replication {} out of order or of the wrong "
                    "length (expected {} of {})",
                    replication, added_, replications_));
  const auto M = r.months.size();
  std::vector<double> row(M);
  for (const auto& ind : indicators()) {
    for (std::size_t m = 0; m < M; ++m) row[m] = ind.value(r.months[m]);
    h5::write_row(group_, "indicators/" + ind.name, H5T_NATIVE_DOUBLE, replication, row);
  }
  std::vector<std::int64_t> counts;
  for (const auto& st : state_series()) {
    counts.clear();
    for (const auto& x : r.months) st.append(x, counts);
    h5::write_row(group_, std::string("states/") + st.name, H5T_NATIVE_INT64, replication, counts);
  }
  for (std::size_t k = 0; k < sc_.interventions.list.size(); ++k) {
    const Intervention& iv = sc_.interventions.list[k];
    for (const auto& pm : intervention_measures()) {
      for (std::size_t m = 0; m < M; ++m)
        row[m] = pm.value(r.months[m], k, iv, sc_.sim.start.plus(static_cast<int>(m)));
      h5::write_row(group_, "interventions/" + iv.name + "/" + pm.name, H5T_NATIVE_DOUBLE,
                    replication, row);
    }
  }
  write_ledger_row(group_, replication, r);
  cohorts_.reps.push_back(cohort_counts(r.months, cohorts_.periods));
  balance_ += levels_yaml(replication, r.balance);
  ++added_;
}

void RunRecorder::finish() {
  if (added_ != replications_)
    throw std::logic_error(
        fmt::format("RunRecorder: {} of {} replications added", added_, replications_));
  write_cohorts_h5(group_, cohorts_);
  finished_ = true;
}

void RunRecorder::check_finished() const {
  if (!finished_) throw std::logic_error("RunRecorder: read before the last replication");
}

int RunRecorder::months() const { return sc_.sim.months; }

std::vector<double> RunRecorder::indicator(const std::string& name) const {
  check_finished();
  return h5::read_doubles(group_, "indicators/" + hwsim::indicator(name).name);
}

std::vector<double> RunRecorder::measure(std::size_t, const Intervention& iv,
                                         const std::string& measure) const {
  check_finished();
  return h5::read_doubles(group_,
                          "interventions/" + iv.name + "/" + intervention_measure(measure).name);
}

void write_run(hid_t file, const Scenario& sc, const RunResult& r) {
  RunRecorder record(file, sc, r.reps.size());
  for (std::size_t k = 0; k < r.reps.size(); ++k)
    record.add(static_cast<std::uint32_t>(k), r.reps[k]);
  record.finish();
}

std::string balance_yaml(const RunResult& r) {
  std::string out;
  for (std::size_t k = 0; k < r.reps.size(); ++k) out += levels_yaml(k, r.reps[k].balance);
  return out;
}

void write_meta(hid_t file, const std::string& name, const Scenario& sc, const std::string& balance,
                std::size_t replications, std::uint64_t seed, const RunInfo& info) {
  const hsize_t R = replications, M = static_cast<hsize_t>(sc.sim.months);
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
    dataset_string(g, "balance", balance);
    dataset_string(g, "command_line", info.command_line);
    attr_string(g, "scenario_name", sc.name);
    attr_string(g, "scenario_path", sc.path);
    attr_string(g, "version", info.version);
    attr_string(g, "created", utc_now_iso());
    attr_string(g, "start_month", sc.sim.start.str());
    attr_scalar<std::uint64_t>(g, "seed", H5T_NATIVE_UINT64, seed);
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

// result.h5 while it is written: the file, and the record of the run in it.
struct RunOutputs::Open {
  std::optional<H5Id> file;
  std::optional<detail::RunRecorder> record;
  ~Open() {
    record.reset();  // before the file it writes in
  }
};

RunOutputs::RunOutputs(const std::string& dir, const Scenario& sc, std::size_t replications,
                       FileSet& files)
    : dir_(dir),
      h5_((std::filesystem::path(dir) / "result.h5").string()),
      sc_(sc),
      files_(files),
      open_(std::make_unique<Open>()) {
  files_.write(h5_, [&](const std::string& tmp) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    open_->file.emplace(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                        "create " + tmp);
    detail::write_format(*open_->file, kResultFormat, kResultFormatVersion);
    open_->record.emplace(*open_->file, sc, replications);
  });
}

RunOutputs::~RunOutputs() = default;

void RunOutputs::add(std::uint32_t replication, ReplicationView r) {
  files_.more(h5_, [&](const std::string&) { open_->record->add(replication, r); });
}

const RunValues& RunOutputs::values() {
  if (!finished_) {
    files_.more(h5_, [&](const std::string& tmp) {
      open_->record->finish();
      check(H5Fflush(*open_->file, H5F_SCOPE_GLOBAL), "flush " + tmp);
    });
    finished_ = true;
  }
  return *open_->record;
}

std::vector<std::string> RunOutputs::finish(std::uint64_t seed, const RunInfo& info) {
  const RunValues& v = values();
  const Scenario& sc = sc_;
  Manifest m{"run", &sc, nullptr, seed, v.replications(), {}};
  m.files.push_back(
      {"result.h5",
       "the complete record (HDF5): every indicator for every replication and month, stocks and "
       "flows by state, the finance ledger, the scenario text, resolved parameters and "
       "provenance; layout in outputs/README.md"});
  const std::filesystem::path d(dir_);
  auto file = [&](const std::string& name, const std::string& description, auto&& write) {
    files_.write((d / name).string(), write);
    m.files.push_back({name, description});
  };
  file("summary.csv",
       "one row per indicator and month: mean, 5th, 50th and 95th percentiles across "
       "replications",
       [&](const std::string& tmp) { write_summary_csv(tmp, sc, v); });
  file("target.csv",
       fmt::format("the target ({:.0f} ESA/IB claimants by {}) on the legacy count and on all "
                   "incapacity benefits, the probability it is met, and the change in the legacy "
                   "count since month 0 with its parts",
                   sc.sim.target_esa_ib, sc.sim.target_date.str()),
       [&](const std::string& tmp) { write_target_csv(tmp, sc, v); });
  file("cohorts.csv",
       "cohort statistics of new ESA and UC health claims by quarter and year of claim: share "
       "still claiming at 13-104 weeks, in work 12-18 months after, leavers' destinations",
       [&](const std::string& tmp) {
         write_cohorts_csv(tmp, {{sc.name, &open_->record->cohorts()}});
       });
  if (!sc.interventions.empty())
    file("interventions.csv",
         "each intervention's referrals, starts, waiting list, job outcomes and spend by month",
         [&](const std::string& tmp) { write_interventions_csv(tmp, sc, v); });
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
  // Last into result.h5: the provenance, and what a probabilistic sensitivity analysis drew.
  files_.more(h5_, [&](const std::string& tmp) {
    detail::write_meta(*open_->file, "meta", sc, open_->record->balance(), v.replications(), seed,
                       info);
    if (info.psa) write_psa_h5(*open_->file, *info.psa);
    check(H5Fflush(*open_->file, H5F_SCOPE_GLOBAL), "flush " + tmp);
    open_.reset();
  });
  write_manifest(dir_, m, info, &files_);
  std::vector<std::string> names;
  for (const auto& f : m.files) names.push_back(f.name);
  names.push_back("manifest.json");
  return names;
}

std::vector<std::string> write_run_outputs(const std::string& dir, const Scenario& sc,
                                           const RunResult& r, const RunInfo& info,
                                           FileSet& files) {
  RunOutputs out(dir, sc, r.reps.size(), files);
  for (std::size_t k = 0; k < r.reps.size(); ++k) out.add(static_cast<std::uint32_t>(k), r.reps[k]);
  return out.finish(r.seed, info);
}

void write_interventions_csv(const std::string& path, const Scenario& sc, const RunValues& r) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "intervention,measure,unit,month,mean,p05,p50,p95,replications\n";
  for (std::size_t k = 0; k < sc.interventions.list.size(); ++k) {
    const Intervention& iv = sc.interventions.list[k];
    for (const auto& pm : intervention_measures()) {
      const std::vector<double> all = r.measure(k, iv, pm.name);
      for (int m = 0; m < sc.sim.months; ++m) {
        const Band b = band_of(r.column(all, m));
        out << fmt::format("{},{},\"{}\",{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", iv.name, pm.name,
                           pm.unit, sc.sim.start.plus(m).str(), b.mean, b.p05, b.p50, b.p95,
                           r.replications());
      }
    }
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_target_csv(const std::string& path, const Scenario& sc, const RunValues& r) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  const int tm = target_month(sc.sim);
  const std::string month = sc.sim.start.plus(tm).str();
  out << "measure,month,mean,p05,p50,p95,target,probability_target_met,replications\n";
  for (const auto& m : target_measures()) {
    const Band b = band_of(r.across(m.indicator, tm));
    out << fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.6g},{},{:.4g},{}\n", m.indicator, month,
                       b.mean, b.p05, b.p50, b.p95, sc.sim.target_esa_ib,
                       band_of(target_met(r, sc.sim, m.indicator)).mean, r.replications());
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
                       month, b.mean, b.p05, b.p50, b.p95, r.replications());
  }
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_summary_csv(const std::string& path, const Scenario& sc, const RunValues& r) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "indicator,unit,month,mean,p05,p50,p95,replications\n";
  for (const auto& ind : indicators()) {
    const std::vector<double> all = r.indicator(ind.name);
    for (int m = 0; m < sc.sim.months; ++m) {
      const Band b = band_of(r.column(all, m));
      out << fmt::format(
          "{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", ind.name,
          ind.unit.find(' ') == std::string::npos ? ind.unit : "\"" + ind.unit + "\"",
          sc.sim.start.plus(m).str(), b.mean, b.p05, b.p50, b.p95, r.replications());
    }
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

}  // namespace hwsim
