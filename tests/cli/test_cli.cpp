// End-to-end tests of the hwsim command: what a run writes, and what bad input does.
#include <hdf5.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "command.hpp"
#include "finance/finance.hpp"
#include "finance_files.hpp"
#include "h5_layout.hpp"
#include "helpers.hpp"
#include "io/graphviz.hpp"
#include "io/h5.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::shell;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

bool empty_or_missing(const std::string& dir) { return !fs::exists(dir) || fs::is_empty(dir); }

std::vector<double> read_doubles(hid_t file, const std::string& name, std::vector<hsize_t>& dims) {
  return hwsim::h5::read_doubles(file, name, &dims);
}

bool has_attr(hid_t file, const std::string& obj, const std::string& attr) {
  return H5Aexists_by_name(file, obj.c_str(), attr.c_str(), H5P_DEFAULT) > 0;
}

}  // namespace

TEST_CASE("hwsim --help and --version", "[cli]") {
  const auto help = hwsim_cmd("--help");
  CHECK(help.code == 0);
  CHECK_THAT(help.output, Catch::Contains("run") && Catch::Contains("validate"));
  const auto v = hwsim_cmd("--version");
  CHECK(v.code == 0);
  CHECK_THAT(v.output, Catch::Contains(std::string("hwsim ") + HWSIM_VERSION));
  CHECK(hwsim_cmd("").code != 0);  // a subcommand is required
}

TEST_CASE("hwsim run writes result.h5 and summary.csv with the documented layout",
          "[cli][e2e][slow]") {
  TempDir d;
  const std::string out = d.file("out");
  const auto r = hwsim_cmd("run " + hwsim::test::baseline_path() + " --out " + out +
                           " --replications 2 --seed 7");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("ESA/IB claimants") && Catch::Contains("2014-11") &&
                           Catch::Contains("2019-03") && Catch::Contains("10,130"));
  REQUIRE(fs::exists(out + "/result.h5"));
  REQUIRE(fs::exists(out + "/summary.csv"));
  REQUIRE(fs::exists(out + "/manifest.json"));
  for (const auto& e : fs::directory_iterator(out)) CHECK(e.path().extension() != ".partial");
  CHECK_THAT(r.output, Catch::Contains(
                           "wrote result.h5, summary.csv, target.csv, cohorts.csv, manifest.json"));
  {
    // Every dataset's dimensions attached to scales that netCDF-4 readers see.
    const auto layout = hwsim::test::h5_layout(out + "/result.h5");
    INFO((layout.problems.empty() ? "" : layout.problems.front()));
    CHECK(layout.problems.empty());
    std::ifstream m(out + "/manifest.json");
    std::stringstream ms;
    ms << m.rdbuf();
    CHECK_THAT(ms.str(), Catch::Contains("\"seed\": 7,") &&
                             Catch::Contains("\"name\": \"summary.csv\"") &&
                             Catch::Contains("\"path\": \"" + hwsim::test::baseline_path()));
  }

  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t f = H5Fopen((out + "/result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const std::vector<std::string> required{"working_age_population",
                                          "employed",
                                          "unemployed",
                                          "inactive",
                                          "employment_rate",
                                          "jsa",
                                          "esa_assessment",
                                          "esa_wrag",
                                          "esa_support",
                                          "ib",
                                          "esa_ib_claimants",
                                          "esa_ib_mental_health",
                                          "esa_ib_over_12_months",
                                          "esa_ib_onflow",
                                          "esa_ib_offflow",
                                          "ltc_employment_rate",
                                          "ltc_employment_gap"};
  for (const auto& name : required) {
    INFO(name);
    std::vector<hsize_t> dims;
    const auto v = read_doubles(f, "/indicators/" + name, dims);
    REQUIRE(dims == std::vector<hsize_t>{2, 113});
    CHECK(has_attr(f, "/indicators/" + name, "unit"));
    CHECK(has_attr(f, "/indicators/" + name, "description"));
  }
  std::vector<hsize_t> dims;
  const auto esa = read_doubles(f, "/indicators/esa_ib_claimants", dims);
  CHECK(esa[0] == Approx(12820).epsilon(0.03));
  CHECK(H5Lexists(f, "/indicators/month", H5P_DEFAULT) > 0);
  for (const char* m :
       {"/meta/scenario", "/meta/parameters", "/meta/command_line", "/meta/balance"})
    CHECK(H5Lexists(f, m, H5P_DEFAULT) > 0);
  for (const char* a : {"seed", "replications", "version", "created"})
    CHECK(has_attr(f, "/meta", a));
  // Cohorts: where every claim of a period reached a checkpoint, its statuses there add up to
  // its new claims (each claim counted once, whatever became of it).
  std::vector<hsize_t> cd, sd, rd;
  const auto claims = read_doubles(f, "/cohorts/new_claims", cd);
  const auto status = read_doubles(f, "/cohorts/status_at_checkpoint", sd);
  const auto reached = read_doubles(f, "/cohorts/checkpoint_reached", rd);
  REQUIRE(sd.size() == 5);
  REQUIRE(cd == std::vector<hsize_t>{sd[0], sd[1], sd[2], 2});
  const hsize_t P = sd[2], C = sd[3], S = sd[4];
  REQUIRE(P > 40);  // 2015Q1 to 2024Q1 and whole years
  int checked = 0;
  for (hsize_t rk = 0; rk < sd[0] * sd[1]; ++rk)
    for (hsize_t p = 0; p < P; ++p)
      for (hsize_t c = 0; c < C; ++c) {
        if (reached[p * C + c] == 0) continue;
        double sum = 0;
        for (hsize_t s = 0; s < S; ++s) sum += status[((rk * P + p) * C + c) * S + s];
        CHECK(sum == claims[(rk * P + p) * 2] + claims[(rk * P + p) * 2 + 1]);
        ++checked;
      }
  CHECK(checked > 300);
  H5Fclose(f);

  std::ifstream csv(out + "/summary.csv");
  std::string header;
  std::getline(csv, header);
  CHECK(header == "indicator,unit,month,mean,p05,p50,p95,replications");
  std::ifstream cohorts(out + "/cohorts.csv");
  std::getline(cohorts, header);
  CHECK(header == "scenario,claim_type,period,measure,unit,mean,p05,p50,p95,replications");
  std::string line;
  bool esa_2015 = false;
  while (std::getline(cohorts, line))
    esa_2015 |= line.rfind("baseline,esa,2015,still_claiming_104w,share,", 0) == 0;
  CHECK(esa_2015);
}

