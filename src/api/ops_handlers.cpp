// /healthz (the process is up), /readyz (it can serve: the database answers), /metrics.
#include "api/handlers.h"

namespace amtsweg::api {

http::Response Api::Handlers::Health(const http::Request&) const { return http::TextResponse(200, "ok"); }

http::Response Api::Handlers::Ready(const http::Request&) const {
  if (auto ping = storage.Ping(); !ping) return http::TextResponse(503, "database unavailable");
  return http::TextResponse(200, "ready");
}

http::Response Api::Handlers::Metrics(const http::Request&) const {
  http::Response response = http::TextResponse(200, registry.Render());
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return response;
}

}  // namespace amtsweg::api
