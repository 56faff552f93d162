// Cohort statistics of new health claims (MODEL.md section 8): the follow-up on each
// claimant's row (model/cohorts.cpp) and the quarters formed from it (run/cohorts.hpp),
// checked against a hand count on a hand-built population.
#include <catch2/catch.hpp>

#include "model/step.hpp"
#include "run/cohorts.hpp"

using namespace hwsim;

namespace {

struct State {
  Benefit b;
  Labour l;
};

// Eight people over months 0..30 of a run starting in December 2014 (month 1 is January 2015).
// Claims of 2015Q1 (months 1-3) unless said:
//  A: out of work, claims ESA in month 1 and stays on it.
//  B: in work, claims ESA in month 2, leaves it for work in month 7.
//  C: claims ESA in month 3, leaves it for JSA in month 7.
//  D: claims ESA in month 1, dies in month 9 while on it.
//  E: claims ESA in month 2, leaves it (no benefit) in month 4, claims again in month 12 (2015Q4)
//     and stays on that claim.
//  F: on UC searching, claims UC on health grounds in month 3, back to UC searching in month 20.
//  G: never claims.
//  H: claims ESA in month 1; in (permitted) work from month 14 while still on ESA.
State script(char who, int m) {
  const State sick{Benefit::EsaAssessment, Labour::InactiveSick};
  const State idle{Benefit::None, Labour::InactiveOther};
  switch (who) {
    case 'A':
      return m >= 1 ? sick : State{Benefit::None, Labour::Unemployed};
    case 'B':
      if (m < 2) return {Benefit::None, Labour::Employed};
      return m < 7 ? sick : State{Benefit::None, Labour::Employed};
    case 'C':
      if (m < 3) return idle;
      return m < 7 ? sick : State{Benefit::Jsa, Labour::Unemployed};
    case 'D':
      return m >= 1 ? sick : idle;
    case 'E':
      if (m < 2) return idle;
      return (m < 4 || m >= 12) ? sick : idle;
    case 'F':
      return (m >= 3 && m < 20) ? State{Benefit::UcAssessment, Labour::Unemployed}
                                : State{Benefit::UcSearching, Labour::Unemployed};
    case 'H':
      if (m < 1) return idle;
      return {Benefit::EsaAssessment, m >= 14 ? Labour::Employed : Labour::InactiveSick};
    default:
      return idle;
  }
}

constexpr std::string_view kWho = "ABCDEFGH";
constexpr int kMonths = 31;
constexpr int kDeathD = 9;

std::vector<MonthRecord> follow_by_hand() {
  Population pop;
  pop.resize(kWho.size());
  for (std::size_t i = 0; i < kWho.size(); ++i) {
    const State s = script(kWho[i], 0);
    pop.benefit[i] = s.b;
    pop.labour[i] = s.l;
  }
  const Params P{};
  const Levels L = Levels::ones();
  std::vector<MonthRecord> months(kMonths);
  for (int m = 1; m < kMonths; ++m) {
    const StepContext c{.P = P, .L = L, .month = m, .follow_claims = true};
    Tally& t = months[static_cast<std::size_t>(m)].tally;
    for (std::size_t i = 0; i < kWho.size(); ++i) {
      if (kWho[i] == 'D' && m == kDeathD) {  // D dies: the slot is a new person, not followed
        end_follow_on_exit(c, pop.cohort_start[i], pop.cohort_flags[i], t);
        pop.cohort_start[i] = pop.cohort_flags[i] = 0;
        pop.benefit[i] = Benefit::None;
        pop.labour[i] = Labour::InactiveOther;
        continue;
      }
      const Benefit b0 = pop.benefit[i];
      const Labour l0 = pop.labour[i];
      if (kWho[i] == 'D' && m > kDeathD) {
        follow_claim(c, pop, i, l0, b0, t);
        continue;
      }
      const State s = script(kWho[i], m);
      pop.benefit[i] = s.b;
      pop.labour[i] = s.l;
      follow_claim(c, pop, i, l0, b0, t);
    }
  }
  return months;
}

const CohortCounts& in(const std::array<std::vector<CohortCounts>, 2>& c,
                       const std::vector<CohortPeriod>& periods, CohortKind k,
                       const std::string& label) {
  for (std::size_t p = 0; p < periods.size(); ++p)
    if (periods[p].label == label) return c[idx(k)][p];
  FAIL("no period " << label);
  throw;
}

double measure(const CohortCounts& c, const std::string& name) {
  for (const auto& m : cohort_measures())
    if (m.name == name) {
      const auto v = m.value(c);
      REQUIRE(v.has_value());
      return *v;
    }
  FAIL("no measure " << name);
  return 0;
}
bool has(const CohortCounts& c, const std::string& name) {
  for (const auto& m : cohort_measures())
    if (m.name == name) return m.value(c).has_value();
  return false;
}

}  // namespace

