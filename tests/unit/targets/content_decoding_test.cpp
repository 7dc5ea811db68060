// Compressed response bodies decoded for the rules that read them: gzip,
// deflate (zlib's format and raw) and br, bounded by the body limit, and what
// is corrupt or unknown said so.
#include <catch2/catch.hpp>

#include <brotli/encode.h>

#include <string>

#include "support/gzip.hpp"
#include "targets/drivers/http/content_decoding.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/drivers/http/request_bytes.hpp"
#include "targets/drivers/http/base_url.hpp"

namespace decoding_test {

using throng::targets::http::decode_body;
using throng::targets::http::DecodeResult;

using throng::test::deflated;

std::string brotli(const std::string& text) {
    std::string out(BrotliEncoderMaxCompressedSize(text.size()) + 16, '\0');
    std::size_t size = out.size();
    REQUIRE(BrotliEncoderCompress(BROTLI_MIN_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, text.size(),
                                  reinterpret_cast<const std::uint8_t*>(text.data()), &size,
                                  reinterpret_cast<std::uint8_t*>(out.data())) == BROTLI_TRUE);
    out.resize(size);
    return out;
}

std::string sample() {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "{\"item\": " + std::to_string(i) + ", \"name\": \"widget\"}\n";
    return text;  // ~70 KB: several of the decoder's 16 KiB chunks
}

}  // namespace decoding_test

using namespace decoding_test;

TEST_CASE("gzip, deflate and br bodies are decoded whole", "[http][compression]") {
    const std::string text = sample();
    struct Case {
        const char* encoding;
        std::string body;
    };
    for (const auto& c :
         {Case{"gzip", deflated(text, 16 + 15)}, Case{"x-gzip", deflated(text, 16 + 15)},
          Case{"deflate", deflated(text, 15)}, Case{"deflate", deflated(text, -15)}, Case{" BR ", brotli(text)}}) {
        INFO(c.encoding);
        std::string body = c.body;
        CHECK(body.size() < text.size() / 4);
        CHECK(decode_body(c.encoding, body, 1 << 20, true) == DecodeResult::decoded);
        CHECK(body == text);
    }
}

TEST_CASE("decoding stops at the body limit, and a cut-short body is truncated, not corrupt", "[http][compression]") {
    const std::string text = sample();
    for (const auto& [encoding, encoded] : {std::pair<const char*, std::string>{"gzip", deflated(text, 16 + 15)},
                                            std::pair<const char*, std::string>{"br", brotli(text)}}) {
        INFO(encoding);
        std::string limited = encoded;
        CHECK(decode_body(encoding, limited, 1000, true) == DecodeResult::truncated);
        CHECK(limited == text.substr(0, 1000));
        std::string cut = encoded.substr(0, encoded.size() / 2);  // the kept part of a longer body
        CHECK(decode_body(encoding, cut, 1 << 20, false) == DecodeResult::truncated);
        CHECK(text.starts_with(cut));
        std::string cut_but_whole = encoded.substr(0, encoded.size() / 2);
        CHECK(decode_body(encoding, cut_but_whole, 1 << 20, true) == DecodeResult::corrupt);
    }
}

TEST_CASE("identity, unknown codings and nonsense are told apart", "[http][compression]") {
    std::string body = "plain";
    CHECK(decode_body("", body, 100, true) == DecodeResult::not_encoded);
    CHECK(decode_body("identity", body, 100, true) == DecodeResult::not_encoded);
    CHECK(decode_body("zstd", body, 100, true) == DecodeResult::unsupported);
    CHECK(decode_body("gzip, br", body, 100, true) == DecodeResult::unsupported);
    CHECK(body == "plain");
    CHECK(decode_body("gzip", body, 100, true) == DecodeResult::corrupt);
    CHECK(body == "plain");  // left as it came
    std::string empty;
    CHECK(decode_body("gzip", empty, 100, true) == DecodeResult::not_encoded);  // a 204 or HEAD's
}

TEST_CASE("a target's compression asks for it unless a step says otherwise", "[http][compression]") {
    using namespace throng::targets::http;
    auto base = *parse_base_url("http://127.0.0.1:8080");
    base.accept_encoding = "gzip, deflate, br";
    HttpStepSpec get;
    get.path = throng::core::Template::parse("/", {});
    CHECK(serialize_request(get, base).find("\r\nAccept-Encoding: gzip, deflate, br\r\n") != std::string::npos);
    get.headers = {{"Accept-Encoding", throng::core::Template::parse("identity", {})}};
    const auto own = serialize_request(get, base);
    CHECK(own.find("gzip") == std::string::npos);
    CHECK(own.find("\r\nAccept-Encoding: identity\r\n") != std::string::npos);
}
