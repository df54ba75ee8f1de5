# expert.cmake - libFuzzer target for an expert's profile input (JSON API and validation).
add_executable(fuzz_expert_input ${CMAKE_CURRENT_LIST_DIR}/fuzz_expert_input.c
                                 ${CMAKE_SOURCE_DIR}/src/web/pages_expert_input.c)
target_include_directories(fuzz_expert_input PRIVATE ${CMAKE_SOURCE_DIR}/src/web)
target_link_libraries(fuzz_expert_input PRIVATE otasuke_domain otasuke_common
                      PkgConfig::JANSSON)
target_link_options(fuzz_expert_input PRIVATE -fsanitize=fuzzer)
