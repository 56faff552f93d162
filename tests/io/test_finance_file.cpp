// /finance of a comparison's result.h5: written, read back for `hwsim finance`, and refused
// when damaged.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "comparison.hpp"
#include "io/finance_writer.hpp"
#include "io/h5.hpp"

using namespace hwsim;
namespace fs = std::filesystem;

namespace {

// Equal, or both NaN (no cost, or not paid back).
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

TEST_CASE("the finance of a comparison reads back as written", "[io][finance]") {
  const auto& c = test::small_comparison();
  test::TempDir d;
  const std::string path = d.file("result.h5");
  {
    h5::Id f = h5::create_file(path);
    write_finance_h5(f, c.paired(), c.finance);
  }
  const FinanceResult back = read_finance(path);
  CHECK(finance_table(back) == finance_table(c.finance));
  CHECK(back.start == c.finance.start);
  CHECK(back.discount_to == c.finance.discount_to);
  CHECK(back.last_month == c.finance.last_month);
  CHECK(back.price_base_year == c.finance.price_base_year);
  CHECK(back.horizon_asked == c.finance.horizon_asked);
  CHECK(back.discount_rate == c.finance.discount_rate);
  CHECK(back.optimism_bias == c.finance.optimism_bias);
  CHECK(back.rule_names == c.finance.rule_names);
  REQUIRE(back.reps.size() == c.finance.reps.size());
  for (std::size_t k = 0; k < back.reps.size(); ++k)
    for (std::size_t p = 0; p < kPositions; ++p)
      for (std::size_t m = 0; m < kFinanceMeasures.size(); ++m) {
        INFO("replication " << k << ", position " << p << ", " << kFinanceMeasures[m]);
        CHECK(same(measure_of(back.reps[k], p, m), measure_of(c.finance.reps[k], p, m)));
      }

  SECTION("a truncated file is refused, naming it") {
    fs::resize_file(path, fs::file_size(path) / 2);
    CHECK_THROWS_WITH(read_finance(path), Catch::Contains(path));
  }
  SECTION("a file without /finance is refused, naming it") {
    const std::string other = d.file("other.h5");
    { h5::Id f = h5::create_file(other); }
    CHECK_THROWS_WITH(read_finance(other), Catch::Contains(other) && Catch::Contains("/finance"));
  }
}
