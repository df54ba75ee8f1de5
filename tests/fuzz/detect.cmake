# detect.cmake - libFuzzer target for the detections behind the packet path (OTASUKE_FUZZ).
if(TARGET otasuke_sensor_lib)
  add_executable(fuzz_sensor_detect ${CMAKE_CURRENT_LIST_DIR}/fuzz_sensor_detect.c)
  target_link_libraries(fuzz_sensor_detect PRIVATE otasuke_sensor_lib)
  target_link_options(fuzz_sensor_detect PRIVATE -fsanitize=fuzzer)
endif()
