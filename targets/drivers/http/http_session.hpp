#pragma once
// One VU's keep-alive connection and the request/response exchange on it.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "harness/engine/driver.hpp"
#include "harness/engine/watchdog.hpp"
#include "targets/drivers/endpoint_cache.hpp"
#include "targets/drivers/per_thread.hpp"
#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/cookie_jar.hpp"
#include "targets/drivers/http/error_mapping.hpp"
#include "targets/drivers/http/h2_connection.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/drivers/http/peer.hpp"

namespace boost::asio::ssl {
class context;
}

namespace throng::targets::http {

class ResponseSink;
struct TlsState;
struct OwnedConnection;
class WorkerH2Pools;
struct SharedH2Connection;

// Where one request goes: the target's, or a redirect's elsewhere.
struct Destination {
    const BaseUrl* base = nullptr;
    const Endpoints* endpoints = nullptr;
    boost::asio::ssl::context* tls = nullptr;  // null for http
    bool verify_name = false;                  // the certificate's name is checked against base->host

    Peer peer() const { return {endpoints, tls}; }
};

struct PreparedRequest final : engine::PreparedStep {
    std::string bytes;                              // the whole request, serialized once (when constant)
    std::shared_ptr<const HttpStepSpec> templated;  // else rendered per request from this
    BaseUrl base;
    core::ReplyNeeds needs;        // what to keep of the response
    bool url_facet = false;        // the rules read the final URL
    bool redirects_facet = false;  // or the number of redirects followed
    std::size_t max_body = 0;      // of a kept body
    std::size_t max_headers = 0;   // the response header block's size limit
    std::shared_ptr<const Endpoints> endpoints;
    // https: the context connections are made with, and whether the
    // certificate's name is checked against base.host.
    std::shared_ptr<boost::asio::ssl::context> tls;
    bool verify_name = false;

    Destination destination() const { return {&base, endpoints.get(), tls.get(), verify_name}; }
    core::Nanos timeout = 0;
    core::Nanos connect_timeout = 0;
    std::shared_ptr<const HttpStepSpec> spec;  // its method and the cookies it sets
    HttpTargetOptions::Cookies cookies = HttpTargetOptions::Cookies::iteration;
    bool own_cookie_header = false;  // the step sends its own Cookie header: the jar's is not added
    int redirects = 0;               // followed at most
    // For redirects to another https origin: the target's TLS context, or
    // the system CAs' for an http target (null if that did not load).
    std::shared_ptr<boost::asio::ssl::context> redirect_tls;
    bool redirect_verify_name = true;
    // HTTP/2: h2c with prior knowledge over http, ALPN's choice over https.
    bool http2 = false;
    // The target's `pool`: its worker's VUs share this many HTTP/2
    // connections to it (0: each VU has its own), found in h2_pools.
    std::size_t h2_pool = 0;
    std::shared_ptr<PerThread<WorkerH2Pools>> h2_pools;
};

class HttpSession final : public engine::SessionOf<PreparedRequest>, private engine::Deadline {
public:
    explicit HttpSession(const engine::SessionContext& context);
    ~HttpSession() override;

