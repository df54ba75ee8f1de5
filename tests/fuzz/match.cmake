# match.cmake - libFuzzer target for the matching data files (prefectures, neighbours, weights).
add_executable(fuzz_match_geo ${CMAKE_CURRENT_LIST_DIR}/fuzz_match_geo.c)
target_link_libraries(fuzz_match_geo PRIVATE otasuke_domain otasuke_common)
target_link_options(fuzz_match_geo PRIVATE -fsanitize=fuzzer)
