# risk: importance, likelihood and risk bands of the asset inventory (src/domain/risk.c) and
# the check point lists of the related rules check (src/domain/rules_points.c).
if(NOT OTASUKE_FUZZ)
  foreach(t test_risk test_rules_points)
    add_executable(${t} ${CMAKE_CURRENT_LIST_DIR}/${t}.c)
    target_link_libraries(${t} PRIVATE otasuke_domain PkgConfig::CMOCKA)
    add_test(NAME unit_${t} COMMAND ${t})
    set_tests_properties(unit_${t} PROPERTIES LABELS "unit")
  endforeach()
endif()
# the summaries for the final report, on a migrated SQLite database
if(NOT OTASUKE_FUZZ AND TARGET otasuke_web)
  add_executable(test_rules_summary ${CMAKE_CURRENT_LIST_DIR}/test_rules_summary.c)
  target_link_libraries(test_rules_summary PRIVATE otasuke_web PkgConfig::CMOCKA)
  add_test(NAME unit_test_rules_summary COMMAND test_rules_summary)
  set_tests_properties(unit_test_rules_summary PROPERTIES LABELS "unit"
                       ENVIRONMENT "OTASUKE_SHARE=${CMAKE_SOURCE_DIR}")
endif()
