# program.cmake - libFuzzer target of the program eligibility decision (arbitrary dates from
# stored programs and the clock, arbitrary facts).
add_executable(fuzz_program_elig ${CMAKE_CURRENT_LIST_DIR}/fuzz_program_elig.c)
target_link_libraries(fuzz_program_elig PRIVATE otasuke_domain otasuke_common)
target_link_options(fuzz_program_elig PRIVATE -fsanitize=fuzzer)
