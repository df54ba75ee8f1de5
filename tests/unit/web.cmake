# web core and store unit tests.
if(NOT OTASUKE_FUZZ)
  foreach(t test_tmpl test_kv test_i18n test_store test_timeutil)
    add_executable(${t} ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
    target_link_libraries(${t} PRIVATE otasuke_web_core otasuke_store PkgConfig::CMOCKA)
    add_test(NAME unit_${t} COMMAND ${t})
    set_tests_properties(unit_${t} PROPERTIES LABELS unit
      ENVIRONMENT "OTASUKE_SHARE=${CMAKE_SOURCE_DIR}")
  endforeach()
endif()
