// The response optimizer: bodies come back intact from zlib's inflate and
// libbrotlidec in every coding and level; compression only from the size
// threshold, for compressible types, without an existing Content-Encoding,
// and never into a bigger body (unless identity was refused); Vary and
// ETag on the right responses; 304 for If-None-Match hits on GET/HEAD 200s;
// one optimizer shared by threads.
#include <catch2/catch.hpp>

#include <brotli/decode.h>
#include <zlib.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "targets/components/response/response_optimizer.hpp"

namespace response_optimizer_test {

using throng::components::BrotliMode;
using throng::components::classify_content_type;
using throng::components::Coding;
using throng::components::compress;
using throng::components::OptimizedResponse;
using throng::components::ResponseOptimizer;
using throng::components::strong_etag;
using throng::components::TypeClass;

// inflate with these window bits (16 + 15: gzip only; 15: zlib only), or
// nullopt if the input is not one whole stream of that format.
std::optional<std::string> inflate_as(const std::string& in, int window_bits) {
    z_stream z{};
    if (inflateInit2(&z, window_bits) != Z_OK) throw std::runtime_error("inflateInit2");
    const std::unique_ptr<z_stream, decltype(&inflateEnd)> end(&z, inflateEnd);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out;
    int rc = Z_OK;
    while (rc == Z_OK) {
        const std::size_t before = out.size();
        out.resize(before + 16384);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + before);
        z.avail_out = 16384;
        rc = inflate(&z, Z_NO_FLUSH);
        out.resize(before + 16384 - z.avail_out);
    }
    if (rc != Z_STREAM_END || z.avail_in != 0) return std::nullopt;
    return out;
}

std::optional<std::string> unbrotli(const std::string& in, std::size_t expected_size) {
    std::string out(expected_size + 1, '\0');  // one more: a longer result would show
    std::size_t size = out.size();
    if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size,
                                reinterpret_cast<uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS)
        return std::nullopt;
    out.resize(size);
    return out;
}

std::optional<std::string> decode(Coding coding, const std::string& body, std::size_t expected_size) {
    switch (coding) {
    case Coding::gzip: return inflate_as(body, 16 + MAX_WBITS);
    case Coding::deflate: return inflate_as(body, MAX_WBITS);
    case Coding::br: return unbrotli(body, expected_size);
    case Coding::identity: break;
    }
    return body;
}

// A JSON array of records with repeated keys and varied values, as an API answers.
std::string json_body(std::size_t at_least, std::uint32_t seed = 1) {
    std::mt19937 random(seed);
    const char* names[] = {"Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances"};
    std::string s = "[";
    for (int i = 0; s.size() < at_least; ++i) {
        if (i > 0) s += ',';
        s += R"({"id":)" + std::to_string(random() % 1000000) + R"(,"name":")" + names[random() % 8] + R"(","score":)" +
             std::to_string(random() % 10000) + R"(,"active":)" + (random() % 2 ? "true" : "false") + "}";
    }
    return s + "]";
}

std::string random_bytes(std::size_t n, std::uint64_t seed = 7) {
    std::mt19937_64 random(seed);
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(random());
    return s;
}

throng::components::ResponseInfo ok_response(std::string body, std::string_view type = "application/json") {
    return {.status = 200, .body = std::move(body), .content_type = type};
}

TEST_CASE("response compression: every coding and level decompresses to the input", "[components][response]") {
    const std::string body = json_body(20000);
    for (const Coding coding : {Coding::gzip, Coding::deflate}) {
        for (int level = 0; level <= 9; ++level) {
            INFO(to_string(coding) << " level " << level);
            const auto out = compress(coding, body, {.level = level});
            REQUIRE(out);
            if (level > 0) CHECK(out->size() < body.size() / 3);
            CHECK(decode(coding, *out, body.size()) == body);
        }
    }
    for (int quality = 0; quality <= 11; ++quality) {
        for (const BrotliMode mode : {BrotliMode::text, BrotliMode::generic}) {
            INFO("br quality " << quality);
            const auto out = compress(Coding::br, body, {.level = quality, .brotli_mode = mode});
            REQUIRE(out);
            CHECK(out->size() < body.size() / 3);
            CHECK(unbrotli(*out, body.size()) == body);
        }
    }
}

