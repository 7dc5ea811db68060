#pragma once
// The "postgres" part of a scenario step: which statement(s) to run. Only the
// reading of the scenario lives here; the driver that runs them is elsewhere.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/step_spec.hpp"

namespace throng::targets::postgres {

// A value bound to $n, sent as text: a template, or SQL NULL.
struct SqlParam {
    core::Template text;
    bool null = false;
};

// One prepared statement: its text is constant (prepared once per
// connection), its parameters are rendered per execution.
struct SqlStatement {
    std::string name;  // a transaction's part name ("1", "update_account"); empty for a query
    std::string query;
    std::vector<SqlParam> params;
};

struct PostgresStepSpec final : core::StepSpec {
    enum class Kind { query, transaction, script };
    Kind kind = Kind::query;
    std::vector<SqlStatement> statements;  // query: one; transaction: in order
    std::string isolation;                 // transaction: "" (the server's default), "read committed", ...
    std::string script;                    // script: sent as it is, by the simple query protocol
    int pipeline = 0;                      // query: executions per round trip (pipeline mode); 0: off
    std::string target;                    // the named target, or empty

    std::string_view protocol() const override { return "postgres"; }
    std::string describe() const override;
    std::string_view target_name() const override { return target; }
    std::vector<std::string> parts() const override;  // a transaction's statements
};

// A target's PostgreSQL options.
struct PostgresTargetOptions final : core::TargetOptions {
    // The server cancels a statement running longer (SQLSTATE 57014). 0: the server's setting.
    std::chrono::nanoseconds statement_timeout{0};
    // Connections: 0 gives each VU its own; N > 0 shares N per worker thread
    // among its VUs (a VU waits for a free one).
    int pool = 0;
};

// {"query": "SELECT ... WHERE aid = $1", "params": ["${aid}"], "pipeline": 10, "target": "db"}
// {"transaction": [{"name": "debit", "query": "...", "params": [...]}, ...], "isolation": "serializable"}
// {"script": "CREATE TABLE ...; INSERT ...;"}
// Queries and scripts are constant text (${env.NAME} is resolved when loaded);
// values that vary go in `params` as templates.
// The reply facet checks and extractions read as "row_count": the rows a
// statement returned or affected (its command tag's count).
inline constexpr std::string_view row_count_facet = "row_count";

class PostgresStepParser final : public core::StepParser {
public:
    std::string_view key() const override { return "postgres"; }
    std::vector<std::string_view> url_forms() const override { return {"postgresql://", "postgres://"}; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node,
                                                core::StepParseContext& context) const override;
    // statement_timeout, pool
    std::shared_ptr<const core::TargetOptions> parse_target_options(
        core::ObjectReader& reader, const std::filesystem::path& base_dir) const override;
    std::vector<core::ReplyFacet> reply_facets() const override {
        return {{row_count_facet,
                 core::ReplyFacet::Kind::count,
                 {},
                 "the number of rows an SQL statement returned or affected"}};
    }
};

}  // namespace throng::targets::postgres
