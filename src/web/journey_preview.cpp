// See journey_preview.h.

#include "web/journey_preview.h"

#include "applications/document.h"
#include "applications/draft_secret.h"
#include "process/example.h"
#include "process/validate.h"
#include "web/form_view.h"
#include "web/journey_support.h"

namespace amtsweg::web::journey {
namespace {

constexpr std::size_t kShownBase64 = 32;

// File contents are shortened for reading; the document itself carries them whole.
void ShortenFileContents(nlohmann::json& value) {
  if (value.is_object()) {
    if (auto it = value.find("content_base64"); it != value.end() && it->is_string()) {
      const auto& text = it->get_ref<const std::string&>();
      if (text.size() > kShownBase64) {
        *it = text.substr(0, kShownBase64) + "… (" + std::to_string(text.size()) + " Zeichen, gekürzt)";
      }
    }
    for (auto& [key, child] : value.items()) ShortenFileContents(child);
  } else if (value.is_array()) {
    for (auto& child : value) ShortenFileContents(child);
  }
}

int CountFields(const std::vector<process::Field>& fields) {
  int count = 0;
  for (const auto& field : fields) count += 1 + CountFields(field.fields);
  return count;
}

Response Index(const State& state) {
  nlohmann::json municipalities = nlohmann::json::array();
  for (const auto& municipality : state.catalog->Municipalities()) {
    nlohmann::json services = nlohmann::json::array();
    for (const catalog::OfferedService* service : state.catalog->ServicesOf(municipality.ags)) {
      const process::Definition& definition = *service->definition;
      if (definition.pages.empty()) continue;
      services.push_back(
          {{"title", definition.title},
           {"process", definition.id},
           {"version", definition.version},
           {"variant", definition.variant_id ? nlohmann::json(*definition.variant_id) : nullptr},
           {"pages", definition.pages.size()},
           {"action", "/vorschau/" + municipality.ags + "/" + definition.id}});
    }
    if (services.empty()) continue;
    municipalities.push_back(
        {{"name", municipality.name}, {"ags", municipality.ags}, {"services", services}});
  }
  return Page(state, 200, "Vorschau für die Verfahrensgestaltung", "preview_index",
              {{"municipalities", std::move(municipalities)}});
}

Response StartPreview(const State& state, const Request& request) {
  if (!FromOurOrigin(request)) return Forbidden(state);
  const catalog::OfferedService* service =
      state.catalog->Find(request.Param("ags"), request.Param("process"));
  if (service == nullptr || service->definition->pages.empty()) return NotFoundPage(state);
  auto created =
      CreateDraft(state, *service, process::ExampleData(*service->definition, state.LogicContext()));
  if (!created) return Unavailable(state);
  Response response = Redirect(DraftUrl(created->draft) + "/vorschau");
  response.headers.push_back({"Set-Cookie", DraftCookie(state, created->draft.id, created->secret)});
  return response;
}

nlohmann::json PageList(const State& state, const OpenDraft& open) {
  const process::Definition& definition = *open.service->definition;
  const logic::Context context = state.LogicContext();
  nlohmann::json pages = nlohmann::json::array();
  int number = 0;
  for (const process::Page& page : definition.pages) {
    const bool visible = PageVisible(page, open.data, context);
    pages.push_back(
        {{"number", ++number},
         {"title", page.title},
         {"id", page.id},
         {"visible", visible},
         {"fields", CountFields(page.fields)},
         {"url", DraftUrl(open.draft) + "/seiten/" + page.id + "?vorschau=1"},
         {"condition", page.visible_if ? nlohmann::json(page.visible_if->source.dump()) : nullptr}});
  }
  return pages;
}

Response Overview(const State& state, const Request& request) {
  auto opened = Open(state, request);
  if (auto* response = std::get_if<Response>(&opened)) return std::move(*response);
  const auto& open = std::get<OpenDraft>(opened);
  const process::Definition& definition = *open.service->definition;
  auto validated = process::ValidateSubmission(definition, open.data, state.LogicContext());

  // Complete answers: exactly what a submission would deliver. Incomplete: the answers as they
  // stand, so the designer sees the shape while filling in.
  storage::NewApplication application =
      validated ? ApplicationOf(state, open, validated->data, validated->fee_cents)
                : ApplicationOf(state, open, open.data, 0);
  nlohmann::json document =
      applications::BackOfficeDocument(application, {.leika = definition.leika,
                                                     .process_title = definition.title,
                                                     .municipality_name = open.service->municipality->name,
                                                     .office_name = open.service->office->name,
                                                     .office_email = open.service->office->email});
  ShortenFileContents(document);

  nlohmann::json view = {
      {"service_title", definition.title},
      {"municipality_name", open.service->municipality->name},
      {"process", definition.id},
      {"version", definition.version},
      {"variant", definition.variant_id ? nlohmann::json(*definition.variant_id) : nullptr},
      {"leika", definition.leika},
      {"office_name", open.service->office->name},
      {"pages", PageList(state, open)},
      {"action_url", DraftUrl(open.draft) + "/vorschau"},
      {"csrf", applications::CsrfToken(open.secret)},
      {"review_url", DraftUrl(open.draft) + "/pruefen"},
      {"complete", validated.has_value()},
      {"document_json", document.dump(2)}};
  if (!validated) view["problems"] = Problems(definition, validated.error(), open.draft);
  return Page(state, 200, "Vorschau: " + definition.title, "preview_draft", std::move(view));
}

void ChangeAnswers(const std::shared_ptr<State>& state, const Request& request, http::Reply reply) {
  std::optional<PostedForm> form;
  auto opened = OpenForPost(*state, request, form);
  if (auto* response = std::get_if<Response>(&opened)) return reply(std::move(*response));
  auto& open = std::get<OpenDraft>(opened);
  const process::Definition& definition = *open.service->definition;
  const std::string_view action = Field(form->fields, "aktion");
  nlohmann::json data = nlohmann::json::object();
  if (action == "beispiel") {
    data = process::ExampleData(definition, state->LogicContext());
  } else if (action != "leeren") {
    return reply(Message(*state, 400, "Unbekannte Aktion",
                         "Wählen Sie „Beispieldaten einsetzen“ oder „Alle Antworten löschen“."));
  }
  const auto now = state->options.now();
  storage::DraftUpdate update{open.draft.id, data.dump(), definition.pages.front().id, text::Rfc3339(now),
                              text::Rfc3339(now + state->options.draft_retention)};
  std::string overview = DraftUrl(open.draft) + "/vorschau";
  state->storage.SaveDraftAsync(std::move(update),
                                [state, overview, reply = std::move(reply)](storage::Result<void> saved) {
                                  if (!saved) return reply(SaveFailed(*state, saved.error()));
                                  reply(Redirect(overview));
                                });
}

}  // namespace

bool PreviewRequested(const State& state, const Request& request) {
  if (!state.options.sandbox) return false;
  auto query = http::ParseQuery(request.query);
  return query && Field(*query, "vorschau") == "1";
}

void RegisterPreview(http::Router& router, const std::shared_ptr<State>& state) {
  if (!state->options.sandbox) return;
  router.Get("/vorschau", [state](const Request&) { return Index(*state); });
  router.Post("/vorschau/{ags}/{process}", [state](const Request& r) { return StartPreview(*state, r); });
  router.Get("/antrag/{draft}/vorschau", [state](const Request& r) { return Overview(*state, r); });
  router.AddAsync(
      http::Method::kPost, "/antrag/{draft}/vorschau",
      [state](const Request& r, http::Reply reply) { ChangeAnswers(state, r, std::move(reply)); });
}

}  // namespace amtsweg::web::journey
