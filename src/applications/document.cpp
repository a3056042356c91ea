// See document.h.

#include "applications/document.h"

namespace amtsweg::applications {

nlohmann::json BackOfficeDocument(const storage::NewApplication& application, const DocumentNames& names) {
  using Json = nlohmann::json;
  Json data = Json::parse(application.data_json, nullptr, false);
  if (data.is_discarded()) data = nullptr;
  return Json{
      {"format", kDocumentFormat},
      {"reference", application.reference.empty() ? Json() : Json(application.reference)},
      {"submitted_at", application.submitted_at.empty() ? Json() : Json(application.submitted_at)},
      {"test_data", application.sandbox},
      {"service",
       {{"process", application.process_id},
        {"version", application.process_version},
        {"variant", application.variant_id ? Json(*application.variant_id) : Json()},
        {"leika", names.leika},
        {"title", names.process_title}}},
      {"municipality", {{"ags", application.municipality_ags}, {"name", names.municipality_name}}},
      {"office", {{"id", application.office_id}, {"name", names.office_name}, {"email", names.office_email}}},
      {"fee", {{"cents", application.fee_cents}, {"currency", "EUR"}}},
      {"data", std::move(data)},
  };
}

}  // namespace amtsweg::applications
