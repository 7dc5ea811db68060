#include "targets/drivers/http/har_import.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/ascii.hpp"
#include "harness/core/template.hpp"
#include "harness/core/url.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::targets::http {

using nlohmann::json;

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = core::to_lower_ascii(c);
    return out;
}

// Headers throng writes itself, or that would be wrong to replay.
bool managed_header(const std::string& name) {
    static constexpr std::string_view managed[] = {
        "host",   "content-length",    "connection", "keep-alive", "accept-encoding",
        "cookie", "transfer-encoding", "te",         "upgrade",    "proxy-connection"};
    if (name.empty() || name.front() == ':') return true;  // ':' HTTP/2 pseudo-headers
    return std::any_of(std::begin(managed), std::end(managed),
                       [&](std::string_view m) { return core::iequals_ascii(name, m); });
}

bool is_static(const std::string& path, const json& response) {
    const std::string p = lower(path.substr(0, path.find('?')));
    for (const char* ext : {".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico",
                            ".woff", ".woff2", ".ttf", ".otf", ".eot"})
        if (p.ends_with(ext)) return true;
    const std::string type = lower(response.value("content", json::object()).value("mimeType", ""));
    return type.starts_with("image/") || type.starts_with("font/") || type.starts_with("text/css") ||
           type.find("javascript") != std::string::npos;
}

// "2026-12-07T10:00:00.123Z" or "...+01:00" -> milliseconds since the epoch.
std::optional<std::int64_t> epoch_ms(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
    double s = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6 || mo < 1 ||
        mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || !(s >= 0 && s < 61))
        return std::nullopt;
    // Howard Hinnant's days_from_civil.
    const int yy = y - (mo <= 2);
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
    std::int64_t ms = ((days * 24 + h) * 60 + mi) * 60000 + std::llround(s * 1000);
    const std::string zone = text.substr(static_cast<std::size_t>(consumed));
    int zh = 0, zm = 0;
    if ((zone.starts_with('+') || zone.starts_with('-')) && std::sscanf(zone.c_str() + 1, "%2d:%2d", &zh, &zm) == 2)
        ms -= (zone.front() == '+' ? 1 : -1) * static_cast<std::int64_t>(zh * 60 + zm) * 60000;
    return ms;
}

// A target name from a host: what target names may hold.
std::string target_name(const std::string& host) {
    std::string out;
    for (const char c : host) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ? c : '-';
    return out.empty() || out == "default" ? "site" : out;
}

// A variable name from a JSON key: [A-Za-z_][A-Za-z0-9_]*, and none that
// a template reads as something else (${vu}, ${env.X}).
std::string variable_name(const std::string& key) {
    std::string out;
    for (const char c : key) out += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
    const bool taken = out == "vu" || out == "iteration" || out == "scenario" || out == "env";
    if (out.empty() || taken || std::isdigit(static_cast<unsigned char>(out.front())) != 0) out.insert(0, "v_");
    return out;
}

// A value worth correlating: long enough, and looking like an id or token.
bool token_like(const std::string& value) {
    if (value.size() < 8 || value.size() > 4096) return false;
    bool letter = false, digit = false;
    for (const char c : value) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == '$' || c == '{' || c == '}') return false;
        letter = letter || std::isalpha(static_cast<unsigned char>(c));
        digit = digit || std::isdigit(static_cast<unsigned char>(c));
    }
    return letter && digit;
}

struct Candidate {
    std::string pointer;
    std::string key;
    int count = 0;  // places it appears in its response
};

void collect(const json& node, const std::string& pointer, const std::string& key,
             std::map<std::string, Candidate>& out) {
    if (node.is_string()) {
        const std::string& value = node.get_ref<const std::string&>();
        if (!token_like(value)) return;
        Candidate& c = out[value];
        if (c.count++ == 0) c = {pointer, key, 1};
    } else if (node.is_object()) {
        for (const auto& [k, v] : node.items()) {
            std::string escaped;
            for (const char c : k) escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
            collect(v, pointer + "/" + escaped, k, out);
        }
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) collect(node[i], pointer + "/" + std::to_string(i), key, out);
    }
}

