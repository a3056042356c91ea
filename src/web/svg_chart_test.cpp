// Accessible SVG charts (svg_chart.h).

#include "web/svg_chart.h"

#include <gtest/gtest.h>

namespace amtsweg::web {
namespace {

std::size_t Count(const std::string& text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(SvgChartTest, HorizontalBarsAreLabelledImages) {
  std::string svg =
      HorizontalBars({"c-x", "Trichter", "Balken je Schritt"}, {{"Begonnen", 1200}, {"Eingereicht", 300}});
  EXPECT_TRUE(svg.starts_with("<svg class=\"mon-chart mon-chart--bars\""));
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 420 "), std::string::npos);  // narrow: legible when a phone scales it
  EXPECT_NE(svg.find("aria-labelledby=\"c-x-titel c-x-beschreibung\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"c-x-titel\">Trichter</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"c-x-beschreibung\">Balken je Schritt</desc>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<rect"), 2u);
  EXPECT_NE(svg.find(">1.200</text>"), std::string::npos);
  EXPECT_NE(svg.find("width=\"330.0\""), std::string::npos);  // the largest bar fills the scale
  EXPECT_NE(svg.find("width=\"82.5\""), std::string::npos);   // a quarter of it
  EXPECT_EQ(svg.find("style="), std::string::npos);           // the CSP forbids inline styles
  EXPECT_TRUE(svg.ends_with("</svg>"));
}

TEST(SvgChartTest, EscapesText) {
  std::string svg = HorizontalBars({"c", "A & B", "<script>"}, {{"\"x\" < 'y'", 0}});
  EXPECT_NE(svg.find("A &amp; B"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("&quot;x&quot; &lt; &#39;y&#39;"), std::string::npos);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("width=\"0.0\""), std::string::npos);  // zero is no bar, not a sliver
}

TEST(SvgChartTest, GroupedColumnsWithLegendAndThinnedLabels) {
  std::vector<std::string> weeks;
  std::vector<std::int64_t> a, b;
  for (int i = 0; i < 53; ++i) {
    weeks.push_back("KW " + std::to_string(i + 1));
    a.push_back(i);
    b.push_back(i / 2);
  }
  std::string svg = GroupedColumns({"c-w", "Wochen", "Säulen"}, weeks, {{"Begonnen", a}, {"Eingereicht", b}});
  EXPECT_EQ(Count(svg, "<rect"), 2u + 1u + 2u * 53u);  // legend, axis, columns
  EXPECT_NE(svg.find(">Begonnen</text>"), std::string::npos);
  EXPECT_NE(svg.find(">KW 1</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">KW 2</text>"), std::string::npos);  // every 5th label of 53
  EXPECT_LE(Count(svg, "text-anchor=\"middle\""), 12u);
  EXPECT_NE(svg.find(">52</text>"), std::string::npos);  // the axis maximum
  std::string empty = GroupedColumns({"c-e", "Leer", "nichts"}, {}, {{"Begonnen", {}}});
  EXPECT_TRUE(empty.ends_with("</svg>"));
}

}  // namespace
}  // namespace amtsweg::web
