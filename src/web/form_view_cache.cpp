// See form_view_cache.h.

#include "web/form_view_cache.h"

#include "web/form_view.h"

namespace amtsweg::web {

using Json = nlohmann::json;

FormViewCache::Entry& FormViewCache::Find(const std::shared_ptr<const void>& owner,
                                          const process::Definition& definition, const process::Page& page) {
  const Key key{&definition, &page};
  auto found = entries_.find(key);
  if (found != entries_.end() && found->second.owner.lock() == owner) return found->second;
  std::erase_if(entries_, [](const auto& entry) { return entry.second.owner.expired(); });
  Entry& entry = entries_[key];
  entry = Entry{owner, std::make_shared<const Json>(FormPageStaticView(definition, page)), nullptr};
  return entry;
}

std::shared_ptr<const Json> FormViewCache::StaticView(const std::shared_ptr<const void>& owner,
                                                      const process::Definition& definition,
                                                      const process::Page& page) {
  std::lock_guard lock(mutex_);
  return Find(owner, definition, page).view;
}

tl::expected<std::shared_ptr<const FormPageProgram>, std::string> FormViewCache::PageProgram(
    const std::shared_ptr<const void>& owner, const std::shared_ptr<const Templates>& templates,
    const process::Definition& definition, const process::Page& page) {
  std::lock_guard lock(mutex_);
  Entry& entry = Find(owner, definition, page);
  if (entry.program != nullptr && entry.program->templates == templates) return entry.program;
  auto program = templates->Specialize("form_page", entry.view, FormPageOverlayShape(page));
  if (!program) return tl::unexpected(std::move(program.error()));
  entry.program = std::make_shared<const FormPageProgram>(FormPageProgram{templates, std::move(*program)});
  return entry.program;
}

std::size_t FormViewCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace amtsweg::web
