// End-to-end tests of `hwsim calibrate` and of runs drawing from a posterior, on a twentieth
// of Islington over six months (tests/calibration/data/tiny*.yaml), plus a short calibration
// of the full Islington model.
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "command.hpp"
#include "corrupt.hpp"
#include "helpers.hpp"
#include "io/h5.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::shell;
using hwsim::test::TempDir;
namespace fs = std::filesystem;
namespace h5 = hwsim::h5;

namespace {

std::string tiny_config() {
  return hwsim::test::source_path("tests/calibration/data/tiny_calibrate.yaml");
}
std::string tiny_scenario() { return hwsim::test::source_path("tests/calibration/data/tiny.yaml"); }

// A posterior's particles and weights, bit for bit.
struct Particles {
  std::vector<double> theta, weight, distance, simulated;
  bool operator==(const Particles&) const = default;
};
Particles particles(const std::string& file) {
  h5::Id f = h5::open_file(file);
  h5::Id g = h5::open_group(f, "particles");
  return {h5::read_doubles(g, "theta"), h5::read_doubles(g, "weight"),
          h5::read_doubles(g, "distance"), h5::read_doubles(g, "simulated")};
}

std::string calibrate(const std::string& config, const std::string& out,
                      const std::string& extra = "") {
  const bool threads_given = extra.find("-t ") != std::string::npos;
  return "calibrate " + config + " --out " + out + (threads_given ? " " : " --threads 2 ") + extra;
}

// A copy of the tiny calibration with one line changed, in `dir` (paths made absolute).
std::string tiny_config_with(const TempDir& dir, const std::string& from, const std::string& to) {
  std::ifstream in(tiny_config());
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const std::string data = hwsim::test::source_path("tests/calibration/data/");
  auto swap = [&](const std::string& a, const std::string& b) {
    const auto at = text.find(a);
    REQUIRE(at != std::string::npos);
    text.replace(at, a.size(), b);
  };
  swap("scenario: tiny.yaml", "scenario: " + data + "tiny.yaml");
  swap("targets: tiny_targets.yaml", "targets: " + data + "tiny_targets.yaml");
  swap("priors: ../../../calibration/priors.yaml",
       "priors: " + hwsim::test::source_path("calibration/priors.yaml"));
  if (!from.empty()) swap(from, to);
  return dir.write("calibrate.yaml", text);
}

}  // namespace

