# briefing.cmake - unit test of the briefing session form checks.
if(NOT OTASUKE_FUZZ)
  add_executable(test_briefing_form ${CMAKE_CURRENT_SOURCE_DIR}/test_briefing_form.c
                                    ${CMAKE_SOURCE_DIR}/src/web/pages_briefing_input.c)
  target_include_directories(test_briefing_form PRIVATE ${CMAKE_SOURCE_DIR}/src/web
                                                        ${CMAKE_SOURCE_DIR}/src/store)
  target_link_libraries(test_briefing_form PRIVATE otasuke_web_core otasuke_common
                        PkgConfig::CMOCKA)
  add_test(NAME unit_test_briefing_form COMMAND test_briefing_form)
  set_tests_properties(unit_test_briefing_form PROPERTIES LABELS unit)
endif()
