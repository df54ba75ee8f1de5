# survey.cmake - libFuzzer target for questionnaire answers (API bodies and forms).
add_executable(fuzz_survey_answers ${CMAKE_CURRENT_LIST_DIR}/fuzz_survey_answers.c)
target_compile_definitions(fuzz_survey_answers PRIVATE SURVEY_DIR="${CMAKE_SOURCE_DIR}/data/surveys")
target_link_libraries(fuzz_survey_answers PRIVATE otasuke_domain otasuke_common)
target_link_options(fuzz_survey_answers PRIVATE -fsanitize=fuzzer)
