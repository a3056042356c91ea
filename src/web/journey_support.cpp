// See journey_support.h.

#include "web/journey_support.h"

#include "applications/draft_secret.h"
#include "monitor/events.h"
#include "process/fee.h"
#include "web/form_view.h"

namespace amtsweg::web::journey {

// --- Pages ----------------------------------------------------------------------------------

// Answers are personal data: no page of the journey is stored by browsers or proxies.
Response NoStore(Response response) {
  response.headers.push_back({"Cache-Control", "no-store"});
  return response;
}

// Renders `body_template` with `view` inside the layout.
Response Page(const State& state, int status, const std::string& title, std::string_view body_template,
              const nlohmann::json& view, bool has_errors) {
  return NoStore(state.layout.Page(status, body_template, view,
                                   {.title = title, .has_errors = has_errors, .crumbs = {}}));
}

Response Message(const State& state, int status, const std::string& title, const std::string& text) {
  return NoStore(state.layout.Message(status, title, {text}));
}

Response NotFoundPage(const State& state) {
  return Message(state, 404, "Antrag nicht gefunden",
                 "Diesen Antrag gibt es nicht, er ist abgelaufen oder er wurde in einem anderen Browser "
                 "begonnen. Öffnen Sie den Link zum Fortsetzen, den Sie beim Speichern erhalten haben, oder "
                 "beginnen Sie den Antrag neu.");
}

Response Forbidden(const State& state) {
  return Message(state, 403, "Anfrage abgelehnt",
                 "Die Anfrage kam nicht von diesem Formular. Laden Sie die Seite neu und versuchen Sie es "
                 "noch einmal; Ihre gespeicherten Angaben bleiben erhalten.");
}

Response Unavailable(const State& state) {
  return Message(state, 503, "Dienst vorübergehend nicht verfügbar",
                 "Ihre Angaben konnten gerade nicht gespeichert werden. Bitte versuchen Sie es in einigen "
                 "Minuten noch einmal.");
}

Response Redirect(std::string location) { return NoStore(Layout::SeeOther(std::move(location))); }

Response SaveFailed(const State& state, const storage::Error& error) {
  return error.code == storage::ErrorCode::kNotFound ? NotFoundPage(state) : Unavailable(state);
}

// --- Requests -------------------------------------------------------------------------------

// CSRF defence for every POST (OWASP: verify origin with standard headers): a present Origin
// must be our own; without Origin, a browser's Sec-Fetch-Site must not say cross-site.
bool FromOurOrigin(const Request& request) {
  std::string_view origin = request.GetHeader("Origin");
  std::string_view host = request.GetHeader("Host");
  if (!origin.empty()) {
    if (host.empty()) return false;
    std::string host_text(host);
    return origin == "http://" + host_text || origin == "https://" + host_text;
  }
  std::string_view site = request.GetHeader("Sec-Fetch-Site");
  return site.empty() || site == "same-origin" || site == "none";
}

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  std::string_view cookies = request.GetHeader("Cookie");
  while (!cookies.empty()) {
    std::size_t end = cookies.find(';');
    std::string_view pair = cookies.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    cookies.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::string DraftCookie(const State& state, const std::string& id, const std::string& secret) {
  std::string cookie = std::string(kCookiePrefix) + id + "=" + secret + "; Path=/antrag/" + id +
                       "; HttpOnly; SameSite=Lax; Max-Age=" +
                       std::to_string(std::chrono::seconds(state.options.draft_retention).count());
  if (state.options.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::optional<PostedForm> ReadForm(const Request& request) {
  PostedForm form;
  std::string_view type = request.GetHeader("Content-Type");
  if (type.starts_with("multipart/form-data")) {
    auto parts = http::ParseMultipart(type, request.body);
    if (!parts) return std::nullopt;
    for (auto& part : *parts) {
      if (part.has_filename) {
        form.files.push_back(std::move(part));
      } else {
        form.fields.emplace_back(part.name, std::move(part.data));
      }
    }
    return form;
  }
  auto fields = http::ParseUrlEncoded(request.body);
  if (!fields) return std::nullopt;
  form.fields = std::move(*fields);
  return form;
}

std::string_view Field(const http::FormFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

// --- Drafts ---------------------------------------------------------------------------------

// The draft of the request's {draft} path parameter, if the browser holds its secret.
std::variant<OpenDraft, Response> Open(const State& state, const Request& request) {
  std::string id(request.Param("draft"));
  if (!applications::IsDraftId(id)) return NotFoundPage(state);
  auto secret = CookieValue(request, std::string(kCookiePrefix) + id);
  if (!secret) return NotFoundPage(state);
  auto found = state.storage.FindDraft(id, text::Rfc3339(state.options.now()));
  if (!found) return Unavailable(state);
  if (!*found || !applications::SameHash(applications::HashDraftSecret(*secret), (*found)->secret_hash)) {
    return NotFoundPage(state);
  }
  OpenDraft open{std::move(**found), std::move(*secret), nullptr, {}};
  open.service = state.catalog->Find(open.draft.municipality_ags, open.draft.process_id);
  if (open.service == nullptr) return NotFoundPage(state);  // the offering was withdrawn
  open.data = nlohmann::json::parse(open.draft.data_json, nullptr, false);
  if (!open.data.is_object()) open.data = nlohmann::json::object();
  return open;
}

std::optional<CreatedDraft> CreateDraft(const State& state, const catalog::OfferedService& service,
                                        const nlohmann::json& data) {
  const process::Definition& definition = *service.definition;
  const auto now = state.options.now();
  CreatedDraft created;
  storage::Draft& draft = created.draft;
  draft.id = applications::NewDraftId(state.options.random);
  created.secret = applications::NewDraftSecret(state.options.random);
  draft.secret_hash = applications::HashDraftSecret(created.secret);
  draft.municipality_ags = service.municipality->ags;
  draft.process_id = definition.id;
  draft.process_version = definition.version;
  draft.variant_id = definition.variant_id;
  draft.data_json = data.dump();
  draft.current_page = definition.pages.front().id;
  draft.sandbox = state.options.sandbox;
  draft.journey = monitor::NewJourneyId();
  draft.created_at = draft.updated_at = text::Rfc3339(now);
  draft.expires_at = text::Rfc3339(now + state.options.draft_retention);
  if (!state.storage.CreateDraft(draft)) return std::nullopt;
  return created;
}

std::string DraftUrl(const storage::Draft& draft) { return "/antrag/" + draft.id; }

// Index of the page `id` in the definition, or -1.
int PageIndex(const process::Definition& definition, std::string_view id) {
  for (std::size_t i = 0; i < definition.pages.size(); ++i) {
    if (definition.pages[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

// The next (step +1) or previous (step -1) visible page after `from`, or nullptr.
const process::Page* Neighbour(const process::Definition& definition, int from, int step,
                               const nlohmann::json& data, const logic::Context& context) {
  for (int i = from + step; i >= 0 && i < static_cast<int>(definition.pages.size()); i += step) {
    if (PageVisible(definition.pages[i], data, context)) return &definition.pages[i];
  }
  return nullptr;
}

// The page holding the field at data path `path` ("hunde[1].rasse" -> the page of "hunde").
const process::Page* PageOfField(const process::Definition& definition, std::string_view path) {
  std::string_view top = path.substr(0, path.find_first_of(".["));
  for (const process::Page& page : definition.pages) {
    for (const process::Field& field : page.fields) {
      if (field.id == top) return &page;
    }
  }
  return nullptr;
}

nlohmann::json FeeText(const process::Definition& definition, const nlohmann::json& data,
                       const logic::Context& context) {
  if (!definition.fee.rule) return nullptr;
  auto cents = process::ComputeFeeCents(definition, data, context);
  return cents ? nlohmann::json(process::FormatEuro(*cents)) : nlohmann::json();
}

nlohmann::json Problems(const process::Definition& definition, const std::vector<process::FieldError>& errors,
                        const storage::Draft& draft) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& error : errors) {
    nlohmann::json problem = {{"text", error.message}};
    if (const process::Page* page = PageOfField(definition, error.field)) {
      problem["href"] = DraftUrl(draft) + "/seiten/" + page->id + "#" + FormInputId(error.field);
    }
    problems.push_back(std::move(problem));
  }
  return problems;
}

storage::NewApplication ApplicationOf(const State& state, const OpenDraft& open, const nlohmann::json& data,
                                      std::int64_t fee_cents) {
  const process::Definition& definition = *open.service->definition;
  storage::NewApplication application;
  application.process_id = definition.id;
  application.process_version = definition.version;
  application.variant_id = definition.variant_id;
  application.municipality_ags = open.service->municipality->ags;
  application.office_id = open.service->office->id;
  application.data_json = data.dump();
  application.fee_cents = fee_cents;
  application.sandbox = state.options.sandbox;
  return application;
}

nlohmann::json AmountDue(std::int64_t cents) {
  return cents > 0 ? nlohmann::json(process::FormatEuro(cents)) : nlohmann::json();
}

// --- Handlers -------------------------------------------------------------------------------

std::variant<OpenDraft, Response> OpenForPost(const State& state, const Request& request,
                                              std::optional<PostedForm>& form) {
  auto opened = Open(state, request);
  if (std::holds_alternative<Response>(opened)) return opened;
  const auto& open = std::get<OpenDraft>(opened);
  form = ReadForm(request);
  if (!FromOurOrigin(request) || !form ||
      !applications::SameToken(Field(form->fields, "csrf"), applications::CsrfToken(open.secret))) {
    return Forbidden(state);
  }
  return opened;
}

}  // namespace amtsweg::web::journey
