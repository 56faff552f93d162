// Reliability of the command against an unlucky user and a hostile input: a failed write (a
// file-size limit, as a full disk), YAML that is not a file, too big or an alias bomb, seeds
// out of range, damaged HDF5 files, and output sets that are complete or absent.
#include <fmt/format.h>
#include <hdf5.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "command.hpp"
#include "corrupt.hpp"
#include "helpers.hpp"
#include "io/h5.hpp"
#include "io/output_set.hpp"

using hwsim::test::hwsim_cmd;
using hwsim::test::shell;
using hwsim::test::TempDir;
namespace fs = std::filesystem;
namespace h5 = hwsim::h5;

namespace {

std::string tiny() { return hwsim::test::source_path("tests/calibration/data/tiny.yaml"); }

int lines_of(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// Private folders of output sets left in `parent`.
int leftovers(const std::string& parent) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(parent))
    if (e.path().filename().string().find(".hwsim-tmp-") != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("a write that fails (a file-size limit, as a full disk) ends with one line and exit 1",
          "[cli][errors][reliability]") {
  TempDir d;
  const std::string out = d.file("out");
  // 100 blocks of 512 bytes: result.h5 (about 270 kB) cannot be written whole.
  const auto r = shell("sh -c 'ulimit -f 100; exec " + std::string(HWSIM_BINARY) + " run " +
                       tiny() + " --out " + out + " -q'");
  INFO(r.output);
  CHECK(r.code == 1);  // not a signal (shell() gives -1 for one; 139 was SIGSEGV)
  CHECK_THAT(r.output, Catch::StartsWith("hwsim: error: "));
  CHECK(lines_of(r.output) == 1);
  CHECK_FALSE(fs::exists(out));
  CHECK(leftovers(d.path()) == 0);
}

TEST_CASE("a comparison without room for its replications' file stops before the work",
          "[cli][errors][reliability]") {
  TempDir d;
  const std::string out = d.file("out");
  // The replications kept for the analysis (run/replications.hpp) need about 240 kB here.
  const auto r = shell("sh -c 'ulimit -f 100; exec " + std::string(HWSIM_BINARY) + " compare " +
                       tiny() + " " + tiny() + " -r 3 --out " + out + " -q'");
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK_THAT(r.output, Catch::StartsWith("hwsim: error: could not keep the replications in a "
                                         "file in " +
                                         d.path()));
  CHECK_THAT(r.output, Catch::Contains("File too large"));
  CHECK(lines_of(r.output) == 1);
  CHECK_FALSE(fs::exists(out));
  CHECK(leftovers(d.path()) == 0);
}

TEST_CASE("YAML that is not a regular file, too large, or an alias bomb is refused at once",
          "[cli][errors][reliability]") {
  TempDir d;
  auto refused = [&](const std::string& args, const std::vector<std::string>& fragments) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = hwsim_cmd(args);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO("hwsim " << args << "\n" << r.output);
    CHECK(r.code == 2);
    CHECK(s < 5);  // under a second here; generous for a loaded machine
    CHECK_THAT(r.output, Catch::StartsWith("hwsim: error: "));
    CHECK(lines_of(r.output) == 1);
    for (const auto& f : fragments) CHECK_THAT(r.output, Catch::Contains(f));
  };
  SECTION("a device or a folder named on the command line") {
    refused("validate /dev/zero", {"/dev/zero", "not a regular file"});
    refused("run /dev/zero --out " + d.file("out"), {"/dev/zero", "not a regular file"});
    refused("validate " + d.path(), {"is a folder"});
    CHECK_FALSE(fs::exists(d.file("out")));
  }
  SECTION("a device or a folder named by extends: an error at the extends line") {
    const auto dev = d.write("dev.yaml", "name: x\nextends: /dev/zero\n");
    refused("validate " + dev, {dev + ":2:1", "extends", "/dev/zero", "not a regular file"});
    const auto up = d.write("up.yaml", "name: x\nextends: ..\n");
    refused("validate " + up, {up + ":2:1", "extends", "is a folder"});
  }
  SECTION("a file larger than 8 MB") {
    const auto big = d.file("big.yaml");
    {
      std::ofstream o(big);
      o << "name: big\n";
      const std::string line(99, '#');
      for (int k = 0; k < 90000; ++k) o << line << "\n";
    }
    refused("validate " + big, {big, "more than the 8 MB"});
  }
  SECTION("an alias bomb: each node is walked once") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
      bomb += fmt::format("{}: &{} [", c, c);
      for (int k = 0; k < 10; ++k) bomb += fmt::format("{}*{}", k ? ", " : "", char(c - 1));
      bomb += "]\n";
    }
    const auto f = d.write("bomb.yaml", bomb);
    refused("validate " + f, {f});
    const auto g = d.write("bomb2.yaml", hwsim::test::override_yaml("name: bomb\n" + bomb));
    refused("validate " + g, {g});
  }
  SECTION("a key that is not a plain name: file, line and column") {
    const auto f = d.write("key.yaml", hwsim::test::override_yaml("name: k\n? [a]\n: 1\n"));
    refused("validate " + f, {f + ":3:3", "a key must be a plain name"});
  }
}

