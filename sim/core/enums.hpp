// The levels every agent attribute can take, and their names at the YAML/HDF5 boundary.
// Each enum ends in a Count sentinel; dimensioned parameters are std::array indexed by it.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hwsim {

template <typename E>
constexpr std::size_t count_of() {
  return static_cast<std::size_t>(E::Count);
}
template <typename E>
constexpr std::size_t idx(E e) {
  return static_cast<std::size_t>(e);
}

enum class Sex : std::uint8_t { Female, Male, Count };

// Age bands used by the parameter tables (single years are kept on the agent).
enum class AgeBand : std::uint8_t { A16_24, A25_34, A35_49, A50_64, Count };

// Primary health condition (MODEL.md section 2). "Mental or behavioural" in DWP's sense
// (ICD-10 chapter F) covers depression, anxiety, SMI, learning disability and substance use.
enum class Condition : std::uint8_t {
  None,
  Depression,
  Anxiety,
  Smi,
  Msk,
  OtherPhysical,
  LearningDisability,
  Substance,
  Count
};

enum class Severity : std::uint8_t { Mild, Moderate, Severe, Count };

// ILO labour state.
enum class Labour : std::uint8_t { Employed, Unemployed, InactiveSick, InactiveOther, Count };

// Benefit state (MODEL.md section 8): the legacy benefits, then Universal Credit. A UC claimant
// searching for work, awaiting a Work Capability Assessment, found to have limited capability
// for work (LCW) or for work and work-related activity (LCWRA) follows the rules of the legacy
// group it replaces (legacy_equivalent): JSA, the ESA assessment phase, the WRAG and the
// support group. New-style (contributory) ESA is ESA; a person on it may have UC beside it
// (Population::uc_beside).
enum class Benefit : std::uint8_t {
  None,
  Jsa,
  EsaAssessment,
  EsaWrag,
  EsaSupport,
  Ib,
  UcSearching,
  UcAssessment,
  UcLcw,
  UcLcwra,
  Count
};
// The legacy levels come first; tables of parameters by benefit are written for them only.
inline constexpr std::size_t kLegacyBenefits = 6;

inline constexpr std::array<std::string_view, count_of<Sex>()> kSexNames{"female", "male"};
inline constexpr std::array<std::string_view, count_of<AgeBand>()> kAgeBandNames{
    "a16_24", "a25_34", "a35_49", "a50_64"};
inline constexpr std::array<std::string_view, count_of<Condition>()> kConditionNames{
    "none",           "depression",          "anxiety",  "smi", "msk",
    "other_physical", "learning_disability", "substance"};
inline constexpr std::array<std::string_view, count_of<Severity>()> kSeverityNames{
    "mild", "moderate", "severe"};
inline constexpr std::array<std::string_view, count_of<Labour>()> kLabourNames{
    "employed", "unemployed", "inactive_sick", "inactive_other"};
inline constexpr std::array<std::string_view, count_of<Benefit>()> kBenefitNames{
    "none", "jsa",          "esa_assessment", "esa_wrag", "esa_support",
    "ib",   "uc_searching", "uc_assessment",  "uc_lcw",   "uc_lcwra"};

template <typename E>
constexpr auto& names_of();
template <>
constexpr auto& names_of<Sex>() {
  return kSexNames;
}
template <>
constexpr auto& names_of<AgeBand>() {
  return kAgeBandNames;
}
template <>
constexpr auto& names_of<Condition>() {
  return kConditionNames;
}
template <>
constexpr auto& names_of<Severity>() {
  return kSeverityNames;
}
template <>
constexpr auto& names_of<Labour>() {
  return kLabourNames;
}
template <>
constexpr auto& names_of<Benefit>() {
  return kBenefitNames;
}

template <typename E>
constexpr std::string_view name_of(E e) {
  return names_of<E>()[idx(e)];
}

template <typename E>
std::optional<E> parse_level(std::string_view s) {
  const auto& n = names_of<E>();
  for (std::size_t i = 0; i < n.size(); ++i)
    if (n[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

constexpr AgeBand age_band_of(int age_years) {
  if (age_years < 25) return AgeBand::A16_24;
  if (age_years < 35) return AgeBand::A25_34;
  if (age_years < 50) return AgeBand::A35_49;
  return AgeBand::A50_64;
}
// The band of an age in whole months: the band of its whole years, found without dividing or
// branching (the step asks it several times an agent-month, of ages in no order).
constexpr AgeBand age_band_of_months(unsigned age_months) {
  return static_cast<AgeBand>(static_cast<unsigned>(age_months >= 25 * 12) +
                              static_cast<unsigned>(age_months >= 35 * 12) +
                              static_cast<unsigned>(age_months >= 50 * 12));
}
inline constexpr std::array<int, count_of<AgeBand>()> kAgeBandLo{16, 25, 35, 50};
inline constexpr std::array<int, count_of<AgeBand>()> kAgeBandHi{24, 34, 49, 64};

constexpr bool is_esa_ib(Benefit b) {
  return b == Benefit::EsaAssessment || b == Benefit::EsaWrag || b == Benefit::EsaSupport ||
         b == Benefit::Ib;
}
constexpr bool is_uc(Benefit b) {
  return b == Benefit::UcSearching || b == Benefit::UcAssessment || b == Benefit::UcLcw ||
         b == Benefit::UcLcwra;
}
// UC with limited capability for work (with or without work-related activity): "UC health".
constexpr bool is_uc_health(Benefit b) { return b == Benefit::UcLcw || b == Benefit::UcLcwra; }
// The legacy group whose rules a UC state follows (itself for a legacy state).
constexpr Benefit legacy_equivalent(Benefit b) {
  switch (b) {
    case Benefit::UcSearching:
      return Benefit::Jsa;
    case Benefit::UcAssessment:
      return Benefit::EsaAssessment;
    case Benefit::UcLcw:
      return Benefit::EsaWrag;
    case Benefit::UcLcwra:
      return Benefit::EsaSupport;
    default:
      return b;
  }
}
// The UC state that replaces a legacy group (itself where UC has none: none and IB).
constexpr Benefit uc_equivalent(Benefit b) {
  switch (b) {
    case Benefit::Jsa:
      return Benefit::UcSearching;
    case Benefit::EsaAssessment:
      return Benefit::UcAssessment;
    case Benefit::EsaWrag:
      return Benefit::UcLcw;
    case Benefit::EsaSupport:
      return Benefit::UcLcwra;
    default:
      return b;
  }
}
// On a claim on the grounds of sickness or disability: ESA, IB, or UC awaiting or after a WCA.
constexpr bool on_health_claim(Benefit b) { return is_esa_ib(legacy_equivalent(b)); }
// On an incapacity benefit, each person once: ESA (new-style included) or IB, or UC on a health
// claim (LCW, LCWRA, or awaiting the WCA, as ESA's assessment phase counts in the legacy
// measure and DWP counts UC claimants awaiting a WCA in its UC health caseload).
constexpr bool is_incapacity(Benefit b) { return on_health_claim(b); }
constexpr bool is_esa(Benefit b) {
  return b == Benefit::EsaAssessment || b == Benefit::EsaWrag || b == Benefit::EsaSupport;
}
constexpr bool is_mental(Condition c) {
  return c == Condition::Depression || c == Condition::Anxiety || c == Condition::Smi ||
         c == Condition::LearningDisability || c == Condition::Substance;
}

template <typename E, typename T>
using ByLevel = std::array<T, count_of<E>()>;

}  // namespace hwsim
