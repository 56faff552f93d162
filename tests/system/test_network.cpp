// The service network as a graph: finding services by name, and the Graphviz DOT of it.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "system/network.hpp"

using namespace hwsim;

namespace {

ServiceVertex service(const std::string& name, const std::string& label, Contact contact,
                      int intervention = -1) {
  ServiceVertex s;
  s.name = name;
  s.label = label;
  s.contact = contact;
  s.intervention = intervention;
  return s;
}

RouteEdge route(double referral) {
  RouteEdge e;
  e.referral = referral;
  return e;
}

// What dot() writes for a vertex (its id, and its title in its label) and for an edge.
std::string vertex_text(const ServiceVertex& s) { return fmt::format("\"{}\" [", s.name); }
std::string title_text(const ServiceVertex& s) {
  std::string label;
  for (char ch : s.label) label += ch == '&' ? std::string("&amp;") : std::string(1, ch);
  return fmt::format("<b>{}</b>", label);
}
std::string edge_text(const std::string& u, const std::string& v, double referral) {
  return fmt::format("\"{}\" -> \"{}\" [label=\"{:.3g}% a month\"", u, v, 100 * referral);
}

}  // namespace

TEST_CASE("vertex_of finds services by name and gives -1 for others", "[system]") {
  Network n;
  boost::add_vertex(service("gp", "GP practices", Contact::GpConsultation), n.graph);
  boost::add_vertex(service("jobcentre", "Jobcentre Plus", Contact::Jobcentre), n.graph);
  boost::add_vertex(service("ips", "Individual placement", Contact::Intervention, 0), n.graph);
  CHECK(n.vertex_of("gp") == 0);
  CHECK(n.vertex_of("jobcentre") == 1);
  CHECK(n.vertex_of("ips") == 2);
  CHECK(n.vertex_of("GP practices") == -1);  // a label is not a name
  CHECK(n.vertex_of("") == -1);
  CHECK(n.vertex_of("iapt") == -1);
  CHECK(Network{}.vertex_of("gp") == -1);
}

TEST_CASE("dot() draws every service, programme and route, with a legend", "[system]") {
  Network n;
  boost::add_vertex(service("gp", "GP practices", Contact::GpConsultation), n.graph);
  boost::add_vertex(service("jobcentre", "Jobcentre Plus", Contact::Jobcentre), n.graph);
  boost::add_vertex(service("ips", "Individual placement", Contact::Intervention, 0), n.graph);
  boost::add_vertex(service("aftercare", "Aftercare", Contact::Intervention, 1), n.graph);
  n.graph[2].details = {"employment support", "200 places", "paid by NHS England"};
  n.graph[2].source = "seed 7.8";
  boost::add_edge(0, 2, route(0.05), n.graph);
  boost::add_edge(1, 2, route(0.0125), n.graph);
  boost::add_edge(2, 3, route(0.5), n.graph);
  const std::string dot = n.dot("The map");
  CHECK_THAT(dot, Catch::StartsWith("digraph services {"));
  CHECK_THAT(dot, Catch::Contains("label=\"The map\""));
  // Services: an ellipse, the title, and who the service sees in a month.
  CHECK_THAT(dot, Catch::Contains("\"gp\" [shape=ellipse") &&
                      Catch::Contains("<b>GP practices</b>") &&
                      Catch::Contains("residents who saw a GP in the month"));
  // Programmes: a box with what it is, its places and its payer; the source only in the tooltip.
  CHECK_THAT(dot, Catch::Contains("\"ips\" [shape=box") &&
                      Catch::Contains("<b>Individual placement</b><br/><font point-size=\"9\">"
                                      "employment support</font>") &&
                      Catch::Contains("200 places") && Catch::Contains("paid by NHS England") &&
                      Catch::Contains("tooltip=\"Individual placement\\nSources: seed 7.8\""));
  CHECK(dot.find("seed 7.8") == dot.rfind("seed 7.8"));  // once: in the tooltip
  CHECK_THAT(dot, Catch::Contains(edge_text("gp", "ips", 0.05) + ", tooltip="));
  CHECK_THAT(dot, Catch::Contains(edge_text("jobcentre", "ips", 0.0125) + ", tooltip="));
  // Onward from a programme: dashed.
  CHECK_THAT(dot, Catch::Contains(edge_text("ips", "aftercare", 0.5) + ", style=dashed"));
  // The legend explains the shapes and the lines.
  CHECK_THAT(dot, Catch::Contains("\"map legend\" [shape=plaintext") &&
                      Catch::Contains("<b>Legend</b>") && Catch::Contains("<b>Service</b>") &&
                      Catch::Contains("ellipse:") && Catch::Contains("<b>Programme</b>") &&
                      Catch::Contains("box:") && Catch::Contains("referral route") &&
                      Catch::Contains("onward referral (dashed)"));

  SECTION("labels with quotes and markup stay one DOT string and one HTML label") {
    boost::add_vertex(service("quoted \"hub\"", "The \"Hub\" & <co>", Contact::Jobcentre), n.graph);
    const std::string d2 = n.dot();
    CHECK_THAT(d2, Catch::Contains("\"quoted \\\"hub\\\"\" [") &&
                       Catch::Contains("<b>The &quot;Hub&quot; &amp; &lt;co&gt;</b>"));
  }
}

TEST_CASE("the network of a scenario names every service, intervention and route", "[system]") {
  const Scenario sc = load_scenario(test::source_path("scenarios/nhs-england-trial.yaml"));
  const Network& n = sc.interventions.network;
  REQUIRE(boost::num_vertices(n.graph) > 0);
  REQUIRE(boost::num_edges(n.graph) > 0);
  CHECK(n.vertex_of("gp") >= 0);
  CHECK(n.vertex_of("jobcentre") >= 0);
  CHECK(n.vertex_of("no_such_service") == -1);
  const std::string dot = n.dot();
  for (auto v : boost::make_iterator_range(boost::vertices(n.graph))) {
    INFO(n.graph[v].name);
    CHECK(n.vertex_of(n.graph[v].name) == static_cast<int>(v));
    CHECK_THAT(dot,
               Catch::Contains(vertex_text(n.graph[v])) && Catch::Contains(title_text(n.graph[v])));
    // A label says what the service is; citations stay in the tooltip.
    CHECK_THAT(title_text(n.graph[v]), !Catch::Contains("seed"));
  }
  for (auto e : boost::make_iterator_range(boost::edges(n.graph))) {
    const auto u = boost::source(e, n.graph), v = boost::target(e, n.graph);
    INFO(n.graph[u].name << " -> " << n.graph[v].name);
    CHECK(n.graph[e].referral > 0);
    CHECK_THAT(dot,
               Catch::Contains(edge_text(n.graph[u].name, n.graph[v].name, n.graph[e].referral)));
  }
}
