"""The pipeline's own login: owner of the warehouse and Airflow databases, never a superuser.

The server's admin (the superuser the server was installed with) is used once, to create or
renew this login and hand it the databases; pipeline, dbt, Great Expectations and the CLI then
run as the owner. It may create schemas in its databases and the region roles (``CREATEROLE``),
and nothing on the server beyond them: no superuser, no ``CREATEDB``, no replication, no
bypassing row-level security of tables it does not own.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from informatiebeeld.warehouse.connection import ConnectionParams

PIPELINE_LOGIN = "informatiebeeld_pipeline"

# Objects of the admin in the project's databases that the owner takes over (a warehouse made
# before the owner existed); sequences that belong to a table move with their table.
_TAKE_OVER = """
do $$
declare
    item record;
begin
    for item in
        select nspname from pg_namespace
        where nspowner = {admin}::regrole and nspname not like 'pg\\_%' and nspname <> 'information_schema'
    loop
        execute format('alter schema %I owner to %I', item.nspname, {owner});
    end loop;
    for item in
        select c.oid::regclass as relation,
               case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                              when 'S' then 'sequence' else 'table' end as kind
        from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
        where c.relowner = {admin}::regrole and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
          and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
          and not exists (
              select from pg_depend as d
              where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))
    loop
        execute format('alter %s %s owner to %I', item.kind, item.relation, {owner});
    end loop;
    for item in
        select p.oid::regprocedure as routine
        from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace
        where p.proowner = {admin}::regrole and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
    loop
        execute format('alter routine %s owner to %I', item.routine, {owner});
    end loop;
end $$
"""


PROJECT_ROLES = """
    select r.rolname from pg_roles as r
    where not r.rolsuper and r.rolname <> %s
      and (r.rolname like 'informatiebeeld\\_%%' or exists (
          select from pg_auth_members as m join pg_roles as g on g.oid = m.roleid
          where m.member = r.oid and g.rolname like 'informatiebeeld\\_%%'))
"""


class SuperuserPipelineError(RuntimeError):
    """The pipeline was configured to run as a superuser."""


def ensure_pipeline_owner(admin: ConnectionParams, owner: ConnectionParams, databases: list[str]) -> None:
    """As the admin: the owner's login (created, or its password renewed) owning ``databases``."""
    if owner.user == admin.user:
        raise SuperuserPipelineError(
            f"the pipeline login {owner.user!r} is the server's admin: give the pipeline a login of its own"
        )
    with psycopg.connect(admin.with_db("postgres").conninfo(), autocommit=True) as conn:
        # Two commands starting at once would update the same catalog rows ("tuple concurrently
        # updated"): one bootstrap at a time, held until the last database is taken over.
        conn.execute("select pg_advisory_lock(hashtext('informatiebeeld.pipeline_owner'))")
        row = conn.execute("select rolsuper from pg_roles where rolname = %s", (owner.user,)).fetchone()
        if row and row[0]:
            raise SuperuserPipelineError(
                f"the pipeline login {owner.user!r} is a superuser: give the pipeline a login that is not"
            )
        conn.execute(
            sql.SQL("{} role {} login nosuperuser nocreatedb createrole noreplication nobypassrls password {}").format(
                sql.SQL("alter" if row else "create"), sql.Identifier(owner.user), sql.Literal(owner.password)
            )
        )
        # The project's roles the admin made earlier (region roles, and the logins in them): the owner
        # administers them from now on. Other roles of a shared server stay out of its reach.
        for (role,) in conn.execute(PROJECT_ROLES, (owner.user,)).fetchall():
            conn.execute(
                sql.SQL("grant {} to {} with admin option").format(sql.Identifier(role), sql.Identifier(owner.user))
            )
        for database in databases:
            conn.execute(
                sql.SQL("alter database {} owner to {}").format(sql.Identifier(database), sql.Identifier(owner.user))
            )
        for database in databases:
            with psycopg.connect(admin.with_db(database).conninfo(), autocommit=True) as in_database:
                take_over = sql.SQL(_TAKE_OVER).format(admin=sql.Literal(admin.user), owner=sql.Literal(owner.user))
                in_database.execute(take_over)


def is_superuser(conn: psycopg.Connection) -> bool:
    row = conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()
    return bool(row and row[0])


def refuse_superuser(conn: psycopg.Connection) -> None:
    """The pipeline does not run as a superuser (it would bypass every grant and row-level policy)."""
    if is_superuser(conn):
        raise SuperuserPipelineError(
            f"the pipeline connects as {conn.info.user!r}, a superuser: run `informatiebeeld warehouse init` with "
            "INFORMATIEBEELD_WAREHOUSE_ADMIN_DSN set to create its own login, and point "
            "INFORMATIEBEELD_WAREHOUSE_DSN at that login"
        )
