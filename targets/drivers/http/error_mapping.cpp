#include "targets/drivers/http/error_mapping.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>

#include "targets/drivers/socket_errors.hpp"

namespace throng::targets::http {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using core::ErrorClass;

ErrorClass http_4xx() { return core::declared_class<"http_4xx">(); }

ErrorClass http_5xx() { return core::declared_class<"http_5xx">(); }

ErrorClass classify(const boost::system::error_code& ec, Phase phase, bool timed_out) {
    if (auto error = socket_error_class(ec, phase == Phase::connect, timed_out)) return *error;
    // Beast's own: the stream ended before (or inside) a response.
    if (ec == beast_http::error::end_of_stream || ec == beast_http::error::partial_message) return ErrorClass::reset;
    if (ec.category() == beast_http::make_error_code(beast_http::error::bad_version).category())
        return ErrorClass::protocol;
    return ErrorClass::other;
}

bool is_stale_connection(const boost::system::error_code& ec) {
    return ec == asio::error::connection_reset || ec == asio::error::broken_pipe || ec == asio::error::eof ||
           ec == beast_http::error::end_of_stream;
}

ErrorClass classify_status(int status) {
    if (status >= 500) return http_5xx();
    if (status >= 400) return http_4xx();
    return ErrorClass::none;
}

}  // namespace throng::targets::http
