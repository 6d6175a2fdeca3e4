"""The ``informatiebeeld`` command: what engineers use outside Airflow, and what ``make demo`` runs."""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType

from informatiebeeld.config.contracts import ConfigError, load_contracts, load_regions
from informatiebeeld.config.paths import landing_dir, state_dir
from informatiebeeld.config.private import open_private, private_dir
from informatiebeeld.orchestration.manifest import build_manifest
from informatiebeeld.privacy.keys import MissingKeyError
from informatiebeeld.warehouse.connection import ConnectionParams, WarehouseUnreachable, connect
from informatiebeeld.warehouse.embedded import EmbeddedWarehouse, resolve
from informatiebeeld.warehouse.locks import ConcurrentRunError

log = logging.getLogger("informatiebeeld")

DEMO_REGIONS = ["noord_nederland"]


def _date(text: str) -> date:
    return date.fromisoformat(text)


def _demo_generator() -> ModuleType | None:
    """The demo generator, or None (after a one-line error) where it is not installed, as in the image."""
    try:
        from informatiebeeld_demo import generator
    except ModuleNotFoundError as error:
        if error.name not in ("informatiebeeld_demo", "informatiebeeld_demo.generator"):
            raise
        print(
            "the demo generator (package informatiebeeld_demo) is not installed here; "
            "the production image leaves it out: run the demo from a checkout (make demo)",
            file=sys.stderr,
        )
        return None
    return generator


def cmd_generate(args: argparse.Namespace) -> int:
    demo = _demo_generator()
    if demo is None:
        return 2
    regions = args.regions or sorted(load_regions())
    paths = demo.generate(
        Path(args.landing_dir or landing_dir()),
        args.date,
        regions,
        args.scale,
        args.seed,
        partners=args.partners,
        national=args.national,
    )
    print(f"wrote {len(paths)} deliveries for {len(regions)} region(s) under {args.landing_dir or landing_dir()}")
    return 0


def cmd_warehouse(args: argparse.Namespace) -> int:
    embedded = EmbeddedWarehouse()
    if args.action == "stop":
        embedded.stop()
        print("embedded warehouse stopped")
        return 0
    params = resolve()
    if args.action == "init":
        from informatiebeeld.orchestration import nightly

        admin_dsn = os.environ.get("INFORMATIEBEELD_WAREHOUSE_ADMIN_DSN")
        if admin_dsn:
            from informatiebeeld.warehouse.connection import AIRFLOW_DB, params_from_dsn
            from informatiebeeld.warehouse.owner import ensure_pipeline_owner

            admin = params_from_dsn(admin_dsn)
            with connect(admin.with_db("postgres"), autocommit=True) as conn:
                has_airflow_db = conn.execute("select 1 from pg_database where datname = %s", (AIRFLOW_DB,)).fetchone()
            ensure_pipeline_owner(admin, params, [params.dbname, *([AIRFLOW_DB] if has_airflow_db else [])])
            print(f"pipeline login {params.user} owns database {params.dbname} (not a superuser)")
        nightly.prepare(params)
        print("warehouse initialised")
        return 0
    if os.environ.get("INFORMATIEBEELD_WAREHOUSE_DSN"):
        print(os.environ["INFORMATIEBEELD_WAREHOUSE_DSN"])
    else:
        print(params.public_dsn(embedded.passfile))
    return 0


def cmd_validate_extract(args: argparse.Namespace) -> int:
    from informatiebeeld.ingest.partner import validate_file
    from informatiebeeld.privacy.scrub import safe_path

    path = Path(args.file)
    state, verdict, skipped = validate_file(path, args.partner, args.extract, args.region, args.delivery_date)
    for violation in state.violations:
        print(violation)
    print(
        f"{safe_path(path)}: checked with the checks a night runs (file, header, types, value ranges, "
        "privacy rules, region, delivery date, unique key, share of rejected rows)"
    )
    if skipped:
        print(f"  not checked: {', '.join(skipped)}")
    print(
        f"  {state.rows_read} row(s) read, {len(state.rejected_rows)} rejected, "
        f"{len(state.violations)} violation(s): a night would say {verdict!r}"
    )
    return 0 if not state.violations else 1


