// Responses from a hostile HTTP server, read as a keep-alive connection reads
// them (throng's Beast parser sink, the bytes arriving in segments), then
// checked and extracted from as a step does: JSON pointers, RE2 patterns and
// headers over whatever came. Parse errors are the target's errors; nothing
// may crash, and a kept body never exceeds its limit.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "harness/core/reply.hpp"
#include "harness/core/response_rules.hpp"
#include "targets/drivers/http/response_sink.hpp"

namespace core = throng::core;
namespace http = boost::beast::http;

namespace {

struct Rules {
    std::vector<core::Extraction> extractions;
    std::vector<core::Check> checks;
    std::vector<std::string> headers;

    Rules() {
        const auto extraction = [&](core::Extraction::Source source, std::string path, std::string pattern) {
            core::Extraction e;
            e.variable = "v" + std::to_string(extractions.size());
            e.source = source;
            e.path = std::move(path);
            e.pattern = std::move(pattern);
            core::compile_pattern(e);
            extractions.push_back(std::move(e));
        };
        extraction(core::Extraction::Source::json, "/data/0/token", "");
        extraction(core::Extraction::Source::json, "", "");
        extraction(core::Extraction::Source::regex, "", "id=([0-9]+)");
        extraction(core::Extraction::Source::header, "set-cookie", "session=([^;]*)");
        extraction(core::Extraction::Source::body, "", "");
        const auto check = [&](core::Check::Kind kind, std::string text, std::string pattern, std::string expected) {
            core::Check c;
            c.name = "c" + std::to_string(checks.size());
            c.kind = kind;
            c.text = std::move(text);
            c.pattern = std::move(pattern);
            c.expected_json = std::move(expected);
            c.statuses = {200, 204};
            core::compile_pattern(c);
            checks.push_back(std::move(c));
        };
        check(core::Check::Kind::status_in, "", "", "");
        check(core::Check::Kind::body_matches, "", "(a|aa)+b$", "");
        check(core::Check::Kind::json_equals, "/ok", "", "true");
        check(core::Check::Kind::json_exists, "/a/b~1c/0", "", "");
        check(core::Check::Kind::header_matches, "content-type", "json", "");
        check(core::Check::Kind::body_contains, "needle", "", "");
        headers = core::reply_needs(extractions, checks).headers;
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Rules rules;
    if (size < 2) return 0;
    const std::size_t segment = data[0] % 64 + 1;  // how the bytes arrive
    const std::size_t max_headers = (data[1] + 1) * 64u;
    const char* bytes = reinterpret_cast<const char*>(data) + 2;
    const std::size_t length = size - 2;
    constexpr std::size_t max_body = 512;

    boost::beast::flat_buffer buffer;
    std::size_t fed = 0;
    core::RuleResults results;
    for (int message = 0; message < 4; ++message) {
        throng::targets::http::ResponseSink sink(max_headers);
        core::Reply reply;
        sink.keep(&reply, true, max_body, &rules.headers);
        boost::beast::error_code ec;
        while (!sink.is_done()) {
            if (buffer.size() == 0 || ec == http::error::need_more) {
                if (fed == length) {  // the server closed: as Beast's read does at EOF
                    ec = {};
                    if (sink.got_some())
                        sink.put_eof(ec);
                    else
                        ec = http::error::end_of_stream;
                    break;
                }
                const std::size_t n = std::min(segment, length - fed);
                auto room = buffer.prepare(n);
                std::copy_n(bytes + fed, n, static_cast<char*>(room.data()));
                buffer.commit(n);
                fed += n;
            }
            ec = {};
            buffer.consume(sink.put_buffered(buffer.data(), ec));
            if (ec && ec != http::error::need_more) break;
        }
        if (reply.body.size() > max_body) std::abort();
        reply.status = sink.status();
        core::evaluate(rules.extractions, rules.checks, reply, !ec && sink.is_done(), 1'000'000, results);
        if (ec || !sink.keep_alive()) break;
    }
    return 0;
}
