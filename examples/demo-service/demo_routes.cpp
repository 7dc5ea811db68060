#include "examples/demo-service/demo_routes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

namespace throng::demo::detail {
namespace {

using boost::beast::http::verb;
using std::chrono::microseconds;

constexpr std::uint64_t max_delay_ms = 60'000;
constexpr microseconds default_slow = std::chrono::milliseconds(1'000);
constexpr std::size_t max_id_digits = 19;  // every 19-digit number fits in 64 bits

constexpr std::string_view application_json = "application/json";

Reply text(unsigned status, std::string_view body, Counter counter) {
    Reply reply;
    reply.status = status;
    reply.body = body;
    reply.counter = counter;
    return reply;
}

Reply json(unsigned status, std::string_view body, Counter counter) {
    Reply reply = text(status, body, counter);
    reply.content_type = application_json;
    return reply;
}

// HEAD is answered like GET; the connection leaves the body out.
bool is_get(verb method) { return method == verb::get || method == verb::head; }

constexpr std::string_view get_methods = "GET, HEAD";

Reply method_not_allowed(std::string_view allow, Counter counter) {
    Reply reply = text(405, "method not allowed\n", counter);
    reply.allow = allow;
    return reply;
}

// Splits "/path?query" at the first '?'.
std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
    const auto question = target.find('?');
    if (question == std::string_view::npos) return {target, {}};
    return {target.substr(0, question), target.substr(question + 1)};
}

// The value of `name` in "a=1&b=2", if present (empty for a bare "a").
std::optional<std::string_view> query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto equals = pair.find('=');
        if (pair.substr(0, equals) == name)
            return equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

// Parses the whole of `text` as a number, or nothing.
template <class Number>
std::optional<Number> parse_number(std::string_view text) {
    Number value{};
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || stop != end) return std::nullopt;
    return value;
}

// A delay parameter: whole milliseconds in 0..60000.
std::optional<microseconds> parse_delay(std::string_view text) {
    const auto ms = parse_number<std::uint64_t>(text);
    if (!ms || *ms > max_delay_ms) return std::nullopt;
    return microseconds(*ms * 1000);
}

microseconds from_ms(double ms) { return microseconds(std::llround(ms * 1000.0)); }

microseconds item_latency(const DemoConfig& config, std::mt19937_64& rng) {
    if (config.item_median_ms <= 0.0) return microseconds(0);
    double ms = config.item_median_ms;
    if (config.item_sigma > 0.0)
        ms = std::lognormal_distribution<double>(std::log(config.item_median_ms), config.item_sigma)(rng);
    return from_ms(std::min(ms, config.item_max_ms) * (1.0 + config.extra_latency));
}

void append_number(std::string& out, std::uint64_t value) {
    char digits[20];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end);
}

// {"id":ID,"name":"item-ID","price":P}, with a price that depends only on the id.
void write_item_json(std::string& out, std::uint64_t id) {
    const std::uint64_t cents = 100 + (id * 2654435761ULL) % 99'900;  // 1.00 .. 999.99
    out.clear();
    out += R"({"id":)";
    append_number(out, id);
    out += R"(,"name":"item-)";
    append_number(out, id);
    out += R"(","price":)";
    append_number(out, cents / 100);
    out += '.';
    out += static_cast<char>('0' + cents % 100 / 10);
    out += static_cast<char>('0' + cents % 10);
    out += '}';
}

Reply health(const RouteRequest& request) {
    if (!is_get(request.method)) return method_not_allowed(get_methods, Counter::health);
    return text(200, "ok\n", Counter::health);
}

