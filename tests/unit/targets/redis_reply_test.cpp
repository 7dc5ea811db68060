// Replies as hiredis parses them (its reader fed RESP bytes), turned into what
// checks and extractions read; error prefixes; commands framed in RESP.
#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <hiredis/hiredis.h>

#include "harness/core/template.hpp"
#include "harness/core/variables.hpp"
#include "targets/drivers/redis/command_template.hpp"
#include "targets/drivers/redis/error_prefix.hpp"
#include "targets/drivers/redis/reply_conversion.hpp"
#include "targets/drivers/redis/reply_objects.hpp"
#include "targets/drivers/redis/resp_command.hpp"

using throng::core::ErrorClass;
using throng::core::Reply;
namespace redis = throng::targets::redis;

namespace {

struct ReplyDeleter {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

// One reply, parsed by hiredis from its RESP bytes (built by hiredis's own
// functions, or by ours that recycle reply nodes).
ReplyPtr parse_resp(const std::string& bytes) {
    redisReader* reader = redisReaderCreate();
    REQUIRE(reader != nullptr);
    REQUIRE(redisReaderFeed(reader, bytes.data(), bytes.size()) == REDIS_OK);
    void* reply = nullptr;
    const int status = redisReaderGetReply(reader, &reply);
    redisReaderFree(reader);
    REQUIRE(status == REDIS_OK);
    REQUIRE(reply != nullptr);
    return ReplyPtr(static_cast<redisReply*>(reply));
}

Reply convert_recycled(const std::string& bytes) {
    redisReader* reader = redisReaderCreateWithFunctions(redis::recycled_reply_functions());
    REQUIRE(reader != nullptr);
    REQUIRE(redisReaderFeed(reader, bytes.data(), bytes.size()) == REDIS_OK);
    void* reply = nullptr;
    REQUIRE(redisReaderGetReply(reader, &reply) == REDIS_OK);
    REQUIRE(reply != nullptr);
    Reply out;
    CHECK(redis::wire_size(*static_cast<redisReply*>(reply)) == bytes.size());
    redis::fill_reply(*static_cast<redisReply*>(reply), 1 << 20, out);
    redis::recycled_reply_functions()->freeObject(reply);
    redisReaderFree(reader);
    return out;
}

// The reply_type facet the driver sets ("" if none).
std::string reply_type_of(const Reply& reply) {
    const std::string* type = reply.facet("reply_type");
    return type != nullptr ? *type : "";
}

Reply convert(const std::string& bytes, std::size_t max_body = 1 << 20) {
    const ReplyPtr reply = parse_resp(bytes);
    CHECK(redis::wire_size(*reply) == bytes.size());
    Reply out;
    out.body = "left over";
    redis::fill_reply(*reply, max_body, out);
    return out;
}

// hiredis's own framing of a command's words: what ours must equal.
std::string hiredis_format(const std::vector<std::string>& words) {
    const auto bytes = redis::format_with_hiredis(words);
    REQUIRE(bytes.has_value());
    return *bytes;
}

}  // namespace

TEST_CASE("redis replies: scalars become a type and a text", "[redis]") {
    Reply r = convert("$3\r\nbar\r\n");
    CHECK(reply_type_of(r) == "string");
    CHECK(r.body == "bar");
    CHECK(r.facet("row_count") == nullptr);
    r = convert("$0\r\n\r\n");
    CHECK(reply_type_of(r) == "string");
    CHECK(r.body.empty());
    r = convert(":-42\r\n");
    CHECK(reply_type_of(r) == "integer");
    CHECK(r.body == "-42");
    r = convert(":1234567890123\r\n");
    CHECK(r.body == "1234567890123");
    r = convert("$-1\r\n");
    CHECK(reply_type_of(r) == "nil");
    CHECK(r.body.empty());
    r = convert("+OK\r\n");
    CHECK(reply_type_of(r) == "status");
    CHECK(r.body == "OK");
    r = convert("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    CHECK(reply_type_of(r) == "error");
    CHECK(r.body == "WRONGTYPE Operation against a key holding the wrong kind of value");
}

TEST_CASE("redis replies: arrays become JSON", "[redis]") {
    Reply r = convert("*5\r\n$1\r\na\r\n:7\r\n$-1\r\n*2\r\n$2\r\n\"q\r\n*0\r\n+st\r\n");
    CHECK(reply_type_of(r) == "array");
    CHECK(r.body == R"(["a",7,null,["\"q",[]],"st"])");
    r = convert("*0\r\n");
    CHECK(reply_type_of(r) == "array");
    CHECK(r.body == "[]");
    r = convert("*-1\r\n");  // a nil array
    CHECK(reply_type_of(r) == "nil");
    r = convert("*1\r\n$4\r\na\nb\t\r\n");
    CHECK(r.body == R"(["a\nb\t"])");
}

TEST_CASE("redis replies: bodies are cut at max_response_body", "[redis]") {
    Reply r = convert("$10\r\n0123456789\r\n", 4);
    CHECK(r.body == "0123");
    CHECK(r.body_truncated);
    r = convert("*3\r\n$3\r\nabc\r\n$3\r\ndef\r\n$3\r\nghi\r\n", 8);
    CHECK(r.body == R"(["abc",")");
    CHECK(r.body_truncated);
    r = convert("$4\r\nabcd\r\n", 4);
    CHECK(r.body == "abcd");
    CHECK_FALSE(r.body_truncated);
}

