/*
 * A reminder or recall e-mail; see reminder_mail.h. Every body part is
 * base64 (any line length, any UTF-8 travels unchanged); header texts that
 * are not plain ASCII are RFC 2047 encoded words, and no header value can
 * carry a line break, so nothing a record holds can add a header.
 */
#include "render/reminder_mail.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/diary.h"
#include "render/ics_parts.h"

static const char *const weekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
static const char *const months[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

/* "Tuesday 5 January 2027". */
static void long_date(clg_date date, char *out, size_t size)
{
    int year, month, day;
    clg_date_to_civil(date, &year, &month, &day);
    snprintf(out, size, "%s %d %s %d", weekdays[clg_date_weekday(date)], day, months[month - 1],
             year);
}

void clg_reminder_mail_subject(const clg_reminder_mail *mail, char *out, size_t size)
{
    char day[48];
    if (mail->kind == CLG_MESSAGE_REMINDER) {
        long_date(mail->booking->date, day, sizeof day);
        snprintf(out, size, "Reminder: your visit to %s on %s", mail->clinic->name, day);
    } else {
        snprintf(out, size, "%s: your maintenance visit is due", mail->clinic->name);
    }
}

/* A header's text with every control character a space: no value can start a header. */
static void put_header_text(clg_buffer *out, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        char byte = (char)(*c < 0x20 || *c == 0x7f ? ' ' : *c);
        clg_buffer_append(out, &byte, 1);
    }
}

static bool is_plain_ascii(const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if (*c < 0x20 || *c > 0x7e)
            return false;
    return true;
}

/*
 * text as RFC 2047 "=?UTF-8?B?...?=" words of at most 45 bytes each (whole
 * characters), folded onto lines of their own: each line stays under 78.
 */
