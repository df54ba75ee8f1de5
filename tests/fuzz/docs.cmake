# docs.cmake - libFuzzer targets of the basic policy / plan group (policy text parser).
add_executable(fuzz_policy_blocks ${CMAKE_CURRENT_LIST_DIR}/fuzz_policy_blocks.c
               ${CMAKE_SOURCE_DIR}/src/web/pages_policy_blocks.c)
target_include_directories(fuzz_policy_blocks PRIVATE ${CMAKE_SOURCE_DIR}/src/web)
target_link_libraries(fuzz_policy_blocks PRIVATE PkgConfig::JANSSON)
target_link_options(fuzz_policy_blocks PRIVATE -fsanitize=fuzzer)
