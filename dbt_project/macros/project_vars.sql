{#
    The two run variables, in one place.

    peildatum: the reference date of the run (YYYY-MM-DD), passed by the DAG. Models use
    {{ peildatum() }} and {{ peiljaar() }} instead of current_date / now(), so a re-run for the same
    date gives the same result.
#}

{% macro peildatum() -%}
    cast('{{ var("peildatum") }}' as date)
{%- endmacro %}

{% macro peiljaar() -%}
    cast(extract(year from {{ peildatum() }}) as integer)
{%- endmacro %}

{% macro validate_project_vars() %}
    {%- set region = var('region') | string -%}
    {%- set peildatum = var('peildatum') | string -%}
    {%- if not (region | length > 0 and region.replace('_', '').isalpha() and region == region | lower) -%}
        {{ exceptions.raise_compiler_error(
            "var region must be a lowercase RIEC region code such as noord_nederland, got '" ~ region ~ "'"
        ) }}
    {%- endif -%}
    {%- if not (peildatum | length == 10 and peildatum[4] == '-' and peildatum[7] == '-'
                and peildatum.replace('-', '').isdigit()) -%}
        {{ exceptions.raise_compiler_error(
            "var peildatum must be a date as YYYY-MM-DD, got '" ~ peildatum ~ "'"
        ) }}
    {%- endif -%}
{% endmacro %}
