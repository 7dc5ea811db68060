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

// ---- Value accessors ----

bool Value::is_integer() const { return kind_ == Kind::number && integral_; }

bool Value::as_bool() const {
    if (kind_ != Kind::boolean) throw std::logic_error("json value is not a boolean");
    return bool_;
}

double Value::as_number() const {
    if (kind_ != Kind::number) throw std::logic_error("json value is not a number");
    return number_;
}

std::int64_t Value::as_integer() const {
    if (!is_integer()) throw std::logic_error("json value is not an integer");
    return integer_;
}

const std::string& Value::as_string() const {
    if (kind_ != Kind::string) throw std::logic_error("json value is not a string");
    return string_;
}

const std::vector<Value>& Value::items() const {
    if (kind_ != Kind::array) throw std::logic_error("json value is not an array");
    return items_;
}

const std::vector<Value::Member>& Value::members() const {
    if (kind_ != Kind::object) throw std::logic_error("json value is not an object");
    return members_;
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
    v.kind_ = Kind::string;
    v.string_ = std::move(text);
    return v;
}

Value Value::make_object() {
    Value v;
    v.kind_ = Kind::object;
    return v;
}

Value* Value::find_mutable(std::string_view key) {
    if (kind_ != Kind::object) throw std::logic_error("json value is not an object");
    for (auto& member : members_) {
        if (member.key == key) return &member.value;
    }
    return nullptr;
}

Value* Value::item_mutable(std::size_t index) {
    if (kind_ != Kind::array) throw std::logic_error("json value is not an array");
    return index < items_.size() ? &items_[index] : nullptr;
}

Value& Value::set_member(std::string_view key, Value value) {
    if (Value* existing = find_mutable(key)) {
        existing->replace_with(std::move(value));
        return *existing;
    }
    Member member{std::string(key), position_, std::move(value)};
    member.value.relocate(pointer_ + "/" + pointer_token(key), position_);
    members_.push_back(std::move(member));
    return members_.back().value;
}

void Value::replace_with(Value value) {
    const std::string pointer = pointer_;
    const Position position = position_;
    *this = std::move(value);
    relocate(pointer, position);
}

void Value::relocate(const std::string& pointer, const Position& position) {
    pointer_ = pointer;
    position_ = position;
    for (std::size_t i = 0; i < items_.size(); ++i) items_[i].relocate(pointer + "/" + std::to_string(i), position);
    for (auto& member : members_) {
        member.key_position = position;
        member.value.relocate(pointer + "/" + pointer_token(member.key), position);
    }
}

}  // namespace throng::core::json
