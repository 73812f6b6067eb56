# Tests of the language bindings and the example programs (issue 7).
# Included by tests/CMakeLists.txt.

# ---- Python: unittest over the built libattune.so ----
set(ATTUNE_PY_DIR ${PROJECT_SOURCE_DIR}/bindings/python)
find_package(Python3 COMPONENTS Interpreter QUIET)
set(attune_py_env
  "ATTUNE_LIBRARY=$<TARGET_FILE:attune>"
  "PYTHONPATH=${ATTUNE_PY_DIR}"
  "PYTHONDONTWRITEBYTECODE=1"
  "ATTUNE_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
  "ATTUNE_SAMPLE_PAGE=${PROJECT_SOURCE_DIR}/examples/sample-page.txt")
if(TARGET attune_cli)
  list(APPEND attune_py_env "ATTUNE_CLI=$<TARGET_FILE:attune_cli>")
endif()
set(attune_py_ok ON)
if(ATTUNE_SANITIZE)
  # The library is instrumented and Python is not: the ASan runtime has to be
  # loaded first. Python's own allocations are not leaks of ours.
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
    OUTPUT_VARIABLE attune_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(attune_libasan AND IS_ABSOLUTE "${attune_libasan}" AND EXISTS "${attune_libasan}")
    list(APPEND attune_py_env "LD_PRELOAD=${attune_libasan}"
      "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1")
  else()
    set(attune_py_ok OFF)
  endif()
endif()

set(attune_pythons "")
if(Python3_Interpreter_FOUND)
  list(APPEND attune_pythons ${Python3_EXECUTABLE})
endif()
# Debian's own interpreter too, when it is another one than the one found
# (not under the sanitizers: one interpreter is enough there).
if(EXISTS /usr/bin/python3 AND NOT ATTUNE_SANITIZE)
  get_filename_component(attune_sys_py /usr/bin/python3 REALPATH)
  set(attune_found_py "")
  if(Python3_Interpreter_FOUND)
    get_filename_component(attune_found_py ${Python3_EXECUTABLE} REALPATH)
  endif()
  if(NOT attune_sys_py STREQUAL attune_found_py)
    list(APPEND attune_pythons /usr/bin/python3)
  endif()
endif()

if(attune_py_ok AND EXISTS ${ATTUNE_PY_DIR}/tests)
  set(attune_py_n 0)
  foreach(py ${attune_pythons})
    if(attune_py_n EQUAL 0)
      set(tname python_bindings)
    else()
      set(tname python_bindings_system)
    endif()
    math(EXPR attune_py_n "${attune_py_n} + 1")
    add_test(NAME ${tname}
      COMMAND ${py} -m unittest discover -s ${ATTUNE_PY_DIR}/tests -t ${ATTUNE_PY_DIR})
    set_tests_properties(${tname} PROPERTIES ENVIRONMENT "${attune_py_env}")
  endforeach()
  if(attune_pythons AND NOT ATTUNE_SANITIZE)
    list(GET attune_pythons 0 py)
    add_test(NAME python_pip_install
      COMMAND sh ${ATTUNE_PY_DIR}/tests/pip_install.sh ${py}
              ${CMAKE_CURRENT_BINARY_DIR}/pip-work $<TARGET_FILE:attune>
              ${PROJECT_SOURCE_DIR}/examples/sample-page.txt)
  endif()
endif()

# ---- Rust: cargo test --offline against an installed copy, when cargo exists ----
find_program(ATTUNE_CARGO cargo HINTS $ENV{HOME}/.cargo/bin $ENV{CARGO_HOME}/bin)
if(ATTUNE_CARGO AND NOT ATTUNE_SANITIZE AND EXISTS ${PROJECT_SOURCE_DIR}/bindings/rust/Cargo.toml)
  add_test(NAME rust_bindings
    COMMAND sh ${PROJECT_SOURCE_DIR}/bindings/rust/run-tests.sh ${PROJECT_BINARY_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/rust-work ${ATTUNE_CARGO})
  set_tests_properties(rust_bindings PROPERTIES TIMEOUT 300)
endif()

# ---- C examples (built in examples/), run on the sample page ----
if(EXISTS ${PROJECT_SOURCE_DIR}/examples/tests.cmake)
  include(${PROJECT_SOURCE_DIR}/examples/tests.cmake)
endif()
