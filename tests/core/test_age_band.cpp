#include <catch2/catch.hpp>

#include "core/enums.hpp"

TEST_CASE("the age band of an age in months is the band of its whole years", "[core]") {
  for (unsigned m = 0; m <= 100 * 12; ++m) {
    INFO(m << " months");
    REQUIRE(hwsim::age_band_of_months(m) == hwsim::age_band_of(static_cast<int>(m / 12)));
  }
  CHECK(hwsim::age_band_of_months(25 * 12 - 1) == hwsim::AgeBand::A16_24);
  CHECK(hwsim::age_band_of_months(25 * 12) == hwsim::AgeBand::A25_34);
  CHECK(hwsim::age_band_of_months(65 * 12) == hwsim::AgeBand::A50_64);
}
