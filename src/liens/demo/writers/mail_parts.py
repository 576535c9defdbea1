"""Pieces of a Gmail/Outlook message: dates, ids, transport headers, MIME bodies.

Everything is built as text with CRLF by hand (no `email` package) so 100,000 messages
take seconds, and byte-identical output only depends on the seed.
"""

from __future__ import annotations

import base64
import binascii
import random
import string
from datetime import datetime
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")
PACIFIC = ZoneInfo("America/Los_Angeles")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
JOURS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MOIS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
TOKEN = string.ascii_letters + string.digits
TOKEN_GMAIL = TOKEN + "+_-="


def token(rng: random.Random, n: int, alphabet: str = TOKEN) -> str:
    return "".join(rng.choices(alphabet, k=n))


def rfc2822(ts: int, tz: ZoneInfo, zone_name: bool = False) -> str:
    """`Tue, 3 Dec 2024 10:24:37 +0100`, optionally followed by ` (PST)`."""
    dt = datetime.fromtimestamp(ts, tz)
    off = dt.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    text = (
        f"{DAYS[dt.weekday()]}, {dt.day} {MONTHS[dt.month - 1]} {dt.year} "
        f"{dt:%H:%M:%S} {sign}{minutes // 60:02d}{minutes % 60:02d}"
    )
    return f"{text} ({dt.tzname()})" if zone_name else text


def from_line(thrid: int, ts: int) -> str:
    """Takeout separator: thread id, `@xxx`, asctime with `+0000` before the year."""
    dt = datetime.fromtimestamp(ts, UTC)
    return (
        f"From {thrid}@xxx {DAYS[dt.weekday()]} {MONTHS[dt.month - 1]} {dt.day:02d} "
        f"{dt:%H:%M:%S} +0000 {dt.year}"
    )


def gmail_id(ts: int, rng: random.Random) -> int:
    """Gmail ids grow with time: milliseconds shifted left by 20 bits, plus noise."""
    return (ts * 1000 + rng.randrange(1000)) << 20 | rng.getrandbits(20)


def message_id(rng: random.Random, style: str, domain: str) -> str:
    if style == "gmail":
        return f"<CA{token(rng, 2)}{token(rng, 46, TOKEN_GMAIL)}@mail.gmail.com>"
    if style == "outlook":
        pr = (
            f"{token(rng, 4).upper()}PR{rng.randrange(10)}{token(rng, 2).upper()}"
            f"MB{rng.randrange(1000, 9999)}"
        )
        return (
            f"<{pr}{token(rng, 8).upper()}{rng.randrange(10**6)}@{pr}.eurprd0"
            f"{rng.randrange(1, 9)}.prod.outlook.com>"
        )
    if style == "apple":
        parts = (token(rng, 8), token(rng, 4), token(rng, 4), token(rng, 12))
        return f"<{'-'.join(x.upper() for x in parts)}@{domain}>"
    return f"<{rng.getrandbits(64):016x}.{rng.randrange(10**9)}@{domain}>"


def _ip(rng: random.Random) -> str:
    return (
        f"{rng.choice((40, 52, 185, 193, 209))}.{rng.randrange(256)}.{rng.randrange(256)}."
        f"{rng.randrange(1, 255)}"
    )


def transport(rng: random.Random, ts: int, sender: str, rcpt: str, style: str) -> list[str]:
    """Received chain, SPF, authentication results and a DKIM signature of an inbound mail."""
    domain = sender.rpartition("@")[2]
    ip = _ip(rng)
    gdate = rfc2822(ts + 1, PACIFIC, zone_name=True)
    host = {
        "gmail": "mail-sor-f41.google.com",
        "outlook": f"EUR0{rng.randrange(1, 6)}-DB5-obe.outbound.protection.outlook.com",
    }.get(style, f"smtp{rng.randrange(1, 12)}.{domain}")
    gid = token(rng, 40, TOKEN + "-._")
    selector = {"gmail": "20230601", "outlook": "selector1"}.get(style, "default")
    return [
        f"Delivered-To: {rcpt}",
        f"Received: by 2002:a05:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:b0:"
        f"{rng.getrandbits(12):x}:{rng.getrandbits(16):x} with SMTP id {token(rng, 12)};\r\n"
        f"        {gdate}",
        f"X-Google-Smtp-Source: {token(rng, 60, TOKEN + '+/')}",
        f"X-Received: by 2002:a17:{rng.getrandbits(12):x}:{rng.getrandbits(16):x}:b0:"
        f"{rng.getrandbits(12):x} with SMTP id {token(rng, 12)};\r\n        {gdate}",
        f"Return-Path: <{sender}>",
        f"Received: from {host} ({host}. [{ip}])\r\n        by mx.google.com with ESMTPS id "
        f"{gid}\r\n        for <{rcpt}>\r\n        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384"
        f" bits=256/256);\r\n        {rfc2822(ts, PACIFIC, zone_name=True)}",
        f"Received-SPF: pass (google.com: domain of {sender} designates {ip} as permitted "
        f"sender) client-ip={ip};",
        f"Authentication-Results: mx.google.com;\r\n       dkim=pass header.i=@{domain} "
        f"header.s={selector} header.b={token(rng, 8)};\r\n       spf=pass (google.com: domain "
        f"of {sender} designates {ip} as permitted sender) smtp.mailfrom={sender};\r\n"
        f"       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from={domain}",
        dkim(rng, domain, selector, ts),
    ]


