#include "targets/drivers/postgres/postgres_step.hpp"

#include <algorithm>
#include <optional>

#include "harness/core/object_reader.hpp"
#include "targets/drivers/postgres/sql_placeholders.hpp"

namespace throng::targets::postgres {

namespace {

using core::json::Value;

constexpr std::string_view what = "postgres step";
constexpr std::size_t max_statements = 1000;
constexpr std::size_t described_length = 60;

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// SQL text sent as it is: ${env.NAME} is resolved now, anything that would
// vary per request is refused (a query is prepared once per connection).
std::optional<std::string> constant_sql(const Value& at, const std::string& label, std::string_view why,
                                        core::StepParseContext& context) {
    auto& diags = context.diagnostics();
    if (!at.is_string()) {
        diags.error(at, label + " must be a string of SQL, got " + std::string(at.kind_name()));
        return std::nullopt;
    }
    try {
        const core::Template text = core::Template::parse(at.as_string(), context.env());
        if (!text.is_constant()) {
            diags.error(at, label + " cannot hold ${...} placeholders " + std::string(why) +
                                " (only ${env.NAME} is allowed, resolved when the scenario is loaded; $${ is a "
                                "literal ${)");
            return std::nullopt;
        }
        std::string sql = text.render(core::TemplateScope{});
        if (sql.find_first_not_of(" \t\r\n") == std::string::npos) {
            diags.error(at, label + " must not be empty");
            return std::nullopt;
        }
        return sql;
    } catch (const core::TemplateError& e) {
        diags.error(at, label + ": " + e.what());
        return std::nullopt;
    }
}

// [..] of values for $1, $2, ...: strings are templates, numbers and booleans
// their JSON text, null is SQL NULL.
std::optional<std::vector<SqlParam>> read_params(const Value& node, const std::string& label,
                                                 core::StepParseContext& context) {
    auto& diags = context.diagnostics();
    if (!node.is_array()) {
        diags.error(node, label + " must be an array of values for $1, $2, ..., got " + core::describe_value(node));
        return std::nullopt;
    }
    std::vector<SqlParam> params;
    bool ok = true;
    for (std::size_t i = 0; i < node.items().size(); ++i) {
        const Value& item = node.items()[i];
        SqlParam param;
        if (item.is_string()) {
            auto compiled = context.compile(item, item.as_string());
            if (!compiled) {
                ok = false;
                continue;
            }
            param.text = std::move(*compiled);
        } else if (item.is_number() || item.is_bool()) {
            param.text = core::Template::parse(item.dump(), context.env());
        } else if (item.is_null()) {
            param.null = true;
        } else {
            diags.error(item, label + " must hold strings, numbers, booleans or null, got " +
                                  std::string(item.kind_name()) + " for $" + std::to_string(i + 1));
            ok = false;
            continue;
        }
        params.push_back(std::move(param));
    }
    if (!ok) return std::nullopt;
    return params;
}

// `query` and `params` of a query step or of a transaction's statement; the
// number of params must match the placeholders the query uses.
std::optional<SqlStatement> read_statement(core::ObjectReader& reader, core::StepParseContext& context) {
    const std::string in = " in " + reader.what();
    const Value* query_at = reader.require("query");
    const Value* params_at = reader.get("params");
    std::optional<std::string> query;
    if (query_at != nullptr) {
        query = constant_sql(*query_at, "`query`" + in,
                             "(it is prepared once per connection: pass values in "
                             "`params` as $1, $2, ...)",
                             context);
    }
    std::optional<std::vector<SqlParam>> params = std::vector<SqlParam>{};
    if (params_at != nullptr) params = read_params(*params_at, "`params`" + in, context);
    if (!query || !params) return std::nullopt;
    const auto used = static_cast<std::size_t>(highest_placeholder(*query));
    if (used != params->size()) {
        const std::string uses = used == 0 ? "uses no $n placeholder" : "uses $" + std::to_string(used);
        if (params_at == nullptr) {
            context.diagnostics().error(*query_at, "`query`" + in + " " + uses + " but there are no `params`");
        } else {
            context.diagnostics().error(
                *params_at, "`params`" + in + " has " + plural(params->size(), "value") + " but the query " + uses);
        }
        return std::nullopt;
    }
    SqlStatement statement;
    statement.query = std::move(*query);
    statement.params = std::move(*params);
    return statement;
}

void read_transaction(const Value& node, core::StepParseContext& context, PostgresStepSpec& spec) {
    auto& diags = context.diagnostics();
    if (!node.is_array() || node.items().empty() || node.items().size() > max_statements) {
        diags.error(node, "`transaction` in postgres step must be an array of 1 to " + std::to_string(max_statements) +
                              " statements like {\"name\": \"debit\", \"query\": \"UPDATE ...\", \"params\": [...]}, "
                              "got " +
                              core::describe_value(node));
        return;
    }
    std::vector<SqlStatement> statements;
    for (std::size_t i = 0; i < node.items().size(); ++i) {
        const Value& item = node.items()[i];
        core::ObjectReader reader(item, diags, "statement " + std::to_string(i + 1) + " of `transaction`");
        if (!reader.valid()) continue;
        std::string name = std::to_string(i + 1);
        const Value* name_at = reader.get("name");
        if (const auto given = reader.string("name")) {
            if (given->empty() || given->find_first_of(" \t\r\n") != std::string::npos) {
                diags.error(*name_at,
                            "`name` in " + reader.what() + " must be a word without spaces, got \"" + *given + "\"");
            } else {
                name = *given;
            }
        }
        auto statement = read_statement(reader, context);
        reader.finish();
        if (!statement) continue;
        const bool taken =
            std::any_of(statements.begin(), statements.end(), [&](const SqlStatement& s) { return s.name == name; });
        if (taken) {
            diags.error(name_at != nullptr ? *name_at : item,
                        "statement name `" + name + "` is used twice in `transaction` (names default to 1, 2, ...)");
            continue;
        }
        statement->name = std::move(name);
        statements.push_back(std::move(*statement));
    }
    spec.statements = std::move(statements);
}

// Exactly one of the three kinds of step.
std::optional<PostgresStepSpec::Kind> read_kind(core::ObjectReader& reader) {
    const bool query = reader.get("query") != nullptr;
    const bool transaction = reader.get("transaction") != nullptr;
    const bool script = reader.get("script") != nullptr;
    const int given = int{query} + int{transaction} + int{script};
    if (given == 1) {
        if (query) return PostgresStepSpec::Kind::query;
        return transaction ? PostgresStepSpec::Kind::transaction : PostgresStepSpec::Kind::script;
    }
    reader.diagnostics().error(reader.value(), std::string("postgres step must have ") +
                                                   (given == 0 ? "one" : "only one") +
                                                   " of `query`, `transaction` or `script`");
    for (const auto key : {"params", "pipeline", "isolation"}) reader.allow(key);  // no noise about them
    return std::nullopt;
}

std::string collapsed_spaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> PostgresStepSpec::parts() const {
    std::vector<std::string> names;
    if (kind != Kind::transaction) return names;
    for (const SqlStatement& statement : statements) names.push_back(statement.name);
    return names;
}

std::string PostgresStepSpec::describe() const {
    switch (kind) {
    case Kind::transaction: return "transaction (" + plural(statements.size(), "statement") + ")";
    case Kind::script: return "script";
    case Kind::query: break;
    }
    std::string text = statements.empty() ? std::string() : collapsed_spaces(statements[0].query);
    if (text.size() > described_length) {
        text.resize(described_length - 3);
        text.append("...");
    }
    return text;
}

std::shared_ptr<const core::StepSpec> PostgresStepParser::parse(const Value& node,
                                                                core::StepParseContext& context) const {
    auto& diags = context.diagnostics();
    const std::size_t errors_before = diags.list().size();
    core::ObjectReader reader(node, diags, std::string(what));
    if (!reader.valid()) return nullptr;
    auto spec = std::make_shared<PostgresStepSpec>();
    const auto kind = read_kind(reader);
    if (kind) spec->kind = *kind;
    if (kind == PostgresStepSpec::Kind::query) {
        if (auto statement = read_statement(reader, context)) spec->statements.push_back(std::move(*statement));
        if (const auto pipeline = reader.integer("pipeline", 1, 1000)) spec->pipeline = static_cast<int>(*pipeline);
    } else if (kind) {
        const std::string used_by = "is used only with `query`";
        reader.reject("params",
                      "`params` in postgres step " + used_by + " (a transaction's statements have their own)");
        reader.reject("pipeline", "`pipeline` in postgres step " + used_by);
    }
    if (kind == PostgresStepSpec::Kind::transaction) {
        read_transaction(*reader.get("transaction"), context, *spec);
        if (auto isolation = reader.choice("isolation", {"read committed", "repeatable read", "serializable"}))
            spec->isolation = std::move(*isolation);
    } else if (kind) {
        reader.reject("isolation", "`isolation` in postgres step is used only with `transaction`");
    }
    if (kind == PostgresStepSpec::Kind::script) {
        const Value& at = *reader.get("script");
        if (auto script = constant_sql(at, "`script` in postgres step", "(it is sent as it is)", context))
            spec->script = std::move(*script);
    }
    if (const auto target = reader.string("target")) {
        if (target->empty())
            diags.error(*reader.get("target"), "`target` in postgres step must name a target, got \"\"");
        spec->target = *target;
    }
    reader.finish();
    if (diags.list().size() != errors_before) return nullptr;
    return spec;
}

}  // namespace throng::targets::postgres

namespace throng::targets::postgres {

std::shared_ptr<const core::TargetOptions> PostgresStepParser::parse_target_options(
    core::ObjectReader& reader, const std::filesystem::path& /*base_dir*/) const {
    auto options = std::make_shared<PostgresTargetOptions>();
    if (auto timeout = reader.duration("statement_timeout")) options->statement_timeout = *timeout;
    if (auto pool = reader.integer("pool", 0, 10'000)) options->pool = static_cast<int>(*pool);
    return options;
}

}  // namespace throng::targets::postgres
