#!/usr/bin/env python3
"""Validate the demo catalogue: data/demo/agencies.json and data/demo/procedures.json.

Demo data only (Sở Khoa học và Công nghệ tỉnh Quảng Trị, H50). Usage:
    python3 data/demo/check.py            # exits 1 and lists the problems if any
Rules checked (DOMAIN.md R-AG, R-PR; API.md Agencies/Procedures):
  - valid UTF-8 JSON arrays, Vietnamese text in NFC;
  - agency codes match ^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Y][0-9]{2}$, share_code is the same code
    written level 1 first, level matches the code, parent/succeeded_by exist, parent listed first;
  - procedures: exact key set, unique (code, version), versions 1..n in array order, every
    non-latest version "amended", abolished ones carry a decision;
  - online / time-limit unit / status vocabularies;
  - steps: 4-6 steps, roles in the workflow vocabulary, step units are known agencies, hours add
    up to value x 8 (working_days, days), value (hours), <= 8 (same_day);
  - agency / unit codes exist in agencies.json; unit is a level-3 child of the agency;
  - documents 3-8 with integer counts, fees integer VND.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CODE_RE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Y][0-9]{2}$")
TTHC_RE = re.compile(r"^[12]\.[0-9]{6}\.000\.00\.00\.[A-Y][0-9]{2}$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
HHMM_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
ROLES = {"desk", "specialist", "unit_leader", "agency_leader", "clerk"}
ONLINE = {"full", "partial", "none"}
TL_UNITS = {"working_days", "days", "hours", "same_day"}
STATUS = {"active", "amended", "abolished"}
AG_KEYS = {"code", "share_code", "name", "name_en", "parent", "level", "office_hours", "valid_from",
           "valid_to", "succeeded_by", "demo"}
PR_KEYS = {"code", "name", "name_en", "field", "level", "agency", "unit", "online", "time_limit", "subjects",
           "method", "documents", "fees", "steps", "results", "legal_bases", "status", "version",
           "effective_from", "decision", "demo"}
DOC_KEYS = {"code", "name", "original", "certified_copy", "photocopy", "required"}

errors = []


def err(where, msg):
    errors.append("%s: %s" % (where, msg))


def load(name):
    path = os.path.join(HERE, name)
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    data = json.loads(text)
    if not isinstance(data, list):
        raise SystemExit("%s: top level must be a JSON array" % name)
    return data


def walk_strings(obj, where):
    if isinstance(obj, str):
        if not unicodedata.is_normalized("NFC", obj):
            err(where, "string not in NFC: %r" % obj[:60])
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            walk_strings(x, where)
    elif isinstance(obj, dict):
        for k, x in obj.items():
            walk_strings(x, where)


def share_of(code):
    """000.00.12.H50 -> H50.12 ; 001.07.12.H50 -> H50.12.07.001"""
    l4, l3, l2, l1 = code.split(".")
    parts = [l1]
    for p, zero in ((l2, "00"), (l3, "00"), (l4, "000")):
        if p == zero:
            break
        parts.append(p)
    return ".".join(parts)


def level_of(code):
    return 1 + sum(1 for p, z in zip(code.split(".")[2::-1], ("00", "00", "000")) if p != z)


def is_date(s):
    return isinstance(s, str) and DATE_RE.match(s) is not None


def check_agencies(ags):
    by_code = {}
    for i, a in enumerate(ags):
        w = "agencies[%d] %s" % (i, a.get("code"))
        walk_strings(a, w)
        if set(a) != AG_KEYS:
            err(w, "keys differ: missing %s extra %s" % (sorted(AG_KEYS - set(a)), sorted(set(a) - AG_KEYS)))
        code = a.get("code", "")
        if not isinstance(code, str) or not CODE_RE.match(code):
            err(w, "code does not match notation VVV.ZZ.YY.MXX")
            continue
        if code in by_code:
            err(w, "duplicate agency code")
        if a.get("share_code") != share_of(code):
            err(w, "share_code %r, expected %r" % (a.get("share_code"), share_of(code)))
        if len(a.get("share_code", "")) > 35 or not re.match(r"^[A-Z0-9.]+$", a.get("share_code", "")):
            err(w, "share_code: uppercase letters, digits and dots only, <= 35 chars")
        if a.get("level") != level_of(code):
            err(w, "level %r does not match the code (expected %d)" % (a.get("level"), level_of(code)))
        if a.get("parent") is None:
            if a.get("level") != 1:
                err(w, "only level-1 agencies may have no parent")
        elif a["parent"] not in by_code:
            err(w, "parent %r not defined before this agency" % a["parent"])
        elif by_code[a["parent"]]["level"] != a.get("level", 0) - 1:
            err(w, "parent is not exactly one level up")
        oh = a.get("office_hours")
        if not isinstance(oh, list) or not oh:
            err(w, "office_hours missing")
        else:
            prev = "00:00"
            for r in oh:
                if not (HHMM_RE.match(r.get("from", "")) and HHMM_RE.match(r.get("to", ""))):
                    err(w, "bad office_hours entry %r" % r)
                elif not (prev <= r["from"] < r["to"]):
                    err(w, "office_hours not increasing %r" % r)
                else:
                    prev = r["to"]
        if not is_date(a.get("valid_from")):
            err(w, "valid_from must be YYYY-MM-DD")
        if a.get("valid_to") is not None:
            if not is_date(a["valid_to"]) or a["valid_to"] < a.get("valid_from", ""):
                err(w, "bad valid_to")
        if a.get("demo") is not True:
            err(w, "demo must be true")
        by_code[code] = a
    for code, a in by_code.items():
        s = a.get("succeeded_by")
        if s is not None:
            if s not in by_code:
                err(code, "succeeded_by %r unknown" % s)
            elif a.get("valid_to") is None:
                err(code, "succeeded_by set but valid_to is null")
            elif by_code[s]["valid_from"] > a["valid_to"]:
                err(code, "successor starts after this agency ended")
            elif by_code[s].get("valid_to") is not None:
                err(code, "successor %s is itself closed" % s)
    return by_code


def check_steps(w, p, agencies):
    steps = p.get("steps")
    if not isinstance(steps, list) or not 4 <= len(steps) <= 6:
        err(w, "needs 4-6 steps")
        return
    total = 0
    for j, s in enumerate(steps):
        if set(s) != {"name", "role", "unit", "hours"}:
            err(w, "step %d keys %s" % (j, sorted(s)))
        if s.get("role") not in ROLES:
            err(w, "step %d role %r not in %s" % (j, s.get("role"), sorted(ROLES)))
        if s.get("unit") not in agencies:
            err(w, "step %d unit %r unknown" % (j, s.get("unit")))
        h = s.get("hours")
        if not isinstance(h, (int, float)) or isinstance(h, bool) or h <= 0:
            err(w, "step %d hours must be > 0" % j)
        else:
            total += h
    tl = p.get("time_limit", {})
    unit, value = tl.get("unit"), tl.get("value")
    if unit in ("working_days", "days"):
        want = value * 8
        if total != want:
            err(w, "steps add up to %s h, time limit %s %s needs %s h" % (total, value, unit, want))
    elif unit == "hours":
        if total != value:
            err(w, "steps add up to %s h, time limit is %s hours" % (total, value))
    elif unit == "same_day":
        if total > 8:
            err(w, "same_day steps add up to %s h (> 8)" % total)
    if steps and steps[0].get("role") != "desk":
        err(w, "first step should be the desk (reception)")


def check_procedures(prs, agencies):
    seen = {}
    for i, p in enumerate(prs):
        w = "procedures[%d] %s v%s" % (i, p.get("code"), p.get("version"))
        walk_strings(p, w)
        if set(p) != PR_KEYS:
            err(w, "keys differ: missing %s extra %s" % (sorted(PR_KEYS - set(p)), sorted(set(p) - PR_KEYS)))
        code, ver = p.get("code"), p.get("version")
        if not isinstance(code, str) or not TTHC_RE.match(code):
            err(w, "code does not look like a national TTHC code (1.00xxxx.000.00.00.H50)")
        if not isinstance(ver, int) or ver < 1:
            err(w, "version must be a positive integer")
            continue
        if ver in seen.get(code, []):
            err(w, "duplicate code+version")
        if ver != len(seen.get(code, [])) + 1:
            err(w, "versions must appear in order 1, 2, ... (found v%d after %s)" % (ver, seen.get(code, [])))
        seen.setdefault(code, []).append(ver)
        for k in ("name", "name_en", "field", "subjects", "method"):
            if not isinstance(p.get(k), str) or not p[k].strip():
                err(w, "%s must be a non-empty string" % k)
        if p.get("level") != "province":
            err(w, "level must be province")
        if p.get("agency") not in agencies:
            err(w, "agency %r unknown" % p.get("agency"))
        u = p.get("unit")
        if u not in agencies:
            err(w, "unit %r unknown" % u)
        elif agencies[u]["parent"] != p.get("agency") or agencies[u]["level"] != 3:
            err(w, "unit %r is not a level-3 unit of %r" % (u, p.get("agency")))
        if p.get("online") not in ONLINE:
            err(w, "online %r" % p.get("online"))
        tl = p.get("time_limit")
        if not isinstance(tl, dict) or set(tl) != {"value", "unit", "online_value"}:
            err(w, "time_limit shape")
            tl = {}
        if tl.get("unit") not in TL_UNITS:
            err(w, "time_limit unit %r" % tl.get("unit"))
        if not isinstance(tl.get("value"), int) or tl.get("value", 0) < 1:
            err(w, "time_limit value must be a positive integer")
        ov = tl.get("online_value")
        if ov is not None:
            if p.get("online") == "none":
                err(w, "online_value set but online is none")
            if not isinstance(ov, int) or not 1 <= ov <= tl.get("value", 0):
                err(w, "online_value must be 1..value")
        docs = p.get("documents")
        if not isinstance(docs, list) or not 3 <= len(docs) <= 8:
            err(w, "needs 3-8 documents")
            docs = []
        codes = set()
        for d in docs:
            if set(d) != DOC_KEYS:
                err(w, "document keys %s" % sorted(d))
                continue
            if d["code"] in codes:
                err(w, "duplicate document code %s" % d["code"])
            codes.add(d["code"])
            n = [d[k] for k in ("original", "certified_copy", "photocopy")]
            if any(not isinstance(x, int) or isinstance(x, bool) or x < 0 for x in n) or sum(n) < 1:
                err(w, "document %s counts %r" % (d["code"], n))
            if not isinstance(d["required"], bool):
                err(w, "document %s required must be bool" % d["code"])
        if not any(d.get("required") for d in docs):
            err(w, "no required document")
        for f in p.get("fees", []):
            if set(f) != {"code", "name", "amount"} or not isinstance(f.get("amount"), int) \
                    or isinstance(f.get("amount"), bool) or f["amount"] <= 0:
                err(w, "bad fee %r" % f)
        if not isinstance(p.get("fees"), list):
            err(w, "fees must be an array")
        check_steps(w, p, agencies)
        res = p.get("results")
        if not isinstance(res, list) or not res or any(set(r) != {"name", "electronic"} for r in res):
            err(w, "results must be a non-empty list of {name, electronic}")
        lb = p.get("legal_bases")
        if not isinstance(lb, list) or not lb or any(set(x) != {"number", "date", "title"} or not is_date(x["date"]) for x in lb):
            err(w, "legal_bases must be a non-empty list of {number, date, title}")
        if p.get("status") not in STATUS:
            err(w, "status %r" % p.get("status"))
        if not is_date(p.get("effective_from")):
            err(w, "effective_from must be YYYY-MM-DD")
        dec = p.get("decision")
        if not isinstance(dec, dict) or set(dec) != {"number", "date"} or not is_date(dec.get("date")) \
                or not dec.get("number"):
            err(w, "decision must be {number, date}")
        elif is_date(p.get("effective_from")) and dec["date"] > p["effective_from"]:
            err(w, "decision dated after effective_from")
        if p.get("demo") is not True:
            err(w, "demo must be true")
    # version history: earlier versions amended, latest not amended, dates increasing
    for code, vers in seen.items():
        objs = [p for p in prs if p.get("code") == code]
        for a, b in zip(objs, objs[1:]):
            if a.get("status") != "amended":
                err(code, "v%s is followed by v%s but is not 'amended'" % (a.get("version"), b.get("version")))
            if not a.get("effective_from", "") < b.get("effective_from", ""):
                err(code, "v%s effective_from not after v%s" % (b.get("version"), a.get("version")))
        if objs[-1].get("status") == "amended":
            err(code, "latest version is 'amended' but no later version exists")
    if not any("chuyển giao công nghệ" in p.get("name", "") for p in prs):
        err("procedures", "no procedure name contains 'chuyển giao công nghệ'")
    return seen


def main():
    ags = load("agencies.json")
    prs = load("procedures.json")
    agencies = check_agencies(ags)
    seen = check_procedures(prs, agencies)
    latest = {}
    for p in prs:
        latest[p.get("code")] = p
    if errors:
        print("FAIL: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    from collections import Counter
    print("OK")
    print("agencies: %d (levels %s; closed %d)" % (len(ags), dict(sorted(Counter(a["level"] for a in ags).items())),
                                                   sum(1 for a in ags if a["valid_to"])))
    print("procedure objects: %d, distinct codes: %d, with v2+: %d" %
          (len(prs), len(seen), sum(1 for v in seen.values() if len(v) > 1)))
    print("status (all objects): %s" % dict(Counter(p["status"] for p in prs)))
    print("online (latest version): %s" % dict(Counter(p["online"] for p in latest.values())))
    print("time-limit units (latest): %s" % dict(Counter(p["time_limit"]["unit"] for p in latest.values())))
    print("fields (latest): %s" % dict(Counter(p["field"] for p in latest.values())))
    print("with fees (latest): %d, free: %d" % (sum(1 for p in latest.values() if p["fees"]),
                                               sum(1 for p in latest.values() if not p["fees"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
