{#
    The combination of the given columns is unique in the model (the grain of a table with a
    composite key). Usage:

        data_tests:
          - unique_combination_of_columns:
              arguments:
                combination_of_columns: [gemeente_code, thema_code, jaar]
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with

grouped as (

    select
        {{ combination_of_columns | join(', ') }},
        count(*) as aantal_rijen
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}

),

final as (

    select *
    from grouped
    where aantal_rijen > 1

)

select * from final

{% endtest %}
