# stats.cmake - libFuzzer target for the CSV of companies per prefecture (program statistics).
add_executable(fuzz_company_counts ${CMAKE_CURRENT_LIST_DIR}/fuzz_company_counts.c)
target_link_libraries(fuzz_company_counts PRIVATE otasuke_domain otasuke_common)
target_link_options(fuzz_company_counts PRIVATE -fsanitize=fuzzer)
