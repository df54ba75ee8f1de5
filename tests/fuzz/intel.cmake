# intel.cmake - libFuzzer target for the threat-intelligence parser (included when OTASUKE_FUZZ).
set(INTEL_SRC ${CMAKE_SOURCE_DIR}/src/sensor)
add_executable(fuzz_intel_parse ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_intel_parse.c
                                ${INTEL_SRC}/intel.c ${INTEL_SRC}/intel_parse.c)
target_include_directories(fuzz_intel_parse PRIVATE ${INTEL_SRC})
target_link_options(fuzz_intel_parse PRIVATE -fsanitize=fuzzer)
target_link_libraries(fuzz_intel_parse PRIVATE PkgConfig::SODIUM)
