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
