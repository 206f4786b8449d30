# scripts/install-qtcreator-template.sh into a settings folder, twice (it replaces its own
# copy), then Qt Creator started with that settings folder finds and parses the wizard.
#
# cmake -DWIZARDTOOL=... -DQTCREATOR=... -DSCRIPT=... -DWIZARD_DIR=... -DWORK_DIR=...
#       -P check_install_script.cmake
cmake_minimum_required(VERSION 3.21)

function(run what)
    execute_process(COMMAND ${ARGN}
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${what} failed (${result}):\n${output}")
    endif()
    set(run_output "${output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(installed ${WORK_DIR}/QtProject/qtcreator/templates/wizards/qorm-application)
run("the install script" ${SCRIPT} --settings-path ${WORK_DIR})
# A file left from an older version of the wizard goes with the next install.
file(WRITE ${installed}/stale.txt "from an older install")
run("the install script, again" ${SCRIPT} --settings-path ${WORK_DIR})
message(STATUS "${run_output}")
run("comparing the installed wizard" diff -r ${WIZARD_DIR} ${installed})

# Somebody else's folder of the same name is left alone.
file(MAKE_DIRECTORY ${WORK_DIR}/other/qorm-application)
execute_process(COMMAND ${SCRIPT} ${WORK_DIR}/other
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(result EQUAL 0 OR NOT output MATCHES "is not the Qorm wizard")
    message(FATAL_ERROR "the script replaced a folder that is not its wizard:\n${output}")
endif()

run("Qt Creator with the settings folder" ${WIZARDTOOL} qtcreator ${QTCREATOR}
    --settings-path ${WORK_DIR} ${installed})
message(STATUS "${run_output}")
if(NOT run_output MATCHES "Configuration found and parsed")
    message(FATAL_ERROR "Qt Creator did not parse the installed wizard")
endif()
