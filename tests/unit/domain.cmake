# domain unit tests: every test_domain_*.c is one cmocka executable, labelled "unit".
if(NOT OTASUKE_FUZZ)
  file(GLOB DOMAIN_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/test_domain_*.c)
  foreach(src ${DOMAIN_UNIT_TESTS})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_link_libraries(${name} PRIVATE otasuke_domain otasuke_common PkgConfig::CMOCKA
                                          PkgConfig::JANSSON)
    add_test(NAME unit_${name} COMMAND ${name})
    set_tests_properties(unit_${name} PROPERTIES LABELS "unit"
                         ENVIRONMENT "OTASUKE_SHARE=${CMAKE_SOURCE_DIR}")
  endforeach()
endif()
