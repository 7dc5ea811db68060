#pragma once
// A Beast response parser that keeps only what load testing needs: the
// status, whether the connection stays open, and the body size. The body is
// counted and dropped, so reading a response allocates nothing.
#include <cstdint>

#include <boost/beast/http/basic_parser.hpp>

namespace throng::targets::http {

class ResponseSink final : public boost::beast::http::basic_parser<false> {
public:
    ResponseSink() {
        body_limit(boost::none);   // dropped anyway: no reason to cap it
        header_limit(64 * 1024);   // Beast's 8 KiB is tight for cookie-heavy responses
    }

    int status() const { return status_; }
    std::uint64_t body_bytes() const { return body_bytes_; }

private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;

    void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
    void on_response_impl(int code, string_view, int, error_code&) override { status_ = code; }
    void on_field_impl(boost::beast::http::field, string_view, string_view, error_code&) override {}
    void on_header_impl(error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
    std::size_t on_body_impl(string_view body, error_code&) override {
        body_bytes_ += body.size();
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
        body_bytes_ += body.size();
        return body.size();
    }
    void on_finish_impl(error_code&) override {}

    int status_ = 0;
    std::uint64_t body_bytes_ = 0;
};

}  // namespace throng::targets::http