TEST_CASE("seeds outside 0 to 2^64-1 are usage errors", "[cli][errors][reliability]") {
  TempDir d;
  const std::string out = d.file("out");
  for (const std::string seed : {"-1", "18446744073709551616", "99999999999999999999999"}) {
    for (const std::string& cmd :
         std::vector<std::string>{"run " + tiny(), "compare " + tiny() + " " + tiny()}) {
      const auto r = hwsim_cmd(cmd + " --out " + out + " --seed " + seed);
      INFO(cmd << " --seed " << seed << "\n" << r.output);
      CHECK(r.code == 2);
      CHECK(lines_of(r.output) == 1);
      CHECK_THAT(r.output, Catch::Contains(seed[0] == '-' ? "--seed must be at least 0"
                                                          : "--seed must be at most "
                                                            "18446744073709551615"));
    }
  }
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("a flipped byte in a dataset of result.h5 is an error naming the file",
          "[cli][errors][reliability]") {
  TempDir d;
  const std::string out = d.file("cmp");
  const auto r = hwsim_cmd("compare " + tiny() + " " + tiny() + " --out " + out + " -q");
  INFO(r.output);
  REQUIRE(r.code == 0);
  REQUIRE(hwsim_cmd("finance " + out).code == 0);
  const std::string file = out + "/result.h5";
  {
    h5::Id f = h5::open_file(file);
    h5::Id ds(H5Dopen2(f, "/finance/appraisal", H5P_DEFAULT), H5Dclose, "open");
    h5::Id plist(H5Dget_create_plist(ds), H5Pclose, "plist");
    unsigned flags = 0;
    CHECK(H5Pget_filter_by_id2(plist, H5Z_FILTER_FLETCHER32, &flags, nullptr, nullptr, 0, nullptr,
                               nullptr) >= 0);
  }
  hwsim::test::flip_byte_in(file, "/finance/appraisal");
  const auto bad = hwsim_cmd("finance " + out);
  INFO(bad.output);
  CHECK(bad.code == 1);
  CHECK(lines_of(bad.output) == 1);
  CHECK_THAT(bad.output, Catch::Contains(file) && Catch::Contains("checksum"));
}

TEST_CASE("the h5 kit writes checksums on every numeric array and refuses a damaged one on reading",
          "[io][reliability]") {
  TempDir d;
  const std::string path = d.file("x.h5");
  {
    h5::Id f = h5::create_file(path);
    h5::write_doubles(f, "small", {3}, {1, 2, 3});
    h5::write_int64s(f, "ints", {2, 2}, {1, 2, 3, 4});
    h5::write_strings(f, "names", {"a", "b"});
  }
  {
    h5::Id f = h5::open_file(path);
    for (const char* name : {"small", "ints"}) {
      h5::Id ds(H5Dopen2(f, name, H5P_DEFAULT), H5Dclose, "open");
      h5::Id plist(H5Dget_create_plist(ds), H5Pclose, "plist");
      unsigned flags = 0;
      INFO(name);
      CHECK(H5Pget_filter_by_id2(plist, H5Z_FILTER_FLETCHER32, &flags, nullptr, nullptr, 0, nullptr,
                                 nullptr) >= 0);
    }
  }
  hwsim::test::flip_byte_in(path, "small");
  h5::Id f = h5::open_file(path);
  CHECK_THROWS_WITH(h5::read_doubles(f, "small"), Catch::Contains("small") &&
                                                      Catch::Contains(path) &&
                                                      Catch::Contains("checksum"));
  CHECK(h5::read_int64s(f, "ints") == std::vector<std::int64_t>{1, 2, 3, 4});
}

TEST_CASE("an output set is complete or absent, and its folder is claimed by one command",
          "[cli][io][reliability]") {
  TempDir d;
  const std::string out = d.file("out");
  SECTION("a folder holding files hwsim did not write is refused unless --force") {
    fs::create_directories(out);
    std::ofstream(out + "/notes.txt") << "mine";
    const auto r = hwsim_cmd("run " + tiny() + " --out " + out + " -q");
    INFO(r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains("files hwsim did not write (notes.txt)") &&
                             Catch::Contains("--force"));
    CHECK(fs::exists(out + "/notes.txt"));
    CHECK_FALSE(fs::exists(out + "/result.h5"));
    const auto f = hwsim_cmd("run " + tiny() + " --out " + out + " -q --force");
    INFO(f.output);
    CHECK(f.code == 0);
    CHECK(fs::exists(out + "/notes.txt"));
    CHECK(fs::exists(out + "/manifest.json"));
  }
  SECTION("'/' and a file are refused as --out") {
    CHECK(hwsim_cmd("run " + tiny() + " --out / -q").code == 2);
    const auto file = d.write("file", "x");
    CHECK(hwsim_cmd("run " + tiny() + " --out " + file + " -q").code == 2);
  }
  SECTION("a second command into a folder in use refuses, leaving the first's files alone") {
    REQUIRE(hwsim_cmd("run " + tiny() + " --out " + out + " -q").code == 0);
    const auto before = fs::file_size(out + "/result.h5");
    {
      const hwsim::OutputClaim first(out, false);  // as a run in progress holds it
      const auto r = hwsim_cmd("run " + tiny() + " --out " + out + " -q -r 3");
      INFO(r.output);
      CHECK(r.code == 1);
      CHECK_THAT(r.output, Catch::Contains("another hwsim") && Catch::Contains(out));
      CHECK_THROWS_WITH(hwsim::OutputClaim(out, false), Catch::Contains("another hwsim"));
    }
    CHECK(fs::file_size(out + "/result.h5") == before);
    CHECK_NOTHROW(hwsim::check_complete(out, "result.h5"));
    // Released: a rerun replaces the set, and the lock file goes with the claim.
    CHECK(hwsim_cmd("run " + tiny() + " --out " + out + " -q -r 3").code == 0);
    CHECK_FALSE(fs::exists(d.file(".out.hwsim-lock")));
  }
  SECTION("readers refuse a folder whose set was not all put in place") {
    const std::string cmp = d.file("cmp");
    REQUIRE(hwsim_cmd("compare " + tiny() + " " + tiny() + " --out " + cmp + " -q").code == 0);
    CHECK(hwsim_cmd("finance " + cmp).code == 0);
    // A kill between the moves into an existing folder leaves it without its manifest.
    fs::rename(cmp + "/manifest.json", d.file("manifest.json"));
    auto r = hwsim_cmd("finance " + cmp);
    CHECK(r.code == 1);
    CHECK_THAT(r.output, Catch::Contains("not a complete output set"));
    // A result.h5 of another run beside this manifest.
    fs::rename(d.file("manifest.json"), cmp + "/manifest.json");
    fs::resize_file(cmp + "/result.h5", fs::file_size(cmp + "/result.h5") + 1);
    r = hwsim_cmd("finance " + cmp);
    CHECK(r.code == 1);
    CHECK_THAT(r.output, Catch::Contains("mixes files of two runs"));
  }
  SECTION("a rerun into the folder removes the files of the earlier set that it does not make") {
    fs::create_directories(out);
    std::ofstream(out + "/stale.csv") << "old";
    std::ofstream(out + "/manifest.json") << "{\"files\": [\n    {\"name\": \"stale.csv\", "
                                             "\"bytes\": 3, \"description\": \"\"}\n]}\n";
    REQUIRE(hwsim_cmd("run " + tiny() + " --out " + out + " -q").code == 0);
    CHECK_FALSE(fs::exists(out + "/stale.csv"));
    CHECK_NOTHROW(hwsim::check_complete(out, "summary.csv"));
  }
  CHECK(leftovers(d.path()) == 0);
}
