// Specialising mustache templates against a static base view (see mustache_program.h).
//
// The specialiser keeps a stack of static levels that mirrors, context by context, the stack the
// layered renderer (mustache_render.h) would hold: each level knows its base value and the shape
// an overlay may have there. A name is looked up as the renderer would, top down: a level whose
// shape cannot hold the name and whose base has it ends the search statically; levels whose shape
// may hold it become the candidates the program checks at runtime, in order. When rendering, the
// program keeps the same stack (pushing a level wherever a section pushed one while specialising),
// so a part it cannot specialise is handed to the layered renderer unchanged.

#include "web/mustache_program.h"

#include <utility>

#include "web/mustache_render.h"

namespace amtsweg::web::mustache {

using internal::Json;
using internal::Layer;

// How a name is found at runtime: the overlays of `candidates` are checked top down (a candidate
// whose base has the name ends the search); else `fallback`, found statically. `rest` is the
// dotted remainder of the name, walked at runtime.
struct Plan {
  struct Candidate {
    std::size_t level = 0;
    const Json* base = nullptr;  // the base's member at that level, if any
  };
  std::string key;
  std::vector<Candidate> candidates;
  Layer fallback;
  std::vector<std::string> rest;
};

struct Item {
  std::vector<Op> body;   // the item, reading its overlay
  std::string fast_text;  // the item's whole text when its overlay is absent or empty
  bool has_fast_text = false;
};

struct Op {
  enum class Kind {
    kText,      // literal `text`
    kPrint,     // a value found by `plan`, escaped or not
    kSection,   // `body` once when `plan` finds a truthy scalar; lists and objects: generic
    kInverted,  // `body` when `plan` finds a falsy value
    kList,      // a base list merged item by item with the overlay's: `items`
    kObject,    // a base object merged with the overlay's: `body`, or `fast_text`
    kGeneric,   // `node` rendered by the layered renderer
    kPush,      // pushes the static level `pushed`
    kPop,
  };
  Kind kind = Kind::kText;
  std::string text;
  Plan plan;
  bool escape = true;
  const Node* node = nullptr;  // the section, for the generic fallback
  int depth = 0;               // partial depth at `node`
  std::vector<Op> body;
  std::vector<Item> items;
  Layer pushed;
  std::string fast_text;
  bool has_fast_text = false;
};

namespace {

const OverlayShape kNoShape;
const OverlayShape kAnyShape = OverlayShape::Any();

bool AllText(const std::vector<Op>& ops) {
  return ops.empty() || (ops.size() == 1 && ops[0].kind == Op::Kind::kText);
}

std::string TextOf(const std::vector<Op>& ops) { return ops.empty() ? std::string() : ops[0].text; }

// Whether a section body may be specialised once for every truthy scalar: it pushes a context
// with no members, so the body must not read the context itself ({{.}}); partials are left to
// the renderer (they may recurse as deep as the data goes).
bool ScalarBodyOk(const Nodes& nodes) {
  for (const Node& node : nodes) {
    if (node.kind == Node::Kind::kPartial) return false;
    if (node.kind != Node::Kind::kText && node.path.empty()) return false;
    if (!ScalarBodyOk(node.children)) return false;
  }
  return true;
}

class Specializer {
 public:
  struct Level {
    const Json* base = nullptr;
    const OverlayShape* shape = &kNoShape;
  };

  explicit Specializer(const PartialLookup& partials) : partials_(partials) {}

  void Emit(const Nodes& nodes, int depth, std::vector<Op>& out) {
    for (const Node& node : nodes) {
      switch (node.kind) {
        case Node::Kind::kText:
          AppendText(node.text, out);
          break;
        case Node::Kind::kVariable:
        case Node::Kind::kRaw:
          EmitVariable(node, out);
          break;
        case Node::Kind::kSection:
        case Node::Kind::kInverted:
          EmitSection(node, depth, out);
          break;
        case Node::Kind::kPartial:
          if (depth >= internal::kMaxPartialDepth) break;
          if (const Template* partial = node.partial != nullptr ? node.partial : partials_(node.text))
            Emit(partial->nodes, depth + 1, out);
          break;
      }
    }
  }

  std::vector<Level>& stack() { return stack_; }

 private:
  static void AppendText(std::string_view text, std::vector<Op>& out) {
    if (text.empty()) return;
    if (out.empty() || out.back().kind != Op::Kind::kText) out.push_back(Op{});
    out.back().text += text;
  }

