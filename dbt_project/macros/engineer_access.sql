{#
    Read access of the region's data engineer to everything dbt builds, kept by dbt itself.

    A relation dbt rebuilds loses the grants it had, and publication (which grants in Python) only
    runs after the gate: without this an engineer could not read the models of a run whose gate
    failed, which is exactly when they must debug them. So:

    - dbt_project.yml grants select on every seed, view and table to engineer_role() (+grants);
    - create_engineer_role() (on-run-start) makes sure that role exists before dbt grants to it;
    - grant_engineer_schema_usage(schemas) (on-run-end) grants usage on the schemas the run built
      in: +grants only covers the relations, and select is useless without usage on their schema.

    Analysts get nothing here: they read <region>_published only, granted at publication.
    Both hooks take the advisory lock the Python grants take (include/informatiebeeld/roles.py):
    concurrent grants on the same role or schema fail with "tuple concurrently updated". And both
    commit explicitly: dbt (1.11, postgres) closes the hooks' connection without a commit, so a hook
    without one loses its work. The commit also releases the lock.
#}

{% macro engineer_role() -%}
    informatiebeeld_engineer_{{ var('region') }}
{%- endmacro %}

{% macro create_engineer_role() -%}
    {%- set role = engineer_role() | trim -%}
    begin;
    select pg_advisory_xact_lock(hashtext('informatiebeeld.grants'));
    do $$
    begin
        if not exists (select from pg_roles where rolname = '{{ role }}') then
            create role {{ adapter.quote(role) }} nologin;
        end if;
    end
    $$;
    commit;
{%- endmacro %}

{% macro grant_engineer_schema_usage(schemas) -%}
    {%- set prefix = var('region') ~ '_' -%}
    begin;
    select pg_advisory_xact_lock(hashtext('informatiebeeld.grants'));
    {% for schema in schemas | sort if schema.startswith(prefix) %}
        grant usage on schema {{ adapter.quote(schema) }} to {{ adapter.quote(engineer_role() | trim) }};
    {% endfor %}
    commit;
{%- endmacro %}
