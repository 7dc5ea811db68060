// ${...} templates as a scenario's author (or a hostile file) writes them:
// parsing either succeeds or throws TemplateError; rendering a parsed one
// never fails, and a JSON-string template renders no raw control character
// or unescaped quote from outside the text.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/core/random.hpp"
#include "harness/core/template.hpp"
#include "harness/core/variables.hpp"

namespace core = throng::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto escape = data[0] % 2 == 0 ? core::Template::Escape::none : core::Template::Escape::json_string;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const core::EnvLookup env = [](std::string_view name) -> std::optional<std::string> {
        if (name == "HOST") return std::string("127.0.0.1");
        if (name == "EMPTY") return std::string();
        return std::nullopt;
    };
    core::Template parsed;
    try {
        parsed = core::Template::parse(text, env, escape);
    } catch (const core::TemplateError&) {
        return 0;
    }
    core::Variables variables;
    variables.set("user", "a\"b\\c\n\x01");
    variables.set("users.email", "x@example.test");
    variables.set("empty", "");
    core::Rng rng(size);
    const core::TemplateScope scope{&variables, 7, 3, "fuzz \"scenario\"", &rng};
    std::string out;
    parsed.render(scope, out);
    parsed.render(scope, out);  // appends: the same parts again
    (void)parsed.variables();
    return 0;
}
