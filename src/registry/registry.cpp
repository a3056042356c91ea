// The transparency registry as a value (see registry.h).

#include "registry/registry.h"

#include <algorithm>
#include <set>

namespace amtsweg::registry {
namespace {

constexpr std::string_view kPortalPrefix = "/gemeinden/";

std::string HostedUrl(std::string_view ags, std::string_view process) {
  return std::string(kPortalPrefix) + std::string(ags) + "/leistungen/" + std::string(process);
}

// Adds one online offer to `c`, or one service not online when `offer` is null.
void Count(Coverage& c, const Offer* offer, double& maturity_sum) {
  ++c.catalogue;
  if (!offer) {
    ++c.not_online;
    return;
  }
  (offer->where == Where::kHere ? c.here : c.elsewhere) += 1;
  maturity_sum += offer->maturity;
}

void Finish(Coverage& c, double maturity_sum) {
  int online = c.here + c.elsewhere;
  if (online > 0) c.average_maturity = maturity_sum / online;
}

// The adoption date of (ags, process) from the offerings rows, or "".
std::string AdoptedAt(const std::vector<storage::Offering>& offerings, std::string_view ags,
                      std::string_view process) {
  for (const auto& o : offerings)
    if (o.ags == ags && o.process_id == process) return o.adopted_at;
  return {};
}

}  // namespace

bool IsStatus(std::string_view status) {
  return std::any_of(std::begin(kStatuses), std::end(kStatuses), [&](const char* s) { return status == s; });
}

std::string StatusLabel(std::string_view status) {
  if (status == "geplant") return "geplant";
  if (status == "in_entwicklung") return "in Entwicklung";
  if (status == "im_test") return "im Test";
  if (status == "live") return "live";
  return "unbekannt";
}

Registry Registry::Build(const Inputs& in) {
  Registry r;
  r.catalog_ = in.catalog;
  r.ozg_ = in.ozg;
  for (const auto& s : *in.ozg) r.by_leika_.emplace(s.leika, &s);

  std::map<std::string, StandardProcess, std::less<>> processes;
  for (const auto& p : in.processes)
    processes[p.id] = StandardProcess{p.id, p.title, p.leika, p.owner, p.status, p.version, std::nullopt, {}};

  // Hosted offers: every offered service of every municipality, maturity from its effective
  // definition (a variant may add a fee or an upload).
  for (const auto& m : in.catalog->Municipalities()) {
    for (const auto* s : in.catalog->ServicesOf(m.ags)) {
      const process::Definition& d = *s->definition;
      Maturity maturity = Assess(NeedsOf(d), in.platform);
      std::string since = AdoptedAt(in.offerings, m.ags, d.id);
      auto [it, inserted] = processes.try_emplace(d.id);
      StandardProcess& p = it->second;
      if (inserted) p = StandardProcess{d.id, d.title, d.leika, "", "live", d.version, std::nullopt, {}};
      if (!p.maturity || !d.variant_id) p.maturity = maturity;  // the standard's own when offered plainly
      p.adopters.push_back({m.ags, m.name, d.variant_id.value_or(""), since});
      if (r.offer_index_.count(std::pair(m.ags, d.leika))) continue;  // one offer per service
      r.offer_index_.emplace(std::pair(m.ags, d.leika), r.offers_.size());
      r.offers_.push_back(
          {m.ags, d.leika, Where::kHere, HostedUrl(m.ags, d.id), maturity.level, d.id, since});
    }
  }
  // Offers elsewhere, unless the service is hosted here too.
  for (const auto& e : in.external) {
    if (r.offer_index_.count(std::pair(e.ags, e.leika))) continue;
    r.offer_index_.emplace(std::pair(e.ags, e.leika), r.offers_.size());
    r.offers_.push_back({e.ags, e.leika, Where::kElsewhere, e.url, e.maturity, "", e.entered_at});
  }
  std::sort(r.offers_.begin(), r.offers_.end(), [](const Offer& a, const Offer& b) {
    return std::tie(a.ags, a.leika) < std::tie(b.ags, b.leika);
  });
  for (std::size_t i = 0; i < r.offers_.size(); ++i)
    r.offer_index_[std::pair(r.offers_[i].ags, r.offers_[i].leika)] = i;

  for (auto& [id, p] : processes) {
    std::sort(p.adopters.begin(), p.adopters.end(), [](const Adopter& a, const Adopter& b) {
      // Unknown dates ("") last.
      return std::tuple(a.since.empty(), a.since, a.name) < std::tuple(b.since.empty(), b.since, b.name);
    });
    r.processes_.push_back(std::move(p));
  }
  return r;
}

const Offer* Registry::FindOffer(std::string_view ags, std::string_view leika) const {
  auto it = offer_index_.find(std::pair(std::string(ags), std::string(leika)));
  return it == offer_index_.end() ? nullptr : &offers_[it->second];
}

const StandardProcess* Registry::FindProcess(std::string_view id) const {
  for (const auto& p : processes_)
    if (p.id == id) return &p;
  return nullptr;
}

const catalog::OzgService* Registry::FindService(std::string_view leika) const {
  auto it = by_leika_.find(leika);
  return it == by_leika_.end() ? nullptr : it->second;
}

const std::vector<storage::Municipality>& Registry::Municipalities() const {
  return catalog_->Municipalities();
}

const storage::Municipality* Registry::FindMunicipality(std::string_view ags) const {
  return catalog_->FindMunicipality(ags);
}

Coverage Registry::CoverageOf(std::string_view ags) const {
  Coverage c;
  double sum = 0;
  for (const auto& s : *ozg_) Count(c, FindOffer(ags, s.leika), sum);
  Finish(c, sum);
  return c;
}

std::vector<MunicipalityCoverage> Registry::MunicipalityCoverages() const {
  std::vector<MunicipalityCoverage> list;
  for (const auto& m : Municipalities()) list.push_back({&m, CoverageOf(m.ags)});
  return list;
}

std::vector<DistrictCoverage> Registry::Districts() const {
  std::map<std::string, DistrictCoverage> districts;
  for (const auto& m : Municipalities()) {
    if (m.ars.size() < 5) continue;
    DistrictCoverage& d = districts[m.ars.substr(0, 5)];
    d.key = m.ars.substr(0, 5);
    d.state = m.state;
    d.municipalities.push_back(&m);
    // A kreisfreie Stadt is its own district: its ARS is the district key followed by zeros.
    if (m.ars.substr(5).find_first_not_of('0') == std::string::npos) d.name = "Stadtkreis " + m.name;
  }
  std::vector<DistrictCoverage> list;
  for (auto& [key, d] : districts) {
    if (d.name.empty()) d.name = "Kreis " + key;
    double sum = 0;
    for (const auto* m : d.municipalities)
      for (const auto& s : *ozg_) Count(d.coverage, FindOffer(m->ags, s.leika), sum);
    Finish(d.coverage, sum);
    list.push_back(std::move(d));
  }
  return list;
}

ServicePage Registry::Services(const ServiceQuery& query) const {
  std::vector<ServiceRow> rows;
  for (const auto& m : Municipalities()) {
    if (!query.ags.empty() && m.ags != query.ags) continue;
    for (const auto& s : *ozg_) {
      if (!query.themenfeld.empty() && s.themenfeld != query.themenfeld) continue;
      const Offer* offer = FindOffer(m.ags, s.leika);
      int maturity = offer ? offer->maturity : 0;
      if (query.maturity && *query.maturity != maturity) continue;
      rows.push_back({&m, &s, offer, maturity});
    }
  }
  ServicePage page;
  const int size = std::max(1, query.page_size);
  page.total = static_cast<int>(rows.size());
  page.pages = std::max(1, (page.total + size - 1) / size);
  page.page = std::clamp(query.page, 1, page.pages);
  auto first = rows.begin() + std::min<std::ptrdiff_t>((page.page - 1) * size, page.total);
  auto last = rows.begin() + std::min<std::ptrdiff_t>(page.page * size, page.total);
  page.rows.assign(first, last);
  return page;
}

std::vector<std::string> Registry::Themenfelder() const {
  std::set<std::string> names;
  for (const auto& s : *ozg_) names.insert(s.themenfeld);
  return {names.begin(), names.end()};
}

tl::expected<Registry, storage::Error> LoadRegistry(const catalog::Catalog& catalog,
                                                    storage::Storage& storage) {
  Inputs in;
  in.catalog = &catalog;
  in.ozg = &catalog::OzgCatalogue();
  auto offerings = storage.ListOfferings();
  if (!offerings) return tl::unexpected(offerings.error());
  auto processes = storage.ListRegistryProcesses();
  if (!processes) return tl::unexpected(processes.error());
  auto external = storage.ListExternalOfferings();
  if (!external) return tl::unexpected(external.error());
  in.offerings = std::move(*offerings);
  in.processes = std::move(*processes);
  in.external = std::move(*external);
  return Registry::Build(in);
}

}  // namespace amtsweg::registry
