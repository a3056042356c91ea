// The questions an answer brings up on the same page (form_input.h, RevealedUnanswered): what a
// person without JavaScript has not seen when they pressed "Weiter".

#include "web/form_input.h"
#include "web/form_view.h"

#include "process/validate.h"

namespace amtsweg::web {

using Json = nlohmann::json;
using process::Field;
using process::FieldType;

namespace {

const Json* Child(const Json* object, const std::string& key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

const Json kNoAnswers = Json::object();  // a draft without answers, an entry not there before

void CollectRevealed(const std::vector<Field>& fields, const std::string& prefix, const Json* before_answers,
                     const Json* answers, RuleScope& before, RuleScope& after,
                     std::vector<RevealedField>& out) {
  for (const Field& field : fields) {
    const std::string path = prefix.empty() ? field.id : prefix + "." + field.id;
    const Json* answer = Child(answers, field.id);
    if (!after.Visible(field.visible_if)) continue;
    if (!before.Visible(field.visible_if)) {
      if (answer == nullptr || process::IsEmptyValue(*answer)) out.push_back({path, &field});
      continue;
    }
    const Json* before_answer = Child(before_answers, field.id);
    if (field.type == FieldType::kGroup) {
      CollectRevealed(field.fields, path, before_answer, answer, before, after, out);
    } else if (field.type == FieldType::kRepeat && answer != nullptr && answer->is_array()) {
      // Rules inside an entry read "item": each entry against the same entry before.
      for (std::size_t i = 0; i < answer->size(); ++i) {
        const Json& entry = (*answer)[i];
        const Json& entry_before = before_answer != nullptr && before_answer->is_array() &&
                                           i < before_answer->size() && (*before_answer)[i].is_object()
                                       ? (*before_answer)[i]
                                       : kNoAnswers;
        if (!entry.is_object()) continue;
        before.Enter(entry_before);
        after.Enter(entry);
        CollectRevealed(field.fields, path + "[" + std::to_string(i) + "]", &entry_before, &entry, before,
                        after, out);
        after.Leave();
        before.Leave();
      }
    }
  }
}

}  // namespace

std::vector<RevealedField> RevealedUnanswered(const process::Page& page, const Json& before,
                                              const Json& after, const logic::Context& context) {
  std::vector<RevealedField> out;
  if (!after.is_object()) return out;
  const Json& before_answers = before.is_object() ? before : kNoAnswers;  // a broken draft: none
  RuleScope before_scope(before_answers, context);
  RuleScope after_scope(after, context);
  CollectRevealed(page.fields, "", &before_answers, &after, before_scope, after_scope, out);
  return out;
}

}  // namespace amtsweg::web
