#pragma once
// The static part of each form page's view (form_view.h), built once and shared, and the form
// page template specialised against it (mustache_program.h).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "process/definition.h"
#include "web/mustache_program.h"
#include "web/templates.h"

namespace amtsweg::web {

// web/templates/form/form_page.mustache specialised against one page's static view, for
// FormPageOverlay's overlays (plus the handler's page-level keys). Holds the templates it reads.
struct FormPageProgram {
  std::shared_ptr<const Templates> templates;
  mustache::Program program;
};

// The static views of form pages and their specialised templates, built on first use and shared
// by every request and thread. Definitions are immutable and owned by the catalog; `owner` is what
// keeps `definition` alive (the catalog): an entry is used only while its owner is alive and the
// same, so a definition freed with an old catalog and a new one at the same address never share a
// view. A program is rebuilt when other templates are asked for.
//
//   auto program = cache.PageProgram(catalog, templates, definition, page);     // errors: no template
//   auto overlay = FormPageOverlay(page, data, errors, context);
//   mustache::Render((*program)->program, overlay, html);
class FormViewCache final {
 public:
  [[nodiscard]] std::shared_ptr<const nlohmann::json> StaticView(const std::shared_ptr<const void>& owner,
                                                                 const process::Definition& definition,
                                                                 const process::Page& page);
  [[nodiscard]] tl::expected<std::shared_ptr<const FormPageProgram>, std::string> PageProgram(
      const std::shared_ptr<const void>& owner, const std::shared_ptr<const Templates>& templates,
      const process::Definition& definition, const process::Page& page);
  [[nodiscard]] std::size_t size() const;

 private:
  using Key = std::pair<const process::Definition*, const process::Page*>;
  struct Entry {
    std::weak_ptr<const void> owner;
    std::shared_ptr<const nlohmann::json> view;
    std::shared_ptr<const FormPageProgram> program;  // built on first use
  };
  // REQUIRES: mutex_ is held.
  Entry& Find(const std::shared_ptr<const void>& owner, const process::Definition& definition,
              const process::Page& page);
  mutable std::mutex mutex_;
  std::map<Key, Entry> entries_;  // GUARDED_BY(mutex_)
};

}  // namespace amtsweg::web
