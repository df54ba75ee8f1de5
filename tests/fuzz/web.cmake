# web core fuzz targets: template compiler/renderer, form and cookie decoding, .po parser.
foreach(t fuzz_tmpl fuzz_form fuzz_cookie fuzz_po)
  add_executable(${t} ${CMAKE_CURRENT_SOURCE_DIR}/${t}.c)
  target_link_libraries(${t} PRIVATE otasuke_web_core)
  target_link_options(${t} PRIVATE -fsanitize=fuzzer)
endforeach()
