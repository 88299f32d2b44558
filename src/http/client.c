/* Client addresses and trusted proxies; see client.h. */
#include "http/client.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static const unsigned char v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static void from_v6_bytes(const unsigned char bytes[16], clg_ip *out)
{
    memset(out, 0, sizeof *out);
    if (memcmp(bytes, v4_mapped_prefix, sizeof v4_mapped_prefix) == 0) {
        memcpy(out->bytes, bytes + 12, 4);
        return;
    }
    out->v6 = true;
    memcpy(out->bytes, bytes, 16);
}

bool clg_ip_parse(const char *text, clg_ip *out)
{
    unsigned char bytes[16];
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, text, bytes) == 1) {
        memcpy(out->bytes, bytes, 4);
        return true;
    }
    if (inet_pton(AF_INET6, text, bytes) == 1) {
        from_v6_bytes(bytes, out);
        return true;
    }
    return false;
}

bool clg_ip_from_sockaddr(const struct sockaddr *address, clg_ip *out)
{
    memset(out, 0, sizeof *out);
    if (address == NULL)
        return false;
    if (address->sa_family == AF_INET) {
        memcpy(out->bytes, &((const struct sockaddr_in *)address)->sin_addr, 4);
        return true;
    }
    if (address->sa_family == AF_INET6) {
        from_v6_bytes(((const struct sockaddr_in6 *)address)->sin6_addr.s6_addr, out);
        return true;
    }
    return false;
}

bool clg_ip_equal(const clg_ip *a, const clg_ip *b)
{
    return a->v6 == b->v6 && memcmp(a->bytes, b->bytes, a->v6 ? 16 : 4) == 0;
}

void clg_ip_text(const clg_ip *ip, char *out, size_t size)
{
    char text[INET6_ADDRSTRLEN] = "";
    inet_ntop(ip->v6 ? AF_INET6 : AF_INET, ip->bytes, text, sizeof text);
    snprintf(out, size, "%s", text);
}

void clg_ip_network(const clg_ip *ip, char *out, size_t size)
{
    clg_ip network = *ip;
    memset(network.bytes + (ip->v6 ? 8 : 3), 0, ip->v6 ? 8 : 1);
    char text[INET6_ADDRSTRLEN];
    clg_ip_text(&network, text, sizeof text);
    snprintf(out, size, "%s/%d", text, ip->v6 ? 64 : 24);
}

clg_status clg_proxy_list_add(clg_proxy_list *list, const char *text, const char *field,
                              clg_error *err)
{
    clg_ip ip;
    if (!clg_ip_parse(text, &ip))
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.60s' is not a numeric IPv4 or IPv6 address", text);
    if (list->count == CLG_MAX_TRUSTED_PROXIES)
        return clg_error_set(err, CLG_ERR_INVALID, field, "at most %d addresses",
                             CLG_MAX_TRUSTED_PROXIES);
    list->addresses[list->count++] = ip;
    return CLG_OK;
}

bool clg_proxy_list_has(const clg_proxy_list *list, const clg_ip *ip)
{
    for (int i = 0; i < list->count; i++)
        if (clg_ip_equal(&list->addresses[i], ip))
            return true;
    return false;
}

/* The entry of a comma-separated list that ends just before end, trimmed, into out. */
static const char *previous_entry(const char *start, const char *end, char *out, size_t size)
{
    const char *comma = end;
    while (comma > start && comma[-1] != ',')
        comma--;
    const char *first = comma, *last = end;
    while (first < last && isspace((unsigned char)*first))
        first++;
    while (last > first && isspace((unsigned char)last[-1]))
        last--;
    size_t length = (size_t)(last - first);
    if (length >= size)
        length = 0; /* too long to be an address: an empty entry, which does not parse */
    memcpy(out, first, length);
    out[length] = '\0';
    return comma > start ? comma - 1 : NULL;
}

clg_ip clg_client_address(const clg_proxy_list *trusted, const clg_ip *peer,
                          const char *forwarded_for)
{
    if (forwarded_for == NULL || !clg_proxy_list_has(trusted, peer))
        return *peer;
    const char *end = forwarded_for + strlen(forwarded_for);
    char entry[INET6_ADDRSTRLEN + 1];
    clg_ip client = *peer;
    while (end != NULL) {
        end = previous_entry(forwarded_for, end, entry, sizeof entry);
        clg_ip ip;
        if (!clg_ip_parse(entry, &ip))
            return *peer;
        client = ip;
        if (!clg_proxy_list_has(trusted, &ip))
            break;
    }
    return client;
}

bool clg_forwarded_https(const char *forwarded_proto)
{
    if (forwarded_proto == NULL)
        return false;
    const char *end = forwarded_proto + strlen(forwarded_proto);
    char entry[16];
    previous_entry(forwarded_proto, end, entry, sizeof entry);
    return strcasecmp(entry, "https") == 0;
}