def cmd_run(args: argparse.Namespace) -> int:
    from informatiebeeld.orchestration import nightly
    from informatiebeeld.publish.gate import GateFailed
    from informatiebeeld.publish.publication import NotAudited

    params = resolve()
    try:
        run_id = f"cli__{args.region}__{args.date}"
        summary = nightly.run_region(params, args.region, args.date, run_id=run_id, documents=args.documents)
    except (GateFailed, NotAudited) as error:  # the night's result, not a crash: say what failed
        print(error, file=sys.stderr)
        print(f"nothing published; `informatiebeeld status --region {args.region}` has the summary", file=sys.stderr)
        return 5
    print(json.dumps(summary, indent=2, default=str))
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:
    """Past nights of one region through the same steps as `run`, oldest first; stops at the first
    night that does not publish (the next would build on it)."""
    from datetime import timedelta

    from informatiebeeld.orchestration import nightly
    from informatiebeeld.publish.gate import GateFailed
    from informatiebeeld.publish.publication import NotAudited

    if args.to_date < args.from_date or args.every < 1:
        print("--to must not be before --from, and --every is at least 1 day", file=sys.stderr)
        return 2
    nights = [
        args.from_date + timedelta(days=n) for n in range(0, (args.to_date - args.from_date).days + 1, args.every)
    ]
    if nights[-1] != args.to_date:
        nights.append(args.to_date)
    params = resolve()
    latest = _latest_published_night(params, args.region)
    if latest is not None and args.to_date < latest and not args.allow_older:
        print(
            f"{args.region} publishes the night of {latest}; a backfill up to {args.to_date} would replace it "
            f"with an older picture. Run up to {latest} or later, or pass --allow-older and run the current "
            "night again afterwards.",
            file=sys.stderr,
        )
        return 2
    for night in nights:
        try:
            summary = nightly.run_region(params, args.region, night, run_id=f"cli__{args.region}__{night}")
        except (GateFailed, NotAudited) as error:
            print(error, file=sys.stderr)
            print(f"backfill stopped at {night}: nothing published for it or after it", file=sys.stderr)
            return 5
        except Exception:
            print(f"backfill stopped at {night}: nothing published for it or after it", file=sys.stderr)
            raise
        print(f"{night}: {summary['rows_loaded']} rows loaded, published {len(summary['published'] or [])} table(s)")
    if latest is not None and args.to_date < latest:
        print(f"{args.region} now publishes the night of {args.to_date}, older than {latest}: run the current night")
    return 0


def _latest_published_night(params: ConnectionParams, region: str) -> date | None:
    from informatiebeeld.warehouse import ledger

    with connect(params) as conn:
        ledger.ensure_meta(conn)
        row = conn.execute(
            "select max(run_date) from meta.run_summaries where region = %s and succeeded", (region,)
        ).fetchone()
    return row[0] if row else None


def cmd_national(args: argparse.Namespace) -> int:
    """The LIEC picture from the regions' published marts, as the national DAG builds it."""
    from informatiebeeld.publish.publication import publish_national

    counts = publish_national(resolve(), run_id=f"cli__national__{args.date}")
    print(f"liec_published: {len(counts)} table(s), {sum(counts.values())} row(s) from the published regions")
    return 0


def airflow_command(
    params: ConnectionParams, *airflow_args: str, log_name: str | None = None, follow_dag: str | None = None
) -> None:
    """Run an airflow command with the local environment; with log_name, its output goes to a log file;
    with follow_dag, each task of that DAG's run is reported as it finishes."""
    from informatiebeeld.orchestration.airflow_env import airflow_environment
    from informatiebeeld.orchestration.progress import start_following

    env = {**os.environ, **airflow_environment(params)}
    command = [str(Path(sys.executable).parent / "airflow"), *airflow_args]
    if log_name is None:
        subprocess.run(command, env=env, check=True)
        return
    log_path = state_dir() / "logs" / f"{log_name}.log"
    private_dir(log_path.parent)
    following = start_following(params, follow_dag, _say) if follow_dag else None
    try:
        with open_private(log_path, "w", encoding="utf-8") as log_file:
            completed = subprocess.run(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    finally:
        if following:
            following[1].set()
            following[0].join(timeout=30)
    if completed.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-60:]
        print("\n".join(tail), file=sys.stderr)
        print(f"airflow {' '.join(airflow_args)} failed; full log: {log_path}", file=sys.stderr)
        raise subprocess.CalledProcessError(completed.returncode, command)
    print(f"  ok; log: {log_path}")