TEST_CASE("response compression: the formats are gzip's and zlib's, not each other's or raw deflate",
          "[components][response]") {
    const std::string body = json_body(3000);
    const auto gzip = compress(Coding::gzip, body, {});
    const auto zlib = compress(Coding::deflate, body, {});
    REQUIRE(gzip);
    REQUIRE(zlib);
    CHECK(static_cast<unsigned char>((*gzip)[0]) == 0x1f);  // gzip's magic
    CHECK(static_cast<unsigned char>((*gzip)[1]) == 0x8b);
    CHECK(((static_cast<unsigned char>((*zlib)[0]) << 8) | static_cast<unsigned char>((*zlib)[1])) % 31 == 0);
    CHECK((static_cast<unsigned char>((*zlib)[0]) & 0x0f) == 8);  // zlib header: method deflate
    CHECK_FALSE(inflate_as(*gzip, MAX_WBITS));
    CHECK_FALSE(inflate_as(*zlib, 16 + MAX_WBITS));
    CHECK_FALSE(inflate_as(*zlib, -MAX_WBITS));  // not a raw stream
}

TEST_CASE("response compression: gives up past max_size, rejects what it cannot do", "[components][response]") {
    const std::string text = json_body(5000);
    const std::string noise = random_bytes(5000);
    for (const Coding coding : {Coding::gzip, Coding::deflate, Coding::br}) {
        INFO(to_string(coding));
        const auto full = compress(coding, text, {.level = 5});
        REQUIRE(full);
        CHECK(compress(coding, text, {.level = 5, .max_size = full->size()}) == full);
        CHECK_FALSE(compress(coding, text, {.level = 5, .max_size = full->size() - 1}));
        CHECK_FALSE(compress(coding, noise, {.level = 5, .max_size = noise.size() - 1}));
        // Without a limit, random bytes still make a valid (slightly bigger) stream.
        const auto stored = compress(coding, noise, {.level = 5});
        REQUIRE(stored);
        CHECK(decode(coding, *stored, noise.size()) == noise);
        const auto empty = compress(coding, "", {.level = 5});
        REQUIRE(empty);
        CHECK(decode(coding, *empty, 0) == "");
    }
    CHECK_THROWS_AS(compress(Coding::identity, text, {}), std::invalid_argument);
    CHECK_THROWS_AS(compress(Coding::gzip, text, {.level = 10}), std::invalid_argument);
    CHECK_THROWS_AS(compress(Coding::br, text, {.level = 12}), std::invalid_argument);
    CHECK_THROWS_AS(compress(Coding::br, text, {.level = 5, .brotli_window = 25}), std::invalid_argument);
}

TEST_CASE("response compression: which content types are worth it", "[components][response]") {
    for (const char* type :
         {"text/html", "text/plain; charset=utf-8", "TEXT/CSS", "application/json", "Application/JSON ; charset=UTF-8",
          "application/problem+json", "application/ld+json", "image/svg+xml", "application/xhtml+xml",
          "application/javascript", "application/x-ndjson", "application/vnd.api+json", "application/yaml"}) {
        INFO(type);
        CHECK(classify_content_type(type) == TypeClass::text);
    }
    for (const char* type : {"application/wasm", "font/ttf", "image/x-icon", "image/bmp"}) {
        INFO(type);
        CHECK(classify_content_type(type) == TypeClass::binary);
    }
    for (const char* type : {"image/png", "image/jpeg", "image/webp", "video/mp4", "audio/mpeg", "application/zip",
                             "application/gzip", "application/pdf", "font/woff2", "application/octet-stream", "",
                             "json", "text", "/json", "text/", "application/jsonp-ish"}) {
        INFO(type);
        CHECK(classify_content_type(type) == TypeClass::incompressible);
    }
}

TEST_CASE("response optimizer: compresses in the negotiated coding, with Vary and the variant's ETag",
          "[components][response]") {
    const ResponseOptimizer optimizer;
    const std::string body = json_body(10000);
    const struct {
        const char* accept;
        Coding coding;
    } cases[] = {{"gzip, deflate, br", Coding::br},
                 {"gzip", Coding::gzip},
                 {"deflate", Coding::deflate},
                 {"br;q=0.5, gzip;q=0.8", Coding::gzip},
                 {"", Coding::identity}};
    for (const auto& c : cases) {
        INFO("Accept-Encoding: " << c.accept);
        const OptimizedResponse out =
            optimizer.optimize({.method = "GET", .accept_encoding = c.accept}, ok_response(body));
        CHECK(out.status == 200);
        CHECK(out.coding == c.coding);
        CHECK(out.header("Vary") == "Accept-Encoding");
        if (c.coding == Coding::identity) {
            CHECK(out.body == body);
            CHECK(out.header("Content-Encoding").empty());
            CHECK(out.header("ETag") == strong_etag(body));
        } else {
            CHECK(out.body.size() < body.size() / 3);
            CHECK(out.header("Content-Encoding") == to_string(c.coding));
            CHECK(out.header("ETag") ==
                  "W/" + strong_etag(body).substr(0, 17) + "-" + std::string(to_string(c.coding)) + "\"");
            CHECK(decode(c.coding, out.body, body.size()) == body);
        }
    }
}

