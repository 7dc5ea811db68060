// The HTTP/2 connection (targets/drivers/http/h2_connection.hpp) against a
// real server, nghttpd: exact bodies and headers, flow control both ways,
// many streams on one connection within the server's limit, and the ways a
// stream ends badly: the server killed, close(), the connection destroyed,
// the header and time limits. RST_STREAM and GOAWAY come from a scripted
// server (nghttpd sends neither on demand), as does a server that does not
// speak HTTP/2. Every wait is bounded; no check is on speed.
#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "support/h2_frames.hpp"
#include "support/loopback_server.hpp"
#include "support/nghttpd.hpp"
#include "support/test_certs.hpp"
#include "targets/drivers/http/h2_connection.hpp"
#include "targets/drivers/http/h2_tls_transport.hpp"

namespace http2_test {

namespace asio = boost::asio;
using asio::ip::tcp;
using throng::targets::http::H2Connection;
using throng::targets::http::H2Error;
using throng::targets::http::H2Limits;
using throng::targets::http::H2Request;
using throng::targets::http::H2Response;
using throng::targets::http::H2TcpTransport;
using namespace std::chrono_literals;

// A test's coroutine on an io_context of its own, for at most a minute.
template <class Body>
void run(Body body) {
    asio::io_context io;
    bool finished = false;
    std::exception_ptr failure;
    asio::co_spawn(io, body(io), [&](std::exception_ptr e) {
        finished = true;
        failure = e;
    });
    io.run_for(60s);
    if (failure) std::rethrow_exception(failure);
    REQUIRE(finished);
}

std::string pattern(std::size_t size, std::uint32_t seed) {
    std::string bytes(size, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (char& c : bytes) {
        x = x * 1664525u + 1013904223u;
        c = static_cast<char>(x >> 24);
    }
    return bytes;
}

asio::awaitable<void> pause(std::chrono::milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(asio::use_awaitable);
}

throng::core::Nanos in(std::chrono::milliseconds duration) {
    return throng::core::SteadyClock::read() + std::chrono::nanoseconds(duration).count();
}

asio::awaitable<void> connect(tcp::socket& socket, int port) {
    co_await socket.async_connect({asio::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(port)},
                                  asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
}

asio::awaitable<std::unique_ptr<H2Connection>> connect_h2(tcp::socket& socket, int port) {
    co_await connect(socket, port);
    auto connection = std::make_unique<H2Connection>(socket.get_executor(), std::make_unique<H2TcpTransport>(socket));
    boost::system::error_code ec;
    co_await connection->start(ec);
    INFO(ec.message());
    REQUIRE_FALSE(ec);
    co_return connection;
}

// Requests made at once, each in a coroutine of its own.
struct Batch {
    std::vector<H2Response> responses;
    std::size_t done = 0;

    explicit Batch(std::size_t size) : responses(size) {}
    void spawn(asio::io_context& io, H2Connection& connection, std::size_t i, const H2Request& request,
               const H2Limits& limits) {
        asio::co_spawn(
            io,
            [this, &connection, i, &request, &limits]() -> asio::awaitable<void> {
                responses[i] = co_await connection.request(request, limits);
                ++done;
            },
            asio::detached);
    }
    // Until all are done or the limit passes; whether all are.
    asio::awaitable<bool> wait(std::chrono::seconds limit = 30s) const {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (done < responses.size() && std::chrono::steady_clock::now() < deadline) co_await pause(1ms);
        co_return done == responses.size();
    }
    std::size_t count(H2Error error, const std::string& code) const {
        return std::count_if(responses.begin(), responses.end(),
                             [&](const H2Response& r) { return r.error == error && r.code == code; });
    }
};

const std::string* header(const H2Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return &value;
    return nullptr;
}

// RFC 9113's measure of a header block, as H2Limits::max_headers counts it.
std::size_t header_block_size(const H2Response& response) {
    std::size_t size = std::string_view(":status").size() + 3 + 32;
    for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 32;
    return size;
}

H2Limits keep_all(std::size_t max_body = 1 << 20) {
    H2Limits limits;
    limits.keep_headers = true;
    limits.keep_body = true;
    limits.max_body = max_body;
    return limits;
}

}  // namespace http2_test

using namespace http2_test;

TEST_CASE("http2: a GET returns a file's exact bytes and headers, a missing file a 404", "[integration][http2]") {
    throng::test::Nghttpd server;
    const std::string hello = "hello, HTTP/2\n";
    const std::string bytes = pattern(5000, 1);
    server.file("hello.txt", hello);
    server.file("bytes.bin", bytes);
    const std::string authority = server.authority();
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        H2Request request;
        request.authority = authority;
        request.path = "/hello.txt";
        // nghttpd resets a stream with HTTP/1.1's connection headers: they must be left out.
        request.headers = {{"User-Agent", "throng"}, {"Connection", "keep-alive"}, {"Keep-Alive", "timeout=5"}};
        const H2Response got = co_await connection->request(request, keep_all());
        CHECK(got.error == H2Error::none);
        CHECK(got.status == 200);
        CHECK(got.body == hello);
        CHECK_FALSE(got.body_truncated);
        CHECK(got.body_bytes == hello.size());
        REQUIRE(header(got, "content-length") != nullptr);
        CHECK(*header(got, "content-length") == std::to_string(hello.size()));
        REQUIRE(header(got, "server") != nullptr);
        CHECK(header(got, "server")->find("nghttpd") != std::string::npos);
        for (const auto& [name, value] : got.headers) {
            CHECK(name.front() != ':');
            CHECK(std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
        }
        // At least its HEADERS frame and one DATA frame, each with its 9-byte header.
        CHECK(got.bytes_received >= 9 + 1 + 9 + hello.size());
        CHECK(got.bytes_sent > 9);
        CHECK(got.sent_at > 0);
        CHECK(got.first_byte_at >= got.sent_at);

        request.path = "/bytes.bin";
        const H2Response binary = co_await connection->request(request, keep_all());
        CHECK(binary.status == 200);
        CHECK(binary.body == bytes);
        const H2Response counted = co_await connection->request(request, H2Limits{});  // keeps nothing
        CHECK(counted.status == 200);
        CHECK(counted.body.empty());
        CHECK(counted.headers.empty());
        CHECK(counted.body_bytes == bytes.size());

        request.path = "/missing.txt";
        const H2Response missing = co_await connection->request(request, keep_all());
        CHECK(missing.error == H2Error::none);
        CHECK(missing.status == 404);
        CHECK(connection->usable());
        CHECK(connection->active_streams() == 0);
    });
}

TEST_CASE("http2: a body larger than the stream window arrives whole, or kept in part but fully counted",
          "[integration][http2]") {
    throng::test::Nghttpd server;
    const std::string big = pattern((3 << 20) + 123, 2);  // 3 MiB: three stream windows
    server.file("big.bin", big);
    const std::string authority = server.authority();
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        H2Request request;
        request.authority = authority;
        request.path = "/big.bin";
        const H2Response whole = co_await connection->request(request, keep_all(8 << 20));
        CHECK(whole.status == 200);
        CHECK(whole.body.size() == big.size());
        const bool same = whole.body == big;
        CHECK(same);
        CHECK_FALSE(whole.body_truncated);

        const H2Response cut = co_await connection->request(request, keep_all(1000));
        CHECK(cut.status == 200);
        CHECK(cut.body == big.substr(0, 1000));
        CHECK(cut.body_truncated);
        CHECK(cut.body_bytes == big.size());
        // DATA frames carry at most 16 KiB (no larger SETTINGS_MAX_FRAME_SIZE was offered).
        CHECK(cut.bytes_received >= big.size() + 9 * (big.size() / 16384));
        CHECK(connection->usable());
    });
}