TEST_CASE("the command gives the same result file contents for 1 and 2 threads",
          "[cli][determinism][slow]") {
  TempDir d;
  TempDir scen;
  const auto s = scen.write("short.yaml", hwsim::test::override_yaml("simulation: {months: 13}\n"));
  REQUIRE(hwsim_cmd("run " + s + " --out " + d.file("t1") + " -r 2 -t 1 -q").code == 0);
  REQUIRE(hwsim_cmd("run " + s + " --out " + d.file("t2") + " -r 2 -t 2 -q").code == 0);
  hid_t a = H5Fopen((d.file("t1") + "/result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t b = H5Fopen((d.file("t2") + "/result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  for (const char* name :
       {"esa_ib_claimants", "employed", "esa_ib_onflow", "jsa", "ltc_employment_gap"}) {
    std::vector<hsize_t> da, db;
    CHECK(read_doubles(a, std::string("/indicators/") + name, da) ==
          read_doubles(b, std::string("/indicators/") + name, db));
  }
  // Every partner's ledger, bit for bit (pay and tax are summed in whole pence).
  std::vector<hsize_t> la, lb;
  const auto ledger_a = read_doubles(a, "/finance/ledger", la);
  CHECK(ledger_a == read_doubles(b, "/finance/ledger", lb));
  CHECK(la == std::vector<hsize_t>{2, 13, hwsim::kLines});
  H5Fclose(a);
  H5Fclose(b);
}

// Registered with the calibration's and the plan's as one CTest test when MPI and mpiexec are
// found (tests/CMakeLists.txt): replications (a sensitivity analysis: its paired comparisons)
// spread over 2 processes, 3 of them so the processes' shares differ, give the files of one.
TEST_CASE("hwsim run, compare, sensitivity and trial under mpirun with 2 processes equal one",
          "[.mpi][slow]") {
  const char* mpiexec = std::getenv("HWSIM_MPIEXEC");
  REQUIRE(mpiexec != nullptr);
  TempDir d;
  const std::string mpi = std::string(mpiexec) + " -np 2 --oversubscribe " + HWSIM_BINARY;
  const std::string tiny = hwsim::test::source_path("tests/calibration/data/tiny.yaml");
  const std::string coach = hwsim::test::source_path("tests/plan/data/coach-tiny.yaml");
  auto text = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  SECTION("run") {
    REQUIRE(hwsim_cmd("run " + tiny + " --out " + d.file("one") + " -r 3 -t 1 -q").code == 0);
    const auto r = shell(mpi + " run " + tiny + " --out " + d.file("two") + " -r 3 -t 1");
    INFO(r.output);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.output, Catch::Contains("replications spread over 2 processes"));
    for (const char* f : {"summary.csv", "target.csv", "cohorts.csv"})
      CHECK(text(d.file("one") + "/" + f) == text(d.file("two") + "/" + f));
    hid_t a = H5Fopen((d.file("one") + "/result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t b = H5Fopen((d.file("two") + "/result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    for (const char* name :
         {"esa_ib_claimants", "employed", "esa_ib_onflow", "ltc_employment_gap"}) {
      std::vector<hsize_t> da, db;
      CHECK(read_doubles(a, std::string("/indicators/") + name, da) ==
            read_doubles(b, std::string("/indicators/") + name, db));
    }
    std::vector<hsize_t> la, lb;
    CHECK(read_doubles(a, "/finance/ledger", la) == read_doubles(b, "/finance/ledger", lb));
    H5Fclose(a);
    H5Fclose(b);
  }
  SECTION("compare") {
    const std::string args = " compare " + tiny + " " + coach + " -r 3 -t 1 -q --out ";
    REQUIRE(hwsim_cmd(args.substr(1) + d.file("one")).code == 0);
    const auto r = shell(mpi + args + d.file("two"));
    INFO(r.output);
    REQUIRE(r.code == 0);
    for (const char* f : {"difference.csv", "target.csv", "finance.csv", "cashflow.csv",
                          "interventions.csv", "report.html"})
      CHECK(text(d.file("one") + "/" + f) == text(d.file("two") + "/" + f));
  }
  SECTION("sensitivity") {
    const std::string args =
        " sensitivity " + tiny + " " + coach + " -r 2 -t 1 -q --only claims. --out ";
    REQUIRE(hwsim_cmd(args.substr(1) + d.file("one")).code == 0);
    const auto r = shell(mpi + args + d.file("two"));
    INFO(r.output);
    REQUIRE(r.code == 0);
    for (const char* f : {"tornado.csv", "tornado.html"})
      CHECK(text(d.file("one") + "/" + f) == text(d.file("two") + "/" + f));
  }
  SECTION("a failure on one process alone is said by it and ends both") {
    // Process 1 alone may write no file larger than 20 kB (Open MPI sets OMPI_COMM_WORLD_RANK):
    // its replications' file cannot be reserved, while process 0's can.
    const std::string only_1 =
        std::string(mpiexec) +
        " -np 2 --oversubscribe sh -c 'if [ \"$OMPI_COMM_WORLD_RANK\" = 1 ]; " +
        "then ulimit -f 20; fi; exec " + HWSIM_BINARY + " sensitivity " + tiny + " " + coach +
        " -r 2 -t 1 -q --only claims. --out " + d.file("fails") + "'";
    const auto r = shell(only_1);
    INFO(r.output);
    CHECK(r.code != 0);
    CHECK_THAT(r.output, Catch::Contains("hwsim: error: process 1: could not keep the "
                                         "replications in a file"));
    CHECK_THAT(r.output, Catch::Contains("File too large"));
    CHECK(empty_or_missing(d.file("fails")));
  }
  SECTION("trial") {
    const std::string args = " trial " +
                             hwsim::test::source_path("tests/run/data/trial-tiny.yaml") +
                             " -r 3 -t 1 -q --out ";
    REQUIRE(hwsim_cmd(args.substr(1) + d.file("one")).code == 0);
    const auto r = shell(mpi + args + d.file("two"));
    INFO(r.output);
    REQUIRE(r.code == 0);
    for (const char* f :
         {"trial.csv", "power.csv", "recruitment.csv", "balance.csv", "borough.csv", "report.html"})
      CHECK(text(d.file("one") + "/" + f) == text(d.file("two") + "/" + f));
  }
}

TEST_CASE("bad input: a clear message with file - line and key - non-zero exit - nothing written",
          "[cli][errors]") {
  TempDir d;
  const std::string out = d.file("out");
  auto expect_error = [&](const std::string& scenario, const std::vector<std::string>& fragments) {
    const auto r = hwsim_cmd("run " + scenario + " --out " + out + " -r 1");
    INFO(r.output);
    CHECK(r.code != 0);
    CHECK_THAT(r.output, Catch::StartsWith("hwsim: error: "));
    for (const auto& f : fragments) CHECK_THAT(r.output, Catch::Contains(f));
    CHECK(empty_or_missing(out));
    CHECK(hwsim_cmd("validate " + scenario).code != 0);
  };
  SECTION("misspelt key") {
    const auto s = d.write(
        "typo.yaml", hwsim::test::override_yaml("parameters:\n  claims:\n    apeal_share: {value: "
                                                "0.3, unit: probability, source: x}\n"));
    expect_error(s, {s + ":4:5", "claims.apeal_share", "did you mean 'appeal_share'"});
  }
  SECTION("negative value") {
    const auto s = d.write(
        "neg.yaml",
        hwsim::test::override_yaml(
            "parameters:\n  population:\n    jsa_count: {value: -5, unit: persons, source: x}\n"));
    expect_error(s, {s + ":4:", "population.jsa_count", "out of range"});
  }
  SECTION("missing file") { expect_error(d.file("absent.yaml"), {"absent.yaml", "cannot open"}); }
  SECTION("extends a missing file") {
    const auto s = d.write("ext.yaml", "extends: gone.yaml\n");
    expect_error(s, {s + ":1:", "extends", "gone.yaml"});
  }
  SECTION("malformed YAML") {
    const auto s = d.write("mal.yaml", "name: [unclosed\n");
    expect_error(s, {s + ":", "malformed YAML"});
  }
}

TEST_CASE(
    "usage errors: exit code 2, one line naming the problem and the help to read, "
    "nothing written",
    "[cli][errors]") {
  TempDir d;
  const std::string out = d.file("out");
  const std::string base = hwsim::test::baseline_path();
  const std::string cfg = hwsim::test::source_path("tests/calibration/data/tiny_calibrate.yaml");
  const std::vector<std::pair<std::string, std::vector<std::string>>> misuses{
      {"", {"a command is required", "see hwsim --help"}},
      {"frobnicate", {"unknown command 'frobnicate'", "run", "see hwsim --help"}},
      {"run " + base + " --out " + out + " --replications 0",
       {"--replications must be at least 1", "see hwsim run --help"}},
      {"run " + base + " --out " + out + " -r -2",
       {"--replications must be at least 1", "see hwsim run --help"}},
      {"run " + base + " --out " + out + " -r many",
       {"--replications must be a whole number", "see hwsim run --help"}},
      {"run " + base + " --out " + out + " --seed -5",
       {"--seed must be at least 0", "see hwsim run --help"}},
      {"run " + base + " --out " + out + " --threads 2.5",
       {"--threads must be a whole number", "see hwsim run --help"}},
      {"compare " + base + " " + base + " --out " + out + " --replications 0",
       {"--replications must be at least 1", "see hwsim compare --help"}},
      {"compare " + base + " " + base + " --out " + out + " --threads -1",
       {"--threads must be at least 1", "see hwsim compare --help"}},
      {"calibrate " + cfg + " --out " + out + " --max-hours -1",
       {"--max-hours must be more than 0", "see hwsim calibrate --help"}},
      {"calibrate " + cfg + " --out " + out + " --seed x",
       {"--seed must be a whole number", "see hwsim calibrate --help"}},
      {"run " + base, {"--out is required", "see hwsim run --help"}},
      {"run " + base + " --out", {"--out needs a value", "see hwsim run --help"}},
      {"compare " + base + " --out " + out, {"scenario is required", "see hwsim compare --help"}},
      {"run " + base + " --out " + out + " --bogus", {"--bogus", "see hwsim run --help"}},
      {"finance", {"dir is required", "see hwsim finance --help"}},
  };
  for (const auto& [args, fragments] : misuses) {
    const auto r = hwsim_cmd(args);
    INFO("hwsim " << args << "\n" << r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::StartsWith("hwsim: ") && Catch::EndsWith("\n"));
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
    for (const auto& f : fragments) CHECK_THAT(r.output, Catch::Contains(f));
    CHECK(empty_or_missing(out));
  }
}

TEST_CASE("an output folder that cannot be written is refused before the run", "[cli][errors]") {
  TempDir d;
  const auto blocker = d.write("file", "not a folder");
  const auto r =
      hwsim_cmd("run " + hwsim::test::baseline_path() + " --out " + blocker + "/out -r 1");
  CHECK(r.code != 0);
  CHECK_THAT(r.output, Catch::Contains("cannot write to output folder"));
}

TEST_CASE("hwsim validate accepts the baseline", "[cli]") {
  const auto r = hwsim_cmd("validate " + hwsim::test::baseline_path());
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("valid scenario 'baseline'"));
}

TEST_CASE("hwsim compare: a scenario compared with itself differs by nothing",
          "[cli][compare][slow]") {
  TempDir d;
  TempDir scen;
  const auto s = scen.write("short.yaml", hwsim::test::override_yaml("simulation: {months: 13}\n"));
  const std::string out = d.file("cmp");
  const auto r = hwsim_cmd("compare " + s + " " + s + " --out " + out + " -r 2");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("difference (scenario - baseline): 0 (5-95%: 0 to 0)"));
  for (const char* f : {"result.h5", "difference.csv", "target.csv", "equality.csv", "cohorts.csv",
                        "manifest.json"})
    CHECK(fs::exists(out + "/" + f));
  std::ifstream csv(out + "/difference.csv");
  std::string line;
  std::getline(csv, line);
  CHECK(line == "indicator,unit,month,mean_difference,p05,p50,p95,replications");
  int rows = 0;
  while (std::getline(csv, line)) {
    ++rows;
    // mean, p05, p50 and p95 of the difference are all zero
    CHECK_THAT(line, Catch::EndsWith(",0,0,0,0,2"));
  }
  CHECK(rows > 100);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t f = H5Fopen((out + "/result.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  for (const char* g :
       {"/baseline/indicators/esa_ib_claimants", "/scenario/indicators/esa_ib_claimants",
        "/difference/esa_ib_claimants", "/equality/difference", "/scenario/meta/parameters"})
    CHECK(H5Lexists(f, g, H5P_DEFAULT) > 0);
  H5Fclose(f);
}

TEST_CASE("hwsim compare writes finance.csv and hwsim finance prints its table",
          "[cli][finance][slow]") {
  TempDir d;
  TempDir scen;
  // The NHS England trial with DWP paying 2,000 per sustained job outcome back to NHS England.
  const auto s = scen.write(
      "trial.yaml", "extends: " + hwsim::test::source_path("scenarios/nhs-england-trial.yaml") +
                        "\nsimulation: {months: 30}\nfinance:\n  gain_sharing:\n    - name: "
                        "jobs\n      rule: per_job_outcome\n      from: dwp\n      to: "
                        "nhs_england\n      amount: {value: 2000, unit: gbp, source: policy "
                        "choice}\n");
  const auto b = scen.write("base.yaml", hwsim::test::override_yaml("simulation: {months: 30}\n"));
  const std::string out = d.file("cmp");
  const auto r = hwsim_cmd("compare " + b + " " + s + " --out " + out + " -r 2 -q");
  INFO(r.output);
  REQUIRE(r.code == 0);
  std::ifstream csv(out + "/finance.csv");
  std::string line;
  std::getline(csv, line);
  CHECK(line ==
        "partner,measure,unit,mean,p05,p50,p95,replications,price_base_year,discount_rate,horizon");
  std::map<std::string, double> mean;
  while (std::getline(csv, line)) {
    std::stringstream ls(line);
    std::vector<std::string> cells;
    std::string c;
    while (std::getline(ls, c, ',')) cells.push_back(c);
    REQUIRE(cells.size() == 11);
    CHECK(cells[8] == "2014/15");
    CHECK(cells[10] == "2017-04");  // the run ends before the horizon
    if (!cells[3].empty()) mean[cells[0] + "/" + cells[1]] = std::stod(cells[3]);
  }
  // NHS England pays for the trial; DWP and HM Treasury save; the rule moves money from DWP to
  // NHS England and the total is unchanged.
  CHECK(mean.at("nhs_england/cost") > 0);
  CHECK(mean.at("dwp/saving") > 0);
  CHECK(mean.at("hm_treasury/saving") > 0);
  CHECK(mean.at("nhs_england/transfer.jobs") > 0);
  CHECK(mean.at("dwp/transfer.jobs") == Approx(-mean.at("nhs_england/transfer.jobs")));
  CHECK(mean.at("total/npv_after_sharing") == Approx(mean.at("total/npv")));
  CHECK(mean.at("nhs_england/npv_after_sharing") ==
        Approx(mean.at("nhs_england/npv") + mean.at("nhs_england/transfer.jobs")));
  // Plain numbers, the same rows for every partner, present values adding up to the NPV.
  hwsim::test::check_finance_files(out);
  // The table from the file.
  const auto f = hwsim_cmd("finance " + out);
  INFO(f.output);
  CHECK(f.code == 0);
  CHECK_THAT(f.output, Catch::Contains("nhs_england") && Catch::Contains("gain sharing 'jobs'") &&
                           Catch::Contains("the run ends before 2024-03"));
  // A truncated result file is refused.
  {
    const auto size = fs::file_size(out + "/result.h5");
    fs::resize_file(out + "/result.h5", size / 2);
  }
  const auto bad = hwsim_cmd("finance " + out);
  CHECK(bad.code != 0);
  CHECK_THAT(bad.output, Catch::Contains("result.h5"));
}

TEST_CASE("hwsim system-map writes the service network as DOT with a legend", "[cli]") {
  const auto r =
      hwsim_cmd("system-map " + hwsim::test::source_path("scenarios/nhs-england-trial.yaml"));
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::StartsWith("digraph") && Catch::Contains("NHS England trial") &&
                           Catch::Contains("->") && Catch::Contains("<b>Legend</b>") &&
                           Catch::Contains("paid by NHS England") &&
                           Catch::Contains("200 places (10 staff x 20 each)"));
  TempDir d;
  const auto f =
      hwsim_cmd("system-map " + hwsim::test::source_path("scenarios/nhs-england-trial.yaml") +
                " --out " + d.file("map.dot"));
  CHECK(f.code == 0);
  std::ifstream in(d.file("map.dot"));
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == r.output);
}