TEST_CASE("hwsim calibrate writes the posterior and the fit and runs draw from it",
          "[calibration][cli][slow]") {
  TempDir d;
  const std::string out = d.file("cal");
  const auto r = hwsim_cmd(calibrate(tiny_config(), out));
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("generation 2: tolerance"));
  CHECK_THAT(r.output, Catch::Contains("simulations/s"));
  CHECK_THAT(r.output, Catch::Contains("claims.assessment_wca"));
  for (const char* f : {"posterior.h5", "fit.csv", "checkpoint.h5"})
    CHECK(fs::exists(out + "/" + f));
  CHECK_FALSE(fs::exists(out + "/posterior.h5.partial"));

  std::ifstream csv(out + "/fit.csv");
  std::string line;
  std::getline(csv, line);
  CHECK(line ==
        "target,indicator,month,observed,tolerance,simulated_median,simulated_p05,simulated_p95,"
        "within_tolerance");
  int rows = 0;
  while (std::getline(csv, line)) {
    ++rows;
    CHECK((Catch::EndsWith(",yes").match(line) || Catch::EndsWith(",no").match(line)));
  }
  CHECK(rows == 5);

  h5::Id f = h5::open_file(out + "/posterior.h5");
  std::vector<hsize_t> dims;
  h5::Id particles_group = h5::open_group(f, "particles");
  h5::read_doubles(particles_group, "theta", &dims);
  CHECK(dims == std::vector<hsize_t>{16, 6});
  h5::read_doubles(particles_group, "simulated", &dims);
  CHECK(dims == std::vector<hsize_t>{16, 5});
  h5::Id params = h5::open_group(f, "parameters");
  CHECK(h5::read_strings(params, "key").at(0) == "claims.exit_other");
  CHECK(h5::read_strings(params, "level").at(0) == "esa_wrag");
  CHECK(h5::read_strings(params, "unit").at(0) == "per_year");
  h5::Id targets = h5::open_group(f, "targets");
  CHECK(h5::read_strings(targets, "name").size() == 5);
  h5::Id meta = h5::open_group(f, "meta");
  CHECK(h5::read_attr_uint64(meta, "seed") == 7);
  CHECK(h5::read_attr_string(meta, "version") == HWSIM_VERSION);
  CHECK_FALSE(h5::read_attr_string(meta, "created").empty());
  CHECK_THAT(h5::read_string(meta, "priors"), Catch::Contains("wrag_reassessment"));
  CHECK_THAT(h5::read_string(meta, "calibration"), Catch::Contains("particles"));

  SECTION("a flipped byte in posterior.h5 is an error naming the file, not other draws") {
    const std::string post = d.file("damaged.h5");
    fs::copy_file(out + "/posterior.h5", post);
    hwsim::test::flip_byte_in(post, "/particles/theta");
    const auto damaged =
        hwsim_cmd("run " + tiny_scenario() + " --out " + d.file("x") + " -r 1 --posterior " + post);
    INFO(damaged.output);
    CHECK(damaged.code != 0);
    CHECK_THAT(damaged.output, Catch::Contains(post) && Catch::Contains("checksum"));
    CHECK_FALSE(fs::exists(d.file("x")));
  }
  SECTION("hwsim run --posterior draws each replication's parameters from it") {
    const std::string post = out + "/posterior.h5";
    const auto a =
        hwsim_cmd("run " + tiny_scenario() + " --out " + d.file("a") + " -r 3 --posterior " + post);
    INFO(a.output);
    REQUIRE(a.code == 0);
    CHECK_THAT(a.output, Catch::Contains("parameters drawn from"));
    const auto b =
        hwsim_cmd("run " + tiny_scenario() + " --out " + d.file("b") + " -r 3 --posterior " + post);
    REQUIRE(b.code == 0);
    const auto c = hwsim_cmd("run " + tiny_scenario() + " --out " + d.file("c") + " -r 3");
    REQUIRE(c.code == 0);
    auto series = [&](const std::string& dir) {
      h5::Id file = h5::open_file(dir + "/result.h5");
      h5::Id g = h5::open_group(file, "indicators");
      return h5::read_doubles(g, "esa_ib_over_12_months_share");
    };
    {
      h5::Id file = h5::open_file(d.file("a") + "/result.h5");
      h5::Id run_meta = h5::open_group(file, "meta");
      CHECK(h5::read_attr_string(run_meta, "posterior") == post);
      CHECK(h5::read_int64s(run_meta, "posterior_particle").size() == 3);
    }
    CHECK(series(d.file("a")) == series(d.file("b")));  // the same seed draws the same
    CHECK(series(d.file("a")) != series(d.file("c")));  // the draws change the run
  }
  SECTION("hwsim compare --posterior gives replication r of both the same parameters") {
    const auto r2 = hwsim_cmd("compare " + tiny_scenario() + " " + tiny_scenario() + " --out " +
                              d.file("cmp") + " -r 3 --posterior " + out + "/posterior.h5");
    INFO(r2.output);
    REQUIRE(r2.code == 0);
    CHECK_THAT(r2.output, Catch::Contains("difference (scenario - baseline): 0 (5-95%: 0 to 0)"));
  }
  SECTION("a file that is not a posterior is refused") {
    const auto bad = hwsim_cmd("run " + tiny_scenario() + " --out " + d.file("x") +
                               " --posterior " + out + "/fit.csv");
    CHECK(bad.code == 2);
    CHECK_THAT(bad.output, Catch::Contains("fit.csv") && Catch::Contains("not an HDF5 file"));
    const auto ckpt = hwsim_cmd("run " + tiny_scenario() + " --out " + d.file("x") +
                                " --posterior " + out + "/checkpoint.h5");
    CHECK(ckpt.code == 2);
    CHECK_THAT(ckpt.output, Catch::Contains("not a posterior"));
    CHECK_FALSE(fs::exists(d.file("x")));  // nothing written on bad input
  }
}

TEST_CASE("hwsim calibrate gives the same posterior for 1 and 2 threads",
          "[calibration][cli][slow]") {
  TempDir d;
  const auto a = hwsim_cmd("calibrate " + tiny_config() + " --out " + d.file("one") + " -t 1 -q");
  const auto b = hwsim_cmd("calibrate " + tiny_config() + " --out " + d.file("two") + " -t 2 -q");
  INFO(a.output << b.output);
  REQUIRE(a.code == 0);
  REQUIRE(b.code == 0);
  CHECK(a.output.empty());
  CHECK(particles(d.file("one") + "/posterior.h5") == particles(d.file("two") + "/posterior.h5"));
  const auto c =
      hwsim_cmd("calibrate " + tiny_config() + " --out " + d.file("seed8") + " -q --seed 8");
  REQUIRE(c.code == 0);
  CHECK_FALSE(particles(d.file("one") + "/posterior.h5") ==
              particles(d.file("seed8") + "/posterior.h5"));
}

