// What the scenario language costs per request on the VU's thread: rendering
// a templated HTTP request (versus sending pre-serialized bytes), and
// evaluating a step's extraction and checks on a JSON response.
#include <benchmark/benchmark.h>

#include <string>

#include "harness/core/random.hpp"
#include "harness/core/response_rules.hpp"
#include "harness/core/template.hpp"
#include "harness/core/variables.hpp"
#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/request_bytes.hpp"

namespace {

using throng::core::Template;

Template compile(const std::string& text) {
    return Template::parse(text, [](std::string_view) { return std::nullopt; });
}

throng::targets::http::HttpStepSpec templated_request() {
    throng::targets::http::HttpStepSpec spec;
    spec.method = "POST";
    spec.path = compile("/users/${users.id}/orders?page=${iteration}");
    spec.headers = {{"Authorization", compile("Bearer ${token}")}, {"X-Request-Id", compile("${uuid()}")}};
    spec.body = compile(R"({"user":"${users.name}","qty":${random_int(1,9)}})");
    return spec;
}

void BM_render_templated_request(benchmark::State& state) {
    const auto spec = templated_request();
    const auto base = *throng::targets::http::parse_base_url("http://127.0.0.1:8080");
    throng::core::Variables vars;
    vars.set("users.id", "1234");
    vars.set("users.name", "ann");
    vars.set("token", "eyJhbGciOiJIUzI1NiJ9.abcdefghijklmnop");
    throng::core::Rng rng(1);
    std::string out, scratch;
    std::uint64_t iteration = 0;
    for (auto _ : state) {
        const throng::core::TemplateScope scope{&vars, 7, ++iteration, "s", &rng};
        throng::targets::http::render_request(spec, base, scope, out, scratch);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_render_templated_request);

void BM_evaluate_extract_and_checks(benchmark::State& state) {
    using throng::core::Check;
    using throng::core::Extraction;
    std::vector<Extraction> extract(1);
    extract[0].variable = "token";
    extract[0].source = Extraction::Source::json;
    extract[0].path = "/token";
    std::vector<Check> checks(2);
    checks[0].name = "ok";
    checks[0].statuses = {200};
    checks[1].name = "user";
    checks[1].kind = Check::Kind::json_equals;
    checks[1].text = "/user/name";
    checks[1].expected_json = R"("ann")";
    throng::core::Reply reply;
    reply.status = 200;
    reply.body =
        R"({"token":"eyJhbGciOiJIUzI1NiJ9.abc","user":{"id":1234,"name":"ann","roles":["a","b"]},"n":[1,2,3]})";
    throng::core::RuleResults results;
    for (auto _ : state) {
        throng::core::evaluate(extract, checks, reply, true, 1'000'000, results);
        benchmark::DoNotOptimize(results.abort);
        benchmark::DoNotOptimize(results.extracted.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_evaluate_extract_and_checks);

}  // namespace
