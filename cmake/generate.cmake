# Build-time generation of the man pages and completion scripts (cmake/install.cmake runs it).
#   -DMODE=man  -DSCDOC=scdoc -DIN=page.scd -DOUT=page.N [-DCHRONICLE=binary]
#       With CHRONICLE, the line @COMMANDS@ of IN is replaced by `chronicle __man` (every
#       command and option, from the command-line definition) first. Writes OUT and OUT.gz.
#   -DMODE=completion -DCHRONICLE=binary -DSHELL_NAME=bash|zsh|fish -DOUT=file
if(MODE STREQUAL "man")
  set(source ${IN})
  if(CHRONICLE)
    execute_process(COMMAND ${CHRONICLE} __man OUTPUT_VARIABLE commands RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${CHRONICLE} __man failed (${rc})")
    endif()
    file(READ ${IN} text)
    string(REPLACE "@COMMANDS@\n" "${commands}" text "${text}")
    set(source ${OUT}.scd)
    file(WRITE ${source} "${text}")
  endif()
  execute_process(COMMAND ${SCDOC} INPUT_FILE ${source} OUTPUT_FILE ${OUT}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "scdoc failed on ${source}: ${err}")
  endif()
  execute_process(COMMAND gzip -9 -n -f -k ${OUT} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip failed on ${OUT}")
  endif()
elseif(MODE STREQUAL "completion")
  execute_process(COMMAND ${CHRONICLE} completions ${SHELL_NAME} OUTPUT_FILE ${OUT}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${CHRONICLE} completions ${SHELL_NAME} failed (${rc})")
  endif()
else()
  message(FATAL_ERROR "generate.cmake: unknown MODE \"${MODE}\"")
endif()
