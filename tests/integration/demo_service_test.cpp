// DemoService over real sockets, with a plain blocking client.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "examples/demo-service/demo_service.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using throng::demo::DemoConfig;
using throng::demo::DemoService;
using throng::demo::DemoStats;
using Response = http::response<http::string_body>;
using Clock = std::chrono::steady_clock;

// One blocking connection to the service.
class Client {
public:
    explicit Client(std::uint16_t port) : socket_(io_) { socket_.connect({asio::ip::make_address("127.0.0.1"), port}); }

    Response request(http::verb method, std::string_view target, std::string body = {},
                     std::string_view content_type = {}, unsigned version = 11) {
        send(method, target, std::move(body), content_type, version);
        return read();
    }

    Response get(std::string_view target) { return request(http::verb::get, target); }

    void send(http::verb method, std::string_view target, std::string body = {}, std::string_view content_type = {},
              unsigned version = 11, bool close = false) {
        http::request<http::string_body> request{method, target, version};
        request.set(http::field::host, "127.0.0.1");
        if (!content_type.empty()) request.set(http::field::content_type, content_type);
        if (close) request.keep_alive(false);
        request.body() = std::move(body);
        request.prepare_payload();
        http::write(socket_, request);
    }

    void send_raw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

    Response read() {
        Response response;
        http::read(socket_, buffer_, response);
        return response;
    }

    // A response to HEAD: headers only, whatever Content-Length says.
    Response read_head_response() {
        http::response_parser<http::string_body> parser;
        parser.skip(true);
        http::read(socket_, buffer_, parser);
        return parser.release();
    }

    // True once the server has closed its side (end of stream or reset, with
    // nothing more sent). Waits at most `timeout`, so that a server that keeps
    // the connection open fails the test instead of hanging it. Plain recv():
    // no error_code comparison across the Boost build boundary.
    bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        if (buffer_.size() != 0) return false;
        pollfd watch{socket_.native_handle(), POLLIN, 0};
        if (::poll(&watch, 1, static_cast<int>(timeout.count())) != 1) return false;
        char byte;
        const auto received = ::recv(socket_.native_handle(), &byte, 1, 0);
        return received == 0 || (received < 0 && errno == ECONNRESET);
    }

private:
    asio::io_context io_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
};

DemoConfig quick_config() {
    DemoConfig config;
    config.item_median_ms = 0.5;
    config.item_max_ms = 5;
    return config;
}

// Counters change just after a response is sent, so a client can see the
// response a moment before stats() does.
template <class Predicate>
DemoStats wait_for_stats(const DemoService& service, Predicate predicate) {
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    auto stats = service.stats();
    while (!predicate(stats) && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        stats = service.stats();
    }
    return stats;
}

std::chrono::milliseconds elapsed_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

}  // namespace

TEST_CASE("demo service: GET /health", "[demo]") {
    DemoService service(quick_config());
    service.start();
    REQUIRE(service.port() != 0);
    CHECK(service.base_url() == "http://127.0.0.1:" + std::to_string(service.port()));

    Client client(service.port());
    const auto response = client.get("/health");
    CHECK(response.result_int() == 200);
    CHECK(response.body() == "ok\n");
    CHECK(response[http::field::content_type] == "text/plain");
    CHECK(response[http::field::server] == "throng-demo");
    CHECK(response[http::field::content_length] == "3");
    CHECK(response.version() == 11);
    CHECK(response.keep_alive());
}

TEST_CASE("demo service: GET /items/{id}", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());

    const auto first = client.get("/items/42");
    CHECK(first.result_int() == 200);
    CHECK(first[http::field::content_type] == "application/json");
    CHECK(first.body().starts_with(R"({"id":42,"name":"item-42","price":)"));
    CHECK(first.body().ends_with("}"));
    CHECK(client.get("/items/42").body() == first.body());  // the price depends only on the id
    CHECK(client.get("/items/9999999999999999999").result_int() == 200);
    CHECK(client.get("/items/7?delay_ms=0").body().starts_with(R"({"id":7,"name":"item-7",)"));

    for (const auto* bad : {"/items/", "/items/abc", "/items/12x", "/items/-1", "/items/12345678901234567890",
                            "/items/1?delay_ms=60001", "/items/1?delay_ms=soon"}) {
        INFO(bad);
        CHECK(client.get(bad).result_int() == 400);
    }
    CHECK(client.request(http::verb::post, "/items/1", "x").result_int() == 405);
}

