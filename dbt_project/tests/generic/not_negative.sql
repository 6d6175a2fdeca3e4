{#
    The column holds no negative values (counts and amounts). Null passes; test not_null_columns separately.
#}
{% test not_negative(model, column_name) %}

    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < 0

{% endtest %}
