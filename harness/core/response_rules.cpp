#include "harness/core/response_rules.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace throng::core {
namespace {

using nlohmann::json;

// The body parsed on first use only, and only once however many rules read it.
// Runs per request, so a body that is not JSON is an ordinary result, never an exception.
class LazyJson {
public:
    explicit LazyJson(const std::string& body) : body_(body) {}

    const json* document() {
        if (!parsed_) {
            parsed_ = true;
            doc_ = json::parse(body_, nullptr, /*allow_exceptions=*/false);
        }
        return doc_.is_discarded() ? nullptr : &doc_;
    }

    // The value at an RFC 6901 pointer, or nullptr (not JSON, bad pointer, nothing there).
    const json* at(const std::string& pointer) {
        const json* doc = document();
        if (doc == nullptr) return nullptr;
        try {
            const json::json_pointer ptr(pointer);
            // contains() first: a missing value is common and must not cost an exception.
            return doc->contains(ptr) ? &doc->at(ptr) : nullptr;
        } catch (const json::exception&) {
            return nullptr;  // malformed pointer, or an array index too large to represent
        }
    }

private:
    const std::string& body_;
    bool parsed_ = false;
    json doc_;
};

// Search semantics (not full match). A group that is out of range or did not take part
// in the match counts as nothing found. Linear in the text (RE2): safe on any body.
bool search(const Pattern* re, const std::string& text, int group, std::optional<std::string>* out) {
    if (re == nullptr) return false;
    if (out == nullptr) return re->search(text, group, nullptr);
    // Into the string already there, keeping its capacity (the caller resets
    // or replaces it when nothing is found).
    std::string& kept = out->has_value() ? **out : out->emplace();
    return re->search(text, group, &kept);
}

// Writes into `out` in place so that a reused RuleResults keeps its string capacity.
bool extract(const Extraction& e, const Reply& reply, LazyJson& body_json, std::optional<std::string>& out) {
    switch (e.source) {
    case Extraction::Source::json: {
        const json* v = body_json.at(e.path);
        if (v == nullptr) return false;
        if (v->is_string())
            out = v->get_ref<const std::string&>();
        else
            out = v->dump(-1, ' ', false, json::error_handler_t::replace);
        return true;
    }
    case Extraction::Source::regex: return search(e.compiled.get(), reply.body, e.group, &out);
    case Extraction::Source::header: {
        const std::string* value = reply.header(e.path);
        if (value == nullptr) return false;
        if (!e.pattern.empty()) return search(e.compiled.get(), *value, e.group, &out);
        out = *value;
        return true;
    }
    case Extraction::Source::status:
        if (reply.status == 0) return false;
        out = std::to_string(reply.status);
        return true;
    case Extraction::Source::body: out = reply.body; return true;
    case Extraction::Source::facet: {
        const std::string* value = reply.facet(e.path);
        if (value == nullptr) return false;
        out = *value;
        return true;
    }
    }
    return false;
}

bool passes(const Check& c, const Reply& reply, Nanos latency, LazyJson& body_json) {
    switch (c.kind) {
    case Check::Kind::status_in:
        return std::find(c.statuses.begin(), c.statuses.end(), reply.status) != c.statuses.end();
    case Check::Kind::body_contains: return reply.body.find(c.text) != std::string::npos;
    case Check::Kind::body_matches: return search(c.compiled.get(), reply.body, 0, nullptr);
    case Check::Kind::json_exists: return body_json.at(c.text) != nullptr;
    case Check::Kind::json_missing: return body_json.at(c.text) == nullptr;
    case Check::Kind::json_equals: {
        const json* actual = body_json.at(c.text);
        if (actual == nullptr) return false;
        const json expected = json::parse(c.expected_json, nullptr, /*allow_exceptions=*/false);
        return !expected.is_discarded() && *actual == expected;
    }
    case Check::Kind::header_exists: return reply.header(c.text) != nullptr;
    case Check::Kind::header_equals: {
        const std::string* value = reply.header(c.text);
        return value != nullptr && *value == c.expected_json;
    }
    case Check::Kind::header_matches: {
        const std::string* value = reply.header(c.text);
        return value != nullptr && search(c.compiled.get(), *value, 0, nullptr);
    }
    case Check::Kind::latency_below: return latency < c.bound;
    case Check::Kind::facet_between: {
        const std::string* value = reply.facet(c.facet);
        std::int64_t count = -1;
        if (value == nullptr || std::from_chars(value->data(), value->data() + value->size(), count).ec != std::errc{})
            return false;
        return count >= c.min_count && count <= c.max_count;
    }
    case Check::Kind::facet_is: {
        const std::string* value = reply.facet(c.facet);
        return value != nullptr && *value == c.text;
    }
    }
    return false;
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

void need_header(ReplyNeeds& needs, std::string_view name) {
    std::string lower = lowercase(name);
    if (std::find(needs.headers.begin(), needs.headers.end(), lower) == needs.headers.end())
        needs.headers.push_back(std::move(lower));
}

void need_facet(ReplyNeeds& needs, const std::string& name) {
    if (!needs.reads_facet(name)) needs.facets.push_back(name);
}

}  // namespace

void compile_pattern(Extraction& e) {
    const bool uses_pattern =
        e.source == Extraction::Source::regex || (e.source == Extraction::Source::header && !e.pattern.empty());
    e.compiled = uses_pattern ? Pattern::compile(e.pattern) : nullptr;
}

void compile_pattern(Check& c) {
    const bool uses_pattern = c.kind == Check::Kind::body_matches || c.kind == Check::Kind::header_matches;
    c.compiled = uses_pattern ? Pattern::compile(c.pattern) : nullptr;
}

ReplyNeeds reply_needs(const std::vector<Extraction>& extractions, const std::vector<Check>& checks) {
    ReplyNeeds needs;
    for (const auto& e : extractions) {
        switch (e.source) {
        case Extraction::Source::json:
        case Extraction::Source::regex:
        case Extraction::Source::body: needs.body = true; break;
        case Extraction::Source::header: need_header(needs, e.path); break;
        case Extraction::Source::status: needs.status = true; break;
        case Extraction::Source::facet: need_facet(needs, e.path); break;
        }
    }
    for (const auto& c : checks) {
        switch (c.kind) {
        case Check::Kind::status_in: needs.status = true; break;
        case Check::Kind::body_contains:
        case Check::Kind::body_matches:
        case Check::Kind::json_exists:
        case Check::Kind::json_missing:
        case Check::Kind::json_equals: needs.body = true; break;
        case Check::Kind::header_exists:
        case Check::Kind::header_equals:
        case Check::Kind::header_matches: need_header(needs, c.text); break;
        case Check::Kind::latency_below: break;  // measured by the engine, not read from the reply
        case Check::Kind::facet_between:
        case Check::Kind::facet_is: need_facet(needs, c.facet); break;
        }
    }
    return needs;
}

void evaluate(const std::vector<Extraction>& extractions, const std::vector<Check>& checks, const Reply& reply,
              bool responded, Nanos latency, RuleResults& out) {
    LazyJson body_json(reply.body);

    out.extracted.resize(extractions.size());
    for (std::size_t i = 0; i < extractions.size(); ++i) {
        const Extraction& e = extractions[i];
        auto& slot = out.extracted[i];
        if (responded && extract(e, reply, body_json, slot)) continue;
        if (e.fallback)
            slot = *e.fallback;
        else
            slot.reset();
    }

    out.passed.resize(checks.size());
    out.abort = false;
    for (std::size_t i = 0; i < checks.size(); ++i) {
        const bool ok = responded && passes(checks[i], reply, latency, body_json);
        out.passed[i] = ok;
        if (!ok && checks[i].abort) out.abort = true;
    }
}

}  // namespace throng::core
