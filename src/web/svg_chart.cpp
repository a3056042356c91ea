// Accessible SVG charts (see svg_chart.h).

#include "web/svg_chart.h"

#include <algorithm>

#include "monitor/dashboard.h"

namespace amtsweg::web {
namespace {

// Column charts use a wide viewBox; bar charts a narrow one, so that their labels stay legible when
// a phone scales the chart to ~330 px (16 units -> ~13 px).
constexpr int kWidth = 640;
constexpr int kBarsWidth = 420;
constexpr int kBarMax = 330;  // room for the number after the longest bar
constexpr const char* kInk = "#1b1b1b";
// Dark blue (9.6:1 on white) and orange-brown (4.8:1): both >= 3:1, apart in lightness.
constexpr const char* kSeriesFill[] = {"#1f4e79", "#b35900", "#4d4d4d"};

std::string Open(const ChartText& text, std::string_view modifier, int width, int height) {
  const std::string title_id = text.id + "-titel";
  const std::string desc_id = text.id + "-beschreibung";
  return "<svg class=\"mon-chart mon-chart--" + std::string(modifier) +
         "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\" role=\"img\" aria-labelledby=\"" + title_id + " " + desc_id +
         "\" focusable=\"false\"><title id=\"" + title_id + "\">" + EscapeXml(text.title) +
         "</title><desc id=\"" + desc_id + "\">" + EscapeXml(text.description) + "</desc>";
}

std::string Rect(double x, double y, double w, double h, const char* fill) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y, w, h, fill);
  return buffer;
}

std::string Label(double x, double y, std::string_view text, std::string_view anchor = "start",
                  int size = 14) {
  char buffer[120];
  std::snprintf(buffer, sizeof buffer, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%s\"", x, y, size,
                kInk);
  std::string out = buffer;
  if (anchor != "start") out += " text-anchor=\"" + std::string(anchor) + "\"";
  return out + ">" + EscapeXml(text) + "</text>";
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HorizontalBars(const ChartText& text, const std::vector<BarValue>& bars) {
  constexpr int kRow = 48;
  std::int64_t max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  const int height = std::max<int>(kRow, static_cast<int>(bars.size()) * kRow + 8);
  std::string svg = Open(text, "bars", kBarsWidth, height);
  int y = 0;
  for (const auto& b : bars) {
    const double w = b.value <= 0 ? 0.0 : std::max(2.0, static_cast<double>(b.value) / max * kBarMax);
    svg += Label(0, y + 16, b.label, "start", 16);
    svg += Rect(0, y + 22, w, 18, kSeriesFill[0]);
    svg += Label(w + 6, y + 37, monitor::FormatCount(b.value), "start", 16);
    y += kRow;
  }
  return svg + "</svg>";
}

std::string GroupedColumns(const ChartText& text, const std::vector<std::string>& categories,
                           const std::vector<Series>& series) {
  constexpr int kTop = 40, kPlot = 200, kLeft = 56, kRight = 8, kHeight = kTop + kPlot + 32;
  std::int64_t max = 1;
  for (const auto& s : series)
    for (auto v : s.values) max = std::max(max, v);
  std::string svg = Open(text, "columns", kWidth, kHeight);
  // Legend.
  double x = kLeft;
  for (std::size_t i = 0; i < series.size(); ++i) {
    svg += Rect(x, 8, 14, 14, kSeriesFill[i % 3]);
    svg += Label(x + 20, 20, series[i].name);
    x += 28 + 9.0 * static_cast<double>(series[i].name.size());
  }
  // Axis: zero line and the maximum.
  svg += Label(kLeft - 6, kTop + 5, monitor::FormatCount(max), "end", 12);
  svg += Label(kLeft - 6, kTop + kPlot, "0", "end", 12);
  svg += Rect(kLeft, kTop + kPlot, kWidth - kLeft - kRight, 1, kInk);
  if (categories.empty()) return svg + "</svg>";
  const double slot = static_cast<double>(kWidth - kLeft - kRight) / static_cast<double>(categories.size());
  const double bar = std::max(1.0, slot * 0.8 / static_cast<double>(std::max<std::size_t>(1, series.size())));
  const std::size_t every = (categories.size() + 11) / 12;
  for (std::size_t c = 0; c < categories.size(); ++c) {
    const double left = kLeft + slot * static_cast<double>(c) + slot * 0.1;
    for (std::size_t s = 0; s < series.size(); ++s) {
      const std::int64_t v = c < series[s].values.size() ? series[s].values[c] : 0;
      const double h = static_cast<double>(std::max<std::int64_t>(v, 0)) / static_cast<double>(max) * kPlot;
      svg += Rect(left + bar * static_cast<double>(s), kTop + kPlot - h, bar, h, kSeriesFill[s % 3]);
    }
    if (c % every == 0) svg += Label(left + slot * 0.4, kTop + kPlot + 20, categories[c], "middle", 12);
  }
  return svg + "</svg>";
}

}  // namespace amtsweg::web
