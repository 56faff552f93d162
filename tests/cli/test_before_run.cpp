// What the command checks before a run starts: `validate` makes every check `run` makes before
// stepping (the synthesis of the starting population, the memory the run would hold), and run,
// compare and sensitivity make them before they claim --out, which is made only when the files
// are written.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "command.hpp"
#include "helpers.hpp"
#include "run/preflight.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

int lines_of(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

std::string tiny() { return hwsim::test::source_path("tests/calibration/data/tiny.yaml"); }

// A refusal as the README promises it: exit 2, one line naming the file and the key.
void refused(const std::string& args, const std::vector<std::string>& fragments) {
  const auto r = hwsim_cmd(args);
  INFO("hwsim " << args << "\n" << r.output);
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::StartsWith("hwsim: error: "));
  CHECK(lines_of(r.output) == 1);
  for (const auto& f : fragments) CHECK_THAT(r.output, Catch::Contains(f));
}

}  // namespace

TEST_CASE(
    "validate refuses population targets that run would refuse, and run, compare and "
    "sensitivity refuse them before making --out",
    "[cli][errors][reliability]") {
  TempDir d;
  const auto s = d.write(
      "gap.yaml",
      hwsim::test::override_yaml("name: gap\nparameters:\n  population:\n    ltc_employment_gap: "
                                 "{value: 90, unit: percentage_points, source: x}\n"));
  const std::vector<std::string> says{"key 'population", "cannot all be met together"};
  refused("validate " + s, says);
  // The error is at a line of the file that set the population's targets (here the baseline's).
  const auto r = hwsim_cmd("validate " + s);
  CHECK_THAT(r.output, Catch::Matches("hwsim: error: [^:]+\\.yaml:[0-9]+:[0-9]+: key .*\n"));

  // --out in folders that do not exist yet: nothing is made, not even its parents.
  const std::string out = d.file("deep/er/out");
  refused("run " + s + " --out " + out + " -r 1 -q", says);
  refused("compare " + hwsim::test::baseline_path() + " " + s + " --out " + out + " -r 1 -q", says);
  refused("compare " + s + " " + hwsim::test::baseline_path() + " --out " + out + " -r 1 -q", says);
  refused("sensitivity " + hwsim::test::baseline_path() + " " + s + " --out " + out + " -r 1 -q",
          says);
  CHECK_FALSE(fs::exists(d.file("deep")));
}

TEST_CASE("the output folder and the folders above it are made only when the files are written",
          "[cli][reliability]") {
  TempDir d;
  const std::string out = d.file("a/b/out");
  const auto r = hwsim_cmd("run " + tiny() + " --out " + out + " -r 1 -q");
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK(fs::exists(out + "/manifest.json"));
  // A run that fails after claiming its folder (a file-size limit, as a full disk, stops the
  // first write): the folders made for its lock and its private folder go too.
  const std::string failed = d.file("x/y/out");
  const auto f = hwsim::test::shell("sh -c 'ulimit -f 100; exec " + std::string(HWSIM_BINARY) +
                                    " run " + tiny() + " --out " + failed + " -r 1 -q'");
  INFO(f.output);
  CHECK(f.code == 1);
  CHECK_FALSE(fs::exists(d.file("x")));
}

TEST_CASE(
    "a run estimated to need more memory than allowed is refused before it starts, "
    "with the estimate",
    "[cli][errors][reliability]") {
  TempDir d;
  const std::string out = d.file("out");
  const std::vector<std::string> says{tiny() + ":", "key 'population.size'", "would hold about",
                                      "more than --max-memory 1.0 MB",
                                      "--max-memory 1G to run anyway"};
  refused("run " + tiny() + " --out " + out + " -q --max-memory 1M", says);
  refused("compare " + tiny() + " " + tiny() + " --out " + out + " -q --max-memory 1M", says);
  refused("validate " + tiny() + " --max-memory 1M", says);
  CHECK_FALSE(fs::exists(out));

  // validate prints the estimate.
  const auto ok = hwsim_cmd("validate " + tiny() + " --max-memory 64G");
  INFO(ok.output);
  CHECK(ok.code == 0);
  CHECK_THAT(ok.output, Catch::Contains("a run of 2 replications would hold about"));

  // 100 million agents (the largest population.size accepted) and the most replications: far
  // more than the machine has, refused without --max-memory.
  const std::string huge =
      "validate " + hwsim::test::baseline_path() + " --set population.size=100000000 -r 100000";
  hwsim::Scenario big = hwsim::load_scenario(hwsim::test::baseline_path());
  big.params.population.size = 1e8;
  if (hwsim::estimate_streamed_memory(big, 100000).bytes > hwsim::physical_memory())
    refused(huge, {"population.size", "physical memory this machine has"});
  refused(huge + " --max-memory 8G", {"population.size", "more than --max-memory 8.0 GB"});

  // A size that is not one is a usage error.
  for (const std::string bad : {"lots", "-1G", "0", "12Q", "1.5GiB"}) {
    const auto u = hwsim_cmd("run " + tiny() + " --out " + out + " --max-memory " + bad);
    INFO(bad << ": " << u.output);
    CHECK(u.code == 2);
    CHECK_THAT(u.output, Catch::Contains("--max-memory must be a size such as 512M or 64G"));
  }
}
