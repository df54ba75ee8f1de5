# visits.cmake - unit tests of the guidance program's visits part (final report display).
if(NOT OTASUKE_FUZZ)
  add_executable(test_visit_report ${CMAKE_CURRENT_SOURCE_DIR}/test_visit_report.c)
  target_link_libraries(test_visit_report PRIVATE otasuke_web PkgConfig::CMOCKA)
  add_test(NAME unit_test_visit_report COMMAND test_visit_report)
  set_tests_properties(unit_test_visit_report PROPERTIES LABELS unit
    ENVIRONMENT "OTASUKE_SHARE=${CMAKE_SOURCE_DIR}")
endif()
