{#
    None of the listed columns holds a null. One scan of the model for all of them, not one test (and,
    on a view, one evaluation of the view) per column: a night has ~120 fewer dbt nodes. A failing row
    names the column, never a value. Usage:

        data_tests:
          - not_null_columns:
              arguments:
                column_names: [incident_nummer, registratie_datum]
#}
{% test not_null_columns(model, column_names) %}

select checked.column_name
from {{ model }}
cross join lateral unnest(
    array['{{ column_names | join("', '") }}'],
    array[{{ column_names | join(" is null, ") }} is null]
) as checked (column_name, is_null)
where checked.is_null

{% endtest %}
