# export.cmake - libFuzzer targets for the export area (badge verification parser).
add_executable(fuzz_badge_verify ${CMAKE_CURRENT_LIST_DIR}/fuzz_badge_verify.c)
target_link_libraries(fuzz_badge_verify PRIVATE otasuke_badge)
target_link_options(fuzz_badge_verify PRIVATE -fsanitize=fuzzer)
