// Read-only catalogue endpoints: municipalities, their services, effective definitions, and
// example data for integrators.
#include "api/errors.h"
#include "api/handlers.h"
#include "process/example.h"
#include "process/serialize.h"

namespace amtsweg::api {
namespace {

// The offered service named by {process} and ?municipality=, or the error answer.
tl::expected<const catalog::OfferedService*, http::Response> FindOffered(const catalog::Catalog& catalog,
                                                                         const http::Request& request) {
  auto ags = QueryParam(request, "municipality");
  if (!ags || ags->empty()) {
    return tl::unexpected(
        ErrorResponse(400, "municipality", "required", "Geben Sie die Gemeinde mit ?municipality=<AGS> an."));
  }
  const catalog::OfferedService* service = catalog.Find(*ags, request.Param("process"));
  if (!service) return tl::unexpected(NotFound("process"));
  return service;
}

}  // namespace

http::Response Api::Handlers::ListMunicipalities(const http::Request&) const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : catalog->Municipalities())
    list.push_back({{"ags", m.ags}, {"ars", m.ars}, {"name", m.name}, {"state", m.state}});
  return JsonOk(200, list);
}

http::Response Api::Handlers::ListServices(const http::Request& request) const {
  std::string_view ags = request.Param("ags");
  if (!catalog->FindMunicipality(ags)) return NotFound("ags");
  nlohmann::json list = nlohmann::json::array();
  for (const auto* service : catalog->ServicesOf(ags)) {
    const auto& d = *service->definition;
    list.push_back({{"process", d.id},
                    {"leika", d.leika},
                    {"title", d.title},
                    {"summary", d.summary},
                    {"version", d.version},
                    {"variant", d.variant_id ? nlohmann::json(*d.variant_id) : nlohmann::json()}});
  }
  return JsonOk(200, list);
}

http::Response Api::Handlers::GetProcess(const http::Request& request) const {
  auto service = FindOffered(*catalog, request);
  if (!service) return std::move(service.error());
  nlohmann::json body = process::ToJson(*(*service)->definition);
  body["municipality"] = (*service)->municipality->ags;
  body["office"] = {{"id", (*service)->office->id}, {"name", (*service)->office->name}};
  return JsonOk(200, body);
}

http::Response Api::Handlers::GetExample(const http::Request& request) const {
  auto service = FindOffered(*catalog, request);
  if (!service) return std::move(service.error());
  return JsonOk(200, process::ExampleData(*(*service)->definition, LogicContext()));
}

}  // namespace amtsweg::api
