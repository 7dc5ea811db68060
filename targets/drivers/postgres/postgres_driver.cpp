#include "targets/drivers/postgres/postgres_driver.hpp"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "targets/drivers/per_thread.hpp"
#include "targets/drivers/postgres/pg_pool.hpp"
#include "targets/drivers/postgres/pg_prepared.hpp"
#include "targets/drivers/postgres/pg_session.hpp"
#include "targets/drivers/postgres/postgres_step.hpp"

namespace throng::targets::postgres {

namespace {

constexpr auto default_step_timeout = std::chrono::seconds(10);

std::string begin_statement(const std::string& isolation) {
    if (isolation.empty()) return "BEGIN";
    std::string out = "BEGIN ISOLATION LEVEL ";
    for (const char c : isolation) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return out;
}

class PostgresDriver final : public engine::Driver {
public:
    std::string_view protocol() const override { return "postgres"; }
    bool serves(const core::Target& target) const override {
        return target.url.starts_with("postgresql://") || target.url.starts_with("postgres://");
    }

    std::unique_ptr<engine::PreparedStep> prepare(const core::Step& plan_step, const core::Target& target,
                                                  const core::ReplyNeeds& needs) override {
        auto spec = std::dynamic_pointer_cast<const PostgresStepSpec>(plan_step.spec);
        if (!spec) throw std::logic_error("postgres driver given a step of another protocol");
        auto prepared = std::make_unique<PreparedPgStep>();
        prepared->spec = spec;
        prepared->target = settings_for(target);
        prepared->keep_body = needs.body;
        prepared->timeout = plan_step.timeout.value_or(default_step_timeout).count();
        prepared->begin = begin_statement(spec->isolation);
        for (const SqlStatement& sql : spec->statements) {
            PreparedStatement statement;
            statement.id = next_statement_++;
            statement.server_name = "throng_" + std::to_string(statement.id);
            statement.sql = &sql;
            for (const SqlParam& param : sql.params) {
                const bool constant = param.null || param.text.is_constant();
                statement.constant.push_back(constant);
                statement.constant_values.push_back(constant ? param.text.render(core::TemplateScope{}) : "");
            }
            prepared->statements.push_back(std::move(statement));
        }
        return prepared;
    }

    std::unique_ptr<engine::Session> open_session(const engine::SessionContext& context) override {
        return std::make_unique<PostgresSession>(context, threads_.get(context.executor));
    }

private:
    // One settings object per target, so that a session finds its
    // connection to it by index.
    std::shared_ptr<const TargetSettings> settings_for(const core::Target& target) {
        const std::string key = target.name + '\n' + target.url;
        for (std::size_t i = 0; i < target_keys_.size(); ++i)
            if (target_keys_[i] == key) return targets_[i];
        targets_.push_back(std::make_shared<TargetSettings>(make_target_settings(target, targets_.size())));
        target_keys_.push_back(key);
        return targets_.back();
    }

    std::vector<std::shared_ptr<const TargetSettings>> targets_;
    std::vector<std::string> target_keys_;
    std::size_t next_statement_ = 0;
    PerThread<ThreadShared> threads_;
};

}  // namespace

std::unique_ptr<engine::Driver> make_postgres_driver() { return std::make_unique<PostgresDriver>(); }

}  // namespace throng::targets::postgres
