// "data": feeders from CSV and JSON-lines files and inline arrays, their order
// and exhaustion, the variables they define and which scenarios draw them.
#include <catch2/catch.hpp>

#include "support/scenario_parsing.hpp"
#include "support/temp_dir.hpp"

using throng::core::FeederSpec;
using throng::core::InputError;
using throng::scenarios::parse_scenario;
using throng::test::errors_of;
using throng::test::http_only;
using throng::test::no_env;
using throng::test::parse_plan;
using throng::test::TempDir;
using throng::test::with_steps;

namespace {

// Parses `text` as if it were the file dir/sub/s.json, so relative feeder paths resolve under dir/sub.
throng::core::Plan parse_in(const TempDir& dir, const std::string& text) {
    return parse_scenario(text, (dir.path() / "sub" / "s.json").string(), http_only(), {no_env(), {}});
}

std::string errors_in(const TempDir& dir, const std::string& text) {
    try {
        parse_in(dir, text);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("expected the scenario to be rejected");
    return {};
}

}  // namespace

TEST_CASE("feeders from files, relative to the scenario's directory", "[scenario][feeders]") {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "sub" / "data");
    dir.write("sub/data/users.csv", "name,password\nann,a1\nbob,b2\n");
    dir.write("sub/data/items.ndjson", "{\"id\": 1}\n{\"id\": 2, \"size\": \"L\"}\n");
    dir.write("sub/data/terms.txt", "{\"q\": \"shoes\"}\n");
    const auto plan =
        parse_in(dir, with_steps(R"([{"http": {"path": "/login/${users.name}/${items.size}/${terms.q}"}}])",
                                 R"("data": {
  "users": {"file": "data/users.csv", "order": "unique"},
  "items": {"file": "data/items.ndjson", "order": "random"},
  "terms": {"file": "data/terms.txt", "format": "jsonl", "on_exhausted": "stop"}
})"));
    REQUIRE(plan.feeders.size() == 3);
    const FeederSpec& users = *plan.feeders[0];
    CHECK(users.name == "users");
    CHECK(users.order == FeederSpec::Order::unique);
    CHECK(users.on_exhausted == FeederSpec::OnExhausted::stop);
    REQUIRE(users.data);
    CHECK(users.data->columns == std::vector<std::string>{"name", "password"});
    CHECK(users.data->size() == 2);
    const FeederSpec& items = *plan.feeders[1];
    CHECK(items.order == FeederSpec::Order::random);
    CHECK(items.data->columns == std::vector<std::string>{"id", "size"});
    const FeederSpec& terms = *plan.feeders[2];
    CHECK(terms.order == FeederSpec::Order::sequential);
    CHECK(terms.on_exhausted == FeederSpec::OnExhausted::stop);
    CHECK(plan.scenarios[0].feeders == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("inline feeders: scalars define the feeder's name, objects their keys", "[scenario][feeders]") {
    const auto plan = parse_plan(with_steps(R"([{"http": {"path": "/search?q=${terms}"}}])", R"("data": {
  "terms": {"values": ["shoes", "hats", 3]},
  "unused": {"values": [{"a": "1"}], "on_exhausted": "stop"}
})"));
    REQUIRE(plan.feeders.size() == 2);
    const FeederSpec& terms = *plan.feeders[0];
    CHECK(terms.order == FeederSpec::Order::sequential);
    CHECK(terms.on_exhausted == FeederSpec::OnExhausted::wrap);
    CHECK(terms.data->columns == std::vector<std::string>{""});
    CHECK(terms.data->size() == 3);
    CHECK(plan.feeders[1]->on_exhausted == FeederSpec::OnExhausted::stop);
    // Only what the scenario's templates read is drawn.
    CHECK(plan.scenarios[0].feeders == std::vector<std::size_t>{0});
}

TEST_CASE("a condition on a feeder variable draws the feeder too", "[scenario][feeders]") {
    const auto plan = parse_plan(with_steps(R"([{"http": {"path": "/"}, "if": {"set": "codes.code"}}])",
                                            R"("data": {"codes": {"values": [{"code": "x"}]}})"));
    CHECK(plan.scenarios[0].feeders == std::vector<std::size_t>{0});
}

TEST_CASE("feeder errors", "[scenario][feeders][golden]") {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "sub");
    dir.write("sub/bad.csv", "a,b\n1\n");
    dir.write("sub/data.txt", "x\n");
    const std::string sub = (dir.path() / "sub").string();
    const auto errors = [&](const std::string& data) {
        return errors_in(dir, with_steps(R"([{"http": {"path": "/"}}])", R"("data": )" + data));
    };
    CHECK(errors(R"({"a": {"file": "missing.csv"}})") ==
          sub + "/s.json:3:24: error: cannot load feeder data: " + sub +
              "/missing.csv:1:1: cannot open the file: No such file or directory (at /data/a/file)");
    CHECK(errors(R"({"a": {"file": "bad.csv"}})") ==
          sub + "/s.json:3:24: error: cannot load feeder data: " + sub +
              "/bad.csv:2:1: the record on line 2 has 1 field but the header has 2 columns (at /data/a/file)");
    CHECK(errors(R"({"a": {"file": "data.txt"}})") ==
          sub +
              "/s.json:3:24: error: cannot tell the format of \"data.txt\" from its extension (.csv, .jsonl or "
              ".ndjson): set `format` to `csv` or `jsonl` (at /data/a/file)");
    CHECK(errors(R"({"a": {"values": []}, "b-c": {"values": [1]}, "d": {"file": "x.csv", "values": [1]}})") ==
          sub + "/s.json:3:26: error: empty feeder: expected at least one row (at /data/a/values)\n" + sub +
              "/s.json:3:31: error: feeder name `b-c` must start with a letter or '_' and hold only letters, "
              "digits and '_' (at /data/b-c)\n" +
              sub + "/s.json:3:78: error: use either `file` or `values` in feeder `d`, not both (at /data/d/values)");
    CHECK(errors(R"({"a": {"values": [1], "order": "random", "on_exhausted": "wrap", "formt": "csv"}})") ==
          sub +
              "/s.json:3:50: error: `on_exhausted` does not apply to random order, which never runs out "
              "(at /data/a/on_exhausted)\n" +
              sub +
              "/s.json:3:74: error: unknown key `formt` in feeder `a`; did you mean `format`? (at /data/a/formt)");
    CHECK(errors(R"({"a": {"order": "shuffled"}})") ==
          sub +
              "/s.json:3:15: error: feeder `a` needs `file` (a CSV or JSON-lines file) or `values` (an array) "
              "(at /data/a)\n" +
              sub +
              "/s.json:3:25: error: `order` in feeder `a` must be `sequential`, `random` or `unique`, got "
              "\"shuffled\" (at /data/a/order)");
}

TEST_CASE("feeder variables: unknown columns and use outside iterations", "[scenario][feeders][golden]") {
    const std::string data =
        R"("data": {"users": {"values": [{"name": "a", "email": "b"}]}, "ids": {"values": [1, 2]}})";
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/${users.nmae}"}}])", data)) ==
          "s.json:2:29: error: feeder `users` has no column `nmae`; did you mean `users.name`? "
          "(at /steps/0/http/path)");
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/${users.phone}/${ids.x}"}}])", data)) ==
          "s.json:2:29: error: feeder `users` has no column `phone`; it has `users.name` and `users.email` "
          "(at /steps/0/http/path)\n"
          "s.json:2:29: error: feeder `ids` has no column `x`; it has `ids` (at /steps/0/http/path)");
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/${users}"}}])", data)) ==
          "s.json:2:29: error: feeder `users` has columns: read one of `users.name` or `users.email` "
          "(at /steps/0/http/path)");
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/"}}])", data + R"(,
"setup": [{"http": {"path": "/${users.name}"}}], "teardown": [{"pause": 1, "if": {"set": "ids"}}])")) ==
          "s.json:4:29: error: `users.name` comes from feeder `users`, which setup cannot read: feeders are drawn "
          "per iteration (at /setup/0/http/path)\n"
          "s.json:4:90: error: `ids` comes from feeder `ids`, which teardown cannot read: feeders are drawn per "
          "iteration (at /teardown/0/if/set)");
}
