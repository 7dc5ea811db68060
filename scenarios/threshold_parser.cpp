#include "scenarios/threshold_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include "harness/core/object_reader.hpp"
#include "harness/core/units.hpp"

namespace throng::scenarios {

namespace {

using core::Threshold;
using Metric = Threshold::Metric;
using Aggregate = Threshold::Aggregate;

constexpr Metric all_metrics[] = {Metric::latency, Metric::errors, Metric::requests, Metric::checks,
                                  Metric::iterations};

constexpr std::string_view key_form =
    "expected latency, service_time, response_time, errors, requests, checks or iterations, optionally followed by "
    "tags like {step:NAME} or {scenario:NAME,kind:api}";

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// What a correct expression looks like for each metric, for error messages.
std::string_view expected_form(Metric metric) {
    switch (metric) {
    case Metric::latency:
        return "expected p(N), med, avg, min or max, then <, <=, >, >= or ==, then a duration like 200ms";
    case Metric::errors:
        return "expected rate (or nothing), then <, <=, >, >= or ==, then a percentage like 1% or a fraction from 0 "
               "to 1; or count, an operator and a whole number like 10";
    case Metric::requests:
        return "expected rate, then <, <=, >, >= or ==, then a rate like 100/s or 6000/m; or count, an operator and "
               "a whole number like 1000";
    case Metric::checks:
        return "expected rate (of passes), then <, <=, >, >= or ==, then a percentage like 99% or a fraction from 0 "
               "to 1; or count (of failures), an operator and a whole number like 10";
    case Metric::iterations:
        return "expected rate (of completed iterations), then <, <=, >, >= or ==, then a rate like 10/s or 600/m; or "
               "count (of completed iterations), an operator and a whole number like 1000";
    }
    return "";
}

// "[AGG] OP VALUE" cut into its three parts, each trimmed; AGG may be empty.
struct ExpressionParts {
    std::string_view aggregate;
    Threshold::Op op = Threshold::Op::lt;
    std::string_view value;
};

std::optional<ExpressionParts> split_expression(std::string_view text) {
    ExpressionParts parts;
    std::string_view rest = trim(text);
    std::size_t length = 0;
    while (length < rest.size() && is_letter(rest[length])) ++length;
    if (rest.substr(0, length) == "p") {
        const auto close = rest.find(')', length);
        if (close == std::string_view::npos || trim(rest.substr(length, close - length)).substr(0, 1) != "(") {
            return std::nullopt;
        }
        length = close + 1;
    }
    parts.aggregate = rest.substr(0, length);
    rest = trim(rest.substr(length));
    static constexpr std::pair<std::string_view, Threshold::Op> operators[] = {
        {"<=", Threshold::Op::le}, {">=", Threshold::Op::ge}, {"==", Threshold::Op::eq},
        {"<", Threshold::Op::lt},  {">", Threshold::Op::gt},
    };
    const auto op = std::find_if(std::begin(operators), std::end(operators),
                                 [&](const auto& candidate) { return rest.starts_with(candidate.first); });
    if (op == std::end(operators)) return std::nullopt;
    parts.op = op->second;
    parts.value = trim(rest.substr(op->first.size()));
    if (parts.value.empty()) return std::nullopt;
    return parts;
}

// A finite number written in plain decimal ("95", "99.9"), nothing else.
std::optional<double> plain_number(std::string_view text) {
    if (text.empty() || !(text.front() >= '0' && text.front() <= '9')) return std::nullopt;
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> whole_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
    return static_cast<double>(value);
}

// Sets t.aggregate (and t.percentile) from the aggregate as written; false if unknown.
bool read_aggregate(std::string_view word, Threshold& t, bool& percentile_out_of_range) {
    if (word.starts_with("p")) {
        if (word.size() < 3 || word.back() != ')') return false;
        const std::string_view inner = trim(trim(word.substr(1, word.size() - 2)).substr(1));
        const auto n = plain_number(inner);
        if (!n) return false;
        percentile_out_of_range = !(*n > 0 && *n <= 100);
        t.aggregate = Aggregate::percentile;
        t.percentile = *n;
        return true;
    }
    static constexpr std::pair<std::string_view, Aggregate> words[] = {
        {"avg", Aggregate::avg},   {"min", Aggregate::min},     {"max", Aggregate::max},
        {"rate", Aggregate::rate}, {"count", Aggregate::count},
    };
    if (word == "med") {
        t.aggregate = Aggregate::percentile;
        t.percentile = 50;
        return true;
    }
    for (const auto& [name, aggregate] : words) {
        if (word == name) {
            t.aggregate = aggregate;
            return true;
        }
    }
    return false;
}

// "1%" or a plain fraction "0.01".
std::optional<double> fraction(std::string_view value) {
    if (value.ends_with('%')) return core::parse_percentage(value);
    return plain_number(value);
}

// The bound in the metric's unit, or nullopt if the aggregate does not apply
// to the metric or the value is not of the expected form.
std::optional<double> read_bound(Metric metric, Aggregate aggregate, std::string_view value) {
    if (metric == Metric::latency) {
        if (aggregate == Aggregate::rate || aggregate == Aggregate::count) return std::nullopt;
        const auto d = core::parse_duration(value);
        if (!d) return std::nullopt;
        return static_cast<double>(d->count());
    }
    // Every other metric has a rate and a count, and nothing else.
    if (aggregate == Aggregate::count) return whole_number(value);
    if (aggregate != Aggregate::rate) return std::nullopt;
    switch (metric) {
    case Metric::errors:
    case Metric::checks: return fraction(value);
    case Metric::requests:
    case Metric::iterations: return core::parse_rate(value);
    case Metric::latency: break;
    }
    return std::nullopt;
}

// "{tag:value, tag:value}" into `filter`; false if malformed. Values may hold
// spaces and colons, but neither ',' nor '}'; both sides are trimmed.
bool read_filter(std::string_view braces, core::Tags& filter, std::string& duplicate) {
    if (!braces.starts_with('{') || !braces.ends_with('}')) return false;
    std::string_view body = braces.substr(1, braces.size() - 2);
    if (body.find('}') != std::string_view::npos) return false;
    while (true) {
        const auto comma = body.find(',');
        const std::string_view pair = body.substr(0, comma);
        const auto colon = pair.find(':');
        if (colon == std::string_view::npos) return false;
        const std::string_view tag = trim(pair.substr(0, colon));
        const std::string_view value = trim(pair.substr(colon + 1));
        if (tag.empty() || value.empty()) return false;
        if (!filter.emplace(tag, value).second) duplicate = tag;
        if (comma == std::string_view::npos) return true;
        body.remove_prefix(comma + 1);
    }
}

}  // namespace

std::string_view metric_name(Metric metric) {
    switch (metric) {
    case Metric::latency: return "latency";
    case Metric::errors: return "errors";
    case Metric::requests: return "requests";
    case Metric::checks: return "checks";
    case Metric::iterations: return "iterations";
    }
    return "";
}

std::string_view example_expression(Metric metric) {
    switch (metric) {
    case Metric::latency: return "p(95)<200ms";
    case Metric::errors: return "rate<1%";
    case Metric::requests: return "rate>100/s";
    case Metric::checks: return "rate>99%";
    case Metric::iterations: return "count>=100";
    }
    return "";
}

ThresholdKey parse_threshold_key(std::string_view key) {
    const auto brace = key.find('{');
    std::string_view metric = key.substr(0, brace);
    while (brace != std::string_view::npos && metric.ends_with(' ')) metric.remove_suffix(1);  // "latency {step:a}"
    ThresholdKey out;
    bool known = false;
    for (Metric m : all_metrics) {
        if (metric == metric_name(m)) {
            out.metric = m;
            known = true;
        }
    }
    if (metric == "service_time" || metric == "response_time") {
        out.metric = Metric::latency;
        out.timing = metric == "service_time" ? Threshold::Timing::service_time : Threshold::Timing::response_time;
        known = true;
    }
    const std::string prefix = "threshold key `" + std::string(key) + "`: ";
    if (!known) {
        std::string message = prefix + std::string(key_form);
        if (auto suggestion = core::closest_match(
                metric, {"latency", "service_time", "response_time", "errors", "requests", "checks", "iterations"})) {
            message += "; did you mean `" + *suggestion + "`?";
        }
        throw ThresholdSyntaxError(message);
    }
    if (brace == std::string_view::npos) return out;
    std::string duplicate;
    if (!read_filter(key.substr(brace), out.filter, duplicate)) {
        throw ThresholdSyntaxError(prefix + std::string(key_form));
    }
    if (!duplicate.empty()) throw ThresholdSyntaxError(prefix + "the tag `" + duplicate + "` is given twice");
    // Checks carry the `check` tag, nothing else does; iterations are only
    // counted per scenario.
    if (out.metric != Metric::checks && out.filter.contains("check")) {
        throw ThresholdSyntaxError(prefix + "only checks can be filtered by `check`");
    }
    if (out.metric == Metric::iterations &&
        std::any_of(out.filter.begin(), out.filter.end(), [](const auto& tag) { return tag.first != "scenario"; })) {
        throw ThresholdSyntaxError(prefix + "iterations can only be filtered by `scenario`");
    }
    return out;
}

core::Threshold parse_threshold_expression(std::string_view key, std::string_view expression) {
    const ThresholdKey parsed_key = parse_threshold_key(key);
    Threshold t;
    t.metric = parsed_key.metric;
    t.timing = parsed_key.timing;
    t.filter = parsed_key.filter;
    t.key = std::string(key);
    t.source = std::string(expression);
    const auto fail = [&](std::string_view detail) {
        return ThresholdSyntaxError("threshold `" + t.source + "` on " + t.key + ": " + std::string(detail));
    };

    const auto parts = split_expression(expression);
    if (!parts) throw fail(expected_form(t.metric));
    bool percentile_out_of_range = false;
    if (parts->aggregate.empty()) {
        if (t.metric != Metric::errors) throw fail(expected_form(t.metric));
        t.aggregate = Aggregate::rate;  // "<1%" on errors
    } else if (!read_aggregate(parts->aggregate, t, percentile_out_of_range)) {
        throw fail(expected_form(t.metric));
    }
    t.op = parts->op;
    const auto bound = read_bound(t.metric, t.aggregate, parts->value);
    if (!bound) throw fail(expected_form(t.metric));
    if (percentile_out_of_range) throw fail("the percentile in p(N) must be greater than 0 and at most 100");
    if (t.aggregate == Aggregate::rate && *bound > 1) {
        if (t.metric == Metric::errors) throw fail("an error rate must be from 0% to 100%, or a fraction from 0 to 1");
        if (t.metric == Metric::checks) throw fail("a pass rate must be from 0% to 100%, or a fraction from 0 to 1");
    }
    t.bound = *bound;
    return t;
}

}  // namespace throng::scenarios
