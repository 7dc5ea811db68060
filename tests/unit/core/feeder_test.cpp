#include "harness/core/feeder.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <deque>
#include <map>
#include <thread>
#include <set>

#include "support/temp_dir.hpp"

using throng::core::Diagnostics;
using throng::core::FeederCursor;
using throng::core::FeederData;
using throng::core::FeederSpec;
using throng::core::InputError;
using throng::core::Rng;
namespace json = throng::core::json;
using Rows = std::vector<std::vector<std::string>>;

namespace {

// Every row's cells, as the tests write them.
Rows rows_of(const FeederData& data) {
    Rows out;
    for (std::size_t r = 0; r < data.size(); ++r) {
        const auto row = data.row(r);
        auto& cells = out.emplace_back();
        for (std::size_t c = 0; c < row.size(); ++c) cells.emplace_back(row[c]);
    }
    return out;
}

FeederData csv(const std::string& content) {
    throng::test::TempDir dir;
    return throng::core::load_csv(dir.write("data.csv", content).string());
}

FeederData jsonl(const std::string& content) {
    throng::test::TempDir dir;
    return throng::core::load_jsonl(dir.write("data.jsonl", content).string());
}

// The formatted diagnostics the loader throws, with the file's directory cut
// off each line ("data.csv:3:1: error: ..."); "" if it does not throw.
template <typename Load>
std::string error_of(Load load, const std::string& content) {
    try {
        load(content);
    } catch (const InputError& e) {
        std::string out;
        for (const auto& d : e.diagnostics()) {
            auto line = d.format();
            if (!out.empty()) out += '\n';
            out += line.substr(line.rfind('/', line.find(": error:")) + 1);
        }
        return out;
    }
    return "";
}

std::shared_ptr<const FeederSpec> spec(FeederSpec::Order order, FeederSpec::OnExhausted on_exhausted, int rows) {
    auto data = std::make_shared<FeederData>();
    data->columns = {"id"};
    for (int i = 0; i < rows; ++i) {
        const std::string id = std::to_string(i);
        data->add_row({&id, 1});
    }
    auto s = std::make_shared<FeederSpec>();
    s->name = "ids";
    s->order = order;
    s->on_exhausted = on_exhausted;
    s->data = std::move(data);
    return s;
}

// The ids a cursor hands out over `n` draws ("-" once exhausted).
std::vector<std::string> take(FeederCursor& cursor, Rng& rng, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        const auto row = cursor.next(rng);
        out.emplace_back(row ? (*row)[0] : "-");
    }
    return out;
}

}  // namespace

TEST_CASE("CSV: header, quoting, embedded commas and newlines", "[feeder]") {
    const auto data =
        csv("name,note,n\n"
            "alice,\"hello, world\",1\n"
            "\"bob\",\"says \"\"hi\"\"\",2\n"
            "carol,\"two\nlines\",\n"
            ",,\n");
    CHECK(data.columns == std::vector<std::string>{"name", "note", "n"});
    CHECK(rows_of(data) ==
          Rows{{"alice", "hello, world", "1"}, {"bob", "says \"hi\"", "2"}, {"carol", "two\nlines", ""}, {"", "", ""}});
}

TEST_CASE("CSV: CRLF, no final newline, blank lines and a BOM", "[feeder]") {
    const Rows expected{{"1", "x"}, {"2", "y"}};
    CHECK(rows_of(csv("id,v\r\n1,x\r\n2,y\r\n")) == expected);
    CHECK(rows_of(csv("id,v\n1,x\n2,y")) == expected);
    CHECK(rows_of(csv("\n\nid,v\n\n1,x\r\n\r\n\n2,y\n\n")) == expected);
    const auto bom = csv("\xEF\xBB\xBFid,v\n1,x\n2,y\n");
    CHECK(bom.columns == std::vector<std::string>{"id", "v"});
    CHECK(rows_of(bom) == expected);
    CHECK(rows_of(csv("id,v\n\"a\r\nb\",x\n")) == Rows{{"a\r\nb", "x"}});  // kept as written inside quotes
    const auto single = csv("only\nrow");
    CHECK(rows_of(single) == Rows{{"row"}});
}

TEST_CASE("CSV: errors name the line and what was expected", "[feeder]") {
    auto load = [](const std::string& c) { csv(c); };
    CHECK(error_of(load, "a,b\n1,2\n3\n4,5,6\n") ==
          "data.csv:3:1: error: the record on line 3 has 1 field but the header has 2 columns\n"
          "data.csv:4:1: error: the record on line 4 has 3 fields but the header has 2 columns");
    // A quoted newline makes the record after it start a line later.
    CHECK(error_of(load, "a,b\n\"x\ny\",2\n3\n").find("data.csv:4:1: error: the record on line 4 has 1 field") == 0);
    CHECK(error_of(load, "") == "data.csv:1:1: error: empty file: expected a header line of column names");
    CHECK(error_of(load, "\n\r\n") == "data.csv:1:1: error: empty file: expected a header line of column names");
    CHECK(error_of(load, "a,b\n").find("no data rows: expected at least one record after the header") !=
          std::string::npos);
    CHECK(error_of(load, "a,,b\n1,2,3\n") == "data.csv:1:3: error: column 2 of the header has no name");
    CHECK(error_of(load, "id,x,id\n1,2,3\n") ==
          "data.csv:1:6: error: duplicate column `id` in the header (columns 1 and 3)");
    CHECK(error_of(load, "a\n\"open\n") == "data.csv:2:1: error: unterminated quoted field: expected a closing `\"`");
    CHECK(error_of(load, "a,b\n\"x\"y,2\n").find("data.csv:2:4: error: unexpected character after a closing quote") ==
          0);
}

