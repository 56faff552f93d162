#include <catch2/catch.hpp>

#include "core/calendar.hpp"

using namespace hwsim;

TEST_CASE("months parse - print and count", "[calendar]") {
  const auto nov14 = YearMonth::parse("2014-11");
  REQUIRE(nov14);
  CHECK(nov14->str() == "2014-11");
  CHECK(nov14->plus(52).str() == "2019-03");
  CHECK(months_between(*nov14, YearMonth{2019, 3}) == 52);
  CHECK_FALSE(YearMonth::parse("2014-13"));
  CHECK_FALSE(YearMonth::parse("2014/11"));
  CHECK_FALSE(YearMonth::parse("14-11"));
}
