# briefing.cmake - libFuzzer target for the briefing session form checks.
add_executable(fuzz_briefing_form ${CMAKE_CURRENT_LIST_DIR}/fuzz_briefing_form.c
                                  ${CMAKE_SOURCE_DIR}/src/web/pages_briefing_input.c)
target_include_directories(fuzz_briefing_form PRIVATE ${CMAKE_SOURCE_DIR}/src/web
                                                      ${CMAKE_SOURCE_DIR}/src/store)
target_link_libraries(fuzz_briefing_form PRIVATE otasuke_web_core otasuke_common)
target_link_options(fuzz_briefing_form PRIVATE -fsanitize=fuzzer)
