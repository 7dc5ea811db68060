#include "targets/drivers/socket_errors.hpp"

#include <boost/asio/error.hpp>

namespace throng::targets {

namespace asio = boost::asio;
using core::ErrorClass;

std::optional<ErrorClass> socket_error_class(const boost::system::error_code& ec, bool connecting, bool timed_out) {
    if (timed_out || ec == asio::error::timed_out)
        return connecting ? ErrorClass::connect_timeout : ErrorClass::timeout;
    if (ec == asio::error::connection_refused) return ErrorClass::connect_refused;
    if (ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
        ec == asio::error::connection_aborted)
        return ErrorClass::reset;  // closed before the reply was whole
    return std::nullopt;
}

}  // namespace throng::targets
