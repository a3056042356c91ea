// Storing an application with reference retries and idempotent replays (see submit.h).

#include "applications/submit.h"

#include <memory>

#include "applications/idempotency.h"

namespace amtsweg::applications {
namespace {

constexpr int kMaxReferenceAttempts = 5;

struct Pending : std::enable_shared_from_this<Pending> {
  storage::Storage& storage;
  RandomSource random;
  storage::NewApplication application;
  std::optional<IdempotentRequest> idempotency;
  std::function<void(SubmitOutcome)> done;
  std::string access_token;
  int attempts = 0;

  Pending(storage::Storage& s, RandomSource r, storage::NewApplication a, std::optional<IdempotentRequest> i,
          std::function<void(SubmitOutcome)> d)
      : storage(s),
        random(std::move(r)),
        application(std::move(a)),
        idempotency(std::move(i)),
        done(std::move(d)) {}

  void Start() {
    access_token = NewAccessToken(random);
    application.access_token_hash = HashToken(access_token);
    if (idempotency) {
      application.idempotency_key_hash = idempotency->key_hash;
      application.request_hash = idempotency->request_hash;
      application.sealed_access_token = SealToken(access_token, idempotency->key, idempotency->request_hash);
    }
    Attempt();
  }

  void Attempt() {
    ++attempts;
    application.reference = NewReference(random);
    storage.SubmitAsync(application, [self = shared_from_this()](storage::Result<void> result) {
      self->Stored(std::move(result));
    });
  }

  void Stored(storage::Result<void> result) {
    if (!result && result.error().code == storage::ErrorCode::kConflict) {
      // Either the reference was taken (draw another) or, with a key, the same request raced
      // in from another connection or instance and was stored first (answer with that one).
      if (idempotency) {
        auto stored = storage.FindApplicationByIdempotencyKey(idempotency->key_hash);
        if (!stored) return Fail(stored.error().message);
        if (*stored) return done(ReplayStored(**stored, *idempotency));
      }
      if (attempts < kMaxReferenceAttempts) return Attempt();
    }
    if (!result) return Fail(result.error().message);
    SubmitOutcome outcome;
    outcome.kind = SubmitOutcome::Kind::kStored;
    outcome.application = std::move(application);
    outcome.status = "submitted";
    outcome.access_token = std::move(access_token);
    done(std::move(outcome));
  }

  void Fail(std::string message) {
    SubmitOutcome outcome;
    outcome.kind = SubmitOutcome::Kind::kUnavailable;
    outcome.error = std::move(message);
    done(std::move(outcome));
  }
};

}  // namespace

void Submit(storage::Storage& storage, RandomSource random, storage::NewApplication application,
            std::optional<IdempotentRequest> idempotency, std::function<void(SubmitOutcome)> done) {
  auto pending = std::make_shared<Pending>(storage, std::move(random), std::move(application),
                                           std::move(idempotency), std::move(done));
  pending->Start();
}

SubmitOutcome ReplayStored(const storage::ApplicationRecord& stored, const IdempotentRequest& request) {
  SubmitOutcome outcome;
  auto token = UnsealToken(stored.application.sealed_access_token, request.key, request.request_hash);
  if (stored.application.request_hash != request.request_hash || !token) {
    outcome.kind = SubmitOutcome::Kind::kKeyReused;
    return outcome;
  }
  outcome.kind = SubmitOutcome::Kind::kReplayed;
  outcome.application = stored.application;
  outcome.status = stored.status;
  outcome.access_token = std::move(*token);
  return outcome;
}

}  // namespace amtsweg::applications
