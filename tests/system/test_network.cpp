// The service network as a graph: finding services by name, and the Graphviz DOT of it.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "system/network.hpp"

using namespace hwsim;

namespace {

ServiceVertex service(const std::string& name, const std::string& label, Contact contact,
                      int intervention = -1) {
  return {name, label, contact, intervention};
}

RouteEdge route(double referral) {
  RouteEdge e;
  e.referral = referral;
  return e;
}

// What dot() writes for vertex v and for the edge u -> v.
std::string vertex_line(std::size_t v, const ServiceVertex& s) {
  if (s.contact == Contact::Intervention) return fmt::format("{}[label=\"{}\"", v, s.label);
  return fmt::format("{}[label=\"{}\\n({})\"", v, s.label, name_of(s.contact));
}
std::string edge_line(std::size_t u, std::size_t v, double referral) {
  return fmt::format("{}->{} [label=\"{:.3g}/month\"]", u, v, referral);
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

TEST_CASE("dot() names every vertex and every route with its referral probability", "[system]") {
  Network n;
  boost::add_vertex(service("gp", "GP practices", Contact::GpConsultation), n.graph);
  boost::add_vertex(service("jobcentre", "Jobcentre Plus", Contact::Jobcentre), n.graph);
  boost::add_vertex(service("ips", "Individual placement", Contact::Intervention, 0), n.graph);
  boost::add_edge(0, 2, route(0.05), n.graph);
  boost::add_edge(1, 2, route(0.0125), n.graph);
  const std::string dot = n.dot();
  CHECK_THAT(dot, Catch::StartsWith("digraph G {"));
  CHECK_THAT(dot, Catch::Contains("0[label=\"GP practices\\n(gp_consultation)\", shape=ellipse]"));
  CHECK_THAT(dot, Catch::Contains("1[label=\"Jobcentre Plus\\n(jobcentre)\", shape=ellipse]"));
  CHECK_THAT(dot, Catch::Contains("2[label=\"Individual placement\", shape=box"));
  CHECK_THAT(dot, Catch::Contains("0->2 [label=\"0.05/month\"]"));
  CHECK_THAT(dot, Catch::Contains("1->2 [label=\"0.0125/month\"]"));

  SECTION("a label with quotes stays one DOT string") {
    boost::add_vertex(service("quoted", "The \"Hub\"", Contact::Jobcentre), n.graph);
    CHECK_THAT(n.dot(), Catch::Contains("3[label=\"The \\\"Hub\\\"\\n(jobcentre)\""));
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
    CHECK_THAT(dot, Catch::Contains(vertex_line(v, n.graph[v])));
  }
  for (auto e : boost::make_iterator_range(boost::edges(n.graph))) {
    const auto u = boost::source(e, n.graph), v = boost::target(e, n.graph);
    INFO(n.graph[u].name << " -> " << n.graph[v].name);
    CHECK(n.graph[e].referral > 0);
    CHECK_THAT(dot, Catch::Contains(edge_line(u, v, n.graph[e].referral)));
  }
}
