/* The words of message kinds and statuses; see message.h. */
#include "model/message.h"

const char *clg_message_kind_word(clg_message_kind kind)
{
    return kind == CLG_MESSAGE_RECALL ? "recall" : "reminder";
}

const char *clg_message_status_word(clg_message_status status)
{
    switch (status) {
    case CLG_MESSAGE_SENT:
        return "sent";
    case CLG_MESSAGE_FAILED:
        return "failed";
    default:
        return "recorded";
    }
}