TEST_CASE("demo service: ?delay_ms and /slow wait at least as asked", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());

    auto start = Clock::now();
    CHECK(client.get("/items/5?delay_ms=150").result_int() == 200);
    CHECK(elapsed_since(start).count() >= 120);

    start = Clock::now();
    const auto slow = client.get("/slow?ms=100");
    CHECK(elapsed_since(start).count() >= 80);
    CHECK(slow.result_int() == 200);
    CHECK(slow.body() == "slow\n");

    CHECK(client.get("/slow?ms=0").result_int() == 200);
    CHECK(client.get("/slow?ms=60001").result_int() == 400);
    CHECK(client.get("/slow?ms=-5").result_int() == 400);
}

TEST_CASE("demo service: a delayed response does not hold up other connections", "[demo]") {
    DemoService service(quick_config());  // one thread
    service.start();
    Client waiting(service.port());
    waiting.send(http::verb::get, "/slow?ms=10000");
    wait_for_stats(service, [](const DemoStats& s) { return s.connections_accepted == 1; });

    Client other(service.port());
    CHECK(other.get("/health").result_int() == 200);
    CHECK(service.stats().slow == 0);  // still waiting, without blocking the thread
}

TEST_CASE("demo service: GET /flaky", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());

    const auto ok = client.get("/flaky?error_rate=0");
    CHECK(ok.result_int() == 200);
    CHECK(ok.body() == R"({"ok":true})");
    CHECK(ok[http::field::content_type] == "application/json");

    const auto failed = client.get("/flaky?error_rate=1");
    CHECK(failed.result_int() == 500);
    CHECK(failed.body() == R"({"error":"injected failure"})");
    CHECK(failed.keep_alive());

    CHECK(client.get("/flaky?error_rate=1.5").result_int() == 400);
    CHECK(client.get("/flaky?error_rate=often").result_int() == 400);
}

TEST_CASE("demo service: /flaky fails at the configured rate", "[demo]") {
    DemoConfig config = quick_config();
    config.flaky_error_rate = 0.3;
    DemoService service(config);
    service.start();
    Client client(service.port());

    constexpr int total = 2000;
    int failures = 0;
    for (int i = 0; i < total; ++i) {
        const auto status = client.get("/flaky").result_int();
        REQUIRE((status == 200 || status == 500));
        failures += status == 500;
    }
    // sd = sqrt(0.3 * 0.7 / 2000) ~ 0.0102; allow about 5 sd.
    CHECK(failures / double(total) == Approx(0.3).margin(0.05));
    const auto stats = wait_for_stats(service, [](const DemoStats& s) { return s.flaky == total; });
    CHECK(stats.flaky_failed == std::uint64_t(failures));
}

TEST_CASE("demo service: POST /echo", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());

    const auto echoed = client.request(http::verb::post, "/echo", R"({"a":1})", "application/json");
    CHECK(echoed.result_int() == 200);
    CHECK(echoed.body() == R"({"a":1})");
    CHECK(echoed[http::field::content_type] == "application/json");

    const auto bytes = client.request(http::verb::post, "/echo", std::string("\0\1\2", 3));
    CHECK(bytes.body() == std::string("\0\1\2", 3));
    CHECK(bytes[http::field::content_type] == "application/octet-stream");

    const std::string largest(1024 * 1024, 'x');
    CHECK(client.request(http::verb::post, "/echo", largest).body() == largest);
    CHECK(client.request(http::verb::post, "/echo").body().empty());

    const auto get = client.get("/echo");
    CHECK(get.result_int() == 405);
    CHECK(get[http::field::allow] == "POST");
}

