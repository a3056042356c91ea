// Submitting an application (validated, stored durably through group commit, answered with a
// reference and a bearer token; repeated safely with an Idempotency-Key) and reading its status
// with that token.
#include <iostream>

#include "api/errors.h"
#include "api/handlers.h"
#include "applications/idempotency.h"
#include "applications/submit.h"
#include "monitor/events.h"
#include "monitor/recorder.h"
#include "process/fee.h"  // FormatEuro
#include "process/validate.h"
#include "text/time.h"

namespace amtsweg::api {
namespace {

struct Envelope {
  std::string process;
  std::string municipality;
  const nlohmann::json* data = nullptr;
};

// {"process","municipality","data"}: every other key is an error, each named.
tl::expected<Envelope, std::vector<ApiError>> ReadEnvelope(const nlohmann::json& body) {
  if (!body.is_object()) {
    return tl::unexpected(std::vector<ApiError>{
        {"", "type", "Die Anfrage muss ein JSON-Objekt mit process, municipality und data sein."}});
  }
  Envelope envelope;
  std::vector<ApiError> errors;
  for (const auto& [key, value] : body.items()) {
    if (key == "process" || key == "municipality") {
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        errors.push_back({key, "type", "„" + key + "“ muss eine nicht leere Zeichenkette sein."});
      } else {
        (key == "process" ? envelope.process : envelope.municipality) = value.get<std::string>();
      }
    } else if (key == "data") {
      if (!value.is_object())
        errors.push_back({key, "type", "„data“ muss ein JSON-Objekt mit den Antworten sein."});
      envelope.data = &value;
    } else {
      errors.push_back({key, "unknown_field", "Dieses Feld gibt es in der Anfrage nicht."});
    }
  }
  for (const char* key : {"process", "municipality", "data"}) {
    if (!body.contains(key)) errors.push_back({key, "required", std::string("„") + key + "“ fehlt."});
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return envelope;
}

nlohmann::json FeeJson(std::int64_t cents) {
  return {{"cents", cents}, {"currency", "EUR"}, {"display", process::FormatEuro(cents)}};
}

http::Response Created(const storage::NewApplication& application, const std::string& status,
                       const std::string& access_token) {
  http::Response created = JsonOk(201, {{"reference", application.reference},
                                        {"status", status},
                                        {"access_token", access_token},
                                        {"fee", FeeJson(application.fee_cents)}});
  created.headers.push_back({"Location", "/api/v1/applications/" + application.reference});
  return created;
}

http::Response Unavailable() {
  return ErrorResponse(503, "", "unavailable",
                       "Der Antrag konnte gerade nicht gespeichert werden. Bitte versuchen Sie es in "
                       "einigen Minuten erneut; Ihre Angaben wurden nicht übernommen.");
}

// The answer to a stored (or replayed) application; 422 for a reused key, 503 when storing
// failed.
http::Response Answer(const applications::SubmitOutcome& outcome) {
  using Kind = applications::SubmitOutcome::Kind;
  switch (outcome.kind) {
    case Kind::kStored:
    case Kind::kReplayed: {
      http::Response created = Created(outcome.application, outcome.status, outcome.access_token);
      if (outcome.kind == Kind::kReplayed) created.headers.push_back({"Idempotent-Replayed", "true"});
      return created;
    }
    case Kind::kKeyReused:
      return ErrorResponse(422, "Idempotency-Key", "idempotency_key_reused",
                           "Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet. "
                           "Verwenden Sie für jeden neuen Antrag einen neuen Schlüssel.");
    case Kind::kUnavailable:
      break;
  }
  std::cerr << R"({"level":"error","msg":"storing an application failed","error":)"
            << nlohmann::json(outcome.error).dump() << "}\n";
  return Unavailable();
}

}  // namespace

void Api::Handlers::SubmitApplication(const http::Request& request, http::Reply reply) {
  auto key = applications::ParseIdempotencyKey(request.GetHeader("Idempotency-Key"));
  if (!key) {
    return reply(ErrorResponse(400, "Idempotency-Key", "idempotency_key_invalid",
                               "Der Idempotency-Key ist ungültig: erlaubt sind 1 bis 255 sichtbare "
                               "ASCII-Zeichen, zum Beispiel eine UUID."));
  }
  std::optional<applications::IdempotentRequest> retry;
  if (!key->empty()) {
    retry = applications::IdempotentRequest{*key, applications::HashKey(*key),
                                            applications::HashRequest(request.body)};
  }
  auto body = ParseJsonBody(request);
  if (!body) return reply(std::move(body.error()));
  auto envelope = ReadEnvelope(*body);
  if (!envelope) return reply(ErrorResponse(422, envelope.error()));

  if (!catalog->FindMunicipality(envelope->municipality)) return reply(NotFound("municipality"));
  const catalog::OfferedService* service = catalog->Find(envelope->municipality, envelope->process);
  if (!service) return reply(NotFound("process"));
  const process::Definition& definition = *service->definition;

  const logic::Context context = LogicContext();
  auto validated = process::ValidateSubmission(definition, *envelope->data, context);
  if (!validated) {
    // A repeat of a request stored earlier is answered as stored even if its answers would not
    // pass today (the catalogue or the date changed in between). Looked up only here and on a
    // unique-key conflict, so keyed submissions cost no extra read on the normal path.
    if (retry) {
      auto stored = storage.FindApplicationByIdempotencyKey(retry->key_hash);
      if (!stored) return reply(Unavailable());
      if (*stored) return reply(Answer(applications::ReplayStored(**stored, *retry)));
    }
    rejected.Inc();
    std::vector<ApiError> errors;
    errors.reserve(validated.error().size());
    for (auto& e : validated.error()) {
      errors.push_back(
          {e.field.empty() ? "data" : "data." + e.field, std::move(e.code), std::move(e.message)});
    }
    return reply(ErrorResponse(422, errors));
  }
  if (!validated->fee_error.empty()) {
    // A definition problem, not the applicant's: log it (no answers) and refuse honestly.
    std::cerr << R"({"level":"error","msg":"fee rule failed","process":)"
              << nlohmann::json(definition.id).dump() << R"(,"error":)"
              << nlohmann::json(validated->fee_error).dump() << "}\n";
    return reply(
        ErrorResponse(500, "", "internal",
                      "Die Gebühr konnte nicht berechnet werden. Der Fehler liegt bei uns; Ihr Antrag "
                      "wurde nicht gespeichert."));
  }

  storage::NewApplication application;
  application.process_id = definition.id;
  application.process_version = definition.version;
  application.variant_id = definition.variant_id;
  application.municipality_ags = service->municipality->ags;
  application.office_id = service->office->id;
  application.data_json = validated->data.dump();
  application.fee_cents = validated->fee_cents;
  application.sandbox = options.sandbox;
  application.submitted_at = text::Rfc3339(options.now());
  // The usage event, should the submission be stored: an API client has no journey in the
  // monitor's sense, only the submission (channel "api").
  storage::UsageEvent event =
      monitor::MakeEvent(monitor::Kind::kSubmitted,
                         {service->municipality->ags, definition.id, definition.version,
                          definition.variant_id ? std::string_view(*definition.variant_id) : ""},
                         monitor::DeviceFromUserAgent(request.GetHeader("user-agent")),
                         monitor::Channel::kApi, {}, options.now());
  applications::Submit(storage, options.random, std::move(application), std::move(retry),
                       [reply = std::move(reply), &submitted = submitted, recorder = options.recorder,
                        event = std::move(event)](applications::SubmitOutcome outcome) mutable {
                         if (outcome.kind == applications::SubmitOutcome::Kind::kStored) {
                           submitted.Inc();
                           if (recorder != nullptr) recorder->Record(std::move(event));
                         }
                         reply(Answer(outcome));
                       });
}

http::Response Api::Handlers::GetApplication(const http::Request& request) const {
  // Every failure below answers the same 404, so a reference's existence never leaks.
  auto reference = applications::NormalizeReference(request.Param("reference"));
  std::string_view authorization = request.GetHeader("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!reference || !authorization.starts_with(kBearer)) return NotFound("reference");
  auto found = storage.FindApplication(*reference);
  if (!found) {
    return ErrorResponse(503, "", "unavailable", "Der Antrag kann gerade nicht abgerufen werden.");
  }
  const std::string presented = applications::HashToken(authorization.substr(kBearer.size()));
  if (!*found || !applications::SameHash(presented, (*found)->application.access_token_hash)) {
    return NotFound("reference");
  }
  const storage::NewApplication& a = (*found)->application;
  return JsonOk(200, {{"reference", a.reference},
                      {"process", a.process_id},
                      {"version", a.process_version},
                      {"municipality", a.municipality_ags},
                      {"status", (*found)->status},
                      {"submitted_at", a.submitted_at},
                      {"sandbox", a.sandbox},
                      {"fee", FeeJson(a.fee_cents)}});
}

}  // namespace amtsweg::api
