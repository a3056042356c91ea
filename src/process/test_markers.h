#pragma once
// Test support for the process tests (header only, not part of the library): reading fixtures
// under src/process/testdata/ and checking diagnostics against markers written in them.
//
// A fixture line that should be reported carries a YAML comment naming the expected message:
//
//   leika: "123"   # error: LeiKa key must be 14 digits
//
// The check passes when, for every marker, a diagnostic on that line contains the text, and
// there are exactly as many diagnostics as markers (so no unexpected follow-up errors).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "process/check.h"
#include "process/loader.h"

namespace amtsweg::process::testing {

struct ExpectedError {
  int line = 0;
  std::string text;
};

inline std::string TestDataPath(const std::string& relative) {
  return std::string(AMTSWEG_SOURCE_DIR) + "/src/process/testdata/" + relative;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The .yaml files of a testdata folder whose names start with `prefix`, sorted.
inline std::vector<std::string> ListFixtures(const std::string& folder, const std::string& prefix = "") {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(TestDataPath(folder))) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".yaml") && name.starts_with(prefix)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline std::vector<ExpectedError> ReadMarkers(const std::string& yaml) {
  static const std::string kMarker = "# error: ";
  std::vector<ExpectedError> markers;
  std::istringstream in(yaml);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::size_t at = line.find(kMarker);
    while (at != std::string::npos) {
      std::size_t start = at + kMarker.size();
      std::size_t next = line.find(kMarker, start);
      std::string text = line.substr(start, next == std::string::npos ? std::string::npos : next - start);
      text.erase(text.find_last_not_of(' ') + 1);
      markers.push_back({number, text});
      at = next;
    }
  }
  return markers;
}

inline std::string Describe(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += "  " + FormatDiagnostic(d) + "\n";
  return out;
}

inline void ExpectMatchesMarkers(const Diagnostics& diagnostics, const std::vector<ExpectedError>& markers) {
  for (const ExpectedError& marker : markers) {
    bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
      return d.line == marker.line && (d.message.find(marker.text) != std::string::npos ||
                                       FormatDiagnostic(d).find(marker.text) != std::string::npos);
    });
    EXPECT_TRUE(found) << "expected on line " << marker.line << ": " << marker.text << "\ngot:\n"
                       << Describe(diagnostics);
  }
  EXPECT_EQ(diagnostics.size(), markers.size()) << "got:\n" << Describe(diagnostics);
}

}  // namespace amtsweg::process::testing
