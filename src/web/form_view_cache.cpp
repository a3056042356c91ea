// See form_view_cache.h.

#include "web/form_view_cache.h"

#include "web/form_view.h"

namespace amtsweg::web {

using Json = nlohmann::json;

std::shared_ptr<const Json> FormViewCache::StaticView(const std::shared_ptr<const void>& owner,
                                                      const process::Definition& definition,
                                                      const process::Page& page) {
  const Key key{&definition, &page};
  std::lock_guard lock(mutex_);
  auto found = entries_.find(key);
  if (found != entries_.end() && found->second.owner.lock() == owner) {
    return found->second.view;
  }
  std::erase_if(entries_, [](const auto& entry) { return entry.second.owner.expired(); });
  auto view = std::make_shared<const Json>(FormPageStaticView(definition, page));
  entries_[key] = Entry{owner, view};
  return view;
}

std::size_t FormViewCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace amtsweg::web