def _say(line: str) -> None:
    print(line, flush=True)


def cmd_manifest(args: argparse.Namespace) -> int:
    print(f"wrote {build_manifest()}")
    return 0


def cmd_airflow(args: argparse.Namespace) -> int:
    airflow_command(resolve(), *args.airflow_args)
    return 0


def print_deliveries(params: ConnectionParams, regions: list[str]) -> None:
    with connect(params) as conn:
        rows = conn.execute(
            """select region, status, count(*), coalesce(sum(rows_loaded), 0) from meta.load_ledger
               where region = any(%s) group by region, status order by region, status""",
            (regions,),
        ).fetchall()
    print("\nDeliveries (load ledger):")
    for region, status, files, loaded in rows:
        print(f"  {region:<24} {status:<12} {files:>4} file(s) {loaded:>8} row(s) loaded")


def print_published(params: ConnectionParams) -> None:
    from informatiebeeld.publish.publication import published_counts

    counts = published_counts(params)
    print("\nPublished marts (rows):")
    for schema, tables in counts.items():
        for table, rows in tables.items():
            print(f"  {schema + '.' + table:<60} {rows:>8}")
    if not counts:
        print("  (nothing published yet)")


def print_connect_help(params: ConnectionParams) -> None:
    passfile = EmbeddedWarehouse().passfile
    print("\nConnect to the warehouse:")
    if os.environ.get("INFORMATIEBEELD_WAREHOUSE_DSN"):
        print('  psql "$INFORMATIEBEELD_WAREHOUSE_DSN"')
        return
    print(f"  psql '{params.public_dsn(passfile)}'")
    print(f"  host 127.0.0.1, port {params.port}, database {params.dbname}, user {params.user},")
    print(f"  password in {passfile} (libpq passfile format)")


def cmd_demo(args: argparse.Namespace) -> int:
    demo = _demo_generator()
    if demo is None:
        return 2
    params = resolve()
    print(f"warehouse: {params.public_dsn()}")
    regions = sorted(load_regions()) if args.regions == ["all"] else args.regions
    paths = demo.generate(landing_dir(), args.date, sorted(load_regions()), args.scale, args.seed)
    print(f"generated {len(paths)} partner deliveries for all ten regions, delivery date {args.date}")
    build_manifest()
    print("preparing the Airflow metadata database", flush=True)
    airflow_command(params, "db", "migrate", log_name="airflow-db-migrate")
    for dag_id in [*(f"informatiebeeld_{r}" for r in regions), "informatiebeeld_liec_nationaal"]:
        print(f"airflow dags test {dag_id} {args.date}", flush=True)
        airflow_command(params, "dags", "test", dag_id, args.date.isoformat(), log_name=f"{dag_id}-{args.date}",
                        follow_dag=dag_id)  # fmt: skip
    print_deliveries(params, regions)
    print_published(params)
    print_where_to_look(params, regions[0])
    return 0


def print_where_to_look(params: ConnectionParams, region: str) -> None:
    """The end of the demo: the portal, the Airflow UI, and a login as an analyst (not the superuser)."""
    from informatiebeeld.documents.portal import HOST, airflow_ui_url

    login, passfile = demo_analyst_login(params, region)
    analyst = replace(params, user=login, password="")
    print("\nThe informatiebeelden, dbt docs and Data Docs, in one portal:")
    print(f"  make portal        then open http://{HOST}:8765/")
    print("The Airflow UI (the regional DAGs, their runs and task logs):")
    print(f"  make airflow-ui    then open {airflow_ui_url()} (local login: every user is admin)")
    print(f"Connect as an analyst of {region} (reads only {region}_published):")
    print(f"  psql '{analyst.public_dsn(passfile)}'")


def demo_analyst_login(params: ConnectionParams, region: str) -> tuple[str, Path]:
    """A demo login in the region's analyst role, its password in a passfile of its own."""
    import secrets

    from informatiebeeld.config.private import write_private
    from informatiebeeld.warehouse import roles

    login = f"demo_analist_{region}"
    password = secrets.token_urlsafe(24)
    with connect(params, autocommit=True) as conn:
        roles.ensure_login(conn, login, roles.analyst_role(region), password)
    passfile = write_private(state_dir() / "warehouse" / f"pgpass-{login}", f"*:*:*:{login}:{password}\n")
    return login, passfile


