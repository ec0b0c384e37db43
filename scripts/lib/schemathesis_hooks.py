"""Schemathesis hooks for scripts/schemathesis: what a generator cannot know about one deployment.

The document states each field's form; some valid input also names records of this deployment
(an agency, a category, a region, a report an agency holds and that is in no group yet) or
follows a rule that depends on the caller (a web report needs a title, a place and, unless it is
anonymous or its reporter signed in, a name). A generator drawing from the document alone has
every such request refused, and the scan then tests only the refusal. So two of every three
valid cases of those operations are made valid here, from the scan deployment's own directory and
records (ADUAN_SCAN_FIXTURES, written by scripts/schemathesis), keeping what was generated
wherever it is already valid; the third is sent as generated.

Two operations take a secret that no document can hold. The first confirmation of each run
registers an account and reads the link's token from the mail the server sent (to the loopback
SMTP sink of scripts/lib/scan-server.bash); the LAPOR! XML intake gets a document signed with
the scan partner's key.

ADUAN_SCAN_ROLE names the caller of this run (anonymous, citizen, unit_officer, agency_admin,
supervisor, national_admin, partner, reporter).
"""

import email
import email.policy
import hashlib
import json
import os
import pathlib
import re
import time
import urllib.request
from xml.sax.saxutils import escape, quoteattr

import schemathesis
from schemathesis.generation.modes import GenerationMode

FIXTURES = json.loads(pathlib.Path(os.environ["ADUAN_SCAN_FIXTURES"]).read_text())
ROLE = os.environ.get("ADUAN_SCAN_ROLE", "anonymous")
STAFF = {"unit_officer", "agency_admin", "supervisor", "national_admin"}
SEEN = {}
TAKEN = {}


def pick(values, seed):
    """One of `values`, chosen by `seed` (the case as generated), so runs are repeatable."""
    digest = hashlib.sha256(json.dumps(seed, sort_keys=True, default=str).encode()).digest()
    return values[int.from_bytes(digest[:4], "big") % len(values)]


def positive(case):
    """Whether the case is meant to be valid (negative ones are meant to be refused: left be)."""
    meta = case.meta
    return meta is not None and meta.generation.mode == GenerationMode.POSITIVE


def nth(case, operation):
    """How many valid cases of `operation` this phase of the run has made before this one."""
    key = (case.meta.phase.name, operation)
    SEEN[key] = SEEN.get(key, 0) + 1
    return SEEN[key] - 1


def filled(value, fallback):
    """`value` when it is text with something other than spaces, else `fallback`."""
    return value if isinstance(value, str) and value.strip() else fallback


def report(body):
    """A `POST /reports` body made valid for this caller, keeping what already is."""
    body = dict(body) if isinstance(body, dict) else {}
    body["kind"] = body.get("kind") if body.get("kind") in ("complaint", "aspiration", "information_request") else "complaint"
    body["body"] = filled(body.get("body"), "Jalan berlubang sejak dua minggu.")
    title = body.get("title")
    body["title"] = title if isinstance(title, str) and title.strip() and len(title) <= 150 else "Jalan berlubang"
    # Filing for oneself, on the web or the app: a report staff file for someone else is one
    # of the runs' generated cases.
    body.pop("on_behalf", None)
    body["channel"] = pick(["web", "mobile", None], body)
    location = body.get("location") if isinstance(body.get("location"), dict) else {}
    location = {
        "text": location.get("text") if filled(location.get("text"), "") and len(location["text"].strip()) <= 300 else "Jl. Diponegoro",
        "region_code": pick(FIXTURES["regions"], body),
    }
    body["location"] = location
    if body.get("requested_agency") is not None:
        body["requested_agency"] = pick(FIXTURES["agencies"], body)
    if body.get("category") is not None:
        body["category"] = pick(FIXTURES["categories"], body)
    if body.get("incident_date") is not None:
        body["incident_date"] = None
    reporter = body.get("reporter") if isinstance(body.get("reporter"), dict) else {}
    # Only a signed-in citizen's report takes its name from the account: staff filing for
    # themselves file as a citizen without one.
    if not body.get("anonymous") and ROLE != "citizen":
        reporter["name"] = filled(reporter.get("name"), "Warga Pindai")
    body["reporter"] = reporter
    return body


def take(pool):
    """The next report of `pool` (a list of reports this caller's agency holds): each is made a
    member once, so that each phase's first valid case finds one in no group yet."""
    reports = FIXTURES["roles"][ROLE][pool]
    TAKEN[pool] = TAKEN.get(pool, -1) + 1
    return reports[TAKEN[pool] % len(reports)]


