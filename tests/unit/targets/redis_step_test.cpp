#include "targets/drivers/redis/redis_step.hpp"

#include <catch2/catch.hpp>

#include <optional>

using throng::core::Diagnostics;
using throng::core::StepParseContext;
using throng::targets::redis::RedisStepParser;
using throng::targets::redis::RedisStepSpec;
using throng::targets::redis::split_command;
namespace json = throng::core::json;

namespace {

using Words = std::vector<std::string>;

// The parsed step as plain text: words by their template source.
struct RedisStepText {
    Words words;
    int pipeline = 1;
    std::string target;
    std::string describe;
    bool constant = true;
};

struct ParsedRedisStep {
    std::optional<RedisStepText> spec;
    std::vector<std::string> errors;     // formatted, in source order
    std::vector<std::string> variables;  // read by the step's templates
};

ParsedRedisStep parse_redis_step(const std::string& text) {
    const json::Value node = json::parse(text);
    Diagnostics diags("step.json");
    StepParseContext context(diags, [](std::string_view name) -> std::optional<std::string> {
        if (name == "PREFIX") return "app";
        return std::nullopt;
    });
    const auto parsed = std::dynamic_pointer_cast<const RedisStepSpec>(RedisStepParser().parse(node, context));
    ParsedRedisStep out;
    if (parsed) {
        RedisStepText spec;
        for (const auto& word : parsed->words) spec.words.push_back(word.source());
        spec.pipeline = parsed->pipeline;
        spec.target = std::string(parsed->target_name());
        spec.describe = parsed->describe();
        spec.constant = parsed->is_constant();
        out.spec = spec;
    }
    for (const auto& d : diags.list()) out.errors.push_back(d.format());
    for (const auto& use : context.uses()) out.variables.push_back(use.name);
    return out;
}

// The single message reported; fails unless there is exactly one.
std::string redis_step_error(const std::string& text) {
    const ParsedRedisStep parsed = parse_redis_step(text);
    CHECK_FALSE(parsed.spec);
    REQUIRE(parsed.errors.size() == 1);
    return parsed.errors[0];
}

}  // namespace

TEST_CASE("redis step parser identifies itself", "[redis]") {
    RedisStepParser parser;
    CHECK(parser.key() == "redis");
    CHECK(parser.url_forms() == std::vector<std::string_view>{"redis://"});
    RedisStepSpec spec;
    CHECK(spec.protocol() == "redis");
    CHECK(spec.target_name().empty());
}

TEST_CASE("redis step command as an array of words", "[redis]") {
    const ParsedRedisStep p = parse_redis_step(R"({"command": ["SET", "key:${random_int(1,100000)}", "v", 42, 1.5]})");
    REQUIRE(p.spec);
    CHECK(p.errors.empty());
    CHECK(p.spec->words == Words{"SET", "key:${random_int(1,100000)}", "v", "42", "1.5"});
    CHECK(p.spec->pipeline == 1);
    CHECK(p.spec->target.empty());
    CHECK_FALSE(p.spec->constant);
    CHECK(p.spec->describe == "SET key:${random_int(1,100000)} v 42 1.5");
}

TEST_CASE("redis step command as one string, split on spaces outside placeholders", "[redis]") {
    const ParsedRedisStep p = parse_redis_step(R"({"command": "  HSET  user:${vu}\tname ${pick(ann, bob)}  "})");
    REQUIRE(p.spec);
    CHECK(p.spec->words == Words{"HSET", "user:${vu}", "name", "${pick(ann, bob)}"});
    CHECK(p.spec->describe == "HSET user:${vu} name ${pick(ann, bob)}");

    CHECK(split_command("GET a") == Words{"GET", "a"});
    CHECK(split_command("ECHO $${not a placeholder} x") == Words{"ECHO", "$${not", "a", "placeholder}", "x"});
    CHECK(split_command("ECHO a${x:-some text}b c") == Words{"ECHO", "a${x:-some text}b", "c"});
    CHECK(split_command(" \t ").empty());
}

