#include "targets/drivers/postgres/pg_target.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

#include "harness/core/redact.hpp"
#include "targets/drivers/postgres/postgres_step.hpp"

namespace throng::targets::postgres {

namespace {

void add(TargetSettings& settings, std::string keyword, std::string value) {
    settings.keyword_texts.push_back(std::move(keyword));
    settings.value_texts.push_back(std::move(value));
}

}  // namespace

TargetSettings make_target_settings(const core::Target& target, std::size_t index) {
    TargetSettings settings;
    settings.index = index;
    settings.url = target.url;
    settings.shown_url = core::redact_password(target.url);
    settings.connect_timeout = target.connect_timeout.count();
    const auto& own = core::options_of<PostgresTargetOptions>(target);
    settings.pool = own.pool;
    settings.max_body = static_cast<std::size_t>(target.max_response_body);

    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(target.url.c_str(), &error),
                                                                        &PQconninfoFree);
    if (!parsed) {
        std::string why = error != nullptr ? error : "out of memory";
        PQfreemem(error);
        while (!why.empty() && why.back() == '\n') why.pop_back();
        throw std::runtime_error("target `" + settings.shown_url + "`: " + core::without_passwords(why, target.url));
    }
    std::string options;
    for (const PQconninfoOption* option = parsed.get(); option->keyword != nullptr; ++option) {
        if (std::string_view(option->keyword) == "options" && option->val != nullptr) options = option->val;
    }

    add(settings, "fallback_application_name", "throng");
    add(settings, "client_encoding", "UTF8");
    add(settings, "dbname", target.url);
    if (own.statement_timeout.count() > 0) {
        const auto ms = (own.statement_timeout.count() + 999'999) / 1'000'000;
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
