#pragma once
// A mustache template specialised (partially evaluated) against a static base view, for views
// rendered layered (mustache.h) where the base stays the same across many renderings and each
// rendering brings a small overlay: a form page's labels, ids and options are the base, the
// answers and errors of one request the overlay.
//
// What the overlay may set is declared as an OverlayShape. Specialising walks the template with
// the base: every tag whose value no overlay of that shape can change becomes literal (already
// escaped) text, every section whose truthiness it cannot change is unrolled over the base or
// dropped, and adjacent text is merged; what is left is a short program of text chunks and
// slots that read the overlay. A list the overlay merges item by item is unrolled, and an item
// the overlay leaves empty is one precomputed chunk.
//
//   OverlayShape shape = OverlayShape::Object({{"fields", OverlayShape::List({field_shape})}},
//                                             /*others=*/true);
//   auto program = Specialize(compiled, base, shape, partials);   // once
//   std::string out;
//   Render(*program, overlay, out);                                // per request, any thread
//
// Render(program, overlay) is the same as Render(compiled, base, overlay) for every overlay that
// keeps to the shape (ConformsTo); an overlay that does not still renders correctly where the
// program checks (a merged list of another length, an object where a scalar was declared), and
// may render stale base values where it cannot (a key the shape does not declare is not read).
//
// The program reads the base and the compiled templates in place: both must outlive it and stay
// unchanged (the program keeps the base alive itself). Rendering does not change the program.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/mustache.h"

namespace amtsweg::web::mustache {

// What an overlay may hold at one place of the view.
struct OverlayShape {
  enum class Kind {
    kNone,    // nothing: the base's value is final
    kAny,     // any value, replacing the base's (a scalar, or a whole new list or object)
    kObject,  // an object merged into the base's object, holding only `members` (and, with
              // `other_members`, any other keys as kAny)
    kList,    // a list merged item by item into the base's list of the same length
  };
  Kind kind = Kind::kNone;
  std::map<std::string, OverlayShape, std::less<>> members;
  bool other_members = false;
  std::vector<OverlayShape> items;  // kList: one per item of the base's list

  static OverlayShape Any() { return {Kind::kAny, {}, false, {}}; }
  static OverlayShape Object(std::map<std::string, OverlayShape, std::less<>> members,
                             bool other_members = false) {
    return {Kind::kObject, std::move(members), other_members, {}};
  }
  static OverlayShape List(std::vector<OverlayShape> items) {
    return {Kind::kList, {}, false, std::move(items)};
  }

  // The shape of member `key` of an object of this shape.
  [[nodiscard]] const OverlayShape& Member(std::string_view key) const;
};

// "" when `overlay` keeps to `shape` over `base`; else the path of the first place it does not
// ("fields[2].colour: not declared") — for tests that hold a producer of overlays to its shape.
[[nodiscard]] std::string ConformsTo(const nlohmann::json& overlay, const OverlayShape& shape,
                                     const nlohmann::json& base);

struct Op;

// A specialised template (see the file comment).
struct Program {
  std::shared_ptr<const nlohmann::json> base;
  std::vector<Op> ops;
  PartialLookup partials;  // for partials not resolved at load, in parts rendered generically
  ~Program();
  Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;
  // How many ops read the overlay, and how many bytes of text are literal (for tests, benchmarks).
  [[nodiscard]] std::size_t DynamicOps() const;
  [[nodiscard]] std::size_t LiteralBytes() const;
};

// Specialises `compiled` against `base` for overlays of `shape`. `compiled` and the templates its
// partials point at must outlive the program.
[[nodiscard]] Program Specialize(const Template& compiled, std::shared_ptr<const nlohmann::json> base,
                                 const OverlayShape& shape, const PartialLookup& partials);

// Appends the rendering of `program` with `overlay` over its base (see the file comment). A null
// overlay: none.
void Render(const Program& program, const nlohmann::json& overlay, std::string& out);

}  // namespace amtsweg::web::mustache
