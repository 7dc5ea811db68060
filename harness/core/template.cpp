#include "harness/core/template.hpp"

#include <algorithm>
#include <charconv>

#include "harness/core/json.hpp"

namespace throng::core {

namespace {

constexpr std::int64_t max_random_string = 65536;

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// One [A-Za-z_][A-Za-z0-9_]* segment.
bool is_segment(std::string_view s) {
    return !s.empty() && is_name_start(s[0]) && std::all_of(s.begin() + 1, s.end(), is_name_char);
}

// A segment, optionally `.` and one more (`users.email`).
bool is_variable_name(std::string_view s) {
    const auto dot = s.find('.');
    if (dot == std::string_view::npos) return is_segment(s);
    return is_segment(s.substr(0, dot)) && is_segment(s.substr(dot + 1));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<std::int64_t> to_int64(std::string_view s) {
    std::int64_t value = 0;
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
    if (result.ec != std::errc() || result.ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

void append_number(std::string& out, std::uint64_t magnitude, bool negative) {
    char buf[24];
    char* first = buf;
    if (negative) *first++ = '-';
    const char* end = std::to_chars(first, buf + sizeof buf, magnitude).ptr;
    out.append(buf, static_cast<std::size_t>(end - buf));
}

void append_number(std::string& out, std::uint64_t value) { append_number(out, value, false); }

// The magnitude of INT64_MIN does not fit an int64: it is taken as unsigned.
void append_number(std::string& out, std::int64_t value) {
    const auto bits = static_cast<std::uint64_t>(value);
    append_number(out, value < 0 ? 0 - bits : bits, value < 0);
}

// 16 random bytes as xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, V one of 8, 9, a, b.
void append_uuid(std::string& out, Rng& rng) {
    unsigned char bytes[16];
    for (int half = 0; half < 2; ++half) {
        std::uint64_t word = rng();
        for (int i = 0; i < 8; ++i, word >>= 8) bytes[half * 8 + i] = static_cast<unsigned char>(word);
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // variant 10xx
    constexpr char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[bytes[i] >> 4];
        out += hex[bytes[i] & 0x0f];
    }
}

// Six bits per character, values 62 and 63 rejected: ten tries per draw.
void append_random_string(std::string& out, Rng& rng, std::size_t length) {
    constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::size_t at = out.size();
    out.resize(at + length);
    std::uint64_t bits = 0;
    int left = 0;
    while (at < out.size()) {
        if (left == 0) {
            bits = rng();
            left = 10;
        }
        const auto v = bits & 63;
        bits >>= 6;
        --left;
        if (v < 62) out[at++] = alphabet[v];
    }
}

// Uniform in [min, min + count), count 0 meaning the whole int64 range; the
// rejection threshold for count worked out at parse time.
std::int64_t random_from(Rng& rng, std::int64_t min, std::uint64_t count, std::uint64_t threshold) {
    const std::uint64_t offset = count == 0 ? rng() : uniform_below(rng, count, threshold);
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(min) + offset);
}

// Values from outside the template's text, escaped as the text requires.
void append_escaped(std::string& out, std::string_view value, Template::Escape escape) {
    if (escape == Template::Escape::json_string)
        json::append_escaped(out, value);
    else
        out += value;
}

}  // namespace

// Builds a Template's parts; a friend so that Template's parts stay private.
class TemplateParser {
public:
    TemplateParser(std::string_view text, const EnvLookup& env, Template::Escape escape) : text_(text), env_(env) {
        result_.source_ = std::string(text);
        result_.escape_ = escape;
    }

    Template run() {
        std::size_t i = 0;
        while (i < text_.size()) {
            if (text_.compare(i, 3, "$${") == 0) {
                add_literal("${");
                i += 3;
            } else if (text_.compare(i, 2, "${") == 0) {
                const auto close = text_.find('}', i + 2);
                if (close == std::string_view::npos) {
                    throw TemplateError("unclosed `${` at character " + std::to_string(i + 1) +
                                        ": expected `}` (write `$${` for a literal `${`)");
                }
                placeholder_ = text_.substr(i, close + 1 - i);
                placeholder(text_.substr(i + 2, close - i - 2));
                i = close + 1;
            } else {
                const auto next = std::min(text_.find('$', i + 1), text_.size());
                add_literal(text_.substr(i, next - i));
                i = next;
            }
        }
        return std::move(result_);
    }

private:
    using Kind = Template::Kind;
    using Part = Template::Part;

    [[noreturn]] void fail(const std::string& what) const {
        throw TemplateError(what + " in `" + std::string(placeholder_) + "`");
    }

    void add_literal(std::string_view text) {
        if (text.empty()) return;
        if (!result_.parts_.empty() && result_.parts_.back().kind == Kind::literal) {
            result_.parts_.back().text.append(text);
            return;
        }
        Part part;
        part.text = std::string(text);
        result_.parts_.push_back(std::move(part));
    }

    void add(Part part) {
        if (Template::is_generator(part.kind)) result_.has_generator_ = true;
        result_.parts_.push_back(std::move(part));
    }

    // Fallbacks and choices are literal: a `${` in one is almost surely a nesting attempt.
    void check_literal(std::string_view text, const char* what) const {
        if (text.find("${") != std::string_view::npos) {
            fail(std::string(what) + " is literal text and cannot contain `${`");
        }
    }

    void placeholder(std::string_view content) {
        if (content.empty()) {
            fail(
                "empty placeholder: expected a variable name, `env.NAME`, `vu`, `iteration`, `scenario` "
                "or a function such as `uuid()`");
        }
        // A `(` in a fallback (`${name:-(none)}`) does not make a call.
        const auto sep = content.find(":-");
        if (const auto paren = content.find('('); paren != std::string_view::npos && paren < sep) {
            return function(content.substr(0, paren), content.substr(paren + 1));
        }
        std::string_view name = content;
        std::optional<std::string_view> fallback;
        if (sep != std::string_view::npos) {
            name = content.substr(0, sep);
            fallback = content.substr(sep + 2);
            check_literal(*fallback, "a fallback");
        }
        if (name.substr(0, 4) == "env.") return environment(name.substr(4), fallback);
        const Kind builtin = name == "vu"          ? Kind::vu
                             : name == "iteration" ? Kind::iteration
                             : name == "scenario"  ? Kind::scenario
                                                   : Kind::literal;
        if (builtin != Kind::literal) {
            if (fallback) fail("`" + std::string(name) + "` is always set and takes no `:-` fallback");
            Part part;
            part.kind = builtin;
            return add(std::move(part));
        }
        if (!is_variable_name(name)) {
            fail("invalid variable name `" + std::string(name) +
                 "`: expected letters, digits and `_`, not starting with a digit, optionally `.` and another "
                 "such name (as in `${user.email}`)");
        }
        Part part;
        part.kind = Kind::variable;
        part.text = std::string(name);
        part.has_fallback = fallback.has_value();
        if (fallback) part.fallback = std::string(*fallback);
        auto& names = result_.variables_;
        if (std::find(names.begin(), names.end(), part.text) == names.end()) names.push_back(part.text);
        add(std::move(part));
    }

    void environment(std::string_view name, std::optional<std::string_view> fallback) {
        if (!is_segment(name)) {
            fail("invalid environment variable name `" + std::string(name) +
                 "`: expected letters, digits and `_`, not starting with a digit");
        }
        if (auto value = env_ ? env_(name) : std::nullopt) {
            if (result_.escape_ == Template::Escape::none) return add_literal(*value);
            std::string escaped;
            append_escaped(escaped, *value, result_.escape_);
            return add_literal(escaped);
        }
        if (fallback) return add_literal(*fallback);
        const std::string n(name);
        throw TemplateError("environment variable `" + n + "` is not set and `${env." + n +
                            "}` has no default (write `${env." + n + ":-value}`)");
    }

    void function(std::string_view name, std::string_view rest) {
        const std::string expected_forms =
            "expected `uuid()`, `random_int(MIN,MAX)`, `random_string(LEN)` or `pick(a,b,...)`";
        if (rest.empty() || rest.back() != ')') fail("expected `)` to end the call to `" + std::string(name) + "`");
        std::vector<std::string_view> args;
        if (const auto inside = trim(rest.substr(0, rest.size() - 1)); !inside.empty()) {
            std::size_t start = 0;
            while (true) {
                const auto comma = inside.find(',', start);
                args.push_back(trim(inside.substr(start, comma - start)));
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
        }
        Part part;
        if (name == "uuid") {
            if (!args.empty()) fail("`uuid` takes no arguments: expected `${uuid()}`");
            part.kind = Kind::uuid;
        } else if (name == "random_int") {
            const auto min = args.size() == 2 ? to_int64(args[0]) : std::nullopt;
            const auto max = args.size() == 2 ? to_int64(args[1]) : std::nullopt;
            if (!min || !max || *min > *max) {
                fail(
                    "`random_int` expects two integers MIN <= MAX: expected `${random_int(MIN,MAX)}`, as in "
                    "`${random_int(1,100)}`");
            }
            part.kind = Kind::random_int;
            part.min = *min;
            part.max = *max;
            part.count = static_cast<std::uint64_t>(*max) - static_cast<std::uint64_t>(*min) + 1;
            if (part.count != 0) part.threshold = rejection_threshold(part.count);
        } else if (name == "random_string") {
            const auto length = args.size() == 1 ? to_int64(args[0]) : std::nullopt;
            if (!length || *length < 1 || *length > max_random_string) {
                fail(
                    "`random_string` expects one length from 1 to 65536: expected `${random_string(LEN)}`, as in "
                    "`${random_string(16)}`");
            }
            part.kind = Kind::random_string;
            part.max = *length;
        } else if (name == "pick") {
            if (args.empty() || std::any_of(args.begin(), args.end(), [](auto a) { return a.empty(); })) {
                fail("`pick` expects one or more non-empty choices separated by commas: expected `${pick(a,b,c)}`");
            }
            for (const auto arg : args) {
                check_literal(arg, "a choice");
                part.choices.emplace_back(arg);
            }
            part.kind = Kind::pick;
        } else {
            fail("unknown function `" + std::string(name) + "`: " + expected_forms);
        }
        add(std::move(part));
    }

    std::string_view text_;
    const EnvLookup& env_;
    std::string_view placeholder_;  // the one being read, `${` to `}`, for messages
    Template result_;
};

Template Template::parse(std::string_view text, const EnvLookup& env, Escape escape) {
    return TemplateParser(text, env, escape).run();
}

std::string Template::escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "${") == 0) out += '$';
        out += text[i];
    }
    return out;
}

