// A statement's result as checks and extractions read it, built from the
// input with libpq's own result-building calls (column names, types and
// values a misbehaving server or proxy could send). The JSON never exceeds its
// limit; when throng wrote every value itself (no numbers or embedded json,
// which the server prints) the checks' JSON reader reads it back whatever
// bytes the names and values hold.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "harness/core/json.hpp"
#include "targets/drivers/postgres/result_json.hpp"

namespace postgres = throng::targets::postgres;

namespace {

// Reads the input front to back; past its end, zeros and empty strings.
class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
    std::string text() {
        const std::size_t wanted = byte();
        const std::size_t length = std::min(wanted, size_ - at_);
        std::string out(reinterpret_cast<const char*>(data_) + at_, length);
        at_ += length;
        return out;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

// bool, int8, int2, int4, oid, text, json, float4, float8, varchar, numeric, jsonb.
constexpr Oid types[] = {16, 20, 21, 23, 26, 25, 114, 700, 701, 1043, 1700, 3802};
// Values throng writes itself (booleans, strings) rather than as the server printed them.
bool written_by_throng(Oid type) { return type == 16 || type == 25 || type == 1043; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    PGresult* result = PQmakeEmptyPGresult(nullptr, in.byte() % 2 == 0 ? PGRES_TUPLES_OK : PGRES_COMMAND_OK);
    if (result == nullptr) return 0;
    const int columns = in.byte() % 6;
    const int rows = in.byte() % 8;
    const std::size_t limit = in.byte() * 8u;
    std::vector<std::string> names(static_cast<std::size_t>(columns));
    std::vector<PGresAttDesc> descs(static_cast<std::size_t>(columns));
    bool all_written_by_throng = true;
    for (int c = 0; c < columns; ++c) {
        names[static_cast<std::size_t>(c)] = in.text();
        PGresAttDesc& d = descs[static_cast<std::size_t>(c)];
        d = PGresAttDesc{};
        d.name = names[static_cast<std::size_t>(c)].data();
        d.typid = types[in.byte() % std::size(types)];
        d.typlen = -1;
        d.atttypmod = -1;
        all_written_by_throng = all_written_by_throng && written_by_throng(d.typid);
    }
    if (columns == 0 || PQsetResultAttrs(result, columns, descs.data()) != 0) {
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < columns; ++c) {
                std::string value = in.text();
                const bool null = in.byte() % 5 == 0;
                PQsetvalue(result, r, c, value.data(), null ? -1 : static_cast<int>(value.size()));
            }
        (void)postgres::row_count(result);
        std::string out = "prefix";
        const bool truncated = postgres::append_rows_json(result, out, limit);
        if (out.size() - 6 > limit) std::abort();
        if (!truncated && all_written_by_throng) {
            try {
                (void)throng::core::json::parse(std::string_view(out).substr(6));
            } catch (const throng::core::json::ParseError&) {
                std::abort();
            }
        }
    }
    PQclear(result);
    return 0;
}