static void put_encoded_words(clg_buffer *out, const char *text)
{
    size_t length = strlen(text), at = 0;
    while (at < length) {
        size_t take = length - at < 45 ? length - at : 45;
        while (at + take < length && ((unsigned char)text[at + take] & 0xc0) == 0x80)
            take--; /* never split a character */
        char encoded[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(encoded, sizeof encoded, (const unsigned char *)text + at, take,
                          sodium_base64_VARIANT_ORIGINAL);
        clg_buffer_printf(out, "%s=?UTF-8?B?%s?=", at ? "\r\n " : "", encoded);
        at += take;
    }
}

/* A free text header (Subject): as it is when plain ASCII, else encoded words. */
static void put_text_header(clg_buffer *out, const char *name, const char *text)
{
    clg_buffer_printf(out, "%s: ", name);
    if (is_plain_ascii(text))
        put_header_text(out, text);
    else
        put_encoded_words(out, text);
    clg_buffer_puts(out, "\r\n");
}

/* From: "Clinic name" <address>, the name quoted or encoded. */
static void put_from(clg_buffer *out, const char *name, const char *address)
{
    clg_buffer_puts(out, "From: ");
    if (is_plain_ascii(name)) {
        clg_buffer_puts(out, "\"");
        for (const char *c = name; *c; c++) {
            if (*c == '"' || *c == '\\')
                clg_buffer_puts(out, "\\");
            clg_buffer_append(out, c, 1);
        }
        clg_buffer_puts(out, "\"");
    } else {
        put_encoded_words(out, name);
    }
    clg_buffer_puts(out, " <");
    put_header_text(out, address);
    clg_buffer_puts(out, ">\r\n");
}

/* bytes as base64 lines of 76 characters. */
static void put_base64(clg_buffer *out, const char *bytes, size_t length)
{
    for (size_t at = 0; at < length; at += 57) {
        size_t take = length - at < 57 ? length - at : 57;
        char line[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(line, sizeof line, (const unsigned char *)bytes + at, take,
                          sodium_base64_VARIANT_ORIGINAL);
        clg_buffer_printf(out, "%s\r\n", line);
    }
}

static void put_contact(const clg_clinic_settings *clinic, clg_buffer *text)
{
    if (clinic->phone[0] && clinic->email[0])
        clg_buffer_printf(text, "call us on %s or write to %s", clinic->phone, clinic->email);
    else if (clinic->phone[0])
        clg_buffer_printf(text, "call us on %s", clinic->phone);
    else if (clinic->email[0])
        clg_buffer_printf(text, "write to %s", clinic->email);
    else
        clg_buffer_puts(text, "reply to this e-mail");
}

static void reminder_text(const clg_reminder_mail *mail, clg_buffer *text)
{
    const clg_clinic_settings *clinic = mail->clinic;
    const clg_diary_row *booking = mail->booking;
    char day[48], time[CLG_TIME_TEXT_SIZE];
    long_date(booking->date, day, sizeof day);
    clg_buffer_printf(text, "Hello %s,\n\nthis is a reminder of your visit to %s tomorrow, %s",
                      mail->client_name, clinic->name, day);
    if (booking->start_minute >= 0)
        clg_buffer_printf(text, ", at %s (%s time)", clg_time_format(booking->start_minute, time),
                          clinic->time_zone[0] ? clinic->time_zone : "UTC");
    clg_buffer_puts(text, ".\n\nThe visit: ");
    if (booking->maintenance)
        clg_buffer_puts(text, "a maintenance microneedling session");
    else
        clg_buffer_printf(text, "microneedling session %d of %d", booking->number,
                          booking->sessions);
    if (booking->minutes > 0)
        clg_buffer_printf(text, ", about %d minutes", booking->minutes);
    clg_buffer_printf(text,
                      ".\nWhere: %s%s%s.\n\nIf you cannot come, or would like another time, "
                      "please ",
                      clinic->name, clinic->address[0] ? ", " : "", clinic->address);
    put_contact(clinic, text);
    clg_buffer_puts(text, " as soon as you can, so that we can give the time to someone else.\n"
                          "The attached calendar file puts the visit in your calendar.\n");
}

static void recall_text(const clg_reminder_mail *mail, clg_buffer *text)
{
    char day[48];
    long_date(mail->due, day, sizeof day);
    clg_buffer_printf(text,
                      "Hello %s,\n\nyour maintenance microneedling visit at %s is due from %s: "
                      "a visit now keeps the result of your course.\n\nTo book it, please ",
                      mail->client_name, mail->clinic->name, day);
    put_contact(mail->clinic, text);
    clg_buffer_puts(text, ".\nThe attached calendar file marks the day it is due.\n");
}

static void put_text_part(const clg_reminder_mail *mail, clg_buffer *text)
{
    if (mail->kind == CLG_MESSAGE_REMINDER)
        reminder_text(mail, text);
    else
        recall_text(mail, text);
    clg_buffer_printf(text,
                      "\nKind regards,\n%s\n\n--\nYou get these reminders as a client of %s. "
                      "To get no more, open this link:\n%s\n",
                      mail->clinic->name, mail->clinic->name, mail->opt_out_url);
}

/* A recall's calendar: the maintenance visit, all day on its due day (ics_parts.c's frame). */
static clg_status recall_calendar(const clg_reminder_mail *mail, clg_buffer *out, clg_error *err)
{
    icalcomponent *calendar = clg_ics_calendar_new();
    if (calendar == NULL)
        return clg_error_set(err, CLG_ERR_IO, "icalendar", "out of memory building the calendar");
    char uid[96], day[CLG_DATE_TEXT_SIZE];
    snprintf(uid, sizeof uid, "course-%lld-maintenance-due-%s@collagenda",
             (long long)mail->course_id, clg_date_format(mail->due, day));
    icalcomponent *event = icalcomponent_new_vevent();
    icalcomponent_add_property(event, icalproperty_new_uid(uid));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(clg_ics_stamp(mail->now)));
    icalcomponent_add_property(event, clg_ics_text_property(icalproperty_new_summary,
                                                            "Microneedling maintenance visit due"));
    icalcomponent_add_property(
        event, clg_ics_text_property(icalproperty_new_description,
                                     "Your maintenance visit is due from this day; book it with "
                                     "the clinic."));
    clg_ics_set_all_day(event, mail->due);
    clg_ics_add_location(event, mail->clinic->name, mail->clinic->address);
    icalcomponent_add_property(event, icalproperty_new_status(ICAL_STATUS_TENTATIVE));
    icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    icalcomponent_add_component(calendar, event);
    bool written = clg_ics_write(calendar, out);
    icalcomponent_free(calendar);
    return written ? CLG_OK
                   : clg_error_set(err, CLG_ERR_IO, "icalendar", "libical could not write it");
}

/* A reminder's calendar: the booking's event as the diary's calendar writes it. */
static clg_status booking_calendar(const clg_reminder_mail *mail, clg_buffer *out, clg_error *err)
{
    clg_diary_row row = *mail->booking;
    row.phone = NULL; /* the client's own number is no news to the client */
    clg_diary_ics *ics = clg_diary_ics_begin(mail->clinic, mail->now, err);
    if (ics == NULL)
        return err->status;
    clg_status status = clg_diary_ics_add(ics, &row, err);
    if (status != CLG_OK) {
        clg_diary_ics_free(ics);
        return status;
    }
    return clg_diary_ics_finish(ics, out, err);
}

clg_status clg_render_reminder_mail(const clg_reminder_mail *mail, clg_buffer *out, clg_error *err)
{
    clg_buffer calendar = CLG_BUFFER_INIT, text = CLG_BUFFER_INIT;
    clg_status status = mail->kind == CLG_MESSAGE_REMINDER ? booking_calendar(mail, &calendar, err)
                                                           : recall_calendar(mail, &calendar, err);
    if (status != CLG_OK)
        goto out;
    put_text_part(mail, &text);
    clg_buffer crlf = CLG_BUFFER_INIT; /* text/plain's canonical line end */
    for (size_t i = 0; i < text.length; i++)
        clg_buffer_puts(&crlf, text.data[i] == '\n' ? "\r\n" : (char[]){text.data[i], '\0'});
    clg_buffer_free(&text);
    text = crlf;

    char subject[CLG_NAME_MAX_BYTES + 96], date[64], boundary[80];
    struct tm utc;
    time_t now = (time_t)mail->now;
    gmtime_r(&now, &utc);
    /* RFC 5322's date, in English whatever the locale. */
    snprintf(date, sizeof date, "%.3s, %02d %.3s %d %02d:%02d:%02d +0000",
             weekdays[(utc.tm_wday + 6) % 7], utc.tm_mday, months[utc.tm_mon], utc.tm_year + 1900,
             utc.tm_hour, utc.tm_min, utc.tm_sec);
    /* Base64 never holds "=_", so the boundary cannot occur inside a part. */
    snprintf(boundary, sizeof boundary, "=_collagenda_%lld_%s", mail->now,
             mail->kind == CLG_MESSAGE_REMINDER ? "reminder" : "recall");
    clg_reminder_mail_subject(mail, subject, sizeof subject);

    put_from(out, mail->clinic->name, mail->from);
    clg_buffer_puts(out, "To: <");
    put_header_text(out, mail->to);
    clg_buffer_puts(out, ">\r\n");
    put_text_header(out, "Subject", subject);
    clg_buffer_printf(out, "Date: %s\r\n", date);
    clg_buffer_puts(out, "Message-ID: ");
    put_header_text(out, mail->message_id);
    clg_buffer_puts(out, "\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
    clg_buffer_puts(out, "List-Unsubscribe: <");
    put_header_text(out, mail->opt_out_url);
    clg_buffer_puts(out, ">\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    clg_buffer_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
    clg_buffer_puts(out, "This is a MIME message: a text and a calendar file.\r\n");
    clg_buffer_printf(out,
                      "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: base64\r\n\r\n",
                      boundary);
    put_base64(out, text.data, text.length);
    clg_buffer_printf(out,
                      "--%s\r\nContent-Type: text/calendar; charset=utf-8; method=PUBLISH\r\n"
                      "Content-Transfer-Encoding: base64\r\n"
                      "Content-Disposition: attachment; filename=\"%s.ics\"\r\n\r\n",
                      boundary, mail->kind == CLG_MESSAGE_REMINDER ? "visit" : "maintenance");
    put_base64(out, calendar.data, calendar.length);
    clg_buffer_printf(out, "--%s--\r\n", boundary);
out:
    clg_buffer_free(&calendar);
    clg_buffer_free(&text);
    return status;
}
