# Generated sources of the library: the default theme model compiled in.
attune_embed_file(${PROJECT_SOURCE_DIR}/models/default.model
  ${ATTUNE_GENERATED_DIR}/default_model.c attune__default_model)
list(APPEND ATTUNE_GENERATED_SOURCES ${ATTUNE_GENERATED_DIR}/default_model.c)

# The fitted content model (models/content.model) as a C initializer.
add_custom_command(OUTPUT ${ATTUNE_GENERATED_DIR}/content_model.c
  COMMAND ${CMAKE_COMMAND} -DINPUT=${PROJECT_SOURCE_DIR}/models/content.model
          -DOUTPUT=${ATTUNE_GENERATED_DIR}/content_model.c
          -P ${PROJECT_SOURCE_DIR}/cmake/content_model.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/models/content.model ${PROJECT_SOURCE_DIR}/cmake/content_model.cmake
  COMMENT "Compiling in models/content.model" VERBATIM)
list(APPEND ATTUNE_GENERATED_SOURCES ${ATTUNE_GENERATED_DIR}/content_model.c)
