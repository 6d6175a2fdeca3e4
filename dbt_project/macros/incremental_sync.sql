{#
    Incremental models stay identical to what a full refresh would build, also after a purge past
    the bewaartermijn, a key rotation and a corrected re-delivery: a row is rewritten when any of its
    columns differs from staging (a rotation changes every pseudonym while the delivery stays the
    same), and a row whose key left staging (its delivery was purged or superseded) is deleted.
#}

{% macro any_column_differs(columns, new, old) -%}
    {%- set differs = [] -%}
    {%- for column in columns -%}
        {%- do differs.append(new ~ '.' ~ column ~ ' is distinct from ' ~ old ~ '.' ~ column) -%}
    {%- endfor -%}
    ({{ differs | join(' or ') }})
{%- endmacro %}

{% macro delete_rows_gone_from(relation, staging, key) -%}
    delete from {{ relation }} as model
    where not exists (
        select from {{ staging }} as staging
        where staging.{{ key }} = model.{{ key }}
    )
{%- endmacro %}