TEST_CASE("hwsim calibrate stopped after a generation and resumed ends as an uninterrupted run",
          "[calibration][cli][resume][slow]") {
  TempDir d;
  const std::string whole = d.file("whole"), part = d.file("part");
  REQUIRE(hwsim_cmd(calibrate(tiny_config(), whole, "-q")).code == 0);

  const auto stopped = hwsim_cmd(calibrate(tiny_config(), part, "--stop-after-generation 0"));
  INFO(stopped.output);
  REQUIRE(stopped.code == 3);
  CHECK_THAT(stopped.output, Catch::Contains("--resume " + part));
  CHECK(fs::exists(part + "/checkpoint.h5"));
  CHECK_FALSE(fs::exists(part + "/posterior.h5"));

  const auto again = hwsim_cmd(calibrate(tiny_config(), part));
  CHECK(again.code == 2);
  CHECK_THAT(again.output, Catch::Contains("a calibration is already here"));

  const auto resumed = hwsim_cmd("calibrate " + tiny_config() + " --resume " + part + " -t 1");
  INFO(resumed.output);
  REQUIRE(resumed.code == 0);
  CHECK_THAT(resumed.output, Catch::Contains("resuming " + part + " after generation 0"));
  CHECK(particles(part + "/posterior.h5") == particles(whole + "/posterior.h5"));

  SECTION("a finished calibration resumed writes the same posterior again") {
    const auto done = hwsim_cmd("calibrate " + tiny_config() + " --resume " + part + " -q");
    REQUIRE(done.code == 0);
    CHECK(particles(part + "/posterior.h5") == particles(whole + "/posterior.h5"));
  }
}

TEST_CASE("hwsim calibrate killed after a checkpoint and resumed ends as an uninterrupted run",
          "[calibration][cli][resume][slow]") {
  TempDir d;
  const std::string whole = d.file("whole"), part = d.file("part");
  REQUIRE(hwsim_cmd(calibrate(tiny_config(), whole, "-t 1 -q")).code == 0);
  // Started in the background and killed outright (SIGKILL: no chance to tidy up) as soon as
  // its first checkpoint is in place - possibly in the middle of writing the next one.
  const std::string script =
      std::string(HWSIM_BINARY) + " " + calibrate(tiny_config(), part, "-t 1 -q") +
      " >/dev/null 2>&1 & pid=$!; while [ ! -f " + part +
      "/checkpoint.h5 ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done; kill -9 $pid "
      "2>/dev/null; { wait $pid; } 2>/dev/null; echo killed";
  const auto killed = shell(script);
  INFO(killed.output);
  REQUIRE(fs::exists(part + "/checkpoint.h5"));
  CHECK_FALSE(fs::exists(part + "/posterior.h5"));  // it was stopped part-way
  const auto resumed = hwsim_cmd("calibrate " + tiny_config() + " --resume " + part + " -t 2 -q");
  INFO(resumed.output);
  REQUIRE(resumed.code == 0);
  CHECK(particles(part + "/posterior.h5") == particles(whole + "/posterior.h5"));
}

TEST_CASE("hwsim calibrate stops cleanly at its time budget", "[calibration][cli][resume][slow]") {
  TempDir d;
  const std::string out = d.file("cal");
  const auto r = hwsim_cmd(calibrate(tiny_config(), out, "--max-hours 0.0000001"));
  INFO(r.output);
  REQUIRE(r.code == 3);
  CHECK_THAT(r.output, Catch::Contains("by the time budget") && Catch::Contains("--resume"));
  REQUIRE(fs::exists(out + "/checkpoint.h5"));
  const auto resumed = hwsim_cmd("calibrate " + tiny_config() + " --resume " + out + " -q");
  INFO(resumed.output);
  CHECK(resumed.code == 0);
  CHECK(fs::exists(out + "/posterior.h5"));
}

