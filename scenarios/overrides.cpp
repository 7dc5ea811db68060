#include "scenarios/overrides.hpp"

#include <charconv>
#include <optional>
#include <string_view>

#include "harness/core/diagnostics.hpp"
#include "scenarios/names.hpp"

namespace throng::scenarios {

namespace {

using core::json::Value;

struct Token {
    std::string name;
    std::size_t offset = 0;  // where it starts in the argument
};

// A problem with one argument: where in it, and what.
struct Problem {
    std::size_t offset = 0;
    std::string message;
};

// RFC 6901: "~1" is '/', "~0" is '~'; any other '~' is malformed.
std::optional<std::string> unescape(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '~') {
            out += token[i];
        } else if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[++i] == '0' ? '~' : '/';
        } else {
            return std::nullopt;
        }
    }
    return out;
}

// The path's tokens, or the problem with it.
std::optional<Problem> split_path(std::string_view path, std::vector<Token>& tokens) {
    if (path.empty()) return Problem{0, "the path before '=' is empty"};
    const bool pointer = path.front() == '/';
    const char separator = pointer ? '/' : '.';
    std::size_t start = pointer ? 1 : 0;
    for (;;) {
        const std::size_t end = std::min(path.find(separator, start), path.size());
        const std::string_view raw = path.substr(start, end - start);
        if (pointer) {
            auto name = unescape(raw);
            if (!name) return Problem{start, "`~` in a JSON pointer must be followed by 0 or 1"};
            tokens.push_back({std::move(*name), start});
        } else {
            if (raw.empty()) return Problem{start, "the path has an empty name between dots"};
            tokens.push_back({std::string(raw), start});
        }
        if (end == path.size()) return std::nullopt;
        start = end + 1;
    }
}

// "a number", "null"
std::string a_kind(const Value& v) {
    if (v.is_null()) return "null";
    return (v.is_array() || v.is_object() ? "an " : "a ") + std::string(v.kind_name());
}

std::optional<std::size_t> index_of(const std::string& token) {
    std::size_t index = 0;
    const auto result = std::from_chars(token.data(), token.data() + token.size(), index);
    if (token.empty() || result.ec != std::errc() || result.ptr != token.data() + token.size()) return std::nullopt;
    return index;
}

// Puts `value` at the path, creating objects on the way; the problem if it cannot.
std::optional<Problem> assign(Value& document, std::string_view path, const std::vector<Token>& tokens, Value value) {
    Value* current = &document;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        const bool last = i + 1 == tokens.size();
        // As written up to here, for messages: "executor.vus".
        const std::string so_far = i == 0 ? "the document" : in_backticks(path.substr(0, token.offset - 1));
        if (current->is_object()) {
            if (last) {
                current->set_member(token.name, std::move(value));
                return std::nullopt;
            }
            Value* next = current->find_mutable(token.name);
            current = next != nullptr ? next : &current->set_member(token.name, Value::make_object());
        } else if (current->is_array()) {
            const auto index = index_of(token.name);
            if (!index) {
                return Problem{token.offset,
                               so_far + " is an array: expected an element index, got " + in_backticks(token.name)};
            }
            Value* item = current->item_mutable(*index);
            if (item == nullptr) {
                return Problem{token.offset, so_far + " has " + std::to_string(current->items().size()) +
                                                 " element(s): there is no element " + token.name};
            }
            if (last) {
                item->replace_with(std::move(value));
                return std::nullopt;
            }
            current = item;
        } else {
            return Problem{token.offset, so_far + " is " + a_kind(*current) + ", not an object, so " +
                                             in_backticks(token.name) + " cannot be set in it"};
        }
    }
    return std::nullopt;
}

std::optional<Problem> apply(Value& document, const std::string& argument) {
    const std::size_t equals = argument.find('=');
    if (equals == std::string::npos) {
        return Problem{0, "expected PATH=VALUE, like executor.vus=10 or /executor/duration=30s"};
    }
    const std::string_view path = std::string_view(argument).substr(0, equals);
    std::vector<Token> tokens;
    if (auto problem = split_path(path, tokens)) return problem;
    const std::string text = argument.substr(equals + 1);
    Value value;
    try {
        value = core::json::parse(text);
    } catch (const core::json::ParseError&) {
        value = Value::make_string(text);  // not JSON: the text itself
    }
    return assign(document, path, tokens, std::move(value));
}

}  // namespace

void apply_overrides(Value& document, const std::vector<std::string>& sets) {
    core::Diagnostics diags("--set");
    Value changed = document;
    for (std::size_t i = 0; i < sets.size(); ++i) {
        if (auto problem = apply(changed, sets[i])) {
            const core::json::Position where{static_cast<int>(i + 1), static_cast<int>(problem->offset + 1), 0};
            diags.error(where, "", "in --set " + in_backticks(sets[i]) + ": " + problem->message);
        }
    }
    if (!diags.empty()) throw core::InputError(diags.list());
    document = std::move(changed);
}

}  // namespace throng::scenarios