struct Request {
    std::string origin;
    std::string path;
    std::string method;
    std::vector<std::pair<std::string, std::string>> headers;  // kept ones, as recorded
    std::string body;
    bool has_body = false;
    std::optional<std::int64_t> start_ms;
    double time_ms = 0;
    json response;
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

HarImport import_entries(const json& har, const HarImportOptions& options) {
    if (!har.is_object() || !har.contains("log") || !har["log"].is_object() || !har["log"].contains("entries") ||
        !har["log"]["entries"].is_array())
        throw std::invalid_argument("not a HAR file: expected {\"log\": {\"entries\": [...]}}");
    HarImport out;
    std::vector<Request> requests;
    std::map<std::string, bool> origins;  // origin -> asked for compression
    std::size_t skipped_static = 0, skipped_other = 0, cut_pauses = 0;
    constexpr double max_think_ms = 60'000;
    bool cookies = false;
    for (const json& entry : har["log"]["entries"]) {
        const json& req = entry.value("request", json::object());
        const std::string url = req.value("url", "");
        std::string why;
        const auto parsed = core::parse_url(url, &why);
        if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) {
            ++skipped_other;  // data:, ws:, chrome-extension:, ...
            continue;
        }
        Request r;
        r.origin = parsed->scheme + "://" + (parsed->ipv6 ? "[" + parsed->host + "]" : parsed->host) +
                   (parsed->has_port ? ":" + std::to_string(parsed->port) : "");
        r.path = (parsed->path.empty() ? "/" : parsed->path) + (parsed->has_query ? "?" + parsed->query : "");
        r.response = entry.value("response", json::object());
        if (options.skip_static && is_static(r.path, r.response)) {
            ++skipped_static;
            continue;
        }
        r.method = req.value("method", "GET");
        if (!is_http_token(r.method)) {
            ++skipped_other;
            continue;
        }
        bool compression = false;
        for (const json& h : req.value("headers", json::array())) {
            const std::string name = h.value("name", ""), value = h.value("value", "");
            if (core::iequals_ascii(name, "cookie")) cookies = true;
            if (core::iequals_ascii(name, "accept-encoding")) compression = value.find("gzip") != std::string::npos;
            if (!managed_header(name) && is_http_token(name)) r.headers.emplace_back(name, value);
        }
        origins[r.origin] = origins[r.origin] || compression;
        const json& post = req.value("postData", json::object());
        if (post.contains("text") && post["text"].is_string() && !post["text"].get<std::string>().empty()) {
            r.body = post["text"].get<std::string>();
            r.has_body = true;
        }
        r.start_ms = epoch_ms(entry.value("startedDateTime", ""));
        r.time_ms = entry.value("time", 0.0);
        requests.push_back(std::move(r));
    }
    if (requests.empty()) throw std::invalid_argument("the HAR file has no http or https request to import");

    // Targets: one per origin, named after its host.
    std::map<std::string, std::string> target_of;
    json targets = json::object();
    std::set<std::string> used_names;
    for (const auto& [origin, compression] : origins) {
        const auto host = core::parse_url(origin);
        std::string name = target_name(host ? host->host : origin);
        for (int n = 2; used_names.count(name) != 0; ++n)
            name = target_name(host ? host->host : origin) + "-" + std::to_string(n);
        used_names.insert(name);
        target_of[origin] = name;
        targets[name] = compression ? json{{"url", origin}, {"compression", true}} : json(origin);
    }

