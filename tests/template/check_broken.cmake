# A broken copy of the wizard, which "wizardtool validate" must refuse with EXPECT.
#
# cmake -DWIZARDTOOL=... -DWIZARD_DIR=... -DWORK_DIR=... -DEXPECT=regex
#       [-DREMOVE=file] [-DFILE=file -DFROM=text -DTO=text] -P check_broken.cmake
#
# FILE with FROM: the first FROM in FILE becomes TO. FILE without FROM: FILE is created with TO.
cmake_minimum_required(VERSION 3.21)
set(copy ${WORK_DIR}/qorm-application)
file(REMOVE_RECURSE ${WORK_DIR})
file(COPY ${WIZARD_DIR} DESTINATION ${WORK_DIR})
if(REMOVE)
    file(REMOVE ${copy}/${REMOVE})
endif()
if(FILE AND FROM)
    file(READ ${copy}/${FILE} text)
    string(FIND "${text}" "${FROM}" at)
    if(at LESS 0)
        message(FATAL_ERROR "'${FROM}' is not in ${FILE}: the broken copy would not be broken")
    endif()
    string(LENGTH "${FROM}" length)
    string(SUBSTRING "${text}" 0 ${at} before)
    math(EXPR after_at "${at} + ${length}")
    string(SUBSTRING "${text}" ${after_at} -1 after)
    file(WRITE ${copy}/${FILE} "${before}${TO}${after}")
elseif(FILE)
    file(WRITE ${copy}/${FILE} "${TO}")
endif()

execute_process(COMMAND ${WIZARDTOOL} validate ${copy}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(result EQUAL 0)
    message(FATAL_ERROR "the validator accepted the broken wizard")
endif()
if(NOT output MATCHES "${EXPECT}")
    message(FATAL_ERROR "the validator refused the wizard, but not with '${EXPECT}'")
endif()
message(STATUS "refused as expected")
