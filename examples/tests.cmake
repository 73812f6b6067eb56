# Runs the example programs (built by examples/CMakeLists.txt) on the sample
# page and checks what they print. Included from tests/extra.cmake.
set(ATTUNE_SAMPLE_PAGE ${PROJECT_SOURCE_DIR}/examples/sample-page.txt)

if(TARGET example_normalize)
  # Curly apostrophe folded, no-break spaces and typographic dashes gone.
  add_test(NAME example_normalize COMMAND example_normalize ${ATTUNE_SAMPLE_PAGE})
  set_tests_properties(example_normalize PROPERTIES
    PASS_REGULAR_EXPRESSION "acting in the client's best interest.*first apostrophe: output byte [0-9]+ <- input bytes [0-9]+\\.\\.[0-9]+ \\(\"’\"\\)")
  add_test(NAME example_normalize_casefold COMMAND example_normalize ${ATTUNE_SAMPLE_PAGE} --casefold)
  set_tests_properties(example_normalize_casefold PROPERTIES
    PASS_REGULAR_EXPRESSION "why boundaries matter in the therapy room")
endif()

if(TARGET example_outline)
  # The title, a level-2 heading under it, list items nested in their list,
  # and the boilerplate left out.
  add_test(NAME example_outline COMMAND example_outline ${ATTUNE_SAMPLE_PAGE})
  set_tests_properties(example_outline PROPERTIES
    PASS_REGULAR_EXPRESSION "^title +1 \\[5\\] Why Boundaries Matter in the Therapy Room\n.*\n  heading +2 \\[[0-9]+\\] What a boundary protects\n.*\n    list_item \\[[0-9]+\\] Sessions that start and end on time\n.*\n[1-9][0-9]* boilerplate blocks, [1-9][0-9]* promotional sentences")
endif()

if(TARGET example_classify)
  # Document themes with quoted evidence, then one line per section.
  add_test(NAME example_classify COMMAND example_classify ${ATTUNE_SAMPLE_PAGE})
  set_tests_properties(example_classify PROPERTIES
    PASS_REGULAR_EXPRESSION "^document: [a-z_]+ [01]\\.[0-9][0-9] \\(\"[^\"]+\"[^\n]*\n\\[5\\] Why Boundaries Matter in the Therapy Room: [a-z_]+ [01]\\.[0-9][0-9]")
endif()

if(TARGET example_train)
  # Trains on CounselChat (../shared), saves, reloads, classifies the sample page.
  add_test(NAME example_train
    COMMAND example_train ${ATTUNE_SHARED_DIR}/data/counselchat/dev.fasttext ${ATTUNE_SAMPLE_PAGE}
            ${CMAKE_CURRENT_BINARY_DIR}/example-train.model)
  set_tests_properties(example_train PROPERTIES
    PASS_REGULAR_EXPRESSION "read [1-9][0-9]* examples, [1-9][0-9]* labels\nsaved [^\n]*example-train.model: [1-9][0-9]* themes, [1-9][0-9]* entries\nthemes of [^\n]*sample-page.txt:( [a-z-]+ [01]\\.[0-9][0-9])+\n")
endif()