    // Steps, with their text escaped (a recorded "${" is not a placeholder).
    json steps = json::array();
    std::map<std::string, int> names;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const Request& r = requests[i];
        json http = {{"method", r.method}, {"path", core::Template::escaped(r.path)}};
        json headers = json::object();
        for (const auto& [name, value] : r.headers) {
            const std::string text = core::Template::escaped(value);
            headers[name] = headers.contains(name) ? headers[name].get<std::string>() + ", " + text : text;
        }
        if (!headers.empty()) http["headers"] = headers;
        if (r.has_body) {
            const std::string body = core::Template::escaped(r.body);
            http["body"] = body.starts_with('@') ? "@" + body : body;
        }
        if (origins.size() > 1) http["target"] = target_of[r.origin];
        std::string name = r.method + " " + r.path.substr(0, r.path.find('?')).substr(0, 60);
        if (const int seen = names[name]++; seen > 0) name += " (" + std::to_string(seen + 1) + ")";
        json step = {{"name", name}, {"http", http}};
        // The recorded pause before the next request; a longer one than a
        // user thinks (a tab left open) is cut.
        if (i + 1 < requests.size() && r.start_ms && requests[i + 1].start_ms) {
            const double gap = static_cast<double>(*requests[i + 1].start_ms - *r.start_ms) - r.time_ms;
            if (gap > max_think_ms) ++cut_pauses;
            if (gap >= 1) step["think_time"] = std::to_string(std::llround(std::min(gap, max_think_ms))) + "ms";
        }
        steps.push_back(std::move(step));
    }

    // Correlation: a token-like value a JSON response gave, in one place,
    // that no earlier request sent and a later one does, is extracted from
    // that response and sent back as a variable.
    std::set<std::string> variables;
    std::set<std::string> sent_before;
    const auto request_text = [](const json& step) { return step["http"].dump(); };
    for (std::size_t i = 0; i < requests.size(); ++i) {
        sent_before.insert(request_text(steps[i]));
        const json& content = requests[i].response.value("content", json::object());
        if (content.value("mimeType", "").find("json") == std::string::npos ||
            content.value("encoding", "") == "base64")
            continue;
        const json body = json::parse(content.value("text", ""), nullptr, false);
        if (body.is_discarded()) continue;
        std::map<std::string, Candidate> candidates;
        collect(body, "", "value", candidates);
        for (const auto& entry : candidates) {
            const std::string& value = entry.first;
            const Candidate& candidate = entry.second;
            if (candidate.count != 1) continue;  // ambiguous: which place would it come from?
            const bool sent_earlier = std::any_of(sent_before.begin(), sent_before.end(), [&](const std::string& text) {
                return text.find(value) != std::string::npos;
            });
            if (sent_earlier) continue;
            bool used = false;
            for (std::size_t j = i + 1; j < requests.size(); ++j)
                used = used || request_text(steps[j]).find(value) != std::string::npos;
            if (!used) continue;
            std::string var = variable_name(candidate.key);
            for (int n = 2; variables.count(var) != 0; ++n)
                var = variable_name(candidate.key) + "_" + std::to_string(n);
            variables.insert(var);
            steps[i]["extract"][var] = {{"json", candidate.pointer}};
            for (std::size_t j = i + 1; j < requests.size(); ++j) {
                json& http = steps[j]["http"];
                http["path"] = replace_all(http["path"].get<std::string>(), value, "${" + var + "}");
                if (http.contains("body"))
                    http["body"] = replace_all(http["body"].get<std::string>(), value, "${" + var + "}");
                if (http.contains("headers"))
                    for (auto& [hname, hvalue] : http["headers"].items())
                        hvalue = replace_all(hvalue.get<std::string>(), value, "${" + var + "}");
            }
        }
    }

    json scenario = {{"name", options.name}, {"description", "recorded in a browser, imported by throng import har"}};
    if (origins.size() == 1)
        scenario["target"] = targets.begin().value();
    else
        scenario["targets"] = targets;
    scenario["executor"] = {{"type", "constant-vus"}, {"vus", 1}, {"duration", "1m"}, {"iterations", 1}};
    scenario["steps"] = steps;
    out.scenario = std::move(scenario);
    if (cookies)
        out.warnings.push_back(
            "the recording sent Cookie headers; they are left out: each VU's cookie jar sends what "
            "the responses set. A cookie set before the recording began, or by a script, is missing: "
            "give it with a step's `cookies`");
    if (cut_pauses > 0)
        out.warnings.push_back("cut " + std::to_string(cut_pauses) + " recorded pause(s) longer than 60 s to 60 s");
    if (skipped_static > 0) out.warnings.push_back("left out " + std::to_string(skipped_static) + " static assets");
    if (skipped_other > 0)
        out.warnings.push_back("left out " + std::to_string(skipped_other) +
                               " requests that are not http or https, or have no valid method");
    if (!variables.empty())
        out.warnings.push_back("correlated " + std::to_string(variables.size()) +
                               " value(s) from responses into later requests: see each step's `extract`");
    return out;
}

}  // namespace

HarImport import_har(const json& har, const HarImportOptions& options) {
    try {
        return import_entries(har, options);
    } catch (const json::exception& e) {  // a member of the wrong type
        throw std::invalid_argument(std::string("not a HAR file as expected: ") + e.what());
    }
}

}  // namespace throng::targets::http