TEST_CASE("response optimizer: compresses from the threshold on, and only into a smaller body",
          "[components][response]") {
    const ResponseOptimizer optimizer({.min_size = 1024});
    const std::string text = json_body(2000);
    const auto gzip_of = [&](std::string body) {
        return optimizer.optimize({.method = "GET", .accept_encoding = "gzip"}, ok_response(std::move(body)));
    };
    CHECK(gzip_of(text.substr(0, 1023)).coding == Coding::identity);
    CHECK(gzip_of(text.substr(0, 1023)).header("Vary") == "Accept-Encoding");  // a bigger body would be
    CHECK(gzip_of(text.substr(0, 1024)).coding == Coding::gzip);
    CHECK(gzip_of(text.substr(0, 1025)).coding == Coding::gzip);

    // Random bytes labelled JSON: gzip and br would grow them, so they go as they are.
    const std::string noise = random_bytes(8192);
    for (const char* accept : {"gzip", "br", "deflate"}) {
        INFO(accept);
        const auto out = optimizer.optimize({.method = "GET", .accept_encoding = accept}, ok_response(noise));
        CHECK(out.coding == Coding::identity);
        CHECK(out.body == noise);
        CHECK(out.header("Content-Encoding").empty());
        CHECK(out.header("ETag") == strong_etag(noise));
    }

    // A threshold of 0 never compresses an empty body.
    const ResponseOptimizer eager({.min_size = 0});
    const auto empty = eager.optimize({.method = "GET", .accept_encoding = "gzip"}, ok_response(""));
    CHECK(empty.coding == Coding::identity);
    CHECK(empty.body.empty());
    CHECK(eager.optimize({.method = "GET", .accept_encoding = "gzip"}, ok_response("{\"a\":1}")).coding ==
          Coding::identity);  // 7 bytes: gzip's 20 bytes of framing do not fit
}

TEST_CASE("response optimizer: leaves alone incompressible types, encoded bodies and bodiless statuses",
          "[components][response]") {
    const ResponseOptimizer optimizer;
    const std::string text = json_body(4000);

    auto png = optimizer.optimize({.method = "GET", .accept_encoding = "gzip, br"}, ok_response(text, "image/png"));
    CHECK(png.coding == Coding::identity);
    CHECK(png.body == text);
    CHECK(png.header("Vary").empty());
    CHECK(png.header("ETag") == strong_etag(text));

    auto typed =
        optimizer.optimize({.method = "GET", .accept_encoding = "gzip"}, ok_response(text, "Text/HTML; charset=utf-8"));
    CHECK(typed.coding == Coding::gzip);

    auto encoded = ok_response(text);
    encoded.content_encoding = "gzip";  // the handler compressed it (here: claims to)
    auto pre = optimizer.optimize({.method = "GET", .accept_encoding = "gzip, br"}, std::move(encoded));
    CHECK(pre.coding == Coding::identity);
    CHECK(pre.body == text);
    CHECK(pre.header("Content-Encoding").empty());
    CHECK(pre.header("Vary").empty());
    CHECK(pre.header("ETag") == strong_etag(text));

    for (const int status : {204, 206, 304, 101}) {
        INFO(status);
        auto r = ok_response(text);
        r.status = status;
        const auto out = optimizer.optimize({.method = "GET", .accept_encoding = "gzip"}, std::move(r));
        CHECK(out.status == status);
        CHECK(out.coding == Coding::identity);
        CHECK(out.body == text);
        CHECK(out.headers.empty());
    }
    // Other statuses with bodies are compressed, but only 200 gets a tag.
    for (const int status : {201, 404, 500}) {
        INFO(status);
        auto r = ok_response(text);
        r.status = status;
        const auto out = optimizer.optimize({.method = "GET", .accept_encoding = "gzip"}, std::move(r));
        CHECK(out.coding == Coding::gzip);
        CHECK(out.header("ETag").empty());
    }
}