Reply item(const RouteRequest& request, std::string_view id_text, std::string_view query, const DemoConfig& config,
           std::mt19937_64& rng, std::string& scratch) {
    if (!is_get(request.method)) return method_not_allowed(get_methods, Counter::items);
    const bool all_digits = std::all_of(id_text.begin(), id_text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (id_text.empty() || id_text.size() > max_id_digits || !all_digits)
        return text(400, "bad item id: expected 1 to 19 digits\n", Counter::items);

    microseconds delay;
    if (const auto value = query_value(query, "delay_ms")) {
        const auto parsed = parse_delay(*value);
        if (!parsed) return text(400, "bad delay_ms: expected 0..60000\n", Counter::items);
        delay = *parsed;
    } else {
        delay = item_latency(config, rng);
    }

    write_item_json(scratch, *parse_number<std::uint64_t>(id_text));
    Reply reply = json(200, scratch, Counter::items);
    reply.delay = delay;
    return reply;
}

Reply flaky(const RouteRequest& request, std::string_view query, const DemoConfig& config, std::mt19937_64& rng) {
    if (!is_get(request.method)) return method_not_allowed(get_methods, Counter::flaky);
    double error_rate = config.flaky_error_rate;
    if (const auto value = query_value(query, "error_rate")) {
        const auto parsed = parse_number<double>(*value);
        if (!parsed || !(*parsed >= 0.0 && *parsed <= 1.0))
            return text(400, "bad error_rate: expected 0..1\n", Counter::flaky);
        error_rate = *parsed;
    }
    if (std::uniform_real_distribution<double>(0.0, 1.0)(rng) < error_rate) {
        Reply reply = json(500, R"({"error":"injected failure"})", Counter::flaky);
        reply.injected_failure = true;
        return reply;
    }
    return json(200, R"({"ok":true})", Counter::flaky);
}

Reply slow(const RouteRequest& request, std::string_view query) {
    if (!is_get(request.method)) return method_not_allowed(get_methods, Counter::slow);
    Reply reply = text(200, "slow\n", Counter::slow);
    reply.delay = default_slow;
    if (const auto value = query_value(query, "ms")) {
        const auto parsed = parse_delay(*value);
        if (!parsed) return text(400, "bad ms: expected 0..60000\n", Counter::slow);
        reply.delay = *parsed;
    }
    return reply;
}

Reply echo(const RouteRequest& request) {
    if (request.method != verb::post) return method_not_allowed("POST", Counter::echo);
    Reply reply = text(200, request.body, Counter::echo);
    reply.content_type =
        request.content_type.empty() ? std::string_view("application/octet-stream") : request.content_type;
    return reply;
}

// The text of `"key": "VALUE"` in a small JSON object (no escapes), or "".
std::string_view string_member(std::string_view body, std::string_view key) {
    const std::string quoted = "\"" + std::string(key) + "\"";
    auto at = body.find(quoted);
    if (at == std::string_view::npos) return {};
    at = body.find_first_not_of(" \t\r\n", at + quoted.size());
    if (at == std::string_view::npos || body[at] != ':') return {};
    at = body.find_first_not_of(" \t\r\n", at + 1);
    if (at == std::string_view::npos || body[at] != '"') return {};
    const auto end = body.find('"', at + 1);
    return end == std::string_view::npos ? std::string_view{} : body.substr(at + 1, end - at - 1);
}

bool plain_name(std::string_view name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

// POST /login {"user":"NAME"} -> {"token":"t-NAME"}: just enough of a log-in
// for scenarios to show correlation (the token goes into later requests).
Reply login(const RouteRequest& request, std::string& scratch) {
    if (request.method != verb::post) return method_not_allowed("POST", Counter::login);
    const auto user = string_member(request.body, "user");
    if (!plain_name(user))
        return json(400, R"({"error":"expected {\"user\":\"NAME\"} with NAME of [A-Za-z0-9_-]{1,64}"})",
                    Counter::login);
    scratch = R"({"token":"t-)";
    scratch += user;
    scratch += R"("})";
    return json(200, scratch, Counter::login);
}

// GET /me with "Authorization: Bearer t-NAME" -> {"user":"NAME"}; 401 otherwise.
Reply me(const RouteRequest& request, std::string& scratch) {
    if (!is_get(request.method)) return method_not_allowed(get_methods, Counter::me);
    constexpr std::string_view prefix = "Bearer t-";
    const auto name =
        request.authorization.starts_with(prefix) ? request.authorization.substr(prefix.size()) : std::string_view{};
    if (!plain_name(name)) return json(401, R"({"error":"missing or bad bearer token"})", Counter::me);
    scratch = R"({"user":")";
    scratch += name;
    scratch += R"("})";
    return json(200, scratch, Counter::me);
}

}  // namespace

Reply route(const RouteRequest& request, const DemoConfig& config, std::mt19937_64& rng, std::string& scratch) {
    const auto [path, query] = split_target(request.target);
    constexpr std::string_view items_prefix = "/items/";
    if (path == "/health") return health(request);
    if (path.starts_with(items_prefix))
        return item(request, path.substr(items_prefix.size()), query, config, rng, scratch);
    if (path == "/flaky") return flaky(request, query, config, rng);
    if (path == "/slow") return slow(request, query);
    if (path == "/echo") return echo(request);
    if (path == "/login") return login(request, scratch);
    if (path == "/me") return me(request, scratch);
    return text(404, "not found\n", Counter::not_found);
}

Reply reject(unsigned status) {
    switch (status) {
    case 413: return text(413, "request body too large (limit 1 MiB)\n", Counter::malformed);
    case 431: return text(431, "request header fields too large\n", Counter::malformed);
    default: return text(400, "malformed request\n", Counter::malformed);
    }
}

}  // namespace throng::demo::detail
