{#
    Helpers shared by the staging models.

    latest_delivery(relation, primary_key)
        Deliveries are incremental: a record can arrive again in a later delivery. Keep one row per
        primary key (as declared in the extract contract): the one from the latest _delivery_date,
        then the highest _delivery_id.

    gemeente_code_mapping()
        Every gemeente code that disappeared in a gemeentelijke herindeling (ingangsdatum on or
        before the peildatum), with the code of the gemeente it belongs to now. Chains are followed
        (A merged into B, B later into C: A maps to C). Codes that never changed are not listed:
        join with a left join and coalesce to the delivered code.
#}

{% macro latest_delivery(relation, primary_key) -%}
    select ranked.*
    from (
        select
            {{ relation }}.*,
            row_number() over (
                partition by {{ primary_key | join(', ') }}
                order by _delivery_date desc, _delivery_id desc
            ) as delivery_rank
        from {{ relation }}
    ) as ranked
    where ranked.delivery_rank = 1
{%- endmacro %}

{% macro gemeente_code_mapping() -%}
    with recursive

    herindelingen as (
        select
            oud_gemeente_code,
            nieuw_gemeente_code
        from {{ ref('ref_gemeente_herindelingen') }}
        where ingangsdatum <= {{ peildatum() }}
    ),

    ketens as (
        select
            oud_gemeente_code as gemeente_code_geleverd,
            nieuw_gemeente_code as gemeente_code,
            1 as stappen
        from herindelingen

        union all

        select
            ketens.gemeente_code_geleverd,
            herindelingen.nieuw_gemeente_code as gemeente_code,
            ketens.stappen + 1 as stappen
        from ketens
        inner join herindelingen
            on ketens.gemeente_code = herindelingen.oud_gemeente_code
        -- guard against a cycle in the seed: no real chain is this long
        where ketens.stappen < 25
    ),

    laatste_stap as (
        select
            gemeente_code_geleverd,
            gemeente_code,
            row_number() over (
                partition by gemeente_code_geleverd
                order by stappen desc, gemeente_code asc
            ) as stap_rang
        from ketens
    )

    select
        gemeente_code_geleverd,
        gemeente_code
    from laatste_stap
    where stap_rang = 1
{%- endmacro %}

{#
    Delivered gemeente codes as CBS writes them: GM followed by four digits. A bare number
    (14 or 0014) is accepted and prefixed.
#}
{% macro normalise_gemeente_code(column) -%}
    case
        when trim({{ column }}) ~ '^[0-9]{1,4}$' then 'GM' || lpad(trim({{ column }}), 4, '0')
        else upper(trim({{ column }}))
    end
{%- endmacro %}
