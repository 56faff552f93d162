// What a run keeps of its replications, in memory or spilled to an unnamed file
// (run/replications.hpp): the same months back either way, and a folder without room is an
// error before any work.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <type_traits>

#include "helpers.hpp"
#include "run/replications.hpp"

using namespace hwsim;
using hwsim::test::TempDir;

// A view of a replication that is about to go would dangle: not allowed.
static_assert(std::is_constructible_v<ReplicationView, const ReplicationResult&>);
static_assert(!std::is_constructible_v<ReplicationView, ReplicationResult&&>);

namespace {

// Replication k of `months` months, every month's values its own.
ReplicationResult made(int k, int months) {
  ReplicationResult r;
  r.months.resize(static_cast<std::size_t>(months));
  for (int m = 0; m < months; ++m) {
    auto& rec = r.months[static_cast<std::size_t>(m)];
    rec.stocks.population = 1000 * k + m;
    rec.tally.add(Event::JobStart);
    rec.tally.events[0] = k * m;
    rec.accounts.pay.earnings = 7 * k + m;
  }
  r.balance.warnings.push_back("replication " + std::to_string(k));
  return r;
}

bool same(const ReplicationView& a, const ReplicationResult& b) {
  return a.months.size() == b.months.size() &&
         std::memcmp(a.months.data(), b.months.data(), b.months.size() * sizeof(MonthRecord)) ==
             0 &&
         a.balance.warnings == b.balance.warnings;
}

std::size_t files_in(const std::string& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("replications read back the same kept in memory or spilled to a file",
          "[run][replications]") {
  TempDir d;
  const int R = 5, M = 13;
  Replications kept, spilled;
  spilled.spill_to(d.path(), R, M);
  CHECK(spilled.spilled());
  CHECK_FALSE(kept.spilled());
  CHECK(spilled.reserved_bytes() == R * M * sizeof(MonthRecord));
  CHECK(files_in(d.path()) == 0);  // the file has no name
  for (int k = 0; k < R; ++k) {
    const ReplicationResult r = made(k, M);
    kept.push_back(r);
    spilled.push_back(made(k, M));
    // Views taken earlier stay valid as more are added.
    CHECK(same(spilled[0], made(0, M)));
    CHECK(same(kept[0], made(0, M)));
  }
  REQUIRE(kept.size() == R);
  REQUIRE(spilled.size() == R);
  int k = 0;
  for (const ReplicationView rep : spilled) {
    CHECK(same(rep, made(k, M)));
    CHECK(same(kept[static_cast<std::size_t>(k)], made(k, M)));
    ++k;
  }
  CHECK(k == R);
  // Moved, the store keeps its file and mapping.
  Replications moved = std::move(spilled);
  CHECK(moved.spilled());
  CHECK(same(moved.front(), made(0, M)));
  CHECK(same(moved[R - 1], made(R - 1, M)));
  CHECK(moved[2].at(M - 1).stocks.population == 2000 + M - 1);
  CHECK_THROWS_AS(moved[2].at(M), std::out_of_range);
  // No room was reserved for a sixth.
  CHECK_THROWS_AS(moved.push_back(made(R, M)), std::logic_error);
  CHECK(files_in(d.path()) == 0);
}

TEST_CASE("spilling to a folder that cannot hold the file is an error before any work",
          "[run][replications][errors]") {
  TempDir d;
  Replications r;
  try {
    r.spill_to(d.file("missing"), 2, 3);
    FAIL("spilled to a folder that does not exist");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains(d.file("missing")));
    CHECK_THAT(e.what(), Catch::Contains("No such file or directory"));
  }
  CHECK_FALSE(r.spilled());
  // Only an empty store is spilled.
  r.push_back(made(0, 3));
  CHECK_THROWS_AS(r.spill_to(d.path(), 2, 3), std::logic_error);
}
