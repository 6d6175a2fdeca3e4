-- One row per RIEC-casus and thema: a casus with several thema's counts under each.

with

casussen as (

    select * from {{ ref('stg_riec__casusregister') }}

),

unnested as (

    select
        casussen.casus_nummer,
        trim(casus_themas.thema_code) as thema_code
    from casussen
    cross join lateral unnest(string_to_array(casussen.themas, '|')) as casus_themas (thema_code)

),

final as (

    select distinct
        casus_nummer,
        thema_code
    from unnested
    where thema_code <> ''

)

select * from final
