# attune_embed_file(<input> <output.c> <symbol>)
# Generates a C file defining `const unsigned char <symbol>[]` and
# `const size_t <symbol>_len` with the bytes of <input>, so data files such as
# the default theme model are compiled into the library.
function(attune_embed_file input output symbol)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${input}" VERBATIM)
endfunction()
