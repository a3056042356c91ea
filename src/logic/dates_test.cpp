// The form date operations with an injected today, and ISO date validation.

#include "logic/dates.h"

#include <gtest/gtest.h>

#include "logic/logic.h"

namespace amtsweg::logic {
namespace {

Json Eval(const char* rule, const std::string& today = "2025-03-01") {
  Context context;
  context.today = today;
  const auto result =
      Apply(Json::parse(rule), Json::parse(R"({"birth": "2000-02-29", "bad": "2023-02-29"})"), context);
  EXPECT_TRUE(result.has_value()) << rule;
  return result.value_or(Json("error"));
}

TEST(DatesTest, TodayComesFromTheContext) {
  EXPECT_EQ(Eval(R"({"today": []})"), Json("2025-03-01"));
  const auto system = Apply(Json::parse(R"({"today": []})"), Json());
  ASSERT_TRUE(system.has_value());
  EXPECT_TRUE(internal::ParseIsoDate(system->get<std::string>()).has_value()) << system->dump();
}

TEST(DatesTest, AgeYears) {
  struct Case {
    const char* rule;
    const char* today;
    Json expected;
  };
  const std::vector<Case> cases = {
      {R"({"age_years": ["1990-05-10", "2025-05-09"]})", "2025-01-01", 34},
      {R"({"age_years": ["1990-05-10", "2025-05-10"]})", "2025-01-01", 35},
      {R"({"age_years": ["1990-05-10"]})", "2025-05-10", 35},
      {R"({"age_years": [{"var": "birth"}]})", "2025-02-28", 24},  // born 29 Feb: older on 1 March
      {R"({"age_years": [{"var": "birth"}]})", "2025-03-01", 25},
      {R"({"age_years": [{"var": "birth"}]})", "2024-02-29", 24},
      {R"({"age_years": ["2025-03-02"]})", "2025-03-01", -1},
      {R"({"age_years": [{"var": "bad"}]})", "2025-03-01", nullptr},
      {R"({"age_years": ["2000-13-01"]})", "2025-03-01", nullptr},
      {R"({"age_years": ["2000-1-01"]})", "2025-03-01", nullptr},
      {R"({"age_years": [20000101]})", "2025-03-01", nullptr},
      {R"({"age_years": ["2000-01-01", "not a date"]})", "2025-03-01", nullptr},
      {R"({"age_years": []})", "2025-03-01", nullptr},
      {R"({">=": [{"age_years": ["2007-03-01"]}, 18]})", "2025-03-01", true},
      {R"({"date_diff_days": ["2025-01-01", "2025-03-01"]})", "2025-03-01", 59},
      {R"({"date_diff_days": ["2024-01-01", "2025-01-01"]})", "2025-03-01", 366},
      {R"({"date_diff_days": ["2025-03-01", "2025-01-01"]})", "2025-03-01", -59},
      {R"({"date_diff_days": ["2025-01-01", "2025-02-30"]})", "2025-03-01", nullptr},
      {R"({"date_diff_days": [{"today": []}, "2025-03-11"]})", "2025-03-01", 10},
  };
  for (const auto& c : cases) EXPECT_EQ(Eval(c.rule, c.today), c.expected) << c.rule << " today " << c.today;
}

TEST(DatesTest, ParseIsoDateRejectsNonCalendarDates) {
  for (const char* good : {"2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"}) {
    EXPECT_TRUE(internal::ParseIsoDate(good).has_value()) << good;
  }
  for (const char* bad : {"1900-02-29", "2023-02-29", "2023-04-31", "0000-01-01", "2023-00-10", "2023-01-00",
                          "2023-01-1", "2023/01/01", "2023-01-01T00:00", "+023-01-01", "", "abcd-ef-gh"}) {
    EXPECT_FALSE(internal::ParseIsoDate(bad).has_value()) << bad;
  }
  EXPECT_EQ(internal::DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(internal::DaysFromCivil({2000, 3, 1}), 11017);
}

}  // namespace
}  // namespace amtsweg::logic
