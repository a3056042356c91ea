// seed/registry.yaml: the demo's registry entries seed on top of the demo catalogue, and every
// wrong entry (unknown leika, ags, status, offer; a live process without definition; a bad
// time or maturity) is rejected with a message naming it.

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include "catalog/seed.h"

namespace amtsweg::catalog {
namespace {

namespace fs = std::filesystem;

class RegistrySeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("amtsweg-registry-seed-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto opened = storage::Open((dir_ / "seed.db").string(), nullptr);
    ASSERT_TRUE(opened.has_value());
    storage_ = std::move(*opened);
    ASSERT_TRUE(storage_->Migrate());
  }
  void TearDown() override {
    if (storage_) storage_->Close();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // SeedRegistry's error for `yaml` over the full demo seed ("" when it succeeded).
  std::string ErrorOf(const std::string& yaml) {
    auto seeded = Seed(*storage_);
    EXPECT_TRUE(seeded.has_value()) << (seeded ? "" : seeded.error().front());
    auto result = SeedRegistry(yaml, *storage_);
    return result ? std::string() : result.error();
  }

  fs::path dir_;
  std::unique_ptr<storage::Storage> storage_;
};

TEST_F(RegistrySeedTest, TheDemoSeedsProcessesAdoptionsAndExternalOffers) {
  auto seeded = Seed(*storage_);
  ASSERT_TRUE(seeded.has_value()) << seeded.error().front();
  auto processes = storage_->ListRegistryProcesses();
  ASSERT_TRUE(processes.has_value()) << processes.error().message;
  ASSERT_GE(processes->size(), 9u);
  for (const auto& p : *processes) {
    EXPECT_FALSE(p.owner.empty()) << p.id;
    EXPECT_FALSE(p.title.empty()) << p.id;
  }
  auto offerings = storage_->ListOfferings();
  ASSERT_TRUE(offerings.has_value());
  for (const auto& o : *offerings) EXPECT_FALSE(o.adopted_at.empty()) << o.ags << " " << o.process_id;
  auto external = storage_->ListExternalOfferings();
  ASSERT_TRUE(external.has_value());
  ASSERT_FALSE(external->empty());
  for (const auto& e : *external)
    EXPECT_EQ(e.url, "https://verwaltung.bund.de/leistungsverzeichnis/de/leistung/" + e.leika);
  ASSERT_TRUE(Seed(*storage_).has_value()) << "seeding twice is an idempotent upsert";
}

TEST_F(RegistrySeedTest, RejectsWrongEntries) {
  struct Case {
    const char* yaml;
    const char* message;
  };
  const Case cases[] = {
      {"processes: [{id: x, leika: '99102013070000', owner: A, status: fertig, updated: "
       "'2026-01-01T00:00:00Z'}]",
       "unknown status 'fertig'"},
      {"processes: [{id: x, leika: '12345678901234', owner: A, status: geplant, title: X, "
       "updated: '2026-01-01T00:00:00Z'}]",
       "unknown leika '12345678901234'"},
      {"processes: [{id: x, leika: '99102013070000', owner: A, status: live, updated: "
       "'2026-01-01T00:00:00Z'}]",
       "is live but has no definition"},
      {"processes: [{id: hund-anmelden, leika: '99102013070000', owner: A, status: live, "
       "updated: '2026-01-01T00:00:00Z'}]",
       "leika differs from its definition"},
      {"processes: [{id: x, leika: '99102013070000', status: geplant, title: X, updated: "
       "'2026-01-01T00:00:00Z'}]",
       "needs an id and an owner"},
      {"processes: [{id: x, leika: '99102013070000', owner: A, status: geplant, title: X, updated: gestern}]",
       "'gestern' is not an RFC 3339 UTC time"},
      {"adoptions: [{ags: '08311000', process: hund-anmelden, since: '2026-01-01T00:00:00Z'}]",
       "no such offer"},
      {"external: [{ags: '09162000', leika: '99049001001000', maturity: 3, entered: '2026-01-01T00:00:00Z'}]",
       "unknown ags"},
      {"external: [{ags: '08111000', leika: '99049001001999', maturity: 3, entered: '2026-01-01T00:00:00Z'}]",
       "unknown leika"},
      {"external: [{ags: '08111000', leika: '99049001001000', maturity: 5, entered: '2026-01-01T00:00:00Z'}]",
       "maturity must be 0 to 4"},
      {"external: [{ags: '08111000', leika: '99049001001000', maturity: drei, entered: "
       "'2026-01-01T00:00:00Z'}]",
       "bad conversion"},
      {"processes: [unclosed", "end of sequence flow not found"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    std::string error = ErrorOf(c.yaml);
    EXPECT_NE(error.find(c.message), std::string::npos) << error;
  }
}

}  // namespace
}  // namespace amtsweg::catalog
