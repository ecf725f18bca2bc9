# Man pages and shell completions, generated at build time; what `cmake --install` puts where;
# and the Debian package CPack builds (cpack -G DEB in the build folder).
#
# chronicle(1) is docs/man/chronicle.1.scd with its COMMANDS section written by the binary
# itself (`chronicle __man`) from the command-line definition, so it names every command and
# option there is; chronicle-event(5) is docs/man/chronicle-event.5.scd. tests/man checks both
# against the binary and against docs/COMMANDS.md and docs/FORMAT.md.
include(GNUInstallDirs)
# cpack (and make install) package what was built, without building everything first: the
# package test runs cpack from CTest, after the build.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

install(TARGETS chronicle RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(CHRONICLE_SHARE ${PROJECT_BINARY_DIR}/share)
set(generate ${PROJECT_SOURCE_DIR}/cmake/generate.cmake)

find_program(CHRONICLE_SCDOC scdoc)
if(CHRONICLE_SCDOC)
  set(man1 ${CHRONICLE_SHARE}/man/man1/chronicle.1)
  set(man5 ${CHRONICLE_SHARE}/man/man5/chronicle-event.5)
  add_custom_command(OUTPUT ${man1} ${man1}.gz ${man1}.scd
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CHRONICLE_SHARE}/man/man1
    COMMAND ${CMAKE_COMMAND} -DMODE=man -DSCDOC=${CHRONICLE_SCDOC}
            -DIN=${PROJECT_SOURCE_DIR}/docs/man/chronicle.1.scd -DOUT=${man1}
            -DCHRONICLE=$<TARGET_FILE:chronicle> -P ${generate}
    DEPENDS chronicle ${PROJECT_SOURCE_DIR}/docs/man/chronicle.1.scd ${generate}
    COMMENT "Writing chronicle(1)")
  add_custom_command(OUTPUT ${man5} ${man5}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CHRONICLE_SHARE}/man/man5
    COMMAND ${CMAKE_COMMAND} -DMODE=man -DSCDOC=${CHRONICLE_SCDOC}
            -DIN=${PROJECT_SOURCE_DIR}/docs/man/chronicle-event.5.scd -DOUT=${man5} -P ${generate}
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/chronicle-event.5.scd ${generate}
    COMMENT "Writing chronicle-event(5)")
  add_custom_target(chronicle_man ALL DEPENDS ${man1}.gz ${man5}.gz)
  install(FILES ${man1}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${man5}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
else()
  message(WARNING "scdoc not found: the man pages are not built (scripts/deps build installs it)")
endif()

set(completion_bash ${CHRONICLE_SHARE}/bash-completion/completions/chronicle)
set(completion_zsh ${CHRONICLE_SHARE}/zsh/vendor-completions/_chronicle)
set(completion_fish ${CHRONICLE_SHARE}/fish/vendor_completions.d/chronicle.fish)
foreach(shell IN ITEMS bash zsh fish)
  get_filename_component(dir ${completion_${shell}} DIRECTORY)
  add_custom_command(OUTPUT ${completion_${shell}}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${CMAKE_COMMAND} -DMODE=completion -DSHELL_NAME=${shell}
            -DCHRONICLE=$<TARGET_FILE:chronicle> -DOUT=${completion_${shell}} -P ${generate}
    DEPENDS chronicle ${generate}
    COMMENT "Writing the ${shell} completion")
endforeach()
add_custom_target(chronicle_completions ALL
  DEPENDS ${completion_bash} ${completion_zsh} ${completion_fish})
install(FILES ${completion_bash} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${completion_zsh} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${completion_fish} DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The Debian package: `cpack -G DEB` in the build folder writes chronicle_VERSION_ARCH.deb.
# dpkg-shlibdeps (dpkg-dev) finds the libraries the binary links (libical, ICU, fmt, ...);
# tzdata is read at run time, so it is named here, and so is libcurl4, which publish, pull and
# sync open when they first send a request (dlopen, publish/http.cpp: 7.85 for
# CURLOPT_PROTOCOLS_STR); so are the Hunspell dictionaries, which give
# search and extract the forms of Russian and English words (without them, words match as written).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chronicle)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "timeline of dated events kept as TOML files and exported to iCalendar")
set(CPACK_PACKAGE_CONTACT "Chronicle maintainers <chronicle@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, libcurl4 (>= 7.85.0)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "hunspell-ru, hunspell-en-us")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
include(CPack)
