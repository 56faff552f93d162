#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "input/yaml.hpp"

using namespace hwsim;

namespace {

const std::string kFile = "in.yaml";

// Where and how a reader failed.
struct Failure {
  int line = -1, column = -1;
  std::string key, what;
};

template <typename F>
Failure failure_of(F&& read) {
  try {
    read();
  } catch (const InputError& e) {
    CHECK(e.file() == kFile);
    return {e.line(), e.column(), e.key(), e.what()};
  }
  FAIL("expected an InputError");
  return {};
}

// One key a line: the value of the key on line L starts at column 1 + "key: ".size().
const YAML::Node doc = YAML::Load(
    "month: 2015-04\n"                                                          // 1
    "month13: 2015-13\n"                                                        // 2
    "months: [2015-04]\n"                                                       // 3
    "twelve: 12\n"                                                              // 4
    "twelve_f: 12.0\n"                                                          // 5
    "thousand: 1e3\n"                                                           // 6
    "plus: +7\n"                                                                // 7
    "minus: -3\n"                                                               // 8
    "half: 0.5\n"                                                               // 9
    "big: 1201\n"                                                               // 10
    "word: lots\n"                                                              // 11
    "u64max: 18446744073709551615\n"                                            // 12
    "u64over: 18446744073709551616\n"                                           // 13
    "yes_: true\n"                                                              // 14
    "no_: false\n"                                                              // 15
    "yesno: yes\n"                                                              // 16
    "flag_map: {a: 1}\n"                                                        // 17
    "severity: severe\n"                                                        // 18
    "severity_typo: sever\n"                                                    // 19
    "benefits: [jsa, esa_wrag]\n"                                               // 20
    "benefits_typo: [jsa, esa_wragg]\n"                                         // 21
    "benefit_one: jsa\n"                                                        // 22
    "rate: {value: 0.12, unit: per_year, source: test}\n"                       // 23
    "rate_unit: {value: 0.12, unit: percent, source: test}\n"                   // 24
    "rate_high: {value: 0.5, unit: probability_per_month, source: test}\n"      // 25
    "rate_nosource: {value: 0.12, unit: per_year}\n"                            // 26
    "rate_extra: {value: 1, unit: per_year, source: t, price_year: 2014/15}\n"  // 27
    "ages: {min: 16}\n"                                                         // 28
    "empty:\n");                                                                // 29

}  // namespace

TEST_CASE("as_month reads YYYY-MM and names line, column and key otherwise", "[input][yaml]") {
  CHECK(as_month(kFile, doc["month"], "month") == YearMonth{2015, 4});
  auto f = failure_of([] { as_month(kFile, doc["month13"], "x.month13"); });
  CHECK(f.line == 2);
  CHECK(f.column == 10);
  CHECK(f.key == "x.month13");
  CHECK_THAT(f.what, Catch::Contains("expected a month written YYYY-MM, got '2015-13'"));
  CHECK_THAT(f.what, Catch::StartsWith("in.yaml:2:10: key 'x.month13':"));
  f = failure_of([] { as_month(kFile, doc["months"], "months"); });
  CHECK(f.line == 3);
  CHECK(f.column == 9);
  CHECK_THAT(f.what, Catch::Contains("expected a month written YYYY-MM, got a list"));
  f = failure_of([] { as_month(kFile, doc["empty"], "empty"); });
  CHECK(f.key == "empty");
  CHECK_THAT(f.what, Catch::Contains("expected a month written YYYY-MM, got nothing"));
}

TEST_CASE("as_whole reads whole numbers in range", "[input][yaml]") {
  CHECK(as_whole(kFile, doc["twelve"], "twelve", 1, 1200) == 12);
  CHECK(as_whole(kFile, doc["twelve_f"], "twelve_f", 1, 1200) == 12);
  CHECK(as_whole(kFile, doc["thousand"], "thousand", 0, 1000) == 1000);
  CHECK(as_whole(kFile, doc["plus"], "plus", 0, 10) == 7);
  CHECK(as_whole(kFile, doc["minus"], "minus", -5, 5) == -3);
  CHECK(as_whole<std::int64_t>(kFile, doc["twelve"], "twelve", 0, 9007199254740992) == 12);
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  CHECK(as_whole<std::uint64_t>(kFile, doc["u64max"], "u64max", 0, kMax) == kMax);
}