  Plan MakePlan(const std::vector<std::string>& path) const {
    Plan plan;
    if (path.empty()) {  // {{.}}: the top context
      const Level& top = stack_.back();
      if (top.shape->kind != OverlayShape::Kind::kNone)
        plan.candidates.push_back({stack_.size() - 1, nullptr});
      plan.fallback = {nullptr, top.base};
      return plan;
    }
    plan.key = path.front();
    plan.rest.assign(path.begin() + 1, path.end());
    for (std::size_t level = stack_.size(); level-- > 0;) {
      const OverlayShape& member = stack_[level].shape->Member(plan.key);
      const Json* base = internal::MemberOf(stack_[level].base, plan.key);
      if (member.kind != OverlayShape::Kind::kNone) plan.candidates.push_back({level, base});
      if (base != nullptr) {
        if (member.kind == OverlayShape::Kind::kNone) plan.fallback = {nullptr, base};
        break;
      }
    }
    if (plan.candidates.empty()) {  // static: walk the rest in the base now
      for (const auto& name : plan.rest) {
        if (plan.fallback.base == nullptr) break;
        plan.fallback = {nullptr, plan.fallback.base->is_object()
                                      ? internal::MemberOf(plan.fallback.base, name)
                                      : nullptr};
      }
      plan.rest.clear();
    }
    return plan;
  }

  // The shape of the overlay's value found by a dynamic plan with a single candidate whose base
  // has the name (the only case in which a merged list or object can be unrolled).
  const OverlayShape* MergedShape(const Plan& plan) const {
    if (plan.candidates.size() != 1 || plan.candidates[0].base == nullptr || !plan.rest.empty())
      return nullptr;
    return &stack_[plan.candidates[0].level].shape->Member(plan.key);
  }

  void EmitVariable(const Node& node, std::vector<Op>& out) {
    Plan plan = MakePlan(node.path);
    const bool escape = node.kind == Node::Kind::kVariable;
    if (plan.candidates.empty()) {
      std::string text;
      internal::Print(plan.fallback.Top(), escape, text);
      AppendText(text, out);
      return;
    }
    Op op;
    op.kind = Op::Kind::kPrint;
    op.plan = std::move(plan);
    op.escape = escape;
    out.push_back(std::move(op));
  }

  // `nodes` rendered with `level` pushed: inline text when static, else between kPush and kPop.
  void EmitScoped(const Nodes& nodes, int depth, Level level, std::vector<Op>& out) {
    std::vector<Op> body = Scoped(nodes, depth, level);
    if (AllText(body)) {
      AppendText(TextOf(body), out);
      return;
    }
    Op push;
    push.kind = Op::Kind::kPush;
    push.pushed = {nullptr, level.base};
    out.push_back(std::move(push));
    for (auto& op : body) out.push_back(std::move(op));
    Op pop;
    pop.kind = Op::Kind::kPop;
    out.push_back(std::move(pop));
  }

  std::vector<Op> Scoped(const Nodes& nodes, int depth, Level level) {
    std::vector<Op> body;
    stack_.push_back(level);
    Emit(nodes, depth, body);
    stack_.pop_back();
    return body;
  }

  void EmitStaticSection(const Node& node, const Json* value, int depth, std::vector<Op>& out) {
    if (node.kind == Node::Kind::kInverted) {
      if (!internal::Truthy(value)) Emit(node.children, depth, out);
      return;
    }
    if (!internal::Truthy(value)) return;
    if (value->is_array()) {
      for (const Json& item : *value) EmitScoped(node.children, depth, {&item, &kNoShape}, out);
    } else if (value->is_boolean()) {
      Emit(node.children, depth, out);
    } else {
      EmitScoped(node.children, depth, {value, &kNoShape}, out);
    }
  }

