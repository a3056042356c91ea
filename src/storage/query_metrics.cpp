// Read latency series (see query_metrics.h).

#include "storage/query_metrics.h"

#include "metrics/metrics.h"

namespace amtsweg::storage {
namespace {

constexpr const char kQueryDurationName[] = "amtsweg_db_query_duration_seconds";
constexpr const char kQueryDurationHelp[] = "Duration of synchronous database reads";

}  // namespace

ReaderMetrics MakeReaderMetrics(metrics::Registry* registry) {
  if (registry == nullptr) return {};
  auto query = [registry](const char* name) {
    return &registry->GetHistogram(kQueryDurationName, kQueryDurationHelp, {{"query", name}});
  };
  return ReaderMetrics{
      .schema_version = query("schema_version"),
      .ping = query("ping"),
      .list_municipalities = query("list_municipalities"),
      .list_offices = query("list_offices"),
      .list_process_sources = query("list_process_sources"),
      .list_offerings = query("list_offerings"),
      .find_application = query("find_application"),
      .find_idempotency_key = query("find_idempotency_key"),
      .find_draft = query("find_draft"),
  };
}

}  // namespace amtsweg::storage
