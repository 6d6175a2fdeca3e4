-- A casus that ends before it starts counts in no year at all (int_casussen_per_jaar). Warn, so the
-- RIEC can correct the casusregister.
{{ config(severity='warn') }}

with

casussen as (

    select * from {{ ref('stg_riec__casusregister') }}

),

final as (

    select
        casus_nummer,
        startdatum,
        einddatum
    from casussen
    where einddatum < startdatum

)

select * from final
