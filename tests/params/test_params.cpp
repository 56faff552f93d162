// The parameter registry: unit conversion of its values, and the parameter dictionary made
// from it.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "input/units.hpp"
#include "params/registry.hpp"

using namespace hwsim;

TEST_CASE("rates are converted once to monthly probabilities", "[params]") {
  double p = 0;
  REQUIRE(convert_unit(Kind::Rate, "per_year", 0.12, p));
  CHECK(p == Approx(1 - std::exp(-0.01)));
  REQUIRE(convert_unit(Kind::Rate, "probability_per_year", 0.2, p));
  CHECK(1 - std::pow(1 - p, 12) == Approx(0.2));
  REQUIRE(convert_unit(Kind::Rate, "per_month", 0.5, p));
  CHECK(p == Approx(1 - std::exp(-0.5)));
  REQUIRE(convert_unit(Kind::Share, "percent", 68.6, p));
  CHECK(p == Approx(0.686));
  REQUIRE(convert_unit(Kind::Money, "gbp_per_week", 12, p));
  CHECK(p == Approx(52.0));
  REQUIRE(convert_unit(Kind::Frequency, "events_per_year", 6, p));
  CHECK(p == Approx(0.5));
  CHECK_FALSE(convert_unit(Kind::Frequency, "per_year", 6, p));
  CHECK_FALSE(convert_unit(Kind::Rate, "persons", 1, p));
  CHECK_FALSE(convert_unit(Kind::Ratio, "per_year", 1, p));
}

TEST_CASE("the parameter dictionary lists every registry row", "[params]") {
  const std::string md = parameter_dictionary_markdown();
  for (const auto& s : registry()) CHECK_THAT(md, Catch::Contains("`" + s.key + "`"));
}

TEST_CASE("scenarios/parameters.md is the current dictionary", "[params][docs]") {
  std::ifstream in(test::source_path("scenarios/parameters.md"));
  std::stringstream ss;
  ss << in.rdbuf();
  INFO("regenerate with: build/sim/hwsim params > scenarios/parameters.md");
  CHECK(ss.str() == parameter_dictionary_markdown());
}