def cmd_summary(args: argparse.Namespace) -> int:
    params = resolve()
    print_published(params)
    print_connect_help(params)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    params = resolve()
    from informatiebeeld.warehouse import ledger

    with connect(params, autocommit=True) as conn:
        ledger.ensure_meta(conn)
        rows = conn.execute(
            """select region, run_id, run_date, succeeded, summary from (
                   select *, row_number() over (partition by region order by recorded_at desc) as recency
                   from meta.run_summaries where %s::text is null or region = %s
               ) as latest where recency <= %s order by region, recorded_at desc""",
            (args.region, args.region, args.last),
        ).fetchall()
    if not rows:
        print("no runs recorded yet")
        return 0
    for region, run_id, run_date, succeeded, summary in rows:
        state = "published" if succeeded else "NOT PUBLISHED"
        print(f"{region}  {run_date}  {state}  run {run_id}")
        print(f"  files: {summary['files']}  rows loaded {summary['rows_loaded']}, rejected {summary['rows_rejected']}")
        for item in summary["quarantined"]:
            print(f"  quarantined: {item['file']}  report: {item['report']}")
        gate = summary["gate"]
        failed = sorted(name for name, passed in gate.items() if not passed)
        print(f"  gate: {len(gate) - len(failed)} of {len(gate)} checks passed" if gate else "  gate: not run")
        if failed:
            print(f"  failed checks: {', '.join(failed)}")
        for failure in summary["gate_failures"]:
            print(f"  gate failure: {failure}")
        print(f"  stale partners: {', '.join(summary['stale_partners']) or 'none'}")
    return 0


def cmd_inzage(args: argparse.Namespace) -> int:
    """AVG inzage: the identifiers are read from standard input (never the command line or history)."""
    import getpass

    from informatiebeeld.governance import inzage
    from informatiebeeld.orchestration.connections import pseudonym_key

    if sys.stdin.isatty():
        print("Give what the person handed over; leave empty what you do not have.")
        typed = [f"{kind}: {getpass.getpass(f'{label}: ')}" for kind, label in inzage.ASKED.items()]
        lines = [line for line in typed if line.split(":", 1)[1].strip()]
    else:
        lines = sys.stdin.read().splitlines()
    try:
        request = inzage.parse_request(lines)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    params = resolve()
    with connect(params, autocommit=True) as conn:
        try:
            result = inzage.find(conn, args.region, request, pseudonym_key(args.region), args.requested_by)
        except (ValueError, inzage.NotAuthorised) as error:
            print(error, file=sys.stderr)
            return 1
    print(
        f"Inzage {args.region} (looked for: {', '.join(sorted({kind for kind, _ in request}))}): "
        f"{result.record_count} record(s) "
        f"in {len(result.records)} delivery(s), {sum(h.rows for h in result.meta)} bookkeeping row(s), "
        f"{len(result.files)} file(s)"
    )
    for hit in result.records:
        print(
            f"  record  {hit.delivery_date}  {hit.partner}/{hit.extract}  {hit.file_name}  {hit.status}"
            f"  {hit.records} record(s)  by {', '.join(hit.matched_on)}"
        )
    for meta_hit in result.meta:
        print(f"  meta    {meta_hit.table}  {meta_hit.rows} row(s)")
    for file_hit in result.files:
        print(f"  file    {file_hit.path}  {file_hit.lines} line(s)  by {', '.join(file_hit.matched_on)}")
    return 0


def cmd_rotate_key(args: argparse.Namespace) -> int:
    from informatiebeeld.governance import rotation
    from informatiebeeld.orchestration.connections import pseudonym_key
    from informatiebeeld.privacy.keys import next_key

    params = resolve()
    with connect(params, autocommit=True) as conn:
        try:
            result = rotation.rotate_region_key(conn, args.region, pseudonym_key(args.region), next_key(args.region))
        except rotation.RotationBlocked as error:
            print(error, file=sys.stderr)
            return 1
    print(
        f"{result.region}: {result.deliveries} deliveries, {result.rows} rows re-pseudonymised from key version "
        f"{result.old_version} to {result.new_version}.\nNow switch connection "
        f"informatiebeeld_pseudonym_{result.region} to the new key (extra key_version {result.new_version}) "
        "before the next night."
    )
    return 0


def cmd_privacy_rules(args: argparse.Namespace) -> int:
    from informatiebeeld.privacy.rules import rules_table

    print(rules_table())
    return 0


