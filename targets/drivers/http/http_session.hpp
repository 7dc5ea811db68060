#pragma once
// One VU's keep-alive connection and the request/response exchange on it.
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "harness/engine/driver.hpp"
#include "harness/engine/watchdog.hpp"
#include "targets/drivers/endpoint_cache.hpp"
#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/error_mapping.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace boost::asio::ssl {
class context;
}

namespace throng::targets::http {

class ResponseSink;
struct TlsState;

// Where a connection goes: a target's resolved endpoints and TLS context
// (null for plain HTTP), compared by identity.
struct Peer {
    const void* endpoints = nullptr;
    const void* tls = nullptr;
    friend bool operator==(const Peer&, const Peer&) = default;
};

struct PreparedRequest final : engine::PreparedStep {
    std::string bytes;                              // the whole request, serialized once (when constant)
    std::shared_ptr<const HttpStepSpec> templated;  // else rendered per request from this
    BaseUrl base;
    core::ReplyNeeds needs;       // what to keep of the response
    std::size_t max_body = 0;     // of a kept body
    std::size_t max_headers = 0;  // the response header block's size limit
    std::shared_ptr<const Endpoints> endpoints;
    // https: the context connections are made with, and whether the
    // certificate's name is checked against base.host.
    std::shared_ptr<boost::asio::ssl::context> tls;
    bool verify_name = false;

    Peer peer() const { return {endpoints.get(), tls.get()}; }
    core::Nanos timeout = 0;
    core::Nanos connect_timeout = 0;
    bool head = false;        // a HEAD response announces a body it does not send
    bool idempotent = false;  // safe to send again after a stale connection
};

class HttpSession final : public engine::SessionOf<PreparedRequest>, private engine::Deadline {
public:
    explicit HttpSession(const engine::SessionContext& context);
    ~HttpSession() override;

    void abort() override;

private:
    boost::asio::awaitable<core::Outcome> run_step(const PreparedRequest& request, const engine::StepIo& io) override;
    void expire() override;  // the watchdog says the current phase took too long
    // A new connection (TCP, then TLS for https); a failure is set on `out`.
    boost::asio::awaitable<void> connect(const PreparedRequest& request, core::Outcome& out);
    boost::asio::awaitable<void> handshake(const PreparedRequest& request, core::Outcome& out);
    boost::asio::awaitable<std::size_t> write(const std::string& bytes, boost::system::error_code& ec);
    boost::asio::awaitable<std::size_t> read_some(boost::system::error_code& ec);
    void set_failure(const boost::system::error_code& ec, Phase phase, core::Outcome& out) const;
    struct Response {
        std::size_t bytes = 0;  // everything read, interim responses included
        int status = 0;
        bool keep_alive = false;
        std::string content_encoding;  // of a kept body
    };
    // Reads the final response, skipping interim 1xx ones.
    boost::asio::awaitable<Response> read_response(const PreparedRequest& request, core::Reply* reply,
                                                   boost::system::error_code& ec);
    boost::asio::awaitable<std::size_t> read_message(ResponseSink& sink, boost::system::error_code& ec);
    static void decode(const Response& response, const PreparedRequest& request, core::Reply& reply,
                       core::Outcome& out);
    void close();

    boost::asio::ip::tcp::socket socket_;  // under TLS for https
    std::unique_ptr<TlsState> tls_;        // created by the first https connection
    Peer peer_;                            // the open connection's
    boost::beast::flat_buffer buffer_;
    std::string rendered_;  // a templated request's bytes (capacity reused)
    std::string scratch_;
    core::Nanos first_byte_ = 0;  // when the current response's first bytes arrived
    engine::Watchdog& watchdog_;
    bool timed_out_ = false;
    bool aborted_ = false;  // the VU is being cut: no retry, no reconnect
};

}  // namespace throng::targets::http
