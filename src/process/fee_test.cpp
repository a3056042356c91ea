// Fee computation over cleaned answers and German amount formatting.

#include "process/fee.h"

#include <gtest/gtest.h>

#include "process/validate_test_builders.h"

namespace amtsweg::process {
namespace {

Definition WithFee(const Json& rule) { return testing::MakeDefinition({}, rule); }

TEST(ComputeFeeCentsTest, NoRuleIsFree) {
  EXPECT_EQ(ComputeFeeCents(testing::MakeDefinition({}), Json::object(), {}).value(), 0);
}

TEST(ComputeFeeCentsTest, Amounts) {
  struct Case {
    Json rule;
    Json data;
    std::int64_t cents;
  };
  const Case cases[] = {
      {108, Json::object(), 10800},
      {Json{{"*", Json::array({108, Json{{"var", "anzahl"}}})}}, Json{{"anzahl", 2}}, 21600},
      {Json{{"+", Json::array({0.1, 0.2})}}, Json::object(), 30},
      {12.345, Json::object(), 1235},
      {0, Json::object(), 0},
  };
  for (const auto& c : cases) {
    const auto fee = ComputeFeeCents(WithFee(c.rule), c.data, {});
    ASSERT_TRUE(fee.has_value()) << c.rule.dump() << ": " << fee.error();
    EXPECT_EQ(*fee, c.cents) << c.rule.dump();
  }
}

TEST(ComputeFeeCentsTest, GarbageIsADefinitionError) {
  const Json garbage[] = {"108", -1, Json::array({1}), Json{{"var", "missing"}}, 1e300, true};
  for (const auto& rule : garbage) {
    const auto fee = ComputeFeeCents(WithFee(rule), Json::object(), {});
    EXPECT_FALSE(fee.has_value()) << rule.dump();
  }
}

TEST(FormatEuroTest, GermanFormatting) {
  EXPECT_EQ(FormatEuro(0), "0,00 €");
  EXPECT_EQ(FormatEuro(5), "0,05 €");
  EXPECT_EQ(FormatEuro(10800), "108,00 €");
  EXPECT_EQ(FormatEuro(123450), "1.234,50 €");
  EXPECT_EQ(FormatEuro(123456789), "1.234.567,89 €");
  EXPECT_EQ(FormatEuro(-5), "-0,05 €");
  EXPECT_EQ(FormatEuro(INT64_MIN), "-92.233.720.368.547.758,08 €");
}

TEST(FormatGermanNumberTest, Table) {
  EXPECT_EQ(FormatGermanNumber(0), "0");
  EXPECT_EQ(FormatGermanNumber(10), "10");
  EXPECT_EQ(FormatGermanNumber(1234.5), "1.234,5");
  EXPECT_EQ(FormatGermanNumber(-0.25), "-0,25");
  EXPECT_EQ(FormatGermanNumber(1e6), "1.000.000");
  EXPECT_EQ(FormatGermanNumber(-0.0000001), "0");
}

}  // namespace
}  // namespace amtsweg::process