TEST_CASE("redis step constant commands and templates", "[redis]") {
    const ParsedRedisStep constant = parse_redis_step(R"({"command": ["GET", "${env.PREFIX}:counter"]})");
    REQUIRE(constant.spec);
    CHECK(constant.spec->constant);  // the environment is resolved once, when the file is read
    const ParsedRedisStep variables = parse_redis_step(R"({"command": "SET ${key} ${value}"})");
    REQUIRE(variables.spec);
    CHECK_FALSE(variables.spec->constant);
    CHECK(variables.variables == std::vector<std::string>{"key", "value"});
    CHECK(parse_redis_step(R"({"command": "PING"})").spec->constant);
}

TEST_CASE("redis step pipeline and target", "[redis]") {
    const ParsedRedisStep p = parse_redis_step(R"({"command": ["GET", "k"], "pipeline": 16, "target": "cache"})");
    REQUIRE(p.spec);
    CHECK(p.spec->pipeline == 16);
    CHECK(p.spec->target == "cache");
    CHECK(parse_redis_step(R"({"command": "PING", "pipeline": 1000})").spec->pipeline == 1000);
    CHECK(parse_redis_step(R"({"command": "PING", "pipeline": 1})").spec->pipeline == 1);
}

TEST_CASE("redis step errors name the spot and what was expected", "[redis]") {
    CHECK(redis_step_error(R"({"command": "PING", "pipeline": 0})") ==
          "step.json:1:33: error: `pipeline` in redis step must be an integer from 1 to 1000, got 0 (at /pipeline)");
    CHECK(redis_step_error(R"({"command": "PING", "pipeline": 1001})").find("from 1 to 1000, got 1001") !=
          std::string::npos);
    CHECK(redis_step_error(R"({"command": "PING", "pipeline": "4"})").find("got string") != std::string::npos);
    CHECK(redis_step_error(R"({"pipeline": 2})").find("`command`") != std::string::npos);
    CHECK(redis_step_error(R"({"command": []})") ==
          "step.json:1:13: error: `command` in redis step must not be empty: give at least the command's name, "
          "like [\"PING\"] (at /command)");
    CHECK(redis_step_error(R"({"command": "   "})").find("must not be empty") != std::string::npos);
    CHECK(redis_step_error(R"({"command": 12})") ==
          "step.json:1:13: error: `command` in redis step must be an array of strings like [\"GET\", \"key:${id}\"] "
          "or a string like \"GET key:${id}\", got 12 (at /command)");
    CHECK(redis_step_error(R"({"command": ["GET", {"a": 1}]})") ==
          "step.json:1:21: error: each word of `command` in redis step must be a string or a number, got object "
          "(at /command/1)");
    CHECK(redis_step_error(R"({"command": ["", "k"]})").find("must start with the command's name") !=
          std::string::npos);
    CHECK(redis_step_error(R"({"command": ["GET", "${nope"]})").find("unclosed") != std::string::npos);
    CHECK(redis_step_error(R"({"command": ["GET", "${env.NOPE}"]})").find("`NOPE` is not set") != std::string::npos);
    CHECK(redis_step_error(R"({"command": "PING", "target": ""})").find("`target` in redis step") != std::string::npos);
    CHECK(redis_step_error(R"({"command": "PING", "pipline": 2})").find("did you mean `pipeline`") !=
          std::string::npos);
    CHECK(redis_step_error(R"({"command": "subscribe news"})").find("cannot be SUBSCRIBE") != std::string::npos);
    CHECK(redis_step_error(R"({"command": ["MONITOR"]})").find("cannot be MONITOR") != std::string::npos);
    CHECK(redis_step_error(R"("GET k")").find("redis step") != std::string::npos);
}

TEST_CASE("redis step reports every error at once", "[redis]") {
    const ParsedRedisStep p = parse_redis_step(R"({"command": ["GET", null, "${x"], "pipeline": -1})");
    CHECK_FALSE(p.spec);
    CHECK(p.errors.size() == 3);
}
