#include "system/network.hpp"

#include <fmt/format.h>

#include <sstream>

#include "core/text.hpp"

namespace hwsim {

namespace {

// A DOT string's text (inside double quotes): quotes and backslashes escaped, lines as \n.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + "\"";
}

// A label: the title in bold, then each detail line smaller.
std::string label(const std::string& title, const std::vector<std::string>& details) {
  std::string out = "<<b>" + html_escape(title) + "</b>";
  for (const auto& d : details) out += "<br/><font point-size=\"9\">" + html_escape(d) + "</font>";
  return out + ">";
}

// The looks of the map, shared by its nodes and its legend.
constexpr const char* kServiceFill = "#fdf1d6";
constexpr const char* kProgrammeFill = "#dbe9f6";
const std::string kServiceStyle =
    fmt::format("shape=ellipse, style=filled, fillcolor=\"{}\"", kServiceFill);
const std::string kProgrammeStyle =
    fmt::format("shape=box, style=\"rounded,filled\", fillcolor=\"{}\"", kProgrammeFill);
constexpr const char* kOnwardStyle = "style=dashed";

std::string percent_a_month(double p) { return fmt::format("{:.3g}% a month", 100 * p); }

}  // namespace

std::string_view contact_description(Contact c) {
  switch (c) {
    case Contact::GpConsultation:
      return "residents who saw a GP in the month";
    case Contact::IaptSession:
      return "residents who had an IAPT session in the month";
    case Contact::MentalHealthContact:
      return "residents in contact with secondary mental health in the month";
    case Contact::AeAttendance:
      return "residents who attended A&E in the month";
    case Contact::Jobcentre:
      return "claimants who see a work coach: JSA, ESA WRAG and their UC groups";
    case Contact::Intervention:
      return "participants finishing a programme";
    default:
      return "";
  }
}

int Network::vertex_of(const std::string& name) const {
  for (auto v : boost::make_iterator_range(boost::vertices(graph)))
    if (graph[v].name == name) return static_cast<int>(v);
  return -1;
}

std::string Network::dot(const std::string& title) const {
  std::ostringstream out;
  out << "digraph services {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.25, ranksep=1.2, "
         "labelloc=t";
  if (!title.empty()) out << ", label=" << quoted(title);
  out << "];\n"
      << "  node [fontname=\"Helvetica\", fontsize=11, margin=\"0.15,0.06\"];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  // Services residents are in contact with, then the programmes they are referred to; each
  // node's sources in its tooltip (shown on hovering in the SVG), never in its label.
  for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
    const auto& s = graph[v];
    if (s.contact == Contact::Intervention) continue;
    std::vector<std::string> details{std::string(contact_description(s.contact))};
    details.insert(details.end(), s.details.begin(), s.details.end());
    const std::string tip = s.source.empty() ? s.label : s.label + "\nSource: " + s.source;
    out << "  " << quoted(s.name) << " [" << kServiceStyle << ", label=" << label(s.label, details)
        << ", tooltip=" << quoted(tip) << "];\n";
  }
  for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
    const auto& s = graph[v];
    if (s.contact != Contact::Intervention) continue;
    const std::string tip = s.source.empty() ? s.label : s.label + "\nSources: " + s.source;
    out << "  " << quoted(s.name) << " [" << kProgrammeStyle
        << ", label=" << label(s.label, s.details) << ", tooltip=" << quoted(tip) << "];\n";
  }
  // Referral routes: from a service (solid) or onward from a programme (dashed).
  for (auto e : boost::make_iterator_range(boost::edges(graph))) {
    const auto& from = graph[boost::source(e, graph)];
    const auto& to = graph[boost::target(e, graph)];
    const RouteEdge& r = graph[e];
    std::string tip = fmt::format("{} to {}: {} of {} are referred", from.label, to.label,
                                  percent_a_month(r.referral), contact_description(from.contact));
    if (!r.quantity.source.empty()) tip += "\nSource: " + r.quantity.source;
    out << "  " << quoted(from.name) << " -> " << quoted(to.name)
        << " [label=" << quoted(percent_a_month(r.referral))
        << (from.contact == Contact::Intervention ? std::string(", ") + kOnwardStyle : "")
        << ", tooltip=" << quoted(tip) << "];\n";
  }
  // The legend, one node: what the shapes, colours and lines mean.
  out << "  \"map legend\" [shape=plaintext, margin=0, label=<<table border=\"1\" "
         "cellborder=\"0\" cellspacing=\"3\" cellpadding=\"3\" color=\"#999999\" "
         "style=\"rounded\">"
      << "<tr><td colspan=\"2\"><b>Legend</b></td></tr>"
      << "<tr><td bgcolor=\"" << kServiceFill
      << "\" border=\"1\" style=\"rounded\"><b>Service</b></td><td align=\"left\">ellipse: "
         "where residents are in contact, and who it sees in a month</td></tr>"
      << "<tr><td bgcolor=\"" << kProgrammeFill
      << "\" border=\"1\" style=\"rounded\"><b>Programme</b></td><td align=\"left\">box: "
         "its type, places, who pays and dates (hover for sources)</td></tr>"
      << "<tr><td><font point-size=\"16\">&#10230;</font></td><td align=\"left\">referral "
         "route: the chance a month that someone in contact is referred</td></tr>"
      << "<tr><td><font point-size=\"16\">&#8674;</font></td><td align=\"left\">onward "
         "referral (dashed): when a programme ends</td></tr>"
      << "</table>>];\n"
      << "}\n";
  return out.str();
}

}  // namespace hwsim
