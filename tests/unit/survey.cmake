# survey.cmake - unit tests of the questionnaire definitions and answer validation.
if(NOT OTASUKE_FUZZ)
  add_executable(test_survey ${CMAKE_CURRENT_LIST_DIR}/test_survey.c)
  target_link_libraries(test_survey PRIVATE otasuke_domain otasuke_common PkgConfig::CMOCKA
                                            PkgConfig::JANSSON)
  target_compile_definitions(test_survey PRIVATE SURVEY_SRC="${CMAKE_SOURCE_DIR}")
  add_test(NAME unit_survey COMMAND test_survey)
  set_tests_properties(unit_survey PROPERTIES LABELS "unit"
                       ENVIRONMENT "OTASUKE_SHARE=${CMAKE_SOURCE_DIR}")
endif()
