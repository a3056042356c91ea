// Submitting an application (validated, stored durably through group commit, answered with a
// reference and a bearer token) and reading its status with that token.
#include <iostream>

#include "api/errors.h"
#include "api/handlers.h"
#include "process/fee.h"  // FormatEuro
#include "process/validate.h"
#include "text/time.h"

namespace amtsweg::api {
namespace {

constexpr int kMaxReferenceAttempts = 5;

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

// Stores the application, drawing a new reference when the drawn one is taken, and answers.
// The 201 answer is built before the write, on the I/O thread: the storage callback runs on the
// single writer thread, which should do nothing but hand it over.
struct PendingSubmission : std::enable_shared_from_this<PendingSubmission> {
  storage::Storage& storage;
  applications::RandomSource random;
  storage::NewApplication application;
  std::string access_token;
  http::Reply reply;
  metrics::Counter& submitted;
  int attempts = 0;
  http::Response created;  // the answer once stored, for the current reference

  PendingSubmission(storage::Storage& s, applications::RandomSource r, storage::NewApplication a,
                    std::string t, http::Reply reply, metrics::Counter& c)
      : storage(s),
        random(std::move(r)),
        application(std::move(a)),
        access_token(std::move(t)),
        reply(std::move(reply)),
        submitted(c) {}

  void Start() {
    ++attempts;
    application.reference = applications::NewReference(random);
    created = JsonOk(201, {{"reference", application.reference},
                           {"status", "submitted"},
                           {"access_token", access_token},
                           {"fee", FeeJson(application.fee_cents)}});
    created.headers.push_back({"Location", "/api/v1/applications/" + application.reference});
    storage.SubmitAsync(application, [self = shared_from_this()](storage::Result<void> result) {
      self->Done(std::move(result));
    });
  }

  void Done(storage::Result<void> result) {
    if (!result && result.error().code == storage::ErrorCode::kConflict && attempts < kMaxReferenceAttempts) {
      Start();
      return;
    }
    if (!result) {
      std::cerr << R"({"level":"error","msg":"storing an application failed","error":)"
                << nlohmann::json(result.error().message).dump() << "}\n";
      reply(ErrorResponse(503, "", "unavailable",
                          "Der Antrag konnte gerade nicht gespeichert werden. Bitte versuchen Sie es in "
                          "einigen Minuten erneut; Ihre Angaben wurden nicht übernommen."));
      return;
    }
    submitted.Inc();
    reply(std::move(created));
  }

  static nlohmann::json FeeJson(std::int64_t cents) {
    return {{"cents", cents}, {"currency", "EUR"}, {"display", process::FormatEuro(cents)}};
  }
};

}  // namespace

void Api::Handlers::SubmitApplication(const http::Request& request, http::Reply reply) {
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
  std::string token = applications::NewAccessToken(options.random);
  application.access_token_hash = applications::HashToken(token);
  auto pending = std::make_shared<PendingSubmission>(storage, options.random, std::move(application),
                                                     std::move(token), std::move(reply), submitted);
  pending->Start();
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
                      {"fee", PendingSubmission::FeeJson(a.fee_cents)}});
}

}  // namespace amtsweg::api
