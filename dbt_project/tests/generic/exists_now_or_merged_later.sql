{#
    relationships for a code list with history: every value of the column exists in the current
    list (to.field), or was itself replaced later (it occurs in old_code_column of the same model),
    in which case the next link of the chain is checked by its own row. Usage:

        - name: nieuw_gemeente_code
          data_tests:
            - exists_now_or_merged_later:
                arguments:
                  to: ref('ref_gemeenten')
                  field: gemeente_code
                  old_code_column: oud_gemeente_code
#}
{% test exists_now_or_merged_later(model, column_name, to, field, old_code_column) %}

    with

    child as (

        select {{ column_name }} as code
        from {{ model }}
        where {{ column_name }} is not null

    ),

    current_codes as (

        select {{ field }} as code
        from {{ to }}

    ),

    replaced_codes as (

        select {{ old_code_column }} as code
        from {{ model }}

    ),

    final as (

        select child.code
        from child
        where
            not exists (select 1 from current_codes where current_codes.code = child.code)
            and not exists (select 1 from replaced_codes where replaced_codes.code = child.code)

    )

    select * from final

{% endtest %}
