# Generated sources of the library: the default theme model compiled in.
attune_embed_file(${PROJECT_SOURCE_DIR}/models/default.model
  ${ATTUNE_GENERATED_DIR}/default_model.c attune__default_model)
list(APPEND ATTUNE_GENERATED_SOURCES ${ATTUNE_GENERATED_DIR}/default_model.c)
