#pragma once
// Fixtures shared by the storage tests: a temporary directory that removes itself, and a
// complete NewApplication with every field set.

#include <cstdlib>
#include <filesystem>
#include <string>

#include "storage/storage.h"

namespace amtsweg::storage::testing {

class TempDir final {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "amtsweg-storage-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

inline NewApplication MakeApplication(const std::string& reference) {
  NewApplication a;
  a.reference = reference;
  a.process_id = "hund-anmelden";
  a.process_version = 3;
  a.variant_id = "muenchen-hund";
  a.municipality_ags = "09162000";
  a.office_id = "muenchen-kvr-hundesteuer";
  a.data_json = R"({"hund":{"name":"Bello","rasse":"Dackel"},"halter":"Erika Mustermann"})";
  a.fee_cents = 7500;
  a.access_token_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  a.sandbox = true;
  a.submitted_at = "2026-11-30T08:00:00Z";
  return a;
}

inline SqliteOptions OptionsFor(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  return options;
}

}  // namespace amtsweg::storage::testing
