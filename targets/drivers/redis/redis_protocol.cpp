#include "targets/drivers/redis/redis_protocol.hpp"

#include "targets/drivers/redis/error_prefix.hpp"
#include "targets/drivers/redis/redis_driver.hpp"
#include "targets/drivers/redis/redis_step.hpp"
#include "targets/drivers/redis/redis_url.hpp"

namespace throng::targets::redis {

namespace {

class RedisProtocol final : public engine::Protocol {
public:
    const core::StepParser& step_parser() const override { return parser_; }
    std::optional<std::string> url_problem(std::string_view url) const override {
        std::string why;
        if (!parse_redis_url(url, &why)) return why;
        return std::nullopt;
    }
    std::unique_ptr<engine::Driver> make_driver() const override { return make_redis_driver(); }
    std::vector<core::ErrorClass> error_classes() const override {
        return {redis_error(), redis_unavailable(), redis_redirect()};
    }

private:
    RedisStepParser parser_;
};

}  // namespace

const engine::Protocol& protocol() {
    static const RedisProtocol redis;
    return redis;
}

}  // namespace throng::targets::redis
