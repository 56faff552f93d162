// The calibration's files and inputs: the checkpoint round trip and its refusals, the
// calibration files of the repository, and how fitted values enter a scenario.
#include <catch2/catch.hpp>
#include <filesystem>

#include "calibration/config.hpp"
#include "calibration/posterior.hpp"
#include "calibration/priors.hpp"
#include "helpers.hpp"
#include "params/registry.hpp"

using namespace hwsim;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

abc::State sample_state() {
  abc::State st;
  st.generations_done = 2;
  st.stop_reason = "";
  for (int i = 0; i < 4; ++i)
    st.population.push_back(
        {{0.1 * i, 1.0 / 3.0 + i}, 0.25, 0.5 + i, {0.5, 0.25 + i}, {12.0, 1e-17}});
  st.history.push_back({0, std::numeric_limits<double>::infinity(), 4, 4, 0, 1.0, 4.0, 0.5});
  st.history.push_back({1, 2.5, 9, 12, 1, 4.0 / 9.0, 3.2, 1.5});
  return st;
}

Fingerprint fingerprint(const std::string& seed = "7") {
  return {{"version", "x"}, {"seed", seed}, {"prior a", "p"}, {"prior b", "q"}};
}

}  // namespace

TEST_CASE("a checkpoint reads back exactly what was written", "[calibration][checkpoint]") {
  TempDir d;
  const auto path = d.file("checkpoint.h5");
  const abc::State st = sample_state();
  write_checkpoint(path, st, fingerprint());
  CHECK_FALSE(fs::exists(path + ".partial"));
  const abc::State back = read_checkpoint(path, fingerprint());
  CHECK(abc::to_bytes(back) == abc::to_bytes(st));
  CHECK(abc::to_bytes(abc::from_bytes(abc::to_bytes(st))) == abc::to_bytes(st));

  SECTION("one made with another seed is refused, saying what differs") {
    try {
      read_checkpoint(path, fingerprint("8"));
      FAIL("no error");
    } catch (const InputError& e) {
      CHECK_THAT(std::string(e.what()),
                 Catch::StartsWith(path + ": cannot resume: it was made with different settings") &&
                     Catch::Contains("seed is '7' in the checkpoint but '8' now"));
    }
  }
  SECTION("a truncated one is refused") {
    fs::resize_file(path, fs::file_size(path) - 100);
    CHECK_THROWS_WITH(read_checkpoint(path, fingerprint()),
                      Catch::Contains("damaged or truncated"));
  }
}

TEST_CASE("the repository's calibration files load", "[calibration][priors]") {
  const auto cfg = load_calibration_config(test::source_path("calibration/calibrate.yaml"));
  CHECK(cfg.settings.particles >= 100);
  CHECK(fs::exists(cfg.scenario_path));
  const auto fitted = load_priors(cfg.priors_path);
  REQUIRE(fitted.size() >= 4);
  REQUIRE(fitted.size() <= 8);
  for (const auto& f : fitted) {
    INFO(f.name);
    CHECK(f.reason.size() > 40);
    // The baseline's own value lies inside the prior.
    const Scenario sc = load_scenario(cfg.scenario_path);
    Params p = sc.params;
    const double base = f.spec->data(p)[f.offset];
    CHECK(f.stored(f.prior.lo) <= base);
    CHECK(base <= f.stored(f.prior.hi));
  }
}

TEST_CASE("fitted values enter the status quo and a scenario's own change stands",
          "[calibration][priors]") {
  TempDir d;
  const auto path = d.write("s.yaml", test::override_yaml(R"(parameters:
  claims:
    assessment_wca: {value: 0.2, unit: probability_per_month, source: "what-if"}
)"));
  Scenario sc = load_scenario(path);
  const std::vector<FittedParam> fitted{
      fitted_param("claims.assessment_wca", "", "probability_per_month"),
      fitted_param("claims.exit_other", "esa_wrag", "per_year")};
  apply_theta(fitted, {0.07, 1.2}, sc);
  CHECK(sc.start_params.claims.assessment_wca == 0.07);
  CHECK(sc.params.claims.assessment_wca == 0.2);  // the scenario's own value
  const double monthly = 1 - std::exp(-1.2 / 12);
  CHECK(sc.start_params.claims.exit_other[idx(Benefit::EsaWrag)] == Approx(monthly));
  CHECK(sc.params.claims.exit_other[idx(Benefit::EsaWrag)] == Approx(monthly));
  CHECK_THROWS_WITH(fitted_param("labour.job_entry", "", "per_year"),
                    Catch::Contains("give a level"));
  CHECK_THROWS_WITH(fitted_param("claims.wca_outcome", "moderate.fit", "probability"),
                    Catch::Contains("add up to 1"));
}