TEST_CASE("as_whole refuses fractions, numbers out of range and words", "[input][yaml]") {
  auto f = failure_of([] { as_whole(kFile, doc["half"], "sim.half", 1, 1200, "months"); });
  CHECK(f.line == 9);
  CHECK(f.column == 7);
  CHECK(f.key == "sim.half");
  CHECK_THAT(f.what, Catch::Contains("expected a whole number of months from 1 to 1200, got 0.5"));
  f = failure_of([] { as_whole(kFile, doc["big"], "big", 1, 1200); });
  CHECK(f.line == 10);
  CHECK(f.column == 6);
  CHECK_THAT(f.what, Catch::Contains("expected a whole number from 1 to 1200, got 1201"));
  f = failure_of([] { as_whole(kFile, doc["thousand"], "thousand", 0, 999); });
  CHECK(f.line == 6);
  CHECK_THAT(f.what, Catch::Contains("from 0 to 999, got 1e3"));
  f = failure_of([] { as_whole(kFile, doc["word"], "word", 0, 10); });
  CHECK(f.line == 11);
  CHECK(f.column == 7);
  CHECK(f.key == "word");
  CHECK_THAT(f.what, Catch::Contains("expected a number, got 'lots'"));
  f = failure_of([] { as_whole<std::uint64_t>(kFile, doc["minus"], "minus", 0, 10); });
  CHECK(f.line == 8);
  CHECK_THAT(f.what, Catch::Contains("from 0 to 10, got -3"));
  f = failure_of([] {
    as_whole<std::uint64_t>(kFile, doc["u64over"], "u64over", 0,
                            std::numeric_limits<std::uint64_t>::max());
  });
  CHECK(f.line == 13);
  CHECK(f.column == 10);
  CHECK_THAT(f.what, Catch::Contains("from 0 to 18446744073709551615"));
  f = failure_of([] { as_whole(kFile, doc["u64max"], "u64max", 0, 100); });
  CHECK(f.line == 12);
  CHECK_THAT(f.what, Catch::Contains("from 0 to 100, got 18446744073709551615"));
}

TEST_CASE("as_bool reads true and false only", "[input][yaml]") {
  CHECK(as_bool(kFile, doc["yes_"], "yes_"));
  CHECK_FALSE(as_bool(kFile, doc["no_"], "no_"));
  CHECK(bool_of(doc["yes_"]) == true);
  CHECK(bool_of(doc["no_"]) == false);
  CHECK_FALSE(bool_of(doc["yesno"]).has_value());
  auto f = failure_of([] { as_bool(kFile, doc["yesno"], "iv.appealing"); });
  CHECK(f.line == 16);
  CHECK(f.column == 8);
  CHECK(f.key == "iv.appealing");
  CHECK_THAT(f.what, Catch::Contains("expected true or false, got 'yes'"));
  f = failure_of([] { as_bool(kFile, doc["flag_map"], "flag_map"); });
  CHECK(f.line == 17);
  CHECK(f.column == 11);
  CHECK_THAT(f.what, Catch::Contains("expected true or false, got a mapping"));
}

TEST_CASE("as_level and as_levels read levels by name", "[input][yaml]") {
  CHECK(as_level<Severity>(kFile, doc["severity"], "severity", "severity") == Severity::Severe);
  auto f =
      failure_of([] { as_level<Severity>(kFile, doc["severity_typo"], "x.severity", "severity"); });
  CHECK(f.line == 19);
  CHECK(f.column == 16);
  CHECK(f.key == "x.severity");
  CHECK_THAT(f.what, Catch::Contains("unknown severity 'sever'; did you mean 'severe'? (known: "
                                     "mild, moderate, severe)"));

  ByLevel<Benefit, bool> b{};
  as_levels<Benefit>(kFile, doc["benefits"], "benefits", b);
  CHECK(b[idx(Benefit::Jsa)]);
  CHECK(b[idx(Benefit::EsaWrag)]);
  CHECK_FALSE(b[idx(Benefit::None)]);
  CHECK_FALSE(b[idx(Benefit::EsaSupport)]);
  f = failure_of([&] { as_levels<Benefit>(kFile, doc["benefits_typo"], "e.benefits", b); });
  CHECK(f.line == 21);
  CHECK(f.column == 22);
  CHECK(f.key == "e.benefits.esa_wragg");
  CHECK_THAT(f.what, Catch::Contains("unknown level 'esa_wragg'; did you mean 'esa_wrag'?"));
  f = failure_of([&] { as_levels<Benefit>(kFile, doc["benefit_one"], "e.benefits", b); });
  CHECK(f.line == 22);
  CHECK(f.column == 14);
  CHECK_THAT(f.what, Catch::Contains("expected a list of levels"));
}

