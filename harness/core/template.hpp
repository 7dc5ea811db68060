#pragma once
// Strings with ${...} placeholders (URLs, headers, bodies), split into parts
// once when the scenario is loaded so that rendering is a walk over the parts.
//
// Syntax:
//   text             literal; a `$` not followed by `{` is literal too
//   $${              a literal `${`
//   ${name}          a variable: [A-Za-z_][A-Za-z0-9_]*, optionally `.` and
//                    another such segment (`users.email`); unset renders ""
//   ${name:-text}    `text` when the variable is unset or empty
//   ${env.NAME}      an environment variable, resolved when parsed (becomes
//   ${env.NAME:-text}  literal text); `text` only when unset (empty is set)
//   ${vu} ${iteration} ${scenario}   the VU's id, its 0-based iteration, the scenario
//   ${uuid()}                 a random RFC 4122 version 4 UUID, lowercase
//   ${random_int(MIN,MAX)}    an int64 in [MIN, MAX]
//   ${random_string(LEN)}     LEN (1..65536) characters of [A-Za-z0-9]
//   ${pick(a,b,c)}            one of the choices (trimmed of spaces), uniformly
// Fallbacks and pick() choices are literal text: no `}` and no `${`.
// Generators draw from TemplateScope::rng, so a fixed seed repeats them.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/random.hpp"
#include "harness/core/variables.hpp"

namespace throng::core {

// What a template reads when rendered.
struct TemplateScope {
    const Variables* variables = nullptr;  // may be null: no variables
    int vu = 0;                            // the VU's id (k6's __VU), rendered as a decimal
    std::uint64_t iteration = 0;           // the VU's iteration number, 0-based (k6's __ITER)
    std::string_view scenario;             // the scenario's name
    Rng* rng = nullptr;                    // for generators (required if the template has any)
};

// Looks up an environment variable at compile time (std::getenv plus --env overrides).
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Bad placeholder syntax: what was expected, quoting the placeholder.
class TemplateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Template {
public:
    // The empty template (constant, renders "").
    Template() = default;

    // How values from outside the text (variables, the environment, the
    // scenario's name) are written: as they are, or escaped for the inside of
    // a JSON string (a JSON body's placeholders all sit in strings).
    enum class Escape { none, json_string };

    // Throws TemplateError on bad syntax or a missing environment variable.
    static Template parse(std::string_view text, const EnvLookup& env, Escape escape = Escape::none);
    // `text` written so that it parses to itself: every `${` as `$${`.
    static std::string escaped(std::string_view text);

    // No part varies between renders.
    bool is_constant() const { return parts_.empty() || (parts_.size() == 1 && parts_[0].kind == Kind::literal); }

    // Appends to `out`; allocates only to grow `out`. Throws std::logic_error
    // if the template has a generator and scope.rng is null.
    void render(const TemplateScope& scope, std::string& out) const;
    std::string render(const TemplateScope& scope) const;

    // Variable names read by the template (not env, builtins or generators),
    // each once, in order of appearance.
    const std::vector<std::string>& variables() const { return variables_; }
    // The text as written.
    const std::string& source() const { return source_; }

private:
    // Generators last: they are the kinds from uuid on.
    enum class Kind { literal, variable, vu, iteration, scenario, uuid, random_int, random_string, pick };
    static bool is_generator(Kind k) { return k >= Kind::uuid; }

    struct Part {
        Kind kind = Kind::literal;
        std::string text;  // literal: the text; variable: the name
        bool has_fallback = false;
        std::string fallback;  // variable: rendered when unset or empty
        std::int64_t min = 0;  // random_int bounds; random_string: max is the length
        std::int64_t max = 0;
        // random_int, worked out once: values in [min, max] are min + a draw
        // below `count` (0: all 2^64 of them), with uniform_below's rejection
        // threshold for that count.
        std::uint64_t count = 0;
        std::uint64_t threshold = 0;
        std::vector<std::string> choices;  // pick
    };

    friend class TemplateParser;

    std::string source_;
    Escape escape_ = Escape::none;
    bool has_generator_ = false;  // render() needs scope.rng
    std::vector<Part> parts_;
    std::vector<std::string> variables_;
};

}  // namespace throng::core
