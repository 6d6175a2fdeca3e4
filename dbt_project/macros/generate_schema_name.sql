{#
    Schema per region and layer: <var region>_<custom schema>, e.g. noord_nederland_marts.
    Nodes without a custom schema fall back to the target schema (never <region>_staging or the
    like by accident). The project vars are checked here because dbt calls this macro for every
    node while parsing, so a wrong --vars fails before any SQL runs.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- do validate_project_vars() -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ var('region') | trim }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
