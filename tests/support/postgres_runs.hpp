#pragma once
// Helpers for the PostgreSQL driver's end-to-end tests: the test server's
// address (THRONG_TEST_POSTGRES, required), libpqxx for preparing tables and
// checking what a run left, and runs of the real throng binary on scenario
// files with their result.json.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "support/free_port.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace throng::test::pg {

using nlohmann::json;

inline std::string postgres_url() {
    const char* url = std::getenv("THRONG_TEST_POSTGRES");
    INFO("THRONG_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL");
    REQUIRE(url != nullptr);
    return url;
}

// A name of this test's own (tables, roles, application names), so that the
// tests run in any order, and side by side.
inline std::string unique_name(const std::string& base) {
    static int serial = 0;  // one per test binary: names carry the pid too
    return base + "_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
}

// The same server, reached as another user.
inline std::string url_as(const std::string& user) {
    const std::string url = postgres_url();
    const auto scheme = url.find("://") + 3;
    const auto at = url.find('@', scheme);
    return url.substr(0, scheme) + user + url.substr(at);
}

inline void execute(const std::string& sql) {
    pqxx::connection db(postgres_url());
    pqxx::nontransaction work(db);
    work.exec(sql);
}

inline long long scalar(const std::string& sql) {
    pqxx::connection db(postgres_url());
    pqxx::nontransaction work(db);
    return work.exec(sql)[0][0].as<long long>();
}

// Drops the test's tables (or role) whatever the test's fate.
struct Cleanup {
    std::string sql;
    ~Cleanup() {
        try {
            execute(sql);
        } catch (const std::exception&) {
            // The test itself reports what went wrong.
        }
    }
};

struct Run {
    int exit_code = -1;
    json result;
    std::string output;
};

inline std::vector<std::string> run_args(const std::filesystem::path& file, const std::vector<std::string>& extra) {
    std::vector<std::string> args{THRONG_BINARY, "run", file.string(), "--out", "out", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

inline Run finish(const TempDir& dir, const throng::test::ProcessResult& r) {
    Run run{r.exit_code, {}, r.out + r.err};
    const auto path = dir.path() / "out" / "result.json";
    if (std::filesystem::exists(path)) run.result = json::parse(throng::test::read_text(path));
    return run;
}

inline Run run_scenario(const std::string& text, const std::vector<std::string>& extra = {}) {
    TempDir dir;
    const auto file = dir.write("scenario.json", text);
    return finish(dir, throng::test::run_process(run_args(file, extra), dir.path()));
}

// {"target": URL, "executor": EXECUTOR, "steps": STEPS, ...MORE}
inline std::string scenario(const std::string& target, const std::string& executor, const std::string& steps,
                            const std::string& more = "") {
    return R"({"name": "pg", "target": )" + target + R"(, "executor": )" + executor + R"(, "steps": )" + steps +
           (more.empty() ? "" : ", " + more) + "}";
}

inline std::string json_string(const std::string& text) { return json(text).dump(); }

// `text` with every `@name@` replaced by its value (table names in SQL in JSON).
inline std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) {
        const std::string key = "@" + name + "@";
        for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
            text.replace(at, key.size(), value);
    }
    return text;
}

inline std::string iterations(int vus, int count) {
    return R"({"type": "constant-vus", "vus": )" + std::to_string(vus) + R"(, "duration": "60s", "iterations": )" +
           std::to_string(count) + "}";
}

inline const json& step(const json& result, const std::string& name) {
    for (const auto& s : result["steps"])
        if (s["name"] == name) return s;
    FAIL("no step `" << name << "` in " << result["steps"].dump());
    static const json none;
    return none;
}

inline std::uint64_t requests(const json& result, const std::string& name) {
    return step(result, name)["requests"].get<std::uint64_t>();
}

inline std::uint64_t errors(const json& result, const std::string& name) {
    return step(result, name)["errors"]["total"].get<std::uint64_t>();
}

inline std::uint64_t by_class(const json& result, const std::string& name, const std::string& error_class) {
    return step(result, name)["errors"]["by_class"].value(error_class, std::uint64_t{0});
}

inline std::uint64_t by_code(const json& result, const std::string& name, const std::string& code) {
    return step(result, name)["errors"]["by_code"].value(code, std::uint64_t{0});
}

inline const json& check(const json& result, const std::string& name) {
    for (const auto& c : result["checks"])
        if (c["name"] == name) return c;
    FAIL("no check `" << name << "`");
    static const json none;
    return none;
}

// A loopback port that accepts connections into its backlog and never
// answers: a server that does not finish the handshake.
class SilentListener {
public:
    SilentListener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(fd_, 4) == 0);
        socklen_t size = sizeof address;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
        port_ = ntohs(address.sin_port);
    }
    ~SilentListener() { ::close(fd_); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

}  // namespace throng::test::pg