TEST_CASE("hwsim system-map draws SVG and PNG through Graphviz", "[cli]") {
  if (hwsim::find_program("dot").empty()) {
    WARN("skipped: Graphviz's dot is not on PATH (scripts/deps.sh installs graphviz)");
    return;
  }
  const std::string scenario = hwsim::test::source_path("scenarios/combined.yaml");
  const hwsim::Scenario sc = hwsim::load_scenario(scenario);
  TempDir d;
  const auto r = hwsim_cmd("system-map " + scenario + " --out " + d.file("map.svg"));
  INFO(r.output);
  REQUIRE(r.code == 0);
  std::ifstream in(d.file("map.svg"));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string svg = ss.str();
  CHECK((svg.rfind("<?xml", 0) == 0 || svg.rfind("<svg", 0) == 0));
  CHECK_THAT(svg, Catch::Contains("</svg>"));
  // Each service's and programme's label, as SVG text (& escaped).
  auto xml = [](std::string s) {
    for (std::size_t k = s.find('&'); k != std::string::npos; k = s.find('&', k + 1))
      s.replace(k, 1, "&amp;");
    return s;
  };
  const auto& g = sc.interventions.network.graph;
  REQUIRE(boost::num_vertices(g) >= 9);
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    INFO(g[v].label);
    CHECK_THAT(svg, Catch::Contains(">" + xml(g[v].label) + "<"));
  }
  CHECK_THAT(svg, Catch::Contains(">Legend<"));
  CHECK_FALSE(fs::exists(d.file("map.svg.partial")));

  // --format wins over the extension; PNG starts with its signature.
  const auto p = hwsim_cmd("system-map " + scenario + " --format png --out " + d.file("map.img"));
  REQUIRE(p.code == 0);
  std::ifstream png(d.file("map.img"), std::ios::binary);
  std::string head(8, '\0');
  png.read(head.data(), 8);
  CHECK(head == "\x89PNG\r\n\x1a\n");
}