def dkim(rng: random.Random, domain: str, selector: str, ts: int) -> str:
    sig = base64.b64encode(rng.randbytes(256)).decode()
    lines = [sig[i : i + 70] for i in range(0, len(sig), 70)]
    bh = base64.b64encode(rng.randbytes(32)).decode()
    return (
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n"
        f"        d={domain}; s={selector}; t={ts};\r\n"
        "        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject\r\n"
        "         :date:message-id:reply-to;\r\n"
        f"        bh={bh};\r\n        b=" + "\r\n         ".join(lines)
    )


def qp(text: str) -> str:
    """Quoted-printable body with CRLF; a body line starting `From ` stays as it is."""
    data = binascii.b2a_qp(text.encode("utf-8"), quotetabs=False, istext=True, header=False)
    return data.decode("ascii").replace("\r\n", "\n").replace("\n", "\r\n")


def html_of(text: str) -> str:
    paras = []
    for block in text.split("\n\n"):
        safe = block.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        paras.append("<div>" + safe.replace("\n", "<br>") + "</div>")
    return '<div dir="ltr">' + "<div><br></div>".join(paras) + "</div>"


def alternative(rng: random.Random, plain: str, own: str, quoted_html: str) -> tuple[str, str]:
    """(Content-Type, body) of a text + HTML message; the quote is a blockquote in HTML."""
    boundary = f"000000000000{rng.getrandbits(48):012x}"
    html = html_of(own)
    if quoted_html:
        html += (
            '<br><div class="gmail_quote"><blockquote class="gmail_quote" '
            'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
            'padding-left:1ex">' + quoted_html + "</blockquote></div>"
        )
    body = (
        f'--{boundary}\r\nContent-Type: text/plain; charset="UTF-8"\r\n'
        f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{qp(plain)}\r\n"
        f'--{boundary}\r\nContent-Type: text/html; charset="UTF-8"\r\n'
        f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{qp(html)}\r\n"
        f"--{boundary}--\r\n"
    )
    return f'multipart/alternative; boundary="{boundary}"', body


def with_attachment(rng: random.Random, ctype: str, body: str, filename: str) -> tuple[str, str]:
    """Wrap a body in multipart/mixed with a base64 PDF of a realistic size."""
    boundary = f"000000000000{rng.getrandbits(48):012x}"
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(rng.randrange(20_000, 120_000))
    b64 = base64.encodebytes(pdf).decode("ascii").replace("\n", "\r\n")
    if filename.isascii():
        disp = f'attachment; filename="{filename}"'
        ptype = f'application/pdf; name="{filename}"'
    else:
        from urllib.parse import quote

        disp = f"attachment; filename*=UTF-8''{quote(filename)}"
        ptype = f"application/pdf; name*=UTF-8''{quote(filename)}"
    out = (
        f"--{boundary}\r\nContent-Type: {ctype}\r\n\r\n{body}\r\n"
        f"--{boundary}\r\nContent-Type: {ptype}\r\nContent-Disposition: {disp}\r\n"
        f"Content-Transfer-Encoding: base64\r\nX-Attachment-Id: f_{token(rng, 9).lower()}\r\n"
        f"Content-ID: <f_{token(rng, 9).lower()}>\r\n\r\n{b64}\r\n--{boundary}--\r\n"
    )
    return f'multipart/mixed; boundary="{boundary}"', out


def attribution(ts: int, who: str, lang: str, tz: ZoneInfo) -> str:
    dt = datetime.fromtimestamp(ts, tz)
    if lang == "fr":
        return (
            f"Le {JOURS[dt.weekday()]} {dt.day} {MOIS[dt.month - 1]} {dt.year} à "
            f"{dt:%H:%M}, {who} a écrit :"
        )
    hour = dt.hour % 12 or 12
    return (
        f"On {DAYS[dt.weekday()]}, {MONTHS[dt.month - 1]} {dt.day}, {dt.year} at "
        f"{hour}:{dt:%M} {dt:%p} {who} wrote:"
    )