TEST_CASE("hwsim calibrate refuses a damaged or mismatched checkpoint",
          "[calibration][cli][errors][slow]") {
  TempDir d;
  const std::string out = d.file("cal");
  REQUIRE(hwsim_cmd(calibrate(tiny_config(), out, "--stop-after-generation 1")).code == 3);
  const std::string ckpt = out + "/checkpoint.h5";

  SECTION("another seed") {
    const auto r = hwsim_cmd("calibrate " + tiny_config() + " --resume " + out + " --seed 8");
    INFO(r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output,
               Catch::Contains(ckpt + ": cannot resume: it was made with different settings") &&
                   Catch::Contains("seed is '7' in the checkpoint but '8' now"));
  }
  SECTION("other settings") {
    const auto cfg =
        tiny_config_with(d, "value: 16, unit: particles", "value: 20, unit: particles");
    const auto r = hwsim_cmd("calibrate " + cfg + " --resume " + out);
    INFO(r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains("particles is '16' in the checkpoint but '20' now"));
  }
  SECTION("a truncated file") {
    const auto size = fs::file_size(ckpt);
    fs::resize_file(ckpt, size / 2);
    const auto r = hwsim_cmd("calibrate " + tiny_config() + " --resume " + out);
    INFO(r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output,
               Catch::Contains(ckpt + ": cannot resume: the checkpoint is damaged or truncated"));
  }
  SECTION("a file that is not a checkpoint") {
    fs::remove(ckpt);
    std::ofstream(ckpt) << "not hdf5";
    const auto r = hwsim_cmd("calibrate " + tiny_config() + " --resume " + out);
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains("damaged or truncated"));
  }
  SECTION("no checkpoint") {
    const auto r = hwsim_cmd("calibrate " + tiny_config() + " --resume " + d.file("nothing"));
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains("there is no checkpoint here"));
  }
}

TEST_CASE("hwsim calibrate refuses bad input naming file line and key",
          "[calibration][cli][errors]") {
  TempDir d;
  struct Case {
    std::string from, to, expect;
  };
  const std::vector<Case> config_cases{
      {"value: 16, unit: particles", "value: 16, unit: particle",
       "key 'particles.unit': unit 'particle' does not fit (use particles)"},
      {"value: 16, unit: particles, reason: \"Test: small and fast.\"",
       "value: 16, unit: particles", "key 'particles': missing 'reason'"},
      {"value: 0.5, unit: share", "value: 1.5, unit: share",
       "key 'quantile.value': 1.5 is out of range"},
      {"distance: max", "distance: maximum",
       "key 'distance': unknown distance 'maximum' (use max or rms)"},
      {"distance: max", "distanse: max", "key 'distanse': unknown key; did you mean 'distance'?"},
      {"scenario: ", "scenario: missing-", "key 'scenario': no such file"},
  };
  for (const auto& c : config_cases) {
    const auto cfg = tiny_config_with(d, c.from, c.to);
    const auto r = hwsim_cmd(calibrate(cfg, d.file("out")));
    INFO(c.to << "\n" << r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output,
               Catch::StartsWith("hwsim: error: " + cfg + ":") && Catch::Contains(c.expect));
    CHECK_FALSE(fs::exists(d.file("out")));
  }
  const std::vector<Case> prior_cases{
      {"parameter: claims.exit_other", "parameter: claims.exit_othr",
       "key 'priors.wrag_exit_other.parameter': parameter 'claims.exit_othr': unknown key; did you "
       "mean 'claims.exit_other'?"},
      {"level: esa_wrag", "level: wrag", "key 'priors.wrag_exit_other.level'"},
      {"parameter: claims.exit_other\n    level: esa_wrag", "parameter: population.jsa_count\n",
       "the starting population is synthesised"},
      {"    min: 0.03\n", "    min: -0.03\n", "a log-uniform prior needs min > 0"},
      {"unit: per_year", "unit: percent", "unit 'percent' does not fit it"},
      {"distribution: log_uniform", "distribution: lognormal", "unknown distribution 'lognormal'"},
      {"max: 0.15", "max: 1.5",
       "key 'priors.assessment_wca.max': 1.5 probability_per_month is out of the parameter's "
       "range"},
  };
  std::ifstream in(hwsim::test::source_path("calibration/priors.yaml"));
  const std::string priors((std::istreambuf_iterator<char>(in)), {});
  for (const auto& c : prior_cases) {
    std::string text = priors;
    const auto at = text.find(c.from);
    REQUIRE(at != std::string::npos);
    text.replace(at, c.from.size(), c.to);
    const auto p = d.write("priors.yaml", text);
    const auto cfg = tiny_config_with(
        d, "priors: " + hwsim::test::source_path("calibration/priors.yaml"), "priors: " + p);
    const auto r = hwsim_cmd(calibrate(cfg, d.file("out")));
    INFO(c.to << "\n" << r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output,
               Catch::StartsWith("hwsim: error: " + p + ":") && Catch::Contains(c.expect));
  }
  const auto none = hwsim_cmd("calibrate " + tiny_config());
  CHECK(none.code == 2);
  CHECK_THAT(none.output, Catch::Contains("give --out DIR for a new calibration or --resume DIR"));
}

