#pragma once
// Private to src/api: the state every handler shares, and the handlers themselves, one per
// endpoint. Each takes the request and answers; none keeps per-request state.

#include <memory>

#include "api/api.h"
#include "http/message.h"

namespace amtsweg::api {

struct Api::Handlers {
  std::shared_ptr<const catalog::Catalog> catalog;
  storage::Storage& storage;
  metrics::Registry& registry;
  Options options;
  metrics::Counter& submitted;
  metrics::Counter& rejected;

  // catalog_handlers.cpp
  http::Response ListMunicipalities(const http::Request& request) const;
  http::Response ListServices(const http::Request& request) const;
  http::Response GetProcess(const http::Request& request) const;
  http::Response GetExample(const http::Request& request) const;

  // application_handlers.cpp
  void SubmitApplication(const http::Request& request, http::Reply reply);
  http::Response GetApplication(const http::Request& request) const;

  // opendata_handlers.cpp (public open data of the registry and the monitor)
  http::Response OpenOfferings(const http::Request& request) const;
  http::Response OpenUsage(const http::Request& request) const;
  http::Response Offerings(const http::Request& request) const;  // without the open-data headers
  http::Response Usage(const http::Request& request) const;

  // ops_handlers.cpp
  http::Response Health(const http::Request& request) const;
  http::Response Ready(const http::Request& request) const;
  http::Response Metrics(const http::Request& request) const;

  // Today for JSON Logic, from the injected clock.
  logic::Context LogicContext() const;
};

}  // namespace amtsweg::api