TEST_CASE("response optimizer: merges Accept-Encoding into the response's Vary", "[components][response]") {
    const ResponseOptimizer optimizer;
    const auto vary_of = [&](std::string_view vary) {
        auto r = ok_response(json_body(2000));
        r.vary = vary;
        return std::string(
            optimizer.optimize({.method = "GET", .accept_encoding = "gzip"}, std::move(r)).header("Vary"));
    };
    CHECK(vary_of("") == "Accept-Encoding");
    CHECK(vary_of("Origin") == "Origin, Accept-Encoding");
    CHECK(vary_of("Origin, accept-encoding") == "Origin, accept-encoding");
    CHECK(vary_of("*") == "*");
}

TEST_CASE("response optimizer: identity refused means a coding whatever the gain, or nothing acceptable",
          "[components][response]") {
    const ResponseOptimizer optimizer;
    const std::string small = "{\"a\":1}";
    auto forced = optimizer.optimize({.method = "GET", .accept_encoding = "identity;q=0, gzip"}, ok_response(small));
    CHECK(forced.coding == Coding::gzip);
    CHECK(forced.body.size() > small.size());
    CHECK(decode(Coding::gzip, forced.body, small.size()) == small);
    auto forced_png =
        optimizer.optimize({.method = "GET", .accept_encoding = "*;q=0, br"}, ok_response(small, "image/png"));
    CHECK(forced_png.coding == Coding::br);
    CHECK(forced_png.header("Vary") == "Accept-Encoding");

    auto refused = optimizer.optimize({.method = "GET", .accept_encoding = "identity;q=0"}, ok_response(small));
    CHECK(refused.nothing_acceptable);
    CHECK(refused.status == 200);
    CHECK(refused.body == small);

    const ResponseOptimizer strict({.reject_unacceptable = true});
    auto rejected = strict.optimize({.method = "GET", .accept_encoding = "*;q=0"}, ok_response(small));
    CHECK(rejected.nothing_acceptable);
    CHECK(rejected.status == 406);
    CHECK(rejected.body.empty());
    CHECK(strict.optimize({.method = "GET", .accept_encoding = "gzip"}, ok_response(small)).status == 200);
}

TEST_CASE("response optimizer: If-None-Match hits give 304 with the tag and Vary, no body", "[components][response]") {
    const ResponseOptimizer optimizer;
    const std::string body = json_body(5000);
    const std::string identity_tag = strong_etag(body);
    const std::string gzip_tag = "W/" + identity_tag.substr(0, 17) + "-gzip\"";
    const auto ask = [&](std::string_view method, std::string_view accept, std::string_view inm, int status = 200) {
        auto r = ok_response(body);
        r.status = status;
        return optimizer.optimize({.method = method, .accept_encoding = accept, .if_none_match = inm}, std::move(r));
    };
    // The first answer's tag, sent back.
    const auto first = ask("GET", "gzip", "");
    REQUIRE(first.header("ETag") == gzip_tag);
    const auto not_modified = [](const OptimizedResponse& out, std::string_view tag) {
        CHECK(out.status == 304);
        CHECK(out.body.empty());
        CHECK(out.header("ETag") == tag);
        CHECK(out.header("Vary") == "Accept-Encoding");
        CHECK(out.header("Content-Encoding").empty());
    };
    SECTION("exact") { not_modified(ask("GET", "gzip", first.header("ETag")), gzip_tag); }
    SECTION("weak comparison: W/ added or dropped") {
        not_modified(ask("GET", "", "W/" + identity_tag), identity_tag);
        not_modified(ask("GET", "gzip", gzip_tag.substr(2)), gzip_tag);
    }
    SECTION("in a list") { not_modified(ask("GET", "gzip", "\"old\", " + gzip_tag + ", \"older\""), gzip_tag); }
    SECTION("star") { not_modified(ask("GET", "gzip", "*"), gzip_tag); }
    SECTION("HEAD like GET") {
        not_modified(ask("HEAD", "br", "W/" + identity_tag.substr(0, 17) + "-br\""),
                     "W/" + identity_tag.substr(0, 17) + "-br\"");
    }
    SECTION("a cached identity copy stays valid for a client that now takes gzip") {
        not_modified(ask("GET", "gzip", identity_tag), identity_tag);
    }
    SECTION("mismatch: a full answer") {
        const auto out = ask("GET", "gzip", "\"other\"");
        CHECK(out.status == 200);
        CHECK(decode(Coding::gzip, out.body, body.size()) == body);
    }
    SECTION("another coding's tag: not this request's variant") {
        const auto out = ask("GET", "", gzip_tag);
        CHECK(out.status == 200);
        CHECK(out.body == body);
        CHECK(out.header("ETag") == identity_tag);
    }
    SECTION("a changed body") {
        auto r = ok_response(json_body(5000, 2));
        const auto out =
            optimizer.optimize({.method = "GET", .accept_encoding = "gzip", .if_none_match = gzip_tag}, std::move(r));
        CHECK(out.status == 200);
    }
    SECTION("not GET or HEAD: no tag, no 304") {
        for (const char* method : {"POST", "PUT", "DELETE", "get"}) {
            INFO(method);
            const auto out = ask(method, "gzip", "*");
            CHECK(out.status == 200);
            CHECK(out.header("ETag").empty());
            CHECK(out.coding == Coding::gzip);
        }
    }
    SECTION("not 200: no tag, no 304") {
        for (const int status : {201, 203, 404}) {
            INFO(status);
            const auto out = ask("GET", "gzip", "*", status);
            CHECK(out.status == status);
            CHECK(out.header("ETag").empty());
        }
    }
    SECTION("tags off") {
        const ResponseOptimizer untagged({.etags = false});
        const auto out =
            untagged.optimize({.method = "GET", .accept_encoding = "gzip", .if_none_match = "*"}, ok_response(body));
        CHECK(out.status == 200);
        CHECK(out.header("ETag").empty());
    }
}

