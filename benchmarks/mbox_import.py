"""How fast `liens import` reads a big Takeout mailbox, against the standard library.

    .venv/bin/python benchmarks/mbox_import.py [--size 1G|4G|<bytes>] [--file PATH]
        [--methods raw,stdlib,scan,parse,import,...] [--workers N] [--repeat N]

Generates (once, kept in the temp dir) a Takeout-like mbox: CRLF, `From <thrid>@xxx` lines,
Gmail labels (some French or RFC 2047-encoded), 2-6 folded Received headers, ARC and DKIM
signatures, folded To/Cc, RFC 2047 names and subjects (Q and B, UTF-8 and ISO-8859-1),
log-normal bodies of 1-20 KB with quoted text and `>From ` lines, base64 attachments up to
200 KB on 10% of messages, 8% newsletters. Then, each method in its own process:

- raw: Python reading the file in 8 MiB chunks (the physical limit);
- stdlib: `mailbox.mbox`, reading From/To/Cc/Date/Message-ID/In-Reply-To/Subject;
- scan: `mbox_scan.map_ranges(mode="raw")`, messages found and wanted headers extracted;
- parse: `mbox.parse` with the owner's addresses known (addresses, dates, RFC 2047 decoded,
  interactions put in columns); infer: the same without them (one extra pass to recognise
  *me*);
- import: what `liens import` does after `liens init --email`, into a new SQLite database:
  parse, persons matched or created, interactions and participants written, replies linked,
  met-links rebuilt; `ties` reports the tie recomputation that follows apart;
  import-infer: the same without my address.

Peak memory is sampled from /proc every 50 ms: the RSS of the method's own process, and the
PSS summed over it and its workers. The issue's targets: scan at least 15x faster than
mailbox.mbox, import at least 5x faster and 20,000 messages/s, memory < 300 MB whatever the
file size.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

HEADERS = ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "Subject")
OWNER = "camille.laurent@gmail.com"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIRST = "Jean Marie Paul Claire Sophie Lucas Emma Hugo Léa Chloé Zoë Noël Ana João Björn"
LAST = "Martin Bernard Dubois Durand Lefèvre Müller Smith Núñez García Rossi Øster Kovač"
WORDS = (
    "projet réunion demain merci pour votre retour la proposition est jointe nous pouvons "
    "en parler jeudi the meeting went well please find the notes attached budget mission "
    "recrutement candidat entretien planning semaine prochaine disponible appel café"
)


# --- generation -------------------------------------------------------------------------------


def _encode(text: str, rng: random.Random) -> str:
    if text.isascii():
        return text
    kind = rng.random()
    if kind < 0.4:
        return "=?UTF-8?B?" + base64.b64encode(text.encode()).decode() + "?="
    charset = "ISO-8859-1" if kind < 0.6 and all(ord(c) < 256 for c in text) else "UTF-8"
    raw = text.encode("latin-1" if charset == "ISO-8859-1" else "utf-8")
    body = "".join(
        "_" if b == 32 else chr(b) if chr(b).isalnum() and b < 128 else f"={b:02X}" for b in raw
    )
    return f"=?{charset}?Q?{body}?="


def _token(rng: random.Random, n: int) -> str:
    return base64.b64encode(rng.randbytes(n * 3 // 4 + 3)).decode()[:n]


def _fold(value: str, width: int = 76) -> str:
    return "\r\n\t".join(value[i : i + width] for i in range(0, len(value), width))


class Generator:
    def __init__(self, seed: int = 1) -> None:
        rng = self.rng = random.Random(seed)
        self.people = []
        for i in range(4000):
            first, last = rng.choice(FIRST.split(" ")), rng.choice(LAST.split(" "))
            name = f"{first} {last}"
            addr = f"{first}.{last}{i}@example{i % 50}.com".lower().encode("ascii", "ignore")
            self.people.append((_encode(name, rng) if rng.random() < 0.5 else f'"{name}"', addr))
        self.paragraphs = []
        for _ in range(400):
            words = " ".join(rng.choices(WORDS.split(" "), k=rng.randrange(20, 120)))
            lines = [words[i : i + 72] for i in range(0, len(words), 72)]
            roll = rng.random()
            if roll < 0.19:
                lines = ["> " + x for x in lines]
            elif roll < 0.23:
                lines[0] = ">From " + lines[0]  # was "From ", escaped as Gmail does
            elif roll < 0.25:
                lines[0] = ">From " + lines[0]
            self.paragraphs.append("\r\n".join(lines) + "\r\n\r\n")
        blob = base64.encodebytes(rng.randbytes(160_000)).decode().replace("\n", "\r\n")
        self.blob = blob
        self.n = 0

    def _addr(self, person: tuple[str, bytes]) -> str:
        return f"{person[0]} <{person[1].decode()}>"

    def message(self, ts: int) -> str:
        rng, self.n = self.rng, self.n + 1
        thrid = (ts * 1000 << 20) | rng.getrandbits(20)
        t = time.gmtime(ts)
        clock = f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
        stamp = f"{DAYS[t.tm_wday]}, {t.tm_mday} {MONTHS[t.tm_mon - 1]} {t.tm_year} {clock}"
        sent = rng.random() < 0.35
        bulk = not sent and rng.random() < 0.08
        sender = f"Camille Laurent <{OWNER}>" if sent else self._addr(rng.choice(self.people))
        to = [self._addr(p) for p in rng.sample(self.people, rng.choice((1, 1, 1, 2, 3, 5, 12)))]
        if not sent:
            to[0] = f"Camille Laurent <{OWNER}>"
        labels = (
            "Sent"
            if sent
            else rng.choice(
                (
                    "Inbox,Opened",
                    "Archived,Category Updates,Opened",
                    "Inbox,Important,Ouvert",
                    "=?UTF-8?Q?Bo=C3=AEte_de_r=C3=A9ception,Non_lus?=",
                    "Category Promotions,Unread",
                )
            )
        )
        h = [
            f"From {thrid}@xxx {DAYS[t.tm_wday]} {MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} "
            f"{clock} +0000 {t.tm_year}",
            f"X-GM-THRID: {thrid}",
            f"X-Gmail-Labels: {labels}",
            f"Delivered-To: {OWNER}",
        ]
        for _ in range(rng.randrange(2, 7)):
            h.append(
                f"Received: from mail-{_token(rng, 8)}.google.com (mail.example.com. "
                f"[209.85.{rng.randrange(256)}.{rng.randrange(256)}])\r\n        by mx.google.com"
                f" with SMTPS id {_token(rng, 40)}\r\n        for <{OWNER}>;\r\n        {stamp} "
                "-0800 (PST)"
            )
        h.append(
            "ARC-Seal: i=1; a=rsa-sha256; t=1700000000; cv=none;\r\n        d=google.com; "
            "s=arc-20160816;\r\n        b=" + _fold(_token(rng, 340))
        )
        h.append(
            "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com;\r\n"
            "        h=to:subject:message-id:date:from:mime-version:dkim-signature;\r\n"
            f"        bh={_token(rng, 44)};\r\n        b=" + _fold(_token(rng, 340))
        )
        h.append(
            "ARC-Authentication-Results: i=1; mx.google.com;\r\n       dkim=pass "
            f"header.i=@example.com header.s=s1 header.b={_token(rng, 8)};\r\n       spf=pass"
            " (google.com: domain designates 209.85.220.41 as permitted sender)"
        )
        if rng.random() < 0.7:
            h.append(
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; "
                "s=s1;\r\n        h=mime-version:from:date:message-id:subject:to;\r\n"
                f"        bh={_token(rng, 44)};\r\n        b=" + _fold(_token(rng, 340))
            )
        h += ["MIME-Version: 1.0", f"From: {sender}", f"Date: {stamp} +0100"]
        h.append(f"Message-ID: <{_token(rng, 30).replace('/', 'x')}.{self.n}@mail.gmail.com>")
        subject = " ".join(rng.choices(WORDS.split(" "), k=rng.randrange(2, 9)))
        if rng.random() < 0.15:
            subject = _encode(subject.capitalize(), rng)
        h.append(f"Subject: {subject}")
        h.append("To: " + ",\r\n ".join(to))
        if rng.random() < 0.3:
            h.append("Cc: " + ",\r\n ".join(self._addr(p) for p in rng.sample(self.people, 2)))
        if rng.random() < 0.4:
            ref = f"<{_token(rng, 20).replace('/', 'x')}@mail.gmail.com>"
            h += [f"In-Reply-To: {ref}", f"References: {ref}"]
        if bulk:
            h += ["List-Unsubscribe: <mailto:u@news.example.com>", "Precedence: bulk"]
        size = int(min(20_000, max(1_000, rng.lognormvariate(math.log(4_000), 0.8))))
        body, length = [], 0
        while length < size:
            para = rng.choice(self.paragraphs)
            body.append(para)
            length += len(para)
        if rng.random() < 0.1:
            boundary = f"000000000000{_token(rng, 12).replace('/', 'x')}"
            h.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
            n = int(math.exp(rng.uniform(math.log(2_000), math.log(150_000)))) // 78 * 78
            off = rng.randrange(0, len(self.blob) - n) // 78 * 78
            text = "".join(body)
            return (
                "\r\n".join(h) + f"\r\n\r\n--{boundary}\r\nContent-Type: text/plain; "
                f'charset="UTF-8"\r\n\r\n{text}--{boundary}\r\nContent-Type: application/pdf; '
                f'name="doc.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
                f"{self.blob[off : off + n]}--{boundary}--\r\n\r\n"
            )
        h.append('Content-Type: text/plain; charset="UTF-8"')
        return "\r\n".join(h) + "\r\n\r\n" + "".join(body)


def generate(path: Path, size: int) -> None:
    gen = Generator()
    tmp = path.with_suffix(".part")
    written, ts = 0, 1_400_000_000
    with tmp.open("wb") as fh:
        while written < size:
            batch = []
            for _ in range(500):
                ts += gen.rng.randrange(60, 4000)
                batch.append(gen.message(ts))
            data = "".join(batch).encode("utf-8")
            fh.write(data)
            written += len(data)
    tmp.replace(path)


# --- methods (each run in its own process) ------------------------------------------------------


def run_raw(path: str) -> dict:
    n = 0
    with open(path, "rb", buffering=0) as fh:
        while chunk := fh.read(8 << 20):
            n += len(chunk)
    return {"messages": 0, "bytes": n}


def run_stdlib(path: str) -> dict:
    import mailbox

    n = 0
    for msg in mailbox.mbox(path, create=False):
        _ = [msg[h] for h in HEADERS]
        n += 1
    return {"messages": n}


def run_scan(path: str, workers: int | None) -> dict:
    from liens.importers.formats.mbox_scan import map_ranges

    n = found = 0
    for _newlines, items in map_ranges(path, os.path.getsize(path), "raw", workers):
        n += len(items)
        found += sum(len(pairs) for _line, _first, pairs in items)
    return {"messages": n, "headers": found}


def run_parse(path: str, workers: int | None, infer: bool) -> dict:
    from liens.importers.base import ImportContext, InteractionBatch
    from liens.importers.formats.mbox import parse_mbox

    context = ImportContext() if infer else ImportContext(my_emails=frozenset({OWNER}))
    records = errors = excluded = parts = 0
    for part in parse_mbox(Path(path), context, workers=workers):
        parts += 1
        records += sum(len(r) for r in part.records if isinstance(r, InteractionBatch))
        errors += len(part.errors)
        excluded += sum(part.excluded.values())
    return {
        "messages": records + errors + excluded,
        "records": records,
        "errors": errors,
        "excluded": excluded,
        "parts": parts,
    }


def run_import(path: str, infer: bool) -> dict:
    from common import fresh_liens

    database = Path(tempfile.mkdtemp(prefix="liens-bench-")) / "liens.sqlite3"
    owner = fresh_liens(database)
    from liens.importers.services import import_path
    from liens.people.services import me_update
    from liens.ties.services import ties_recompute

    begin = time.perf_counter()
    if not infer:
        me_update(owner=owner, emails=(OWNER,))
    summary = import_path(owner=owner, path=Path(path))
    imported = time.perf_counter()
    ties_recompute(owner=owner)
    excluded = sum(summary.excluded.values())
    return {
        "messages": summary.interactions_added + summary.skipped + excluded,
        "records": summary.interactions_added,
        "identities": summary.identities_added,
        "excluded": excluded,
        "errors": summary.skipped,
        "ties_s": round(time.perf_counter() - imported, 2),
        "db_mib": round(database.stat().st_size / 2**20),
        "begin": begin,
        "end": imported,
    }


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids = [int(x) for x in fh.read().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *_descendants(kid)]
    return found


def _tree(
    root: int, cpu: dict[int, float], rss_of: dict[int, int], with_pss: bool = True
) -> tuple[int, int]:
    """(RSS of root, PSS of root and all its descendants) in KiB, from /proc; records the CPU
    seconds and the peak RSS of every process of the tree in `cpu` and `rss_of`. PSS shares
    each page among the processes mapping it, so the forked workers' common pages are not
    counted twice: the sum is the memory the import takes from the machine. Reading it walks
    every page table (~5 ms of CPU for an import's processes), so it is asked for less often
    than the rest (0.1 ms)."""
    own = total = 0
    for pid in [root, *_descendants(root)]:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            pss = 0
            if with_pss:
                with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                    pss = next(int(line.split()[1]) for line in fh if line.startswith(b"Pss:"))
        except (OSError, StopIteration):
            continue
        rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        own = rss if pid == root else own
        total += pss
        ticks = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        cpu[pid] = max(cpu.get(pid, 0.0), ticks)
        rss_of[pid] = max(rss_of.get(pid, 0), rss)
    return own, total


def child(method: str, path: str, workers: int | None) -> None:
    """Runs one method and prints its result; the parent measures its memory from outside,
    so no sampling thread takes the GIL from the code being timed."""
    start = time.perf_counter()
    if method == "raw":
        result = run_raw(path)
    elif method == "stdlib":
        result = run_stdlib(path)
    elif method == "scan":
        result = run_scan(path, workers)
    elif method in ("import", "import-infer"):
        result = run_import(path, infer=method == "import-infer")
    else:
        result = run_parse(path, workers, infer=method == "infer")
    result["seconds"] = result.pop("end", time.perf_counter()) - result.pop("begin", start)
    print(json.dumps(result))


def measure(cmd: list[str]) -> dict:
    """Run a child, sampling its process tree every 50 ms (PSS every 500 ms: sampling it every
    50 ms took 6% of the two cores from the import measured): peak RSS of the child, peak PSS
    summed over it and its workers, CPU seconds of all of them. Memory stays flat while a
    mailbox streams, so the coarser PSS sampling still finds its peak."""
    peak = [0, 0]
    cpu: dict[int, float] = {}
    rss_of: dict[int, int] = {}
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:  # noqa: S603
        samples = 0
        while proc.poll() is None:
            own, total = _tree(proc.pid, cpu, rss_of, with_pss=samples % 10 == 0)
            peak[0], peak[1] = max(peak[0], own), max(peak[1], total)
            samples += 1
            time.sleep(0.05)
        out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode:
        raise SystemExit(f"{cmd[3]} failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    others = [v for pid, v in rss_of.items() if pid != proc.pid]
    result["worker_rss_mib"] = round(max(others, default=0) / 1024)
    result["cpu_s"] = round(sum(cpu.values()), 2)
    result["rss_mib"] = peak[0] / 1024
    result["tree_pss_mib"] = peak[1] / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G", help="1G, 4G or a byte count")
    parser.add_argument("--file", help="an existing mbox instead of the generated one")
    parser.add_argument("--methods", default="raw,stdlib,scan,parse,import")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.workers)
        return
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = args.size.upper().rstrip("B")
    size = int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)
    if args.file:
        path = Path(args.file)
    else:
        path = Path(tempfile.gettempdir()) / "liens-bench" / f"takeout-{args.size}.mbox"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            print(f"generating {path} ...", flush=True)
            start = time.perf_counter()
            generate(path, size)
            print(f"  {time.perf_counter() - start:.1f} s", flush=True)
    mb = path.stat().st_size / 1e6
    print(f"{path}: {mb:,.0f} MB, workers={args.workers or 'auto'}, cores={os.cpu_count()}")
    run_raw(str(path))  # warm the page cache
    methods = args.methods.split(",")
    # Round by round, every method once a round: a machine whose speed drifts (a shared host)
    # then slows all methods alike, and the ratios stay true.
    measured: dict[str, list[dict]] = {method: [] for method in methods}
    for round_ in range(1, args.repeat + 1):
        for method in methods:
            cmd = [sys.executable, __file__, "--child", method, str(path)]
            if args.workers:
                cmd += ["--workers", str(args.workers)]
            measured[method].append(measure(cmd))
            seconds = measured[method][-1]["seconds"]
            print(f"  round {round_}/{args.repeat}: {method} {seconds:.2f} s", flush=True)
    rows, stdlib_speed = [], None
    for method, runs in measured.items():
        secs = statistics.median(r["seconds"] for r in runs)
        r = dict(runs[0])  # counts are the same in every run; memory is the worst seen
        for key in ("rss_mib", "tree_pss_mib", "worker_rss_mib"):
            r[key] = max(x[key] for x in runs)
        speed = mb / secs
        if method == "stdlib":
            stdlib_speed = speed
        rows.append((method, secs, speed, r, [x["seconds"] for x in runs]))
        shown = ("seconds", "rss_mib", "tree_pss_mib", "messages")
        extra = {k: v for k, v in r.items() if k not in shown}
        extra["load"] = round(os.getloadavg()[0], 1)
        print(
            f"{method:12} {secs:8.2f} s {speed:9.1f} MB/s {r['messages'] / secs:10,.0f} msg/s "
            f"rss {r['rss_mib']:4.0f} MiB, pss with workers {r['tree_pss_mib']:4.0f} MiB {extra}",
            flush=True,
        )
    if stdlib_speed:
        print("\nratio to mailbox.mbox:")
        for method, _secs, speed, _r, runs in rows:
            print(f"  {method:12} {speed / stdlib_speed:6.1f}x   runs {runs}")
    _targets(rows, stdlib_speed)


def _targets(rows: list[tuple], stdlib_speed: float | None) -> None:
    """The issue's targets, each said met or not, from this run's own figures."""
    checks = []  # (target, figure, met)
    for method, secs, speed, r, _runs in rows:
        ratio = speed / stdlib_speed if stdlib_speed else None
        if method == "scan" and ratio:
            checks.append(("scan >= 15x mailbox.mbox", f"{ratio:.1f}x", ratio >= 15))
        if method == "import":
            if ratio:
                checks.append(("import >= 5x mailbox.mbox", f"{ratio:.1f}x", ratio >= 5))
            rate = r["messages"] / secs
            figure = f"{rate:,.0f}"
            if ratio:  # messages/s follows the host's speed; so does mailbox.mbox's
                needed = 20_000 / (rate / ratio)
                figure += f"; here that takes {needed:.1f}x mailbox.mbox"
            checks.append(("import >= 20,000 messages/s", figure, rate >= 20_000))
        if method not in ("raw", "stdlib"):
            mb = r["tree_pss_mib"] * 2**20 / 1e6
            checks.append((f"{method}: memory < 300 MB", f"{mb:.0f} MB", mb < 300))
    if checks:
        print("\ntargets:")
    for target, figure, met in checks:
        print(f"  {target:30} {'met' if met else 'NOT met':8} ({figure})")


if __name__ == "__main__":
    main()
