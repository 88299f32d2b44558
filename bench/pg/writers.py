#!/usr/bin/env python3
"""Sessions recorded per second through the HTTP API by W concurrent writers.

    writers.py --binary CLI --db LOCATION --servers N --writers W1,W2,... [--sessions S]

Starts N `collagenda serve` processes on one database, a staff token, and
for each writer count W: W threads, round robin over the servers, each
recording session 1 of courses of its own (POST /api/v1/courses/{id}/sessions)
S times in all; prints one line "W writers: R sessions/s" per count. The
courses are made beforehand through the API, outside the timing.
"""
import argparse
import http.client
import json
import re
import subprocess
import threading
import time

START = "2025-01-06"


def serve(binary, db):
    process = subprocess.Popen([binary, "--db", db, "serve", "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline().decode()
    port = int(re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line).group(1))
    return process, port


def post(connection, path, body, token):
    connection.request("POST", path, body=json.dumps(body),
                       headers={"Content-Type": "application/json",
                                "Authorization": "Bearer " + token})
    answer = connection.getresponse()
    data = answer.read()
    if answer.status != 201:
        raise RuntimeError("%s: %d %s" % (path, answer.status, data[:200]))
    return json.loads(data)["id"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--writers", default="1,4,16")
    parser.add_argument("--sessions", type=int, default=800)
    arguments = parser.parse_args()
    cli = [arguments.binary, "--db", arguments.db]
    subprocess.run(cli + ["user", "add", "--email", "bench@clinic.example", "--role", "staff"],
                   input="bench password 1\n", text=True, check=True, capture_output=True)
    token = subprocess.run(cli + ["token", "create", "--email", "bench@clinic.example"],
                           text=True, check=True, capture_output=True).stdout.strip()
    servers = [serve(arguments.binary, arguments.db) for _ in range(arguments.servers)]
    try:
        for writers in [int(w) for w in arguments.writers.split(",")]:
            setup = http.client.HTTPConnection("127.0.0.1", servers[0][1], timeout=120)
            courses = []
            for i in range(arguments.sessions):
                client = post(setup, "/api/v1/clients", {"name": "bench %d" % i}, token)
                courses.append(post(setup, "/api/v1/courses", {
                    "client": client, "laxity": "mild", "areas": ["face"], "start": START},
                    token))
            setup.close()
            failures = []

            def writer(number):
                port = servers[number % len(servers)][1]
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                try:
                    for course in courses[number::writers]:
                        post(connection, "/api/v1/courses/%d/sessions" % course,
                             {"date": START}, token)
                except Exception as error:  # noqa: BLE001 (reported below)
                    failures.append(error)
                connection.close()

            threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
            began = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.monotonic() - began
            if failures:
                raise failures[0]
            print("%d writers: %.0f sessions/s" % (writers, len(courses) / seconds), flush=True)
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