// Registered as its own CTest test when MPI and mpiexec are found (tests/CMakeLists.txt).
TEST_CASE("hwsim calibrate under mpirun with 2 processes equals one process", "[.mpi][slow]") {
  const char* mpiexec = std::getenv("HWSIM_MPIEXEC");
  REQUIRE(mpiexec != nullptr);
  TempDir d;
  const auto one = hwsim_cmd(calibrate(tiny_config(), d.file("one"), "-t 1 -q"));
  REQUIRE(one.code == 0);
  const auto two = shell(std::string(mpiexec) + " -np 2 --oversubscribe " + HWSIM_BINARY + " " +
                         calibrate(tiny_config(), d.file("two"), "-t 1"));
  INFO(two.output);
  REQUIRE(two.code == 0);
  CHECK_THAT(two.output, Catch::Contains("1 threads x 2 processes"));
  CHECK(particles(d.file("one") + "/posterior.h5") == particles(d.file("two") + "/posterior.h5"));
  SECTION("and resumes under mpirun as one process does") {
    const auto stopped =
        shell(std::string(mpiexec) + " -np 2 --oversubscribe " + HWSIM_BINARY + " " +
              calibrate(tiny_config(), d.file("part"), "-t 1 --stop-after-generation 0"));
    INFO(stopped.output);
    REQUIRE(stopped.code == 3);
    const auto resumed =
        shell(std::string(mpiexec) + " -np 2 --oversubscribe " + HWSIM_BINARY + " calibrate " +
              tiny_config() + " --resume " + d.file("part") + " -t 1");
    INFO(resumed.output);
    REQUIRE(resumed.code == 0);
    CHECK(particles(d.file("one") + "/posterior.h5") ==
          particles(d.file("part") + "/posterior.h5"));
  }
}

TEST_CASE("a short calibration of the Islington model runs",
          "[calibration][cli][islington][slow]") {
  TempDir d;
  std::ifstream in(hwsim::test::source_path("calibration/calibrate.yaml"));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto swap = [&](const std::string& a, const std::string& b) {
    const auto at = text.find(a);
    REQUIRE(at != std::string::npos);
    text.replace(at, a.size(), b);
  };
  const std::string cal = hwsim::test::source_path("calibration/");
  swap("scenario: ../scenarios/baseline.yaml", "scenario: " + hwsim::test::baseline_path());
  swap("targets: targets.yaml", "targets: " + cal + "targets.yaml");
  swap("priors: priors.yaml", "priors: " + cal + "priors.yaml");
  swap("value: 200\n  unit: particles", "value: 6\n  unit: particles");
  swap("value: 8\n  unit: generations", "value: 2\n  unit: generations");
  swap("value: 32\n  unit: candidates", "value: 6\n  unit: candidates");
  const auto cfg = d.write("calibrate.yaml", text);
  const std::string out = d.file("cal");
  const auto r = hwsim_cmd(calibrate(cfg, out));
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("calibrating 6 parameters of 'baseline' to 16 targets"));
  CHECK_THAT(r.output, Catch::Contains("esa_ib_onflow (2014-12)"));
  CHECK(fs::exists(out + "/posterior.h5"));
  CHECK(fs::exists(out + "/fit.csv"));
}

TEST_CASE("hwsim calibrate --check reads and checks the files and runs nothing",
          "[calibration][cli][errors]") {
  TempDir d;
  const auto ok =
      hwsim_cmd("calibrate " + hwsim::test::source_path("calibration/calibrate.yaml") + " --check");
  INFO(ok.output);
  CHECK(ok.code == 0);
  CHECK_THAT(ok.output, Catch::Contains("valid calibration of 6 parameters of 'baseline'"));
  const auto cfg = tiny_config_with(d, "distance: max", "distanse: max");
  const auto bad = hwsim_cmd("calibrate " + cfg + " --check --out " + d.file("out"));
  INFO(bad.output);
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output,
             Catch::StartsWith("hwsim: error: " + cfg + ":") && Catch::Contains("key 'distanse'"));
  CHECK_FALSE(fs::exists(d.file("out")));
}