TEST_CASE("demo service: a body over 1 MiB gets 413 and a close", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());

    SECTION("announced by Content-Length") {
        client.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n");
    }
    SECTION("sent in full") { client.send(http::verb::post, "/echo", std::string(1024 * 1024 + 1, 'x')); }
    const auto response = client.read();
    CHECK(response.result_int() == 413);
    CHECK_FALSE(response.keep_alive());
    CHECK(client.closed_by_server());
}

TEST_CASE("demo service: unknown paths and wrong methods", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());

    const auto missing = client.get("/nope");
    CHECK(missing.result_int() == 404);
    CHECK(missing[http::field::content_type] == "text/plain");
    CHECK(client.get("/items").result_int() == 404);
    CHECK(client.get("/").result_int() == 404);

    const auto wrong = client.request(http::verb::delete_, "/health");
    CHECK(wrong.result_int() == 405);
    CHECK(wrong[http::field::allow] == "GET, HEAD");
    CHECK(client.get("/health").result_int() == 200);  // still usable
}

TEST_CASE("demo service: HEAD gets the GET headers without a body", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());
    client.send(http::verb::head, "/health");
    const auto head = client.read_head_response();
    CHECK(head.result_int() == 200);
    CHECK(head[http::field::content_length] == "3");
    CHECK(head.body().empty());
    CHECK(client.get("/health").body() == "ok\n");  // nothing stray left on the connection
}

TEST_CASE("demo service: keep-alive serves many requests on one connection", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());
    for (int i = 0; i < 20; ++i) {
        CHECK(client.get("/health").result_int() == 200);
        CHECK(client.get("/items/" + std::to_string(i)).result_int() == 200);
    }
    const auto stats = wait_for_stats(service, [](const DemoStats& s) { return s.requests == 40; });
    CHECK(stats.requests == 40);
    CHECK(stats.connections_accepted == 1);
}

TEST_CASE("demo service: pipelined requests are answered in order", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());
    client.send_raw(
        "GET /items/1?delay_ms=50 HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read().body().starts_with(R"({"id":1,)"));
    CHECK(client.read().body() == "ok\n");
    CHECK(client.read().result_int() == 404);
}

TEST_CASE("demo service: Connection: close is honoured", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());
    client.send(http::verb::get, "/health", {}, {}, 11, /*close=*/true);
    const auto response = client.read();
    CHECK(response.result_int() == 200);
    CHECK(response[http::field::connection] == "close");
    CHECK(client.closed_by_server());
}

