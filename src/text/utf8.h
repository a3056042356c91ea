#pragma once
// UTF-8 well-formedness (RFC 3629), for everything that accepts text from outside: request
// paths and forms (http), process definitions (process). No overlong forms, no surrogates,
// nothing above U+10FFFF.
//
//   text::IsValidUtf8("Gr\xC3\xBC\xC3\x9Fe")  // true
//   text::ValidUtf8Prefix("ab\xFF")            // 2: where the first bad byte is

#include <cstddef>
#include <string_view>

namespace amtsweg::text {

// Length of the longest well-formed prefix; text.size() when all of it is well-formed.
[[nodiscard]] std::size_t ValidUtf8Prefix(std::string_view text);

[[nodiscard]] bool IsValidUtf8(std::string_view text);

}  // namespace amtsweg::text
