#pragma once
// A JSON reader that remembers where every value came from (line, column,
// JSON pointer), so that scenario errors can name the exact spot. Accepts
// // line and /* block */ comments. It is used to read input files; results
// are written with nlohmann::json.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace throng::core::json {

struct Position {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, counted in bytes
    std::size_t offset = 0;
};

// A value knows where it is: its position in the text and its parent, from
// which its pointer is worked out when an error asks for it. Values are kept
// small (64 bytes, no string of their own for the pointer) because a scenario
// may hold a million of them in an inline feeder.
class Value {
public:
    // In the order of the payload's alternatives.
    enum class Kind { null, boolean, number, string, array, object };

    struct Member;  // key + value of an object, in source order

    Value() = default;
    // A copy is a document of its own (its pointer starts at its root); a
    // value moved keeps its place (as when a vector of values grows).
    Value(const Value& other);
    Value(Value&& other) noexcept;
    // Assigning replaces the content and keeps the value's place in its document.
    Value& operator=(const Value& other);
    Value& operator=(Value&& other) noexcept;
    ~Value() = default;

    Kind kind() const { return static_cast<Kind>(payload_.index()); }
    const Position& position() const { return position_; }
    // RFC 6901 pointer from the document root, e.g. "/flows/0/steps/2".
    std::string pointer() const;

    bool is_null() const { return kind() == Kind::null; }
    bool is_bool() const { return kind() == Kind::boolean; }
    bool is_number() const { return kind() == Kind::number; }
    bool is_integer() const;  // a number with no fraction that fits in int64
    bool is_string() const { return kind() == Kind::string; }
    bool is_array() const { return kind() == Kind::array; }
    bool is_object() const { return kind() == Kind::object; }

    // Accessors assume the kind was checked; they throw std::logic_error otherwise.
    bool as_bool() const;
    double as_number() const;
    std::int64_t as_integer() const;
    const std::string& as_string() const;
    const std::vector<Value>& items() const;
    const std::vector<Member>& members() const;
    // The member's value, or nullptr (first match in source order).
    const Value* find(std::string_view key) const;

    // "null", "boolean", "number", "string", "array", "object".
    static std::string_view kind_name(Kind k);
    std::string_view kind_name() const { return kind_name(kind()); }

    // Compact JSON text of this value (comments dropped).
    std::string dump() const;

    // Editing, for overrides applied before a document is read (--set). A value
    // put in place has the pointer of where it lands, and takes the position of
    // the value it replaces (or of the enclosing object when it is new), so
    // that diagnostics still point into the file.
    static Value make_string(std::string text);
    static Value make_object();
    Value* find_mutable(std::string_view key);             // nullptr if absent; assumes an object
    Value* item_mutable(std::size_t index);                // nullptr if out of range; assumes an array
    Value& set_member(std::string_view key, Value value);  // replaces or appends; assumes an object
    void replace_with(Value value);                        // keeps this value's place and position

private:
    friend class Parser;
    struct Number {
        double value = 0;
        std::int64_t integer = 0;  // when integral
        bool integral = false;
    };
    using Payload = std::variant<std::monostate, bool, Number, std::string, std::vector<Value>, std::vector<Member>>;

    // Makes this value the parent of its items or members' values.
    void adopt_children();
    // Gives this value and everything inside it `position`.
    void relocate(const Position& position);

    Position position_;
    const Value* parent_ = nullptr;  // the array or object holding this value; null at the root
    Payload payload_;
};

struct Value::Member {
    std::string key;
    Position key_position;
    Value value;
};

// The first syntax error: where, and what was expected.
class ParseError : public std::runtime_error {
public:
    ParseError(Position pos, const std::string& message) : std::runtime_error(message), position_(pos) {}
    const Position& position() const { return position_; }

private:
    Position position_;
};

// RFC 6901 escaping of one reference token: '~' -> "~0", '/' -> "~1".
std::string pointer_token(std::string_view key);

// Appends `text` escaped for the inside of a JSON string (no quotes added).
void append_escaped(std::string& out, std::string_view text);

// Parses a whole document; trailing non-whitespace is an error.
Value parse(std::string_view text);

}  // namespace throng::core::json
