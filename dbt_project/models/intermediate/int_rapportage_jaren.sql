-- The years an informatiebeeld covers: the peildatum's year and the three years before it.

with

jaren as (

    select cast(jaren.jaar as integer) as jaar
    from generate_series({{ peiljaar() }} - 3, {{ peiljaar() }}) as jaren (jaar)

),

final as (

    select
        jaar,
        jaar = {{ peiljaar() }} as is_lopend_jaar
    from jaren

)

select * from final
