#pragma once
// Server-rendered, accessible SVG charts for the process monitor (no JavaScript). Each chart is
// an <svg role="img"> labelled by its own <title> and <desc>; the page puts the equivalent data
// table right after it. The strict CSP forbids style attributes: colours are fill attributes,
// sizes come from the viewBox and the stylesheet (class "mon-chart"), so a chart scales to any
// width (375 px phones included).
//
//   std::string svg = HorizontalBars({.id = "trichter", .title = "Trichter", .description = "…"},
//                                    {{"Antrag begonnen", 100}, {"Antrag eingereicht", 40}});
//
// Colours meet WCAG 2.1 non-text contrast (>= 3:1 against white) and the two series differ in
// lightness as well as hue, so they stay apart without colour vision.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtsweg::web {

struct ChartText {
  std::string id;           // unique on the page; the title/desc ids derive from it
  std::string title;        // short
  std::string description;  // what the chart shows, in one or two sentences
};

struct BarValue {
  std::string label;
  std::int64_t value = 0;
};

// One bar per value, label above it, the number at its end.
[[nodiscard]] std::string HorizontalBars(const ChartText& text, const std::vector<BarValue>& bars);

struct Series {
  std::string name;
  std::vector<std::int64_t> values;  // one per category
};

// Columns per category, one per series side by side, with a legend; at most about twelve
// category labels are written (every n-th) so that they stay readable.
[[nodiscard]] std::string GroupedColumns(const ChartText& text, const std::vector<std::string>& categories,
                                         const std::vector<Series>& series);

// Escapes &, <, >, " and ' for XML text and attributes.
[[nodiscard]] std::string EscapeXml(std::string_view text);

}  // namespace amtsweg::web