TEST_CASE("unreadable files are input errors", "[feeder]") {
    throng::test::TempDir dir;
    const auto missing = (dir.path() / "missing.csv").string();
    CHECK_THROWS_WITH(throng::core::load_csv(missing), Catch::Contains("missing.csv:1:1: error: cannot open the file"));
    CHECK_THROWS_WITH(throng::core::load_jsonl(dir.path().string()), Catch::Contains("is a directory"));
    // A pipe (or a device such as /dev/zero) would never end: refused, not read.
    const auto pipe = (dir.path() / "pipe.csv").string();
    REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(throng::core::load_csv(pipe), Catch::Contains("pipe.csv:1:1: error: is not a regular file"));
    CHECK_THROWS_WITH(throng::core::load_jsonl("/dev/zero"), Catch::Contains("is not a regular file"));
}

TEST_CASE("feeder rows cost their cells' bytes and two offsets, not a string per cell", "[feeder]") {
    FeederData data;
    data.columns = {"user", "pass"};
    const int rows = 100'000;
    for (int i = 0; i < rows; ++i) {
        const std::vector<std::string> cells = {"user" + std::to_string(i % 100), "p" + std::to_string(i % 1000)};
        data.add_row(cells);
    }
    data.shrink_to_fit();
    REQUIRE(data.size() == static_cast<std::size_t>(rows));
    CHECK(data.row(4321)[0] == "user21");
    CHECK(data.row(4321)[1] == "p321");
    // At most 10 bytes of text and three 8-byte offsets a row (two cells, one row start).
    CHECK(data.memory_bytes() <= static_cast<std::size_t>(rows) * (10 + 3 * 8));
}

TEST_CASE("JSON lines: union of columns and non-string values", "[feeder]") {
    const auto data = jsonl(
        "{\"user\": \"a\", \"age\": 30}\n"
        "\n"
        "  // a comment line\n"
        "{\"age\": 31.5, \"admin\": true, \"user\": \"b\"}  // trailing comment\r\n"
        "{\"tags\": [1, \"x\"], \"meta\": {\"k\": null}, \"user\": null}\n"
        "{}");
    CHECK(data.columns == std::vector<std::string>{"user", "age", "admin", "tags", "meta"});
    CHECK(rows_of(data) == Rows{{"a", "30", "", "", ""},
                                {"b", "31.5", "true", "", ""},
                                {"null", "", "", "[1,\"x\"]", "{\"k\":null}"},
                                {"", "", "", "", ""}});
}

TEST_CASE("JSON lines: errors at the file's line and the column in it", "[feeder]") {
    auto load = [](const std::string& c) { jsonl(c); };
    const auto bad = error_of(load, "{\"a\": 1}\n\n{\"a\": 2,, }\n[1]\n");
    INFO(bad);
    CHECK(bad.find("data.jsonl:3:9: error: ") == 0);
    CHECK(bad.find("data.jsonl:4:1: error: expected a JSON object on each line, got an array") != std::string::npos);
    CHECK(error_of(load, "\n \n") == "data.jsonl:1:1: error: no rows: expected one JSON object per line");
    // An object spread over lines is not JSON lines.
    CHECK(error_of(load, "{\n\"a\": 1}\n").find("data.jsonl:1:2: error:") == 0);
}

TEST_CASE("inline feeders: objects, scalars and errors", "[feeder]") {
    Diagnostics diags("plan.json");
    const auto objects = feeder_from_json(json::parse(R"([{"sku": "A1", "qty": 2}, {"sku": "B2"}])"), diags);
    CHECK(objects.columns == std::vector<std::string>{"sku", "qty"});
    CHECK(rows_of(objects) == Rows{{"A1", "2"}, {"B2", ""}});

    const auto scalars = feeder_from_json(json::parse(R"(["red", 2, true, null])"), diags);
    CHECK(scalars.columns == std::vector<std::string>{""});
    CHECK(rows_of(scalars) == Rows{{"red"}, {"2"}, {"true"}, {"null"}});
    CHECK(diags.empty());

    // The feeder is the document itself, or its member "f".
    auto errors = [](const char* text) {
        Diagnostics d("plan.json");
        const auto doc = json::parse(text);
        const auto* f = doc.is_object() ? doc.find("f") : nullptr;
        feeder_from_json(f ? *f : doc, d);
        std::string out;
        for (const auto& x : d.list()) out += x.format() + "\n";
        return out;
    };
    CHECK(errors("[]") == "plan.json:1:1: error: empty feeder: expected at least one row\n");
    CHECK(errors("{\"a\": 1}") == "plan.json:1:1: error: expected an array of objects or of scalars, got an object\n");
    CHECK(errors(R"({"f": [{"a": 1}, "x", [2]]})") ==
          "plan.json:1:18: error: expected an object like the first element, got a string (at /f/1)\n"
          "plan.json:1:23: error: expected an object like the first element, got an array (at /f/2)\n");
    CHECK(errors(R"(["x", {"a": 1}])").find("1:7: error: expected a scalar") != std::string::npos);
    CHECK(errors(R"([[1]])").find("expected a scalar") != std::string::npos);
}