TEST_CASE("response optimizer: the handler's own ETag is used, and varied when compressed", "[components][response]") {
    const ResponseOptimizer optimizer({.etags = false});
    const std::string body = json_body(3000);
    auto tagged = [&] {
        auto r = ok_response(body);
        r.etag = "\"v42\"";
        return r;
    };
    auto out = optimizer.optimize({.method = "GET", .accept_encoding = "br"}, tagged());
    CHECK(out.coding == Coding::br);
    CHECK(out.header("ETag") == "W/\"v42-br\"");
    CHECK(optimizer.optimize({.method = "GET", .accept_encoding = ""}, tagged()).header("ETag") == "\"v42\"");
    CHECK(optimizer.optimize({.method = "GET", .accept_encoding = "br", .if_none_match = "W/\"v42-br\""}, tagged())
              .status == 304);
    CHECK(optimizer.optimize({.method = "GET", .if_none_match = "\"v42\""}, tagged()).status == 304);
    // A malformed tag is not used (and with tags off, none is computed).
    auto bad = ok_response(body);
    bad.etag = "v42";
    const auto untagged = optimizer.optimize({.method = "GET"}, std::move(bad));
    CHECK(untagged.header("ETag").empty());
}

TEST_CASE("response optimizer: rejects a configuration it cannot run", "[components][response]") {
    CHECK_THROWS_AS(ResponseOptimizer({.gzip_level = 0}), std::invalid_argument);
    CHECK_THROWS_AS(ResponseOptimizer({.gzip_level = 10}), std::invalid_argument);
    CHECK_THROWS_AS(ResponseOptimizer({.brotli_quality = 12}), std::invalid_argument);
    CHECK_THROWS_AS(ResponseOptimizer({.brotli_window = 9}), std::invalid_argument);
    CHECK_THROWS_AS(ResponseOptimizer({.codings = {Coding::gzip, Coding::identity}}), std::invalid_argument);
    CHECK_THROWS_AS(ResponseOptimizer({.codings = {Coding::gzip, Coding::br, Coding::gzip}}), std::invalid_argument);
    const ResponseOptimizer gzip_only({.codings = {Coding::gzip}});
    CHECK(gzip_only.optimize({.method = "GET", .accept_encoding = "br, gzip;q=0.1"}, ok_response(json_body(2000)))
              .coding == Coding::gzip);
}

TEST_CASE("response optimizer: one optimizer serves threads at once", "[components][response]") {
    const ResponseOptimizer optimizer;
    const std::vector<std::string> bodies{json_body(3000, 1), json_body(6000, 2), json_body(1500, 3)};
    const char* accepts[] = {"br", "gzip", "deflate", ""};
    std::vector<int> failures(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 40; ++i) {
                const std::string& body = bodies[static_cast<std::size_t>(i) % bodies.size()];
                const char* accept = accepts[static_cast<std::size_t>(i + t) % 4];
                const auto out = optimizer.optimize({.method = "GET", .accept_encoding = accept}, ok_response(body));
                const auto back = decode(out.coding, out.body, body.size());
                const bool tag_ok = out.header("ETag").find(strong_etag(body).substr(1, 16)) != std::string_view::npos;
                if (!back || *back != body || !tag_ok) ++failures[static_cast<std::size_t>(t)];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == std::vector<int>(4, 0));
}

}  // namespace response_optimizer_test
