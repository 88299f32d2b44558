#!/usr/bin/env python3
"""CDS Hooks 2.0 against a real `collagenda serve` (docs/interop.md#cds-hooks).

A CDS client authenticates with a JWT it signs itself (ES384 or RS384,
header kid and typ, claims iss, aud, exp, iat, jti), its public key
registered by the clinic's admin with `collagenda cds-client add`; the
staff's bearer token still works. Every bad JWT is 401 problem+json naming
Authorization with the reason. Requests shaped as the specification's own
examples (context.extension, prefetch, fhirAuthorization, appointments as
a Bundle or as an array of Appointments) are answered with cards.

    /usr/bin/python3 test_cds_hooks.py --binary build/collagenda [CdsHooksTest]

Debian's python3 with python3-jwt and python3-cryptography (the CDS client's
side: keys, JWKs, signatures); the server helpers are test_server.py's.
"""

import argparse
import base64
import copy
import email.utils
import json
import os
import re
import select
import subprocess
import sys
import unittest
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

import test_server
from test_server import ServerTestCase

SERVICE = "/cds-services/collagenda-session-safety"
REQUEST_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                            "cds-appointment-book-request.json")
EHR = "https://ehr.example/"          # an EC P-384 client (ES384)
RSA_EHR = "https://rsa-ehr.example/"  # an RSA client (RS384) with two keys
OTHER_EHR = "https://other-ehr.example/"  # registered by the other clinic
COURSE_START = "2028-12-01"  # a session that day; the next one is weeks away


def public_jwk(key, kid, algorithm):
    jwk = json.loads(algorithm.to_jwk(key.public_key()))
    jwk["kid"] = kid
    return jwk


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header, claims, signature=b""):
    """A token put together by hand (for what no library will sign)."""
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()),
                     b64(signature)])


class CdsServer(test_server.Server):
    """A server started with extra `serve` arguments (--public-url)."""

    arguments = []

    def start(self, environment=None):
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [test_server.BINARY, "--db", self.db, "serve", "--listen", "127.0.0.1:0"]
            + self.arguments, stdout=subprocess.PIPE, stderr=self.log,
            stdin=subprocess.DEVNULL, env=self.environment(environment))
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        line = self.process.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            self.process.kill()
            self.process.wait(30)
            raise AssertionError("the server did not announce itself within 60 s: %r" % line)
        self.port = int(match.group(1))


