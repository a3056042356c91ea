// The status page: with the reference and its access code the applicant sees the status of an
// application and the answers submitted (journey.h).

#include "web/journey_status.h"

#include "applications/draft_secret.h"
#include "applications/reference.h"
#include "text/time.h"
#include "web/journey_support.h"
#include "web/review_view.h"

namespace amtsweg::web::journey {
namespace {

// "2026-11-30T08:05:00Z" -> "30.11.2026, 09:05 Uhr" (German wall-clock time).
std::string GermanDateTime(const std::string& rfc3339) {
  auto t = text::ParseRfc3339(rfc3339);
  return t ? text::GermanDateTime(*t) : rfc3339;
}

void WithoutChangeLinks(nlohmann::json& view) {
  if (view.is_object()) {
    view.erase("change_url");
    for (auto& [key, value] : view.items()) WithoutChangeLinks(value);
  } else if (view.is_array()) {
    for (auto& value : view) WithoutChangeLinks(value);
  }
}

Response StatusForm(const State& state, const Request&) {
  return Page(state, 200, "Antragsstatus abfragen", "journey_status_form", nlohmann::json::object());
}

Response StatusLookup(const State& state, const Request& request) {
  if (!FromOurOrigin(request)) return Forbidden(state);
  auto form = http::ParseUrlEncoded(request.body);
  std::string typed_reference = form ? std::string(Field(*form, "vorgang")) : "";
  std::string token = form ? std::string(Field(*form, "zugangscode")) : "";
  auto reference = applications::NormalizeReference(typed_reference);
  auto not_found = [&] {
    nlohmann::json view = {{"has_errors", true},
                           {"vorgang", typed_reference},
                           {"error",
                            "Zu dieser Vorgangsnummer und diesem Zugangscode gibt es keinen Antrag. Prüfen "
                            "Sie beide Angaben; die Vorgangsnummer hat die Form 7K3M-Q9X2-T."}};
    return Page(state, 200, "Antragsstatus abfragen", "journey_status_form", std::move(view), true);
  };
  if (!reference || token.empty()) return not_found();
  auto found = state.storage.FindApplication(*reference);
  if (!found) return Unavailable(state);
  if (!*found ||
      !applications::SameHash(applications::HashToken(token), (*found)->application.access_token_hash)) {
    return not_found();
  }
  const storage::NewApplication& a = (*found)->application;
  const catalog::OfferedService* service = state.catalog->Find(a.municipality_ags, a.process_id);
  nlohmann::json view = {{"reference", a.reference},
                         {"status_text", (*found)->status == "submitted" ? "Eingegangen" : (*found)->status},
                         {"submitted_at", GermanDateTime(a.submitted_at)},
                         {"service_title", service != nullptr ? service->definition->title : a.process_id},
                         {"office_name", service != nullptr ? service->office->name : ""},
                         {"sandbox", a.sandbox}};
  if (service != nullptr) {
    auto data = nlohmann::json::parse(a.data_json, nullptr, false);
    nlohmann::json answers = ReviewView(*service->definition, data, state.LogicContext(), "");
    WithoutChangeLinks(answers);  // submitted answers are final
    view["answers"] = std::move(answers);
  }
  return Page(state, 200, "Antragsstatus", "journey_status", std::move(view));
}

}  // namespace

void RegisterStatus(http::Router& router, const std::shared_ptr<State>& state) {
  router.Get("/status", [state](const Request& r) { return StatusForm(*state, r); });
  router.Post("/status", [state](const Request& r) { return StatusLookup(*state, r); });
}

}  // namespace amtsweg::web::journey
