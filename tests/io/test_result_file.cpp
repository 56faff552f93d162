// result.h5 as other tools read it (every dataset's dimensions attached to named scales, the
// root's format, strings as UTF-8), and manifest.json beside the files of a run and of a
// comparison.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "comparison.hpp"
#include "h5_layout.hpp"
#include "io/compare_writer.hpp"
#include "io/h5.hpp"
#include "io/manifest.hpp"
#include "io/result_writer.hpp"
#include "io/run_h5.hpp"
#include "run/indicators.hpp"

using namespace hwsim;
namespace fs = std::filesystem;

namespace {

RunInfo info() {
  RunInfo i;
  i.command_line = "hwsim run tiny.yaml --out \"a b\"";
  i.version = "0.0-test";
  i.threads = 1;
  return i;
}

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The files manifest.json lists, in order.
std::vector<std::string> listed_files(const std::string& manifest) {
  std::vector<std::string> out;
  const std::regex file(R"re(\{"name": "([^"]+)", "bytes": ([0-9]+), "description": "[^"]+"\})re");
  for (std::sregex_iterator it(manifest.begin(), manifest.end(), file), end; it != end; ++it)
    out.push_back((*it)[1]);
  return out;
}

void require_good_layout(const std::string& path) {
  const auto layout = test::h5_layout(path);
  std::string first;
  for (std::size_t k = 0; k < layout.problems.size() && k < 10; ++k)
    first += "\n  " + layout.problems[k];
  INFO(layout.problems.size() << " problems in " << path << ":" << first);
  CHECK(layout.problems.empty());
  CHECK(layout.strings_checked > 100);
}

// The scales a dataset's axes are attached to, by their last path component.
std::vector<std::string> dims_of(const test::H5Layout& l, const std::string& path) {
  std::vector<std::string> out;
  for (const auto& s : l.dims.at(path)) out.push_back(s.substr(s.rfind('/') + 1));
  return out;
}

void check_manifest(const std::string& dir, const std::string& command,
                    const std::set<std::string>& expected) {
  const std::string m = text_of(dir + "/manifest.json");
  REQUIRE_FALSE(m.empty());
  CHECK_THAT(m, Catch::StartsWith("{") && Catch::EndsWith("}\n"));
  CHECK_THAT(m, Catch::Contains("\"format\": \"hwsim-manifest\"") &&
                    Catch::Contains("\"command\": \"" + command + "\"") &&
                    Catch::Contains("\"seed\": 11") && Catch::Contains("\"replications\": 2") &&
                    Catch::Contains("\"version\": \"0.0-test\"") &&
                    Catch::Contains(R"("command_line": "hwsim run tiny.yaml --out \"a b\"")") &&
                    Catch::Contains("\"created\": \"20"));
  const auto listed = listed_files(m);
  // Every file listed exists, and every file written is listed (but the manifest itself).
  std::set<std::string> on_disk;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != "manifest.json") on_disk.insert(e.path().filename().string());
  CHECK(std::set<std::string>(listed.begin(), listed.end()) == on_disk);
  CHECK(on_disk == expected);
  CHECK(listed.size() == on_disk.size());  // each once
}

}  // namespace

TEST_CASE("a run's result.h5 names every dimension with a scale other tools read", "[io][layout]") {
  const auto& c = test::small_comparison();
  test::TempDir d;
  FileSet files;
  const auto written = write_run_outputs(d.path(), c.baseline, c.base, info(), files);
  files.commit();
  CHECK(written == std::vector<std::string>{"result.h5", "summary.csv", "target.csv", "cohorts.csv",
                                            "manifest.json"});
  const std::string path = d.file("result.h5");
  require_good_layout(path);

  const auto l = test::h5_layout(path);
  const std::size_t R = c.base.reps.size(), M = static_cast<std::size_t>(c.baseline.sim.months);
  // Every dataset of indicators/ and states/ is [replication, month(, state)].
  std::size_t indicators = 0, states = 0;
  for (const auto& [ds, scales] : l.dims) {
    INFO(ds);
    if (ds.rfind("/indicators/", 0) == 0) {
      ++indicators;
      CHECK(dims_of(l, ds) == std::vector<std::string>{"replication", "month"});
    }
    if (ds.rfind("/states/", 0) == 0) {
      ++states;
      const auto names = dims_of(l, ds);
      REQUIRE(names.size() == 3);
      CHECK(names[0] == "replication");
      CHECK(names[1] == "month");
      CHECK((names[2] ==
             (ds.find("/benefit_") != std::string::npos ? "benefit_state" : "labour_state")));
    }
  }
  CHECK(indicators > 50);
  CHECK(states == 10);
  CHECK(dims_of(l, "/finance/ledger") == std::vector<std::string>{"replication", "month", "line"});

  h5::Id f = h5::open_file(path);
  CHECK(h5::read_attr_string(f, "format") == "hwsim-result");
  CHECK(h5::read_attr_int64(f, "format_version") == 1);
  h5::Id ind = h5::open_group(f, "indicators");
  CHECK(h5::read_int64s(ind, "replication") == std::vector<std::int64_t>{0, 1});
  const auto months = h5::read_strings(ind, "month");
  REQUIRE(months.size() == M);
  CHECK(months.front() == c.baseline.sim.start.str());
  CHECK(months.back() == c.baseline.sim.start.plus(static_cast<int>(M) - 1).str());
  h5::Id st = h5::open_group(f, "states");
  CHECK(h5::read_strings(st, "benefit_state").at(0) == "none");
  CHECK(h5::read_strings(st, "labour_state").size() == count_of<Labour>());
  std::vector<hsize_t> dims;
  h5::read_int64s(st, "benefit_stock", &dims);
  CHECK(dims == std::vector<hsize_t>{R, M, count_of<Benefit>()});

  check_manifest(d.path(), "run", {"result.h5", "summary.csv", "target.csv", "cohorts.csv"});
  CHECK_THAT(text_of(d.file("manifest.json")),
             Catch::Contains("\"scenario\": {\"name\": \"" + c.baseline.name + "\""));
}

