# export.cmake - unit and integration tests for src/export, src/mail and the badge CLI.
# Included from tests/unit/CMakeLists.txt. Every test is labelled "unit".
if(NOT OTASUKE_FUZZ)
  set(OTASUKE_PYTHON /usr/bin/python3)

  # --- mail ---
  add_executable(test_mail_mime test_mail_mime.c)
  target_link_libraries(test_mail_mime PRIVATE otasuke_mail PkgConfig::CMOCKA)
  add_test(NAME mail_mime COMMAND test_mail_mime)

  # test-only driver: sends one message with mail_send (used by test_mail_smtp.py)
  add_executable(mail_send_tool mail_send_tool.c)
  target_link_libraries(mail_send_tool PRIVATE otasuke_mail)
  add_test(NAME mail_smtp
           COMMAND ${OTASUKE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test_mail_smtp.py
                   $<TARGET_FILE:mail_send_tool> ${CMAKE_SOURCE_DIR}/tests/tools/smtp_sink.py)
  set_tests_properties(mail_mime mail_smtp PROPERTIES LABELS unit)

  # --- badge ---
  add_executable(test_export_badge test_export_badge.c)
  target_link_libraries(test_export_badge PRIVATE otasuke_badge PkgConfig::CMOCKA)
  add_test(NAME export_badge COMMAND test_export_badge)

  # test-only driver for the CLI (the lead wires cmd_badge.c into build/otasuke)
  add_executable(badge_tool badge_tool.c ${CMAKE_SOURCE_DIR}/src/main/cmd_badge.c)
  target_include_directories(badge_tool PRIVATE ${CMAKE_SOURCE_DIR}/src/main)
  target_link_libraries(badge_tool PRIVATE otasuke_badge)
  add_test(NAME export_badge_cli
           COMMAND ${OTASUKE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test_export_badge_cli.py
                   $<TARGET_FILE:badge_tool>)
  set_tests_properties(export_badge export_badge_cli PROPERTIES LABELS unit)

  # --- documents: PDF, XLSX, SVG charts ---
  add_executable(export_tool export_tool.c)
  target_link_libraries(export_tool PRIVATE otasuke_export)
  add_test(NAME export_documents
           COMMAND ${OTASUKE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test_export_documents.py
                   $<TARGET_FILE:export_tool>)
  add_executable(test_export_svgchart test_export_svgchart.c)
  target_link_libraries(test_export_svgchart PRIVATE otasuke_export PkgConfig::CMOCKA)
  add_test(NAME export_svgchart COMMAND test_export_svgchart)
  set_tests_properties(export_documents export_svgchart PROPERTIES LABELS unit)
  # full stacks so the suppression can name the cairo function (cairo has no frame pointers)
  set_tests_properties(export_documents PROPERTIES ENVIRONMENT
    "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_SOURCE_DIR}/export.lsan.supp:fast_unwind_on_malloc=0")
endif()