def members(body):
    """A `POST /groups` body whose member is a report this caller's agency holds."""
    body = dict(body) if isinstance(body, dict) else {}
    body["title"] = filled(body.get("title"), "Jalan rusak")[:200]
    body["members"] = [take("to_group")]
    return body


def partner(body):
    """A `POST /admin/partners` body naming agencies and regions of the directory, under a
    name no partner has yet."""
    body = dict(body) if isinstance(body, dict) else {}
    body["slug"] = f"pindai-{time.time_ns()}"
    body["name"] = filled(body.get("name"), "Mitra Pindai")
    if body.get("agencies"):
        body["agencies"] = [pick(FIXTURES["agencies"], [body, i]) for i in range(len(body["agencies"]))]
    if body.get("regions"):
        body["regions"] = [pick(FIXTURES["regions"], [body, i]) for i in range(len(body["regions"]))]
    return body


def lapor_xml(seed):
    """A LAPOR! XML document signed with the scan partner's key, its text from `seed`."""
    words = escape(re.sub(r"[^\w .,-]", "", str(seed))[:80].strip() or "Lampu jalan mati")
    ref = "XML-" + hashlib.sha256(str(seed).encode()).hexdigest()[:12]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<lapor token={quoteattr(FIXTURES['partner_key'])}>"
        "<pelapor><telpon>081234567890</telpon><namadepan>Siti</namadepan></pelapor>"
        f"<laporan ref={quoteattr(ref)}><judul>{words}</judul><isi>{words} sejak Senin.</isi>"
        "<lokasi>Jl. Diponegoro</lokasi><wilayah>35.78</wilayah></laporan></lapor>\n"
    )


def confirmation():
    """Registers an account and reads its link's token from the mail the server sent."""
    address = f"pindai.{time.time_ns()}@example.com"
    password = "kata-sandi-pindai"
    request = urllib.request.Request(
        FIXTURES["base"] + "/api/v1/auth/register",
        data=json.dumps({"name": "Warga Pindai", "email": address, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=30).read()
    mail = pathlib.Path(FIXTURES["mail_dir"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for envelope in sorted(mail.glob("*.json")):
            if address not in json.loads(envelope.read_text())["rcpt_tos"]:
                continue
            message = email.message_from_bytes(
                envelope.with_suffix(".eml").read_bytes(), policy=email.policy.default
            )
            text = message.get_body(preferencelist=("plain", "html")).get_content()
            token = re.search(r"[?&]token=([A-Za-z0-9_.~-]+)", text)
            if token:
                return {"token": token.group(1), "password": password}
        time.sleep(0.2)
    raise RuntimeError(f"no confirmation mail reached {address} in 60 s")


# Only these operations: a hook on every operation's cases would hide from Hypothesis what it
# needs to generate the rest efficiently (its health check fails on filtered path parameters).
MAPPED = [
    "POST /auth/confirm",
    "POST /partner/xml",
    "POST /reports",
    "POST /groups",
    "PUT /groups/{group_id}/members/{tracking_id}",
    "POST /admin/partners",
    "POST /reports/{tracking_id}/actions",
]


@schemathesis.hook.apply_to(name=MAPPED)
def map_case(context, case):
    operation = f"{case.method.upper()} {case.path}"
    if not positive(case):
        return case
    n = nth(case, operation)
    if operation == "POST /auth/confirm":
        if n == 0:
            case.body = confirmation()
        return case
    if n % 3 == 2:
        return case
    own = FIXTURES["roles"].get(ROLE, {})
    if operation == "POST /reports":
        case.body = report(case.body)
    elif operation == "POST /partner/xml":
        # Text: what the document's opaque `format: binary` string is (and what Schemathesis
        # checks a case against, to tell a valid one from an invalid one).
        case.body = lapor_xml(case.body)
    elif operation == "POST /groups" and own.get("to_group"):
        case.body = members(case.body)
    elif operation == "PUT /groups/{group_id}/members/{tracking_id}" and own.get("to_link"):
        case.path_parameters = {**case.path_parameters, "tracking_id": take("to_link")}
    elif operation == "POST /admin/partners":
        case.body = partner(case.body)
    elif operation == "POST /reports/{tracking_id}/actions" and own.get("act_on"):
        # An action open to this caller that changes no status, so it stays open: a note for an
        # agency, a request for information for the Ombudsman.
        case.path_parameters = {**case.path_parameters, "tracking_id": own["act_on"]}
        text = (case.body or {}).get("body") if isinstance(case.body, dict) else None
        case.body = {"action": own["action"], "body": filled(text, "Mohon data pendukung.")}
        if case.headers:
            case.headers.pop("If-Match", None)
    return case