TEST_CASE("cohort periods are whole calendar quarters and years inside the months stepped",
          "[model][cohorts]") {
  const auto p = cohort_periods({2014, 11}, 113);  // November 2014 to March 2024
  REQUIRE(p.front().label == "2015Q1");            // 2014Q4 began before month 1
  CHECK(p.front().first == 2);
  CHECK(p.front().last == 4);
  bool q1_2024 = false, y2015 = false, y2023 = false, y2024 = false;
  for (const auto& x : p) {
    q1_2024 |= x.label == "2024Q1";
    y2015 |= x.label == "2015";
    y2023 |= x.label == "2023";
    y2024 |= x.label == "2024";
    if (x.label == "2015") CHECK(x.last - x.first == 11);
  }
  CHECK(q1_2024);
  CHECK(y2015);
  CHECK(y2023);
  CHECK_FALSE(y2024);
}

TEST_CASE("cohort shares on a hand-built population match a hand count", "[model][cohorts]") {
  const auto months = follow_by_hand();
  const auto periods = cohort_periods({2014, 12}, kMonths);
  const auto c = cohort_counts(months, periods);

  const CohortCounts& esa = in(c, periods, CohortKind::Esa, "2015Q1");
  // A, B, C, D, E and H; B alone worked the month before.
  CHECK(measure(esa, "new_claims") == 6);
  CHECK(measure(esa, "worked_before") == Approx(1.0 / 6));
  // 13 weeks: E has left (5 of 6 still claiming); 26 weeks: B and C have left too; from 52
  // weeks D has died: A and H are still claiming.
  CHECK(measure(esa, "still_claiming_13w") == Approx(5.0 / 6));
  CHECK(measure(esa, "still_claiming_26w") == Approx(3.0 / 6));
  CHECK(measure(esa, "still_claiming_52w") == Approx(2.0 / 6));
  CHECK(measure(esa, "still_claiming_65w") == Approx(2.0 / 6));
  CHECK(measure(esa, "still_claiming_104w") == Approx(2.0 / 6));
  // Leavers by 104 weeks: B to work, C to JSA, E to nothing, D left the population.
  CHECK(measure(esa, "leavers_104w_to_work") == Approx(0.25));
  CHECK(measure(esa, "leavers_104w_to_searching") == Approx(0.25));
  CHECK(measure(esa, "leavers_104w_to_other") == Approx(0.25));
  CHECK(measure(esa, "leavers_104w_left_population") == Approx(0.25));
  // Followed 18 months: A, B, C, H (D died, E claimed again); in work 12-18 months: B and H.
  CHECK(measure(esa, "in_work_12_18m") == Approx(0.5));
  CHECK(measure(esa, "in_work_12_18m_worked_before") == Approx(1.0));
  CHECK(measure(esa, "in_work_12_18m_not_worked_before") == Approx(1.0 / 3));
  // Every claim is counted once at each checkpoint.
  for (std::size_t k = 0; k < kCheckpoints; ++k) {
    Persons n = 0;
    for (auto v : esa.at[k]) n += v;
    CHECK(n == 6);
  }

  const CohortCounts& uc = in(c, periods, CohortKind::UcHealth, "2015Q1");
  CHECK(measure(uc, "new_claims") == 1);
  CHECK(measure(uc, "still_claiming_65w") == 1);
  CHECK(measure(uc, "still_claiming_104w") == 0);
  CHECK(measure(uc, "leavers_104w_to_searching") == 1);
  CHECK(measure(uc, "in_work_12_18m") == 0);

  // E's second claim, in 2015Q4 (months 10-12): followed to 65 weeks before the run ends at
  // month 30, but not to 104.
  const CohortCounts& q4 = in(c, periods, CohortKind::Esa, "2015Q4");
  CHECK(measure(q4, "new_claims") == 1);
  CHECK(measure(q4, "still_claiming_65w") == 1);
  CHECK_FALSE(has(q4, "still_claiming_104w"));
  CHECK_FALSE(has(q4, "leavers_104w_to_work"));
  CHECK(has(q4, "in_work_12_18m"));
  // Quarters with no claims have no shares.
  const CohortCounts& q2 = in(c, periods, CohortKind::Esa, "2015Q2");
  CHECK(measure(q2, "new_claims") == 0);
  CHECK_FALSE(has(q2, "still_claiming_13w"));
}
