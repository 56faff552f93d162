// report.html: one self-contained page with the comparison's data embedded as JSON.
#include <fmt/format.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <catch2/catch.hpp>
#include <sstream>

#include "comparison.hpp"
#include "report/chartjs.hpp"
#include "report/report.hpp"

using namespace hwsim;

namespace {

// Every occurrence of `what` in `text`, by position.
std::vector<std::size_t> positions(const std::string& text, const std::string& what) {
  std::vector<std::size_t> at;
  for (auto k = text.find(what); k != std::string::npos; k = text.find(what, k + 1))
    at.push_back(k);
  return at;
}

}  // namespace

TEST_CASE("the report is one self-contained page with its data embedded as JSON", "[report]") {
  const auto& c = test::small_comparison();
  const std::string page = render_report(c.paired(), c.finance);
  // The charting library (Debian's Chart.js) is embedded whole; the checks below are of the
  // page around it.
  const std::string_view lib = chartjs_source();
  REQUIRE(lib.size() > 100000);
  const auto at = page.find(lib);
  REQUIRE(at != std::string::npos);
  const std::string html = page.substr(0, at) + page.substr(at + lib.size());
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>") && Catch::EndsWith("</html>\n"));
  CHECK_THAT(html, Catch::Contains(c.scenario.name) && Catch::Contains(c.baseline.name));
  // The tiny scenario keeps the baseline's target of 10,130 ESA/IB claimants.
  REQUIRE(c.scenario.sim.target_esa_ib == 10130);
  CHECK_THAT(html, Catch::Contains("the target of 10,130 by 2019-03"));

  SECTION("nothing is fetched from anywhere") {
    for (const char* load : {"src=", "href=", "<link", "url(", "@import", "fetch(",
                             "XMLHttpRequest", "<iframe", "<object", "<embed"}) {
      INFO(load);
      CHECK(positions(html, load).empty());
    }
    CHECK(positions(html, "http://").empty());
    CHECK(positions(html, "https://").empty());
  }

  SECTION("the embedded data is JSON and holds the comparison") {
    const std::string open = "<script type=\"application/json\" id=\"data\">";
    const auto from = html.find(open);
    REQUIRE(from != std::string::npos);
    const auto begin = from + open.size();
    const auto end = html.find("</script>", begin);
    REQUIRE(end != std::string::npos);
    std::istringstream json(html.substr(begin, end - begin));
    boost::property_tree::ptree data;
    REQUIRE_NOTHROW(boost::property_tree::read_json(json, data));
    CHECK(data.get<std::string>("scenario") == c.scenario.name);
    CHECK(data.get<std::string>("baseline") == c.baseline.name);
    CHECK(data.get<double>("target.level") == 10130);
    CHECK(data.get<std::string>("target.date") ==
          c.scenario.sim.start.plus(c.paired().target_month()).str());
    const auto& months = data.get_child("months");
    REQUIRE(months.size() == static_cast<std::size_t>(c.scenario.sim.months));
    CHECK(months.front().second.get_value<std::string>() == c.scenario.sim.start.str());
    CHECK(data.get_child("esa.base.mean").size() == months.size());
    CHECK(data.get_child("esa.scen.p95").size() == months.size());
    CHECK(data.get_child("esa.diff.p05").size() == months.size());
    CHECK(data.get_child("finance").size() == kPositions);
  }
}
