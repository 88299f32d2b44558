/* Connections per client address and the slow ones shed; see connections.h. */
#include "http/connections.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

typedef struct entry {
    bool used;
    bool in_request; /* its request's head is in: no header deadline */
    bool shed;       /* shut down, waiting for libmicrohttpd to close it */
    clg_ip address;
    int fd;
    uint64_t waiting_since; /* milliseconds: when it began to wait for a request's head */
} entry;

struct clg_connections {
    clg_connection_limits limits;
    pthread_mutex_t lock;
    pthread_cond_t stop_signal;
    bool stopping;
    pthread_t watchdog;
    bool watchdog_started;
    unsigned count; /* entries used and not shed */
    unsigned used;  /* entries used, shed or not */
    uint64_t shed;
    unsigned size;
    entry entries[]; /* limits.total plus room for the shed ones still closing */
};

static uint64_t now_milliseconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

/* Sheds e (under the lock). */
static void shed(clg_connections *connections, entry *e)
{
    shutdown(e->fd, SHUT_RDWR);
    e->shed = true;
    connections->count--;
    connections->shed++;
}

/* The connection of address (or of anyone, when address is NULL) that has waited longest for a
 * request's head, or NULL when every one is in a request. */
static entry *slowest(clg_connections *connections, const clg_ip *address)
{
    entry *found = NULL;
    for (unsigned i = 0; i < connections->size; i++) {
        entry *e = &connections->entries[i];
        if (!e->used || e->shed || e->in_request ||
            (address && !clg_ip_equal(&e->address, address)))
            continue;
        if (found == NULL || e->waiting_since < found->waiting_since)
            found = e;
    }
    return found;
}

static void *watch(void *context)
{
    clg_connections *connections = context;
    pthread_mutex_lock(&connections->lock);
    while (!connections->stopping) {
        uint64_t now = now_milliseconds();
        uint64_t deadline = (uint64_t)connections->limits.header_seconds * 1000u;
        for (unsigned i = 0; i < connections->size; i++) {
            entry *e = &connections->entries[i];
            if (e->used && !e->shed && !e->in_request && now - e->waiting_since > deadline)
                shed(connections, e);
        }
        struct timespec wake;
        clock_gettime(CLOCK_REALTIME, &wake);
        wake.tv_nsec += 250 * 1000000L;
        if (wake.tv_nsec >= 1000000000L) {
            wake.tv_sec++;
            wake.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&connections->stop_signal, &connections->lock, &wake);
    }
    pthread_mutex_unlock(&connections->lock);
    return NULL;
}

clg_connections *clg_connections_new(const clg_connection_limits *limits)
{
    /* Shed connections linger until libmicrohttpd closes them: room for as many again. */
    unsigned size = 2 * limits->total;
    clg_connections *connections = calloc(1, sizeof *connections + size * sizeof(entry));
    if (connections == NULL)
        return NULL;
    connections->limits = *limits;
    connections->size = size;
    pthread_mutex_init(&connections->lock, NULL);
    pthread_cond_init(&connections->stop_signal, NULL);
    if (limits->header_seconds > 0)
        connections->watchdog_started =
            pthread_create(&connections->watchdog, NULL, watch, connections) == 0;
    return connections;
}

void clg_connections_free(clg_connections *connections)
{
    if (connections == NULL)
        return;
    pthread_mutex_lock(&connections->lock);
    connections->stopping = true;
    pthread_cond_signal(&connections->stop_signal);
    pthread_mutex_unlock(&connections->lock);
    if (connections->watchdog_started)
        pthread_join(connections->watchdog, NULL);
    pthread_cond_destroy(&connections->stop_signal);
    pthread_mutex_destroy(&connections->lock);
    free(connections);
}

bool clg_connections_admit(clg_connections *connections, const clg_ip *address)
{
    bool admitted = true;
    pthread_mutex_lock(&connections->lock);
    if (!clg_proxy_list_has(connections->limits.exempt, address)) {
        unsigned from_address = 0;
        for (unsigned i = 0; i < connections->size; i++) {
            entry *e = &connections->entries[i];
            from_address += e->used && !e->shed && clg_ip_equal(&e->address, address);
        }
        if (from_address >= connections->limits.per_address) {
            entry *victim = slowest(connections, address);
            if (victim)
                shed(connections, victim);
            else
                admitted = false;
        }
    }
    if (admitted && connections->count >= connections->limits.total) {
        entry *victim = slowest(connections, NULL);
        if (victim)
            shed(connections, victim);
        else
            admitted = false;
    }
    /* Every entry taken (shed ones closing): no room to watch another. */
    if (connections->used >= connections->size)
        admitted = false;
    pthread_mutex_unlock(&connections->lock);
    return admitted;
}

void *clg_connections_opened(clg_connections *connections, const clg_ip *address, int fd)
{
    entry *found = NULL;
    pthread_mutex_lock(&connections->lock);
    for (unsigned i = 0; i < connections->size && found == NULL; i++)
        if (!connections->entries[i].used)
            found = &connections->entries[i];
    if (found) {
        *found = (entry){
            .used = true, .address = *address, .fd = fd, .waiting_since = now_milliseconds()};
        connections->count++;
        connections->used++;
    }
    pthread_mutex_unlock(&connections->lock);
    return found;
}

void clg_connections_closed(clg_connections *connections, void *opened)
{
    entry *e = opened;
    if (e == NULL)
        return;
    pthread_mutex_lock(&connections->lock);
    if (!e->shed)
        connections->count--;
    connections->used--;
    *e = (entry){0};
    pthread_mutex_unlock(&connections->lock);
}

void clg_connections_request_begun(clg_connections *connections, void *opened)
{
    entry *e = opened;
    if (e == NULL)
        return;
    pthread_mutex_lock(&connections->lock);
    e->in_request = true;
    pthread_mutex_unlock(&connections->lock);
}

void clg_connections_request_ended(clg_connections *connections, void *opened)
{
    entry *e = opened;
    if (e == NULL)
        return;
    pthread_mutex_lock(&connections->lock);
    e->in_request = false;
    e->waiting_since = now_milliseconds();
    pthread_mutex_unlock(&connections->lock);
}

unsigned clg_connections_open(clg_connections *connections)
{
    pthread_mutex_lock(&connections->lock);
    unsigned count = connections->count;
    pthread_mutex_unlock(&connections->lock);
    return count;
}

uint64_t clg_connections_shed(clg_connections *connections)
{
    pthread_mutex_lock(&connections->lock);
    uint64_t count = connections->shed;
    pthread_mutex_unlock(&connections->lock);
    return count;
}