def cmd_check_config(args: argparse.Namespace) -> int:
    contracts, regions = load_contracts(), load_regions()
    extracts = sum(len(c.extracts) for c in contracts.values())
    print(f"{len(regions)} regions, {len(contracts)} partners, {extracts} extracts: configuration is valid")
    return 0


def cmd_export_jaarverslag(args: argparse.Namespace) -> int:
    from informatiebeeld.publish.export import export_jaarverslag

    try:
        paths = export_jaarverslag(resolve(), args.year, Path(args.out), args.schema)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


def cmd_rapport(args: argparse.Namespace) -> int:
    """Documents by hand, the same the nightly task writes."""
    from informatiebeeld.documents.published import NothingPublished
    from informatiebeeld.documents.render import render_national, render_region

    out_root = Path(args.out) if args.out else None
    try:
        with connect(resolve(), autocommit=True) as conn:
            if args.region == "landelijk":
                rendered = render_national(conn, out_root=out_root, want_pdf=not args.no_pdf)
            else:
                rendered = render_region(conn, args.region, args.year, args.gemeente, args.thema, out_root,
                                         want_pdf=not args.no_pdf)  # fmt: skip
    except (NothingPublished, LookupError) as error:
        print(error.args[0] if error.args else error, file=sys.stderr)
        return 1
    print(f"{len(rendered.html)} documents in {rendered.folder} (index.html)")
    print(f"PDF: {len(rendered.pdf)}" + (f" ({rendered.pdf_skipped})" if rendered.pdf_skipped else ""))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from informatiebeeld.documents.portal import serve

    serve(args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="informatiebeeld", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    generate = sub.add_parser("generate", help="write demo partner deliveries into the landing area")
    generate.add_argument("--date", type=_date, default=date.today(), help="delivery date (default today)")
    scale = generate.add_mutually_exclusive_group()
    scale.add_argument("--scale", type=float, default=1.0, help="multiplies every region's volumes (default 1)")
    scale.add_argument(
        "--national",
        type=float,
        metavar="FRACTION",
        help="that fraction of a national night instead (1: ~5M politie incidenten and ~2.5M Handelsregister "
        "mutaties over the ten regions, each region by its inwoners, the other extracts in proportion)",
    )
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument("--regions", nargs="*", help="region codes (default all)")
    generate.add_argument("--partners", nargs="*", help="partner codes (default all)")
    generate.add_argument("--landing-dir", help="default: <state>/landing")
    generate.set_defaults(func=cmd_generate)

    wh = sub.add_parser("warehouse", help="the warehouse: dsn (start if needed), init, stop")
    wh.add_argument("action", choices=["dsn", "init", "stop"])
    wh.set_defaults(func=cmd_warehouse)

    run = sub.add_parser("run", help="run a region's nightly steps without Airflow (for debugging)")
    run.add_argument("--region", required=True, choices=sorted(load_regions()))
    run.add_argument("--date", type=_date, default=date.today())
    run.add_argument("--documents", action="store_true", help="also render documents and dbt docs, as the DAG does")
    run.set_defaults(func=cmd_run)

    backfill = sub.add_parser("backfill", help="run a region's nightly steps for past dates, oldest first")
    backfill.add_argument("--region", required=True, choices=sorted(load_regions()))
    backfill.add_argument("--from", dest="from_date", type=_date, required=True)
    backfill.add_argument("--to", dest="to_date", type=_date, required=True)
    backfill.add_argument("--every", type=int, default=1, help="days between nights (default 1; --to always runs)")
    backfill.add_argument(
        "--allow-older",
        action="store_true",
        help="let the last night be older than the one published now (its picture replaces the newer one)",
    )
    backfill.set_defaults(func=cmd_backfill)

    national = sub.add_parser("national", help="build liec_published from the regions' published marts")
    national.add_argument("--date", type=_date, default=date.today(), help="the night it stands for (run id)")
    national.set_defaults(func=cmd_national)

    validate = sub.add_parser("validate-extract", help="check a delivery against its contract, load nothing")
    validate.add_argument("file")
    validate.add_argument("--partner", required=True, choices=sorted(load_contracts()))
    validate.add_argument("--extract", help="extract name (default: from the file name)")
    validate.add_argument("--region", choices=sorted(load_regions()), help="default: from the file's landing folder")
    validate.add_argument("--delivery-date", type=_date, help="default: from the file's landing folder")
    validate.set_defaults(func=cmd_validate_extract)

    demo = sub.add_parser("demo", help="the nightly pipeline on generated data, with a real Airflow run")
    demo.add_argument("--date", type=_date, default=date.today())
    demo.add_argument("--regions", nargs="+", default=DEMO_REGIONS, help="regions to run, or 'all'")
    demo.add_argument("--scale", type=float, default=1.0)
    demo.add_argument("--seed", type=int, default=42)
    demo.set_defaults(func=cmd_demo)

    manifest = sub.add_parser("manifest", help="write dbt_project/target/manifest.json (dbt parse, no database)")
    manifest.set_defaults(func=cmd_manifest)

    summary = sub.add_parser("summary", help="row counts of the published marts and how to connect")
    summary.set_defaults(func=cmd_summary)

    airflow = sub.add_parser("airflow", help="run an airflow command against the local state folder")
    airflow.add_argument("airflow_args", nargs=argparse.REMAINDER)
    airflow.set_defaults(func=cmd_airflow)

    status = sub.add_parser("status", help="what the last nights did per region (loads, quarantine, gate)")
    status.add_argument("--region", choices=sorted(load_regions()))
    status.add_argument("--last", type=int, default=1, help="runs per region (default 1)")
    status.set_defaults(func=cmd_status)

    inzage = sub.add_parser(
        "inzage",
        help="AVG inzage: records, bookkeeping and files concerning a person (identifiers from stdin, one "
        "'kind: value' per line; kinds bsn, name, phone, email, iban, kenteken, address, kvk)",
    )
    inzage.add_argument("--region", required=True, choices=sorted(load_regions()))
    inzage.add_argument("--requested-by", required=True, help="who handles the request (recorded)")
    inzage.set_defaults(func=cmd_inzage)

    rotate = sub.add_parser("rotate-key", help="re-pseudonymise a region's data with a new key, keeping linkage")
    rotate.add_argument("--region", required=True, choices=sorted(load_regions()))
    rotate.set_defaults(func=cmd_rotate_key)

    rules = sub.add_parser("privacy-rules", help="print the privacy rule of every identifier column")
    rules.set_defaults(func=cmd_privacy_rules)

    check = sub.add_parser("check-config", help="validate regions and partner contracts")
    check.set_defaults(func=cmd_check_config)

    export = sub.add_parser("export-jaarverslag", help="write jaarverslag Tabel 1 and 2 of a year as CSV and XLSX")
    export.add_argument("--year", type=int, required=True)
    export.add_argument("--out", required=True, help="folder for the files")
    export.add_argument("--schema", default="liec_published", help="schema to read (default liec_published)")
    export.set_defaults(func=cmd_export_jaarverslag)

    rapport = sub.add_parser("rapport", help="render the informatiebeelden of a region (or 'landelijk') as documents")
    rapport.add_argument("--region", required=True, choices=[*sorted(load_regions()), "landelijk"])
    rapport.add_argument("--gemeente", nargs="+", metavar="GM", help="only these gemeenten (GM codes)")
    rapport.add_argument("--thema", nargs="+", help="only these thema codes")
    rapport.add_argument("--year", type=int, help="default: the year of the peildatum")
    rapport.add_argument("--out", help="default: <state>/documents")
    rapport.add_argument("--no-pdf", action="store_true", help="HTML only")
    rapport.set_defaults(func=cmd_rapport)

    serve = sub.add_parser("serve", help="the local portal on 127.0.0.1: documents, dbt docs, Data Docs")
    serve.add_argument("--port", type=int, default=8765)
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("great_expectations", "py.warnings"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    private_dir(state_dir())
    try:
        return int(args.func(args))
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except WarehouseUnreachable as error:
        print(error, file=sys.stderr)
        return 3
    except MissingKeyError as error:  # no key, a short one, or one a rotation replaced
        print(error, file=sys.stderr)
        return 2
    except ConcurrentRunError as error:
        print(error, file=sys.stderr)
        return 4
    except subprocess.CalledProcessError as error:
        print(
            f"command failed with exit code {error.returncode}: {' '.join(map(str, error.cmd[:4]))}",
            file=sys.stderr,
        )
        return error.returncode or 1


if __name__ == "__main__":
    raise SystemExit(main())
