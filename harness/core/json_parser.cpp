// The JSON reader: recursive descent that records positions.
#include "harness/core/json.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <variant>

#include "harness/core/ascii.hpp"

namespace throng::core::json {

namespace {

// Deeper documents are rejected instead of overflowing the stack.
constexpr int max_depth = 512;

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

// Recursive descent over the text, tracking line and column as it goes.
class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Value parse_document() {
        skip_byte_order_mark();
        Value root = parse_value(0);
        skip_space();
        if (!at_end()) fail(here(), "trailing characters after the document");
        return root;
    }

private:
    std::string_view text_;
    std::size_t offset_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;

    bool at_end() const { return offset_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[offset_]; }
    char peek_at(std::size_t ahead) const { return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0'; }

    Position here() const { return {line_, static_cast<int>(offset_ - line_start_) + 1, offset_}; }

    void advance() {
        if (text_[offset_] == '\n') {
            ++line_;
            line_start_ = offset_ + 1;
        }
        ++offset_;
    }

    [[noreturn]] static void fail(Position at, const std::string& message) { throw ParseError(at, message); }

    // Editors hide the BOM, so columns on the first line start after it.
    void skip_byte_order_mark() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
            offset_ = 3;
            line_start_ = 3;
        }
    }

    // Whitespace and comments, wherever JSON allows whitespace.
    void skip_space() {
        while (!at_end()) {
            const char c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                advance();
            } else if (c == '/') {
                skip_comment();
            } else {
                return;
            }
        }
    }

    void skip_comment() {
        const Position start = here();
        const char kind = peek_at(1);
        if (kind == '/') {
            while (!at_end() && peek() != '\n') advance();
        } else if (kind == '*') {
            advance();
            advance();
            while (!(peek() == '*' && peek_at(1) == '/')) {
                if (at_end()) fail(start, "unterminated block comment: expected '*/'");
                advance();
            }
            advance();
            advance();
        } else {
            fail(start, "expected '//' or '/*' to start a comment");
        }
    }

    Value parse_value(int depth) {
        skip_space();
        Value v;
        v.position_ = here();
        const char c = peek();
        if (at_end()) {
            fail(here(), "expected a JSON value, got end of input");
        } else if (c == '{') {
            parse_object(v, depth);
        } else if (c == '[') {
            parse_array(v, depth);
        } else if (c == '"') {
            v.payload_ = parse_string();
        } else if (c == '-' || is_digit(c)) {
            parse_number(v);
        } else if (c == 't' || c == 'f' || c == 'n') {
            parse_literal(v);
        } else if (c == '\'') {
            fail(here(), "strings must be in double quotes, not single quotes");
        } else {
            fail(here(), "expected a JSON value (object, array, string, number, true, false or null)");
        }
        return v;
    }

    void enter(int depth) {
        if (depth >= max_depth) {
            fail(here(), "nesting is too deep (more than " + std::to_string(max_depth) + " levels)");
        }
    }

    void parse_object(Value& v, int depth) {
        enter(depth);
        auto& members = v.payload_.emplace<std::vector<Value::Member>>();
        advance();  // '{'
        skip_space();
        if (peek() == '}') {
            advance();
            return;
        }
        for (;;) {
            if (peek() != '"') {
                if (!members.empty() && peek() == '}')
                    fail(here(), "trailing comma: expected another member after ','");
                fail(here(), "expected a string key in double quotes");
            }
            Value::Member member;
            member.key_position = here();
            member.key = parse_string();
            skip_space();
            if (peek() != ':') fail(here(), "expected ':' after object key");
            advance();
            member.value = parse_value(depth + 1);
            members.push_back(std::move(member));
            skip_space();
            if (peek() == ',') {
                advance();
                skip_space();
            } else if (peek() == '}') {
                advance();
                v.adopt_children();
                return;
            } else {
                fail(here(), "expected ',' or '}' after object member");
            }
        }
    }

    void parse_array(Value& v, int depth) {
        enter(depth);
        auto& items = v.payload_.emplace<std::vector<Value>>();
        advance();  // '['
        skip_space();
        if (peek() == ']') {
            advance();
            return;
        }
        for (;;) {
            skip_space();
            if (peek() == ']' && !items.empty()) fail(here(), "trailing comma: expected another element after ','");
            items.push_back(parse_value(depth + 1));
            skip_space();
            if (peek() == ',') {
                advance();
            } else if (peek() == ']') {
                advance();
                v.adopt_children();
                return;
            } else {
                fail(here(), "expected ',' or ']' after array element");
            }
        }
    }

    std::string parse_string() {
        const Position start = here();
        advance();  // opening quote
        std::string out;
        for (;;) {
            if (at_end()) fail(start, "unterminated string");
            const char c = peek();
            if (c == '"') {
                advance();
                return out;
            }
            if (c == '\n' || c == '\r') fail(start, "unterminated string (a string cannot span lines; use \\n)");
            if (static_cast<unsigned char>(c) < 0x20) {
                fail(here(), "control character in string: it must be escaped (e.g. \\t, \\u0001)");
            }
            if (c == '\\') {
                parse_escape(out, start);
            } else {
                out += c;
                advance();
            }
        }
    }

    void parse_escape(std::string& out, Position string_start) {
        const Position at = here();
        advance();  // backslash
        if (at_end()) fail(string_start, "unterminated string");
        const char c = peek();
        advance();
        switch (c) {
        case '"': out += '"'; return;
        case '\\': out += '\\'; return;
        case '/': out += '/'; return;
        case 'b': out += '\b'; return;
        case 'f': out += '\f'; return;
        case 'n': out += '\n'; return;
        case 'r': out += '\r'; return;
        case 't': out += '\t'; return;
        case 'u': break;
        default:
            fail(at, std::string("invalid escape sequence '\\") + c +
                         "' in string; expected \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX");
        }
        std::uint32_t cp = read_hex4(at);
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            fail(at, "invalid \\u escape: low surrogate without a high surrogate before it");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            // UTF-16 pair: the low half must follow immediately.
            if (peek() != '\\' || peek_at(1) != 'u') {
                fail(at, "invalid \\u escape: high surrogate must be followed by a \\u low surrogate");
            }
            const Position low_at = here();
            advance();
            advance();
            const std::uint32_t low = read_hex4(low_at);
            if (low < 0xDC00 || low > 0xDFFF) {
                fail(low_at,
                     "invalid \\u escape: expected a low surrogate (\\uDC00 to \\uDFFF) after a high surrogate");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
    }

    // The 4 hex digits after "\u"; `at` is the backslash.
    std::uint32_t read_hex4(Position at) {
        std::uint32_t cp = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex_value(peek());
            if (at_end() || digit < 0) fail(at, "invalid \\u escape: expected 4 hex digits after \\u");
            cp = cp * 16 + static_cast<std::uint32_t>(digit);
            advance();
        }
        return cp;
    }

    void skip_digits() {
        while (is_digit(peek())) advance();
    }

    void parse_number(Value& v) {
        const Position start = v.position_;
        bool integral = true;
        bool negative_exponent = false;
        if (peek() == '-') advance();
        if (!is_digit(peek())) fail(here(), "expected a digit in number");
        if (peek() == '0' && is_digit(peek_at(1))) fail(start, "leading zeros are not allowed in numbers");
        skip_digits();
        if (peek() == '.') {
            integral = false;
            advance();
            if (!is_digit(peek())) fail(here(), "expected a digit after '.' in number");
            skip_digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            advance();
            if (peek() == '+' || peek() == '-') {
                negative_exponent = peek() == '-';
                advance();
            }
            if (!is_digit(peek())) fail(here(), "expected a digit in the exponent of number");
            skip_digits();
        }
        const char* first = text_.data() + start.offset;
        const char* last = text_.data() + offset_;
        Value::Number number;
        const auto result = std::from_chars(first, last, number.value);
        if (result.ec == std::errc::result_out_of_range) {
            // Too small to represent is just zero; too large is an error.
            const bool tiny = negative_exponent || first[first[0] == '-' ? 1 : 0] == '0';
            if (!tiny) fail(start, "number is too large");
            number.value = first[0] == '-' ? -0.0 : 0.0;
        }
        if (integral) {
            const auto as_int = std::from_chars(first, last, number.integer);
            number.integral = as_int.ec == std::errc() && as_int.ptr == last;
        }
        v.payload_ = number;
    }

    void parse_literal(Value& v) {
        const std::string_view rest = text_.substr(offset_);
        auto matches = [&](std::string_view word) { return rest.substr(0, word.size()) == word; };
        std::size_t length = 0;
        if (matches("true")) {
            v.payload_ = true;
            length = 4;
        } else if (matches("false")) {
            v.payload_ = false;
            length = 5;
        } else if (matches("null")) {
            length = 4;
        } else {
            fail(here(), "invalid literal: expected true, false or null");
        }
        for (std::size_t i = 0; i < length; ++i) advance();
    }
};

Value parse(std::string_view text) { return Parser(text).parse_document(); }

}  // namespace throng::core::json
