// The response optimizer's costs: CPU per response and compression ratio
// (compressed / original) of every coding at every level (gzip and deflate
// 1..9, br 0..11) on a 50 KB JSON API answer and a 30 KB HTML page; the
// ETag hash against SHA-256; Accept-Encoding negotiation; and whole
// optimize() calls (compressed, 304, identity).
#include "targets/components/response/response_optimizer.hpp"

#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using throng::components::BrotliMode;
using throng::components::Coding;
using throng::components::CompressOptions;
using throng::components::ResponseOptimizer;

namespace {

template <std::size_t N>
const char* pick(std::mt19937& random, const char* const (&list)[N]) {
    return list[random() % N];
}

// A page of a users API, as a JSON service answers it: the same keys in
// every record, values that vary (ids, hex ids, names, dates, amounts).
const std::string& api_json() {
    static const std::string body = [] {
        std::mt19937 random(2024);
        const char* const first[] = {"Ada",    "Grace",  "Linus", "Barbara", "Ken",    "Margaret", "Dennis", "Frances",
                                     "Edsger", "Donald", "Radia", "Tim",     "Sophie", "Bjarne",   "Guido",  "Anita"};
        const char* const last[] = {"Lovelace", "Hopper",      "Torvalds", "Liskov",    "Thompson",
                                    "Hamilton", "Ritchie",     "Allen",    "Dijkstra",  "Knuth",
                                    "Perlman",  "Berners-Lee", "Wilson",   "Stroustrup"};
        const char* const cities[] = {"Paris", "Lyon", "Berlin", "Madrid", "Lisbon", "Oslo", "Dublin", "Vienna"};
        const char* const tags[] = {"admin", "beta", "premium", "trial", "staff", "partner", "vip", "legacy"};
        std::string s = R"({"data":[)";
        int n = 0;
        while (s.size() < 50'000) {
            if (n++ > 0) s += ',';
            const std::string f = pick(random, first), l = pick(random, last);
            char uuid[40], date[32], amount[32];
            std::snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-%04x-%08x%04x", static_cast<unsigned>(random()),
                          static_cast<unsigned>(random() & 0xffff), static_cast<unsigned>(random() & 0xfff),
                          static_cast<unsigned>(0x8000 | (random() & 0x3fff)), static_cast<unsigned>(random()),
                          static_cast<unsigned>(random() & 0xffff));
            std::snprintf(date, sizeof date, "20%02u-%02u-%02uT%02u:%02u:%02uZ",
                          15 + static_cast<unsigned>(random() % 10), 1 + static_cast<unsigned>(random() % 12),
                          1 + static_cast<unsigned>(random() % 28), static_cast<unsigned>(random() % 24),
                          static_cast<unsigned>(random() % 60), static_cast<unsigned>(random() % 60));
            std::snprintf(amount, sizeof amount, "%u.%02u", static_cast<unsigned>(random() % 100000),
                          static_cast<unsigned>(random() % 100));
            s += R"({"id":)" + std::to_string(100000 + random() % 900000) + R"(,"uuid":")" + uuid + R"(","name":")" +
                 f + " " + l + R"(","email":")" + f + "." + l + std::to_string(random() % 100) +
                 R"(@example.com","created_at":")" + date + R"(","balance":)" + amount +
                 R"(,"currency":"EUR","active":)" + (random() % 4 ? "true" : "false") + R"(,"tags":[")" +
                 pick(random, tags) + R"(",")" + pick(random, tags) + R"("],"address":{"street":")" +
                 std::to_string(1 + random() % 200) + " " + pick(random, last) + R"( Street","city":")" +
                 pick(random, cities) + R"(","zip":")" + std::to_string(10000 + random() % 90000) + R"("}})";
        }
        return s + R"(],"page":3,"per_page":)" + std::to_string(n) + R"(,"total":12873})";
    }();
    return body;
}