  void EmitSection(const Node& node, int depth, std::vector<Op>& out) {
    Plan plan = MakePlan(node.path);
    if (plan.candidates.empty()) return EmitStaticSection(node, plan.fallback.Top(), depth, out);
    Op op;
    op.node = &node;
    op.depth = depth;
    const OverlayShape* merged = node.kind == Node::Kind::kSection ? MergedShape(plan) : nullptr;
    const Json* base = plan.candidates.empty() ? nullptr : plan.candidates[0].base;
    if (merged != nullptr && merged->kind == OverlayShape::Kind::kList && base->is_array() &&
        merged->items.size() == base->size()) {
      op.kind = Op::Kind::kList;
      for (std::size_t i = 0; i < base->size(); ++i) {
        Item item;
        item.body = Scoped(node.children, depth, {&(*base)[i], &merged->items[i]});
        std::vector<Op> fast = Scoped(node.children, depth, {&(*base)[i], &kNoShape});
        item.has_fast_text = AllText(fast);
        if (item.has_fast_text) item.fast_text = TextOf(fast);
        op.items.push_back(std::move(item));
      }
    } else if (merged != nullptr && merged->kind == OverlayShape::Kind::kObject && base->is_object()) {
      op.kind = Op::Kind::kObject;
      op.body = Scoped(node.children, depth, {base, merged});
      std::vector<Op> fast = Scoped(node.children, depth, {base, &kNoShape});
      op.has_fast_text = AllText(fast);
      if (op.has_fast_text) op.fast_text = TextOf(fast);
    } else if (ScalarBodyOk(node.children)) {
      op.kind = node.kind == Node::Kind::kSection ? Op::Kind::kSection : Op::Kind::kInverted;
      if (node.kind == Node::Kind::kSection) {
        op.body = Scoped(node.children, depth, {nullptr, &kNoShape});
      } else {
        Emit(node.children, depth, op.body);
      }
    } else {
      op.kind = Op::Kind::kGeneric;
    }
    op.plan = std::move(plan);
    out.push_back(std::move(op));
  }

  const PartialLookup& partials_;
  std::vector<Level> stack_;
};

// Runs a program over the runtime stack of layered contexts.
class Executor {
 public:
  Executor(const Program& program, std::string& out) : renderer_(program.partials, out), out_(out) {}

  void Run(const std::vector<Op>& ops) {
    for (const Op& op : ops) {
      switch (op.kind) {
        case Op::Kind::kText:
          out_ += op.text;
          break;
        case Op::Kind::kPrint:
          internal::Print(Resolve(op.plan).Top(), op.escape, out_);
          break;
        case Op::Kind::kSection:
          Section(op);
          break;
        case Op::Kind::kInverted:
          if (!internal::Truthy(Resolve(op.plan).Top())) Run(op.body);
          break;
        case Op::Kind::kList:
          List(op);
          break;
        case Op::Kind::kObject:
          Object(op);
          break;
        case Op::Kind::kGeneric:
          renderer_.Section(*op.node, Resolve(op.plan), stack_, op.depth);
          break;
        case Op::Kind::kPush:
          stack_.push_back(op.pushed);
          break;
        case Op::Kind::kPop:
          stack_.pop_back();
          break;
      }
    }
  }

  std::vector<Layer>& stack() { return stack_; }

 private:
  Layer Resolve(const Plan& plan) const {
    if (plan.key.empty() && plan.rest.empty()) {  // {{.}}
      return plan.candidates.empty() ? plan.fallback : stack_.back();
    }
    Layer found = plan.fallback;
    for (const auto& candidate : plan.candidates) {
      const Json* over = internal::MemberOf(stack_[candidate.level].overlay, plan.key);
      if (over != nullptr) {
        found = {over, over->is_object() || over->is_array() ? candidate.base : nullptr};
        break;
      }
      if (candidate.base != nullptr) {
        found = {nullptr, candidate.base};
        break;
      }
    }
    for (const auto& name : plan.rest) {
      if (found.Top() == nullptr) break;
      if (!found.Top()->is_object()) return {};
      found = internal::Member(found, name);
    }
    return found;
  }

  static bool EmptyOverlay(const Layer& layer) {
    return layer.overlay == nullptr || (layer.overlay->is_object() && layer.overlay->empty());
  }

  void Section(const Op& op) {
    const Layer value = Resolve(op.plan);
    const Json* top = value.Top();
    if (!internal::Truthy(top)) return;
    if (top->is_object() || top->is_array()) {
      renderer_.Section(*op.node, value, stack_, op.depth);
      return;
    }
    stack_.push_back({});  // a scalar context: no members (the body never reads it itself)
    Run(op.body);
    stack_.pop_back();
  }

  void List(const Op& op) {
    const Layer list = Resolve(op.plan);
    const bool merged =
        list.overlay == nullptr || (list.overlay->is_array() && list.overlay->size() == op.items.size() &&
                                    list.base != nullptr && list.base->size() == op.items.size());
    if (!merged) {
      renderer_.Section(*op.node, list, stack_, op.depth);
      return;
    }
    for (std::size_t i = 0; i < op.items.size(); ++i) {
      const Item& item = op.items[i];
      const Layer layer = internal::ItemOf(list, i);
      if (EmptyOverlay(layer) && item.has_fast_text) {
        out_ += item.fast_text;
        continue;
      }
      stack_.push_back(layer);
      if (layer.overlay == nullptr || layer.overlay->is_object()) {
        Run(item.body);
      } else {  // not the object the shape promised: render this item generically
        renderer_.Run(op.node->children, stack_, op.depth);
      }
      stack_.pop_back();
    }
  }

