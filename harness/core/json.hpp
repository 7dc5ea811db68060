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
#include <vector>

namespace throng::core::json {

struct Position {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, counted in bytes
    std::size_t offset = 0;
};

class Value {
public:
    enum class Kind { null, boolean, number, string, array, object };

    struct Member;  // key + value of an object, in source order

    Kind kind() const { return kind_; }
    const Position& position() const { return position_; }
    // RFC 6901 pointer from the document root, e.g. "/flows/0/steps/2".
    const std::string& pointer() const { return pointer_; }

    bool is_null() const { return kind_ == Kind::null; }
    bool is_bool() const { return kind_ == Kind::boolean; }
    bool is_number() const { return kind_ == Kind::number; }
    bool is_integer() const;  // a number with no fraction that fits in int64
    bool is_string() const { return kind_ == Kind::string; }
    bool is_array() const { return kind_ == Kind::array; }
    bool is_object() const { return kind_ == Kind::object; }

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
    std::string_view kind_name() const { return kind_name(kind_); }

    // Compact JSON text of this value (comments dropped).
    std::string dump() const;

    // Editing, for overrides applied before a document is read (--set). A value
    // put in place takes the pointer of where it lands, and the position of the
    // value it replaces (or of the enclosing object when it is new), so that
    // diagnostics still point into the file.
    static Value make_string(std::string text);
    static Value make_object();
    Value* find_mutable(std::string_view key);  // nullptr if absent; assumes an object
    Value* item_mutable(std::size_t index);     // nullptr if out of range; assumes an array
    Value& set_member(std::string_view key, Value value);  // replaces or appends; assumes an object
    void replace_with(Value value);             // keeps this value's pointer and position

private:
    friend class Parser;
    // Gives this value and everything inside it `pointer` (descendants below
    // it) and `position`.
    void relocate(const std::string& pointer, const Position& position);
    Kind kind_ = Kind::null;
    Position position_;
    std::string pointer_;
    bool bool_ = false;
    double number_ = 0;
    bool integral_ = false;
    std::int64_t integer_ = 0;
    std::string string_;
    std::vector<Value> items_;
    std::vector<Member> members_;
};

struct Value::Member {
    std::string key;
    Position key_position;
    Value value;
};

// The first syntax error: where, and what was expected.
class ParseError : public std::runtime_error {
public:
    ParseError(Position pos, const std::string& message)
        : std::runtime_error(message), position_(pos) {}
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