TEST_CASE("unknown and suggest name the closest valid word", "[input][yaml]") {
  CHECK(unknown("rule", "fixed_share", {"fixed_shares", "per_job_outcome"}) ==
        "unknown rule 'fixed_share'; did you mean 'fixed_shares'? (known: fixed_shares, "
        "per_job_outcome)");
  CHECK(unknown("rule", "zzz", {"fixed_shares", "per_job_outcome"}) ==
        "unknown rule 'zzz' (known: fixed_shares, per_job_outcome)");
  CHECK(suggest("sed", {"seed", "months"}) ==
        "unknown key; did you mean 'seed'? (valid: seed, months)");
}

TEST_CASE("require_keys names the first missing key", "[input][yaml]") {
  require_keys(kFile, doc, "", {"month", "twelve"});
  auto f = failure_of([] { require_keys(kFile, doc["ages"], "ages", {"min", "max"}); });
  CHECK(f.line == 28);
  CHECK(f.column == 7);
  CHECK(f.key == "ages");
  CHECK_THAT(f.what, Catch::Contains("missing 'max'"));
  // At the top level the key is the missing name itself.
  f = failure_of([] { require_keys(kFile, doc, "", {"month", "seed"}); });
  CHECK(f.key == "seed");
  CHECK_THAT(f.what, Catch::Contains("missing 'seed'"));
}

TEST_CASE("quantities: unit, range and source", "[input][yaml]") {
  const Quantity q = read_quantity(kFile, doc["rate"], "rate", Kind::Rate, 0, 1);
  CHECK(q.value == Approx(1 - std::exp(-0.12 / 12)));
  CHECK(q.unit == "per_year");
  CHECK(q.source == "test");
  CHECK(q.line == 23);
  CHECK(quantity_unit(kFile, doc["rate_extra"], "rate_extra", Kind::Rate, {"price_year"}) ==
        "per_year");

  auto f =
      failure_of([] { read_quantity(kFile, doc["rate_unit"], "rate_unit", Kind::Rate, 0, 1); });
  CHECK(f.line == 24);
  CHECK(f.column == 32);
  CHECK(f.key == "rate_unit.unit");
  CHECK_THAT(f.what, Catch::Contains("unit 'percent' does not fit this number (use per_year"));
  f = failure_of([] {
    quantity_unit(kFile, doc["rate_unit"], "rate_unit", Kind::Rate, {}, "this parameter");
  });
  CHECK_THAT(f.what, Catch::Contains("does not fit this parameter"));
  f = failure_of([] { read_quantity(kFile, doc["rate_high"], "rate_high", Kind::Rate, 0, 0.1); });
  CHECK(f.line == 25);
  CHECK(f.column == 20);
  CHECK(f.key == "rate_high");
  CHECK_THAT(f.what, Catch::Contains("value 0.5 probability_per_month is out of range (allowed 0 "
                                     "to 0.1 as a monthly probability: a rate of at most 1.26 a "
                                     "year)"));
  f = failure_of(
      [] { read_quantity(kFile, doc["rate_nosource"], "rate_nosource", Kind::Rate, 0, 1); });
  CHECK(f.line == 26);
  CHECK(f.column == 16);
  CHECK_THAT(f.what, Catch::Contains("missing 'source'"));
  f = failure_of([] { read_quantity(kFile, doc["rate_extra"], "rate_extra", Kind::Rate, 0, 1); });
  CHECK(f.key == "rate_extra.price_year");
  CHECK_THAT(f.what, Catch::Contains("unknown key (valid: value, unit, source, note, uncertainty)"));

  CHECK(as_stored(kFile, doc["twelve"], "twelve", Kind::Share, "percent", 0, 1) == Approx(0.12));
  f = failure_of([] { as_stored(kFile, doc["twelve"], "twelve", Kind::Share, "share", 0, 1); });
  CHECK(f.line == 4);
  CHECK(f.column == 9);
  CHECK_THAT(f.what, Catch::Contains("value 12 share is out of range (allowed 0 to 1)"));
}

TEST_CASE("convert_in_range converts and checks the stored range", "[input][units]") {
  double s = 0;
  CHECK(convert_in_range(Kind::Share, "percent", 50, 0, 1, s));
  CHECK(s == Approx(0.5));
  CHECK_FALSE(convert_in_range(Kind::Share, "percent", 150, 0, 1, s));
  CHECK_FALSE(convert_in_range(Kind::Share, "gbp", 0.5, 0, 1, s));
  CHECK(allowed_range(Kind::Rate, 0, 1) == "allowed 0 to 1 as a monthly probability");
  CHECK(allowed_range(Kind::Share, 0, 1) == "allowed 0 to 1");
}
