// The registry value: offers here and elsewhere, maturity, standard processes with adopters,
// coverage per municipality and district, the filtered and paged service table. The catalogue
// comes from a temporary SQLite database holding two seed processes and three municipalities.

#include "registry/registry.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace amtsweg::registry {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHund = "99102013104000";
constexpr const char* kMelde = "99115003012000";
constexpr const char* kAusweis = "99008001012000";
constexpr const char* kGewerbe = "99050012104000";

std::string ReadSeed(const std::string& file) {
  std::ifstream in(fs::path(AMTSWEG_SOURCE_DIR) / "seed" / file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<catalog::OzgService> TestCatalogue() {
  return {{kAusweis,
           "Personalausweis beantragen",
           "Personalausweis",
           "Querschnitt",
           "Querschnitt Bürger",
           "citizen",
           {}},
          {kHund, "Hundesteuer Anmeldung", "Hundesteuer", "Recht & Ordnung", "Haustiere", "citizen", {}},
          {kMelde, "Meldebescheinigung", "Meldewesen", "Querschnitt", "Umzug", "citizen", {}},
          {kGewerbe, "Gewerbeanmeldung", "Gewerbe", "Unternehmensführung", "Gründung", "business", {}}};
}

class RegistryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("amtsweg-registry-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto opened = storage::Open((dir_ / "r.db").string(), nullptr);
    ASSERT_TRUE(opened.has_value());
    storage_ = std::move(*opened).release();
    ASSERT_TRUE(storage_->Migrate());
    for (const auto& m :
         {storage::Municipality{"08111000", "081110000000", "Stuttgart", "Baden-Württemberg"},
          storage::Municipality{"08212000", "082120000000", "Karlsruhe", "Baden-Württemberg"},
          storage::Municipality{"08115003", "081150003003", "Böblingen", "Baden-Württemberg"}})
      ASSERT_TRUE(storage_->SaveMunicipality(m));
    for (const char* ags : {"08111000", "08212000"}) {
      ASSERT_TRUE(storage_->SaveOffice(
          {std::string("o-") + ags, ags, "Amt", "amt@example.org", "", {"hundesteuer", "meldewesen"}}));
    }
    ASSERT_TRUE(storage_->SaveProcessSource({storage::SourceKind::kStandard, "hund-anmelden", 1,
                                             ReadSeed("processes/hund-anmelden.yaml"), "hund"}));
    ASSERT_TRUE(storage_->SaveProcessSource({storage::SourceKind::kStandard, "meldebescheinigung", 1,
                                             ReadSeed("processes/meldebescheinigung.yaml"), "melde"}));
    ASSERT_TRUE(storage_->SaveOffering({"08111000", "hund-anmelden", std::nullopt, "2025-03-01T00:00:00Z"}));
    ASSERT_TRUE(storage_->SaveOffering({"08111000", "meldebescheinigung", std::nullopt, ""}));
    ASSERT_TRUE(storage_->SaveOffering({"08212000", "hund-anmelden", std::nullopt, "2024-06-01T00:00:00Z"}));
    auto catalog = catalog::Catalog::Load(*storage_);
    ASSERT_TRUE(catalog.has_value()) << catalog.error().front();
    catalog_ = new std::shared_ptr<const catalog::Catalog>(*catalog);
  }
  static void TearDownTestSuite() {
    delete catalog_;
    if (storage_) storage_->Close();
    delete storage_;
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  Registry Build() {
    Inputs in;
    in.catalog = catalog_->get();
    in.ozg = &ozg_;
    in.offerings = {{"08111000", "hund-anmelden", std::nullopt, "2025-03-01T00:00:00Z"},
                    {"08212000", "hund-anmelden", std::nullopt, "2024-06-01T00:00:00Z"}};
    in.processes = {{"hund-anmelden", "Hund anmelden", kHund, "Stadt Heidelberg", "live", 1, ""},
                    {"personalausweis", "Personalausweis beantragen", kAusweis, "Land", "geplant", 1, ""}};
    in.external = {
        {"08212000", kAusweis, "https://verwaltung.bund.de/leistungsverzeichnis/de/leistung/99008001012000",
         3, "2026-01-10T00:00:00Z"},
        {"08111000", kHund, "https://elsewhere.example.org", 1, ""}};  // hosted here wins
    return Registry::Build(in);
  }

  std::vector<catalog::OzgService> ozg_ = TestCatalogue();
  static inline fs::path dir_;
  static inline storage::Storage* storage_ = nullptr;
  static inline std::shared_ptr<const catalog::Catalog>* catalog_ = nullptr;
};

TEST_F(RegistryTest, OffersHereAndElsewhereWithMaturity) {
  Registry r = Build();
  ASSERT_EQ(r.Offers().size(), 4u);
  const Offer* hund = r.FindOffer("08111000", kHund);
  ASSERT_NE(hund, nullptr);
  EXPECT_EQ(hund->where, Where::kHere) << "hosted here wins over an entry elsewhere";
  EXPECT_EQ(hund->url, "/gemeinden/08111000/leistungen/hund-anmelden");
  EXPECT_EQ(hund->maturity, 2);
  EXPECT_EQ(hund->process, "hund-anmelden");
  EXPECT_EQ(hund->since, "2025-03-01T00:00:00Z");
  const Offer* ausweis = r.FindOffer("08212000", kAusweis);
  ASSERT_NE(ausweis, nullptr);
  EXPECT_EQ(ausweis->where, Where::kElsewhere);
  EXPECT_EQ(ausweis->maturity, 3);
  EXPECT_EQ(ausweis->process, "");
  EXPECT_EQ(r.FindOffer("08115003", kHund), nullptr);
  for (std::size_t i = 1; i < r.Offers().size(); ++i)
    EXPECT_LT(std::tie(r.Offers()[i - 1].ags, r.Offers()[i - 1].leika),
              std::tie(r.Offers()[i].ags, r.Offers()[i].leika));
}

TEST_F(RegistryTest, StandardProcessesWithOwnerStatusAndAdoptersByDate) {
  Registry r = Build();
  const StandardProcess* hund = r.FindProcess("hund-anmelden");
  ASSERT_NE(hund, nullptr);
  EXPECT_EQ(hund->owner, "Stadt Heidelberg");
  EXPECT_EQ(hund->status, "live");
  ASSERT_TRUE(hund->maturity.has_value());
  EXPECT_EQ(hund->maturity->level, 2);
  ASSERT_EQ(hund->adopters.size(), 2u);
  EXPECT_EQ(hund->adopters[0].name, "Karlsruhe") << "earliest adopter first";
  EXPECT_EQ(hund->adopters[1].since, "2025-03-01T00:00:00Z");

  const StandardProcess* planned = r.FindProcess("personalausweis");
  ASSERT_NE(planned, nullptr);
  EXPECT_EQ(planned->status, "geplant");
  EXPECT_FALSE(planned->maturity.has_value());
  EXPECT_TRUE(planned->adopters.empty());

  const StandardProcess* melde = r.FindProcess("meldebescheinigung");
  ASSERT_NE(melde, nullptr) << "a hosted process without registry entry is listed too";
  EXPECT_EQ(melde->status, "live");
  EXPECT_EQ(melde->owner, "");
  EXPECT_EQ(melde->adopters.at(0).since, "") << "unknown adoption date";
  EXPECT_EQ(r.FindProcess("nope"), nullptr);
}

TEST_F(RegistryTest, CoveragePerMunicipality) {
  Registry r = Build();
  Coverage s = r.CoverageOf("08111000");
  EXPECT_EQ(s.catalogue, 4);
  EXPECT_EQ(s.here, 2);
  EXPECT_EQ(s.elsewhere, 0);
  EXPECT_EQ(s.not_online, 2);
  EXPECT_DOUBLE_EQ(*s.average_maturity, 2.0);
  Coverage k = r.CoverageOf("08212000");
  EXPECT_EQ(k.here, 1);
  EXPECT_EQ(k.elsewhere, 1);
  EXPECT_DOUBLE_EQ(*k.average_maturity, 2.5);
  Coverage b = r.CoverageOf("08115003");
  EXPECT_EQ(b.not_online, 4);
  EXPECT_FALSE(b.average_maturity.has_value());
  EXPECT_EQ(r.MunicipalityCoverages().size(), 3u);
}

TEST_F(RegistryTest, DistrictsByTheFirstFiveDigitsOfTheArs) {
  Registry r = Build();
  auto districts = r.Districts();
  ASSERT_EQ(districts.size(), 3u);
  EXPECT_EQ(districts[0].key, "08111");
  EXPECT_EQ(districts[0].name, "Stadtkreis Stuttgart");
  EXPECT_EQ(districts[1].key, "08115");
  EXPECT_EQ(districts[1].name, "Kreis 08115");
  EXPECT_EQ(districts[1].state, "Baden-Württemberg");
  EXPECT_EQ(districts[1].coverage.catalogue, 4);
  EXPECT_EQ(districts[2].coverage.here + districts[2].coverage.elsewhere, 2);
}

ServiceQuery Query(std::string ags, std::optional<int> maturity, std::string themenfeld, int page = 1,
                   int page_size = 50) {
  ServiceQuery q;
  q.ags = std::move(ags);
  q.maturity = maturity;
  q.themenfeld = std::move(themenfeld);
  q.page = page;
  q.page_size = page_size;
  return q;
}

TEST_F(RegistryTest, ServiceTableFiltersAndPages) {
  Registry r = Build();
  ServicePage all = r.Services(ServiceQuery{});
  EXPECT_EQ(all.total, 12);  // 3 municipalities × 4 services
  EXPECT_EQ(all.pages, 1);

  ServicePage stuttgart = r.Services(Query("08111000", std::nullopt, ""));
  EXPECT_EQ(stuttgart.total, 4);
  ServicePage level3 = r.Services(Query("", 3, ""));
  ASSERT_EQ(level3.total, 1);
  EXPECT_EQ(level3.rows[0].municipality->name, "Karlsruhe");
  ServicePage offline = r.Services(Query("", 0, ""));
  EXPECT_EQ(offline.total, 12 - 4);
  ServicePage quer = r.Services(Query("", std::nullopt, "Querschnitt"));
  EXPECT_EQ(quer.total, 6);

  ServicePage paged = r.Services(Query("", std::nullopt, "", 3, 5));
  EXPECT_EQ(paged.pages, 3);
  EXPECT_EQ(paged.page, 3);
  EXPECT_EQ(paged.rows.size(), 2u);
  EXPECT_EQ(r.Services(Query("", std::nullopt, "", 99, 5)).page, 3) << "clamped";
  EXPECT_EQ(r.Services(Query("", std::nullopt, "", -1, 5)).page, 1);
  ServicePage none = r.Services(Query("00000000", std::nullopt, ""));
  EXPECT_EQ(none.total, 0);
  EXPECT_EQ(none.pages, 1);
  EXPECT_TRUE(none.rows.empty());
}

TEST_F(RegistryTest, StatusesAndThemenfelder) {
  EXPECT_TRUE(IsStatus("im_test"));
  EXPECT_FALSE(IsStatus("Live"));
  EXPECT_FALSE(IsStatus(""));
  EXPECT_EQ(StatusLabel("in_entwicklung"), "in Entwicklung");
  Registry r = Build();
  EXPECT_EQ(r.Themenfelder(),
            (std::vector<std::string>{"Querschnitt", "Recht & Ordnung", "Unternehmensführung"}));
}

}  // namespace
}  // namespace amtsweg::registry
