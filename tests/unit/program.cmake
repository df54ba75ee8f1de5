# program unit tests: the eligibility decision of guidance program applications.
if(NOT OTASUKE_FUZZ)
  add_executable(test_program_elig ${CMAKE_CURRENT_SOURCE_DIR}/test_program_elig.c)
  target_link_libraries(test_program_elig PRIVATE otasuke_domain otasuke_common PkgConfig::CMOCKA)
  add_test(NAME unit_test_program_elig COMMAND test_program_elig)
  set_tests_properties(unit_test_program_elig PROPERTIES LABELS "unit")
endif()
