// The service network (issue: interventions and scenarios) as a Boost.Graph: contact points
// and services (GP practices, Jobcentre Plus, IAPT, secondary mental health, ...) and the
// interventions of the scenario's interventions are vertices; referral routes are edges with a
// monthly referral probability. Agents reach an intervention only along its routes.
#pragma once
#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.hpp"
#include "input/yaml.hpp"

namespace hwsim {

// How an agent comes into contact with a service in a month.
enum class Contact : std::uint8_t {
  GpConsultation,
  IaptSession,
  MentalHealthContact,
  AeAttendance,
  Jobcentre,
  Intervention,
  Count
};
inline constexpr std::array<std::string_view, 6> kContactNames{
    "gp_consultation", "iapt_session", "mental_health_contact",
    "ae_attendance",   "jobcentre",    "intervention"};
template <>
constexpr auto& names_of<Contact>() {
  return kContactNames;
}

// Who a contact service sees in a month, in words, for the map: "residents who saw a GP".
std::string_view contact_description(Contact c);

struct ServiceVertex {
  std::string name, label;
  Contact contact = Contact::GpConsultation;
  int intervention = -1;  // index into the scenario's interventions for interventions
  // For the map: lines under the label (a programme's type, capacity, payer and dates), and
  // where the figures come from (citations), shown as a tooltip, never in the label.
  std::vector<std::string> details;
  std::string source;
};

struct RouteEdge {
  double referral = 0;  // monthly probability that a contact leads to a referral
  Quantity quantity;
};

using ServiceGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                           ServiceVertex, RouteEdge>;

struct Network {
  ServiceGraph graph;
  int vertex_of(const std::string& name) const;  // -1 if absent
  // Graphviz DOT, for `hwsim system-map`: services and programmes with what each is, routes
  // with their monthly referral probability, citations as tooltips, and a legend.
  std::string dot(const std::string& title = "") const;
};

}  // namespace hwsim