class CdsTestCase(ServerTestCase):
    """Registers three CDS clients in two clinics and gives the first a course."""

    ARGUMENTS = []

    @classmethod
    def setUpClass(cls):
        cls.server = CdsServer()
        cls.server.arguments = cls.ARGUMENTS
        try:
            cls.prepare(cls.server)
            cls.server.start()
        except BaseException:
            cls.server.close()
            raise
        cls.made()

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.other_staff = server.add_user("staff@other.example", "staff", clinic="Other Clinic")
        cls.ec_key = ec.generate_private_key(ec.SECP384R1())
        cls.rsa_keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048)
                        for _ in range(2)]
        cls.other_key = ec.generate_private_key(ec.SECP384R1())
        folder = server.folder.name
        cls.files = {}
        for name, document in (
                ("ec.jwk", public_jwk(cls.ec_key, "ec-1", ECAlgorithm)),
                ("rsa.jwks", {"keys": [public_jwk(key, "rsa-%d" % i, RSAAlgorithm)
                                       for i, key in enumerate(cls.rsa_keys)]}),
                ("other.jwk", public_jwk(cls.other_key, "other-1", ECAlgorithm))):
            cls.files[name] = os.path.join(folder, name)
            with open(cls.files[name], "w") as out:
                json.dump(document, out)
        server.cli("cds-client", "add", EHR, "--jwk-file", cls.files["ec.jwk"])
        server.cli("cds-client", "add", RSA_EHR, "--jwks-file", cls.files["rsa.jwks"])
        server.cli("cds-client", "add", OTHER_EHR, "--jwk-file", cls.files["other.jwk"],
                   clinic="Other Clinic")

    @classmethod
    def made(cls):
        def created(response):
            assert response.status == 201, response
            return response.json()["id"]

        def client_with_course(token, name):
            client = created(cls.server.request("POST", "/api/v1/clients", {"name": name},
                                                token=token))
            course = created(cls.server.request("POST", "/api/v1/courses", {
                "client": client, "laxity": "mild", "areas": ["face"], "start": COURSE_START},
                token=token))
            created(cls.server.request("POST", "/api/v1/courses/%d/sessions" % course,
                                       {"date": COURSE_START}, token=token))
            return client

        cls.client = client_with_course(cls.staff, "Hypatia Quillfeather")
        cls.other_client = client_with_course(cls.other_staff, "Ptolemy Brightwater")

    # ---- the CDS client's side ----

    def server_now(self):
        """The server's clock (libfaketime's, running from test_server.TODAY), from its Date header."""
        response = self.request("GET", "/healthz")
        return int(email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp())

    def audience(self):
        return "http://127.0.0.1:%d%s" % (self.server.port, SERVICE)

    def claims(self, issuer=EHR, **changes):
        now = self.server_now()
        claims = {"iss": issuer, "sub": "ehr-client-7", "aud": self.audience(), "iat": now,
                  "exp": now + 120, "jti": str(uuid.uuid4())}
        claims.update(changes)
        return {name: value for name, value in claims.items() if value is not None}

    def token(self, key=None, kid="ec-1", algorithm="ES384", headers=None, **changes):
        key = key or self.ec_key
        header = {"kid": kid, "typ": "JWT", "jku": "https://ehr.example/jwks.json"}
        header.update(headers or {})
        issuer = changes.pop("issuer", RSA_EHR if algorithm == "RS384" else EHR)
        return jwt.encode(self.claims(issuer, **changes), key, algorithm=algorithm,
                          headers=header)

    def hook(self, token, patient=None, day="2028-12-08", body=None):
        if body is None:
            body = test_server.cds_request(patient or self.client, day)
        return self.request("POST", SERVICE, body, token=token)

    def assert_refused(self, response, reason, token=None):
        problem = self.assert_problem(response, 401, "Authorization")
        self.assertIn(reason, problem["detail"])
        self.assertIn("Bearer", response.headers.get("WWW-Authenticate", ""))
        if token:
            # No part of the token (its signature least of all) comes back.
            for part in token.split("."):
                if len(part) > 8:
                    self.assertNotIn(part, response.body.decode("utf-8"))
        return problem

    @staticmethod
    def cards(response):
        """The answer's cards without their uuid (new on every answer)."""
        return [{k: v for k, v in card.items() if k != "uuid"} for card in response.json()["cards"]]

    def critical_cards(self, response):
        self.assert_status(response, 200)
        return [card for card in response.json()["cards"] if card["indicator"] == "critical"]


