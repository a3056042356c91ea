#pragma once
// Storing a validated application, shared by the JSON API and the browser journey: draw a
// reference (again, if the drawn one is taken) and an access token, store durably through the
// storage's group commit, and tell the caller what happened. With an idempotency key, a repeat
// of a stored request gets the stored application back, wherever it was stored first.
//
//   applications::Submit(storage, random, std::move(application), idempotency,
//                        [reply](SubmitOutcome outcome) { ... });   // on a storage thread
//
// `application` comes with everything but reference, access token and the idempotency columns.

#include <functional>
#include <optional>
#include <string>

#include "applications/reference.h"
#include "storage/storage.h"

namespace amtsweg::applications {

// What a client that may repeat its submission presents (see idempotency.h).
struct IdempotentRequest {
  std::string key;
  std::string key_hash;      // HashKey(key)
  std::string request_hash;  // HashRequest(body or canonical answers)
};

struct SubmitOutcome {
  enum class Kind {
    kStored,       // stored now
    kReplayed,     // stored before by a request with the same key and body
    kKeyReused,    // the key was used for a different request; nothing stored
    kUnavailable,  // storage failed; nothing stored (the message is for the log)
  };
  Kind kind = Kind::kUnavailable;
  storage::NewApplication application;  // reference, fee, … as stored (kStored, kReplayed)
  std::string status;                   // current status (kStored, kReplayed)
  std::string access_token;             // in clear, for the answer (kStored, kReplayed)
  std::string error;                    // kUnavailable: English, no personal data
};

// Calls `done` exactly once, on a storage thread (or the caller's, after Close()).
void Submit(storage::Storage& storage, RandomSource random, storage::NewApplication application,
            std::optional<IdempotentRequest> idempotency, std::function<void(SubmitOutcome)> done);

// The outcome for a request whose key is already stored: kReplayed with the unsealed token when
// the request matches, kKeyReused otherwise.
[[nodiscard]] SubmitOutcome ReplayStored(const storage::ApplicationRecord& stored,
                                         const IdempotentRequest& request);

}  // namespace amtsweg::applications
