#include "io/finance_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "io/h5.hpp"
#include "io/result_writer.hpp"
#include "io/run_h5.hpp"
#include "run/stats.hpp"

namespace hwsim {

using h5::attr_scalar;
using h5::attr_string;
using h5::dataset_nd;
using h5::dataset_string;
using h5::dataset_strings;
using h5::H5Id;

namespace {

// Numbers in plain notation (never 1.85839e+06), with `decimals` places; no "-0". NaN: empty.
std::string fixed(double x, int decimals) {
  if (!std::isfinite(x)) return {};
  std::string s = fmt::format("{:.{}f}", x, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
  return s;
}

// As fixed, without trailing zeros: 0.035, 0.5912, 1.
std::string decimal(double x, int max_decimals) {
  std::string s = fixed(x, max_decimals);
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

// One value per replication: the sum of `lines` of each replication's row `of`.
template <typename Of>
std::vector<double> per_replication(const FinanceResult& f, const std::vector<std::size_t>& lines,
                                    Of of) {
  std::vector<double> v;
  for (const auto& a : f.reps) {
    double x = 0;
    for (const std::size_t l : lines) x += of(a)[l];
    v.push_back(x);
  }
  return v;
}

}  // namespace

void create_ledger_h5(hid_t file, const Scenario& sc, hsize_t replications) {
  H5Id g(H5Gcreate2(file, "finance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
         "create /finance");
  const hsize_t R = replications, M = static_cast<hsize_t>(sc.sim.months);
  std::vector<std::string> lines, partners;
  for (std::size_t l = 0; l < kLines; ++l) {
    lines.push_back(line_key(l));
    partners.push_back(std::string(kPartnerNames[idx(kLineInfo[l].partner)]));
  }
  detail::write_run_scales(g, sc, R);
  h5::scale_labels(g, "line", lines, "ledger lines, partner.line (the same as lines)");
  dataset_strings(g, "lines", lines, "ledger lines, partner.line", {"line"});
  dataset_strings(g, "line_partner", partners, "the partner each ledger line belongs to", {"line"});
  std::vector<std::uint8_t> receipt;
  for (const auto& info : kLineInfo) receipt.push_back(info.receipt ? 1 : 0);
  dataset_nd(g, "line_is_receipt", H5T_NATIVE_UINT8, {kLines}, receipt, "1 or 0",
             "1 for money in (tax and National Insurance), 0 for spending", {"line"});
  h5::dataset_rows(g, "ledger", H5T_NATIVE_DOUBLE, {R, M, kLines},
                   "GBP per month at " + financial_year_str(sc.finance.price_base_year) + " prices",
                   "each partner's money month by month, posted from the agents' states (month 0 "
                   "has no service use, starts or caseloads)",
                   {"replication", "month", "line"});
  attr_string(g, "price_base_year", financial_year_str(sc.finance.price_base_year));
  attr_string(g, "unit_costs_file", sc.finance.costs.file);
}

void write_ledger_row(hid_t file, std::uint32_t replication, ReplicationView r) {
  std::vector<double> data;
  data.reserve(r.months.size() * kLines);
  for (const auto& m : r.months)
    data.insert(data.end(), m.accounts.ledger.begin(), m.accounts.ledger.end());
  h5::write_row(file, "finance/ledger", H5T_NATIVE_DOUBLE, replication, data);
}

void write_finance_h5(hid_t file, const Paired& p, const FinanceResult& f) {
  H5Id g(H5Gcreate2(file, "finance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
         "create /finance");
  const hsize_t R = f.reps.size(), M = static_cast<hsize_t>(p.scenario.sim.months);
  attr_string(g, "start", f.start.str());
  attr_scalar(g, "last_month", H5T_NATIVE_INT, f.last_month);
  attr_string(g, "horizon", f.horizon_asked);
  attr_string(g, "horizon_used", f.start.plus(f.last_month).str());
  attr_string(g, "price_base_year", f.price_base_year);
  attr_scalar(g, "discount_rate", H5T_NATIVE_DOUBLE, f.discount_rate);
  attr_string(g, "discount_timing", p.scenario.finance.discount_monthly ? "monthly" : "annual");
  attr_string(
      g, "discount_to",
      p.scenario.finance.discount_to ? p.scenario.finance.discount_to->str() : f.start.str());
  attr_scalar(g, "optimism_bias", H5T_NATIVE_DOUBLE, f.optimism_bias);
  attr_string(g, "unit_costs_file", p.scenario.finance.costs.file);
  {
    std::ifstream in(p.scenario.finance.costs.file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    dataset_string(g, "unit_costs", ss.str());
  }
  std::vector<std::string> positions, lines,
      measures(kFinanceMeasures.begin(), kFinanceMeasures.end());
  for (std::size_t k = 0; k < kPositions; ++k) positions.push_back(position_name(k));
  for (std::size_t l = 0; l < kLines; ++l) lines.push_back(line_key(l));
  detail::write_run_scales(g, p.scenario, R);
  h5::scale_labels(g, "position", positions, "the partners, then total (the same as positions)");
  h5::scale_labels(g, "measure", measures, "the measures of the appraisal (the same as measures)");
  h5::scale_labels(g, "line", lines, "ledger lines, partner.line (the same as lines)");
  h5::scale_labels(g, "partner",
                   std::vector<std::string>(kPartnerNames.begin(), kPartnerNames.end()),
                   "the partners");
  dataset_strings(g, "positions", positions, "the partners, then the total over all of them",
                  {"position"});
  dataset_strings(g, "measures", measures,
                  "cost, saving and npv (GBP, present value), bcr and roi (ratios), "
                  "payback_month (month of the run; NaN: none), npv_after_sharing (GBP)",
                  {"measure"});
  dataset_strings(g, "lines", lines, "ledger lines, partner.line", {"line"});
  const std::string unit = "GBP at " + f.price_base_year + " prices";
  {
    std::vector<double> data;
    for (const auto& a : f.reps)
      for (std::size_t k = 0; k < kPositions; ++k)
        for (std::size_t m = 0; m < kFinanceMeasures.size(); ++m)
          data.push_back(measure_of(a, k, m));
    dataset_nd(g, "appraisal", H5T_NATIVE_DOUBLE, {R, kPositions, kFinanceMeasures.size()}, data,
               unit + " (bcr, roi: ratios; payback_month: months)",
               "the scenario against its paired baseline, discounted to the start of the run; "
               "NaN where a measure does not apply",
               {"replication", "position", "measure"});
  }
  {
    std::vector<double> data;
    for (const auto& a : f.reps) data.insert(data.end(), a.line_pv.begin(), a.line_pv.end());
    dataset_nd(g, "line_pv", H5T_NATIVE_DOUBLE, {R, kLines}, data, unit,
               "present value of scenario minus baseline on each ledger line (positive: more "
               "spending or more receipts)",
               {"replication", "line"});
  }
  {
    std::vector<std::string> years;
    for (std::size_t y = 0; y < f.year_discount.size(); ++y)
      years.push_back(financial_year_str(f.first_year + static_cast<int>(y)));
    const hsize_t Y = years.size();
    h5::scale_labels(g, "financial_year", years,
                     "financial years (April to March) of the appraisal (the same as "
                     "financial_years)");
    dataset_strings(g, "financial_years", years,
                    "the financial years (April to March) of the appraisal, from the one of its "
                    "first month",
                    {"financial_year"});
    dataset_nd(g, "year_discount_factor", H5T_NATIVE_DOUBLE, {Y}, f.year_discount, "1",
               "Green Book discount factor of each financial year (NaN with monthly "
               "discounting)",
               {"financial_year"});
    for (const auto& [name, of, what] :
         {std::tuple{"cash_flow", &Appraisal::year_flow, "undiscounted"},
          std::tuple{"cash_flow_pv", &Appraisal::year_pv, "present value"}}) {
      std::vector<double> data;
      for (const auto& a : f.reps)
        for (const auto& row : a.*of) data.insert(data.end(), row.begin(), row.end());
      dataset_nd(g, name, H5T_NATIVE_DOUBLE, {R, Y, kLines}, data, unit,
                 std::string(what) +
                     ": each line's part in its partner's net saving over the months of each "
                     "financial year in the appraisal (positive: lower spending or higher "
                     "receipts; negative: extra spending, intervention spend with any optimism "
                     "bias); a partner's lines summed over the years give its NPV",
                 {"replication", "financial_year", "line"});
    }
  }
  if (!f.rule_names.empty()) {
    h5::scale_labels(g, "rule", f.rule_names, "gain-sharing rules (the same as rules)");
    dataset_strings(g, "rules", f.rule_names, "gain-sharing rules, in the order applied", {"rule"});
    std::vector<double> data;
    for (const auto& a : f.reps)
      for (const auto& t : a.transfers) data.insert(data.end(), t.begin(), t.end());
    dataset_nd(g, "transfers", H5T_NATIVE_DOUBLE, {R, f.rule_names.size(), kPartners}, data, unit,
               "what each rule moves between partners: received (+) or paid (-); each rule's "
               "row sums to zero",
               {"replication", "rule", "partner"});
  }
  for (const auto& [name, run] :
       {std::pair<const char*, const RunResult*>{"baseline_ledger", &p.base},
        {"scenario_ledger", &p.scen}}) {
    std::vector<double> data(R * M * kLines);
    for (hsize_t k = 0; k < R; ++k)
      for (hsize_t m = 0; m < M; ++m)
        for (std::size_t l = 0; l < kLines; ++l)
          data[(k * M + m) * kLines + l] = run->reps[k].months[m].accounts.ledger[l];
    dataset_nd(g, name, H5T_NATIVE_DOUBLE, {R, M, kLines}, data, unit + " a month",
               "each partner's ledger month by month, both runs costed with the scenario's unit "
               "costs",
               {"replication", "month", "line"});
  }
}

void write_finance_csv(const std::string& path, const FinanceResult& f) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "partner,measure,unit,mean,p05,p50,p95,replications,price_base_year,discount_rate,"
         "horizon\n";
  const std::string tail =
      fmt::format(",{},{},{}\n", f.price_base_year, decimal(f.discount_rate, 6),
                  f.start.plus(f.last_month).str());
  const std::size_t R = f.reps.size();
  auto row = [&](std::size_t k, const std::string& measure, const std::string& unit,
                 const std::vector<double>& v, int decimals) {
    const Summary s = summarise(v);
    auto cell = [&](double x) { return decimals > 0 ? decimal(x, decimals) : fixed(x, 0); };
    out << fmt::format("{},{},{},{},{},{},{},{}", position_name(k), measure, unit,
                       cell(s.band.mean), cell(s.band.p05), cell(s.band.p50), cell(s.band.p95), s.n)
        << tail;
  };
  // Every position has the same rows: zeros where a partner has no such line or transfer,
  // empty cells where a measure does not apply (no cost: no BCR, ROI or payback).
  for (std::size_t k = 0; k < kPositions; ++k) {
    row(k, "cost", "GBP", measure_values(f, k, 0), 0);
    row(k, "saving", "GBP", measure_values(f, k, 1), 0);
    row(k, "npv", "GBP", measure_values(f, k, 2), 0);
    row(k, "bcr", "ratio", measure_values(f, k, 3), 4);
    row(k, "roi", "ratio", measure_values(f, k, 4), 4);
    // Payback: a month (YYYY-MM) or none, the median and band only where more than half the
    // replications pay back; the share that do in a row of its own.
    const PaybackSummary pay = payback_of(f, k);
    auto month = [&](const std::optional<YearMonth>& m) { return m ? m->str() : "none"; };
    const std::size_t n = pay.applies ? R : 0;
    if (pay.month)
      out << fmt::format("{},payback_month,YYYY-MM,,{},{},{},{}", position_name(k),
                         month(pay.early), month(pay.month), month(pay.late), n);
    else
      out << fmt::format("{},payback_month,YYYY-MM,,,{},,{}", position_name(k),
                         pay.applies ? "none" : "", n);
    out << tail;
    out << fmt::format("{},paid_back_share,share,{},,,,{}", position_name(k),
                       pay.applies
                           ? decimal(static_cast<double>(pay.paid) / static_cast<double>(R), 4)
                           : "",
                       n)
        << tail;
    row(k, "npv_after_sharing", "GBP", measure_values(f, k, 6), 0);
    for (std::size_t r = 0; r < f.rule_names.size(); ++r) {
      std::vector<double> t;
      for (const auto& a : f.reps) {
        double x = 0;  // the total: what the rule moves sums to zero
        for (std::size_t p = 0; p < kPartners; ++p)
          if (k == kPartners || p == k) x += a.transfers[r][p];
        t.push_back(x);
      }
      row(k, "transfer." + f.rule_names[r], "GBP", t, 0);
    }
    for (const std::string_view name : ledger_line_names())
      row(k, "change." + std::string(name), "GBP",
          per_replication(f, lines_of(k, name), [](const Appraisal& a) { return a.line_pv; }), 0);
  }
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_cashflow_csv(const std::string& path, const FinanceResult& f) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "partner,line,financial_year,appraisal_year,first_month,last_month,discount_factor,"
         "flow_mean,flow_p05,flow_p95,present_value_mean,present_value_p05,present_value_p95,"
         "replications,price_base_year,discount_rate\n";
  const int year0 = financial_year_of(f.discount_to.plus(1));
  for (std::size_t k = 0; k < kPositions; ++k) {
    // The partner's own lines (the total: every line name), then all of them together.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> rows;
    std::vector<std::size_t> all;
    for (const std::string_view name : ledger_line_names()) {
      const auto lines = lines_of(k, name);
      if (lines.empty()) continue;
      rows.emplace_back(std::string(name), lines);
      all.insert(all.end(), lines.begin(), lines.end());
    }
    rows.emplace_back("total", all);
    for (const auto& [name, lines] : rows)
      for (std::size_t y = 0; y < f.year_discount.size(); ++y) {
        const int fy = f.first_year + static_cast<int>(y);
        const Band flow = band_of(per_replication(
            f, lines, [y](const Appraisal& a) -> const Ledger& { return a.year_flow.at(y); }));
        const Band pv = band_of(per_replication(
            f, lines, [y](const Appraisal& a) -> const Ledger& { return a.year_pv.at(y); }));
        out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", position_name(k),
                           name, financial_year_str(fy), fy - year0, year_first_month(f, y).str(),
                           year_last_month(f, y).str(), fixed(f.year_discount[y], 6),
                           fixed(flow.mean, 2), fixed(flow.p05, 2), fixed(flow.p95, 2),
                           fixed(pv.mean, 2), fixed(pv.p05, 2), fixed(pv.p95, 2), f.reps.size(),
                           f.price_base_year, decimal(f.discount_rate, 6));
      }
  }
  if (!out) throw std::runtime_error("error while writing " + path);
}

FinanceResult read_finance(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0)
    throw std::runtime_error(fmt::format(
        "cannot open '{}' as HDF5 (missing, truncated or not a result of hwsim compare)", path));
  H5Id closer(file, H5Fclose, "open file");
  if (H5Lexists(file, "/finance/appraisal", H5P_DEFAULT) <= 0)
    throw std::runtime_error(
        fmt::format("'{}' has no /finance/appraisal: it is not the result of hwsim compare", path));
  FinanceResult f;
  try {
    H5Id g(H5Gopen2(file, "/finance", H5P_DEFAULT), H5Gclose, "open /finance");
    const auto start = YearMonth::parse(h5::read_attr_string(g, "start"));
    const auto used = YearMonth::parse(h5::read_attr_string(g, "horizon_used"));
    if (!start || !used) throw std::runtime_error("bad start or horizon_used attribute");
    f.start = *start;
    const auto to = YearMonth::parse(h5::read_attr_string(g, "discount_to"));
    f.discount_to = to ? *to : *start;
    f.last_month = months_between(*start, *used);
    f.horizon_asked = h5::read_attr_string(g, "horizon");
    f.price_base_year = h5::read_attr_string(g, "price_base_year");
    {
      H5Id a(H5Aopen(g, "discount_rate", H5P_DEFAULT), H5Aclose, "open discount_rate");
      h5::check(H5Aread(a, H5T_NATIVE_DOUBLE, &f.discount_rate), "read discount_rate");
      H5Id b(H5Aopen(g, "optimism_bias", H5P_DEFAULT), H5Aclose, "open optimism_bias");
      h5::check(H5Aread(b, H5T_NATIVE_DOUBLE, &f.optimism_bias), "read optimism_bias");
    }
    std::vector<hsize_t> dims;
    const auto ap = h5::read_doubles(file, "/finance/appraisal", &dims);
    if (dims.size() != 3 || dims[1] != kPositions || dims[2] != kFinanceMeasures.size())
      throw std::runtime_error("/finance/appraisal has an unexpected shape");
    const auto R = dims[0];
    std::vector<double> lp = h5::read_doubles(file, "/finance/line_pv", &dims);
    if (dims.size() != 2 || dims[0] != R || dims[1] != kLines)
      throw std::runtime_error("/finance/line_pv has an unexpected shape");
    f.discount_monthly = h5::read_attr_string(g, "discount_timing") == "monthly";
    std::vector<double> flow, flow_pv;
    std::size_t Y = 0;
    if (H5Lexists(file, "/finance/financial_years", H5P_DEFAULT) > 0) {
      const auto years = h5::read_strings(file, "/finance/financial_years");
      Y = years.size();
      if (Y > 0) {
        const auto fy = parse_financial_year(years[0]);
        if (!fy) throw std::runtime_error("bad /finance/financial_years");
        f.first_year = *fy;
      }
      f.year_discount = h5::read_doubles(file, "/finance/year_discount_factor", &dims);
      if (f.year_discount.size() != Y)
        throw std::runtime_error("/finance/year_discount_factor has an unexpected shape");
      flow = h5::read_doubles(file, "/finance/cash_flow", &dims);
      if (dims.size() != 3 || dims[0] != R || dims[1] != Y || dims[2] != kLines)
        throw std::runtime_error("/finance/cash_flow has an unexpected shape");
      flow_pv = h5::read_doubles(file, "/finance/cash_flow_pv", &dims);
      if (dims.size() != 3 || dims[0] != R || dims[1] != Y || dims[2] != kLines)
        throw std::runtime_error("/finance/cash_flow_pv has an unexpected shape");
    }
    std::vector<double> tr;
    if (H5Lexists(file, "/finance/rules", H5P_DEFAULT) > 0) {
      f.rule_names = h5::read_strings(file, "/finance/rules");
      tr = h5::read_doubles(file, "/finance/transfers", &dims);
      if (dims.size() != 3 || dims[0] != R || dims[1] != f.rule_names.size() ||
          dims[2] != kPartners)
        throw std::runtime_error("/finance/transfers has an unexpected shape");
    }
    const std::size_t NM = kFinanceMeasures.size();
    for (hsize_t k = 0; k < R; ++k) {
      Appraisal a;
      for (std::size_t p = 0; p < kPositions; ++p) {
        const double* x = &ap[(k * kPositions + p) * NM];
        a.before[p] = {x[0], x[1], x[2], x[3], x[4], x[5]};
        a.npv_after[p] = x[6];
      }
      for (std::size_t l = 0; l < kLines; ++l) a.line_pv[l] = lp[k * kLines + l];
      a.year_flow.assign(Y, Ledger{});
      a.year_pv.assign(Y, Ledger{});
      for (std::size_t y = 0; y < Y; ++y)
        for (std::size_t l = 0; l < kLines; ++l) {
          a.year_flow[y][l] = flow[(k * Y + y) * kLines + l];
          a.year_pv[y][l] = flow_pv[(k * Y + y) * kLines + l];
        }
      for (std::size_t r = 0; r < f.rule_names.size(); ++r) {
        std::array<double, kPartners> t{};
        for (std::size_t p = 0; p < kPartners; ++p)
          t[p] = tr[(k * f.rule_names.size() + r) * kPartners + p];
        a.transfers.push_back(t);
      }
      f.reps.push_back(std::move(a));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("'{}': {}", path, e.what()));
  }
  return f;
}

}  // namespace hwsim