TEST_CASE("redis error replies are classified by their prefix", "[redis]") {
    CHECK(redis::error_prefix("WRONGTYPE Operation against a key") == "WRONGTYPE");
    CHECK(redis::error_prefix("ERR") == "ERR");
    CHECK(redis::error_prefix("") == "");
    CHECK(redis::error_prefix("MOVED 3999 127.0.0.1:6381") == "MOVED");
    for (const char* prefix : {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"})
        CHECK(redis::classify_error_prefix(prefix) == redis::redis_unavailable());
    CHECK(redis::classify_error_prefix("MOVED") == redis::redis_redirect());
    CHECK(redis::classify_error_prefix("ASK") == redis::redis_redirect());
    for (const char* prefix : {"ERR", "WRONGTYPE", "NOSCRIPT", "NOAUTH", "WRONGPASS", "BUSYKEY", "BUSYGROUP", ""})
        CHECK(redis::classify_error_prefix(prefix) == redis::redis_error());
}

TEST_CASE("redis commands are framed as hiredis frames them", "[redis]") {
    const std::vector<std::string> words = {"SET", "key:1", "", std::string("a\0b\r\n", 5)};
    std::string ours;
    redis::append_array_header(ours, words.size());
    for (const auto& word : words) redis::append_bulk_string(ours, word);

    CHECK(ours == hiredis_format(words));
    CHECK(ours.starts_with("*4\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$0\r\n\r\n$5\r\n"));
}

TEST_CASE("templated redis words of any length are framed as hiredis frames them", "[redis]") {
    // Words are rendered in place behind a one-digit length: 0, 9, 10, 99, 100
    // and 10000 bytes cross every digit count.
    for (const std::size_t size : {0, 1, 9, 10, 99, 100, 10000}) {
        INFO("value of " << size << " bytes");
        auto spec = std::make_shared<redis::RedisStepSpec>();
        const auto env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
        for (const char* word : {"SET", "key:${id}", "${value}", "tail"})
            spec->words.push_back(throng::core::Template::parse(word, env));
        const redis::CommandTemplate command(spec);
        throng::core::Variables variables;
        variables.set("id", "7");
        variables.set("value", std::string(size, 'v'));
        throng::core::TemplateScope scope;
        scope.variables = &variables;
        std::string ours = "before";
        command.render(scope, ours);
        command.render(scope, ours);  // appended, twice
        const std::string one = hiredis_format({"SET", "key:7", std::string(size, 'v'), "tail"});
        CHECK(ours == "before" + one + one);
    }
}

TEST_CASE("redis replies built from recycled nodes read the same", "[redis]") {
    const std::string long_text(300, 'x');
    for (const std::string& bytes :
         {std::string("$3\r\nbar\r\n"), std::string(":-7\r\n"), std::string("$-1\r\n"), std::string("+OK\r\n"),
          std::string("-ERR unknown command\r\n"), "$300\r\n" + long_text + "\r\n",
          std::string("*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n$300\r\n") + long_text + "\r\n", std::string("*0\r\n")}) {
        INFO(bytes);
        for (int round = 0; round < 3; ++round) {  // nodes are reused from the second round on
            const Reply ours = convert_recycled(bytes);
            const Reply theirs = convert(bytes);
            CHECK(reply_type_of(ours) == reply_type_of(theirs));
            CHECK(ours.body == theirs.body);
        }
    }
}

TEST_CASE("redis arrays longer than the slots reserved up front grow as their elements arrive", "[redis]") {
    std::string bytes = "*3000\r\n";
    for (int i = 0; i < 3000; ++i) bytes += ":" + std::to_string(i) + "\r\n";
    const Reply ours = convert_recycled(bytes);
    const Reply theirs = convert(bytes);
    CHECK(reply_type_of(ours) == reply_type_of(theirs));
    CHECK(ours.body == theirs.body);
}

namespace {

// The process's virtual size in kB, from /proc/self/status.
long virtual_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmSize:", 0) == 0) return std::stol(line.substr(7));
    FAIL("no VmSize in /proc/self/status");
    return 0;
}

}  // namespace

TEST_CASE("a hostile array header reserves nothing its elements do not fill", "[redis]") {
    // 2^31 - 1 declared elements, two sent, then the server goes away: the
    // unfinished reply is freed with the reader. Reserving the declared slots
    // would take 16 GB of address space (and seconds to free).
    redisReader* reader = redisReaderCreateWithFunctions(redis::recycled_reply_functions());
    REQUIRE(reader != nullptr);
    const long before = virtual_kb();
    const std::string bytes = "*2147483647\r\n*2147483647\r\n:1\r\n$3\r\nabc\r\n";
    REQUIRE(redisReaderFeed(reader, bytes.data(), bytes.size()) == REDIS_OK);
    void* reply = nullptr;
    REQUIRE(redisReaderGetReply(reader, &reply) == REDIS_OK);
    CHECK(reply == nullptr);  // not complete yet
    CHECK(virtual_kb() - before < 64 * 1024);
    redisReaderFree(reader);
}
