# rules.cmake - libFuzzer target of the rules check's point lists (src/domain/rules_points.c).
add_executable(fuzz_rules_points ${CMAKE_CURRENT_LIST_DIR}/fuzz_rules_points.c)
target_link_libraries(fuzz_rules_points PRIVATE otasuke_domain)
target_link_options(fuzz_rules_points PRIVATE -fsanitize=fuzzer)
