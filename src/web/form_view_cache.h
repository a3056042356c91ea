#pragma once
// The static part of each form page's view (form_view.h), built once and shared.

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include <nlohmann/json.hpp>

#include "process/definition.h"

namespace amtsweg::web {

// The static views of form pages, built on first use and shared by every request and thread.
// Definitions are immutable and owned by the catalog; `owner` is what keeps `definition` alive
// (the catalog): an entry is used only while its owner is alive and the same, so a definition
// freed with an old catalog and a new one at the same address never share a view.
//
//   auto base = cache.StaticView(catalog, definition, page);
//   auto overlay = FormPageOverlay(page, data, errors, context);
//   templates.Render("form_page", *base, overlay);
class FormViewCache final {
 public:
  [[nodiscard]] std::shared_ptr<const nlohmann::json> StaticView(const std::shared_ptr<const void>& owner,
                                                                 const process::Definition& definition,
                                                                 const process::Page& page);
  [[nodiscard]] std::size_t size() const;

 private:
  using Key = std::pair<const process::Definition*, const process::Page*>;
  struct Entry {
    std::weak_ptr<const void> owner;
    std::shared_ptr<const nlohmann::json> view;
  };
  mutable std::mutex mutex_;
  std::map<Key, Entry> entries_;  // GUARDED_BY(mutex_)
};

}  // namespace amtsweg::web