TEST_CASE("demo service: HTTP/1.0", "[demo]") {
    DemoService service(quick_config());
    service.start();

    SECTION("closes after the response by default") {
        Client client(service.port());
        const auto response = client.request(http::verb::get, "/health", {}, {}, 10);
        CHECK(response.result_int() == 200);
        CHECK(response.version() == 10);
        CHECK(response[http::field::content_length] == "3");
        CHECK(client.closed_by_server());
    }
    SECTION("keeps the connection with Connection: keep-alive") {
        Client client(service.port());
        client.send_raw("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const auto response = client.read();
        CHECK(response.keep_alive());
        CHECK(response[http::field::connection] == "keep-alive");
        client.send_raw("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        CHECK(client.read().body() == "ok\n");
    }
}

TEST_CASE("demo service: a malformed request gets 400 and a close", "[demo]") {
    DemoService service(quick_config());
    service.start();
    Client client(service.port());
    client.send_raw("this is not http\r\n\r\n");
    const auto response = client.read();
    CHECK(response.result_int() == 400);
    CHECK(response[http::field::connection] == "close");
    CHECK(client.closed_by_server());
    CHECK(wait_for_stats(service, [](const DemoStats& s) { return s.malformed == 1; }).malformed == 1);
}

TEST_CASE("demo service: idle connections are closed", "[demo]") {
    DemoConfig config = quick_config();
    config.idle_timeout_s = 0.2;
    DemoService service(config);
    service.start();
    Client client(service.port());
    CHECK(client.get("/health").result_int() == 200);
    CHECK(client.closed_by_server(std::chrono::seconds(10)));
}

TEST_CASE("demo service: stats add up", "[demo]") {
    DemoConfig config = quick_config();
    config.threads = 2;
    DemoService service(config);
    service.start();
    {
        Client first(service.port());
        Client second(service.port());
        Client third(service.port());
        first.get("/health");
        first.get("/health");
        second.get("/items/1");
        second.get("/items/x");  // a 400 is still an /items request
        third.get("/flaky?error_rate=1");
        third.get("/flaky?error_rate=0");
        first.get("/slow?ms=1");
        second.request(http::verb::post, "/echo", "hi");
        third.get("/missing");
        first.request(http::verb::post, "/health");  // a 405 counts for /health
    }
    const auto stats = wait_for_stats(service, [](const DemoStats& s) { return s.requests == 10; });
    CHECK(stats.requests == 10);
    CHECK(stats.health == 3);
    CHECK(stats.items == 2);
    CHECK(stats.flaky == 2);
    CHECK(stats.flaky_failed == 1);
    CHECK(stats.slow == 1);
    CHECK(stats.echo == 1);
    CHECK(stats.not_found == 1);
    CHECK(stats.malformed == 0);
    CHECK(stats.connections_accepted == 3);
    CHECK(stats.requests ==
          stats.health + stats.items + stats.flaky + stats.slow + stats.echo + stats.not_found + stats.malformed);
}

TEST_CASE("demo service: several threads serve many connections", "[demo]") {
    DemoConfig config = quick_config();
    config.threads = 2;
    DemoService service(config);
    service.start();

    constexpr int clients = 8;
    constexpr int requests_each = 50;
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            Client client(service.port());
            for (int i = 0; i < requests_each; ++i)
                ok += client.get("/items/" + std::to_string(c * 1000 + i)).result_int() == 200;
        });
    for (auto& thread : threads) thread.join();
    CHECK(ok == clients * requests_each);
    const auto stats = wait_for_stats(service, [](const DemoStats& s) { return s.items == clients * requests_each; });
    CHECK(stats.items == std::uint64_t(clients * requests_each));
    CHECK(stats.connections_accepted == std::uint64_t(clients));
}

TEST_CASE("demo service: stop() closes the listener and open connections", "[demo]") {
    DemoService service(quick_config());
    service.start();
    const auto port = service.port();

    Client idle(port);
    CHECK(idle.get("/health").result_int() == 200);
    Client waiting(port);
    waiting.send(http::verb::get, "/slow?ms=60000");
    wait_for_stats(service, [](const DemoStats& s) { return s.connections_accepted == 2; });

    service.stop();  // must not wait for the clients
    service.stop();  // idempotent
    CHECK(idle.closed_by_server());
    CHECK(waiting.closed_by_server());
    CHECK_THROWS_AS(Client(port), boost::system::system_error);
}

TEST_CASE("demo service: can be started again after stop()", "[demo]") {
    DemoService service(quick_config());
    service.start();
    CHECK_THROWS_AS(service.start(), std::logic_error);
    service.stop();
    service.start();
    CHECK(Client(service.port()).get("/health").result_int() == 200);
}

TEST_CASE("demo service: a port in use makes start() throw std::system_error", "[demo]") {
    DemoService first(quick_config());
    first.start();

    DemoConfig config = quick_config();
    config.port = first.port();
    DemoService second(config);
    try {
        second.start();
        FAIL("start() should have thrown");
    } catch (const std::system_error& error) {
        const std::string message = error.what();
        INFO(message);
        CHECK(message.find("127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
        CHECK(error.code() == std::errc::address_in_use);
    }
    CHECK(Client(first.port()).get("/health").result_int() == 200);  // the first is unharmed
}

TEST_CASE("demo service: a nonsensical config is refused", "[demo]") {
    DemoConfig config;
    config.threads = 0;
    CHECK_THROWS_AS(DemoService(config), std::invalid_argument);
    config = {};
    config.flaky_error_rate = 1.5;
    CHECK_THROWS_AS(DemoService(config), std::invalid_argument);
    config = {};
    config.address = "not an address";
    DemoService service(config);
    CHECK_THROWS_AS(service.start(), std::system_error);
}
