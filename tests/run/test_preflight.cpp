// What a run checks before it steps: the starting population can be synthesised, and the memory
// it would hold is within bounds (run/preflight.hpp).
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "run/preflight.hpp"

using namespace hwsim;
using hwsim::test::TempDir;

TEST_CASE("population targets that cannot be met together are refused before a run",
          "[run][preflight]") {
  CHECK_NOTHROW(check_population(load_scenario(hwsim::test::baseline_path())));
  TempDir d;
  const auto s = d.write(
      "gap.yaml",
      hwsim::test::override_yaml("parameters:\n  population:\n    ltc_employment_gap: {value: 90, "
                                 "unit: percentage_points, source: x}\n"));
  const Scenario sc = load_scenario(s);  // each value is in range on its own
  try {
    check_population(sc);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.line() > 0);
    CHECK_THAT(e.key(), Catch::StartsWith("population"));
    CHECK_THAT(e.message(), Catch::Contains("cannot all be met together"));
  }
}

TEST_CASE("the memory estimate grows with agents and with the months kept", "[run][preflight]") {
  const Scenario sc = load_scenario(hwsim::test::baseline_path());
  const MemoryEstimate one = estimate_memory(sc, 1);
  const MemoryEstimate twenty = estimate_memory(sc, 20);
  const MemoryEstimate paired = estimate_memory(sc, 20, 2);
  CHECK(one.agents == sc.params.population.size);
  CHECK(twenty.months_kept == 20 * sc.sim.months);
  CHECK(paired.months_kept == 2 * twenty.months_kept);
  CHECK(twenty.bytes - one.bytes == Approx(19 * sc.sim.months * kBytesPerMonthKept));
  CHECK(one.bytes == Approx(kBytesFixed + kBytesPerAgent * sc.params.population.size +
                            kBytesPerMonthKept * sc.sim.months));
  Scenario big = sc;
  big.params.population.size = 1e8;
  const MemoryEstimate e = estimate_memory(big, 20);
  CHECK(e.bytes > 1e8 * kBytesPerAgent);
  CHECK(estimate_memory(big, 20, 2, 4).bytes - e.bytes ==
        Approx(3 * 1e8 * kBytesPerAgent + 20 * sc.sim.months * kBytesPerMonthKept));

  CHECK_NOTHROW(check_memory(sc, twenty, 64.0 * (1 << 30), "64 GB"));
  try {
    check_memory(big, e, 4.0 * (1 << 30), "--max-memory 4.0 GB");
    FAIL("expected an InputError");
  } catch (const InputError& err) {
    CHECK(err.key() == "population.size");
    CHECK(err.line() > 0);
    CHECK_THAT(err.message(), Catch::Contains("would hold about 11 GB") &&
                                  Catch::Contains("more than --max-memory 4.0 GB") &&
                                  Catch::Contains("--max-memory 12G to run anyway"));
  }
  CHECK(bytes_text(512) == "512 bytes");
  CHECK(bytes_text(1536) == "1.5 kB");
  CHECK(bytes_text(64.0 * (1 << 30)) == "64 GB");
  CHECK(physical_memory() > 0);
}

TEST_CASE("the estimate of replications kept in files grows only by what memory keeps of each",
          "[run][preflight]") {
  const Scenario sc = load_scenario(hwsim::test::baseline_path());
  // A comparison: two runs; one replication of each in memory at a time.
  const MemoryEstimate ten = estimate_spilled_memory(sc, 10, 2, 2);
  const MemoryEstimate thousand = estimate_spilled_memory(sc, 1000, 2, 2);
  CHECK(ten.months_kept == 2 * sc.sim.months);
  CHECK(thousand.months_kept == ten.months_kept);
  CHECK(thousand.streamed == 2000);
  CHECK(thousand.bytes - ten.bytes == Approx(1980 * kBytesPerReplicationStreamed));
  // Against keeping every month: 1,000 paired replications would be about 2.3 GB.
  CHECK(estimate_memory(sc, 1000, 2, 2).bytes - thousand.bytes > 2e9);
}
