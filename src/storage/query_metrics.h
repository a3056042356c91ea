#pragma once
// Latency series of the synchronous reads (amtsweg_db_query_duration_seconds{query}), shared by
// both engines.

namespace amtsweg::metrics {
class Histogram;
class Registry;
}  // namespace amtsweg::metrics

namespace amtsweg::storage {

// Per-query read latency series; any may be null (no registry).
struct ReaderMetrics {
  metrics::Histogram* schema_version = nullptr;
  metrics::Histogram* ping = nullptr;
  metrics::Histogram* list_municipalities = nullptr;
  metrics::Histogram* list_offices = nullptr;
  metrics::Histogram* list_process_sources = nullptr;
  metrics::Histogram* list_offerings = nullptr;
  metrics::Histogram* find_application = nullptr;
  metrics::Histogram* find_idempotency_key = nullptr;
  metrics::Histogram* find_draft = nullptr;
};

// The series in `registry`; all null without a registry.
ReaderMetrics MakeReaderMetrics(metrics::Registry* registry);

}  // namespace amtsweg::storage