TEST_CASE("http2: a POST body larger than the server's window is sent whole and echoed back", "[integration][http2]") {
    throng::test::Nghttpd server;  // --echo-upload; its windows are 64 KiB
    const std::string authority = server.authority();
    const std::string small = pattern(70 * 1024, 3);
    const std::string large = pattern((2 << 20) + 5, 4);
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        for (const std::string* upload : {&small, &large}) {
            H2Request request;
            request.method = "POST";
            request.authority = authority;
            request.path = "/echo";
            request.headers = {{"Content-Type", "application/octet-stream"}};
            request.body = *upload;
            const H2Response echoed = co_await connection->request(request, keep_all(4 << 20));
            INFO(upload->size() << " bytes: " << to_string(echoed.error) << " " << echoed.code);
            CHECK(echoed.status == 200);
            CHECK(echoed.body.size() == upload->size());
            const bool same = echoed.body == *upload;
            CHECK(same);
            CHECK(echoed.bytes_sent >= upload->size() + 9 * (upload->size() / 16384));
        }
    });
}

TEST_CASE("http2: 50 concurrent requests share one connection, within the server's stream limit",
          "[integration][http2]") {
    // Made while start() waits for the server's SETTINGS, the requests wait
    // too: the server's limit is not known before.
    const bool during_start = GENERATE(false, true);
    std::size_t limit = 0;
    std::vector<std::string> options;
    SECTION("the server allows 100 streams") { limit = 100; }
    SECTION("the server allows 4 streams") {
        limit = 4;
        options.push_back("--max-concurrent-streams=4");
    }
    INFO("limit " << limit << (during_start ? ", made during start()" : ", made after start()"));
    throng::test::Nghttpd server(options);
    const std::string authority = server.authority();
    constexpr std::size_t count = 50;
    std::vector<std::string> paths, bodies;
    std::vector<H2Request> requests(count);
    for (std::size_t i = 0; i < count; ++i) {
        paths.push_back("/file" + std::to_string(i));
        bodies.push_back(pattern(1000 + 997 * i, static_cast<std::uint32_t>(10 + i)));
        server.file(paths.back().substr(1), bodies.back());
    }
    for (std::size_t i = 0; i < count; ++i) {
        requests[i].authority = authority;
        requests[i].path = paths[i];
    }
    const H2Limits limits = keep_all();
    Batch batch(count);
    std::size_t peak = 0;
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        co_await connect(socket, server.port());
        H2Connection connection(io.get_executor(), std::make_unique<H2TcpTransport>(socket));
        boost::system::error_code ec;
        bool started = false;
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                co_await connection.start(ec);
                started = true;
            },
            asio::detached);
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        if (!during_start) {
            while (!started && std::chrono::steady_clock::now() < deadline) co_await pause(1ms);
            REQUIRE(started);
        }
        for (std::size_t i = 0; i < count; ++i) batch.spawn(io, connection, i, requests[i], limits);
        peak = connection.active_streams();  // each request ran up to its wait
        while (batch.done < count && std::chrono::steady_clock::now() < deadline) {
            peak = std::max(peak, connection.active_streams());
            co_await pause(1ms);
        }
        CHECK(started);
        CHECK_FALSE(ec);
        CHECK(connection.usable());
    });
    REQUIRE(batch.done == count);
    std::size_t right = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const H2Response& r = batch.responses[i];
        INFO(i << ": " << to_string(r.error) << " " << r.code);
        CHECK(r.error == H2Error::none);
        CHECK(r.status == 200);
        if (r.body == bodies[i]) ++right;
    }
    CHECK(right == count);
    CHECK(peak <= limit);
    if (limit == 4) CHECK(peak == 4);
    if (limit == 100) CHECK(peak > 4);
    if (limit == 100 && !during_start) CHECK(peak == count);  // all submitted before any could end
}