  void Object(const Op& op) {
    const Layer value = Resolve(op.plan);
    if (EmptyOverlay(value) && op.has_fast_text) {
      out_ += op.fast_text;
      return;
    }
    if (value.overlay != nullptr && !value.overlay->is_object()) {
      renderer_.Section(*op.node, value, stack_, op.depth);
      return;
    }
    stack_.push_back(internal::ObjectOf(value));
    Run(op.body);
    stack_.pop_back();
  }

  internal::Renderer renderer_;
  std::string& out_;
  std::vector<Layer> stack_;
};

std::size_t CountDynamic(const std::vector<Op>& ops) {
  std::size_t count = 0;
  for (const Op& op : ops) {
    if (op.kind == Op::Kind::kText || op.kind == Op::Kind::kPush || op.kind == Op::Kind::kPop) continue;
    ++count;
    count += CountDynamic(op.body);
    for (const Item& item : op.items) count += CountDynamic(item.body);
  }
  return count;
}

std::size_t CountLiteral(const std::vector<Op>& ops) {
  std::size_t bytes = 0;
  for (const Op& op : ops) {
    bytes += op.text.size();
    if (op.kind == Op::Kind::kList) {
      for (const Item& item : op.items)
        bytes += item.has_fast_text ? item.fast_text.size() : CountLiteral(item.body);
    } else if (op.kind == Op::Kind::kObject) {
      bytes += op.has_fast_text ? op.fast_text.size() : CountLiteral(op.body);
    }
  }
  return bytes;
}

std::string Where(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Check(const Json& overlay, const OverlayShape& shape, const Json* base, const std::string& path) {
  switch (shape.kind) {
    case OverlayShape::Kind::kNone:
      return (path.empty() ? "(root)" : path) + ": not declared";
    case OverlayShape::Kind::kAny:
      return "";
    case OverlayShape::Kind::kObject:
      if (!overlay.is_object()) return (path.empty() ? "(root)" : path) + ": not an object";
      for (const auto& [key, value] : overlay.items()) {
        const OverlayShape& member = shape.Member(key);
        if (member.kind == OverlayShape::Kind::kNone) return Where(path, key) + ": not declared";
        std::string problem = Check(value, member, internal::MemberOf(base, key), Where(path, key));
        if (!problem.empty()) return problem;
      }
      return "";
    case OverlayShape::Kind::kList:
      if (!overlay.is_array()) return path + ": not a list";
      if (base == nullptr || !base->is_array() || base->size() != overlay.size() ||
          shape.items.size() != overlay.size())
        return path + ": not merged item by item with the base's list";
      for (std::size_t i = 0; i < overlay.size(); ++i) {
        std::string problem =
            Check(overlay[i], shape.items[i], &(*base)[i], path + "[" + std::to_string(i) + "]");
        if (!problem.empty()) return problem;
      }
      return "";
  }
  return "";
}

}  // namespace

const OverlayShape& OverlayShape::Member(std::string_view key) const {
  switch (kind) {
    case Kind::kAny:
      return kAnyShape;
    case Kind::kObject: {
      auto found = members.find(key);
      if (found != members.end()) return found->second;
      return other_members ? kAnyShape : kNoShape;
    }
    default:
      return kNoShape;
  }
}

std::string ConformsTo(const Json& overlay, const OverlayShape& shape, const Json& base) {
  if (overlay.is_null()) return "";
  return Check(overlay, shape, &base, "");
}

Program::Program() = default;
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

std::size_t Program::DynamicOps() const { return CountDynamic(ops); }
std::size_t Program::LiteralBytes() const { return CountLiteral(ops); }

Program Specialize(const Template& compiled, std::shared_ptr<const Json> base, const OverlayShape& shape,
                   const PartialLookup& partials) {
  Program program;
  program.base = std::move(base);
  program.partials = partials;
  Specializer specializer(partials);
  specializer.stack().push_back({program.base.get(), &shape});
  specializer.Emit(compiled.nodes, 0, program.ops);
  return program;
}

void Render(const Program& program, const Json& overlay, std::string& out) {
  Executor executor(program, out);
  executor.stack().reserve(16);
  executor.stack().push_back({overlay.is_null() ? nullptr : &overlay, program.base.get()});
  executor.Run(program.ops);
}

}  // namespace amtsweg::web::mustache
