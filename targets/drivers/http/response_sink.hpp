#pragma once
// A Beast response parser that keeps only what load testing needs: the
// status, whether the connection stays open, and the body size. The body is
// counted and dropped, so reading a response allocates nothing, unless a
// step's extractions or checks read it: then the status, the body (up to a
// limit) and the named headers go into a core::Reply.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>

#include "harness/core/ascii.hpp"
#include "harness/core/reply.hpp"

namespace throng::targets::http {

class ResponseSink final : public boost::beast::http::basic_parser<false> {
public:
    // `max_headers`: the largest header block accepted (status line, fields
    // and the blank line). Beast's own limit is applied to the bytes it has
    // buffered, so whether a header block near it passes depends on how the
    // bytes arrived (the first response on a connection failed, the next
    // identical ones passed). The block is therefore measured here, field by
    // field, and judged once it is complete; Beast's limit, twice as large,
    // only bounds the memory a header that never ends can take.
    explicit ResponseSink(std::size_t max_headers) : max_headers_(max_headers) {
        body_limit(boost::none);  // dropped anyway: no reason to cap it
        eager(true);              // parse all that is buffered, as Beast's read does
        header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(2 * max_headers + 8192, 0xFFFFFFFFu)));
    }
    // Keep the body (if `body`, up to `max_body` bytes) and the headers named
    // in `headers` (lowercase) in `reply`.
    void keep(core::Reply* reply, bool body, std::size_t max_body, const std::vector<std::string>* headers) {
        reply_ = reply;
        keep_body_ = body;
        max_body_ = max_body;
        headers_ = headers;
    }

    // Feeds the parser what is buffered, as Beast's read does, and returns
    // what it used. Beast 1.81 bounds the header block but neither a chunk's
    // header line nor the trailer: a chunk extension with an unclosed quote
    // makes it keep all that follows, read again from the start on every
    // put (memory without end, time squared). Both count against the header
    // limit here.
    std::size_t put_buffered(boost::asio::const_buffer buffered, boost::beast::error_code& ec) {
        const std::size_t used = put(buffered, ec);
        if (ec == boost::beast::http::error::need_more && is_header_done() && chunked() &&
            buffered.size() - used > max_headers_)
            ec = boost::beast::http::error::header_limit;
        return used;
    }

    // Collect every Set-Cookie value into `set_cookies` (the VU's jar reads
    // them), and the Location (for redirects), whatever the step keeps.
    void collect(std::vector<std::string>* set_cookies, bool location) {
        set_cookies_ = set_cookies;
        want_location_ = location;
    }
    // The response's Location, when collected (else empty).
    const std::string& location() const { return location_; }

    int status() const { return status_; }
    // The response's Content-Encoding, when its body is kept (else empty).
    const std::string& content_encoding() const { return content_encoding_; }
    std::uint64_t body_bytes() const { return body_bytes_; }

private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;

    void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
    void on_response_impl(int code, string_view reason, int, error_code&) override {
        status_ = code;
        header_bytes_ = std::string_view("HTTP/1.1 200 \r\n").size() + reason.size() + 2;  // + the blank line
    }
    void on_field_impl(boost::beast::http::field field, string_view name, string_view value, error_code&) override {
        header_bytes_ += name.size() + value.size() + 4;  // "name: value\r\n"
        if (set_cookies_ != nullptr && field == boost::beast::http::field::set_cookie)
            set_cookies_->emplace_back(value.data(), value.size());
        if (want_location_ && field == boost::beast::http::field::location)
            location_.assign(value.data(), value.size());
        if (reply_ == nullptr) return;
        if (keep_body_ && core::iequals_ascii({name.data(), name.size()}, "Content-Encoding"))
            content_encoding_.assign(value.data(), value.size());
        if (headers_ == nullptr) return;
        const bool wanted = std::any_of(headers_->begin(), headers_->end(), [&](const std::string& lower) {
            return std::equal(name.begin(), name.end(), lower.begin(), lower.end(),
                              [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
        });
        if (wanted) reply_->headers.emplace_back(std::string(name), std::string(value));
    }
    void on_header_impl(error_code& ec) override {
        if (header_bytes_ > max_headers_) ec = boost::beast::http::error::header_limit;
    }
    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
    std::size_t on_body_impl(string_view body, error_code&) override {
        keep_body(body);
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
        keep_body(body);
        return body.size();
    }
    void on_finish_impl(error_code&) override {}

    void keep_body(string_view body) {
        body_bytes_ += body.size();
        if (reply_ == nullptr || !keep_body_) return;
        const std::size_t room = max_body_ - std::min(max_body_, reply_->body.size());
        if (body.size() > room) reply_->body_truncated = true;
        reply_->body.append(body.data(), std::min(room, body.size()));
    }

    std::size_t max_headers_;
    std::size_t header_bytes_ = 0;
    int status_ = 0;
    std::uint64_t body_bytes_ = 0;
    core::Reply* reply_ = nullptr;
    bool keep_body_ = false;
    std::size_t max_body_ = 0;
    const std::vector<std::string>* headers_ = nullptr;
    std::string content_encoding_;
    std::vector<std::string>* set_cookies_ = nullptr;
    bool want_location_ = false;
    std::string location_;
};

}  // namespace throng::targets::http
