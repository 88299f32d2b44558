# The records commands (client, course, session, due, import, export,
# backup) and what they share; included by the root CMakeLists.txt.
target_sources(collagenda_cli PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/records_cli.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_backup.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_client.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_clinic.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_course.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_due.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_export.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_feed.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_import.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_session.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_serve.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_token.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_user.c)
target_link_libraries(collagenda_cli PRIVATE collagenda_store collagenda_http collagenda_accounts)
