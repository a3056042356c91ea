// The shape of FormPageOverlay's output (form_view.h): which keys a request may set over a form
// page's static view. The lists below follow Builder::FieldOverlay in form_view.cpp; the unit
// test OverlaysKeepToTheirDeclaredShape fails when the overlay sets a key not declared here.

#include "web/form_view.h"

namespace amtsweg::web {
namespace {

using process::Field;
using process::FieldType;
using Shape = mustache::OverlayShape;
using Members = std::map<std::string, Shape, std::less<>>;

Shape FieldShape(const Field& field);

Shape FieldsShape(const std::vector<Field>& fields) {
  std::vector<Shape> items;
  items.reserve(fields.size());
  for (const auto& field : fields) items.push_back(FieldShape(field));
  return Shape::List(std::move(items));
}

Shape FieldShape(const Field& field) {
  Members members;
  for (const char* key : {"hidden", "error", "error_id", "has_error", "describedby"})
    members[key] = Shape::Any();
  if (field.required_if) {
    members["required"] = Shape::Any();
    members["optional"] = Shape::Any();
  }
  const Shape option = Shape::Object({{"checked", Shape::Any()}, {"selected", Shape::Any()}});
  switch (field.type) {
    case FieldType::kSelect:
    case FieldType::kRadio:
    case FieldType::kCheckbox:
      members["options"] = Shape::List(std::vector<Shape>(field.options.size(), option));
      break;
    case FieldType::kYesNo:
      members["options"] = Shape::List(std::vector<Shape>(2, option));
      break;
    case FieldType::kDate:
      members["date_parts"] =
          Shape::List(std::vector<Shape>(3, Shape::Object({{"part_value", Shape::Any()}})));
      break;
    case FieldType::kFile:
      for (const char* key : {"has_stored_file", "file_name", "keep_name", "remove_name", "remove_id"})
        members[key] = Shape::Any();
      break;
    case FieldType::kGroup:
    case FieldType::kAddress:
      members["children"] = FieldsShape(field.fields);
      break;
    case FieldType::kRepeat:
      for (const char* key : {"entries", "count", "can_add"}) members[key] = Shape::Any();
      break;
    default:  // the single-line inputs and the textarea
      members["value"] = Shape::Any();
      break;
  }
  return Shape::Object(std::move(members));
}

}  // namespace

mustache::OverlayShape FormPageOverlayShape(const process::Page& page) {
  // The static page keys are never set: a page's title, intro and fee rule stay literal text.
  return Shape::Object({{"fields", FieldsShape(page.fields)},
                        {"page_id", Shape()},
                        {"title", Shape()},
                        {"intro", Shape()},
                        {"fee_rule", Shape()},
                        {"fee_description", Shape()}},
                       /*other_members=*/true);
}

}  // namespace amtsweg::web