TEST_CASE("http2: the server killed mid-exchange fails the pending requests with connection_lost",
          "[integration][http2]") {
    throng::test::Nghttpd server;
    server.file("hello.txt", "hello\n");
    const std::string authority = server.authority();
    H2Request request;
    request.authority = authority;
    request.path = "/hello.txt";
    H2Limits limits = keep_all();
    Batch batch(8);
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        CHECK((co_await connection->request(request, limits)).status == 200);
        server.signal(SIGSTOP);     // it reads and answers nothing now
        limits.deadline = in(20s);  // a hang would end as timeout, not as a lost connection
        for (std::size_t i = 0; i < batch.responses.size(); ++i) batch.spawn(io, *connection, i, request, limits);
        co_await pause(100ms);
        CHECK(batch.done == 0);
        CHECK(connection->active_streams() == 8);
        server.signal(SIGKILL);
        CHECK(co_await batch.wait());
        CHECK_FALSE(connection->usable());
        CHECK(connection->failure());
        const H2Response after = co_await connection->request(request, limits);
        CHECK(after.error == H2Error::refused);
        CHECK(after.code == "closed");
    });
    for (const H2Response& r : batch.responses) {
        INFO(to_string(r.error) << " " << r.code);
        CHECK(r.error == H2Error::connection_lost);
        CHECK((r.code == "connection_reset" || r.code == "eof"));
    }
}