void Template::render(const TemplateScope& scope, std::string& out) const {
    if (has_generator_ && scope.rng == nullptr) {
        throw std::logic_error("template `" + source_ + "` has a generator but no Rng to draw from");
    }
    for (const auto& part : parts_) {
        switch (part.kind) {
        case Kind::literal: out += part.text; break;
        case Kind::variable: {
            const std::string* value = scope.variables ? scope.variables->find(part.text) : nullptr;
            if (value && !(value->empty() && part.has_fallback)) {
                append_escaped(out, *value, escape_);
            } else {
                out += part.fallback;  // empty without a fallback
            }
            break;
        }
        case Kind::vu: append_number(out, std::int64_t{scope.vu}); break;
        case Kind::iteration: append_number(out, scope.iteration); break;
        case Kind::scenario: append_escaped(out, scope.scenario, escape_); break;
        case Kind::uuid: append_uuid(out, *scope.rng); break;
        case Kind::random_int: append_number(out, random_from(*scope.rng, part.min, part.count, part.threshold)); break;
        case Kind::random_string: append_random_string(out, *scope.rng, static_cast<std::size_t>(part.max)); break;
        case Kind::pick: out += part.choices[uniform_below(*scope.rng, part.choices.size())]; break;
        }
    }
}

std::string Template::render(const TemplateScope& scope) const {
    std::string out;
    render(scope, out);
    return out;
}

}  // namespace throng::core