TEST_CASE("a comparison's result.h5 names every dimension and its manifest lists its files",
          "[io][layout]") {
  const auto& c = test::small_comparison();
  test::TempDir d;
  {
    FileSet files;
    write_compare(d.path(), c.paired(), c.finance, info(), files);
    files.commit();
  }
  const std::string path = d.file("result.h5");
  require_good_layout(path);
  const auto l = test::h5_layout(path);
  CHECK(dims_of(l, "/difference/esa_ib_claimants") ==
        std::vector<std::string>{"replication", "month"});
  CHECK(dims_of(l, "/scenario/states/labour_stock") ==
        std::vector<std::string>{"replication", "month", "labour_state"});
  CHECK(dims_of(l, "/equality/difference") == std::vector<std::string>{"row", "replication"});
  CHECK(dims_of(l, "/finance/appraisal") ==
        std::vector<std::string>{"replication", "position", "measure"});
  CHECK(dims_of(l, "/finance/baseline_ledger") ==
        std::vector<std::string>{"replication", "month", "line"});
  h5::Id f = h5::open_file(path);
  CHECK(h5::read_attr_string(f, "format") == "hwsim-comparison");
  CHECK(h5::read_attr_int64(f, "format_version") == 1);

  check_manifest(d.path(), "compare",
                 {"result.h5", "difference.csv", "target.csv", "equality.csv", "cohorts.csv",
                  "finance.csv", "cashflow.csv", "report.html"});
  const std::string m = text_of(d.file("manifest.json"));
  CHECK_THAT(m, Catch::Contains("\"baseline\": {\"name\": \"" + c.baseline.name + "\"") &&
                    Catch::Contains("\"scenario\": {\"name\": \"faster-job-entry\""));
  // target.csv: every row has the header's columns, the smallest detectable change among them.
  std::istringstream target(text_of(d.file("target.csv")));
  std::string line, header;
  std::getline(target, header);
  const auto fields = [](const std::string& row) {
    return std::count(row.begin(), row.end(), ',') + 1;
  };
  std::set<std::string> measures;
  while (std::getline(target, line)) {
    INFO(line);
    CHECK(fields(line) == fields(header));
    measures.insert(line.substr(0, line.find(',')));
  }
  for (const char* row :
       {"detectable_change", "detectable_change_sd_month", "detectable_change_sd_replication"})
    CHECK(measures.count(row) == 1);
}

TEST_CASE("json_quote escapes what JSON needs and keeps UTF-8", "[io]") {
  CHECK(json_quote("plain") == "\"plain\"");
  CHECK(json_quote("a \"b\" \\ c") == R"("a \"b\" \\ c")");
  CHECK(json_quote("line\nnext\ttab") == R"("line\nnext\ttab")");
  CHECK(json_quote(std::string("\x01", 1)) == R"("\u0001")");
  CHECK(json_quote("café") == "\"café\"");
}

TEST_CASE("a run streamed to result.h5 replication by replication reads back as kept in memory",
          "[io][stream]") {
  // A small scenario with an intervention.
  const Scenario sc = load_scenario(test::source_path("tests/plan/data/coach-tiny.yaml"));
  const RunResult r = run(sc, 11, 2);
  REQUIRE_FALSE(sc.interventions.empty());
  const KeptValues kept(r, sc.sim.start);
  test::TempDir d;
  FileSet files;
  RunOutputs out(d.path(), sc, r.reps.size(), files);
  SECTION("the values read back are the values of the replications") {
    for (std::size_t k = 0; k < r.reps.size(); ++k)
      out.add(static_cast<std::uint32_t>(k), r.reps[k]);
    const RunValues& v = out.values();
    CHECK(v.replications() == r.reps.size());
    CHECK(v.months() == sc.sim.months);
    for (const auto& ind : indicators()) {
      INFO(ind.name);
      CHECK(v.indicator(ind.name) == kept.indicator(ind.name));
    }
    for (std::size_t k = 0; k < sc.interventions.list.size(); ++k)
      for (const auto& pm : intervention_measures()) {
        INFO(sc.interventions.list[k].name << " " << pm.name);
        CHECK(v.measure(k, sc.interventions.list[k], pm.name) ==
              kept.measure(k, sc.interventions.list[k], pm.name));
      }
    CHECK(v.across("esa_ib_claimants", 3) == across_replications(r, "esa_ib_claimants", 3));
    const auto written = out.finish(r.seed, info());
    CHECK(written.back() == "manifest.json");
    files.commit();
    h5::Id f = h5::open_file(d.file("result.h5"));
    h5::Id meta = h5::open_group(f, "meta");
    CHECK(h5::read_string(meta, "balance") == detail::balance_yaml(r));
    h5::Id ledger = h5::open_group(f, "finance");
    std::vector<double> expect;
    for (const auto& rep : r.reps)
      for (const auto& m : rep.months)
        expect.insert(expect.end(), m.accounts.ledger.begin(), m.accounts.ledger.end());
    CHECK(h5::read_doubles(ledger, "ledger") == expect);
  }
  SECTION("replications out of order, missing or read early are refused") {
    REQUIRE(r.reps.size() >= 2);
    CHECK_THROWS_AS(out.add(1, r.reps[1]), std::logic_error);
    out.add(0, r.reps[0]);
    CHECK_THROWS_AS(out.values(), std::logic_error);
  }
  // Nothing committed: the private folder goes with the set, and the output folder is not made.
}
