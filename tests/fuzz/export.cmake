# export.cmake - libFuzzer targets for the export area (badge verification parser).
add_executable(fuzz_badge_verify ${CMAKE_CURRENT_LIST_DIR}/fuzz_badge_verify.c)
target_link_libraries(fuzz_badge_verify PRIVATE otasuke_badge)
target_link_options(fuzz_badge_verify PRIVATE -fsanitize=fuzzer)

# signs arbitrary names and IDs, verifies them, and checks that any one-byte change fails
add_executable(fuzz_badge_roundtrip ${CMAKE_CURRENT_LIST_DIR}/fuzz_badge_roundtrip.c)
target_link_libraries(fuzz_badge_roundtrip PRIVATE otasuke_badge)
target_link_options(fuzz_badge_roundtrip PRIVATE -fsanitize=fuzzer)

# message building: no header injection, 7-bit CRLF output, Subject round-trips
add_executable(fuzz_mail_mime ${CMAKE_CURRENT_LIST_DIR}/fuzz_mail_mime.c)
target_link_libraries(fuzz_mail_mime PRIVATE otasuke_mail PkgConfig::SODIUM)
target_link_options(fuzz_mail_mime PRIVATE -fsanitize=fuzzer)
