// Open data: CSV escaping and formula defusing, k-suppression of usage cells and of the values
// derived from them, months.

#include "registry/opendata.h"

#include <gtest/gtest.h>

#include <limits>

namespace amtsweg::registry {
namespace {

TEST(Csv, QuotesOnlyWhereRfc4180RequiresIt) {
  EXPECT_EQ(CsvField("Stuttgart"), "Stuttgart");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("sagt \"ja\""), "\"sagt \"\"ja\"\"\"");
  EXPECT_EQ(CsvField("zwei\nZeilen"), "\"zwei\nZeilen\"");
  EXPECT_EQ(CsvField("Freiburg im Breisgau – Süd"), "Freiburg im Breisgau – Süd");
  EXPECT_EQ(CsvLine({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(Csv, DefusesFormulas) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("-1"), "'-1");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("\tx"), "'\tx");
  EXPECT_EQ(CsvField("\rx"), "\"'\rx\"");
  EXPECT_EQ(CsvField("1-2"), "1-2") << "only a leading sign is dangerous";
}

TEST(Months, FormatAndParse) {
  EXPECT_EQ(MonthText(202611), "2026-11");
  EXPECT_EQ(MonthText(202613), "");
  EXPECT_EQ(MonthText(202600), "");
  EXPECT_EQ(ParseMonth("2026-01"), 202601);
  for (const char* bad :
       {"2026-13", "2026-00", "2026-1", "202601", "2026/01", "abcd-01", "-026-01", "2026-+1", ""})
    EXPECT_FALSE(ParseMonth(bad).has_value()) << bad;
}

storage::UsageSum Sum(std::string process, std::string month, std::string kind, std::int64_t count) {
  return {{std::move(process), std::move(month)}, std::move(kind), count};
}

TEST(Usage, PublishesCountsFromKOnAndTheValuesDerivedFromThem) {
  std::vector<storage::UsageSum> sums = {Sum("hund-anmelden", "202611", "started", 20),
                                         Sum("hund-anmelden", "202611", "submitted", 5),
                                         Sum("hund-anmelden", "202611", "page_completed", 3)};
  std::map<std::string, std::vector<storage::UsageDurationSum>> durations = {
      {"hund-anmelden", {{"202611", 300, 2}, {"202611", 600, 2}, {"202611", 900, 1}, {"202610", 30, 9}}}};
  auto rows = UsageRecords(sums, durations, {{"hund-anmelden", "99102013104000"}});
  ASSERT_EQ(rows.size(), 1u);
  const UsageRecord& r = rows[0];
  EXPECT_EQ(r.month, "2026-11");
  EXPECT_EQ(r.leika_key, "99102013104000");
  EXPECT_EQ(r.started, 20);
  EXPECT_EQ(r.submitted, 5);
  ASSERT_TRUE(r.conversion.has_value());
  EXPECT_DOUBLE_EQ(*r.conversion, 0.25);
  EXPECT_EQ(r.median_seconds, 600) << "3rd of 5 lies in the 600 s bucket; other months ignored";
  EXPECT_TRUE(r.suppressed.empty());
}

TEST(Usage, SuppressesSmallCellsAndEverythingDerived) {
  std::vector<storage::UsageSum> sums = {
      Sum("a", "202611", "started", 40), Sum("a", "202611", "submitted", 4),
      Sum("b", "202611", "started", 4),  Sum("b", "202611", "submitted", 6),
      Sum("c", "202611", "started", 9),  Sum("c", "202611", "submitted", 9)};
  std::map<std::string, std::vector<storage::UsageDurationSum>> durations = {{"a", {{"202611", 60, 4}}},
                                                                             {"c", {{"202611", 60, 4}}}};
  auto rows = UsageRecords(sums, durations, {});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].process, "a");
  EXPECT_EQ(rows[0].started, 40);
  EXPECT_FALSE(rows[0].submitted);
  EXPECT_FALSE(rows[0].conversion);
  EXPECT_FALSE(rows[0].median_seconds);
  EXPECT_EQ(rows[0].suppressed, (std::vector<std::string>{"submitted", "conversion", "median_seconds"}));
  EXPECT_FALSE(rows[1].started);
  EXPECT_EQ(rows[1].submitted, 6);
  EXPECT_EQ(rows[1].suppressed, (std::vector<std::string>{"started", "conversion"}))
      << "no timed submissions: the median is unknown, not suppressed";
  EXPECT_EQ(rows[2].conversion, 1.0);
  EXPECT_FALSE(rows[2].median_seconds) << "4 timed submissions are below k";
  EXPECT_EQ(rows[2].suppressed, (std::vector<std::string>{"median_seconds"}));
}

