#include "system/network.hpp"

#include <fmt/format.h>

#include <boost/graph/graphviz.hpp>
#include <sstream>

namespace hwsim {

namespace {
std::string escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}
}  // namespace

int Network::vertex_of(const std::string& name) const {
  for (auto v : boost::make_iterator_range(boost::vertices(graph)))
    if (graph[v].name == name) return static_cast<int>(v);
  return -1;
}

std::string Network::dot() const {
  std::ostringstream out;
  auto vertex_writer = [&](std::ostream& os, std::size_t v) {
    const auto& s = graph[v];
    if (s.contact == Contact::Intervention)
      os << fmt::format("[label=\"{}\", shape=box, style=filled, fillcolor=\"#dbe9f6\"]",
                        escape(s.label));
    else
      os << fmt::format("[label=\"{}\\n({})\", shape=ellipse]", escape(s.label),
                        name_of(s.contact));
  };
  auto edge_writer = [&](std::ostream& os, const ServiceGraph::edge_descriptor& e) {
    os << fmt::format("[label=\"{:.3g}/month\"]", graph[e].referral);
  };
  boost::write_graphviz(out, graph, vertex_writer, edge_writer);
  return out.str();
}

}  // namespace hwsim
