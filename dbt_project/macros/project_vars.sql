{#
    The two run values, in one place.

    region (var region): the RIEC region code. It is the same for every run in a region's target folder.
    peildatum (env var INFORMATIEBEELD_PEILDATUM, YYYY-MM-DD): the reference date of the run, set by the
    DAG and the CLI. It is an env var because it changes every night: dbt parses the whole project again
    when a var changes, and the files that read an env var at parse time when that env var changes. It is
    read only when a node is executed (`execute`), so a new peildatum re-parses nothing. Models use
    {{ peildatum() }} and {{ peiljaar() }} instead of current_date / now(), so a re-run for the same
    date gives the same result.
#}

{% macro peildatum_text() -%}
    {%- if not execute -%}
        {#- Parsing: the SQL is rendered only to find refs and configs, which never depend on the date. -#}
        {{- return('1900-01-01') -}}
    {%- endif -%}
    {%- set peildatum = env_var('INFORMATIEBEELD_PEILDATUM') | string -%}
    {%- if not (peildatum | length == 10 and peildatum[4] == '-' and peildatum[7] == '-'
                and peildatum.replace('-', '').isdigit()) -%}
        {{ exceptions.raise_compiler_error(
            "env var INFORMATIEBEELD_PEILDATUM must be a date as YYYY-MM-DD, got '" ~ peildatum ~ "'"
        ) }}
    {%- endif -%}
    {{- peildatum -}}
{%- endmacro %}

{% macro peildatum() -%}
    cast('{{ peildatum_text() }}' as date)
{%- endmacro %}

{% macro peiljaar() -%}
    cast(extract(year from {{ peildatum() }}) as integer)
{%- endmacro %}

{% macro validate_project_vars() %}
    {%- set region = var('region') | string -%}
    {%- if not (region | length > 0 and region.replace('_', '').isalpha() and region == region | lower) -%}
        {{ exceptions.raise_compiler_error(
            "var region must be a lowercase RIEC region code such as noord_nederland, got '" ~ region ~ "'"
        ) }}
    {%- endif -%}
{% endmacro %}
