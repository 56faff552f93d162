// report.html: one self-contained page with the comparison's data embedded as JSON.
#include <fmt/format.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <catch2/catch.hpp>
#include <sstream>

#include "comparison.hpp"
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
  const std::string html = render_report(c.paired(), c.finance);
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>") && Catch::EndsWith("</html>\n"));
  CHECK_THAT(html, Catch::Contains(c.scenario.name) && Catch::Contains(c.baseline.name));
  // The tiny scenario keeps the baseline's target of 10,130 ESA/IB claimants.
  REQUIRE(c.scenario.sim.target_esa_ib == 10130);
  CHECK_THAT(html, Catch::Contains("target of 10130 by 2019-03"));

  SECTION("nothing is fetched from anywhere") {
    for (const char* load : {"src=", "href=", "<link", "url(", "@import", "fetch(",
                             "XMLHttpRequest", "<iframe", "<object", "<embed"}) {
      INFO(load);
      CHECK(positions(html, load).empty());
    }
    // The only address is the SVG namespace, a name rather than a fetch.
    const std::string svg_ns = "http://www.w3.org/2000/svg";
    for (std::size_t at : positions(html, "http://"))
      CHECK(html.compare(at, svg_ns.size(), svg_ns) == 0);
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
    CHECK(data.get<double>("esa.target") == 10130);
    const auto& months = data.get_child("months");
    REQUIRE(months.size() == static_cast<std::size_t>(c.scenario.sim.months));
    CHECK(months.front().second.get_value<std::string>() == c.scenario.sim.start.str());
    CHECK(data.get_child("esa.base.mean").size() == months.size());
    CHECK(data.get_child("esa.scen.p95").size() == months.size());
    CHECK(data.get_child("finance").size() == kPositions);
  }
}