TEST_CASE("sequential cursors hand out rows in order and wrap", "[feeder]") {
    Rng rng(1);
    FeederCursor one(spec(FeederSpec::Order::sequential, FeederSpec::OnExhausted::wrap, 3), 0, 1);
    CHECK(take(one, rng, 7) == std::vector<std::string>{"0", "1", "2", "0", "1", "2", "0"});
    CHECK(one.spec().name == "ids");

    // Two parts (processes) over 5 rows: part 0 takes global draws 0, 2, 4, 6, ...
    const auto shared = spec(FeederSpec::Order::sequential, FeederSpec::OnExhausted::wrap, 5);
    FeederCursor w0(shared, 0, 2), w1(shared, 1, 2);
    CHECK(take(w0, rng, 5) == std::vector<std::string>{"0", "2", "4", "1", "3"});
    CHECK(take(w1, rng, 5) == std::vector<std::string>{"1", "3", "0", "2", "4"});

    FeederCursor stop(spec(FeederSpec::Order::sequential, FeederSpec::OnExhausted::stop, 2), 0, 1);
    CHECK(take(stop, rng, 4) == std::vector<std::string>{"0", "1", "-", "-"});
}

TEST_CASE("unique cursors across parts hand out every row exactly once", "[feeder]") {
    Rng rng(2);
    const auto shared = spec(FeederSpec::Order::unique, FeederSpec::OnExhausted::stop, 10);
    std::deque<FeederCursor> cursors;
    for (int w = 0; w < 3; ++w) cursors.emplace_back(shared, w, 3);
    std::map<std::string, int> count;
    // Uneven pacing: worker 0 draws more often than the others.
    for (int round = 0; round < 6; ++round) {
        for (int w = 0; w < 3; ++w) {
            for (int k = 0; k < (w == 0 ? 2 : 1); ++k) {
                if (const auto row = cursors[static_cast<std::size_t>(w)].next(rng)) ++count[std::string((*row)[0])];
            }
        }
    }
    CHECK(count.size() == 10);
    for (const auto& [id, n] : count) CHECK(n == 1);
    for (auto& cursor : cursors) CHECK(take(cursor, rng, 3) == std::vector<std::string>{"-", "-", "-"});

    FeederCursor wrapping(spec(FeederSpec::Order::unique, FeederSpec::OnExhausted::wrap, 2), 0, 1);
    CHECK(take(wrapping, rng, 5) == std::vector<std::string>{"0", "1", "0", "1", "0"});
}

TEST_CASE("one cursor shared by threads hands out every row of a unique feeder once", "[feeder]") {
    const int rows = 20'000;
    const auto shared = spec(FeederSpec::Order::unique, FeederSpec::OnExhausted::stop, rows);
    FeederCursor cursor(shared);
    std::vector<std::vector<std::string>> seen(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t) {
        threads.emplace_back([&, t] {
            Rng rng(t);
            while (const auto row = cursor.next(rng)) seen[t].emplace_back((*row)[0]);
        });
    }
    for (auto& t : threads) t.join();
    std::map<std::string, int> count;
    for (const auto& list : seen)
        for (const auto& id : list) ++count[id];
    CHECK(count.size() == static_cast<std::size_t>(rows));
    for (const auto& [id, n] : count) CHECK(n == 1);
}

TEST_CASE("random cursors cover every row and repeat with the same seed", "[feeder]") {
    const auto shared = spec(FeederSpec::Order::random, FeederSpec::OnExhausted::stop, 8);  // never exhausts
    FeederCursor a(shared, 0, 1), b(shared, 0, 1);
    Rng ra(5), rb(5);
    const auto first = take(a, ra, 400);
    CHECK(first == take(b, rb, 400));
    CHECK(std::set<std::string>(first.begin(), first.end()).size() == 8);
    Rng other(6);
    CHECK(first != take(a, other, 400));
}

TEST_CASE("a single-row file feeds every iteration", "[feeder]") {
    auto s = std::make_shared<FeederSpec>();
    s->data = std::make_shared<FeederData>(csv("token\nabc\n"));
    Rng rng(3);
    FeederCursor cursor(s, 1, 4);
    for (int i = 0; i < 5; ++i) {
        const auto row = cursor.next(rng);
        REQUIRE(row);
        CHECK(row->size() == 1);
        CHECK((*row)[0] == "abc");
    }
    CHECK_THROWS_AS(FeederCursor(s, 4, 4), std::invalid_argument);
    CHECK_THROWS_AS(FeederCursor(nullptr, 0, 1), std::invalid_argument);
}