TEST(Usage, SuppressSmallWithholdsCountsBelowKAndTheConversion) {
  UsageCells ok = SuppressSmall(5, 5);
  EXPECT_EQ(ok.started, 5);
  EXPECT_EQ(ok.conversion, 1.0);
  EXPECT_TRUE(ok.suppressed.empty());
  UsageCells few = SuppressSmall(4, 100);
  EXPECT_FALSE(few.started);
  EXPECT_EQ(few.submitted, 100);
  EXPECT_FALSE(few.conversion);
  EXPECT_EQ(few.suppressed, (std::vector<std::string>{"started", "conversion"}));
  EXPECT_EQ(SuppressSmall(3, 2).conversion, std::nullopt);
  EXPECT_DOUBLE_EQ(*SuppressSmall(7, 5).conversion, 0.714);
}

TEST(Usage, ZeroIsBelowKAndMissingKindsCountAsZero) {
  auto rows = UsageRecords({Sum("a", "202611", "started", 7)}, {}, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].submitted);
  EXPECT_EQ(rows[0].suppressed.front(), "submitted");
}

TEST(Usage, IgnoresRowsOfOtherShapesAndOrdersByMonth) {
  std::vector<storage::UsageSum> sums = {Sum("a", "202612", "started", 5),
                                         Sum("a", "x", "started", 5),
                                         {{"only-one-group"}, "started", 5},
                                         Sum("b", "202611", "started", 5)};
  auto rows = UsageRecords(sums, {}, {});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].month, "2026-11");
  EXPECT_EQ(rows[1].month, "2026-12");
}

TEST(Usage, MedianLongerThanTheLastBoundIsUnknown) {
  std::vector<storage::UsageSum> sums = {Sum("a", "202611", "started", 5),
                                         Sum("a", "202611", "submitted", 5)};
  std::map<std::string, std::vector<storage::UsageDurationSum>> durations = {
      {"a", {{"202611", std::numeric_limits<std::int64_t>::max(), 5}}}};
  EXPECT_FALSE(UsageRecords(sums, durations, {})[0].median_seconds);
}

TEST(Usage, JsonAndCsvShowSuppressedCellsAsNullAndEmpty) {
  auto rows = UsageRecords({Sum("a", "202611", "started", 12), Sum("a", "202611", "submitted", 2)}, {}, {});
  nlohmann::json json = UsageJson(rows);
  EXPECT_TRUE(json[0]["submitted"].is_null());
  EXPECT_TRUE(json[0]["conversion"].is_null());
  EXPECT_TRUE(json[0]["leika_key"].is_null());
  EXPECT_EQ(json[0]["started"], 12);
  EXPECT_EQ(json[0]["suppressed"], nlohmann::json({"submitted", "conversion", "median_seconds"}));
  EXPECT_EQ(UsageCsv(rows),
            "month,process,leika_key,started,submitted,conversion,median_seconds,suppressed\r\n"
            "2026-11,a,,12,,,,submitted;conversion;median_seconds\r\n");
}

TEST(Offerings, CsvHasTheHeaderAndEmptyProcessForElsewhere) {
  std::vector<OfferingRecord> records = {{"99102013104000", "Hundesteuer, Anmeldung", "081110000000",
                                          "Stuttgart", "online", "/gemeinden/x", 2, "hund-anmelden"},
                                         {"99008001012000", "=Formel", "081110000000", "Stuttgart", "online",
                                          "https://example.org/a,b", 3, std::nullopt}};
  EXPECT_EQ(OfferingsCsv(records),
            "leika_key,leika_name,ars,ars_name,online_status,url,maturity_level,process\r\n"
            "99102013104000,\"Hundesteuer, "
            "Anmeldung\",081110000000,Stuttgart,online,/gemeinden/x,2,hund-anmelden\r\n"
            "99008001012000,'=Formel,081110000000,Stuttgart,online,\"https://example.org/a,b\",3,\r\n");
  nlohmann::json json = OfferingsJson(records);
  EXPECT_TRUE(json[1]["process"].is_null());
  EXPECT_EQ(json[0]["maturity_level"], 2);
}

}  // namespace
}  // namespace amtsweg::registry