TEST_CASE("http2: close() or the destructor ends pending streams and dismisses waiting requests",
          "[integration][http2]") {
    bool destroy = false;
    SECTION("close()") { destroy = false; }
    SECTION("the destructor, with the reader loop suspended") { destroy = true; }
    throng::test::Nghttpd server({"--max-concurrent-streams=2"});
    const std::string authority = server.authority();
    H2Request request;
    request.authority = authority;
    request.path = "/anything";
    const H2Limits limits = keep_all();
    Batch batch(6);
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        server.signal(SIGSTOP);
        for (std::size_t i = 0; i < batch.responses.size(); ++i) batch.spawn(io, *connection, i, request, limits);
        co_await pause(50ms);
        CHECK(connection->active_streams() == 2);  // and 4 waiting for a stream
        if (destroy) {
            connection.reset();
        } else {
            connection->close();
            CHECK_FALSE(connection->usable());
            boost::system::error_code ec;
            co_await connection->start(ec);
            CHECK(ec == asio::error::operation_aborted);
        }
        CHECK(co_await batch.wait());
    });
    CHECK(batch.count(H2Error::connection_lost, "closed") == 2);
    CHECK(batch.count(H2Error::refused, "closed") == 4);  // never sent: safe to send again
}

TEST_CASE("http2: an io_context destroyed with streams and waiters pending leaves nothing dangling",
          "[integration][http2]") {
    // As a worker's event loop ending mid-run would: every coroutine (the
    // connection's owner, its reader, requests with a stream and requests
    // waiting for one) is destroyed unresumed, in Asio's order.
    throng::test::Nghttpd server({"--max-concurrent-streams=2"});
    const std::string authority = server.authority();
    H2Request request;
    request.authority = authority;
    request.path = "/anything";
    const H2Limits limits = keep_all();
    Batch batch(6);
    bool ready = false;
    {
        asio::io_context io;
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                tcp::socket socket(io);
                auto connection = co_await connect_h2(socket, server.port());
                server.signal(SIGSTOP);
                for (std::size_t i = 0; i < batch.responses.size(); ++i)
                    batch.spawn(io, *connection, i, request, limits);
                co_await pause(50ms);
                ready = connection->active_streams() == 2;
                co_await pause(std::chrono::hours(1));
            },
            asio::detached);
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (!ready && std::chrono::steady_clock::now() < deadline) io.run_for(10ms);
        REQUIRE(ready);
    }
    CHECK(batch.done == 0);
}

TEST_CASE("http2: a response header block over max_headers fails its stream only", "[integration][http2]") {
    throng::test::Nghttpd server({"--trailer=x-checksum: 0123456789abcdef"});  // trailers count too
    server.file("hello.txt", "hello\n");
    const std::string authority = server.authority();
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        H2Request request;
        request.authority = authority;
        request.path = "/hello.txt";
        const H2Response first = co_await connection->request(request, keep_all());
        REQUIRE(first.status == 200);
        REQUIRE_FALSE(first.headers.empty());
        CHECK(first.headers.back() == throng::targets::http::H2Field("x-checksum", "0123456789abcdef"));
        const std::size_t size = header_block_size(first);  // nghttpd's fields keep their sizes

        H2Limits limits = keep_all();
        limits.max_headers = size;
        const H2Response fits = co_await connection->request(request, limits);
        CHECK(fits.error == H2Error::none);
        CHECK(fits.status == 200);

        limits.max_headers = size - 1;
        const H2Response over = co_await connection->request(request, limits);
        CHECK(over.error == H2Error::headers_too_large);
        CHECK(connection->active_streams() == 0);
        CHECK(connection->usable());
        const H2Response next = co_await connection->request(request, keep_all());
        CHECK(next.error == H2Error::none);
        CHECK(next.body == "hello\n");
    });
}

namespace http2_test {

// One stream allowed and the server stopped: `sent` goes out and `waiting`
// queues behind it (`arm` runs just before, to set deadlines from then),
// then `end_them` runs (what must end them, if not their deadlines); once
// both are over, the connection, still usable, answers the next request
// when the server goes on.
void one_sent_one_queued(const H2Limits& sent, const H2Limits& waiting, Batch& batch, const std::function<void()>& arm,
                         const std::function<void()>& end_them) {
    throng::test::Nghttpd server({"--max-concurrent-streams=1"});
    server.file("hello.txt", "hello\n");
    const std::string authority = server.authority();
    H2Request request;
    request.authority = authority;
    request.path = "/hello.txt";
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        server.signal(SIGSTOP);
        arm();
        batch.spawn(io, *connection, 0, request, sent);
        batch.spawn(io, *connection, 1, request, waiting);
        co_await pause(50ms);
        CHECK(connection->active_streams() == 1);
        end_them();
        CHECK(co_await batch.wait());
        CHECK(connection->active_streams() == 0);
        CHECK(connection->usable());
        server.signal(SIGCONT);
        const H2Response next = co_await connection->request(request, keep_all());
        CHECK(next.status == 200);
        CHECK(next.body == "hello\n");
    });
}

}  // namespace http2_test