class CdsHooksTest(CdsTestCase):
    """Signed JWTs from registered clients, the staff token, spec-shaped requests."""

    def test_an_es384_jwt_gets_cards(self):
        # A week after the session: too soon on the same area.
        self.assertEqual(len(self.critical_cards(self.hook(self.token()))), 1)
        # Seven weeks later: within the window, no card.
        self.assertEqual(self.hook(self.token(), day="2029-01-12").json(), {"cards": []})

    def test_an_rs384_jwt_from_either_registered_key(self):
        for index, key in enumerate(self.rsa_keys):
            with self.subTest(kid="rsa-%d" % index):
                token = self.token(key, "rsa-%d" % index, "RS384")
                self.assertEqual(len(self.critical_cards(self.hook(token))), 1)

    def test_aud_as_an_array_and_without_sub_or_jku(self):
        token = self.token(aud=["https://elsewhere.example/x", self.audience()], sub=None)
        self.assert_status(self.hook(token), 200)
        token = jwt.encode(self.claims(sub=None), self.ec_key, algorithm="ES384",
                           headers={"kid": "ec-1", "typ": "JWT"})
        self.assert_status(self.hook(token), 200)

    def test_the_staff_token_still_works(self):
        self.assertEqual(len(self.critical_cards(self.hook(self.staff))), 1)

    def test_discovery_stays_public_with_or_without_a_jwt(self):
        for token in (None, self.token()):
            response = self.request("GET", "/cds-services", token=token)
            self.assert_status(response, 200)
            self.assertEqual([s["id"] for s in response.json()["services"]],
                             ["collagenda-session-safety"])

    def test_a_spec_shaped_request(self):
        with open(REQUEST_FILE) as source:
            request = json.load(source)
        request["context"]["patientId"] = str(self.client)
        self.assertIn("extension", request["context"])
        self.assertIn("extension", request)
        self.assertIn("prefetch", request)
        self.assertIn("fhirAuthorization", request)
        answer = self.hook(self.token(), body=request)
        self.assertEqual(len(self.critical_cards(answer)), 1)
        # The hook's own examples send the Appointments as a plain array.
        as_array = copy.deepcopy(request)
        as_array["context"]["appointments"] = [
            entry["resource"] for entry in request["context"]["appointments"]["entry"]]
        self.assertEqual(self.cards(self.hook(self.token(), body=as_array)), self.cards(answer))
        self.assertEqual(self.cards(self.hook(self.staff, body=as_array)), self.cards(answer))
        # A malformed Appointment in the array is named by its path.
        as_array["context"]["appointments"][1]["start"] = "soon"
        self.assert_problem(self.hook(self.token(), body=as_array), 400,
                            "context.appointments[1].start")
        # extension must be an object, as the specification has it.
        request["context"]["extension"] = "front-desk"
        self.assert_problem(self.hook(self.token(), body=request), 400, "context.extension")

    def test_a_client_acts_for_its_own_clinic_only(self):
        other = self.token(self.other_key, "other-1", issuer=OTHER_EHR)
        self.assertEqual(len(self.critical_cards(self.hook(other, self.other_client))), 1)
        for token, patient in ((self.token(), self.other_client),
                               (self.token(self.other_key, "other-1", issuer=OTHER_EHR),
                                self.client)):
            with self.subTest(patient=patient):
                response = self.hook(token, patient)
                self.assert_problem(response, 404, "context.patientId")
                self.assertNotIn("Ptolemy", response.body.decode())
                self.assertNotIn("Hypatia", response.body.decode())

    def test_a_replayed_jwt_is_refused(self):
        token = self.token()
        self.assert_status(self.hook(token), 200)
        self.assert_refused(self.hook(token), "jti was used before", token)
        # The same jti from another issuer is that issuer's own.
        jti = jwt.decode(token, options={"verify_signature": False})["jti"]
        self.assert_status(self.hook(self.token(self.rsa_keys[0], "rsa-0", "RS384", jti=jti)),
                           200)

    def test_bad_jwts_are_401_with_the_reason(self):
        now = self.server_now()
        stranger = ec.generate_private_key(ec.SECP384R1())
        cases = [
            ("another key, the registered kid", self.token(stranger), "signature does not verify"),
            ("a signature of the wrong length", self.token()[:-8], "signature"),
            ("aud of another service", self.token(aud="https://cds.example/cds-services/x"),
             "aud does not name this service"),
            ("aud of this server's discovery", self.token(
                aud="http://127.0.0.1:%d/cds-services" % self.server.port), "aud does not name"),
            ("no aud", self.token(aud=None), "needs aud"),
            ("expired", self.token(iat=now - 400, exp=now - 200), "has expired"),
            ("living an hour", self.token(exp=now + 3600), "at most 300 s"),
            ("issued in the future", self.token(iat=now + 600, exp=now + 700), "in the future"),
            ("exp as text", self.token(exp=str(now + 60)), "exp must be a number"),
            ("no exp", self.token(exp=None), "needs exp"),
            ("no iat", self.token(iat=None), "needs iat"),
            ("no jti", self.token(jti=None), "needs jti"),
            ("an unknown issuer", self.token(issuer="https://unknown.example/"),
             "not a registered CDS client"),
            ("no iss", self.token(issuer=None), "needs iss"),
            ("an unknown kid", self.token(kid="ec-2"), "kid names no key"),
            ("an RS384 JWT naming the EC key", self.token(self.rsa_keys[0], "ec-1", "RS384",
                                                          issuer=EHR), "cannot verify alg RS384"),
            ("the other clinic's client's kid", self.token(kid="other-1"), "kid names no key"),
            ("alg none", unsigned({"alg": "none", "typ": "JWT", "kid": "ec-1"}, self.claims()),
             "'none' is refused"),
            ("HS256 with the public key as secret",
             unsigned({"alg": "HS256", "typ": "JWT", "kid": "ec-1"}, self.claims(), b"x" * 32),
             "HMAC"),
            ("ES256", unsigned({"alg": "ES256", "typ": "JWT", "kid": "ec-1"}, self.claims(),
                               b"x" * 64), "ES384 or RS384"),
            ("no typ", self.token(headers={"typ": None}), "typ"),
            ("no kid", unsigned({"alg": "ES384", "typ": "JWT"}, self.claims(), b"x" * 96), "kid"),
            ("crit", self.token(headers={"crit": ["exp"]}), "crit"),
            ("two parts", "eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJ4In0", "three base64url parts"),
            ("four parts", self.token() + ".x", "three base64url parts"),
            ("padding", self.token().replace(".", "=.", 1), "base64url"),
            ("a header that is not JSON", b64(b"{alg") + ".e30.", "not a JSON object"),
            ("a header with alg twice",
             b64(b'{"alg":"ES384","alg":"ES384","typ":"JWT","kid":"ec-1"}') + ".e30.AAAA",
             "not a JSON object"),
            ("claims that are an array", unsigned({"alg": "ES384", "typ": "JWT", "kid": "ec-1"},
                                                  [1, 2]), "not a JSON object"),
            ("8 KB of dots", "a." * 4200, "longer than"),
        ]
        for name, token, reason in cases:
            if isinstance(token, bytes):
                token = token.decode()
            with self.subTest(case=name):
                self.assert_refused(self.hook(token), reason, token)

    def test_a_key_whose_x_has_a_leading_zero_byte(self):
        # Some libraries (python3-jwt 2.6 among them) write such a coordinate in
        # 47 bytes; it is the same key, padded back on import.
        while True:
            key = ec.generate_private_key(ec.SECP384R1())
            if key.public_key().public_numbers().x < 1 << 376:
                break
        jwk = public_jwk(key, "z", ECAlgorithm)
        path = os.path.join(self.server.folder.name, "leading-zero.jwk")
        with open(path, "w") as out:
            json.dump(jwk, out)
        issuer = "https://leading-zero.example/"
        self.server.cli("cds-client", "add", issuer, "--jwk-file", path)
        self.assert_status(self.hook(self.token(key, "z", issuer=issuer)), 200)

    def test_a_removed_client_is_refused(self):
        key = ec.generate_private_key(ec.SECP384R1())
        path = os.path.join(self.server.folder.name, "short-lived.jwk")
        with open(path, "w") as out:
            json.dump(public_jwk(key, "k", ECAlgorithm), out)
        issuer = "https://short-lived.example/"
        self.server.cli("cds-client", "add", issuer, "--jwk-file", path)
        self.assert_status(self.hook(self.token(key, "k", issuer=issuer)), 200)
        self.server.cli("cds-client", "remove", issuer)
        self.assert_refused(self.hook(self.token(key, "k", issuer=issuer)),
                            "not a registered CDS client")


