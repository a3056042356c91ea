#include "api/api.h"

#include "api/handlers.h"
#include "text/time.h"

namespace amtsweg::api {

Api::Api(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage,
         metrics::Registry& registry, Options options)
    : handlers_(new Handlers{std::move(catalog), storage, registry, std::move(options),
                             registry.GetCounter("amtsweg_applications_submitted_total",
                                                 "Applications accepted and stored durably"),
                             registry.GetCounter("amtsweg_applications_rejected_total",
                                                 "Submissions rejected as invalid (422)")}) {}

Api::~Api() = default;

void Api::Register(http::Router& router) {
  Handlers* h = handlers_.get();
  using http::Method;
  using http::Request;
  router.Get("/healthz", [h](const Request& r) { return h->Health(r); });
  router.Get("/readyz", [h](const Request& r) { return h->Ready(r); });
  router.Get("/metrics", [h](const Request& r) { return h->Metrics(r); });
  router.Get("/api/v1/municipalities", [h](const Request& r) { return h->ListMunicipalities(r); });
  router.Get("/api/v1/municipalities/{ags}/services", [h](const Request& r) { return h->ListServices(r); });
  router.Get("/api/v1/processes/{process}", [h](const Request& r) { return h->GetProcess(r); });
  router.Get("/api/v1/processes/{process}/example", [h](const Request& r) { return h->GetExample(r); });
  router.AddAsync(Method::kPost, "/api/v1/applications",
                  [h](const Request& r, http::Reply reply) { h->SubmitApplication(r, std::move(reply)); });
  router.Get("/api/v1/applications/{reference}", [h](const Request& r) { return h->GetApplication(r); });
  router.Get("/api/v1/opendata/offerings", [h](const Request& r) { return h->OpenOfferings(r); });
  router.Get("/api/v1/opendata/usage", [h](const Request& r) { return h->OpenUsage(r); });
}

logic::Context Api::Handlers::LogicContext() const {
  logic::Context context;
  context.today = text::IsoDate(options.now());
  return context;
}

}  // namespace amtsweg::api