TEST_CASE("http2: a deadline ends an exchange, or a wait for a stream, and frees its stream", "[integration][http2]") {
    H2Limits sent = keep_all(), waiting = keep_all();
    Batch batch(2);
    one_sent_one_queued(
        sent, waiting, batch,
        [&] {
            sent.deadline = in(300ms);
            waiting.deadline = in(150ms);
        },
        [] {});
    CHECK(batch.responses[0].error == H2Error::timeout);
    CHECK(batch.responses[1].error == H2Error::timeout);
}

TEST_CASE("http2: H2Cancel ends one exchange, sent or waiting for a stream, and the connection goes on",
          "[integration][http2]") {
    // No deadlines: only the cancels end these.
    throng::targets::http::H2Cancel cancel_sent, cancel_waiting, cancel_idle;
    H2Limits sent = keep_all(), waiting = keep_all();
    sent.cancel = &cancel_sent;
    waiting.cancel = &cancel_waiting;
    Batch batch(2);
    one_sent_one_queued(
        sent, waiting, batch, [] {},
        [&] {
            cancel_idle.cancel();  // given to no request: nothing happens
            cancel_waiting.cancel();
            cancel_sent.cancel();
            cancel_sent.cancel();  // twice: the first ended it
        });
    CHECK(batch.responses[0].error == H2Error::cancelled);
    CHECK(batch.responses[1].error == H2Error::cancelled);
    CHECK(batch.responses[1].bytes_sent == 0);  // never sent
}

TEST_CASE("http2: over TLS, h2 is agreed by ALPN and a body arrives whole", "[integration][http2]") {
    const auto pair = throng::test::TestCertificates::self_signed({});
    throng::test::Nghttpd server({}, pair.key_pem, pair.cert_pem);
    const std::string body = pattern(200 * 1024, 5);
    server.file("body.bin", body);
    const std::string authority = server.authority();
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        asio::ssl::context context(asio::ssl::context::tls_client);
        context.set_verify_mode(asio::ssl::verify_none);  // the certificate is not what is tested here
        tcp::socket socket(io);
        co_await connect(socket, server.port());
        throng::targets::http::TlsStream stream(socket, context);
        REQUIRE(throng::targets::http::offer_h2(stream.native_handle()));
        co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
        REQUIRE(throng::targets::http::agreed_on_h2(stream.native_handle()));
        H2Connection connection(io.get_executor(), std::make_unique<throng::targets::http::H2TlsTransport>(stream));
        boost::system::error_code ec;
        co_await connection.start(ec);
        REQUIRE_FALSE(ec);
        H2Request request;
        request.scheme = "https";
        request.authority = authority;
        request.path = "/body.bin";
        const H2Response got = co_await connection.request(request, keep_all());
        CHECK(got.status == 200);
        const bool same = got.body == body;
        CHECK(same);
        connection.close();
        // The stream must outlive the reads and writes that close() ended.
        for (int i = 0; i < 5000 && connection.transport_in_use(); ++i) co_await pause(1ms);
        CHECK_FALSE(connection.transport_in_use());
    });
}

namespace http2_test {

using throng::test::h2::frame;
using throng::test::h2::u32;
constexpr std::uint8_t headers_frame = throng::test::h2::headers, rst_stream_frame = throng::test::h2::rst_stream,
                       settings_frame = throng::test::h2::settings, goaway_frame = throng::test::h2::goaway;

bool readable(int fd, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, timeout_ms) > 0;
}

// The stream ids of the first `count` HEADERS frames the client sends (fewer
// if it stops): its preface's magic first, then whole frames.
std::vector<std::uint32_t> request_streams(int fd, std::size_t count) {
    std::string in;
    std::size_t at = throng::test::h2::client_preface_size;
    std::vector<std::uint32_t> ids;
    while (ids.size() < count && readable(fd, 10000)) {
        char chunk[4096];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        in.append(chunk, static_cast<std::size_t>(n));
        while (const auto header = throng::test::h2::next_frame(in, at))
            if (header->type == headers_frame) ids.push_back(header->stream);
    }
    return ids;
}

// Reads until the client ends the connection (bounded).
void wait_for_close(int fd) {
    char chunk[4096];
    while (readable(fd, 10000) && ::recv(fd, chunk, sizeof chunk, 0) > 0) {}
}

