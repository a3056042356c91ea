// Open data (issue 5): GET /api/v1/opendata/offerings and /api/v1/opendata/usage, public, for
// anyone (CORS *), cacheable for five minutes, as JSON or (?format=csv) CSV. The rows and the
// suppression of small counts live in registry/opendata.h; this file reads storage, checks the
// query and renders.

#include <chrono>
#include <iostream>

#include "api/errors.h"
#include "api/handlers.h"
#include "registry/opendata.h"
#include "text/time.h"

namespace amtsweg::api {
namespace {

constexpr int kMaxMonths = 60;  // longest period one usage request may ask for

enum class Format { kJson, kCsv };

// ?format= : absent or "json" -> JSON, "csv" -> CSV, else the 400 answer.
tl::expected<Format, http::Response> FormatOf(const http::Request& request) {
  auto format = QueryParam(request, "format");
  if (!format || *format == "json") return Format::kJson;
  if (*format == "csv") return Format::kCsv;
  return tl::unexpected(ErrorResponse(400, "format", "invalid", "Erlaubt sind format=json und format=csv."));
}

// Readable from any origin, errors included; successful answers are cacheable.
http::Response Open(http::Response response) {
  response.headers.push_back({"Access-Control-Allow-Origin", "*"});
  response.headers.push_back({"Cross-Origin-Resource-Policy", "cross-origin"});
  if (response.status == 200) response.headers.push_back({"Cache-Control", "public, max-age=300"});
  return response;
}

http::Response Csv(std::string body, const std::string& file_name) {
  http::Response response{200, "text/csv; charset=utf-8", std::move(body), {}};
  response.headers.push_back({"Content-Disposition", "attachment; filename=\"" + file_name + "\""});
  return response;
}

http::Response StorageFailed(const storage::Error& error) {
  std::cerr << "opendata: storage: " << error.message << "\n";
  return ErrorResponse(503, "", "unavailable",
                       "Die Daten sind gerade nicht verfügbar. Bitte später erneut versuchen.");
}

bool IsAgs(std::string_view ags) {
  return ags.size() == 8 && ags.find_first_not_of("0123456789") == std::string_view::npos;
}

// Days (since 1970-01-01) of the first and the last day of a yyyymm month.
std::int64_t FirstDay(std::int64_t yyyymm) {
  using namespace std::chrono;
  year_month_day d{year(static_cast<int>(yyyymm / 100)), month(static_cast<unsigned>(yyyymm % 100)), day(1)};
  return sys_days(d).time_since_epoch().count();
}
std::int64_t LastDay(std::int64_t yyyymm) {
  using namespace std::chrono;
  year_month_day_last d{year(static_cast<int>(yyyymm / 100)),
                        month_day_last(month(static_cast<unsigned>(yyyymm % 100)))};
  return sys_days(d).time_since_epoch().count();
}
std::int64_t MonthsBetween(std::int64_t from, std::int64_t to) {
  return (to / 100 - from / 100) * 12 + (to % 100 - from % 100) + 1;
}
std::int64_t MonthsBack(std::int64_t yyyymm, int n) {
  std::int64_t index = (yyyymm / 100) * 12 + (yyyymm % 100 - 1) - n;
  return (index / 12) * 100 + index % 12 + 1;
}

struct Period {
  std::int64_t from = 0;  // yyyymm
  std::int64_t to = 0;
};

// ?from=YYYY-MM&to=YYYY-MM, by default the twelve months up to the current one.
tl::expected<Period, http::Response> PeriodOf(const http::Request& request, std::int64_t current_month) {
  Period period{MonthsBack(current_month, 11), current_month};
  for (const auto& [name, target] : {std::pair{"from", &period.from}, std::pair{"to", &period.to}}) {
    auto text = QueryParam(request, name);
    if (!text) continue;
    auto month = registry::ParseMonth(*text);
    if (!month)
      return tl::unexpected(ErrorResponse(400, name, "invalid", "Geben Sie den Monat als JJJJ-MM an."));
    *target = *month;
  }
  if (period.from > period.to)
    return tl::unexpected(ErrorResponse(400, "from", "invalid", "Der Beginn liegt nach dem Ende."));
  if (MonthsBetween(period.from, period.to) > kMaxMonths)
    return tl::unexpected(ErrorResponse(400, "from", "invalid", "Höchstens 60 Monate auf einmal."));
  return period;
}

}  // namespace

http::Response Api::Handlers::OpenOfferings(const http::Request& request) const {
  return Open(Offerings(request));
}

http::Response Api::Handlers::OpenUsage(const http::Request& request) const { return Open(Usage(request)); }

http::Response Api::Handlers::Offerings(const http::Request& request) const {
  auto format = FormatOf(request);
  if (!format) return std::move(format.error());
  auto loaded = registry::LoadRegistry(*catalog, storage);
  if (!loaded) return StorageFailed(loaded.error());
  auto records = registry::OfferingRecords(*loaded);
  if (*format == Format::kCsv) return Csv(registry::OfferingsCsv(records), "amtsweg-angebote.csv");
  return JsonOk(200, {{"rows", registry::OfferingsJson(records)}});
}

http::Response Api::Handlers::Usage(const http::Request& request) const {
  auto format = FormatOf(request);
  if (!format) return std::move(format.error());
  auto ags = QueryParam(request, "municipality");
  if (!ags || ags->empty())
    return ErrorResponse(400, "municipality", "required",
                         "Geben Sie die Gemeinde mit ?municipality=<AGS> an.");
  if (!IsAgs(*ags))
    return ErrorResponse(400, "municipality", "invalid", "Der Gemeindeschlüssel (AGS) hat 8 Ziffern.");
  const storage::Municipality* municipality = catalog->FindMunicipality(*ags);
  if (!municipality) return NotFound("municipality");
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(options.now().time_since_epoch()).count();
  auto period = PeriodOf(request, text::MonthOfDay(text::GermanDay(now_s)));
  if (!period) return std::move(period.error());

  storage::UsageFilter filter;
  filter.ags = {*ags};
  filter.from_day = FirstDay(period->from);
  filter.to_day = LastDay(period->to);
  auto sums = storage.SumUsage(filter, {storage::UsageGroup::kProcess, storage::UsageGroup::kMonth});
  if (!sums) return StorageFailed(sums.error());
  std::map<std::string, std::vector<storage::UsageDurationSum>> durations;
  std::map<std::string, std::string> leika;
  for (const auto& sum : *sums) {
    if (sum.group.size() != 2 || durations.count(sum.group[0])) continue;
    const std::string& process = sum.group[0];
    storage::UsageFilter one = filter;
    one.process = process;
    auto buckets = storage.SumUsageDurations(one, storage::UsageDurationGroup::kMonth);
    if (!buckets) return StorageFailed(buckets.error());
    durations[process] = std::move(*buckets);
    if (const auto* offered = catalog->Find(*ags, process)) leika[process] = offered->definition->leika;
  }
  auto records = registry::UsageRecords(*sums, durations, leika);
  if (*format == Format::kCsv) return Csv(registry::UsageCsv(records), "amtsweg-nutzung-" + *ags + ".csv");
  return JsonOk(200, {{"municipality", {{"ags", municipality->ags}, {"name", municipality->name}}},
                      {"from", registry::MonthText(period->from)},
                      {"to", registry::MonthText(period->to)},
                      {"k", registry::kMinCellCount},
                      {"rows", registry::UsageJson(records)}});
}

}  // namespace amtsweg::api