class CdsClientCommandTest(CdsTestCase):
    """`collagenda cds-client add | list | remove`: checked keys, audited changes."""

    def test_list_shows_the_clinics_own_clients(self):
        listed = self.server.cli_json("cds-client", "list")
        self.assertEqual([(c["issuer"], c["kids"]) for c in listed],
                         [(EHR, ["ec-1"]), (RSA_EHR, ["rsa-0", "rsa-1"])])
        other = self.server.cli_json("cds-client", "list", clinic="Other Clinic")
        self.assertEqual([c["issuer"] for c in other], [OTHER_EHR])
        text = self.server.cli("cds-client", "list").stdout.splitlines()
        self.assertEqual([line.split("\t")[:2] for line in text],
                         [[EHR, "ec-1"], [RSA_EHR, "rsa-0,rsa-1"]])

    def refused(self, *args, field=None, clinic=None):
        result = self.server.cli("cds-client", *args, clinic=clinic, check=False)
        self.assertEqual(result.returncode, 2, result)
        self.assertEqual(result.stdout, "")
        if field:
            self.assertIn(field, result.stderr)
        return result.stderr

    def write(self, name, document):
        path = os.path.join(self.server.folder.name, name)
        with open(path, "w") as out:
            out.write(document if isinstance(document, str) else json.dumps(document))
        return path

    def test_bad_keys_and_issuers_are_refused(self):
        key = ec.generate_private_key(ec.SECP384R1())
        good = public_jwk(key, "k", ECAlgorithm)
        private = json.loads(ECAlgorithm.to_jwk(key))
        private["kid"] = "k"
        p256 = public_jwk(ec.generate_private_key(ec.SECP256R1()), "k", ECAlgorithm)
        small_rsa = public_jwk(rsa.generate_private_key(65537, 1024), "k", RSAAlgorithm)
        cases = [
            ("private", private, "private key"),
            ("P-256", p256, "P-384"),
            ("1024-bit RSA", small_rsa, "2048"),
            ("no kid", {k: v for k, v in good.items() if k != "kid"}, "kid"),
            ("symmetric", {"kty": "oct", "kid": "k", "k": "c2VjcmV0"}, "private key"),
            ("use enc", dict(good, use="enc"), "use"),
            ("alg RS384 on an EC key", dict(good, alg="RS384"), "alg"),
            ("two keys, one kid", {"keys": [good, good]}, "kid"),
            ("an empty set", {"keys": []}, "keys"),
            ("not JSON", "{kty", "not JSON"),
        ]
        for name, document, reason in cases:
            with self.subTest(case=name):
                path = self.write("bad.jwk", document)
                self.assertIn(reason, self.refused("add", "https://new.example/", "--jwk-file",
                                                   path))
        path = self.write("good.jwk", good)
        self.assertIn("registered already", self.refused("add", EHR, "--jwk-file", path))
        # Across clinics too: one issuer acts for one clinic.
        self.assertIn("registered already", self.refused("add", OTHER_EHR, "--jwk-file", path))
        self.refused("add", "two words", "--jwk-file", path, field="issuer")
        self.refused("add", "https://new.example/", field="--jwk-file")
        self.refused("add", "https://new.example/", "--jwk-file", path, "--jwks-file", path)
        self.refused("remove", "https://never.example/", field="issuer")
        self.refused("remove", OTHER_EHR, field="issuer")  # another clinic's
        self.refused("frobnicate")
        self.assertEqual(len(self.server.cli_json("cds-client", "list")), 2)

    def test_changes_are_audited(self):
        path = self.write("audited.jwk", public_jwk(ec.generate_private_key(ec.SECP384R1()),
                                                    "a-1", ECAlgorithm))
        issuer = "https://audited.example/"
        self.server.cli("cds-client", "add", issuer, "--jwk-file", path)
        self.server.cli("cds-client", "remove", issuer)
        for action, member in (("cds_client.add", "after"), ("cds_client.remove", "before")):
            entries = [entry for entry in self.server.cli_json("audit", "--action", action)
                       if issuer in json.dumps(entry)]
            self.assertEqual(len(entries), 1, action)
            self.assertEqual(entries[0]["entity"], "cds_client")
            self.assertEqual(entries[0][member]["issuer"], issuer)
        added = [entry for entry in self.server.cli_json("audit", "--action", "cds_client.add")
                 if issuer in json.dumps(entry)][0]
        self.assertEqual(added["after"]["kids"], ["a-1"])


class CdsPublicUrlTest(CdsTestCase):
    """With --public-url, aud must be that URL and the service's path, whatever the Host."""

    ARGUMENTS = ["--public-url", "https://clinic.example/collagenda/"]

    def test_aud_is_the_public_url(self):
        public = "https://clinic.example/collagenda" + SERVICE
        self.assert_status(self.hook(self.token(aud=public)), 200)
        self.assert_refused(self.hook(self.token()), "must be " + public)
        spoofed = self.token(aud="https://evil.example" + SERVICE)
        response = self.request("POST", SERVICE, test_server.cds_request(self.client,
                                                                         "2028-12-08"),
                                token=spoofed, headers={"Host": "evil.example"})
        self.assert_refused(response, "aud does not name this service")

    def test_a_bad_public_url_is_a_usage_error(self):
        for url in ("clinic.example", "https://", "https://clinic.example/?x=1", "ftp://x"):
            with self.subTest(url=url):
                result = subprocess.run(
                    [test_server.BINARY, "--db", self.server.db, "serve", "--listen",
                     "127.0.0.1:0", "--public-url", url], capture_output=True, text=True,
                    timeout=60)
                self.assertEqual(result.returncode, 2, result)
                self.assertIn("--public-url", result.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
