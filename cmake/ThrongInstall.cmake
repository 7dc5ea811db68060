# `cmake --install` puts the C++ API where an outside project finds it with
# find_package(throng): the static libraries behind throng::throng (and
# throng::demo, the demo service the example runs against), the headers
# harness/api/throng.hpp includes, under include/throng, and the throng
# executable. The libraries' own dependencies are found again by
# throngConfig.cmake.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Everything throng::throng and throng::demo link, PRIVATE links of static
# libraries included (their objects are needed at the consumer's link).
set(THRONG_INSTALLED_LIBRARIES
  throng_api throng_core throng_engine throng_scenarios throng_reports throng_protocols
  throng_asio throng_beast throng_driver_support throng_demo throng_options
  throng_pool throng_timers)  # targets/components the drivers use
foreach(name IN LISTS THRONG_PROTOCOLS)
  list(APPEND THRONG_INSTALLED_LIBRARIES throng_${name})
endforeach()
foreach(target IN LISTS THRONG_INSTALLED_LIBRARIES)
  if(NOT target STREQUAL "throng_api")  # exported as throng::throng
    string(REGEX REPLACE "^throng_" "" export_name ${target})
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  endif()
endforeach()
add_library(throng::demo ALIAS throng_demo)

# The public headers: harness/api/throng.hpp, demo_service.hpp and what they
# include (none of them includes Asio, Beast, RE2 or a client library; the
# install test checks that and that this list is whole).
set(THRONG_PUBLIC_HEADERS
  harness/api/throng.hpp
  examples/demo-service/demo_service.hpp
  harness/engine/engine_options.hpp
  reports/result_json.hpp
  reports/summary.hpp
  scenarios/scenario_parser.hpp
  scenarios/threshold_parser.hpp
  targets/drivers/http/http_request.hpp)
foreach(header ascii clock diagnostics error_class feeder feeder_data gate_rules histogram json pattern
               phase_histograms phase_times plan plan_builder random reply reply_facet response_rules run_result
               step_spec template testbed think_time variables)
  list(APPEND THRONG_PUBLIC_HEADERS harness/core/${header}.hpp)
endforeach()
foreach(header IN LISTS THRONG_PUBLIC_HEADERS)
  get_filename_component(folder ${header} DIRECTORY)
  install(FILES ${header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/throng/${folder})
endforeach()

install(TARGETS ${THRONG_INSTALLED_LIBRARIES} EXPORT throngTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS throng RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(THRONG_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/throng)
install(EXPORT throngTargets NAMESPACE throng:: DESTINATION ${THRONG_CMAKE_DIR})
configure_package_config_file(cmake/throngConfig.cmake.in ${PROJECT_BINARY_DIR}/throngConfig.cmake
  INSTALL_DESTINATION ${THRONG_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/throngConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/throngConfig.cmake ${PROJECT_BINARY_DIR}/throngConfigVersion.cmake
  DESTINATION ${THRONG_CMAKE_DIR})
# The same targets from the build tree, without installing (CMAKE_PREFIX_PATH=build).
export(EXPORT throngTargets NAMESPACE throng:: FILE ${PROJECT_BINARY_DIR}/throngTargets.cmake)
