# diagnosis.cmake - libFuzzer target for the self-diagnosis API's answer input.
add_executable(fuzz_diagnosis_input ${CMAKE_CURRENT_LIST_DIR}/fuzz_diagnosis_input.c
                                    ${CMAKE_SOURCE_DIR}/src/web/diagnosis_input.c)
target_include_directories(fuzz_diagnosis_input PRIVATE ${CMAKE_SOURCE_DIR}/src/web)
target_link_libraries(fuzz_diagnosis_input PRIVATE otasuke_domain)
target_link_options(fuzz_diagnosis_input PRIVATE -fsanitize=fuzzer)
