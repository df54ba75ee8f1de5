# match.cmake - unit tests of expert matching (src/domain/match*.c), labelled "unit".
if(NOT OTASUKE_FUZZ)
  foreach(name test_match_geo test_match_flow)
    add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/${name}.c)
    target_link_libraries(${name} PRIVATE otasuke_domain otasuke_common PkgConfig::CMOCKA)
    add_test(NAME unit_${name} COMMAND ${name})
    set_tests_properties(unit_${name} PROPERTIES LABELS "unit")
  endforeach()
endif()