TEST_CASE("hwsim system-map names Graphviz's dot when it is missing", "[cli][errors]") {
  TempDir d;
  const std::string out = d.file("map.svg");
  const auto r =
      shell("PATH=" + d.path() + " " + HWSIM_BINARY + " system-map " +
            hwsim::test::source_path("scenarios/nhs-england-trial.yaml") + " --out " + out);
  CHECK(r.code == 1);
  CHECK_THAT(r.output, Catch::Contains("'dot'") && Catch::Contains("graphviz"));
  CHECK(empty_or_missing(d.path()));
  // DOT itself needs no Graphviz.
  const auto dot = shell("PATH=" + d.path() + " " + HWSIM_BINARY + " system-map " +
                         hwsim::test::source_path("scenarios/nhs-england-trial.yaml"));
  CHECK(dot.code == 0);
  CHECK_THAT(dot.output, Catch::StartsWith("digraph"));
}

TEST_CASE("report.html renders in headless Chromium with every chart drawn",
          "[cli][report][slow]") {
  TempDir d;
  TempDir scen;
  const auto s =
      scen.write("short.yaml", "extends: " + hwsim::test::source_path("scenarios/combined.yaml") +
                                   "\nsimulation: {months: 25}\n");
  const auto b = scen.write("base.yaml", hwsim::test::override_yaml("simulation: {months: 25}\n"));
  const std::string out = d.file("cmp");
  // With --psa (ten replications, the least the value of information is estimated from).
  const auto r = hwsim_cmd("compare " + b + " " + s + " --out " + out + " -r 10 -q --psa");
  INFO(r.output);
  REQUIRE(r.code == 0);
  REQUIRE(fs::exists(out + "/report.html"));
  for (const char* f : {"psa.csv", "psa-replications.csv"}) CHECK(fs::exists(out + "/" + f));
  // The page must be self-contained: nothing fetched from anywhere.
  std::ifstream in(out + "/report.html");
  std::stringstream ss;
  ss << in.rdbuf();
  // (Chart.js's licence comment names its web site; nothing is loaded from it)
  CHECK_THAT(ss.str(), !Catch::Contains("src=") && !Catch::Contains("<link") &&
                           !Catch::Contains("@import") && !Catch::Contains("url(http"));
  CHECK_THAT(ss.str(), Catch::Contains("Chart.js v3"));  // the charting library, embedded
  const std::string dom = hwsim::test::rendered_dom(out + "/report.html", d.file("profile"));
  // The difference, ESA/IB, all incapacity benefits, the gap, four programmes, who was helped,
  // who pays and gains, the cost-effectiveness plane and the acceptability curve: 12 charts drawn
  // by Chart.js, and no two text boxes overlapping.
  CHECK_THAT(dom, Catch::Contains("data-drawn=\"12\""));
  CHECK_THAT(dom, Catch::Contains("data-overlaps=\"0\""));
  // It opens with the answer and the headline figures.
  CHECK_THAT(dom, Catch::Contains("<p class=\"answer\" id=\"answer\">Against '") &&
                      Catch::Contains("of the 2,690 fewer the target needs") &&
                      Catch::Contains("id=\"headline\"") &&
                      Catch::Contains("Cost per extra sustained job"));
  // Every chart has its canvas, and the tables are there.
  for (const char* id :
       {"diff", "esa", "incap", "gap", "prog0", "prog3", "helped", "finance", "plane", "ceac"})
    CHECK_THAT(dom, Catch::Contains(std::string("data-chart=\"") + id + "\""));
  for (const char* id : {"finance-table", "programmes-table", "esa-table", "incap-table",
                         "gap-table", "helped-table", "thin-table", "psa-table"})
    CHECK_THAT(dom, Catch::Contains(std::string("<table id=\"") + id + "\""));
  CHECK_THAT(dom, Catch::Contains("<th scope=\"row\">DWP</th>"));
}