    void abort() override;

private:
    boost::asio::awaitable<core::Outcome> run_step(const PreparedRequest& request, const engine::StepIo& io) override;
    void expire() override;  // the watchdog says the current phase took too long
    // One request and its response (retried once on a stale connection).
    struct Exchange {
        Destination to;
        const std::string& bytes;
        bool head = false;        // a HEAD response announces a body it does not send
        bool idempotent = false;  // safe to send again after a stale connection
        bool location = false;    // keep the response's Location
    };
    boost::asio::awaitable<core::Outcome> exchange(const Exchange& x, const PreparedRequest& request,
                                                   core::Reply* reply);
    // The same over HTTP/2 (http_session_h2.cpp); nullopt when the server
    // chose HTTP/1.1 by ALPN, which the VU then speaks to it.
    boost::asio::awaitable<std::optional<core::Outcome>> exchange_h2(const Exchange& x, const PreparedRequest& request,
                                                                     core::Reply* reply);
    enum class H2Start { started, failed, http1 };
    // A new connection into `into` (the VU's own, or one its worker's VUs share).
    boost::asio::awaitable<H2Start> connect_h2(const Destination& to, const PreparedRequest& request,
                                               core::Outcome& out, std::shared_ptr<H2Connection>& into);
    // The connection the VU's request goes on: its own, or the target's
    // pool's, then made if need be; `reused` when it was there before.
    boost::asio::awaitable<H2Start> h2_connection_for(const Destination& to, const PreparedRequest& request,
                                                      core::Outcome& out, std::shared_ptr<H2Connection>& connection,
                                                      bool& reused);
    boost::asio::awaitable<H2Start> shared_h2_connection(const Destination& to, const PreparedRequest& request,
                                                         core::Outcome& out, std::shared_ptr<H2Connection>& connection,
                                                         bool& reused);
    // The TCP connection of connect(), without TLS.
    boost::asio::awaitable<void> connect_tcp(const Destination& to, const PreparedRequest& request, core::Outcome& out);
    void keep_h2_response(H2Response& response, const PreparedRequest& request, core::Reply* reply, bool location,
                          core::Outcome& out);
    // A new connection (TCP, then TLS for https); a failure is set on `out`.
    boost::asio::awaitable<void> connect(const Destination& to, const PreparedRequest& request, core::Outcome& out);
    boost::asio::awaitable<void> handshake(const Destination& to, const PreparedRequest& request, core::Outcome& out);
    // Where a redirect goes: the target's own endpoints and TLS for its
    // origin, else resolved now (once per VU and origin).
    boost::asio::awaitable<std::optional<Destination>> destination_of(const BaseUrl& next,
                                                                      const PreparedRequest& request,
                                                                      core::Outcome& out);
    // The jar, before a request: emptied for a new iteration, given the
    // step's cookies.
    void prepare_jar(const PreparedRequest& request, const engine::StepIo& io);
    // The cookies of the response just read into the jar, and their values
    // into the VU's cookies.NAME.
    void take_cookies(const BaseUrl& from, std::string_view target, const engine::StepIo& io);
    void publish_cookie(const std::string& name, const engine::StepIo& io);
    // `bytes`, or them with the jar's Cookie header for `to` in cookie_bytes_.
    const std::string& with_cookies(const std::string& bytes, const BaseUrl& to, std::string_view target,
                                    const PreparedRequest& request);
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
    boost::asio::awaitable<Response> read_response(const Exchange& x, const PreparedRequest& request,
                                                   core::Reply* reply, boost::system::error_code& ec);
    boost::asio::awaitable<std::size_t> read_message(ResponseSink& sink, boost::system::error_code& ec);
    static void decode(std::string_view content_encoding, const PreparedRequest& request, core::Reply& reply,
                       core::Outcome& out);
    void close();
    void end_tls_connection();  // an HTTP/1.1 connection's TLS, its session kept for resumption
    // HTTP/2's TLS connections (their SSL*): the session kept for `to`
    // offered before a handshake, a new one kept once the connection
    // works, and none after a failed handshake.
    void offer_resumption(void* ssl, const Peer& to) const;
    void keep_resumable(void* ssl, const Peer& to);
    void forget_resumable();

    // A redirect's other origin, resolved at run time.
    struct Origin {
        BaseUrl base;
        std::shared_ptr<const Endpoints> endpoints;
    };

    boost::asio::ip::tcp::socket socket_;  // under TLS for https
    std::unique_ptr<TlsState> tls_;        // created by the first https connection
    Peer peer_;                            // the open connection's
    boost::beast::flat_buffer buffer_;
    std::string rendered_;  // a templated request's bytes (capacity reused)
    std::string scratch_;
    core::Nanos first_byte_ = 0;  // when the current response's first bytes arrived
    // Cookies and redirects: what the last response said, the jar, and the
    // requests made from the step's (capacity reused).
    CookieJar jar_;
    std::optional<std::uint64_t> jar_iteration_;  // the iteration the jar was last emptied for
    std::vector<std::string> set_cookies_;
    std::string location_;
    std::string cookie_line_, cookie_bytes_, hop_bytes_, next_hop_bytes_, hop_target_, hop_method_;
    std::map<std::string, Origin, std::less<>> origins_;  // by "host port"
    std::unique_ptr<boost::asio::ip::tcp::resolver> resolver_;
    // HTTP/2: the VU's connection and where it goes, the connection being
    // set up (closed by a deadline), and the last server that chose
    // HTTP/1.1 by ALPN (not asked again).
    std::shared_ptr<H2Connection> h2_;
    Peer h2_peer_;
    OwnedConnection* h2_connecting_ = nullptr;
    H2Connection* h2_starting_ = nullptr;
    // Pooled: the worker's shared connections, the one the VU waits for
    // another VU to make, and what ends its stream on them when it is cut
    // (the connection, others', stays open).
    std::shared_ptr<WorkerH2Pools> shared_h2_;
    SharedH2Connection* h2_waiting_for_ = nullptr;
    H2Cancel h2_cancel_;
    std::optional<Peer> http1_only_;
    H2Request h2_request_;
    H2Limits h2_limits_;
    engine::Watchdog& watchdog_;
    bool timed_out_ = false;
    bool aborted_ = false;  // the VU is being cut: no retry, no reconnect
};

}  // namespace throng::targets::http