// Ends the server's side, then waits for the client to end its own.
void finish_connection(int fd) {
    ::shutdown(fd, SHUT_WR);
    wait_for_close(fd);
}

std::string describe(const std::vector<H2Response>& responses) {
    std::string text;
    for (const H2Response& r : responses)
        text += std::string(to_string(r.error)) + " " + r.code + " " + std::to_string(r.status) + "; ";
    return text;
}

}  // namespace http2_test

TEST_CASE("http2: RST_STREAM and GOAWAY end each stream as refused (safe to retry) or not", "[integration][http2]") {
    // Five streams: the first reset (INTERNAL_ERROR), the second refused
    // (REFUSED_STREAM); then GOAWAY with the fourth as the last the server
    // will process: the fifth is refused; the third is answered, and the
    // fourth left unfinished when the server closes.
    throng::test::LoopbackServer server([](int fd) {
        throng::test::LoopbackServer::send_all(fd, frame(settings_frame, 0, 0, ""));
        const std::vector<std::uint32_t> ids = request_streams(fd, 5);
        if (ids.size() < 5) return;
        const std::string status_200 = throng::test::h2::status_200;
        throng::test::LoopbackServer::send_all(
            fd, frame(settings_frame, 1, 0, "") + frame(rst_stream_frame, 0, ids[0], u32(2)) +
                    frame(rst_stream_frame, 0, ids[1], u32(7)) + frame(goaway_frame, 0, 0, u32(ids[3]) + u32(0)) +
                    frame(headers_frame, 0x5, ids[2], status_200));  // END_STREAM | END_HEADERS
        finish_connection(fd);
    });
    H2Request request;
    request.authority = "127.0.0.1";
    Batch batch(5);
    const H2Limits limits = keep_all();
    run([&](asio::io_context& io) -> asio::awaitable<void> {
        tcp::socket socket(io);
        auto connection = co_await connect_h2(socket, server.port());
        for (std::size_t i = 0; i < batch.responses.size(); ++i) batch.spawn(io, *connection, i, request, limits);
        CHECK(co_await batch.wait());
        CHECK_FALSE(connection->usable());
        CHECK((co_await connection->request(request, limits)).error == H2Error::refused);
    });
    INFO(describe(batch.responses));
    CHECK(batch.count(H2Error::reset, "INTERNAL_ERROR") == 1);
    CHECK(batch.count(H2Error::refused, "REFUSED_STREAM") == 1);
    CHECK(batch.count(H2Error::none, "") == 1);
    CHECK(batch.count(H2Error::goaway, "NO_ERROR") == 1);  // processed, or not: not safe to retry
    CHECK(batch.count(H2Error::refused, "GOAWAY") == 1);
    CHECK(std::count_if(batch.responses.begin(), batch.responses.end(),
                        [](const H2Response& r) { return r.status == 200; }) == 1);
}

TEST_CASE("http2: start() fails on a server that does not speak HTTP/2, and close() ends a start() left unanswered",
          "[integration][http2]") {
    SECTION("an HTTP/1.1 server") {
        throng::test::LoopbackServer server([](int fd) {
            if (!readable(fd, 10000)) return;
            char chunk[4096];
            if (::recv(fd, chunk, sizeof chunk, 0) <= 0) return;
            throng::test::LoopbackServer::send_all(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            finish_connection(fd);
        });
        run([&](asio::io_context& io) -> asio::awaitable<void> {
            tcp::socket socket(io);
            co_await connect(socket, server.port());
            H2Connection connection(io.get_executor(), std::make_unique<H2TcpTransport>(socket));
            boost::system::error_code ec;
            co_await connection.start(ec);
            INFO(ec.message());
            CHECK(ec == boost::system::errc::protocol_error);
            CHECK_FALSE(connection.usable());
        });
    }
    SECTION("a server that never answers") {
        throng::test::LoopbackServer server([](int fd) { wait_for_close(fd); });
        run([&](asio::io_context& io) -> asio::awaitable<void> {
            tcp::socket socket(io);
            co_await connect(socket, server.port());
            H2Connection connection(io.get_executor(), std::make_unique<H2TcpTransport>(socket));
            asio::co_spawn(
                io,
                [&connection]() -> asio::awaitable<void> {
                    co_await pause(100ms);
                    connection.close();
                },
                asio::detached);
            boost::system::error_code ec;
            co_await connection.start(ec);
            CHECK(ec == asio::error::operation_aborted);
        });
    }
}
