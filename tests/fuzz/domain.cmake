# domain fuzz targets: the JSON input of `otasuke diagnose`.
add_executable(fuzz_diagnose_json ${CMAKE_CURRENT_LIST_DIR}/fuzz_diagnose_json.c)
target_link_libraries(fuzz_diagnose_json PRIVATE otasuke_domain otasuke_common)
target_link_options(fuzz_diagnose_json PRIVATE -fsanitize=fuzzer)
