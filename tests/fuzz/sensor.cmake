# sensor.cmake - libFuzzer targets for the sensor's packet path and each protocol parser.
# Included by tests/fuzz/CMakeLists.txt in fuzz builds (OTASUKE_FUZZ=ON, clang).
if(TARGET otasuke_sensor_lib)
  foreach(name fuzz_sensor_packets fuzz_sensor_dns fuzz_sensor_dhcp fuzz_sensor_tls
               fuzz_sensor_http fuzz_sensor_smtp fuzz_sensor_smb fuzz_sensor_quic)
    add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.c)
    target_link_libraries(${name} PRIVATE otasuke_sensor_lib)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  endforeach()
endif()
