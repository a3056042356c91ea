#pragma once
// The OZG maturity level (Reifegrad 0–4) of a service hosted here, computed from what the process
// needs and what the platform can do today, with the reasons.
//
// The model (OZG-Leitfaden, after the EU eGovernment benchmark): 0 offline; 1 information
// online; 2 an online form whose result still travels on paper; 3 the whole application online —
// submission, identification where required, proofs (Nachweise), fee payment, and the decision
// back through a digital channel; 4 as 3, and no proof the administration already holds has to
// be brought again (once only). The OZG counts a service as online from level 3.
//
// A level is reached when every criterion of it and of the levels below is met or not needed
// by the process (a process without a fee needs no online payment). The platform's capabilities
// are an explicit value, so that the level rises by itself when payment, accounts or the
// mailbox land:
//
//   Maturity m = Assess(NeedsOf(definition), PlatformToday());
//   m.level;       // 2
//   m.criteria;    // each with its level, name, status (met / missing / not needed) and why

#include <string>
#include <vector>

#include "process/definition.h"

namespace amtsweg::registry {

// What amtsweg can do for every hosted process. PlatformToday() says what the code base has.
struct Capabilities {
  bool information = true;        // service page with description, documents, fee (portal)
  bool online_form = true;        // multi-page form with instant checks (journey)
  bool online_submission = true;  // the application arrives digitally (submit + outbox)
  bool file_upload = true;        // proofs as files in the form (FieldType::kFile)
  bool user_account = false;      // login / Bürgerkonto with trust levels: not yet
  bool online_payment = false;    // payment provider: not yet
  bool digital_delivery = false;  // decision back to the applicant's mailbox: not yet
  bool once_only = false;         // proofs fetched from registers: not yet
};

// The capabilities of this build of amtsweg.
[[nodiscard]] Capabilities PlatformToday();

// What one effective process definition asks for.
struct ProcessNeeds {
  bool fee = false;             // has a fee rule: payment must be possible online
  bool identification = false;  // requires a trust level above "none"
  bool proofs = false;          // lists required documents (Nachweise)
  bool proof_upload = false;    // has a file field to bring them online
};

[[nodiscard]] ProcessNeeds NeedsOf(const process::Definition& definition);

enum class CriterionStatus { kMet, kMissing, kNotNeeded };

struct Criterion {
  int level = 0;     // the level this criterion belongs to (1–4)
  std::string name;  // German, e.g. "Online bezahlen"
  CriterionStatus status = CriterionStatus::kMissing;
  std::string reason;  // German: why met, missing or not needed
};

struct Maturity {
  int level = 0;                    // 0–4
  std::vector<Criterion> criteria;  // ordered by level
};

[[nodiscard]] Maturity Assess(const ProcessNeeds& needs, const Capabilities& platform);

// German words for a status and a level ("Reifegrad 2 – Online-Formular").
[[nodiscard]] std::string StatusText(CriterionStatus status);
[[nodiscard]] std::string LevelText(int level);

}  // namespace amtsweg::registry
