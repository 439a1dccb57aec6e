"""Peak memory of `memokg run -j 2` in run folders of 1,000 to 10,000 memos, without extracting them all.

Usage: python benchmarks/bench_memory.py [--sizes 1000,5000,10000] [--seed 116] [--new 48] [--work DIR]
           [--json FILE]

What grows with the archive in the run's parent process is what it does with the whole folder: the memo files,
records.jsonl, the graph and every export written from the store (the records of the engine's batches come
and go). So each folder here is made from a real run: `--seed` memos of an archive (benchmarks/archive.py) are
extracted once with `memokg run -j 2`, and their records are copied into the store of every folder until it
holds N (copy k of a record gets its own id, input path and sha256, as archive.py gives copy k of a memo its
own reference and bytes: the same entities and relations, one more memo of evidence each). Then the measured
command, `python -m pipeline run NEW -o FOLDER -j 2 -q` with `--new` memos the folder does not hold, extracts
those on two workers and rewrites every output of the folder; psutil samples the parent's and each worker's
resident memory every 0.2 s (bench_scale.Sampler). The real run at `--seed` memos is reported as well.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import make_archive  # noqa: E402
from bench_scale import ROOT, run_memokg  # noqa: E402

from pipeline.run import STORE_NAME, Store  # noqa: E402


def seed_rows(folder: Path) -> list[tuple[str, str, str, str, str]]:
    """(path, sha256, pipeline_key, memo_id, record line) of every record of a run folder's store."""
    with sqlite3.connect(folder / STORE_NAME) as db:
        return db.execute("SELECT path, sha256, pipeline_key, memo_id, record FROM memos ORDER BY path").fetchall()


def fill(folder: Path, rows: list[tuple[str, str, str, str, str]], count: int) -> None:
    """A run folder whose store holds `count` records: the seed's, then copies with their own id, path, sha."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with Store(folder / STORE_NAME) as store:
        for number in range(count):
            path, sha, key, memo_id, line = rows[number % len(rows)]
            copy = number // len(rows)
            if copy:
                record = json.loads(line)
                memo_id = record["id"] = f"{memo_id}-c{copy}"
                path = record["source"]["path"] = f"{Path(path).parent}/copy-{copy}/{Path(path).name}"
                sha = record["source"]["sha256"] = hashlib.sha256(f"{sha}{copy}".encode()).hexdigest()
                line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            store.put_record_text(path, memo_id, sha, line, key)


def main() -> None:
    """Print and save one JSON object: the seed run, then parent and worker peaks per folder size."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--seed", type=int, default=116, help="memos extracted for real (copied up to each size)")
    parser.add_argument("--new", type=int, default=48, help="memos the measured run extracts into each folder")
    parser.add_argument("--work", type=Path, default=Path("/tmp/memokg-bench"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    paths = make_archive(args.seed + args.new, args.work / f"archive-memory-{args.seed + args.new}")
    seed_in, new_in = args.work / "memory-seed-in", args.work / "memory-new-in"
    for target, chosen in ((seed_in, paths[:args.seed]), (new_in, paths[args.seed:])):
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for path in chosen:
            (target / path.name).write_bytes(path.read_bytes())
    seed_out = args.work / "memory-seed-out"
    shutil.rmtree(seed_out, ignore_errors=True)
    figures: dict[str, object] = {"seed": run_memokg(seed_in, seed_out, ["-j", "2"])}
    print(json.dumps(figures), flush=True)
    rows = seed_rows(seed_out)
    for size in map(int, args.sizes.split(",")):
        folder = args.work / f"memory-{size}"
        fill(folder, rows, size - args.new)
        result = run_memokg(new_in, folder, ["-j", "2"])
        figures[str(size)] = result
        print(json.dumps({size: result}), flush=True)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    subprocess.run(["rm", "-rf", str(seed_in), str(new_in)], check=False, cwd=ROOT)


if __name__ == "__main__":
    main()
