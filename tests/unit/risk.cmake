# risk: importance, likelihood and risk bands of the asset inventory (src/domain/risk.c).
if(NOT OTASUKE_FUZZ)
  add_executable(test_risk ${CMAKE_CURRENT_LIST_DIR}/test_risk.c)
  target_link_libraries(test_risk PRIVATE otasuke_domain PkgConfig::CMOCKA)
  add_test(NAME unit_test_risk COMMAND test_risk)
  set_tests_properties(unit_test_risk PROPERTIES LABELS "unit")
endif()