TEST_CASE("hwsim effect turns a trial's contrast into the model's hazard ratio", "[cli]") {
  const auto r = hwsim_cmd("effect --risk-ratio 1.7 --months 12 --control-risk 0.2");
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("offer arm's risk by then: 0.34") &&
                           Catch::Contains("for an intervention's effects: 1.847"));
  const auto rd = hwsim_cmd("effect --risk-difference 0.1 --months 18 --control-risk 0.3");
  CHECK(rd.code == 0);
  CHECK_THAT(rd.output, Catch::Contains("offer arm's risk by then: 0.4"));
  // Impossible or incomplete contrasts: one line, exit 2.
  for (const char* bad : {"effect --risk-ratio 6 --control-risk 0.2", "effect --control-risk 0.2",
                          "effect --risk-ratio 1.7 --risk-difference 0.1 --control-risk 0.2",
                          "effect --risk-ratio 1.7"}) {
    const auto e = hwsim_cmd(bad);
    INFO(bad << " -> " << e.output);
    CHECK(e.code == 2);
    CHECK_THAT(e.output, Catch::StartsWith("hwsim: "));
  }
}

TEST_CASE("hwsim sensitivity writes tornado.csv and tornado.html - bad uncertainty writes nothing",
          "[cli][sensitivity][slow]") {
  TempDir d;
  const auto s = d.write("s.yaml", hwsim::test::override_yaml(R"(
name: s
simulation: {months: 13}
interventions:
  coach:
    type: employment_support
    start: 2014-12
    end: 2019-03
    eligibility: {benefits: [esa_wrag, esa_support]}
    capacity: {unlimited: true}
    take_up: {value: 0.5, unit: probability, source: test, uncertainty: {distribution: beta, p05: 0.3, p95: 0.7, source: test}}
    duration_months: {value: 6, unit: months, source: test}
    effects:
      job_entry_hr: {value: 2.0, unit: hazard_ratio, source: test, uncertainty: {distribution: lognormal, ci95: [1.2, 3.3], source: test}}
    costs: {payer: council, per_month: {value: 100, unit: gbp_per_month, source: test}}
network:
  routes:
    - {from: jobcentre, to: coach, referral: {value: 0.05, unit: probability_per_month, source: test}}
)"));
  const auto b = d.write("b.yaml", hwsim::test::override_yaml("simulation: {months: 13}\n"));
  const std::string out = d.file("sens");
  const auto r =
      hwsim_cmd("sensitivity " + b + " " + s + " --out " + out + " -r 1 --only interventions.");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("2 uncertain quantities") &&
                           Catch::Contains("widest bars for claimants"));
  std::ifstream csv(out + "/tornado.csv");
  std::string line;
  std::getline(csv, line);
  CHECK_THAT(line, Catch::StartsWith("outcome,outcome_unit,rank,quantity,group"));
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  CHECK(rows == 4);  // two quantities, two outcomes
  CHECK(fs::exists(out + "/tornado.html"));
  CHECK(fs::exists(out + "/manifest.json"));

  // An impossible distribution: file, line and key, exit 2, no folder.
  std::ifstream in(s);
  std::stringstream text;
  text << in.rdbuf();
  std::string bad = text.str();
  bad.replace(bad.find("p05: 0.3, p95: 0.7"), 18, "p05: 0.7, p95: 0.3");
  const auto bs = d.write("bad.yaml", bad);
  const std::string out2 = d.file("sens2");
  const auto e = hwsim_cmd("sensitivity " + b + " " + bs + " --out " + out2 + " -r 1");
  CHECK(e.code == 2);
  CHECK_THAT(e.output, Catch::Contains("bad.yaml:") &&
                           Catch::Contains("interventions.coach.take_up.uncertainty.p95") &&
                           Catch::Contains("p05 0.7 is not below p95 0.3"));
  CHECK_FALSE(fs::exists(out2));
  const auto e2 = hwsim_cmd("run " + bs + " --out " + out2 + " -r 1 --psa");
  CHECK(e2.code == 2);
  CHECK_FALSE(fs::exists(out2));
}
