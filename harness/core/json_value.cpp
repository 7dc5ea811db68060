// json::Value: accessors and compact serialization.
#include "harness/core/json.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

namespace throng::core::json {

void append_escaped(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
            } else {
                out += c;
            }
        }
    }
}

namespace {

void append_quoted(std::string& out, const std::string& s) {
    out += '"';
    append_escaped(out, s);
    out += '"';
}

void dump_to(std::string& out, const Value& v) {
    switch (v.kind()) {
    case Value::Kind::null: out += "null"; break;
    case Value::Kind::boolean: out += v.as_bool() ? "true" : "false"; break;
    case Value::Kind::number: {
        char buf[32];
        auto result = v.is_integer() ? std::to_chars(buf, buf + sizeof buf, v.as_integer())
                                     : std::to_chars(buf, buf + sizeof buf, v.as_number());
        out.append(buf, result.ptr);
        break;
    }
    case Value::Kind::string: append_quoted(out, v.as_string()); break;
    case Value::Kind::array: {
        out += '[';
        bool first = true;
        for (const auto& item : v.items()) {
            if (!first) out += ',';
            first = false;
            dump_to(out, item);
        }
        out += ']';
        break;
    }
    case Value::Kind::object: {
        out += '{';
        bool first = true;
        for (const auto& member : v.members()) {
            if (!first) out += ',';
            first = false;
            append_quoted(out, member.key);
            out += ':';
            dump_to(out, member.value);
        }
        out += '}';
        break;
    }
    }
}

}  // namespace

std::string pointer_token(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

// ---- Value: place in the document ----

Value::Value(const Value& other) : position_(other.position_), payload_(other.payload_) { adopt_children(); }

Value::Value(Value&& other) noexcept
    : position_(other.position_), parent_(other.parent_), payload_(std::move(other.payload_)) {
    adopt_children();
}

Value& Value::operator=(const Value& other) {
    if (this != &other) *this = Value(other);  // other may live inside this value
    return *this;
}

Value& Value::operator=(Value&& other) noexcept {
    if (this == &other) return *this;
    position_ = other.position_;
    payload_ = std::move(other.payload_);
    adopt_children();
    return *this;
}

void Value::adopt_children() {
    if (auto* items = std::get_if<std::vector<Value>>(&payload_)) {
        for (auto& item : *items) item.parent_ = this;
    } else if (auto* members = std::get_if<std::vector<Member>>(&payload_)) {
        for (auto& member : *members) member.value.parent_ = this;
    }
}

std::string Value::pointer() const {
    std::vector<std::string> tokens;  // leaf first
    const Value* child = this;
    for (const Value* parent = parent_; parent != nullptr; child = parent, parent = parent->parent_) {
        if (const auto* items = std::get_if<std::vector<Value>>(&parent->payload_)) {
            tokens.push_back(std::to_string(child - items->data()));
        } else if (const auto* members = std::get_if<std::vector<Member>>(&parent->payload_)) {
            for (const auto& member : *members)
                if (&member.value == child) tokens.push_back(pointer_token(member.key));
        }
    }
    std::string out;
    for (auto token = tokens.rbegin(); token != tokens.rend(); ++token) {
        out += '/';
        out += *token;
    }
    return out;
}

// ---- Value accessors ----

bool Value::is_integer() const {
    const auto* number = std::get_if<Number>(&payload_);
    return number != nullptr && number->integral;
}

bool Value::as_bool() const {
    if (!is_bool()) throw std::logic_error("json value is not a boolean");
    return std::get<bool>(payload_);
}

double Value::as_number() const {
    if (!is_number()) throw std::logic_error("json value is not a number");
    return std::get<Number>(payload_).value;
}

std::int64_t Value::as_integer() const {
    if (!is_integer()) throw std::logic_error("json value is not an integer");
    return std::get<Number>(payload_).integer;
}

const std::string& Value::as_string() const {
    if (!is_string()) throw std::logic_error("json value is not a string");
    return std::get<std::string>(payload_);
}

const std::vector<Value>& Value::items() const {
    if (!is_array()) throw std::logic_error("json value is not an array");
    return std::get<std::vector<Value>>(payload_);
}

const std::vector<Value::Member>& Value::members() const {
    if (!is_object()) throw std::logic_error("json value is not an object");
    return std::get<std::vector<Member>>(payload_);
}

const Value* Value::find(std::string_view key) const {
    for (const auto& member : members()) {
        if (member.key == key) return &member.value;
    }
    return nullptr;
}

std::string_view Value::kind_name(Kind k) {
    switch (k) {
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::number: return "number";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::object: return "object";
    }
    return "unknown";
}

std::string Value::dump() const {
    std::string out;
    dump_to(out, *this);
    return out;
}

// ---- Editing ----

Value Value::make_string(std::string text) {
    Value v;
    v.payload_ = std::move(text);
    return v;
}

Value Value::make_object() {
    Value v;
    v.payload_ = std::vector<Member>{};
    return v;
}

Value* Value::find_mutable(std::string_view key) {
    auto* members = std::get_if<std::vector<Member>>(&payload_);
    if (members == nullptr) throw std::logic_error("json value is not an object");
    for (auto& member : *members) {
        if (member.key == key) return &member.value;
    }
    return nullptr;
}

Value* Value::item_mutable(std::size_t index) {
    auto* items = std::get_if<std::vector<Value>>(&payload_);
    if (items == nullptr) throw std::logic_error("json value is not an array");
    return index < items->size() ? &(*items)[index] : nullptr;
}

Value& Value::set_member(std::string_view key, Value value) {
    if (Value* existing = find_mutable(key)) {
        existing->replace_with(std::move(value));
        return *existing;
    }
    auto& members = std::get<std::vector<Member>>(payload_);
    members.push_back(Member{std::string(key), position_, std::move(value)});
    adopt_children();  // the new member, and the others if the vector moved them
    members.back().value.relocate(position_);
    return members.back().value;
}

void Value::replace_with(Value value) {
    const Position position = position_;
    *this = std::move(value);
    relocate(position);
}

void Value::relocate(const Position& position) {
    position_ = position;
    if (auto* items = std::get_if<std::vector<Value>>(&payload_)) {
        for (auto& item : *items) item.relocate(position);
    } else if (auto* members = std::get_if<std::vector<Member>>(&payload_)) {
        for (auto& member : *members) {
            member.key_position = position;
            member.value.relocate(position);
        }
    }
}

}  // namespace throng::core::json
