#include "targets/drivers/postgres/pg_target.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

namespace throng::targets::postgres {

namespace {

constexpr std::string_view hidden = "***";

// Where the secrets are in a URL: the password of user:password@, and the
// values of password= in the query string.
struct Span {
    std::size_t begin = 0, end = 0;
};

std::vector<Span> password_spans(std::string_view url) {
    std::vector<Span> spans;
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return spans;
    const std::size_t authority = scheme + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?", authority), url.size());
    const std::string_view hosts = url.substr(authority, authority_end - authority);
    if (const auto at = hosts.rfind('@'); at != std::string_view::npos) {
        if (const auto colon = hosts.find(':'); colon < at) spans.push_back({authority + colon + 1, authority + at});
    }
    const auto query = url.find('?', authority);
    if (query == std::string_view::npos) return spans;
    std::size_t i = query + 1;
    while (i < url.size()) {
        const std::size_t end = std::min(url.find('&', i), url.size());
        const std::string_view pair = url.substr(i, end - i);
        if (pair.starts_with("password=")) spans.push_back({i + 9, end});
        i = end + 1;
    }
    return spans;
}

// libpq may quote parts of the URL in its messages: never the password.
std::string without_passwords(std::string message, std::string_view url) {
    for (const Span& span : password_spans(url)) {
        const std::string_view secret = url.substr(span.begin, span.end - span.begin);
        if (secret.empty()) continue;
        for (auto at = message.find(secret); at != std::string::npos; at = message.find(secret, at + hidden.size()))
            message.replace(at, secret.size(), hidden);
    }
    return message;
}

void add(TargetSettings& settings, std::string keyword, std::string value) {
    settings.keyword_texts.push_back(std::move(keyword));
    settings.value_texts.push_back(std::move(value));
}

}  // namespace

std::string hide_password(std::string_view url) {
    std::string out;
    std::size_t copied = 0;
    for (const Span& span : password_spans(url)) {
        out.append(url.substr(copied, span.begin - copied));
        out.append(hidden);
        copied = span.end;
    }
    out.append(url.substr(copied));
    return out;
}

TargetSettings make_target_settings(const core::Target& target, std::size_t index) {
    TargetSettings settings;
    settings.index = index;
    settings.url = target.url;
    settings.shown_url = hide_password(target.url);
    settings.connect_timeout = target.connect_timeout.count();
    settings.pool = target.pool;
    settings.max_body = static_cast<std::size_t>(target.max_response_body);

    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(target.url.c_str(), &error),
                                                                         &PQconninfoFree);
    if (!parsed) {
        std::string why = error != nullptr ? error : "out of memory";
        PQfreemem(error);
        while (!why.empty() && why.back() == '\n') why.pop_back();
        throw std::runtime_error("target `" + settings.shown_url + "`: " + without_passwords(why, target.url));
    }
    std::string options;
    for (const PQconninfoOption* option = parsed.get(); option->keyword != nullptr; ++option) {
        if (std::string_view(option->keyword) == "options" && option->val != nullptr) options = option->val;
    }

    add(settings, "fallback_application_name", "throng");
    add(settings, "client_encoding", "UTF8");
    add(settings, "dbname", target.url);
    if (target.statement_timeout.count() > 0) {
        const auto ms = (target.statement_timeout.count() + 999'999) / 1'000'000;
        if (!options.empty()) options += ' ';
        options += "-c statement_timeout=" + std::to_string(ms);
        add(settings, "options", options);
    }
    for (std::size_t i = 0; i < settings.keyword_texts.size(); ++i) {
        settings.keywords.push_back(settings.keyword_texts[i].c_str());
        settings.values.push_back(settings.value_texts[i].c_str());
    }
    settings.keywords.push_back(nullptr);
    settings.values.push_back(nullptr);
    return settings;
}

}  // namespace throng::targets::postgres
