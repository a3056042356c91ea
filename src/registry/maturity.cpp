// OZG maturity of hosted services (see maturity.h).

#include "registry/maturity.h"

#include <algorithm>

namespace amtsweg::registry {
namespace {

bool HasFileField(const std::vector<process::Field>& fields) {
  return std::any_of(fields.begin(), fields.end(), [](const process::Field& f) {
    return f.type == process::FieldType::kFile || HasFileField(f.fields);
  });
}

Criterion Always(int level, std::string name, bool available, std::string met, std::string missing) {
  return {level, std::move(name), available ? CriterionStatus::kMet : CriterionStatus::kMissing,
          available ? std::move(met) : std::move(missing)};
}

// A criterion that applies only when the process needs it.
Criterion IfNeeded(int level, std::string name, bool needed, std::string not_needed, bool available,
                   std::string met, std::string missing) {
  if (!needed) return {level, std::move(name), CriterionStatus::kNotNeeded, std::move(not_needed)};
  return Always(level, std::move(name), available, std::move(met), std::move(missing));
}

std::vector<Criterion> Criteria(const ProcessNeeds& needs, const Capabilities& p) {
  std::vector<Criterion> c;
  c.push_back(Always(1, "Informationen online", p.information,
                     "Leistungsbeschreibung, Unterlagen und Kosten stehen auf der Leistungsseite.",
                     "Es gibt keine Leistungsseite."));
  c.push_back(Always(2, "Online-Formular", p.online_form,
                     "Der Antrag wird online ausgefüllt und sofort geprüft.",
                     "Es gibt kein Online-Formular."));
  c.push_back(Always(3, "Antrag digital einreichen", p.online_submission,
                     "Der Antrag geht digital an die zuständige Stelle.",
                     "Der Antrag muss ausgedruckt werden."));
  c.push_back(IfNeeded(3, "Online identifizieren", needs.identification,
                       "Der Antrag ist ohne Identifizierung möglich.", p.user_account,
                       "Anmeldung mit dem nötigen Vertrauensniveau ist möglich.",
                       "Das Verfahren verlangt eine Identifizierung; Nutzerkonten gibt es noch nicht."));
  c.push_back(IfNeeded(3, "Nachweise online einreichen", needs.proofs,
                       "Das Verfahren verlangt keine Nachweise.", needs.proof_upload && p.file_upload,
                       "Nachweise werden im Formular hochgeladen.",
                       "Das Formular hat kein Feld zum Hochladen der Nachweise."));
  c.push_back(IfNeeded(3, "Online bezahlen", needs.fee, "Das Verfahren ist gebührenfrei.", p.online_payment,
                       "Die Gebühr wird im Antrag online bezahlt.",
                       "Die Gebühr kann noch nicht online bezahlt werden."));
  c.push_back(Always(3, "Bescheid digital zustellen", p.digital_delivery,
                     "Der Bescheid kommt in das Postfach der antragstellenden Person.",
                     "Ein Postfach für die Antwort gibt es noch nicht; der Bescheid kommt auf Papier."));
  c.push_back(IfNeeded(4, "Once-Only: Nachweise aus Registern", needs.proofs,
                       "Das Verfahren verlangt keine Nachweise, die schon vorliegen könnten.", p.once_only,
                       "Vorliegende Nachweise werden aus Registern abgerufen.",
                       "Nachweise werden noch nicht aus Registern abgerufen."));
  return c;
}

}  // namespace

Capabilities PlatformToday() { return Capabilities{}; }

ProcessNeeds NeedsOf(const process::Definition& definition) {
  ProcessNeeds needs;
  needs.fee = definition.fee.rule.has_value();
  needs.identification = definition.trust_level != process::TrustLevel::kNone;
  needs.proofs = !definition.required_documents.empty();
  needs.proof_upload = std::any_of(definition.pages.begin(), definition.pages.end(),
                                   [](const process::Page& page) { return HasFileField(page.fields); });
  return needs;
}

Maturity Assess(const ProcessNeeds& needs, const Capabilities& platform) {
  Maturity maturity;
  maturity.criteria = Criteria(needs, platform);
  // The level is one below the lowest level with a missing criterion.
  int level = 4;
  for (const auto& c : maturity.criteria)
    if (c.status == CriterionStatus::kMissing) level = std::min(level, c.level - 1);
  maturity.level = level;
  return maturity;
}

std::string StatusText(CriterionStatus status) {
  switch (status) {
    case CriterionStatus::kMet:
      return "erfüllt";
    case CriterionStatus::kMissing:
      return "fehlt";
    case CriterionStatus::kNotNeeded:
      return "nicht nötig";
  }
  return "fehlt";
}

std::string LevelText(int level) {
  switch (level) {
    case 0:
      return "Reifegrad 0 – offline";
    case 1:
      return "Reifegrad 1 – Information";
    case 2:
      return "Reifegrad 2 – Online-Formular";
    case 3:
      return "Reifegrad 3 – Online-Antrag";
    case 4:
      return "Reifegrad 4 – Once-Only";
  }
  return "Reifegrad unbekannt";
}

}  // namespace amtsweg::registry