// A shop's product listing page: head and inline CSS, navigation, text
// paragraphs, a table of products, a footer.
const std::string& html_page() {
    static const std::string body = [] {
        std::mt19937 random(1984);
        const char* const words[] = {"fast",    "service", "request",  "latency", "cache",  "server", "client",
                                     "quality", "order",   "delivery", "price",   "stock",  "review", "garden",
                                     "light",   "water",   "coffee",   "travel",  "simple", "design", "return"};
        const char* const products[] = {"Desk lamp", "Kettle",  "Backpack", "Headphones", "Notebook",    "Chair",
                                        "Teapot",    "Blanket", "Mug",      "Umbrella",   "Bicycle bell"};
        std::string s =
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>Products - Example Shop</title>\n<style>\n"
            "body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}\n"
            "header{background:#1d3557;color:#fff;padding:1rem 2rem}\nnav a{color:#f1faee;margin-right:1rem}\n"
            "main{max-width:960px;margin:0 auto;padding:1rem}\ntable{border-collapse:collapse;width:100%}\n"
            "td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:left}\n.price{font-weight:600}\n"
            ".stock-low{color:#c1121f}\nfooter{color:#666;font-size:.9rem;padding:2rem}\n</style>\n</head>\n<body>\n"
            "<header><nav>";
        for (const char* item : {"Home", "New", "Kitchen", "Office", "Outdoor", "Sale", "Help", "Account"})
            s += std::string("<a href=\"/") + item + "\">" + item + "</a>";
        s += "</nav></header>\n<main>\n";
        const auto sentence = [&] {
            std::string t;
            const unsigned n = 6 + random() % 12;
            for (unsigned i = 0; i < n; ++i) t += std::string(i ? " " : "") + pick(random, words);
            t[0] = static_cast<char>(t[0] - 'a' + 'A');
            return t + ". ";
        };
        for (int p = 0; p < 12; ++p) {
            s += "<p>";
            for (int i = 0; i < 4; ++i) s += sentence();
            s += "</p>\n";
        }
        s += "<table>\n<thead><tr><th>Product</th><th>Ref</th><th>Price</th><th>Stock</th></tr></thead>\n<tbody>\n";
        while (s.size() < 29'000) {
            const unsigned stock = static_cast<unsigned>(random() % 60);
            s += "<tr><td><a href=\"/p/" + std::to_string(random() % 100000) + "\">" + pick(random, products) +
                 "</a></td><td>SKU-" + std::to_string(100000 + random() % 900000) + "</td><td class=\"price\">" +
                 std::to_string(random() % 200) + "." + std::to_string(10 + random() % 90) + " &euro;</td><td" +
                 (stock < 5 ? " class=\"stock-low\"" : "") + ">" + std::to_string(stock) + "</td></tr>\n";
        }
        return s + "</tbody>\n</table>\n</main>\n<footer>&copy; 2024 Example Shop</footer>\n</body>\n</html>\n";
    }();
    return body;
}

void compress_at(benchmark::State& state, Coding coding, const std::string& body, int level) {
    const CompressOptions options{.level = level, .brotli_mode = BrotliMode::text};
    std::size_t size = 0;
    for (auto _ : state) {
        auto out = throng::components::compress(coding, body, options);
        if (!out) throw std::logic_error("did not compress");
        size = out->size();
        benchmark::DoNotOptimize(out->data());
    }
    state.counters["ratio"] = static_cast<double>(size) / static_cast<double>(body.size());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(body.size()));
}

// compress/<coding>/<body>/<level>, every level of every coding.
const bool compress_registered = [] {
    struct Body {
        const char* name;
        const std::string& (*make)();
    };
    for (const Body body : {Body{"json50k", api_json}, Body{"html30k", html_page}}) {
        for (const Coding coding : {Coding::gzip, Coding::deflate, Coding::br}) {
            const int top = coding == Coding::br ? 11 : 9;
            for (int level = coding == Coding::br ? 0 : 1; level <= top; ++level) {
                const std::string name =
                    "compress/" + std::string(to_string(coding)) + "/" + body.name + "/" + std::to_string(level);
                benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
                    compress_at(state, coding, body.make(), level);
                })->Unit(benchmark::kMicrosecond);
            }
        }
    }
    return true;
}();

void BM_etag_content_hash(benchmark::State& state) {
    const std::string& body = state.range(0) == 0 ? api_json() : html_page();
    for (auto _ : state) benchmark::DoNotOptimize(throng::components::content_hash(body));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_etag_content_hash)->Arg(0)->Arg(1);

// The yardstick: a cryptographic digest (with the CPU's SHA instructions, if any).
void BM_etag_sha256_for_comparison(benchmark::State& state) {
    const std::string& body = state.range(0) == 0 ? api_json() : html_page();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    for (auto _ : state) {
        EVP_Digest(body.data(), body.size(), digest, &length, EVP_sha256(), nullptr);
        benchmark::DoNotOptimize(digest);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_etag_sha256_for_comparison)->Arg(0)->Arg(1);

void BM_negotiate(benchmark::State& state) {
    static const char* const headers[] = {
        "gzip, deflate, br, zstd",                             // a browser
        "gzip;q=1.0, identity; q=0.5, *;q=0",                  // weights and a refusal
        "deflate;q=0.3, x-gzip;q=0.8, BR;Q=0.9, compress, *",  // mixed case, aliases, unknowns
    };
    const ResponseOptimizer optimizer;
    const char* header = headers[state.range(0)];
    for (auto _ : state) benchmark::DoNotOptimize(optimizer.negotiate(header));
}
BENCHMARK(BM_negotiate)->DenseRange(0, 2);

// Whole optimize() calls on the JSON body with the default configuration:
// 0: br (quality 5), 1: gzip (level 6), 2: no Accept-Encoding (identity,
// tag only), 3: If-None-Match hit (304: a hash, no compression). The body
// copy every call makes is part of the cost, as a service builds one.
void BM_optimize(benchmark::State& state) {
    const ResponseOptimizer optimizer;
    const std::string& body = api_json();
    const std::string tag = throng::components::coded_etag(throng::components::strong_etag(body), Coding::br);
    const throng::components::RequestInfo requests[] = {
        {.method = "GET", .accept_encoding = "gzip, deflate, br"},
        {.method = "GET", .accept_encoding = "gzip"},
        {.method = "GET"},
        {.method = "GET", .accept_encoding = "gzip, deflate, br", .if_none_match = tag},
    };
    const auto& request = requests[state.range(0)];
    for (auto _ : state) {
        auto out = optimizer.optimize(request, {.status = 200, .body = body, .content_type = "application/json"});
        benchmark::DoNotOptimize(out.body.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_optimize)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

}  // namespace
